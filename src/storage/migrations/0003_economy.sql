-- The economy of a plan (issue 5): net cost frames and their changes, results, budget
-- follow-up, investment frames, requests and property investments, delegation rules and
-- the totals the plan states. Amounts are whole kronor in BIGINT, never floating point.
-- Tables follow 0001: org_id first, keys unique within the plan, references within the
-- organisation.

CREATE TABLE economy_table (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    amount_unit TEXT NOT NULL,
    decimals BIGINT NOT NULL,
    sign_convention TEXT,
    category TEXT,
    claim TEXT,
    note TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    CHECK (kind IN ('net_cost_frame', 'frame_change', 'result', 'budget_follow_up', 'investment_frame', 'investment_request', 'property_investment')),
    CHECK (amount_unit IN ('kr', 'tkr', 'mnkr'))
);

CREATE INDEX economy_table_plan ON economy_table (org_id, plan_id);

CREATE TABLE cost_frame_line (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    table_id BIGINT NOT NULL,
    label TEXT NOT NULL,
    unit_id BIGINT,
    row_group TEXT,
    part_of_id BIGINT,
    opening BIGINT,
    wage_price_index BIGINT,
    increase BIGINT,
    reduction BIGINT,
    reallocation BIGINT,
    stated_closing BIGINT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, table_id) REFERENCES economy_table (org_id, id),
    FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id),
    FOREIGN KEY (org_id, part_of_id) REFERENCES cost_frame_line (org_id, id)
);

CREATE INDEX cost_frame_line_plan ON cost_frame_line (org_id, plan_id);

CREATE TABLE frame_change_line (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    table_id BIGINT NOT NULL,
    description TEXT NOT NULL,
    column_label TEXT NOT NULL,
    unit_id BIGINT,
    frame_line_id BIGINT,
    amount BIGINT NOT NULL,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, table_id) REFERENCES economy_table (org_id, id),
    FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id),
    FOREIGN KEY (org_id, frame_line_id) REFERENCES cost_frame_line (org_id, id)
);

CREATE INDEX frame_change_line_plan ON frame_change_line (org_id, plan_id);

CREATE TABLE result_line (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    table_id BIGINT NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, table_id) REFERENCES economy_table (org_id, id)
);

CREATE INDEX result_line_plan ON result_line (org_id, plan_id);

CREATE TABLE budget_follow_up (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    table_id BIGINT NOT NULL,
    unit_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    point TEXT NOT NULL,
    budget BIGINT NOT NULL,
    outcome BIGINT,
    forecast BIGINT,
    comment TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, table_id) REFERENCES economy_table (org_id, id),
    FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id)
);

CREATE INDEX budget_follow_up_plan ON budget_follow_up (org_id, plan_id);

CREATE TABLE investment_frame_line (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    table_id BIGINT NOT NULL,
    decision_level TEXT NOT NULL,
    unit_id BIGINT,
    row_group TEXT,
    frame_type TEXT NOT NULL,
    amount BIGINT NOT NULL,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, table_id) REFERENCES economy_table (org_id, id),
    FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id)
);

CREATE INDEX investment_frame_line_plan ON investment_frame_line (org_id, plan_id);

CREATE TABLE investment_request (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    table_id BIGINT NOT NULL,
    division TEXT NOT NULL,
    area TEXT,
    unit_id BIGINT,
    name TEXT NOT NULL,
    frame_type TEXT NOT NULL,
    amount BIGINT NOT NULL,
    status TEXT NOT NULL,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, table_id) REFERENCES economy_table (org_id, id),
    FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id),
    CHECK (frame_type IN ('it', 'mt', 'vehicle', 'other_equipment', 'art')),
    CHECK (status IN ('requested', 'approved', 'rejected', 'deferred'))
);

CREATE INDEX investment_request_plan ON investment_request (org_id, plan_id);

CREATE TABLE property_investment (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    table_id BIGINT NOT NULL,
    district TEXT,
    unit_id BIGINT,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    amount BIGINT NOT NULL,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, table_id) REFERENCES economy_table (org_id, id),
    FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id),
    CHECK (kind IN ('new', 'reinvestment'))
);

CREATE INDEX property_investment_plan ON property_investment (org_id, plan_id);

CREATE TABLE delegation_rule (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    frame_types TEXT NOT NULL,
    over_amount BIGINT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_by_unit_id BIGINT,
    source TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, decided_by_unit_id) REFERENCES org_unit (org_id, id)
);

CREATE INDEX delegation_rule_plan ON delegation_rule (org_id, plan_id);

CREATE TABLE economy_total (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    table_id BIGINT NOT NULL,
    label TEXT NOT NULL,
    scope TEXT NOT NULL,
    row_group TEXT,
    row_label TEXT,
    column_label TEXT,
    amount BIGINT NOT NULL,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, table_id) REFERENCES economy_table (org_id, id)
);

CREATE INDEX economy_total_plan ON economy_total (org_id, plan_id);

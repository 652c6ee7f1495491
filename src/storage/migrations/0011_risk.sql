-- Risk assessment and internal control (issue 14, docs/risk.md): the plan's risk
-- matrix settings, risks, internal control plans, control points, the actions risks lead
-- to, control results per reporting point and the actions taken on deviations. Same
-- rules as 0001: org_id first in every key and reference, so nothing crosses
-- organisations and PostgreSQL can distribute by org_id.

CREATE TABLE risk_matrix (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    probability_labels TEXT NOT NULL,
    consequence_labels TEXT NOT NULL,
    action_threshold BIGINT NOT NULL CHECK (action_threshold BETWEEN 1 AND 16),
    below_label TEXT,
    at_or_above_label TEXT,
    origin TEXT NOT NULL,
    note TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE
);

CREATE TABLE risk (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    cause TEXT,
    goal_id BIGINT,
    success_factor_id BIGINT,
    development_area_id BIGINT,
    activity_id BIGINT,
    process TEXT,
    category TEXT,
    owner_unit_id BIGINT,
    probability BIGINT NOT NULL CHECK (probability BETWEEN 1 AND 4),
    consequence BIGINT NOT NULL CHECK (consequence BETWEEN 1 AND 4),
    assessed_date TEXT,
    assessed_by TEXT,
    residual_probability BIGINT CHECK (residual_probability BETWEEN 1 AND 4),
    residual_consequence BIGINT CHECK (residual_consequence BETWEEN 1 AND 4),
    origin TEXT NOT NULL,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, goal_id) REFERENCES goal (org_id, id),
    FOREIGN KEY (org_id, success_factor_id) REFERENCES success_factor (org_id, id),
    FOREIGN KEY (org_id, development_area_id) REFERENCES development_area (org_id, id),
    FOREIGN KEY (org_id, activity_id) REFERENCES activity (org_id, id),
    FOREIGN KEY (org_id, owner_unit_id) REFERENCES org_unit (org_id, id)
);
CREATE INDEX risk_plan ON risk (org_id, plan_id);

CREATE TABLE internal_control_plan (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    owner_unit_id BIGINT,
    decided_date TEXT,
    decided_by TEXT,
    origin TEXT NOT NULL,
    note TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, owner_unit_id) REFERENCES org_unit (org_id, id)
);

CREATE TABLE control_point (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    internal_control_plan_id BIGINT NOT NULL,
    process TEXT NOT NULL,
    risk_id BIGINT,
    control_step TEXT NOT NULL,
    method TEXT,
    frequency TEXT,
    unit_id BIGINT,
    performer TEXT,
    performer_user TEXT,
    reporting_points TEXT NOT NULL,
    report_to TEXT,
    origin TEXT NOT NULL,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, internal_control_plan_id) REFERENCES internal_control_plan (org_id, id),
    FOREIGN KEY (org_id, risk_id) REFERENCES risk (org_id, id),
    FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id)
);
CREATE INDEX control_point_plan ON control_point (org_id, plan_id);

CREATE TABLE risk_action (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    risk_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('activity', 'assignment', 'control_point')),
    activity_id BIGINT,
    assignment_id BIGINT,
    control_point_id BIGINT,
    description TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, risk_id) REFERENCES risk (org_id, id),
    FOREIGN KEY (org_id, activity_id) REFERENCES activity (org_id, id),
    FOREIGN KEY (org_id, assignment_id) REFERENCES assignment (org_id, id),
    FOREIGN KEY (org_id, control_point_id) REFERENCES control_point (org_id, id)
);
CREATE INDEX risk_action_risk ON risk_action (org_id, risk_id);

-- Follow-up of a control point per reporting point, like activity reports: refused while
-- the period is closed unless corrected by a planner or administrator (0006).
CREATE TABLE control_result (
    org_id BIGINT NOT NULL,
    {{id}},
    control_point_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    point TEXT NOT NULL,
    performed TEXT NOT NULL CHECK (performed IN ('done', 'not_done')),
    outcome TEXT CHECK (outcome IN ('no_deviation', 'deviation')),
    comment TEXT,
    reported_by TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, control_point_id, year, point),
    FOREIGN KEY (org_id, control_point_id) REFERENCES control_point (org_id, id) ON DELETE CASCADE
);
CREATE INDEX control_result_period ON control_result (org_id, year, point);

CREATE TABLE deviation_action (
    org_id BIGINT NOT NULL,
    {{id}},
    control_result_id BIGINT NOT NULL,
    description TEXT NOT NULL,
    responsible TEXT NOT NULL,
    owner_unit_id BIGINT,
    due_date TEXT,
    action_status TEXT NOT NULL CHECK (action_status IN ('open', 'in_progress', 'closed')),
    closed_date TEXT,
    comment TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    FOREIGN KEY (org_id, control_result_id) REFERENCES control_result (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, owner_unit_id) REFERENCES org_unit (org_id, id)
);

-- The plan model. One schema for SQLite and PostgreSQL: {{id}} and {{pk}} are the only
-- dialect differences (an auto-assigned id; the primary key). Every table carries the
-- tenant key org_id and every key and reference includes it, so that PostgreSQL can be
-- distributed by org_id (Citus) and no reference can cross organisations.

CREATE TABLE organisation (
    {{id_alone}},
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('region', 'municipality', 'other'))
);

CREATE TABLE org_unit (
    org_id BIGINT NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    {{id}},
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id BIGINT,
    valid_from TEXT,
    valid_to TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, key),
    FOREIGN KEY (org_id, parent_id) REFERENCES org_unit (org_id, id)
);

CREATE TABLE plan (
    org_id BIGINT NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    {{id}},
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    owner_unit_id BIGINT NOT NULL,
    first_year BIGINT NOT NULL,
    last_year BIGINT NOT NULL,
    document_id TEXT,
    version TEXT,
    status TEXT NOT NULL,
    approved_date TEXT,
    responsible TEXT,
    prepared_by TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, key),
    FOREIGN KEY (org_id, owner_unit_id) REFERENCES org_unit (org_id, id),
    CHECK (first_year <= last_year)
);

CREATE TABLE plan_section (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    level BIGINT,
    body TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE
);

CREATE TABLE perspective (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE
);

CREATE TABLE goal (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    text TEXT NOT NULL,
    description TEXT,
    perspective_id BIGINT,
    aliases TEXT NOT NULL,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, perspective_id) REFERENCES perspective (org_id, id)
);

CREATE TABLE assignment (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    kind TEXT NOT NULL,
    given_by_id BIGINT,
    given_to_id BIGINT,
    owner TEXT,
    goal_id BIGINT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, given_by_id) REFERENCES org_unit (org_id, id),
    FOREIGN KEY (org_id, given_to_id) REFERENCES org_unit (org_id, id),
    FOREIGN KEY (org_id, goal_id) REFERENCES goal (org_id, id)
);

CREATE TABLE development_area (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    priorities TEXT NOT NULL,
    desired_effects TEXT NOT NULL,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE
);

CREATE TABLE mission (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    development_area_id BIGINT NOT NULL,
    unit_id BIGINT NOT NULL,
    text TEXT NOT NULL,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, development_area_id) REFERENCES development_area (org_id, id),
    FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id)
);

CREATE TABLE success_factor (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    goal_id BIGINT,
    perspective_id BIGINT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, goal_id) REFERENCES goal (org_id, id),
    FOREIGN KEY (org_id, perspective_id) REFERENCES perspective (org_id, id)
);

CREATE TABLE activity (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    expected_effect TEXT,
    level TEXT NOT NULL,
    owner_unit_id BIGINT,
    development_area_id BIGINT,
    parent_id BIGINT,
    start_date TEXT,
    end_date TEXT,
    sdgs TEXT NOT NULL,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, owner_unit_id) REFERENCES org_unit (org_id, id),
    FOREIGN KEY (org_id, development_area_id) REFERENCES development_area (org_id, id),
    FOREIGN KEY (org_id, parent_id) REFERENCES activity (org_id, id)
);

CREATE TABLE activity_goals (
    org_id BIGINT NOT NULL,
    owner_id BIGINT NOT NULL,
    ref_id BIGINT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (org_id, owner_id, ref_id),
    FOREIGN KEY (org_id, owner_id) REFERENCES activity (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, ref_id) REFERENCES goal (org_id, id)
);
CREATE INDEX activity_goals_ref ON activity_goals (org_id, ref_id);

CREATE TABLE measure (
    org_id BIGINT NOT NULL,
    {{id}},
    plan_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    number TEXT,
    name TEXT NOT NULL,
    description TEXT,
    unit TEXT,
    direction TEXT,
    source TEXT,
    reporting_points TEXT NOT NULL,
    breakdowns TEXT NOT NULL,
    footnotes TEXT NOT NULL,
    goal_id BIGINT,
    success_factor_id BIGINT,
    development_area_id BIGINT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, plan_id, key),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, goal_id) REFERENCES goal (org_id, id),
    FOREIGN KEY (org_id, success_factor_id) REFERENCES success_factor (org_id, id),
    FOREIGN KEY (org_id, development_area_id) REFERENCES development_area (org_id, id)
);

CREATE TABLE measure_target (
    org_id BIGINT NOT NULL,
    {{id}},
    measure_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    year BIGINT,
    point TEXT,
    sex TEXT,
    value DOUBLE PRECISION,
    qualitative TEXT,
    text TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    FOREIGN KEY (org_id, measure_id) REFERENCES measure (org_id, id) ON DELETE CASCADE,
    CHECK ((value IS NULL) <> (qualitative IS NULL))
);

-- Append-only: the application only ever INSERTs here (see storage/audit.cpp).
CREATE TABLE audit_log (
    org_id BIGINT NOT NULL,
    {{id}},
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    remote TEXT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    before TEXT,
    after TEXT,
    {{pk}}
);
CREATE INDEX audit_log_entity ON audit_log (org_id, entity, entity_id);
CREATE INDEX org_unit_parent ON org_unit (org_id, parent_id);
CREATE INDEX activity_parent ON activity (org_id, parent_id);
CREATE INDEX measure_target_measure ON measure_target (org_id, measure_id);

-- Follow-up (issue 4, docs/followup.md): reporting periods, activity reports, outcomes
-- and goal assessments. Same rules as 0001: org_id first in every key and reference.
-- Records without a key are identified by a set of fields in which null counts as a
-- value, hence the COALESCE in the unique indexes (SQLite and PostgreSQL both treat
-- nulls as distinct in a plain UNIQUE constraint).

CREATE TABLE reporting_period (
    org_id BIGINT NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    {{id}},
    year BIGINT NOT NULL,
    point TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    deadline TEXT,
    note TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, year, point)
);

CREATE TABLE activity_report (
    org_id BIGINT NOT NULL,
    {{id}},
    activity_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    point TEXT NOT NULL,
    status TEXT NOT NULL,
    comment TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, activity_id, year, point),
    FOREIGN KEY (org_id, activity_id) REFERENCES activity (org_id, id) ON DELETE CASCADE
);

CREATE TABLE outcome (
    org_id BIGINT NOT NULL,
    {{id}},
    measure_id BIGINT NOT NULL,
    unit_id BIGINT,
    year BIGINT NOT NULL,
    point TEXT NOT NULL,
    sex TEXT,
    age_group TEXT,
    municipality TEXT,
    value DOUBLE PRECISION NOT NULL,
    status TEXT NOT NULL,
    source TEXT,
    note TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    FOREIGN KEY (org_id, measure_id) REFERENCES measure (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id)
);
CREATE UNIQUE INDEX outcome_identity ON outcome (org_id, measure_id, COALESCE(unit_id, 0), year, point,
    COALESCE(sex, ''), COALESCE(age_group, ''), COALESCE(municipality, ''));
CREATE INDEX outcome_period ON outcome (org_id, year, point);

CREATE TABLE goal_assessment (
    org_id BIGINT NOT NULL,
    {{id}},
    goal_id BIGINT NOT NULL,
    unit_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    point TEXT NOT NULL,
    status TEXT NOT NULL,
    analysis TEXT,
    position BIGINT NOT NULL,
    {{pk}},
    UNIQUE (org_id, goal_id, unit_id, year, point),
    FOREIGN KEY (org_id, goal_id) REFERENCES goal (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id)
);

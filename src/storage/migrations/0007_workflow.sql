-- The approval workflow (issue 7, docs/workflow.md). A follow-up report per org unit
-- and reporting period (year and point) carries the state of that unit's follow-up;
-- a plan's state is its own status field, and plan_version links each version of a
-- plan to the one it replaces and remembers who submitted and decided it. The audit
-- log holds every transition with its comment.

CREATE TABLE followup_report (
    org_id BIGINT NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    {{id}},
    unit_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    point TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned')),
    comment TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    submitted_by TEXT,
    submitted_at TEXT,
    decided_by TEXT,
    decided_at TEXT,
    {{pk}},
    UNIQUE (org_id, unit_id, year, point),
    FOREIGN KEY (org_id, unit_id) REFERENCES org_unit (org_id, id) ON DELETE CASCADE
);

-- previous_plan_id has no foreign key: deleting an old (draft) version leaves the
-- newer one without a predecessor rather than refusing the deletion.
CREATE TABLE plan_version (
    org_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    number BIGINT NOT NULL CHECK (number >= 1),
    previous_plan_id BIGINT,
    comment TEXT,
    submitted_by TEXT,
    submitted_at TEXT,
    decided_by TEXT,
    decided_at TEXT,
    PRIMARY KEY (org_id, plan_id),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE
);
CREATE INDEX plan_version_previous ON plan_version (org_id, previous_plan_id);

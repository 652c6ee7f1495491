-- Record versions (issue 18, docs/authoring.md "Versions and conflicts").
--
-- Every record of the plan model carries a version, 1 when created and raised by one
-- on every change (storage/record_store.cpp). A client sends back the version it read
-- (If-Match or the field row_version); a change made from an older version is refused
-- with 409 instead of silently overwriting what someone else saved in between.
-- A new entity table needs the same column: row_version INTEGER NOT NULL DEFAULT 1.
ALTER TABLE organisation ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE org_unit ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE plan ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE plan_section ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE perspective ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE goal ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assignment ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE development_area ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE mission ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE success_factor ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE activity ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE measure ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE measure_target ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reporting_period ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE activity_report ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outcome ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE goal_assessment ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE economy_table ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cost_frame_line ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE frame_change_line ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE result_line ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE budget_follow_up ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE investment_frame_line ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE investment_request ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE property_investment ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE delegation_rule ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE economy_total ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;

-- Review comments on the items of a plan version (docs/authoring.md "Review"): a thread
-- starts on one item (entity + item_id, or the plan itself) and has replies
-- (thread_id); the thread is resolved or reopened as a whole. Written by
-- storage/comment_store.cpp, audited in the same transaction.
CREATE TABLE plan_comment (
    org_id BIGINT NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    {{id}},
    plan_id BIGINT NOT NULL,
    entity TEXT NOT NULL,
    item_id BIGINT NOT NULL,
    thread_id BIGINT,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_by TEXT,
    resolved_at TEXT,
    {{pk}},
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE
);
CREATE INDEX plan_comment_plan ON plan_comment (org_id, plan_id, thread_id);
-- Risk assessment and internal control (0011_risk.sql).
ALTER TABLE risk_matrix ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE risk ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE internal_control_plan ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE control_point ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE risk_action ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE control_result ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE deviation_action ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;

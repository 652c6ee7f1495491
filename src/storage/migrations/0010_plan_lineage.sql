-- Plan versions carry their follow-up (issue 7, docs/workflow.md "Plan versions").
--
-- plan_lineage: where each item of a new plan version was copied from. Written by the
-- copy (storage/plan_copy.cpp) and by the carrying of follow-up at approval
-- (storage/followup_carry.cpp), read when the version is approved to find, for each
-- item of the previous version, the item it became. An item the new version deleted
-- has its row still (its copy_id no longer exists); an item added to the previous
-- version after the copy has none.
CREATE TABLE plan_lineage (
    org_id BIGINT NOT NULL,
    plan_id BIGINT NOT NULL,
    entity TEXT NOT NULL,
    source_id BIGINT NOT NULL,
    copy_id BIGINT NOT NULL,
    PRIMARY KEY (org_id, plan_id, entity, source_id),
    FOREIGN KEY (org_id, plan_id) REFERENCES plan (org_id, id) ON DELETE CASCADE
);

-- A single sign-on under way remembers the client's address, so that one client cannot
-- start sign-ins without end (each stores a pending state until it expires).
ALTER TABLE oidc_login ADD COLUMN remote TEXT;
CREATE INDEX oidc_login_remote ON oidc_login (remote, created_at);

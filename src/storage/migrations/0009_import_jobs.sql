-- Outcome imports as jobs (docs/followup.md, "Import as a job"), kept in the database
-- so that any app server behind a load balancer answers a client's poll, and a job
-- outlives a restart of the server that ran it.
--
-- id is unguessable (random, not a sequence): knowing it is still not enough to read
-- the job (the starter or an administrator only). runner names the server process
-- that holds the job (storage/runner_liveness.hpp); a job left queued or running by a
-- process that is gone is marked 'interrupted' (its import, one transaction, was
-- rolled back with the process). errors is a JSON array of
-- {"row", "column", "sv", "en"}. Finished jobs are deleted after a configurable time.
CREATE TABLE import_job (
    org_id BIGINT NOT NULL,
    id TEXT NOT NULL,
    started_by BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'interrupted')),
    rows_done BIGINT NOT NULL DEFAULT 0,
    rows_total BIGINT,
    imported BIGINT,
    errors TEXT NOT NULL DEFAULT '[]',
    runner TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    updated_at TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (org_id, id),
    UNIQUE (id)
);
CREATE INDEX import_job_state ON import_job (state, finished_at);

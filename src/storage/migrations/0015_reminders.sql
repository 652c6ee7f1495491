-- Reminders of the reporting round (issue 17, docs/reporting-round.md "Påminnelser").
--
-- Users get an e-mail address, the language their mail is written in, and whether they
-- want reminders (returns of their reports are always sent). unsubscribe_token is a
-- random secret put in every reminder's link; it changes nothing but this setting.
ALTER TABLE app_user ADD COLUMN email TEXT;
ALTER TABLE app_user ADD COLUMN language TEXT NOT NULL DEFAULT 'sv';
ALTER TABLE app_user ADD COLUMN reminders BIGINT NOT NULL DEFAULT 1;
ALTER TABLE app_user ADD COLUMN unsubscribe_token TEXT;
CREATE UNIQUE INDEX app_user_unsubscribe ON app_user (unsubscribe_token);

-- The reminder rules of a reporting period: a plan-model record like any other (CRUD,
-- audit, row_version), e.g. 14 and 3 days before the deadline and 1 day after it, and
-- on_return (to the report's author when the report is returned).
CREATE TABLE reminder_rule (
    org_id BIGINT NOT NULL,
    {{id}},
    period_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('before_deadline', 'after_deadline', 'on_return')),
    days BIGINT CHECK (days IS NULL OR days >= 0),
    note TEXT,
    position BIGINT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1,
    {{pk}},
    FOREIGN KEY (org_id, period_id) REFERENCES reporting_period (org_id, id) ON DELETE CASCADE
);
CREATE INDEX reminder_rule_period ON reminder_rule (org_id, period_id);

-- One row per message: the outbox the scheduler fills and any app server drains, and
-- afterwards the log of what was sent (who, when, which rule, message id, result).
-- dedup_key makes "rule R to user U" (or "return of report X at time T") exist once,
-- whichever server plans it first; a server claims a row by moving it from pending to
-- sending with its name and a lease (UPDATE … WHERE state = 'pending': one wins), so
-- no two servers send the same message. A lease that runs out (the server died) makes
-- the row claimable again. state 'skipped': not sent (no address, unsubscribed) but
-- still shown in the person's in-app notifications.
CREATE TABLE reminder_mail (
    org_id BIGINT NOT NULL,
    {{id}},
    dedup_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('before_deadline', 'after_deadline', 'on_return')),
    rule_id BIGINT,
    period_id BIGINT,
    report_id BIGINT,
    unit_id BIGINT,
    user_id BIGINT NOT NULL,
    recipient TEXT,
    language TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_owner TEXT,
    lease_until TEXT,
    message_id TEXT,
    result TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    row_version INTEGER NOT NULL DEFAULT 1,
    {{pk}},
    UNIQUE (org_id, dedup_key)
);
CREATE INDEX reminder_mail_due ON reminder_mail (state, next_attempt_at);
CREATE INDEX reminder_mail_user ON reminder_mail (org_id, user_id);

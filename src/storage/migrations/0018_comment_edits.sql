-- Review comments are changed by their author while the thread is open, and deleted by
-- the author or an administrator over the plan (docs/authoring.md "Review"). A change
-- carries the version read (row_version, as every record); edited_at tells the readers
-- that the text is not the one first written (the audit log keeps every earlier text).
ALTER TABLE plan_comment ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE plan_comment ADD COLUMN edited_at TEXT;

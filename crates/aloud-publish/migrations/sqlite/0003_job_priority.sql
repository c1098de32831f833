-- Jobs someone is waiting on (speech requests) are claimed before queued articles.
ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
DROP INDEX IF EXISTS jobs_queue;
CREATE INDEX jobs_queue ON jobs (status, priority, queued_at);

-- The job becomes its own row: the queue's state (status, attempts, lease, progress,
-- error) moves out of the article, which keeps what the narration is and made.
CREATE TABLE jobs (
    article_id TEXT PRIMARY KEY REFERENCES articles (id),
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until INTEGER,
    progress_done INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    queued_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO jobs (article_id, status, attempts, lease_owner, lease_until, progress_done,
                  progress_total, error, queued_at, updated_at)
SELECT id,
       CASE WHEN status IN ('queued', 'running', 'done', 'failed') THEN status ELSE 'failed' END,
       attempts, lease_owner, lease_until, progress_done, progress_total, error,
       created_at, updated_at
FROM articles;
CREATE INDEX jobs_queue ON jobs (status, queued_at);
DROP INDEX IF EXISTS articles_queue;
ALTER TABLE articles DROP COLUMN status;
ALTER TABLE articles DROP COLUMN attempts;
ALTER TABLE articles DROP COLUMN lease_owner;
ALTER TABLE articles DROP COLUMN lease_until;
ALTER TABLE articles DROP COLUMN progress_done;
ALTER TABLE articles DROP COLUMN progress_total;
ALTER TABLE articles DROP COLUMN error;
CREATE INDEX articles_created ON articles (created_at);
CREATE INDEX articles_publisher ON articles (publisher, created_at);

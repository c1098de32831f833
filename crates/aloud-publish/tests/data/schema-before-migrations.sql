-- A database as releases before versioned migrations left it (the first release's
-- tables, before the lexicon, confidence and review columns), with a few rows.
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source TEXT NOT NULL,
    voice TEXT NOT NULL,
    speed REAL NOT NULL,
    publisher TEXT,
    title TEXT,
    byline TEXT,
    duration_ms INTEGER,
    utterances INTEGER,
    synthesized INTEGER,
    cached INTEGER,
    synth_ms INTEGER,
    progress_done INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    lease_owner TEXT,
    lease_until INTEGER,
    audio_etag TEXT,
    audio_bytes INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_queue ON articles (status, created_at);
CREATE TABLE IF NOT EXISTS feeds (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    publisher TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_polled INTEGER,
    last_error TEXT,
    items INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS feed_items (
    feed_id TEXT NOT NULL,
    item_key TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (feed_id, item_key)
);
CREATE TABLE IF NOT EXISTS listens (
    article_id TEXT NOT NULL,
    session TEXT NOT NULL,
    event TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (article_id, session, event)
);
CREATE TABLE IF NOT EXISTS api_keys (
    hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO articles (id, status, source_kind, source, voice, speed, title, duration_ms,
                      utterances, attempts, audio_etag, audio_bytes, created_at, updated_at)
VALUES ('done1', 'done', 'text', 'An old finished article.', 'en_US-joe-medium', 1.0,
        'Old news', 4200, 2, 1, 'abc123', 1000, 1000, 2000),
       ('queued1', 'queued', 'url', 'https://example.org/story', 'en_US-joe-medium', 1.0,
        NULL, NULL, NULL, 0, NULL, NULL, 3000, 3000),
       ('failed1', 'failed', 'html', '<p>Broken</p>', 'en_US-joe-medium', 1.25,
        NULL, NULL, NULL, 3, NULL, NULL, 4000, 5000);
UPDATE articles SET error = 'no article text found' WHERE id = 'failed1';
INSERT INTO api_keys (hash, name, created_at) VALUES ('00ff', 'newsroom', 1000);
INSERT INTO listens (article_id, session, event, at) VALUES ('done1', 's1', 'start', 6000);

-- The schema as the first releases made it (an article row was also its job). A
-- database made before versioned migrations already has these tables; for it this
-- migration changes nothing.
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
    updated_at INTEGER NOT NULL,
    lexicon TEXT,
    confidence REAL,
    review TEXT
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

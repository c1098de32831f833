-- The whole schema on PostgreSQL (it arrived after the jobs table split, so it starts
-- there). Timestamps are milliseconds since 1970 as 64-bit integers, as on SQLite.
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    source_kind TEXT NOT NULL,
    source TEXT NOT NULL,
    voice TEXT NOT NULL,
    speed DOUBLE PRECISION NOT NULL,
    publisher TEXT,
    lexicon TEXT,
    title TEXT,
    byline TEXT,
    confidence DOUBLE PRECISION,
    review TEXT,
    duration_ms BIGINT,
    utterances BIGINT,
    synthesized BIGINT,
    cached BIGINT,
    synth_ms BIGINT,
    audio_etag TEXT,
    audio_bytes BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX articles_created ON articles (created_at);
CREATE INDEX articles_publisher ON articles (publisher, created_at);
CREATE TABLE jobs (
    article_id TEXT PRIMARY KEY REFERENCES articles (id),
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until BIGINT,
    progress_done BIGINT NOT NULL DEFAULT 0,
    progress_total BIGINT NOT NULL DEFAULT 0,
    error TEXT,
    queued_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_queue ON jobs (status, queued_at);
CREATE TABLE feeds (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    publisher TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_polled BIGINT,
    last_error TEXT,
    items BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE TABLE feed_items (
    feed_id TEXT NOT NULL,
    item_key TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (feed_id, item_key)
);
CREATE TABLE listens (
    article_id TEXT NOT NULL,
    session TEXT NOT NULL,
    event TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (article_id, session, event)
);
CREATE TABLE api_keys (
    hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

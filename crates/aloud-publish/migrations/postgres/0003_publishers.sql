-- Settings a publisher keeps over the API: its default voice (NULL: the deployment's
-- setting applies).
CREATE TABLE publishers (
    name TEXT PRIMARY KEY,
    voice TEXT,
    updated_at BIGINT NOT NULL
);

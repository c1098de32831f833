-- A key may be a publisher's own (it then acts for that publisher only), and a key can
-- be revoked (kept, so listings show it, but no longer accepted).
ALTER TABLE api_keys ADD COLUMN publisher TEXT;
ALTER TABLE api_keys ADD COLUMN revoked_at INTEGER;

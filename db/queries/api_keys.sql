-- API keys as the dashboard lists, makes and rolls them (the keys' own
-- create and lookup are in accounts.sql).

-- name: touch-api-key
-- Records a key's use ($2, the store's clock) at most once a minute.
UPDATE api_keys SET last_used = $2 WHERE key_hash = $1 AND (last_used IS NULL OR last_used < $2 - 60);

-- name: api-key-expired
-- Whether a key is one that expired by $2: an authentication error says so.
SELECT EXISTS (SELECT 1 FROM api_keys WHERE key_hash = $1 AND expires_at <= $2);

-- name: list-api-keys
-- An account's keys that still work at $2: the publishable ones first, then
-- the secret ones, oldest first.
SELECT id, kind, livemode, name, COALESCE(token, '') AS token, COALESCE(last4, '') AS last4, created, expires_at,
    last_used
FROM api_keys
WHERE account_id = $1 AND (expires_at IS NULL OR expires_at > $2)
ORDER BY kind = 'secret', created, id;

-- name: lock-api-key
-- A key of the account that still works at $3, held until the roll commits.
SELECT key_hash, id, kind, livemode, name, COALESCE(token, '') AS token, COALESCE(last4, '') AS last4, created,
    expires_at, last_used
FROM api_keys
WHERE account_id = $1 AND id = $2 AND (expires_at IS NULL OR expires_at > $3)
FOR UPDATE;

-- name: expire-api-key
UPDATE api_keys SET expires_at = $3 WHERE account_id = $1 AND id = $2;

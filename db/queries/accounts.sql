-- name: create-account
INSERT INTO accounts (id, name, created) VALUES ($1, $2, $3);

-- name: find-account
SELECT id, name, created, display_name, logo_url, accent_color, embed_origins FROM accounts WHERE id = $1;

-- name: update-account
UPDATE accounts SET display_name = :display_name, logo_url = :logo_url, accent_color = :accent_color,
    embed_origins = :embed_origins
WHERE id = :id;

-- name: create-api-key
INSERT INTO api_keys (key_hash, account_id, kind, livemode, created) VALUES ($1, $2, $3, $4, $5);

-- name: find-caller-by-key-hash
SELECT account_id, kind, livemode FROM api_keys WHERE key_hash = $1;

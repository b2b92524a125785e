-- name: create-account
INSERT INTO accounts (id, name, created) VALUES ($1, $2, $3);

-- name: find-account
SELECT id, name, created, display_name, logo_url, accent_color, embed_origins, COALESCE(api_version, ''), terms_url
FROM accounts WHERE id = $1;

-- name: lock-account
-- find-account for a change of its settings, which holds the row until the
-- change commits: two changes made at once (of the branding and of the
-- terms, say) both stay.
SELECT id, name, created, display_name, logo_url, accent_color, embed_origins, COALESCE(api_version, ''), terms_url
FROM accounts WHERE id = $1 FOR UPDATE;

-- name: find-account-terms-url
-- A create that asks for consent to terms of service needs them published.
SELECT terms_url FROM accounts WHERE id = $1;

-- name: update-account
-- An empty api_version leaves the version as it is: an update never unpins
-- it, nor loses a pin a request made since the account was read.
UPDATE accounts SET display_name = :display_name, logo_url = :logo_url, accent_color = :accent_color,
    embed_origins = :embed_origins, terms_url = :terms_url, api_version = COALESCE(NULLIF(:api_version, ''), api_version)
WHERE id = :id;

-- name: pin-api-version
-- The first request that sends a Stripe-Version pins its account's version;
-- returns the version the account is pinned to afterwards (its own, if
-- another request pinned it first).
UPDATE accounts SET api_version = COALESCE(api_version, $2) WHERE id = $1 RETURNING api_version;

-- name: create-api-key
-- $8 is a secret key's last four characters, $9 a publishable key itself.
INSERT INTO api_keys (key_hash, account_id, kind, livemode, created, id, name, last4, token)
VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8, ''), NULLIF($9, ''));

-- name: find-caller-by-key-hash
-- A key that expired by the store's clock ($2) authenticates no more.
SELECT k.account_id, k.kind, k.livemode, COALESCE(a.api_version, ''), k.expires_at, k.last_used
FROM api_keys k JOIN accounts a ON a.id = k.account_id
WHERE k.key_hash = $1 AND (k.expires_at IS NULL OR k.expires_at > $2);

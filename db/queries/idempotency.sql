-- name: try-idempotency-lock
-- A transaction-scoped advisory lock on (account, mode, key): a second request
-- with the same key while the first runs finds it taken and gets a 409.
SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0));

-- name: wait-idempotency-lock
-- The same lock, waited for (within lock_timeout) by a request that should
-- get the holder's answer rather than a 409.
SELECT true FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS waited;

-- name: find-idempotency-record
SELECT method, path, fingerprint, request_id, response_status, response_body
FROM idempotency_keys WHERE account_id = $1 AND livemode = $2 AND key = $3;

-- name: create-idempotency-record
INSERT INTO idempotency_keys (account_id, livemode, key, method, path, fingerprint, request_id,
    response_status, response_body, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: prune-idempotency-records
DELETE FROM idempotency_keys WHERE created_at < $1;

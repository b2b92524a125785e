-- The accounts' request logs.

-- name: record-api-requests
-- A batch of requests, as parallel arrays; an empty key is none.
INSERT INTO api_requests (account_id, livemode, request_id, method, path, status, idempotency_key, created)
SELECT r.account_id, r.livemode, r.request_id, r.method, r.path, r.status, NULLIF(r.idempotency_key, ''), r.created
FROM unnest(CAST($1 AS text[]), CAST($2 AS boolean[]), CAST($3 AS text[]), CAST($4 AS text[]), CAST($5 AS text[]),
    CAST($6 AS integer[]), CAST($7 AS text[]), CAST($8 AS bigint[]))
    AS r (account_id, livemode, request_id, method, path, status, idempotency_key, created);

-- name: api-request-seq
SELECT seq FROM api_requests WHERE account_id = $1 AND request_id = $2;

-- name: list-api-requests
-- An account's requests of the mode $2, keyset-paged by seq as
-- dashboard-sessions is: older than $3, or the nearest newer than $4
-- (oldest first, for the caller to turn round); each branch an index scan
-- of (account_id, seq) bounded by its cursor.
(SELECT seq, request_id, method, path, status, COALESCE(idempotency_key, '') AS idempotency_key, created
FROM api_requests
WHERE account_id = $1 AND livemode = $2 AND $4::bigint IS NULL AND seq < COALESCE($3::bigint, 9223372036854775807)
ORDER BY seq DESC
LIMIT $5)
UNION ALL
(SELECT seq, request_id, method, path, status, COALESCE(idempotency_key, '') AS idempotency_key, created
FROM api_requests
WHERE account_id = $1 AND livemode = $2 AND seq > $4::bigint
ORDER BY seq ASC
LIMIT $5);

-- name: search-api-requests
-- An account's requests of one request id or one Idempotency-Key (a
-- request and its retries), newest first; each has its index.
SELECT seq, request_id, method, path, status, COALESCE(idempotency_key, '') AS idempotency_key, created
FROM api_requests
WHERE account_id = $1 AND livemode = $2 AND (request_id = $3 OR idempotency_key = $3)
ORDER BY seq DESC
LIMIT $4;

-- name: prune-api-requests
DELETE FROM api_requests WHERE created < $1;

-- Webhook endpoints and their delivery queue.

-- name: create-webhook-endpoint
INSERT INTO webhook_endpoints (id, account_id, livemode, url, enabled_events, description, metadata, api_version,
    secret, status, created)
VALUES (:id, :account_id, :livemode, :url, :enabled_events, :description, :metadata, :api_version,
    :secret, :status, :created);

-- name: find-webhook-endpoint
SELECT id, account_id, livemode, url, enabled_events, description, metadata, api_version, secret, status, created
FROM webhook_endpoints
WHERE account_id = $1 AND id = $2 AND NOT deleted;

-- name: update-webhook-endpoint
UPDATE webhook_endpoints
SET url = :url, enabled_events = :enabled_events, description = :description, metadata = :metadata,
    status = :status
WHERE account_id = :account_id AND id = :id AND NOT deleted;

-- name: delete-webhook-endpoint
-- A deleted endpoint's pending deliveries are given up with it.
WITH gone AS (
    UPDATE webhook_endpoints SET deleted = true, status = 'disabled'
    WHERE account_id = $1 AND id = $2 AND NOT deleted
    RETURNING id
), dropped AS (
    UPDATE webhook_deliveries SET status = 'failed', locked_until = NULL
    WHERE endpoint_id IN (SELECT id FROM gone) AND status = 'pending'
)
SELECT id FROM gone;

-- name: list-webhook-endpoints
SELECT id, account_id, livemode, url, enabled_events, description, metadata, api_version, secret, status, created
FROM webhook_endpoints
WHERE account_id = $1 AND livemode = $2 AND NOT deleted
  AND ($3::bigint IS NULL OR seq < $3) AND ($4::bigint IS NULL OR seq > $4)
ORDER BY CASE WHEN $4::bigint IS NULL THEN -seq ELSE seq END
LIMIT $5;

-- name: roll-webhook-secret
-- Replaces the signing secret with $3. For $4 seconds (none when $4 is 0)
-- the secret it replaces still signs every delivery too; a secret older
-- than that, from an earlier roll still overlapping, is dropped: an
-- endpoint has at most two valid secrets.
UPDATE webhook_endpoints
SET previous_secret = CASE WHEN $4::float8 > 0 THEN secret END,
    previous_secret_expires_at = CASE WHEN $4::float8 > 0 THEN now() + make_interval(secs => $4::float8) END,
    secret = $3
WHERE account_id = $1 AND id = $2 AND NOT deleted
RETURNING id, account_id, livemode, url, enabled_events, description, metadata, api_version, secret, status, created;

-- name: webhook-endpoint-seq
SELECT seq FROM webhook_endpoints WHERE account_id = $1 AND id = $2 AND NOT deleted;

-- name: create-events
-- Writes a state change's events to the outbox with their deliveries (the
-- insert_events function, migrations 00006 and 00010), in the state change's own
-- transaction. $1 is the events as a JSON array of rows.
SELECT insert_events(CAST($1 AS jsonb));

-- name: create-delivery
-- A resend asked for through the API: a new delivery, due now.
INSERT INTO webhook_deliveries (event_id, endpoint_id) VALUES ($1, $2);

-- name: claim-deliveries
-- Takes up to $2 due deliveries for a lease of $1 seconds and counts the
-- attempt. The claim commits at once; the POST happens outside any
-- transaction, and a worker that dies mid-POST leaves the row to be claimed
-- again when the lease ends (at least once, same event id). The previous
-- secret comes along while a roll's overlap lasts.
UPDATE webhook_deliveries d
SET locked_until = now() + make_interval(secs => $1), attempts = d.attempts + 1
FROM webhook_endpoints w, events e
WHERE d.id IN (
    SELECT dd.id FROM webhook_deliveries dd JOIN webhook_endpoints ww ON ww.id = dd.endpoint_id
    WHERE dd.status = 'pending' AND dd.next_attempt_at <= now()
      AND (dd.locked_until IS NULL OR dd.locked_until <= now())
      AND ww.status = 'enabled' AND NOT ww.deleted
    ORDER BY dd.next_attempt_at
    LIMIT $2
    FOR UPDATE OF dd SKIP LOCKED)
  AND w.id = d.endpoint_id AND e.id = d.event_id
RETURNING d.id, d.attempts, w.id AS endpoint_id, w.url, w.secret,
    CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret END AS previous_secret,
    w.api_version AS endpoint_api_version,
    e.id AS event_id, e.account_id, e.livemode, e.type, e.api_version, e.object_id, e.data, e.request_id,
    e.idempotency_key, e.created;

-- name: finish-delivery
-- Settles an attempt: $3 is the new status, $4 the seconds until the next
-- try. A worker whose lease ran out and whose row another worker claimed
-- since (attempts moved on) changes nothing.
UPDATE webhook_deliveries
SET status = $3, next_attempt_at = now() + make_interval(secs => $4), locked_until = NULL
WHERE id = $1 AND attempts = $2;

-- name: create-webhook-attempt
INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, duration_ms, response, error)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: disable-webhook-endpoint
-- A 410 Gone from the endpoint: it asked not to be called again.
UPDATE webhook_endpoints SET status = 'disabled' WHERE id = $1;

-- The deliveries of webhooks as the dashboard shows them (the view
-- webhook_delivery_log, migration 00024): by event, by endpoint, and the
-- latest failures.

-- name: event-deliveries
-- An event's deliveries, to each endpoint (deleted ones too), oldest first.
SELECT id, event_id, event_type, test, endpoint_id, endpoint_url, endpoint_deleted, status, created, attempts
FROM webhook_delivery_log
WHERE account_id = $1 AND event_id = $2
ORDER BY id;

-- name: endpoint-deliveries
-- An endpoint's latest deliveries ($3 of them), test events' too, newest
-- first.
SELECT id, event_id, event_type, test, endpoint_id, endpoint_url, endpoint_deleted, status, created, attempts
FROM webhook_delivery_log
WHERE account_id = $1 AND endpoint_id = $2 AND NOT endpoint_deleted
ORDER BY id DESC
LIMIT $3;

-- name: failed-deliveries
-- The account's deliveries whose latest attempt failed, retried or given
-- up, to its endpoints of the mode $2, by that attempt's time, newest
-- first ($3 of them); each with that attempt only.
SELECT id, event_id, event_type, test, endpoint_id, endpoint_url, endpoint_deleted, status, created,
    json_build_array(attempts -> -1) AS attempts
FROM webhook_delivery_log
WHERE account_id = $1 AND livemode = $2 AND NOT endpoint_deleted AND status <> 'delivered'
  AND json_array_length(attempts) > 0
ORDER BY (attempts -> -1 ->> 'at')::bigint DESC, id DESC
LIMIT $3;

-- name: create-test-event
-- A test event of the endpoint's account ($2), in the account's API
-- version, with one delivery, to the endpoint ($11), due now.
WITH e AS (
    INSERT INTO events (id, account_id, livemode, type, api_version, object_id, data, request_id, idempotency_key,
        created, test)
    SELECT $1, a.id, $3, $4, COALESCE(a.api_version, $5), $6, CAST($7 AS jsonb), $8, $9, $10, true
    FROM accounts a WHERE a.id = $2
    RETURNING id
)
INSERT INTO webhook_deliveries (event_id, endpoint_id) SELECT id, $11 FROM e RETURNING event_id;

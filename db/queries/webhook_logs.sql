-- The deliveries of webhooks as the dashboard shows them (the view
-- webhook_delivery_log, migration 00024): by event, by endpoint, and the
-- latest failures.

-- name: event-deliveries
-- An event's deliveries, to each endpoint (deleted ones too), oldest first.
SELECT id, event_id, event_type, test, endpoint_id, endpoint_url, endpoint_deleted, status, created, attempts,
    attempt_count, next_attempt
FROM webhook_delivery_log
WHERE account_id = $1 AND event_id = $2
ORDER BY id;

-- name: endpoint-deliveries
-- An endpoint's latest deliveries ($3 of them), test events' too, newest
-- first.
SELECT id, event_id, event_type, test, endpoint_id, endpoint_url, endpoint_deleted, status, created, attempts,
    attempt_count, next_attempt
FROM webhook_delivery_log
WHERE account_id = $1 AND endpoint_id = $2 AND NOT endpoint_deleted
ORDER BY id DESC
LIMIT $3;

-- name: failed-deliveries
-- The account's deliveries that were tried and not delivered (being
-- retried, or given up on), to its endpoints of the mode $2, newest first
-- ($3 of them), each with its latest attempt only. The newest are picked
-- from webhook_deliveries_failing alone, ids only, before anything else is
-- read, so a long outage's thousands of failures cost a sort of their ids.
SELECT l.id, l.event_id, l.event_type, l.test, l.endpoint_id, l.endpoint_url, l.endpoint_deleted, l.status, l.created,
    json_build_array(l.attempts -> -1) AS attempts, l.attempt_count, l.next_attempt
FROM (
    SELECT f.id
    FROM webhook_endpoints fw
    JOIN webhook_deliveries f ON f.endpoint_id = fw.id AND f.status <> 'delivered' AND f.attempts > 0
    WHERE fw.account_id = $1 AND fw.livemode = $2 AND NOT fw.deleted
    ORDER BY f.id DESC
    LIMIT $3
) latest
JOIN webhook_delivery_log l ON l.id = latest.id
ORDER BY l.id DESC;

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

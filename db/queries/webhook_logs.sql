-- The deliveries of webhooks as the dashboard shows them: by event, by
-- endpoint, and the latest failures. Each row carries its attempts, oldest
-- first, as a JSON array.

-- name: event-deliveries
-- An event's deliveries, to each endpoint, oldest first.
SELECT d.id, d.event_id, e.type AS event_type, e.test, d.endpoint_id, w.url AS endpoint_url,
    w.deleted AS endpoint_deleted, d.status, floor(extract(epoch FROM d.created_at))::bigint AS created,
    COALESCE((SELECT json_agg(json_build_object('at', floor(extract(epoch FROM a.attempted_at))::bigint,
        'status_code', COALESCE(a.status_code, 0), 'duration_ms', a.duration_ms, 'response', a.response,
        'error', COALESCE(a.error, '')) ORDER BY a.id)
        FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts
FROM webhook_deliveries d
JOIN events e ON e.id = d.event_id
JOIN webhook_endpoints w ON w.id = d.endpoint_id
WHERE e.account_id = $1 AND d.event_id = $2 AND w.account_id = $1
ORDER BY d.id;

-- name: endpoint-deliveries
-- An endpoint's latest deliveries ($3 of them), test events' too, newest
-- first.
SELECT d.id, d.event_id, e.type AS event_type, e.test, d.endpoint_id, w.url AS endpoint_url,
    w.deleted AS endpoint_deleted, d.status, floor(extract(epoch FROM d.created_at))::bigint AS created,
    COALESCE((SELECT json_agg(json_build_object('at', floor(extract(epoch FROM a.attempted_at))::bigint,
        'status_code', COALESCE(a.status_code, 0), 'duration_ms', a.duration_ms, 'response', a.response,
        'error', COALESCE(a.error, '')) ORDER BY a.id)
        FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts
FROM webhook_endpoints w
JOIN webhook_deliveries d ON d.endpoint_id = w.id
JOIN events e ON e.id = d.event_id
WHERE w.account_id = $1 AND w.id = $2 AND NOT w.deleted
ORDER BY d.id DESC
LIMIT $3;

-- name: failed-deliveries
-- The account's deliveries whose latest attempt failed, retried or given
-- up, to its endpoints of the mode $2, by that attempt's time, newest
-- first ($3 of them); each with that attempt only.
SELECT d.id, d.event_id, e.type AS event_type, e.test, d.endpoint_id, w.url AS endpoint_url,
    w.deleted AS endpoint_deleted, d.status, floor(extract(epoch FROM d.created_at))::bigint AS created,
    json_build_array(json_build_object('at', floor(extract(epoch FROM a.attempted_at))::bigint,
        'status_code', COALESCE(a.status_code, 0), 'duration_ms', a.duration_ms, 'response', a.response,
        'error', COALESCE(a.error, ''))) AS attempts
FROM webhook_endpoints w
JOIN webhook_deliveries d ON d.endpoint_id = w.id AND d.status <> 'delivered'
JOIN events e ON e.id = d.event_id
JOIN LATERAL (SELECT attempted_at, status_code, duration_ms, response, error FROM webhook_attempts
    WHERE delivery_id = d.id ORDER BY id DESC LIMIT 1) a ON true
WHERE w.account_id = $1 AND w.livemode = $2 AND NOT w.deleted
ORDER BY a.attempted_at DESC, d.id DESC
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

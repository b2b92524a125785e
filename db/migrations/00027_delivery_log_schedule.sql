-- +goose Up
-- The delivery log also says how many attempts a delivery has had and when
-- its next is due, so that the dashboard's two lists of failing deliveries
-- (home and Developers) are one query's: the latest attempt alone, with
-- the count and the schedule beside it.
CREATE OR REPLACE VIEW webhook_delivery_log AS
SELECT d.id, d.event_id, e.type AS event_type, e.test, d.endpoint_id, w.account_id, w.livemode,
    w.url AS endpoint_url, w.deleted AS endpoint_deleted, d.status,
    floor(extract(epoch FROM d.created_at))::bigint AS created,
    COALESCE((SELECT json_agg(json_build_object('at', floor(extract(epoch FROM a.attempted_at))::bigint,
        'status_code', COALESCE(a.status_code, 0), 'duration_ms', a.duration_ms, 'response', a.response,
        'error', COALESCE(a.error, '')) ORDER BY a.id)
        FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts,
    d.attempts AS attempt_count, floor(extract(epoch FROM d.next_attempt_at))::bigint AS next_attempt
FROM webhook_deliveries d
JOIN events e ON e.id = d.event_id
JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.account_id = e.account_id;

-- +goose Down
DROP VIEW webhook_delivery_log;
CREATE VIEW webhook_delivery_log AS
SELECT d.id, d.event_id, e.type AS event_type, e.test, d.endpoint_id, w.account_id, w.livemode,
    w.url AS endpoint_url, w.deleted AS endpoint_deleted, d.status,
    floor(extract(epoch FROM d.created_at))::bigint AS created,
    COALESCE((SELECT json_agg(json_build_object('at', floor(extract(epoch FROM a.attempted_at))::bigint,
        'status_code', COALESCE(a.status_code, 0), 'duration_ms', a.duration_ms, 'response', a.response,
        'error', COALESCE(a.error, '')) ORDER BY a.id)
        FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts
FROM webhook_deliveries d
JOIN events e ON e.id = d.event_id
JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.account_id = e.account_id;

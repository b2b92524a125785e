-- The Stripe CLI's listen sessions and what their websockets delivered.

-- name: create-stripecli-session
INSERT INTO stripecli_sessions (websocket_hash, account_id, livemode, device_name, after_seq, created)
SELECT $1, $2, $3, $4, coalesce(max(seq), 0), $5 FROM events WHERE account_id = $2;

-- name: find-stripecli-session
SELECT account_id, livemode, device_name FROM stripecli_sessions WHERE websocket_hash = $1;

-- name: stripecli-pending-events
-- The session's events not yet acknowledged, oldest first.
SELECT e.id, e.account_id, e.livemode, e.type, e.api_version, e.object_id, e.data, e.request_id,
    e.idempotency_key, e.created
FROM stripecli_sessions s
JOIN events e ON e.account_id = s.account_id AND e.livemode = s.livemode AND e.seq > s.after_seq
WHERE s.websocket_hash = $1 AND NOT e.test
  AND NOT EXISTS (SELECT 1 FROM stripecli_deliveries d WHERE d.websocket_hash = $1 AND d.event_id = e.id)
ORDER BY e.seq
LIMIT $2;

-- name: create-stripecli-delivery
INSERT INTO stripecli_deliveries (websocket_hash, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING;

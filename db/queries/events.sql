-- Events: the outbox rows, read back through the API. pending_webhooks counts
-- the deliveries of the event not yet made (nor given up). Test events
-- (an endpoint's "Send test event") are none of the account's.

-- name: find-event
SELECT e.id, e.account_id, e.livemode, e.type, e.api_version, e.object_id, e.data, e.request_id,
    e.idempotency_key, e.created,
    (SELECT count(*) FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending') AS pending_webhooks
FROM events e
WHERE e.account_id = $1 AND e.id = $2 AND NOT e.test;

-- name: list-events
-- $3 is a LIKE pattern made from `type` (its * a wildcard), $4 the `types`
-- list, $12 delivery_success: true keeps the events with no delivery still
-- pending or failed (an event no endpoint wanted counts as delivered), false
-- the others; $13 one object's events (the dashboard's search).
SELECT e.id, e.account_id, e.livemode, e.type, e.api_version, e.object_id, e.data, e.request_id,
    e.idempotency_key, e.created,
    (SELECT count(*) FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending') AS pending_webhooks
FROM events e
WHERE e.account_id = $1 AND e.livemode = $2 AND NOT e.test
  AND ($3::text IS NULL OR e.type LIKE $3) AND ($4::text[] IS NULL OR e.type = ANY ($4))
  AND ($5::bigint IS NULL OR e.created > $5) AND ($6::bigint IS NULL OR e.created >= $6)
  AND ($7::bigint IS NULL OR e.created < $7) AND ($8::bigint IS NULL OR e.created <= $8)
  AND ($9::bigint IS NULL OR e.seq < $9) AND ($10::bigint IS NULL OR e.seq > $10)
  AND ($12::boolean IS NULL OR $12 = NOT EXISTS (
      SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status <> 'delivered'))
  AND ($13::text IS NULL OR e.object_id = $13)
ORDER BY CASE WHEN $10::bigint IS NULL THEN -e.seq ELSE e.seq END
LIMIT $11;

-- name: event-seq
SELECT seq FROM events WHERE account_id = $1 AND id = $2 AND NOT test;

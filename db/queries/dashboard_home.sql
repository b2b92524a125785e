-- The dashboard's home page: an account's figures over its last days.

-- name: home-volume
-- Succeeded payments (a charge that captured money) from $2 to $3 (unix
-- seconds, $2 the start of a UTC day): the number and the captured amount,
-- refunds not taken off, by UTC day and currency, and by currency over the
-- whole period (day NULL). One range of charges_account_captured, read
-- without the table.
SELECT day, currency, sum(amount_captured)::bigint AS gross, count(*) AS count
FROM (
    SELECT $2::bigint + (created - $2::bigint) / 86400 * 86400 AS day, currency, amount_captured
    FROM charges
    WHERE account_id = $1 AND status = 'succeeded' AND captured AND created >= $2 AND created < $3
) c
GROUP BY GROUPING SETS ((day, currency), (currency))
ORDER BY currency, day NULLS FIRST;

-- name: home-sessions
-- Sessions created from $2 to $4 and from $3 (today) to $4, and how many of
-- each have completed: one range of checkout_sessions_account_created, read
-- without the table.
SELECT count(*) FILTER (WHERE created >= $3) AS created_today,
    count(*) FILTER (WHERE created >= $3 AND status = 'complete') AS completed_today,
    count(*) AS created, count(*) FILTER (WHERE status = 'complete') AS completed
FROM checkout_sessions
WHERE account_id = $1 AND created >= $2 AND created < $4;

-- name: latest-failing-deliveries
-- The account's newest webhook deliveries that were tried and not delivered
-- (being retried, or given up on), with their latest attempt. The newest
-- are picked from webhook_deliveries_failing alone, ids only, before
-- anything else is read, so a long outage's thousands of failures cost a
-- sort of their ids.
SELECT e.id AS event_id, e.type AS event_type, w.id AS endpoint_id, w.url, d.status, d.attempts,
    a.attempted_at, COALESCE(a.status_code, 0) AS status_code, COALESCE(a.error, '') AS error, d.next_attempt_at
FROM (
    SELECT f.id
    FROM webhook_endpoints fw
    JOIN webhook_deliveries f ON f.endpoint_id = fw.id AND f.status <> 'delivered' AND f.attempts > 0
    WHERE fw.account_id = $1 AND NOT fw.deleted
    ORDER BY f.id DESC
    LIMIT $2
) latest
JOIN webhook_deliveries d ON d.id = latest.id
JOIN webhook_endpoints w ON w.id = d.endpoint_id
JOIN events e ON e.id = d.event_id
JOIN LATERAL (
    SELECT attempted_at, status_code, error FROM webhook_attempts WHERE delivery_id = d.id ORDER BY id DESC LIMIT 1
) a ON true
ORDER BY d.id DESC;

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

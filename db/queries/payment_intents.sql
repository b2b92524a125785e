-- name: find-payment-intent
SELECT id, account_id, livemode, checkout_session_id, status, amount, amount_received, amount_capturable, currency,
    customer_id, description, capture_method, receipt_email, setup_future_usage, statement_descriptor,
    statement_descriptor_suffix, shipping, metadata, last_payment_error, payment_method_card, canceled_at,
    cancellation_reason, created
FROM payment_intents WHERE account_id = $1 AND id = $2;

-- name: list-payment-intents
SELECT id, account_id, livemode, checkout_session_id, status, amount, amount_received, amount_capturable, currency,
    customer_id, description, capture_method, receipt_email, setup_future_usage, statement_descriptor,
    statement_descriptor_suffix, shipping, metadata, last_payment_error, payment_method_card, canceled_at,
    cancellation_reason, created
FROM payment_intents
WHERE account_id = $1 AND livemode = $2
  AND ($3::text IS NULL OR customer_id = $3)
  AND ($4::bigint IS NULL OR created > $4) AND ($5::bigint IS NULL OR created >= $5)
  AND ($6::bigint IS NULL OR created < $6) AND ($7::bigint IS NULL OR created <= $7)
  AND ($8::bigint IS NULL OR seq < $8) AND ($9::bigint IS NULL OR seq > $9)
ORDER BY CASE WHEN $9::bigint IS NULL THEN -seq ELSE seq END
LIMIT $10;

-- name: payment-intent-seq
SELECT seq FROM payment_intents WHERE account_id = $1 AND id = $2;

-- name: lock-payment-intent
-- An intent held for a change (capture, cancel) until the transaction ends:
-- a concurrent change of it waits here and then decides on what this one
-- left.
SELECT id, account_id, livemode, checkout_session_id, status, amount, amount_received, amount_capturable, currency,
    customer_id, description, capture_method, receipt_email, setup_future_usage, statement_descriptor,
    statement_descriptor_suffix, shipping, metadata, last_payment_error, payment_method_card, canceled_at,
    cancellation_reason, created
FROM payment_intents WHERE account_id = $1 AND id = $2
FOR UPDATE;

-- name: change-payment-intent
-- A held intent's new state ($3, a row as JSON) and its events ($4), in one
-- statement.
WITH changed AS (
    UPDATE payment_intents p
       SET status = r.status, amount_received = r.amount_received, amount_capturable = r.amount_capturable,
           canceled_at = r.canceled_at, cancellation_reason = r.cancellation_reason, metadata = r.metadata
      FROM jsonb_populate_record(NULL::payment_intents, CAST($3 AS jsonb)) r
     WHERE p.account_id = $1 AND p.id = $2
    RETURNING p.id
)
SELECT (SELECT count(*) FROM changed) AS changed, insert_events(CAST($4 AS jsonb)) AS events;

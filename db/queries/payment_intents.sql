-- name: find-payment-intent
SELECT id, account_id, livemode, checkout_session_id, status, amount, amount_received, amount_capturable, currency,
    customer_id, description, capture_method, receipt_email, setup_future_usage, statement_descriptor,
    statement_descriptor_suffix, shipping, metadata, last_payment_error, payment_method_card, canceled_at,
    cancellation_reason, latest_charge_id, created
FROM payment_intents WHERE account_id = $1 AND id = $2;

-- name: list-payment-intents
SELECT id, account_id, livemode, checkout_session_id, status, amount, amount_received, amount_capturable, currency,
    customer_id, description, capture_method, receipt_email, setup_future_usage, statement_descriptor,
    statement_descriptor_suffix, shipping, metadata, last_payment_error, payment_method_card, canceled_at,
    cancellation_reason, latest_charge_id, created
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
-- An intent held for a change (capture, cancel, refund) until the
-- transaction ends, with its latest charge, which only a change of its
-- intent writes: a concurrent change waits here and then decides on what
-- this one left.
SELECT p.id, p.account_id, p.livemode, p.checkout_session_id, p.status, p.amount, p.amount_received,
    p.amount_capturable, p.currency, p.customer_id, p.description, p.capture_method, p.receipt_email,
    p.setup_future_usage, p.statement_descriptor, p.statement_descriptor_suffix, p.shipping, p.metadata,
    p.last_payment_error, p.payment_method_card, p.canceled_at, p.cancellation_reason, p.latest_charge_id, p.created,
    (SELECT to_jsonb(c) FROM charges c WHERE c.id = p.latest_charge_id) AS charge
FROM payment_intents p WHERE p.account_id = $1 AND p.id = $2
FOR UPDATE OF p;

-- name: change-payment-intent
-- A held intent's new state ($3, a row as JSON), its charge's ($5, when
-- it has one) and their events ($4), in one statement.
WITH changed AS (
    UPDATE payment_intents p
       SET status = r.status, amount_received = r.amount_received, amount_capturable = r.amount_capturable,
           canceled_at = r.canceled_at, cancellation_reason = r.cancellation_reason, metadata = r.metadata
      FROM jsonb_populate_record(NULL::payment_intents, CAST($3 AS jsonb)) r
     WHERE p.account_id = $1 AND p.id = $2
    RETURNING p.id
), charge AS (
    UPDATE charges c
       SET captured = r.captured, amount_captured = r.amount_captured, amount_refunded = r.amount_refunded,
           status = r.status
      FROM jsonb_populate_record(NULL::charges, CAST($5 AS jsonb)) r
     WHERE c.account_id = $1 AND c.id = r.id AND c.payment_intent_id = $2
    RETURNING c.id
)
SELECT (SELECT count(*) FROM changed) + (SELECT count(*) FROM charge) AS changed,
    insert_events(CAST($4 AS jsonb)) AS events;

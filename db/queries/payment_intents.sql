-- name: find-payment-intent
SELECT id, account_id, livemode, checkout_session_id, status, amount, amount_received, amount_capturable, currency,
    customer_id, description, capture_method, receipt_email, setup_future_usage, statement_descriptor,
    statement_descriptor_suffix, shipping, metadata, last_payment_error, payment_method_card, canceled_at,
    cancellation_reason, latest_charge_id, authentication_reference, created
FROM payment_intents WHERE account_id = $1 AND id = $2;

-- name: list-payment-intents
SELECT id, account_id, livemode, checkout_session_id, status, amount, amount_received, amount_capturable, currency,
    customer_id, description, capture_method, receipt_email, setup_future_usage, statement_descriptor,
    statement_descriptor_suffix, shipping, metadata, last_payment_error, payment_method_card, canceled_at,
    cancellation_reason, latest_charge_id, authentication_reference, created
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
-- transaction ends: a concurrent change waits here and then decides on
-- what this one left.
SELECT id, account_id, livemode, checkout_session_id, status, amount, amount_received, amount_capturable, currency,
    customer_id, description, capture_method, receipt_email, setup_future_usage, statement_descriptor,
    statement_descriptor_suffix, shipping, metadata, last_payment_error, payment_method_card, canceled_at,
    cancellation_reason, latest_charge_id, authentication_reference, created
FROM payment_intents WHERE account_id = $1 AND id = $2
FOR UPDATE;

-- name: find-payment-parts
-- A held intent's charge ($3; its latest, $4, when '') and a refund of it
-- ($5, when not ''), which only a change of the intent writes. A statement
-- of its own, after the lock: read in the locking statement, they would
-- come from the snapshot taken before it waited for a concurrent change,
-- and miss what that change wrote.
SELECT (SELECT to_jsonb(c) FROM charges c
         WHERE c.account_id = $1 AND c.id = COALESCE(NULLIF($3, ''), $4) AND c.payment_intent_id = $2) AS charge,
       (SELECT to_jsonb(r) FROM refunds r WHERE r.account_id = $1 AND r.id = $5 AND r.payment_intent_id = $2) AS refund;

-- name: change-payment-intent
-- A held intent's new state ($3, a row as JSON), its charge's ($5, when
-- it has one), a refund's ($6, made or changed) and their events ($4), in
-- one statement.
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
), refund AS (
    INSERT INTO refunds (id, account_id, livemode, charge_id, payment_intent_id, amount, currency, status, reason,
        failure_reason, metadata, later_at, later_status, later_failure_reason, reversal, created)
    SELECT r.id, r.account_id, r.livemode, r.charge_id, r.payment_intent_id, r.amount, r.currency, r.status, r.reason,
        r.failure_reason, r.metadata, r.later_at, r.later_status, r.later_failure_reason, r.reversal, r.created
    FROM jsonb_populate_record(NULL::refunds, CAST($6 AS jsonb)) r
    WHERE r.id IS NOT NULL AND r.account_id = $1 AND r.payment_intent_id = $2
    ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, failure_reason = EXCLUDED.failure_reason,
        metadata = EXCLUDED.metadata, later_at = EXCLUDED.later_at, later_status = EXCLUDED.later_status,
        later_failure_reason = EXCLUDED.later_failure_reason
    RETURNING id
)
SELECT (SELECT count(*) FROM changed) + (SELECT count(*) FROM charge) + (SELECT count(*) FROM refund) AS changed,
    insert_events(CAST($4 AS jsonb)) AS events;

-- name: customer-has-paid
-- Whether a customer has a succeeded payment, for promotion codes
-- restricted to first-time transactions.
SELECT EXISTS (SELECT 1 FROM payment_intents
               WHERE account_id = $1 AND customer_id = $2 AND status = 'succeeded') AS paid;

-- name: find-charge
SELECT id, account_id, livemode, payment_intent_id, customer_id, status, amount, amount_captured, amount_refunded,
    captured, currency, description, receipt_email, statement_descriptor, statement_descriptor_suffix, shipping,
    billing_details, payment_method_card, capture_before, outcome, failure_code, failure_message, metadata,
    processor_reference, created
FROM charges WHERE account_id = $1 AND id = $2;

-- name: list-charges
SELECT id, account_id, livemode, payment_intent_id, customer_id, status, amount, amount_captured, amount_refunded,
    captured, currency, description, receipt_email, statement_descriptor, statement_descriptor_suffix, shipping,
    billing_details, payment_method_card, capture_before, outcome, failure_code, failure_message, metadata,
    processor_reference, created
FROM charges
WHERE account_id = $1 AND livemode = $2
  AND ($3::text IS NULL OR customer_id = $3) AND ($4::text IS NULL OR payment_intent_id = $4)
  AND ($5::bigint IS NULL OR created > $5) AND ($6::bigint IS NULL OR created >= $6)
  AND ($7::bigint IS NULL OR created < $7) AND ($8::bigint IS NULL OR created <= $8)
  AND ($9::bigint IS NULL OR seq < $9) AND ($10::bigint IS NULL OR seq > $10)
ORDER BY CASE WHEN $10::bigint IS NULL THEN -seq ELSE seq END
LIMIT $11;

-- name: charge-seq
SELECT seq FROM charges WHERE account_id = $1 AND id = $2;

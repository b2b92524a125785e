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

-- name: find-receipt
-- A charge of any account with what its receipt page shows, in one round
-- trip: its account, and the line items (with their prices) and locale of
-- the session its PaymentIntent paid. The receipt token, a MAC of the
-- charge ID, is the capability, so no account scopes it.
SELECT c.id, c.account_id, c.livemode, c.payment_intent_id, c.customer_id, c.status, c.amount, c.amount_captured,
    c.amount_refunded, c.captured, c.currency, c.description, c.receipt_email, c.statement_descriptor,
    c.statement_descriptor_suffix, c.shipping, c.billing_details, c.payment_method_card, c.capture_before, c.outcome,
    c.failure_code, c.failure_message, c.metadata, c.processor_reference, c.created,
    a.id AS "account.id", a.name AS "account.name", a.created AS "account.created",
    a.display_name AS "account.display_name", a.logo_url AS "account.logo_url",
    a.accent_color AS "account.accent_color", a.embed_origins AS "account.embed_origins",
    s.locale AS session_locale,
    COALESCE((
        SELECT jsonb_agg(jsonb_build_object('item', to_jsonb(li),
            'price', (SELECT to_jsonb(p) FROM prices p WHERE p.id = li.price_id))
            ORDER BY li.position)
        FROM checkout_line_items li WHERE li.session_id = pi.checkout_session_id), '[]') AS items
FROM charges c
JOIN accounts a ON a.id = c.account_id
LEFT JOIN payment_intents pi ON pi.id = c.payment_intent_id
LEFT JOIN checkout_sessions s ON s.id = pi.checkout_session_id
WHERE c.id = $1;

-- The merchant dashboard's lists of payments and customers, beyond the
-- API's: each payment with its latest charge (for its refunds) and the
-- shopper's email from its Checkout Session. A status filter ($2 of
-- dashboard-payment-intents, $3 of search-payment-intents) is
-- dashboard_payment_is's (migration 00023).

-- name: dashboard-payment-intents
-- An account's payments, keyset-paged by seq as dashboard-sessions is: with
-- no cursor or an older-than cursor ($4), newest first; with a newer-than
-- cursor ($5), the nearest newer ones, oldest first (the caller turns them
-- round). $3 keeps one customer's.
(SELECT p.id, p.account_id, p.livemode, p.checkout_session_id, p.status, p.amount, p.amount_received,
    p.amount_capturable, p.currency, p.customer_id, p.description, p.capture_method, p.receipt_email,
    p.setup_future_usage, p.statement_descriptor, p.statement_descriptor_suffix, p.shipping, p.metadata,
    p.last_payment_error, p.payment_method_card, p.canceled_at, p.cancellation_reason, p.latest_charge_id,
    p.authentication_reference, p.created,
    to_jsonb(c) AS latest_charge, COALESCE(s.customer_details->>'email', s.customer_email) AS email
FROM payment_intents p
LEFT JOIN charges c ON c.account_id = p.account_id AND c.id = p.latest_charge_id
LEFT JOIN checkout_sessions s ON s.account_id = p.account_id AND s.id = p.checkout_session_id
WHERE p.account_id = $1 AND $5::bigint IS NULL AND p.seq < COALESCE($4::bigint, 9223372036854775807)
  AND ($3::text IS NULL OR p.customer_id = $3)
  AND dashboard_payment_is($2::text, p, c)
ORDER BY p.seq DESC
LIMIT $6)
UNION ALL
(SELECT p.id, p.account_id, p.livemode, p.checkout_session_id, p.status, p.amount, p.amount_received,
    p.amount_capturable, p.currency, p.customer_id, p.description, p.capture_method, p.receipt_email,
    p.setup_future_usage, p.statement_descriptor, p.statement_descriptor_suffix, p.shipping, p.metadata,
    p.last_payment_error, p.payment_method_card, p.canceled_at, p.cancellation_reason, p.latest_charge_id,
    p.authentication_reference, p.created,
    to_jsonb(c) AS latest_charge, COALESCE(s.customer_details->>'email', s.customer_email) AS email
FROM payment_intents p
LEFT JOIN charges c ON c.account_id = p.account_id AND c.id = p.latest_charge_id
LEFT JOIN checkout_sessions s ON s.account_id = p.account_id AND s.id = p.checkout_session_id
WHERE p.account_id = $1 AND p.seq > $5::bigint
  AND ($3::text IS NULL OR p.customer_id = $3)
  AND dashboard_payment_is($2::text, p, c)
ORDER BY p.seq ASC
LIMIT $6);

-- name: search-payment-intents
-- The dashboard's search of an account's payments ($2): a PaymentIntent's
-- id, a charge's (its intent), or the shopper's email (case aside) or the
-- client_reference_id of its Checkout Session, each found by an index (the
-- primary keys, and the sessions' search indexes). The matches are few, so
-- they are sorted, not scanned in order; paged by seq as
-- dashboard-payment-intents is.
SELECT p.id, p.account_id, p.livemode, p.checkout_session_id, p.status, p.amount, p.amount_received,
    p.amount_capturable, p.currency, p.customer_id, p.description, p.capture_method, p.receipt_email,
    p.setup_future_usage, p.statement_descriptor, p.statement_descriptor_suffix, p.shipping, p.metadata,
    p.last_payment_error, p.payment_method_card, p.canceled_at, p.cancellation_reason, p.latest_charge_id,
    p.authentication_reference, p.created,
    to_jsonb(c) AS latest_charge, COALESCE(s.customer_details->>'email', s.customer_email) AS email
FROM payment_intents p
LEFT JOIN charges c ON c.account_id = p.account_id AND c.id = p.latest_charge_id
LEFT JOIN checkout_sessions s ON s.account_id = p.account_id AND s.id = p.checkout_session_id
WHERE p.account_id = $1
  AND p.id IN (SELECT $2::text
               UNION ALL
               SELECT ch.payment_intent_id FROM charges ch WHERE ch.account_id = $1 AND ch.id = $2
               UNION ALL
               SELECT cs.payment_intent_id FROM checkout_sessions cs
               WHERE cs.account_id = $1 AND cs.payment_intent_id IS NOT NULL
                 AND (lower(COALESCE(cs.customer_details->>'email', cs.customer_email)) = lower($2)
                      OR cs.client_reference_id = $2))
  AND ($4::text IS NULL OR p.customer_id = $4)
  AND dashboard_payment_is($3::text, p, c)
  AND p.seq < COALESCE($5::bigint, 9223372036854775807) AND p.seq > COALESCE($6::bigint, 0)
ORDER BY CASE WHEN $6::bigint IS NULL THEN -p.seq ELSE p.seq END
LIMIT $7;

-- name: search-customers
-- The dashboard's search of an account's live customers by email, whatever
-- its case (the index of (account_id, lower(email), seq)), paged by seq as
-- list-customers is. An id is found by find-customer instead.
SELECT id, account_id, livemode, email, name, phone, description, address, shipping, metadata, created, deleted
FROM customers
WHERE account_id = $1 AND lower(email) = lower($2) AND NOT deleted
  AND seq < COALESCE($3::bigint, 9223372036854775807) AND seq > COALESCE($4::bigint, 0)
ORDER BY CASE WHEN $4::bigint IS NULL THEN -seq ELSE seq END
LIMIT $5;

-- name: expire-due-sessions
-- The sweeper's batch: open sessions past expires_at ($1, unix seconds),
-- at most $2. SKIP LOCKED lets several sweepers take disjoint batches, and
-- the outer status = 'open' (re-checked on the row's latest version) lets
-- exactly one of the sweeper, an expire call or a payment win a session. A
-- session a payment attempt holds waits for its outcome (or its lapse).
UPDATE checkout_sessions SET status = 'expired', payment_version = payment_version + 1
WHERE id IN (
    SELECT id FROM checkout_sessions
    WHERE status = 'open' AND expires_at <= $1 AND (attempt_until IS NULL OR attempt_until <= $1)
    ORDER BY expires_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED)
  AND status = 'open' AND (attempt_until IS NULL OR attempt_until <= $1)
RETURNING id, account_id, livemode, status, payment_status, mode, ui_mode, currency, amount_subtotal, amount_total,
    customer_id, customer_email, customer_creation, customer_details, billing_address_collection,
    client_reference_id, success_url, cancel_url, return_url, redirect_on_completion, locale, submit_type,
    phone_number_collection, payment_method_types, payment_intent_data, payment_intent_id, metadata, created,
    expires_at, completed_at, amount_discount, amount_tax, allow_promotion_codes, discount,
    custom_fields, custom_text, consent_collection, consent, tax_id_collection,
    shipping_address_collection, shipping_options, shipping_rate, amount_shipping, shipping_details;

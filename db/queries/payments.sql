-- name: complete-session
-- Only an open, unexpired session completes, and only once: of several
-- concurrent payments the WHERE clause lets exactly one through.
UPDATE checkout_sessions
   SET status = 'complete', payment_status = CAST(:payment_status AS text), completed_at = CAST(:now AS bigint),
       customer_details = CAST(:customer_details AS jsonb), payment_intent_id = CAST(:payment_intent_id AS text),
       customer_id = CAST(:customer_id AS text)
 WHERE account_id = CAST(:account_id AS text) AND id = CAST(:id AS text) AND status = 'open'
   AND expires_at > CAST(:now AS bigint)
RETURNING id;

-- name: create-payment-intent
INSERT INTO payment_intents (id, account_id, livemode, checkout_session_id, status, amount, amount_received,
    currency, customer_id, description, capture_method, receipt_email, setup_future_usage, statement_descriptor,
    statement_descriptor_suffix, shipping, metadata, last_payment_error, payment_method_card, created)
VALUES (:id, :account_id, :livemode, :checkout_session_id, :status, :amount, :amount_received,
    :currency, :customer_id, :description, :capture_method, :receipt_email, :setup_future_usage,
    :statement_descriptor, :statement_descriptor_suffix, :shipping, :metadata, :last_payment_error,
    :payment_method_card, :created);

-- name: settle-payment-intent
UPDATE payment_intents
   SET status = :status, amount_received = :amount_received, customer_id = :customer_id,
       last_payment_error = :last_payment_error, payment_method_card = :payment_method_card
 WHERE account_id = :account_id AND id = :id;

-- name: attach-payment-intent
-- A declined attempt leaves the session open with its PaymentIntent attached.
UPDATE checkout_sessions SET payment_intent_id = $3
 WHERE account_id = $1 AND id = $2 AND status = 'open';

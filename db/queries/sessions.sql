-- name: create-session
INSERT INTO checkout_sessions (id, account_id, livemode, status, payment_status, mode, ui_mode, currency,
    amount_subtotal, amount_total, customer_id, customer_email, customer_creation, customer_details,
    billing_address_collection, client_reference_id, success_url, cancel_url, return_url,
    redirect_on_completion, locale, submit_type, phone_number_collection, payment_method_types,
    payment_intent_data, payment_intent_id, metadata, created, expires_at, completed_at)
VALUES (:id, :account_id, :livemode, :status, :payment_status, :mode, :ui_mode, :currency,
    :amount_subtotal, :amount_total, :customer_id, :customer_email, :customer_creation, :customer_details,
    :billing_address_collection, :client_reference_id, :success_url, :cancel_url, :return_url,
    :redirect_on_completion, :locale, :submit_type, :phone_number_collection, :payment_method_types,
    :payment_intent_data, :payment_intent_id, :metadata, :created, :expires_at, :completed_at);

-- name: create-line-item
INSERT INTO checkout_line_items (id, session_id, position, price_id, quantity, description, currency,
    amount_subtotal, amount_total, adjustable_quantity)
VALUES (:id, :session_id, :position, :price_id, :quantity, :description, :currency,
    :amount_subtotal, :amount_total, :adjustable_quantity);

-- name: find-session
SELECT id, account_id, livemode, status, payment_status, mode, ui_mode, currency, amount_subtotal, amount_total,
    customer_id, customer_email, customer_creation, customer_details, billing_address_collection,
    client_reference_id, success_url, cancel_url, return_url, redirect_on_completion, locale, submit_type,
    phone_number_collection, payment_method_types, payment_intent_data, payment_intent_id, metadata, created,
    expires_at, completed_at
FROM checkout_sessions WHERE account_id = $1 AND id = $2;

-- name: list-sessions
SELECT id, account_id, livemode, status, payment_status, mode, ui_mode, currency, amount_subtotal, amount_total,
    customer_id, customer_email, customer_creation, customer_details, billing_address_collection,
    client_reference_id, success_url, cancel_url, return_url, redirect_on_completion, locale, submit_type,
    phone_number_collection, payment_method_types, payment_intent_data, payment_intent_id, metadata, created,
    expires_at, completed_at
FROM checkout_sessions
WHERE account_id = $1 AND livemode = $2
  AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR customer_id = $4)
  AND ($5::text IS NULL OR payment_intent_id = $5)
  AND ($6::bigint IS NULL OR created > $6) AND ($7::bigint IS NULL OR created >= $7)
  AND ($8::bigint IS NULL OR created < $8) AND ($9::bigint IS NULL OR created <= $9)
  AND ($10::bigint IS NULL OR seq < $10) AND ($11::bigint IS NULL OR seq > $11)
ORDER BY CASE WHEN $11::bigint IS NULL THEN -seq ELSE seq END
LIMIT $12;

-- name: session-seq
SELECT seq FROM checkout_sessions WHERE account_id = $1 AND id = $2;

-- name: update-session-metadata
UPDATE checkout_sessions SET metadata = $3 WHERE account_id = $1 AND id = $2;

-- name: expire-session
-- Only an open session can expire; the WHERE clause lets exactly one of
-- several concurrent callers (API, sweeper, a late payment) win.
UPDATE checkout_sessions SET status = 'expired' WHERE account_id = $1 AND id = $2 AND status = 'open'
RETURNING id;

-- name: list-line-items
SELECT li.id, li.session_id, li.position, li.quantity, li.description, li.currency, li.amount_subtotal,
    li.amount_total, li.adjustable_quantity,
    p.id AS "price.id", p.account_id AS "price.account_id", p.livemode AS "price.livemode",
    p.product_id AS "price.product_id", p.active AS "price.active", p.currency AS "price.currency",
    p.unit_amount AS "price.unit_amount", p.unit_amount_decimal AS "price.unit_amount_decimal",
    p.nickname AS "price.nickname", p.lookup_key AS "price.lookup_key", p.tax_behavior AS "price.tax_behavior",
    p.metadata AS "price.metadata", p.created AS "price.created"
FROM checkout_line_items li JOIN prices p ON p.id = li.price_id
WHERE li.session_id = $1
  AND ($2::integer IS NULL OR li.position > $2) AND ($3::integer IS NULL OR li.position < $3)
ORDER BY CASE WHEN $3::integer IS NULL THEN li.position ELSE -li.position END
LIMIT $4;

-- name: line-item-position
SELECT position FROM checkout_line_items WHERE session_id = $1 AND id = $2;

-- name: create-event
INSERT INTO events (id, account_id, livemode, type, api_version, object_id, data, request_id, idempotency_key, created)
VALUES (:id, :account_id, :livemode, :type, :api_version, :object_id, :data, :request_id, :idempotency_key, :created);

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

-- name: create-session-at-once
-- The hot path of the API: one statement writes the session with its line
-- items and inline prices and products and, for a request with an
-- Idempotency-Key, claims the key and records the response, so a create costs
-- one round trip and one commit. $1 is the key's lock name (NULL without a
-- key), $2 the idempotency record as JSON and $3 its response body; $4–$7
-- the products, prices, session and line items as JSON.
WITH lock AS (
    SELECT CAST($1 AS text) IS NULL OR pg_try_advisory_xact_lock(hashtextextended(CAST($1 AS text), 0)) AS got
), claim AS (
    INSERT INTO idempotency_keys (account_id, livemode, key, method, path, fingerprint, request_id,
        response_status, response_body, created_at)
    SELECT r.account_id, r.livemode, r.key, r.method, r.path, r.fingerprint, r.request_id, r.response_status,
        CAST($3 AS bytea), r.created_at
    FROM lock, jsonb_populate_record(NULL::idempotency_keys, CAST($2 AS jsonb)) r
    WHERE lock.got AND $2 IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING 1
), proceed AS (
    SELECT CASE WHEN CAST($1 AS text) IS NULL THEN true ELSE EXISTS (SELECT 1 FROM claim) END AS ok
), new_products AS (
    INSERT INTO products (id, account_id, livemode, active, name, description, images, metadata, default_price,
        tax_code, unit_label, url, created, updated)
    SELECT r.id, r.account_id, r.livemode, r.active, r.name, r.description, r.images, r.metadata, r.default_price,
        r.tax_code, r.unit_label, r.url, r.created, r.updated
    FROM proceed, jsonb_populate_recordset(NULL::products, CAST($4 AS jsonb)) r WHERE proceed.ok
), new_prices AS (
    INSERT INTO prices (id, account_id, livemode, product_id, active, currency, unit_amount, unit_amount_decimal,
        nickname, lookup_key, tax_behavior, metadata, created)
    SELECT r.id, r.account_id, r.livemode, r.product_id, r.active, r.currency, r.unit_amount, r.unit_amount_decimal,
        r.nickname, r.lookup_key, r.tax_behavior, r.metadata, r.created
    FROM proceed, jsonb_populate_recordset(NULL::prices, CAST($5 AS jsonb)) r WHERE proceed.ok
), new_session AS (
    INSERT INTO checkout_sessions (id, account_id, livemode, status, payment_status, mode, ui_mode, currency,
        amount_subtotal, amount_total, customer_id, customer_email, customer_creation, customer_details,
        billing_address_collection, client_reference_id, success_url, cancel_url, return_url,
        redirect_on_completion, locale, submit_type, phone_number_collection, payment_method_types,
        payment_intent_data, payment_intent_id, metadata, created, expires_at, completed_at)
    SELECT r.id, r.account_id, r.livemode, r.status, r.payment_status, r.mode, r.ui_mode, r.currency,
        r.amount_subtotal, r.amount_total, r.customer_id, r.customer_email, r.customer_creation, r.customer_details,
        r.billing_address_collection, r.client_reference_id, r.success_url, r.cancel_url, r.return_url,
        r.redirect_on_completion, r.locale, r.submit_type, r.phone_number_collection, r.payment_method_types,
        r.payment_intent_data, r.payment_intent_id, r.metadata, r.created, r.expires_at, r.completed_at
    FROM proceed, jsonb_populate_record(NULL::checkout_sessions, CAST($6 AS jsonb)) r WHERE proceed.ok
), new_items AS (
    INSERT INTO checkout_line_items (id, session_id, position, price_id, quantity, description, currency,
        amount_subtotal, amount_total, adjustable_quantity)
    SELECT r.id, r.session_id, r.position, r.price_id, r.quantity, r.description, r.currency,
        r.amount_subtotal, r.amount_total, r.adjustable_quantity
    FROM proceed, jsonb_populate_recordset(NULL::checkout_line_items, CAST($7 AS jsonb)) r WHERE proceed.ok
)
SELECT (SELECT got FROM lock) AS locked, (SELECT ok FROM proceed) AS created;

-- name: find-session-by-id
-- The checkout page's lookup: the session ID (56 random characters) is the
-- capability, so no account scopes it.
SELECT id, account_id, livemode, status, payment_status, mode, ui_mode, currency, amount_subtotal, amount_total,
    customer_id, customer_email, customer_creation, customer_details, billing_address_collection,
    client_reference_id, success_url, cancel_url, return_url, redirect_on_completion, locale, submit_type,
    phone_number_collection, payment_method_types, payment_intent_data, payment_intent_id, metadata, created,
    expires_at, completed_at
FROM checkout_sessions WHERE id = $1;

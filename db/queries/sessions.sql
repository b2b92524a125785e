-- name: find-session
SELECT id, account_id, livemode, status, payment_status, mode, ui_mode, currency, amount_subtotal, amount_total,
    customer_id, customer_email, customer_creation, customer_details, billing_address_collection,
    client_reference_id, success_url, cancel_url, return_url, redirect_on_completion, locale, submit_type,
    phone_number_collection, payment_method_types, payment_intent_data, payment_intent_id, metadata, created,
    expires_at, completed_at, amount_discount, amount_tax, allow_promotion_codes, discount,
    custom_fields, custom_text, consent_collection, consent, tax_id_collection,
    shipping_address_collection, shipping_options, shipping_rate, amount_shipping, shipping_details
FROM checkout_sessions WHERE account_id = $1 AND id = $2;

-- name: list-sessions
SELECT id, account_id, livemode, status, payment_status, mode, ui_mode, currency, amount_subtotal, amount_total,
    customer_id, customer_email, customer_creation, customer_details, billing_address_collection,
    client_reference_id, success_url, cancel_url, return_url, redirect_on_completion, locale, submit_type,
    phone_number_collection, payment_method_types, payment_intent_data, payment_intent_id, metadata, created,
    expires_at, completed_at, amount_discount, amount_tax, allow_promotion_codes, discount,
    custom_fields, custom_text, consent_collection, consent, tax_id_collection,
    shipping_address_collection, shipping_options, shipping_rate, amount_shipping, shipping_details
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
-- Only an open session can expire, and not while a payment attempt's claim
-- on it is live (at $3): the WHERE clause lets exactly one of several
-- concurrent callers (API, sweeper, a payment) win.
UPDATE checkout_sessions SET status = 'expired', payment_version = payment_version + 1
WHERE account_id = $1 AND id = $2 AND status = 'open' AND (attempt_until IS NULL OR attempt_until <= $3)
RETURNING id;

-- name: list-line-items
SELECT li.id, li.session_id, li.position, li.quantity, li.description, li.currency, li.amount_subtotal,
    li.amount_discount, li.amount_tax, li.amount_total, li.adjustable_quantity, li.tax_rates, li.taxes,
    li.dynamic_tax_rates, li.dynamic_rate,
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

-- name: create-sessions
-- The hot path of the API: one statement writes a batch of sessions with
-- their line items and inline prices and products and, for each request
-- with an Idempotency-Key, claims the key and records the response, so the
-- creates that arrive together share one round trip and one commit. $1 is a
-- JSON array of requests: n (its position), lock (the key's lock name, NULL
-- without a key), record (the idempotency record), body_at and body_len
-- (where its response body lies in $2), session, products, prices and
-- items and shipping_rates (rows as JSON). $2 is the response bodies to record, one after
-- another: one bytea parses much faster than an array of them. A request whose key is held elsewhere or was used
-- before writes nothing; the others are unaffected. A batch never holds
-- one key twice: the same lock taken twice in one transaction would pass.
WITH req AS (
    SELECT r.n, r.lock, r.record, r.body_at, r.body_len, r.session, r.products, r.prices, r.items, r.shipping_rates
    FROM jsonb_to_recordset(CAST($1 AS jsonb)) AS r(n int, lock text, record jsonb, body_at int, body_len int,
        session jsonb, products jsonb, prices jsonb, items jsonb, shipping_rates jsonb)
), locks AS (
    SELECT req.n, req.lock IS NULL OR pg_try_advisory_xact_lock(hashtextextended(req.lock, 0)) AS got
    FROM req
), claim AS (
    INSERT INTO idempotency_keys (account_id, livemode, key, method, path, fingerprint, request_id,
        response_status, response_body, created_at)
    SELECT k.account_id, k.livemode, k.key, k.method, k.path, k.fingerprint, k.request_id, k.response_status,
        substring(CAST($2 AS bytea) FROM req.body_at FOR req.body_len), k.created_at
    FROM req JOIN locks USING (n), jsonb_populate_record(NULL::idempotency_keys, req.record) k
    WHERE locks.got AND req.record IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING account_id, livemode, key
), proceed AS (
    SELECT req.n FROM req WHERE req.lock IS NULL
    UNION ALL
    SELECT req.n FROM req JOIN claim ON claim.account_id = req.record->>'account_id'
        AND claim.livemode = CAST(req.record->>'livemode' AS boolean) AND claim.key = req.record->>'key'
), new_products AS (
    INSERT INTO products (id, account_id, livemode, active, name, description, images, metadata, default_price,
        tax_code, unit_label, url, created, updated)
    SELECT r.id, r.account_id, r.livemode, r.active, r.name, r.description, r.images, r.metadata, r.default_price,
        r.tax_code, r.unit_label, r.url, r.created, r.updated
    FROM req JOIN proceed USING (n), jsonb_populate_recordset(NULL::products, req.products) r
), new_prices AS (
    INSERT INTO prices (id, account_id, livemode, product_id, active, currency, unit_amount, unit_amount_decimal,
        nickname, lookup_key, tax_behavior, metadata, created)
    SELECT r.id, r.account_id, r.livemode, r.product_id, r.active, r.currency, r.unit_amount, r.unit_amount_decimal,
        r.nickname, r.lookup_key, r.tax_behavior, r.metadata, r.created
    FROM req JOIN proceed USING (n), jsonb_populate_recordset(NULL::prices, req.prices) r
), new_shipping_rates AS (
    INSERT INTO shipping_rates (id, account_id, livemode, display_name, amount, currency, currency_options,
        delivery_estimate, tax_behavior, tax_code, active, metadata, created)
    SELECT r.id, r.account_id, r.livemode, r.display_name, r.amount, r.currency, r.currency_options,
        r.delivery_estimate, r.tax_behavior, r.tax_code, r.active, r.metadata, r.created
    FROM req JOIN proceed USING (n), jsonb_populate_recordset(NULL::shipping_rates, req.shipping_rates) r
), new_sessions AS (
    INSERT INTO checkout_sessions (id, account_id, livemode, status, payment_status, mode, ui_mode, currency,
        amount_subtotal, amount_total, customer_id, customer_email, customer_creation, customer_details,
        billing_address_collection, client_reference_id, success_url, cancel_url, return_url,
        redirect_on_completion, locale, submit_type, phone_number_collection, payment_method_types,
        payment_intent_data, payment_intent_id, metadata, created, expires_at, completed_at, amount_discount,
        amount_tax, allow_promotion_codes, discount, custom_fields, custom_text, consent_collection, consent,
        tax_id_collection, shipping_address_collection, shipping_options, shipping_rate, amount_shipping,
        shipping_details)
    SELECT r.id, r.account_id, r.livemode, r.status, r.payment_status, r.mode, r.ui_mode, r.currency,
        r.amount_subtotal, r.amount_total, r.customer_id, r.customer_email, r.customer_creation, r.customer_details,
        r.billing_address_collection, r.client_reference_id, r.success_url, r.cancel_url, r.return_url,
        r.redirect_on_completion, r.locale, r.submit_type, r.phone_number_collection, r.payment_method_types,
        r.payment_intent_data, r.payment_intent_id, r.metadata, r.created, r.expires_at, r.completed_at,
        r.amount_discount, r.amount_tax, r.allow_promotion_codes, r.discount, r.custom_fields, r.custom_text,
        r.consent_collection, r.consent, r.tax_id_collection, r.shipping_address_collection,
        r.shipping_options, r.shipping_rate, r.amount_shipping, r.shipping_details
    FROM req JOIN proceed USING (n), jsonb_populate_record(NULL::checkout_sessions, req.session) r
), new_items AS (
    INSERT INTO checkout_line_items (id, session_id, position, price_id, quantity, description, currency,
        amount_subtotal, amount_discount, amount_tax, amount_total, adjustable_quantity, tax_rates, taxes,
        dynamic_tax_rates, dynamic_rate)
    SELECT r.id, r.session_id, r.position, r.price_id, r.quantity, r.description, r.currency,
        r.amount_subtotal, r.amount_discount, r.amount_tax, r.amount_total, r.adjustable_quantity, r.tax_rates, r.taxes,
        r.dynamic_tax_rates, r.dynamic_rate
    FROM req JOIN proceed USING (n), jsonb_populate_recordset(NULL::checkout_line_items, req.items) r
)
SELECT locks.n, locks.got AS locked, EXISTS (SELECT 1 FROM proceed WHERE proceed.n = locks.n) AS created
FROM locks ORDER BY locks.n;

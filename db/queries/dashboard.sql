-- The merchant dashboard: users, their sessions, failed sign-ins, and the
-- reads its pages make beyond the API's.

-- name: create-dashboard-user
INSERT INTO dashboard_users (id, account_id, email, password_hash, created) VALUES ($1, $2, $3, $4, $5);

-- name: reset-dashboard-user
-- make run's demo user: made, or given back to the demo account with a new
-- password, when the demo keys file no longer knows its password.
INSERT INTO dashboard_users (id, account_id, email, password_hash, created) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (email) DO UPDATE SET account_id = EXCLUDED.account_id, password_hash = EXCLUDED.password_hash;

-- name: find-dashboard-user
SELECT id, account_id, email, password_hash, created FROM dashboard_users WHERE email = $1;

-- name: count-sign-in-failures
SELECT count(*) FILTER (WHERE key = $1) AS first, count(*) FILTER (WHERE key = $2) AS second
FROM dashboard_sign_in_failures WHERE key IN ($1, $2) AND created >= $3;

-- name: record-sign-in-failure
INSERT INTO dashboard_sign_in_failures (key, created) SELECT unnest(CAST($1 AS text[])), $2;

-- name: create-dashboard-session
-- A session begins, and the failures under the key it forgives ($4) go.
WITH forgiven AS (DELETE FROM dashboard_sign_in_failures WHERE key = $4)
INSERT INTO dashboard_sessions (token_hash, user_id, created, last_seen) VALUES ($1, $2, $3, $3);

-- name: find-dashboard-session
SELECT s.token_hash, s.user_id, u.email, u.account_id, COALESCE(NULLIF(a.display_name, ''), a.name) AS account_name,
    s.created, s.last_seen
FROM dashboard_sessions s JOIN dashboard_users u ON u.id = s.user_id JOIN accounts a ON a.id = u.account_id
WHERE s.token_hash = $1;

-- name: touch-dashboard-session
UPDATE dashboard_sessions SET last_seen = GREATEST(last_seen, $2) WHERE token_hash = $1;

-- name: delete-dashboard-session
DELETE FROM dashboard_sessions WHERE token_hash = $1;

-- name: prune-dashboard
-- Sessions idle since $1 or begun before $2, and failures before $3, no
-- longer count for anything.
WITH sessions AS (DELETE FROM dashboard_sessions WHERE last_seen < $1 OR created < $2)
DELETE FROM dashboard_sign_in_failures WHERE created < $3;

-- name: dashboard-sessions
-- The dashboard's list of an account's sessions, keyset-paged by seq: with
-- no cursor or an older-than cursor ($5), newest first; with a newer-than
-- cursor ($6), the nearest newer ones, oldest first (the caller turns them
-- round). Each branch is its own index scan of (account_id, seq) in its
-- order, with the cursor as its bound, so a page deep in 100,000 sessions
-- reads a page of rows, not all those before it; the branch not asked for
-- is skipped before it runs.
(SELECT id, account_id, livemode, status, payment_status, mode, ui_mode, currency, amount_subtotal, amount_total,
    customer_id, customer_email, customer_creation, customer_details, billing_address_collection,
    client_reference_id, success_url, cancel_url, return_url, redirect_on_completion, locale, submit_type,
    phone_number_collection, payment_method_types, payment_intent_data, payment_intent_id, metadata, created,
    expires_at, completed_at, amount_discount, amount_tax, allow_promotion_codes, discount,
    shipping_address_collection, shipping_options, shipping_rate, amount_shipping, shipping_details
FROM checkout_sessions
WHERE account_id = $1 AND $6::bigint IS NULL AND seq < COALESCE($5::bigint, 9223372036854775807)
  AND ($2::text IS NULL OR status = $2)
  AND ($3::bigint IS NULL OR created >= $3) AND ($4::bigint IS NULL OR created <= $4)
ORDER BY seq DESC
LIMIT $7)
UNION ALL
(SELECT id, account_id, livemode, status, payment_status, mode, ui_mode, currency, amount_subtotal, amount_total,
    customer_id, customer_email, customer_creation, customer_details, billing_address_collection,
    client_reference_id, success_url, cancel_url, return_url, redirect_on_completion, locale, submit_type,
    phone_number_collection, payment_method_types, payment_intent_data, payment_intent_id, metadata, created,
    expires_at, completed_at, amount_discount, amount_tax, allow_promotion_codes, discount,
    shipping_address_collection, shipping_options, shipping_rate, amount_shipping, shipping_details
FROM checkout_sessions
WHERE account_id = $1 AND seq > $6::bigint
  AND ($2::text IS NULL OR status = $2)
  AND ($3::bigint IS NULL OR created >= $3) AND ($4::bigint IS NULL OR created <= $4)
ORDER BY seq ASC
LIMIT $7);

-- name: search-sessions
-- The dashboard's search of an account's sessions by the shopper's email
-- (the one they typed, else the one prefilled; case aside) or by
-- client_reference_id, each of which has an index of (account_id, it, seq):
-- the matches are few, so they are sorted, not scanned in order. Paged by
-- seq as dashboard-sessions is. An id is found by find-session instead.
SELECT id, account_id, livemode, status, payment_status, mode, ui_mode, currency, amount_subtotal, amount_total,
    customer_id, customer_email, customer_creation, customer_details, billing_address_collection,
    client_reference_id, success_url, cancel_url, return_url, redirect_on_completion, locale, submit_type,
    phone_number_collection, payment_method_types, payment_intent_data, payment_intent_id, metadata, created,
    expires_at, completed_at, amount_discount, amount_tax, allow_promotion_codes, discount,
    shipping_address_collection, shipping_options, shipping_rate, amount_shipping, shipping_details
FROM checkout_sessions
WHERE account_id = $1
  AND (lower(COALESCE(customer_details->>'email', customer_email)) = lower($2) OR client_reference_id = $2)
  AND ($3::text IS NULL OR status = $3)
  AND ($4::bigint IS NULL OR created >= $4) AND ($5::bigint IS NULL OR created <= $5)
  AND seq < COALESCE($6::bigint, 9223372036854775807) AND seq > COALESCE($7::bigint, 0)
ORDER BY CASE WHEN $7::bigint IS NULL THEN -seq ELSE seq END
LIMIT $8;

-- name: list-object-events
-- A session's timeline: the events of the objects named (the session and
-- its PaymentIntent), newest first.
SELECT e.id, e.account_id, e.livemode, e.type, e.api_version, e.object_id, e.data, e.request_id,
    e.idempotency_key, e.created
FROM events e
WHERE e.account_id = $1 AND e.object_id = ANY ($2) AND NOT e.test
ORDER BY e.seq DESC
LIMIT $3;

-- name: record-audit
INSERT INTO dashboard_audit_log (account_id, user_id, email, action, object_id, request_id, created)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: list-audit
-- An account's audit log, newest first, keyset-paged by seq: entries older
-- than the cursor ($2), or all.
SELECT seq, account_id, user_id, email, action, object_id, request_id, created
FROM dashboard_audit_log
WHERE account_id = $1 AND seq < COALESCE($2::bigint, 9223372036854775807)
ORDER BY seq DESC
LIMIT $3;

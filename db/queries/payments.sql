-- name: find-checkout
-- A session with everything its page and a payment need, in one round trip:
-- its account, its line items with their prices and products, its
-- PaymentIntent and attempt state, and with a client address ($2), that
-- address's declines since $3. The session ID (56 random characters) is
-- the capability, so no account scopes it.
SELECT s.id, s.account_id, s.livemode, s.status, s.payment_status, s.mode, s.ui_mode, s.currency,
    s.amount_subtotal, s.amount_total, s.customer_id, s.customer_email, s.customer_creation, s.customer_details,
    s.billing_address_collection, s.client_reference_id, s.success_url, s.cancel_url, s.return_url,
    s.redirect_on_completion, s.locale, s.submit_type, s.phone_number_collection, s.payment_method_types,
    s.payment_intent_data, s.payment_intent_id, s.metadata, s.created, s.expires_at, s.completed_at,
    s.amount_discount, s.amount_tax, s.allow_promotion_codes, s.discount, s.custom_fields, s.custom_text,
    s.consent_collection, s.consent, s.tax_id_collection, s.shipping_address_collection,
    s.shipping_options, s.shipping_rate, s.amount_shipping, s.shipping_details, s.redemption_held,
    s.payment_version, s.attempt_until, s.declines, s.awaiting,
    a.id AS "account.id", a.name AS "account.name", a.created AS "account.created",
    a.display_name AS "account.display_name", a.logo_url AS "account.logo_url",
    a.accent_color AS "account.accent_color", a.embed_origins AS "account.embed_origins",
    a.terms_url AS "account.terms_url",
    -- Each price and product by its key, in subqueries the planner keeps
    -- as lookups: as joins, a table whose statistics lag its size (a fresh
    -- installation under load) gets a sequential scan per page view. As
    -- json, not jsonb: the text is all that is wanted, and jsonb builds a
    -- binary document only to print it (as json, pgbench ran this part
    -- alone 1.7 times as fast).
    COALESCE((
        SELECT json_agg(json_build_object('item', to_json(li),
            'price', (SELECT to_json(p) FROM prices p WHERE p.id = li.price_id),
            'product', (SELECT to_json(pr) FROM products pr
                        WHERE pr.id = (SELECT p.product_id FROM prices p WHERE p.id = li.price_id)))
            ORDER BY li.position)
        FROM checkout_line_items li WHERE li.session_id = s.id), '[]') AS items,
    (SELECT to_json(pi) FROM payment_intents pi WHERE pi.id = s.payment_intent_id) AS intent,
    CASE WHEN $2::text = '' THEN 0
         ELSE (SELECT count(*) FROM payment_declines d WHERE d.client = $2 AND d.created > $3) END AS client_declines
FROM checkout_sessions s JOIN accounts a ON a.id = s.account_id
WHERE s.id = $1;

-- name: claim-session
-- An attempt's claim: applies only to the attempt state the domain decided
-- on ($5, payment_version), so of several attempts deciding on the same
-- state exactly one claims it. The claim commits without waiting for its
-- WAL flush (synchronous_commit off for this statement's transaction
-- alone): the attempt's record, which is durable, flushes the WAL up to
-- itself and so the claim before it; a crash that loses the claim stops the
-- attempt before it is recorded, exactly like a crash of Till there, and the
-- session is simply open again. It saves one of a payment's two fsyncs.
UPDATE checkout_sessions SET payment_version = payment_version + 1, attempt_token = $3, attempt_until = $4
WHERE account_id = $1 AND id = $2 AND payment_version = $5
  AND set_config('synchronous_commit', 'off', true) IS NOT NULL;

-- name: hold-redemption
-- A discounted session's attempt takes one redemption of its coupon ($4)
-- and promotion code ($5, when it has one) with its claim, in the claim's
-- transaction, and only while each is redeemable at $6: the UPDATEs wait
-- for a concurrent hold and re-check the row it left, so a coupon is never
-- taken beyond max_redemptions, however many completions race. The record
-- keeps the hold when the session completes and gives it back otherwise.
WITH coupon AS (
    UPDATE coupons SET times_redeemed = times_redeemed + 1
    WHERE account_id = $1 AND id = $4 AND NOT deleted
      AND (max_redemptions IS NULL OR times_redeemed < max_redemptions) AND (redeem_by IS NULL OR redeem_by > $6)
    RETURNING id
), code AS (
    UPDATE promotion_codes SET times_redeemed = times_redeemed + 1
    WHERE account_id = $1 AND id = $5 AND active
      AND (max_redemptions IS NULL OR times_redeemed < max_redemptions) AND (expires_at IS NULL OR expires_at > $6)
    RETURNING id
), held AS (
    UPDATE checkout_sessions SET redemption_held = true
    WHERE account_id = $1 AND id = $2 AND attempt_token = $3
      AND EXISTS (SELECT 1 FROM coupon) AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM code))
    RETURNING id
)
SELECT count(*) FROM held;

-- name: release-redemptions
-- Gives back the redemptions that sessions ($2, ids of account $1) hold
-- and will not use: their attempt did not complete them, or died and the
-- session expired.
WITH s AS (
    UPDATE checkout_sessions SET redemption_held = false
    WHERE account_id = $1 AND id = ANY($2) AND redemption_held
    RETURNING discount->>'coupon' AS coupon, discount->>'promotion_code' AS code
), c AS (
    UPDATE coupons co SET times_redeemed = co.times_redeemed - x.n
    FROM (SELECT coupon, count(*) AS n FROM s GROUP BY coupon) x
    WHERE co.account_id = $1 AND co.id = x.coupon
    RETURNING co.id
), p AS (
    UPDATE promotion_codes pc SET times_redeemed = pc.times_redeemed - x.n
    FROM (SELECT code, count(*) AS n FROM s WHERE code IS NOT NULL GROUP BY code) x
    WHERE pc.account_id = $1 AND pc.id = x.code
    RETURNING pc.id
)
SELECT (SELECT count(*) FROM s) + (SELECT count(*) FROM c) + (SELECT count(*) FROM p);

-- name: record-payments
-- Stores the outcomes of a batch of attempts (payment_batch.go) in one
-- statement and one commit, so that all of each one's rows commit or none.
-- $1 is a JSON array of records: n (its position), account_id and
-- session_id, the attempt's claim (token), the session's new state (session,
-- the columns the record changes), the customer it created, its PaymentIntent (created or
-- updated) and its charge (rows, or null), and the shopper's address
-- (client) and the time (created) a decline (declined) is counted from. $2
-- is their sessions' IDs, by which the sessions are looked up (the planner
-- takes a JSON array for a hundred rows, and a hash of a table scan for the
-- best way to join them). $3 is their events, rows as insert_events takes
-- them, each with its record's n, in the records' order. A record is written
-- only while its claim still holds an open session; recorded says which
-- were, and the others write nothing. A batch never holds one session twice.
WITH req AS (
    SELECT r.n, r.account_id, r.session_id, r.token, r.session, r.customer, r.intent, r.charge, r.client,
        r.created, r.declined
    FROM jsonb_to_recordset(CAST($1 AS jsonb)) AS r(n int, account_id text, session_id text, token text,
        session jsonb, customer jsonb, intent jsonb, charge jsonb, client text, created bigint, declined boolean)
), attempt AS (
    UPDATE checkout_sessions s
       SET status = r.status, payment_status = r.payment_status, completed_at = r.completed_at,
           customer_details = r.customer_details, customer_id = r.customer_id,
           custom_fields = r.custom_fields, consent = r.consent,
           payment_intent_id = r.payment_intent_id, declines = r.declines, awaiting = r.awaiting,
           shipping_details = r.shipping_details,
           payment_version = s.payment_version + 1, attempt_token = NULL, attempt_until = NULL,
           redemption_held = false
      FROM req, jsonb_populate_record(NULL::checkout_sessions, req.session) r
     WHERE s.id = ANY (CAST($2 AS text[])) AND s.id = req.session_id AND s.account_id = req.account_id
       AND s.attempt_token = req.token AND s.status = 'open'
    RETURNING req.n, s.account_id, s.id, r.status
), held AS (
    -- The redemptions the attempts' claims took, as the statement found
    -- them: kept by an attempt that completed its session, given back
    -- otherwise.
    SELECT s.account_id, s.discount->>'coupon' AS coupon, s.discount->>'promotion_code' AS code
    FROM attempt JOIN checkout_sessions s ON s.account_id = attempt.account_id AND s.id = attempt.id
    WHERE s.redemption_held AND attempt.status <> 'complete'
), release_coupon AS (
    UPDATE coupons co SET times_redeemed = co.times_redeemed - x.n
    FROM (SELECT account_id, coupon, count(*) AS n FROM held GROUP BY account_id, coupon) x
    WHERE co.account_id = x.account_id AND co.id = x.coupon
    RETURNING co.id
), release_code AS (
    UPDATE promotion_codes pc SET times_redeemed = pc.times_redeemed - x.n
    FROM (SELECT account_id, code, count(*) AS n FROM held WHERE code IS NOT NULL GROUP BY account_id, code) x
    WHERE pc.account_id = x.account_id AND pc.id = x.code
    RETURNING pc.id
), customer AS (
    INSERT INTO customers (id, account_id, livemode, email, name, phone, description, address, shipping, metadata, created)
    SELECT c.id, c.account_id, c.livemode, c.email, c.name, c.phone, c.description, c.address, c.shipping,
        c.metadata, c.created
    FROM req JOIN attempt USING (n), jsonb_populate_record(NULL::customers, req.customer) c
    WHERE c.id IS NOT NULL
), intent AS (
    INSERT INTO payment_intents (id, account_id, livemode, checkout_session_id, status, amount, amount_received,
        amount_capturable, currency, customer_id, description, capture_method, receipt_email, setup_future_usage, statement_descriptor,
        statement_descriptor_suffix, shipping, metadata, last_payment_error, payment_method_card, latest_charge_id,
        authentication_reference, created)
    SELECT p.id, p.account_id, p.livemode, p.checkout_session_id, p.status, p.amount, p.amount_received,
        p.amount_capturable, p.currency, p.customer_id, p.description, p.capture_method, p.receipt_email, p.setup_future_usage,
        p.statement_descriptor, p.statement_descriptor_suffix, p.shipping, p.metadata, p.last_payment_error,
        p.payment_method_card, p.latest_charge_id, p.authentication_reference, p.created
    FROM req JOIN attempt USING (n), jsonb_populate_record(NULL::payment_intents, req.intent) p
    WHERE p.id IS NOT NULL
    ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, amount = EXCLUDED.amount,
        amount_received = EXCLUDED.amount_received, shipping = EXCLUDED.shipping,
        amount_capturable = EXCLUDED.amount_capturable,
        customer_id = EXCLUDED.customer_id, last_payment_error = EXCLUDED.last_payment_error,
        payment_method_card = EXCLUDED.payment_method_card, latest_charge_id = EXCLUDED.latest_charge_id,
        authentication_reference = EXCLUDED.authentication_reference
), charge AS (
    INSERT INTO charges (id, account_id, livemode, payment_intent_id, customer_id, status, amount, amount_captured,
        amount_refunded, captured, currency, description, receipt_email, statement_descriptor,
        statement_descriptor_suffix, shipping, billing_details, payment_method_card, capture_before, outcome,
        failure_code, failure_message, metadata, processor_reference, created)
    SELECT c.id, c.account_id, c.livemode, c.payment_intent_id, c.customer_id, c.status, c.amount, c.amount_captured,
        c.amount_refunded, c.captured, c.currency, c.description, c.receipt_email, c.statement_descriptor,
        c.statement_descriptor_suffix, c.shipping, c.billing_details, c.payment_method_card, c.capture_before,
        c.outcome, c.failure_code, c.failure_message, c.metadata, c.processor_reference, c.created
    FROM req JOIN attempt USING (n), jsonb_populate_record(NULL::charges, req.charge) c
    WHERE c.id IS NOT NULL
), decline AS (
    INSERT INTO payment_declines (client, session_id, created)
    SELECT req.client, req.session_id, req.created FROM req JOIN attempt USING (n)
    WHERE req.declined AND req.client <> ''
), outbox AS (
    -- The recorded attempts' events: all of them, as they came, unless a
    -- claim was lost.
    SELECT insert_events(CASE WHEN (SELECT count(*) FROM attempt) = (SELECT count(*) FROM req) THEN CAST($3 AS jsonb)
        ELSE (SELECT jsonb_agg(e.event ORDER BY e.ord)
              FROM jsonb_array_elements(CAST($3 AS jsonb)) WITH ORDINALITY AS e(event, ord)
              WHERE CAST(e.event->>'n' AS int) IN (SELECT n FROM attempt)) END) AS events
)
SELECT req.n, EXISTS (SELECT 1 FROM attempt WHERE attempt.n = req.n) AS recorded
FROM req CROSS JOIN outbox -- one row, which runs insert_events once
ORDER BY req.n;

-- name: prune-declines
-- Declines older than any limit's window count for nothing.
DELETE FROM payment_declines WHERE created < $1;

-- name: update-session-totals
-- A session's new discount and amounts ($4 to $7, $10 the subtotal a
-- quantity change moves) and its line items' ($9, rows as JSON, with their
-- quantities), only while its attempt state is still the one decided on
-- ($3), no attempt holds it at $8 and none awaits its 3-D Secure
-- authentication: a change of what is to be paid never slips under an
-- attempt that is paying the old amount.
WITH s AS (
    UPDATE checkout_sessions
       SET discount = CAST($4 AS jsonb), amount_discount = $5, amount_tax = $6, amount_total = $7,
           amount_subtotal = $10, payment_version = payment_version + 1
     WHERE account_id = $1 AND id = $2 AND status = 'open' AND payment_version = $3
       AND (attempt_until IS NULL OR attempt_until <= $8) AND awaiting IS NULL
    RETURNING id
), items AS (
    UPDATE checkout_line_items li
       SET quantity = r.quantity, amount_subtotal = r.amount_subtotal, amount_discount = r.amount_discount,
           amount_tax = r.amount_tax, amount_total = r.amount_total, taxes = r.taxes, dynamic_rate = r.dynamic_rate
      FROM jsonb_populate_recordset(NULL::checkout_line_items, CAST($9 AS jsonb)) r
     WHERE li.id = r.id AND li.session_id = $2 AND EXISTS (SELECT 1 FROM s)
    RETURNING li.id
)
SELECT (SELECT count(*) FROM s) AS updated;

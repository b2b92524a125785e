-- name: find-checkout
-- A session with everything its page and a payment need, in one round trip:
-- its account, its line items with their prices and products, its
-- PaymentIntent and attempt state, and with a client address ($2), that
-- address's declines since $3. The session ID (56 random characters) is
-- the capability, so no account scopes it.
SELECT to_jsonb(s) AS session, to_jsonb(a) AS account,
    COALESCE((
        SELECT jsonb_agg(jsonb_build_object('item', to_jsonb(li), 'price', to_jsonb(p), 'product', to_jsonb(pr))
            ORDER BY li.position)
        FROM checkout_line_items li JOIN prices p ON p.id = li.price_id LEFT JOIN products pr ON pr.id = p.product_id
        WHERE li.session_id = s.id), '[]') AS items,
    (SELECT to_jsonb(pi) FROM payment_intents pi WHERE pi.id = s.payment_intent_id) AS intent,
    CASE WHEN $2::text = '' THEN 0
         ELSE (SELECT count(*) FROM payment_declines d WHERE d.client = $2 AND d.created > $3) END AS client_declines
FROM checkout_sessions s JOIN accounts a ON a.id = s.account_id
WHERE s.id = $1;

-- name: claim-session
-- An attempt's claim: applies only to the attempt state the domain decided
-- on ($5, payment_version), so of several attempts deciding on the same
-- state exactly one claims it.
UPDATE checkout_sessions SET payment_version = payment_version + 1, attempt_token = $3, attempt_until = $4
WHERE account_id = $1 AND id = $2 AND payment_version = $5;

-- name: record-payment
-- Stores an attempt's outcome in one statement, so all of it commits or
-- none: the session's new state ($3, a session row as JSON), the customer
-- it created ($5), its PaymentIntent ($6, created or updated), the decline
-- by client address ($7, $8 when $9) and its events ($10). Only while the
-- attempt's claim ($4) still holds an open session: otherwise nothing is
-- written and recorded is 0.
WITH attempt AS (
    UPDATE checkout_sessions s
       SET status = r.status, payment_status = r.payment_status, completed_at = r.completed_at,
           customer_details = r.customer_details, customer_id = r.customer_id,
           payment_intent_id = r.payment_intent_id, declines = r.declines,
           payment_version = s.payment_version + 1, attempt_token = NULL, attempt_until = NULL
      FROM jsonb_populate_record(NULL::checkout_sessions, CAST($3 AS jsonb)) r
     WHERE s.account_id = $1 AND s.id = $2 AND s.attempt_token = $4 AND s.status = 'open'
    RETURNING s.id
), customer AS (
    INSERT INTO customers (id, account_id, livemode, email, name, phone, description, address, shipping, metadata, created)
    SELECT c.id, c.account_id, c.livemode, c.email, c.name, c.phone, c.description, c.address, c.shipping,
        c.metadata, c.created
    FROM jsonb_populate_record(NULL::customers, CAST($5 AS jsonb)) c
    WHERE c.id IS NOT NULL AND EXISTS (SELECT 1 FROM attempt)
), intent AS (
    INSERT INTO payment_intents (id, account_id, livemode, checkout_session_id, status, amount, amount_received,
        currency, customer_id, description, capture_method, receipt_email, setup_future_usage, statement_descriptor,
        statement_descriptor_suffix, shipping, metadata, last_payment_error, payment_method_card, created)
    SELECT p.id, p.account_id, p.livemode, p.checkout_session_id, p.status, p.amount, p.amount_received,
        p.currency, p.customer_id, p.description, p.capture_method, p.receipt_email, p.setup_future_usage,
        p.statement_descriptor, p.statement_descriptor_suffix, p.shipping, p.metadata, p.last_payment_error,
        p.payment_method_card, p.created
    FROM jsonb_populate_record(NULL::payment_intents, CAST($6 AS jsonb)) p
    WHERE p.id IS NOT NULL AND EXISTS (SELECT 1 FROM attempt)
    ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, amount_received = EXCLUDED.amount_received,
        customer_id = EXCLUDED.customer_id, last_payment_error = EXCLUDED.last_payment_error,
        payment_method_card = EXCLUDED.payment_method_card
), decline AS (
    INSERT INTO payment_declines (client, session_id, created)
    SELECT $7, $2, $8 WHERE $9 AND $7 <> '' AND EXISTS (SELECT 1 FROM attempt)
), outbox AS (
    SELECT insert_events(CAST($10 AS jsonb)) AS events FROM attempt
)
SELECT (SELECT count(*) FROM attempt) AS recorded, (SELECT count(*) FROM outbox) AS outboxes;

-- name: prune-declines
-- Declines older than any limit's window count for nothing.
DELETE FROM payment_declines WHERE created < $1;

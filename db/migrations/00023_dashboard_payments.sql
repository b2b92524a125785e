-- +goose Up
-- The dashboard's search of an account's customers by email, whatever its
-- case, newest first by seq.
CREATE INDEX customers_account_email ON customers (account_id, lower(email), seq);

-- dashboard_payment_is reports whether a payment (its intent and latest
-- charge, NULL before its first attempt) is in one of the dashboard's
-- payment filters (till.DashboardPaymentStatuses; NULL: every payment), as
-- till.PaymentShownStatus shows it: succeeded (refunded or not),
-- uncaptured (requires_capture), refunded (succeeded, with refunds that
-- gave back money of its captured charge: amount_refunded beyond what a
-- partial capture released), failed (awaiting a card after a declined
-- attempt), canceled. A plain SQL expression, which the planner inlines.
CREATE FUNCTION dashboard_payment_is(filter text, p payment_intents, c charges) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
SELECT filter IS NULL
    OR (filter = 'succeeded' AND p.status = 'succeeded')
    OR (filter = 'uncaptured' AND p.status = 'requires_capture')
    OR (filter = 'refunded' AND p.status = 'succeeded' AND c.captured
        AND c.amount_refunded > c.amount - c.amount_captured)
    OR (filter = 'failed' AND p.status = 'requires_payment_method' AND p.last_payment_error IS NOT NULL)
    OR (filter = 'canceled' AND p.status = 'canceled')
$$;

-- +goose Down
DROP FUNCTION dashboard_payment_is(text, payment_intents, charges);
DROP INDEX customers_account_email;

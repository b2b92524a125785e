-- +goose Up
-- 3-D Secure: what the shopper entered in the attempt whose authentication
-- a session awaits (never the card), and the processor's name for the
-- authentication its PaymentIntent awaits.
ALTER TABLE checkout_sessions ADD COLUMN awaiting jsonb;
ALTER TABLE payment_intents ADD COLUMN authentication_reference text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE payment_intents DROP COLUMN authentication_reference;
ALTER TABLE checkout_sessions DROP COLUMN awaiting;

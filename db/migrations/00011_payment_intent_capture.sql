-- +goose Up
-- What a manual-capture PaymentIntent can still take, and when and why it
-- was canceled, as Stripe's PaymentIntent carries them.
ALTER TABLE payment_intents
    ADD COLUMN amount_capturable bigint NOT NULL DEFAULT 0,
    ADD COLUMN canceled_at bigint,
    ADD COLUMN cancellation_reason text;
-- Intents authorized before: all of their amount awaits capture.
UPDATE payment_intents SET amount_capturable = amount WHERE status = 'requires_capture';

-- +goose Down
ALTER TABLE payment_intents DROP COLUMN amount_capturable, DROP COLUMN canceled_at, DROP COLUMN cancellation_reason;

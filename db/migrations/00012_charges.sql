-- +goose Up
-- Every payment attempt's charge, as Stripe keeps one per confirmation, and
-- the PaymentIntent's latest. Like payment_intents, no foreign key to its
-- intent: both are written in one statement on the shopper's path, and
-- the statement is what keeps them together.
CREATE TABLE charges (
    seq                         bigserial,
    id                          text PRIMARY KEY,
    account_id                  text NOT NULL REFERENCES accounts (id),
    livemode                    boolean NOT NULL,
    payment_intent_id           text NOT NULL,
    customer_id                 text,
    status                      text NOT NULL CHECK (status IN ('succeeded', 'pending', 'failed')),
    amount                      bigint NOT NULL,
    amount_captured             bigint NOT NULL DEFAULT 0,
    amount_refunded             bigint NOT NULL DEFAULT 0,
    captured                    boolean NOT NULL DEFAULT false,
    currency                    text NOT NULL,
    description                 text,
    receipt_email               text,
    statement_descriptor        text,
    statement_descriptor_suffix text,
    shipping                    jsonb,
    billing_details             jsonb NOT NULL,
    payment_method_card         jsonb NOT NULL,
    capture_before              bigint,
    outcome                     jsonb NOT NULL,
    failure_code                text,
    failure_message             text,
    metadata                    jsonb NOT NULL DEFAULT '{}',
    created                     bigint NOT NULL,
    -- Never more back than was authorized: refunds and released parts
    -- together stay within the amount.
    CHECK (amount_captured <= amount AND amount_refunded <= amount)
);
CREATE INDEX charges_account_seq ON charges (account_id, seq);
CREATE INDEX charges_payment_intent ON charges (payment_intent_id);
-- The sweeper's expiry of authorizations nobody captured.
CREATE INDEX charges_uncaptured ON charges (capture_before)
    WHERE NOT captured AND status = 'succeeded' AND amount_refunded = 0;

ALTER TABLE payment_intents ADD COLUMN latest_charge_id text;

-- +goose Down
ALTER TABLE payment_intents DROP COLUMN latest_charge_id;
DROP TABLE charges;

-- +goose Up
-- Refunds of charges, and the processor's reference of each charge's
-- authorization, which its refunds pass back. A refund's announced later
-- change (later_at, later_status, later_failure_reason) is made by the
-- sweeper when due.
ALTER TABLE charges ADD COLUMN processor_reference text NOT NULL DEFAULT '';

CREATE TABLE refunds (
    seq                  bigserial,
    id                   text PRIMARY KEY,
    account_id           text NOT NULL REFERENCES accounts (id),
    livemode             boolean NOT NULL,
    charge_id            text NOT NULL REFERENCES charges (id),
    payment_intent_id    text NOT NULL,
    amount               bigint NOT NULL CHECK (amount > 0),
    currency             text NOT NULL,
    status               text NOT NULL CHECK (status IN ('pending', 'requires_action', 'succeeded', 'failed', 'canceled')),
    reason               text,
    failure_reason       text,
    metadata             jsonb NOT NULL DEFAULT '{}',
    later_at             bigint,
    later_status         text,
    later_failure_reason text,
    reversal             boolean NOT NULL DEFAULT false,
    created              bigint NOT NULL
);
CREATE INDEX refunds_account_seq ON refunds (account_id, seq);
CREATE INDEX refunds_charge ON refunds (charge_id);
CREATE INDEX refunds_payment_intent ON refunds (payment_intent_id);
CREATE INDEX refunds_due ON refunds (later_at) WHERE later_at IS NOT NULL;

-- +goose Down
DROP TABLE refunds;
ALTER TABLE charges DROP COLUMN processor_reference;

-- +goose Up
-- Shipping rates, and a session's shipping: the countries it ships to, the
-- options it offers (each rate as it was when the session was made, with
-- its amount in the session's currency), the chosen one and its amount,
-- and once paid where the order goes.
CREATE TABLE shipping_rates (
    seq               bigserial,
    id                text PRIMARY KEY,
    account_id        text NOT NULL REFERENCES accounts (id),
    livemode          boolean NOT NULL,
    display_name      text NOT NULL,
    amount            bigint NOT NULL CHECK (amount >= 0),
    currency          text NOT NULL,
    currency_options  jsonb NOT NULL DEFAULT '{}',
    delivery_estimate jsonb,
    tax_behavior      text NOT NULL DEFAULT 'unspecified',
    tax_code          text,
    active            boolean NOT NULL DEFAULT true,
    metadata          jsonb NOT NULL DEFAULT '{}',
    created           bigint NOT NULL
);
CREATE INDEX shipping_rates_account_seq ON shipping_rates (account_id, seq);

ALTER TABLE checkout_sessions
    ADD COLUMN shipping_address_collection jsonb,
    ADD COLUMN shipping_options jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN shipping_rate text,
    ADD COLUMN amount_shipping bigint NOT NULL DEFAULT 0,
    ADD COLUMN shipping_details jsonb;

-- +goose Down
ALTER TABLE checkout_sessions DROP COLUMN shipping_address_collection, DROP COLUMN shipping_options,
    DROP COLUMN shipping_rate, DROP COLUMN amount_shipping, DROP COLUMN shipping_details;
DROP TABLE shipping_rates;

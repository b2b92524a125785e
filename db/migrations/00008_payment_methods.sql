-- +goose Up
-- PaymentMethods made through the API (POST /v1/payment_methods). Till
-- takes only Stripe's test tokens and test PaymentMethod ids for a card, so
-- what is kept is the name of the test card, never a card number.
CREATE TABLE payment_methods (
    seq             bigserial,
    id              text PRIMARY KEY,
    account_id      text NOT NULL,
    livemode        boolean NOT NULL,
    test_card       text NOT NULL,
    billing_details jsonb NOT NULL,
    metadata        jsonb NOT NULL DEFAULT '{}',
    created         bigint NOT NULL
);

-- +goose Down
DROP TABLE payment_methods;

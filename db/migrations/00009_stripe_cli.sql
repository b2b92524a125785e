-- +goose Up
-- What the Stripe CLI needs: its `stripe listen` sessions, and the
-- PaymentMethods its trigger fixtures make.

-- The Stripe CLI's `stripe listen` sessions. A session is found by the
-- digest of its websocket id (the id is what lets a websocket receive the
-- account's events, so it is kept like an API key). after_seq is the newest
-- event of the account when the session began: the session gets the events
-- after it, as Stripe sends only what happens once listening starts.
CREATE TABLE stripecli_sessions (
    websocket_hash bytea PRIMARY KEY,
    account_id     text NOT NULL,
    livemode       boolean NOT NULL,
    device_name    text NOT NULL,
    after_seq      bigint NOT NULL,
    created        bigint NOT NULL
);

-- The events a session's CLI acknowledged. A record per event, not a
-- cursor, because events' seq are taken when they are inserted, not when
-- they commit: an event committed late behind a newer one is still sent.
CREATE TABLE stripecli_deliveries (
    websocket_hash bytea NOT NULL REFERENCES stripecli_sessions ON DELETE CASCADE,
    event_id       text NOT NULL,
    PRIMARY KEY (websocket_hash, event_id)
);

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
DROP TABLE payment_methods, stripecli_deliveries, stripecli_sessions;

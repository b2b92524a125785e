-- +goose Up
-- Every table is keyed by account_id so the data partitions by account
-- (one tenant's rows never need another's), which is what a distributed
-- PostgreSQL or per-account sharding needs later. Timestamps that Stripe
-- exposes are unix seconds (bigint) to match the wire format exactly; `seq`
-- columns give a total order for newest-first pagination where `created`
-- ties within one second.

CREATE TABLE accounts (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    created     bigint NOT NULL
);

-- API keys are stored only as SHA-256 digests of the whole key: the keys are
-- 32 random characters, so a plain digest cannot be reversed, and a lookup by
-- digest needs no secret comparison in Go.
CREATE TABLE api_keys (
    key_hash    bytea PRIMARY KEY,
    account_id  text NOT NULL REFERENCES accounts (id),
    kind        text NOT NULL CHECK (kind IN ('secret', 'publishable')),
    livemode    boolean NOT NULL,
    created     bigint NOT NULL
);
CREATE INDEX api_keys_account ON api_keys (account_id);

-- A random key per installation from which client secrets are derived with
-- HMAC, so no client_secret is ever stored.
CREATE TABLE instance_keys (
    name        text PRIMARY KEY,
    key         bytea NOT NULL
);

-- Idempotency records are written in the same transaction as the work they
-- guard, so a stored response exists if and only if the work committed.
CREATE TABLE idempotency_keys (
    account_id      text NOT NULL REFERENCES accounts (id),
    livemode        boolean NOT NULL,
    key             text NOT NULL,
    method          text NOT NULL,
    path            text NOT NULL,
    fingerprint     text NOT NULL,
    request_id      text NOT NULL,
    response_status integer NOT NULL,
    response_body   bytea NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (account_id, livemode, key)
) WITH (toast_tuple_target = 8160);
-- A recorded response is a few KiB of JSON written once per create on the
-- hot path; keeping rows up to a page inline spares PostgreSQL compressing
-- each one. Larger bodies are still toasted.
-- BRIN: records arrive in created_at order, and the hourly prune is the only
-- reader, so a block-range index costs the hot insert path almost nothing.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys USING brin (created_at);

CREATE TABLE customers (
    seq         bigserial,
    id          text PRIMARY KEY,
    account_id  text NOT NULL REFERENCES accounts (id),
    livemode    boolean NOT NULL,
    email       text,
    name        text,
    phone       text,
    description text,
    address     jsonb,
    shipping    jsonb,
    metadata    jsonb NOT NULL DEFAULT '{}',
    created     bigint NOT NULL,
    deleted     boolean NOT NULL DEFAULT false
);
CREATE INDEX customers_account_seq ON customers (account_id, seq);

CREATE TABLE products (
    seq           bigserial,
    id            text PRIMARY KEY,
    account_id    text NOT NULL REFERENCES accounts (id),
    livemode      boolean NOT NULL,
    active        boolean NOT NULL,
    name          text NOT NULL,
    description   text,
    images        jsonb NOT NULL DEFAULT '[]',
    metadata      jsonb NOT NULL DEFAULT '{}',
    default_price text,
    tax_code      text,
    unit_label    text,
    url           text,
    created       bigint NOT NULL,
    updated       bigint NOT NULL
);
CREATE INDEX products_account_seq ON products (account_id, seq);

CREATE TABLE prices (
    seq                 bigserial,
    id                  text PRIMARY KEY,
    account_id          text NOT NULL REFERENCES accounts (id),
    livemode            boolean NOT NULL,
    product_id          text NOT NULL REFERENCES products (id),
    active              boolean NOT NULL,
    currency            text NOT NULL,
    unit_amount         bigint,
    unit_amount_decimal text NOT NULL,
    nickname            text,
    lookup_key          text,
    tax_behavior        text,
    metadata            jsonb NOT NULL DEFAULT '{}',
    created             bigint NOT NULL
);
CREATE INDEX prices_account_seq ON prices (account_id, seq);

CREATE TABLE payment_intents (
    seq                         bigserial,
    id                          text PRIMARY KEY,
    account_id                  text NOT NULL REFERENCES accounts (id),
    livemode                    boolean NOT NULL,
    checkout_session_id         text NOT NULL UNIQUE,
    status                      text NOT NULL,
    amount                      bigint NOT NULL,
    amount_received             bigint NOT NULL DEFAULT 0,
    currency                    text NOT NULL,
    customer_id                 text,
    description                 text,
    capture_method              text NOT NULL DEFAULT 'automatic_async',
    receipt_email               text,
    setup_future_usage          text,
    statement_descriptor        text,
    statement_descriptor_suffix text,
    shipping                    jsonb,
    metadata                    jsonb NOT NULL DEFAULT '{}',
    last_payment_error          jsonb,
    payment_method_card         jsonb,
    created                     bigint NOT NULL
);
CREATE INDEX payment_intents_account_seq ON payment_intents (account_id, seq);

CREATE TABLE checkout_sessions (
    seq                        bigserial,
    id                         text PRIMARY KEY,
    account_id                 text NOT NULL REFERENCES accounts (id),
    livemode                   boolean NOT NULL,
    status                     text NOT NULL CHECK (status IN ('open', 'complete', 'expired')),
    payment_status             text NOT NULL CHECK (payment_status IN ('paid', 'unpaid', 'no_payment_required')),
    mode                       text NOT NULL,
    ui_mode                    text NOT NULL,
    currency                   text NOT NULL,
    amount_subtotal            bigint NOT NULL,
    amount_total               bigint NOT NULL,
    customer_id                text REFERENCES customers (id),
    customer_email             text,
    customer_creation          text,
    customer_details           jsonb,
    billing_address_collection text,
    client_reference_id        text,
    success_url                text,
    cancel_url                 text,
    return_url                 text,
    redirect_on_completion     text,
    locale                     text,
    submit_type                text,
    phone_number_collection    boolean NOT NULL DEFAULT false,
    payment_method_types       text[] NOT NULL,
    payment_intent_data        jsonb,
    payment_intent_id          text,
    metadata                   jsonb NOT NULL DEFAULT '{}',
    created                    bigint NOT NULL,
    expires_at                 bigint NOT NULL,
    completed_at               bigint
);
CREATE INDEX checkout_sessions_account_seq ON checkout_sessions (account_id, seq);
CREATE INDEX checkout_sessions_open_expiry ON checkout_sessions (expires_at) WHERE status = 'open';

-- Line items are only ever read through their session, so the key is
-- (session, position); their li_ IDs are random and need no index of their own.
CREATE TABLE checkout_line_items (
    id                  text NOT NULL,
    session_id          text NOT NULL REFERENCES checkout_sessions (id),
    position            integer NOT NULL,
    price_id            text NOT NULL REFERENCES prices (id),
    quantity            bigint NOT NULL,
    description         text,
    currency            text NOT NULL,
    amount_subtotal     bigint NOT NULL,
    amount_total        bigint NOT NULL,
    adjustable_quantity jsonb,
    PRIMARY KEY (session_id, position)
);

-- The outbox: every state change inserts its events in the same
-- transaction. At most one terminal event per session, whichever type.
CREATE TABLE events (
    seq             bigserial,
    id              text PRIMARY KEY,
    account_id      text NOT NULL REFERENCES accounts (id),
    livemode        boolean NOT NULL,
    type            text NOT NULL,
    api_version     text NOT NULL,
    object_id       text NOT NULL,
    data            jsonb NOT NULL,
    request_id      text,
    idempotency_key text,
    created         bigint NOT NULL
);
CREATE INDEX events_account_seq ON events (account_id, seq);
CREATE UNIQUE INDEX events_one_terminal_per_session ON events (object_id)
    WHERE type IN ('checkout.session.completed', 'checkout.session.expired');

-- +goose Down
DROP TABLE events, checkout_line_items, checkout_sessions, payment_intents, prices, products,
    customers, idempotency_keys, instance_keys, api_keys, accounts;

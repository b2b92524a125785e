-- +goose Up
-- Webhook endpoints, and the delivery queue that events fan out to. The
-- signing secret is kept in clear: Till must sign with it on every delivery,
-- so a digest would not do (unlike API keys, which are only compared).
CREATE TABLE webhook_endpoints (
    seq            bigserial,
    id             text PRIMARY KEY,
    account_id     text NOT NULL REFERENCES accounts (id),
    livemode       boolean NOT NULL,
    url            text NOT NULL,
    enabled_events text[] NOT NULL,
    description    text,
    metadata       jsonb NOT NULL DEFAULT '{}',
    api_version    text,
    secret         text NOT NULL,
    status         text NOT NULL CHECK (status IN ('enabled', 'disabled')),
    created        bigint NOT NULL,
    deleted        boolean NOT NULL DEFAULT false
);
CREATE INDEX webhook_endpoints_account_seq ON webhook_endpoints (account_id, seq);

-- One row per (event, endpoint) to send, written in the transaction of the
-- event itself. Workers claim due rows with FOR UPDATE SKIP LOCKED and hold
-- them by a lease (locked_until) rather than an open transaction, so no
-- transaction spans an HTTP POST. Times here are the database's clock, the
-- one every process shares.
CREATE TABLE webhook_deliveries (
    id              bigserial PRIMARY KEY,
    event_id        text NOT NULL REFERENCES events (id),
    endpoint_id     text NOT NULL REFERENCES webhook_endpoints (id),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);

-- Every attempt, for the dashboard: when, the answer's status (NULL when
-- none came), how long it took and the start of the answer or the error.
CREATE TABLE webhook_attempts (
    id           bigserial PRIMARY KEY,
    delivery_id  bigint NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at timestamptz NOT NULL,
    status_code  integer,
    duration_ms  integer NOT NULL,
    response     text NOT NULL DEFAULT '',
    error        text
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id);

-- +goose Down
DROP TABLE webhook_attempts, webhook_deliveries, webhook_endpoints;

-- +goose Up
-- The dashboard's Developers pages: API keys made, rolled and listed there,
-- the test events an endpoint can be sent, the reads of deliveries by
-- endpoint, the request log, and the secrets a change reveals once.

-- API keys get an id to be named by (the key itself is kept only as its
-- digest), a name, how they read once made (a secret key's last four
-- characters; a publishable key whole, as it is public: every checkout page
-- carries it), when a rolled key stops authenticating (the store's clock;
-- NULL: never) and when it last did (to the minute). Keys made before keep
-- NULL for what only their maker knew.
ALTER TABLE api_keys
    ADD COLUMN id         text NOT NULL DEFAULT 'key_' || replace(gen_random_uuid()::text, '-', ''),
    ADD COLUMN name       text NOT NULL DEFAULT '',
    ADD COLUMN last4      text,
    ADD COLUMN token      text,
    ADD COLUMN expires_at bigint,
    ADD COLUMN last_used  bigint,
    ADD CONSTRAINT api_keys_id UNIQUE (id),
    ADD CONSTRAINT api_keys_token_publishable CHECK (token IS NULL OR kind = 'publishable');

-- A test event ("Send test event") is delivered, signed and recorded like
-- any other, but is none of the account's events: the API neither lists
-- nor finds it, nor does `stripe listen` get it. Its sample object's id is
-- the same for every test (zeros, as Stripe's test webhooks had), so the
-- one-terminal-event-per-session rule leaves test events out.
ALTER TABLE events ADD COLUMN test boolean NOT NULL DEFAULT false;
DROP INDEX events_one_terminal_per_session;
CREATE UNIQUE INDEX events_one_terminal_per_session ON events (object_id)
    WHERE type IN ('checkout.session.completed', 'checkout.session.expired') AND NOT test;

-- An endpoint's deliveries, newest first, and those not delivered (yet):
-- an endpoint's page, and the latest failures.
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_undelivered ON webhook_deliveries (endpoint_id) WHERE status <> 'delivered';

-- Deliveries as the dashboard shows them: each with its event, its
-- endpoint, and its attempts so far, oldest first, as a JSON array (times
-- in unix seconds; no status code or no error is 0 or '').
CREATE VIEW webhook_delivery_log AS
SELECT d.id, d.event_id, e.type AS event_type, e.test, d.endpoint_id, w.account_id, w.livemode,
    w.url AS endpoint_url, w.deleted AS endpoint_deleted, d.status,
    floor(extract(epoch FROM d.created_at))::bigint AS created,
    COALESCE((SELECT json_agg(json_build_object('at', floor(extract(epoch FROM a.attempted_at))::bigint,
        'status_code', COALESCE(a.status_code, 0), 'duration_ms', a.duration_ms, 'response', a.response,
        'error', COALESCE(a.error, '')) ORDER BY a.id)
        FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts
FROM webhook_deliveries d
JOIN events e ON e.id = d.event_id
JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.account_id = e.account_id;

-- The API requests of each account: what was asked and answered, never a
-- body. Rows arrive in batches off the requests' path, in seq order; pruned
-- by created (BRIN: the prune is its only reader). A request is found by
-- its id, or by the Idempotency-Key its retries share.
CREATE TABLE api_requests (
    seq             bigserial,
    account_id      text NOT NULL,
    livemode        boolean NOT NULL,
    request_id      text NOT NULL,
    method          text NOT NULL,
    path            text NOT NULL,
    status          integer NOT NULL,
    idempotency_key text,
    created         bigint NOT NULL
);
CREATE INDEX api_requests_account ON api_requests (account_id, seq);
CREATE INDEX api_requests_request ON api_requests (request_id);
CREATE INDEX api_requests_idempotency_key ON api_requests (account_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX api_requests_created ON api_requests USING brin (created);

-- A secret a dashboard change made (a new API key, a rolled webhook
-- secret), kept sealed until its user's browser shows it, once: the page
-- after the change takes it (and the row goes), and a later look finds
-- nothing. Found by the SHA-256 of the token in that page's address.
CREATE TABLE dashboard_reveals (
    token_hash bytea PRIMARY KEY,
    account_id text NOT NULL,
    user_id    text NOT NULL,
    object_id  text NOT NULL,
    secret     text NOT NULL,
    created    bigint NOT NULL
);
CREATE INDEX dashboard_reveals_created ON dashboard_reveals (created);

-- +goose Down
DROP TABLE dashboard_reveals, api_requests;
DROP VIEW webhook_delivery_log;
DROP INDEX webhook_deliveries_undelivered, webhook_deliveries_endpoint;
DROP INDEX events_one_terminal_per_session;
CREATE UNIQUE INDEX events_one_terminal_per_session ON events (object_id)
    WHERE type IN ('checkout.session.completed', 'checkout.session.expired');
ALTER TABLE events DROP COLUMN test;
ALTER TABLE api_keys DROP CONSTRAINT api_keys_token_publishable, DROP CONSTRAINT api_keys_id,
    DROP COLUMN last_used, DROP COLUMN expires_at, DROP COLUMN token, DROP COLUMN last4, DROP COLUMN name,
    DROP COLUMN id;

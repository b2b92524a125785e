-- +goose Up
-- A payment attempt claims its session before the processor is called
-- (checkout.go explains why a claim with a lease, not a row lock held
-- across the processor call). payment_version changes with every write that
-- can change whether the session may be paid, so a claim applies only to
-- the state the domain decided on; declines counts the session's declined
-- attempts for the card-testing limit.
ALTER TABLE checkout_sessions
    ADD COLUMN payment_version bigint NOT NULL DEFAULT 0,
    ADD COLUMN attempt_token   text,
    ADD COLUMN attempt_until   bigint,
    ADD COLUMN declines        integer NOT NULL DEFAULT 0;

-- Declined attempts by client address, for the limit across sessions.
CREATE TABLE payment_declines (
    client     text NOT NULL,
    session_id text NOT NULL,
    created    bigint NOT NULL
);
CREATE INDEX payment_declines_client ON payment_declines (client, created);
CREATE INDEX payment_declines_created ON payment_declines (created);

-- insert_events writes a state change's events to the outbox in their order
-- and fans each out to every enabled endpoint of its account and mode that
-- listens for its type. Every writer of events calls it, inside the
-- statement or transaction of its state change, so the rule is in one place.
-- +goose StatementBegin
CREATE FUNCTION insert_events(rows jsonb) RETURNS bigint LANGUAGE sql VOLATILE AS $$
    WITH new_events AS (
        INSERT INTO events (id, account_id, livemode, type, api_version, object_id, data, request_id,
            idempotency_key, created)
        SELECT r.id, r.account_id, r.livemode, r.type, r.api_version, r.object_id, r.data, r.request_id,
            r.idempotency_key, r.created
        FROM jsonb_populate_recordset(NULL::events, rows) WITH ORDINALITY AS r
        ORDER BY r.ordinality
        RETURNING id, account_id, livemode, type
    ), deliveries AS (
        INSERT INTO webhook_deliveries (event_id, endpoint_id)
        SELECT e.id, w.id FROM new_events e JOIN webhook_endpoints w
            ON w.account_id = e.account_id AND w.livemode = e.livemode AND w.status = 'enabled' AND NOT w.deleted
            AND ('*' = ANY (w.enabled_events) OR e.type = ANY (w.enabled_events))
        RETURNING 1
    )
    SELECT count(*) FROM new_events;
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION insert_events(jsonb);
DROP TABLE payment_declines;
ALTER TABLE checkout_sessions DROP COLUMN payment_version, DROP COLUMN attempt_token,
    DROP COLUMN attempt_until, DROP COLUMN declines;

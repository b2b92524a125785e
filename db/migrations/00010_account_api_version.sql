-- +goose Up
-- An account's default API version, NULL until its first API request that
-- sends a Stripe-Version pins it (as at Stripe) or the operator sets it.
ALTER TABLE accounts ADD COLUMN api_version text;

-- insert_events as in 00006, but each event is created in its account's
-- version whatever version its writer rendered for: the row's api_version
-- is only the fallback (Till's default) for an account pinned to none. Read
-- here, in the writing statement, every writer sees the account as its own
-- transaction does, and none needs to look the version up first.
-- In PL/pgSQL, unlike a SQL function, the statement's plan is cached per
-- connection: a SQL function's body is planned again by every statement that
-- calls it, half the cost of a payment's three events.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION insert_events(rows jsonb) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    written bigint;
BEGIN
    WITH new_events AS (
        INSERT INTO events (id, account_id, livemode, type, api_version, object_id, data, request_id,
            idempotency_key, created)
        SELECT r.id, r.account_id, r.livemode, r.type, COALESCE(a.api_version, r.api_version), r.object_id,
            r.data, r.request_id, r.idempotency_key, r.created
        FROM jsonb_populate_recordset(NULL::events, rows) WITH ORDINALITY AS r
        LEFT JOIN accounts a ON a.id = r.account_id
        ORDER BY r.ordinality
        RETURNING id, account_id, livemode, type
    ), deliveries AS (
        INSERT INTO webhook_deliveries (event_id, endpoint_id)
        SELECT e.id, w.id FROM new_events e JOIN webhook_endpoints w
            ON w.account_id = e.account_id AND w.livemode = e.livemode AND w.status = 'enabled' AND NOT w.deleted
            AND ('*' = ANY (w.enabled_events) OR e.type = ANY (w.enabled_events))
        RETURNING 1
    )
    SELECT count(*) INTO written FROM new_events;
    RETURN written;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION insert_events(rows jsonb) RETURNS bigint LANGUAGE sql VOLATILE AS $$
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
ALTER TABLE accounts DROP COLUMN api_version;

-- +goose Up
-- The merchant dashboard: its users (each of one account, signing in by
-- email; only a bcrypt hash of the password is kept), their sessions (only
-- the SHA-256 of the cookie's token is kept, so a copy of the table signs
-- no one in) and the failed sign-ins the rate limit counts, by client
-- address and by the email tried.
CREATE TABLE dashboard_users (
    id            text PRIMARY KEY,
    account_id    text NOT NULL REFERENCES accounts (id),
    email         text NOT NULL UNIQUE,
    password_hash bytea NOT NULL,
    created       bigint NOT NULL
);

CREATE TABLE dashboard_sessions (
    token_hash bytea PRIMARY KEY,
    user_id    text NOT NULL REFERENCES dashboard_users (id) ON DELETE CASCADE,
    created    bigint NOT NULL,
    last_seen  bigint NOT NULL
);
CREATE INDEX dashboard_sessions_last_seen ON dashboard_sessions (last_seen);

CREATE TABLE dashboard_sign_in_failures (
    key     text NOT NULL,
    created bigint NOT NULL
);
CREATE INDEX dashboard_sign_in_failures_key ON dashboard_sign_in_failures (key, created);
CREATE INDEX dashboard_sign_in_failures_created ON dashboard_sign_in_failures (created);

-- The dashboard's search of an account's sessions: by the shopper's email
-- (the one they typed, else the one the merchant prefilled), or by
-- client_reference_id, each newest first by seq; an id is found by the
-- primary key.
CREATE INDEX checkout_sessions_account_email ON checkout_sessions
    (account_id, lower(COALESCE(customer_details->>'email', customer_email)), seq);
CREATE INDEX checkout_sessions_account_reference ON checkout_sessions (account_id, client_reference_id, seq)
    WHERE client_reference_id IS NOT NULL;
-- A session's timeline: the events of it and of its PaymentIntent.
CREATE INDEX events_account_object ON events (account_id, object_id, seq);

-- +goose Down
DROP INDEX events_account_object;
DROP INDEX checkout_sessions_account_reference;
DROP INDEX checkout_sessions_account_email;
DROP TABLE dashboard_sign_in_failures;
DROP TABLE dashboard_sessions;
DROP TABLE dashboard_users;

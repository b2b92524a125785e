-- +goose Up
-- Every change made from the dashboard, written in the transaction of the
-- change itself, so the log holds a change exactly when the change was
-- made: who (the user, and their email as it was then), what (an action
-- name and the object it was done to) and by which request.
CREATE TABLE dashboard_audit_log (
    seq        bigserial PRIMARY KEY,
    account_id text NOT NULL,
    user_id    text NOT NULL,
    email      text NOT NULL,
    action     text NOT NULL,
    object_id  text NOT NULL,
    request_id text NOT NULL,
    created    bigint NOT NULL
);
CREATE INDEX dashboard_audit_log_account ON dashboard_audit_log (account_id, seq);

-- +goose Down
DROP TABLE dashboard_audit_log;

-- +goose Up
-- The dashboard's list of sessions by status, newest first, reads exactly
-- the page it shows whatever the status's share (a shop's open sessions
-- are few among its completed and expired ones); a created range is found
-- by its bounds, so a range with few sessions in it is not a scan of all
-- the account's newer ones.
CREATE INDEX checkout_sessions_account_status ON checkout_sessions (account_id, status, seq);
CREATE INDEX checkout_sessions_account_created ON checkout_sessions (account_id, created);

-- +goose Down
DROP INDEX checkout_sessions_account_created;
DROP INDEX checkout_sessions_account_status;

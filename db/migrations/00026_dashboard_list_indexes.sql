-- +goose Up
-- The dashboard's list of sessions by status, newest first, reads exactly
-- the page it shows whatever the status's share (a shop's open sessions
-- are few among its completed and expired ones). A created range is found
-- by its bounds in checkout_sessions_account_created (00025), so a range
-- with few sessions in it is not a scan of all the account's newer ones.
CREATE INDEX checkout_sessions_account_status ON checkout_sessions (account_id, status, seq);

-- +goose Down
DROP INDEX checkout_sessions_account_status;

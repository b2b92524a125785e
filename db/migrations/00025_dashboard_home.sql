-- +goose Up
-- The dashboard's home page sums an account's last 30 days with one index
-- range each, read without the table: succeeded payments by the day and
-- currency of the charge that captured them, and sessions created (and
-- which completed) by day. Captures and completions already change indexed
-- columns (charges_uncaptured, checkout_sessions_open_expiry), so these
-- cost those updates nothing more.
CREATE INDEX charges_account_captured ON charges (account_id, created) INCLUDE (currency, amount_captured)
    WHERE status = 'succeeded' AND captured;
CREATE INDEX checkout_sessions_account_created ON checkout_sessions (account_id, created) INCLUDE (status);
-- Its newest failing webhook deliveries: those tried and not delivered, by
-- endpoint (an account's endpoints are few) and id, so the newest are
-- found among them without reading the table.
CREATE INDEX webhook_deliveries_failing ON webhook_deliveries (endpoint_id, id)
    WHERE status <> 'delivered' AND attempts > 0;

-- +goose Down
DROP INDEX webhook_deliveries_failing;
DROP INDEX checkout_sessions_account_created;
DROP INDEX charges_account_captured;

-- +goose Up
-- Every row an API request writes belongs to the account of the key that
-- authenticated it, and accounts are never deleted. A foreign key to
-- accounts therefore guards nothing the application does not already
-- guarantee, yet each check takes a KEY SHARE lock on the one account row:
-- under concurrent creates those locks pile up into MultiXacts, which cost
-- more than the rows themselves (profiled with perf at 32 connections). The
-- hot tables keep their account_id column and indexes, not the constraint.
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_account_id_fkey;
ALTER TABLE products DROP CONSTRAINT products_account_id_fkey;
ALTER TABLE prices DROP CONSTRAINT prices_account_id_fkey;
ALTER TABLE checkout_sessions DROP CONSTRAINT checkout_sessions_account_id_fkey;
ALTER TABLE payment_intents DROP CONSTRAINT payment_intents_account_id_fkey;
ALTER TABLE events DROP CONSTRAINT events_account_id_fkey;

-- +goose Down
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE products ADD CONSTRAINT products_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE prices ADD CONSTRAINT prices_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE checkout_sessions ADD CONSTRAINT checkout_sessions_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE payment_intents ADD CONSTRAINT payment_intents_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE events ADD CONSTRAINT events_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);

-- +goose Up
-- The dashboard's search of an account's customers by email, whatever its
-- case, newest first by seq.
CREATE INDEX customers_account_email ON customers (account_id, lower(email), seq);

-- +goose Down
DROP INDEX customers_account_email;

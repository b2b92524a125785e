-- +goose Up
-- The instance key that derives client secrets and signs form tokens is
-- kept outside the database (TILL_SECRET_KEY or the key file under
-- TILL_DATA_DIR), so a dump alone no longer computes every client secret.
-- `till migrate` and `till serve --migrate` move an existing installation's
-- key into the key file before this runs (db.LegacyInstanceKey).
DROP TABLE instance_keys;

-- +goose Down
CREATE TABLE instance_keys (
    name        text PRIMARY KEY,
    key         bytea NOT NULL
);

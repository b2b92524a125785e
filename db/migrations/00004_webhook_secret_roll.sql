-- +goose Up
-- Rolling an endpoint's signing secret keeps the one it replaces valid for
-- an overlap the operator chooses, so a merchant can deploy the new secret
-- without losing deliveries: until previous_secret_expires_at (the
-- database's clock, as every delivery time) each delivery is signed with
-- both. Both columns are NULL when there is no overlap.
ALTER TABLE webhook_endpoints
    ADD COLUMN previous_secret            text,
    ADD COLUMN previous_secret_expires_at timestamptz,
    ADD CONSTRAINT webhook_endpoints_previous_secret_expiry
        CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL));

-- +goose Down
ALTER TABLE webhook_endpoints DROP COLUMN previous_secret, DROP COLUMN previous_secret_expires_at;

-- +goose Up
-- What the checkout page shows of the merchant, and which sites may frame
-- the embedded page.
ALTER TABLE accounts
    ADD COLUMN display_name  text,
    ADD COLUMN logo_url      text,
    ADD COLUMN accent_color  text,
    ADD COLUMN embed_origins text[] NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE accounts DROP COLUMN display_name, DROP COLUMN logo_url, DROP COLUMN accent_color,
    DROP COLUMN embed_origins;

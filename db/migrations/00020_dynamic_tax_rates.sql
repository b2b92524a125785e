-- +goose Up
-- A line item's dynamic tax rates, and the one the shopper's address chose.
ALTER TABLE checkout_line_items
    ADD COLUMN dynamic_tax_rates jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN dynamic_rate jsonb;

-- +goose Down
ALTER TABLE checkout_line_items DROP COLUMN dynamic_tax_rates, DROP COLUMN dynamic_rate;

-- +goose Up
-- A session's discount and its part of the amounts, its promotion code
-- field, and whether an attempt holds one of its coupon's and code's
-- redemptions (redemption_held): taken with the attempt's claim, kept when
-- it pays, given back when it does not.
ALTER TABLE checkout_sessions
    ADD COLUMN amount_discount bigint NOT NULL DEFAULT 0,
    ADD COLUMN allow_promotion_codes boolean NOT NULL DEFAULT false,
    ADD COLUMN discount jsonb,
    ADD COLUMN redemption_held boolean NOT NULL DEFAULT false;
ALTER TABLE checkout_line_items ADD COLUMN amount_discount bigint NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE checkout_line_items DROP COLUMN amount_discount;
ALTER TABLE checkout_sessions DROP COLUMN amount_discount, DROP COLUMN allow_promotion_codes, DROP COLUMN discount,
    DROP COLUMN redemption_held;

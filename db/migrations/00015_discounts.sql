-- +goose Up
-- Coupons and their promotion codes. A deleted coupon is kept (deleted)
-- for the sessions and codes that name it, and is found by no read.
CREATE TABLE coupons (
    seq                bigserial,
    id                 text NOT NULL,
    account_id         text NOT NULL REFERENCES accounts (id),
    livemode           boolean NOT NULL,
    name               text,
    percent_off        double precision,
    amount_off         bigint,
    currency           text,
    currency_options   jsonb NOT NULL DEFAULT '{}',
    duration           text NOT NULL,
    duration_in_months bigint,
    max_redemptions    bigint,
    redeem_by          bigint,
    applies_to         text[] NOT NULL DEFAULT '{}',
    times_redeemed     bigint NOT NULL DEFAULT 0,
    metadata           jsonb NOT NULL DEFAULT '{}',
    deleted            boolean NOT NULL DEFAULT false,
    created            bigint NOT NULL,
    PRIMARY KEY (account_id, id),
    CHECK ((percent_off IS NULL) <> (amount_off IS NULL)),
    -- The redemptions a completed session counts never pass the limit.
    CHECK (max_redemptions IS NULL OR times_redeemed <= max_redemptions)
);
CREATE INDEX coupons_account_seq ON coupons (account_id, seq);

CREATE TABLE promotion_codes (
    seq             bigserial,
    id              text PRIMARY KEY,
    account_id      text NOT NULL REFERENCES accounts (id),
    livemode        boolean NOT NULL,
    code            text NOT NULL,
    coupon_id       text NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    customer_id     text,
    expires_at      bigint,
    max_redemptions bigint,
    restrictions    jsonb NOT NULL,
    times_redeemed  bigint NOT NULL DEFAULT 0,
    metadata        jsonb NOT NULL DEFAULT '{}',
    created         bigint NOT NULL,
    FOREIGN KEY (account_id, coupon_id) REFERENCES coupons (account_id, id),
    CHECK (max_redemptions IS NULL OR times_redeemed <= max_redemptions)
);
CREATE INDEX promotion_codes_account_seq ON promotion_codes (account_id, seq);
-- One active code of a text per account and mode, as at Stripe; codes
-- match whatever their case.
CREATE UNIQUE INDEX promotion_codes_active_code ON promotion_codes (account_id, livemode, upper(code)) WHERE active;

-- +goose Down
DROP TABLE promotion_codes;
DROP TABLE coupons;

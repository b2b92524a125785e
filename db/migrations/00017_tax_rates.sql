-- +goose Up
-- Tax rates, and the line items' taxes: each line keeps its rates as they
-- were when its session was made (tax_rates) and what they came to (taxes).
CREATE TABLE tax_rates (
    seq          bigserial,
    id           text PRIMARY KEY,
    account_id   text NOT NULL REFERENCES accounts (id),
    livemode     boolean NOT NULL,
    display_name text NOT NULL,
    description  text,
    percentage   double precision NOT NULL CHECK (percentage >= 0 AND percentage <= 100),
    inclusive    boolean NOT NULL,
    active       boolean NOT NULL DEFAULT true,
    country      text,
    state        text,
    jurisdiction text,
    tax_type     text,
    metadata     jsonb NOT NULL DEFAULT '{}',
    created      bigint NOT NULL
);
CREATE INDEX tax_rates_account_seq ON tax_rates (account_id, seq);

ALTER TABLE checkout_sessions ADD COLUMN amount_tax bigint NOT NULL DEFAULT 0;
ALTER TABLE checkout_line_items
    ADD COLUMN amount_tax bigint NOT NULL DEFAULT 0,
    ADD COLUMN tax_rates jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN taxes jsonb NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE checkout_line_items DROP COLUMN amount_tax, DROP COLUMN tax_rates, DROP COLUMN taxes;
ALTER TABLE checkout_sessions DROP COLUMN amount_tax;
DROP TABLE tax_rates;

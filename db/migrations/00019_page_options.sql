-- +goose Up
-- What a session's page asks beyond the payment: custom fields (their
-- definitions, and the shopper's values once completed), the merchant's
-- custom texts, the consent asked for and the consent given, and whether a
-- business may give its tax ID; and the account's terms of service URL,
-- which a consent to terms of service links to.
ALTER TABLE checkout_sessions
    ADD COLUMN custom_fields jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN custom_text jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN consent_collection jsonb,
    ADD COLUMN consent jsonb,
    ADD COLUMN tax_id_collection boolean NOT NULL DEFAULT false;
ALTER TABLE accounts ADD COLUMN terms_url text;

-- +goose Down
ALTER TABLE accounts DROP COLUMN terms_url;
ALTER TABLE checkout_sessions DROP COLUMN custom_fields, DROP COLUMN custom_text, DROP COLUMN consent_collection,
    DROP COLUMN consent, DROP COLUMN tax_id_collection;

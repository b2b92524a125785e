-- name: create-tax-rate
INSERT INTO tax_rates (id, account_id, livemode, display_name, description, percentage, inclusive, active, country,
    state, jurisdiction, tax_type, metadata, created)
VALUES (:id, :account_id, :livemode, :display_name, :description, :percentage, :inclusive, :active, :country,
    :state, :jurisdiction, :tax_type, :metadata, :created);

-- name: find-tax-rate
SELECT id, account_id, livemode, display_name, description, percentage, inclusive, active, country, state,
    jurisdiction, tax_type, metadata, created
FROM tax_rates WHERE account_id = $1 AND id = $2;

-- name: update-tax-rate
UPDATE tax_rates SET display_name = :display_name, description = :description, active = :active, country = :country,
    state = :state, jurisdiction = :jurisdiction, tax_type = :tax_type, metadata = :metadata
WHERE account_id = :account_id AND id = :id;

-- name: list-tax-rates
SELECT id, account_id, livemode, display_name, description, percentage, inclusive, active, country, state,
    jurisdiction, tax_type, metadata, created
FROM tax_rates
WHERE account_id = $1 AND livemode = $2
  AND ($3::boolean IS NULL OR active = $3) AND ($4::boolean IS NULL OR inclusive = $4)
  AND ($5::bigint IS NULL OR created > $5) AND ($6::bigint IS NULL OR created >= $6)
  AND ($7::bigint IS NULL OR created < $7) AND ($8::bigint IS NULL OR created <= $8)
  AND ($9::bigint IS NULL OR seq < $9) AND ($10::bigint IS NULL OR seq > $10)
ORDER BY CASE WHEN $10::bigint IS NULL THEN -seq ELSE seq END
LIMIT $11;

-- name: tax-rate-seq
SELECT seq FROM tax_rates WHERE account_id = $1 AND id = $2;

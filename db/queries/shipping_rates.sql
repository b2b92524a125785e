-- name: create-shipping-rate
INSERT INTO shipping_rates (id, account_id, livemode, display_name, amount, currency, currency_options,
    delivery_estimate, tax_behavior, tax_code, active, metadata, created)
VALUES (:id, :account_id, :livemode, :display_name, :amount, :currency, :currency_options,
    :delivery_estimate, :tax_behavior, :tax_code, :active, :metadata, :created);

-- name: find-shipping-rate
SELECT id, account_id, livemode, display_name, amount, currency, currency_options, delivery_estimate,
    tax_behavior, tax_code, active, metadata, created
FROM shipping_rates WHERE account_id = $1 AND id = $2;

-- name: update-shipping-rate
UPDATE shipping_rates SET currency_options = :currency_options, tax_behavior = :tax_behavior, active = :active,
    metadata = :metadata
WHERE account_id = :account_id AND id = :id;

-- name: list-shipping-rates
-- $4 is a currency: a rate is listed under it when its amount is in it,
-- or one of its currency options is.
SELECT id, account_id, livemode, display_name, amount, currency, currency_options, delivery_estimate,
    tax_behavior, tax_code, active, metadata, created
FROM shipping_rates
WHERE account_id = $1 AND livemode = $2
  AND ($3::boolean IS NULL OR active = $3)
  AND ($4::text IS NULL OR currency = $4 OR currency_options ? $4)
  AND ($5::bigint IS NULL OR created > $5) AND ($6::bigint IS NULL OR created >= $6)
  AND ($7::bigint IS NULL OR created < $7) AND ($8::bigint IS NULL OR created <= $8)
  AND ($9::bigint IS NULL OR seq < $9) AND ($10::bigint IS NULL OR seq > $10)
ORDER BY CASE WHEN $10::bigint IS NULL THEN -seq ELSE seq END
LIMIT $11;

-- name: shipping-rate-seq
SELECT seq FROM shipping_rates WHERE account_id = $1 AND id = $2;

-- name: choose-shipping-rate
-- A shopper's choice of shipping option, and the totals it makes: applied
-- only to the attempt state it was decided on ($7, payment_version), which
-- it moves on, so an attempt that read the old total cannot claim the
-- session and reads it again. A session that closed, or that an attempt
-- holds or awaits, is left as it is.
UPDATE checkout_sessions SET shipping_rate = $3, amount_shipping = $4, amount_total = $5,
    payment_version = payment_version + 1
WHERE account_id = $1 AND id = $2 AND status = 'open' AND payment_version = $7
  AND (attempt_until IS NULL OR attempt_until <= $6) AND awaiting IS NULL;

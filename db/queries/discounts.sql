-- name: create-coupon
INSERT INTO coupons (id, account_id, livemode, name, percent_off, amount_off, currency, currency_options, duration,
    duration_in_months, max_redemptions, redeem_by, applies_to, metadata, created)
VALUES (:id, :account_id, :livemode, :name, :percent_off, :amount_off, :currency, :currency_options, :duration,
    :duration_in_months, :max_redemptions, :redeem_by, :applies_to, :metadata, :created);

-- name: find-coupon
SELECT id, account_id, livemode, name, percent_off, amount_off, currency, currency_options, duration,
    duration_in_months, max_redemptions, redeem_by, applies_to, times_redeemed, metadata, created
FROM coupons WHERE account_id = $1 AND id = $2 AND NOT deleted;

-- name: lock-coupon
-- A coupon held for an update until the transaction ends.
SELECT id, account_id, livemode, name, percent_off, amount_off, currency, currency_options, duration,
    duration_in_months, max_redemptions, redeem_by, applies_to, times_redeemed, metadata, created
FROM coupons WHERE account_id = $1 AND id = $2 AND NOT deleted
FOR UPDATE;

-- name: update-coupon
UPDATE coupons SET name = :name, currency_options = :currency_options, metadata = :metadata
WHERE account_id = :account_id AND id = :id AND NOT deleted;

-- name: delete-coupon
UPDATE coupons SET deleted = true WHERE account_id = $1 AND id = $2 AND NOT deleted RETURNING id;

-- name: list-coupons
SELECT id, account_id, livemode, name, percent_off, amount_off, currency, currency_options, duration,
    duration_in_months, max_redemptions, redeem_by, applies_to, times_redeemed, metadata, created
FROM coupons
WHERE account_id = $1 AND livemode = $2 AND NOT deleted
  AND ($3::bigint IS NULL OR created > $3) AND ($4::bigint IS NULL OR created >= $4)
  AND ($5::bigint IS NULL OR created < $5) AND ($6::bigint IS NULL OR created <= $6)
  AND ($7::bigint IS NULL OR seq < $7) AND ($8::bigint IS NULL OR seq > $8)
ORDER BY CASE WHEN $8::bigint IS NULL THEN -seq ELSE seq END
LIMIT $9;

-- name: coupon-seq
SELECT seq FROM coupons WHERE account_id = $1 AND id = $2 AND NOT deleted;

-- name: create-promotion-code
INSERT INTO promotion_codes (id, account_id, livemode, code, coupon_id, active, customer_id, expires_at,
    max_redemptions, restrictions, metadata, created)
VALUES (:id, :account_id, :livemode, :code, :coupon_id, :active, :customer_id, :expires_at,
    :max_redemptions, :restrictions, :metadata, :created);

-- name: find-promotion-code
-- A code with its coupon (as JSON), by id ($2) or, when $2 is NULL, the
-- active code whose text is $3 whatever its case.
SELECT p.id, p.account_id, p.livemode, p.code, p.coupon_id, p.active, p.customer_id, p.expires_at,
    p.max_redemptions, p.restrictions, p.times_redeemed, p.metadata, p.created, to_jsonb(c) AS coupon
FROM promotion_codes p JOIN coupons c ON c.account_id = p.account_id AND c.id = p.coupon_id
WHERE p.account_id = $1 AND (p.id = $2 OR ($2::text IS NULL AND p.active AND upper(p.code) = upper($3)));

-- name: update-promotion-code
UPDATE promotion_codes SET active = :active, metadata = :metadata WHERE account_id = :account_id AND id = :id;

-- name: list-promotion-codes
SELECT p.id, p.account_id, p.livemode, p.code, p.coupon_id, p.active, p.customer_id, p.expires_at,
    p.max_redemptions, p.restrictions, p.times_redeemed, p.metadata, p.created, to_jsonb(c) AS coupon
FROM promotion_codes p JOIN coupons c ON c.account_id = p.account_id AND c.id = p.coupon_id
WHERE p.account_id = $1 AND p.livemode = $2
  AND ($3::boolean IS NULL OR p.active = $3) AND ($4::text IS NULL OR upper(p.code) = upper($4))
  AND ($5::text IS NULL OR p.coupon_id = $5) AND ($6::text IS NULL OR p.customer_id = $6)
  AND ($7::bigint IS NULL OR p.created > $7) AND ($8::bigint IS NULL OR p.created >= $8)
  AND ($9::bigint IS NULL OR p.created < $9) AND ($10::bigint IS NULL OR p.created <= $10)
  AND ($11::bigint IS NULL OR p.seq < $11) AND ($12::bigint IS NULL OR p.seq > $12)
ORDER BY CASE WHEN $12::bigint IS NULL THEN -p.seq ELSE p.seq END
LIMIT $13;

-- name: promotion-code-seq
SELECT seq FROM promotion_codes WHERE account_id = $1 AND id = $2;

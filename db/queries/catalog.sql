-- name: create-product
INSERT INTO products (id, account_id, livemode, active, name, description, images, metadata, default_price,
    tax_code, unit_label, url, created, updated)
VALUES (:id, :account_id, :livemode, :active, :name, :description, :images, :metadata, :default_price,
    :tax_code, :unit_label, :url, :created, :updated);

-- name: update-product
UPDATE products SET active = :active, name = :name, description = :description, images = :images,
    metadata = :metadata, default_price = :default_price, tax_code = :tax_code, unit_label = :unit_label,
    url = :url, updated = :updated
WHERE account_id = :account_id AND id = :id;

-- name: find-product
SELECT id, account_id, livemode, active, name, description, images, metadata, default_price, tax_code,
    unit_label, url, created, updated
FROM products WHERE account_id = $1 AND id = $2;

-- name: list-products
SELECT id, account_id, livemode, active, name, description, images, metadata, default_price, tax_code,
    unit_label, url, created, updated
FROM products
WHERE account_id = $1 AND livemode = $2
  AND ($3::boolean IS NULL OR active = $3)
  AND ($4::bigint IS NULL OR created > $4) AND ($5::bigint IS NULL OR created >= $5)
  AND ($6::bigint IS NULL OR created < $6) AND ($7::bigint IS NULL OR created <= $7)
  AND ($8::bigint IS NULL OR seq < $8) AND ($9::bigint IS NULL OR seq > $9)
ORDER BY CASE WHEN $9::bigint IS NULL THEN -seq ELSE seq END
LIMIT $10;

-- name: product-seq
SELECT seq FROM products WHERE account_id = $1 AND id = $2;

-- name: create-price
INSERT INTO prices (id, account_id, livemode, product_id, active, currency, unit_amount, unit_amount_decimal,
    nickname, lookup_key, tax_behavior, metadata, created)
VALUES (:id, :account_id, :livemode, :product_id, :active, :currency, :unit_amount, :unit_amount_decimal,
    :nickname, :lookup_key, :tax_behavior, :metadata, :created);

-- name: update-price
UPDATE prices SET active = :active, nickname = :nickname, lookup_key = :lookup_key,
    tax_behavior = :tax_behavior, metadata = :metadata
WHERE account_id = :account_id AND id = :id;

-- name: find-price
SELECT id, account_id, livemode, product_id, active, currency, unit_amount, unit_amount_decimal, nickname,
    lookup_key, tax_behavior, metadata, created
FROM prices WHERE account_id = $1 AND id = $2;

-- name: list-prices
SELECT id, account_id, livemode, product_id, active, currency, unit_amount, unit_amount_decimal, nickname,
    lookup_key, tax_behavior, metadata, created
FROM prices
WHERE account_id = $1 AND livemode = $2
  AND ($3::boolean IS NULL OR active = $3) AND ($4::text IS NULL OR currency = $4)
  AND ($5::text IS NULL OR product_id = $5)
  AND ($6::bigint IS NULL OR created > $6) AND ($7::bigint IS NULL OR created >= $7)
  AND ($8::bigint IS NULL OR created < $8) AND ($9::bigint IS NULL OR created <= $9)
  AND ($10::bigint IS NULL OR seq < $10) AND ($11::bigint IS NULL OR seq > $11)
ORDER BY CASE WHEN $11::bigint IS NULL THEN -seq ELSE seq END
LIMIT $12;

-- name: price-seq
SELECT seq FROM prices WHERE account_id = $1 AND id = $2;

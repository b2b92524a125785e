-- name: create-customer
INSERT INTO customers (id, account_id, livemode, email, name, phone, description, address, shipping, metadata, created)
VALUES (:id, :account_id, :livemode, :email, :name, :phone, :description, :address, :shipping, :metadata, :created);

-- name: update-customer
UPDATE customers SET email = :email, name = :name, phone = :phone, description = :description,
    address = :address, shipping = :shipping, metadata = :metadata
WHERE account_id = :account_id AND id = :id AND NOT deleted;

-- name: find-customer
SELECT id, account_id, livemode, email, name, phone, description, address, shipping, metadata, created, deleted
FROM customers WHERE account_id = $1 AND id = $2;

-- name: delete-customer
UPDATE customers SET deleted = true WHERE account_id = $1 AND id = $2 AND NOT deleted RETURNING id;

-- name: list-customers
SELECT id, account_id, livemode, email, name, phone, description, address, shipping, metadata, created, deleted
FROM customers
WHERE account_id = $1 AND livemode = $2 AND NOT deleted
  AND ($3::text IS NULL OR email = $3)
  AND ($4::bigint IS NULL OR created > $4) AND ($5::bigint IS NULL OR created >= $5)
  AND ($6::bigint IS NULL OR created < $6) AND ($7::bigint IS NULL OR created <= $7)
  AND ($8::bigint IS NULL OR seq < $8) AND ($9::bigint IS NULL OR seq > $9)
ORDER BY CASE WHEN $9::bigint IS NULL THEN -seq ELSE seq END
LIMIT $10;

-- name: customer-seq
SELECT seq FROM customers WHERE account_id = $1 AND id = $2;

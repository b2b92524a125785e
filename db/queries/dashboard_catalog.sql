-- The dashboard's reads of an account's product catalogue beyond the API's.

-- name: dashboard-products
-- The dashboard's list of an account's products, filtered by active ($2)
-- and a search ($3: the exact id, or $4, a LIKE pattern of a part of the
-- name matched whatever its case), keyset-paged by seq as dashboard-sessions
-- is: with no cursor or an older-than cursor ($5), newest first; with a
-- newer-than cursor ($6), the nearest newer ones, oldest first (the caller
-- turns them round). Each branch walks products_account_seq in its order
-- from its cursor; the branch not asked for is skipped before it runs.
(SELECT id, account_id, livemode, active, name, description, images, metadata, default_price, tax_code,
    unit_label, url, created, updated
FROM products
WHERE account_id = $1 AND $6::bigint IS NULL AND seq < COALESCE($5::bigint, 9223372036854775807)
  AND ($2::boolean IS NULL OR active = $2)
  AND ($3::text IS NULL OR id = $3 OR name ILIKE $4)
ORDER BY seq DESC
LIMIT $7)
UNION ALL
(SELECT id, account_id, livemode, active, name, description, images, metadata, default_price, tax_code,
    unit_label, url, created, updated
FROM products
WHERE account_id = $1 AND seq > $6::bigint
  AND ($2::boolean IS NULL OR active = $2)
  AND ($3::text IS NULL OR id = $3 OR name ILIKE $4)
ORDER BY seq ASC
LIMIT $7);

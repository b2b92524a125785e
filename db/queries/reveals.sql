-- The secrets dashboard changes reveal once.

-- name: create-reveal
INSERT INTO dashboard_reveals (token_hash, account_id, user_id, object_id, secret, created)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: take-reveal
-- The reveal of a token for its user, made since $4, which goes as it is
-- read.
DELETE FROM dashboard_reveals
WHERE token_hash = $1 AND account_id = $2 AND user_id = $3 AND created >= $4
RETURNING object_id, secret;

-- name: prune-reveals
DELETE FROM dashboard_reveals WHERE created < $1;

-- name: find-refund
SELECT id, account_id, livemode, charge_id, payment_intent_id, amount, currency, status, reason, failure_reason,
    metadata, later_at, later_status, later_failure_reason, reversal, created
FROM refunds WHERE account_id = $1 AND id = $2;

-- name: list-refunds
SELECT id, account_id, livemode, charge_id, payment_intent_id, amount, currency, status, reason, failure_reason,
    metadata, later_at, later_status, later_failure_reason, reversal, created
FROM refunds
WHERE account_id = $1 AND livemode = $2
  AND ($3::text IS NULL OR charge_id = $3) AND ($4::text IS NULL OR payment_intent_id = $4)
  AND ($5::bigint IS NULL OR created > $5) AND ($6::bigint IS NULL OR created >= $6)
  AND ($7::bigint IS NULL OR created < $7) AND ($8::bigint IS NULL OR created <= $8)
  AND ($9::bigint IS NULL OR seq < $9) AND ($10::bigint IS NULL OR seq > $10)
ORDER BY CASE WHEN $10::bigint IS NULL THEN -seq ELSE seq END
LIMIT $11;

-- name: refund-seq
SELECT seq FROM refunds WHERE account_id = $1 AND id = $2;

-- name: due-payments
-- The payments with a change due at $1, at most $2 of each kind: refunds
-- whose announced change is due, and authorizations nobody captured
-- before their charge's capture_before (as the partial index
-- charges_uncaptured keeps them).
(SELECT account_id, payment_intent_id, charge_id, id AS refund_id FROM refunds
  WHERE later_at <= $1 ORDER BY later_at LIMIT $2)
UNION ALL
(SELECT account_id, payment_intent_id, id AS charge_id, '' AS refund_id FROM charges
  WHERE NOT captured AND status = 'succeeded' AND amount_refunded = 0 AND capture_before <= $1
  ORDER BY capture_before LIMIT $2);

-- PaymentMethods made through the API.

-- name: create-payment-method
INSERT INTO payment_methods (id, account_id, livemode, test_card, billing_details, metadata, created)
VALUES (:id, :account_id, :livemode, :test_card, :billing_details, :metadata, :created);

-- name: find-payment-method
SELECT id, account_id, livemode, test_card, billing_details, metadata, created
FROM payment_methods WHERE account_id = $1 AND id = $2;

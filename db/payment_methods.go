package db

import (
	"context"

	"till"
)

type paymentMethodRow struct {
	ID             string `db:"id"`
	AccountID      string `db:"account_id"`
	Livemode       bool   `db:"livemode"`
	TestCard       string `db:"test_card"`
	BillingDetails jsonb  `db:"billing_details"`
	Metadata       jsonb  `db:"metadata"`
	Created        int64  `db:"created"`
}

// CreatePaymentMethod stores a PaymentMethod made through the API.
func (s *Store) CreatePaymentMethod(ctx context.Context, pm *till.PaymentMethod) error {
	_, err := s.q.CreatePaymentMethod.ExecContext(ctx, paymentMethodRow{ID: pm.ID, AccountID: pm.AccountID,
		Livemode: pm.Livemode, TestCard: pm.TestCard, BillingDetails: toJSON(pm.BillingDetails),
		Metadata: metadataJSON(pm.Metadata), Created: pm.Created})
	return translate(err)
}

// FindPaymentMethod returns one of the account's PaymentMethods.
func (s *Store) FindPaymentMethod(ctx context.Context, accountID, id string) (*till.PaymentMethod, error) {
	var r paymentMethodRow
	if err := s.q.FindPaymentMethod.GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "payment_method", id, "payment_method")
	}
	pm := &till.PaymentMethod{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, TestCard: r.TestCard,
		Metadata: metadataFrom(r.Metadata), Created: r.Created}
	fromJSON(r.BillingDetails, &pm.BillingDetails)
	return pm, nil
}

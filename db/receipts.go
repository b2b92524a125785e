package db

import (
	"context"
	"encoding/json"

	"till"
)

// receiptRow is find-receipt's row: the charge and its account as columns,
// the session's locale, and its line items as JSON.
type receiptRow struct {
	chargeRow
	Account       accountRow `db:"account"`
	SessionLocale *string    `db:"session_locale"`
	Items         []byte     `db:"items"`
}

// FindReceipt returns a charge of any account with its account and the
// line items of the session its PaymentIntent paid, in one round trip: the
// receipt page's lookup.
func (s *Store) FindReceipt(ctx context.Context, chargeID string) (*till.Receipt, error) {
	var r receiptRow
	if err := s.q.FindReceipt.QueryRowxContext(ctx, chargeID).StructScan(&r); err != nil {
		return nil, notFound(err, "charge", chargeID, "id")
	}
	var items []checkoutItemRow
	if err := json.Unmarshal(r.Items, &items); err != nil {
		return nil, translate(err)
	}
	rc := &till.Receipt{Charge: r.charge(), Account: r.Account.account(), Locale: r.SessionLocale,
		Items: make([]till.LineItem, len(items))}
	for i, it := range items {
		it.Item.Price = it.Price
		rc.Items[i] = it.Item.lineItem()
	}
	return rc, nil
}

package db

import (
	"context"

	"till"
)

// UpdateQuantities stores the line items and totals a shopper's quantity
// change left session s with, in one statement, while the checkout's
// session is open, unclaimed and in the attempt state co read; it reports
// false when the session changed meanwhile.
func (s *Store) UpdateQuantities(ctx context.Context, co *till.Checkout, sess *till.Session) (bool, error) {
	items := make([]lineItemRow, len(sess.LineItems))
	for i := range sess.LineItems {
		items[i] = lineItemToRow(&sess.LineItems[i])
	}
	var updated, lines, intents int
	err := s.q.UpdateQuantities.QueryRowContext(ctx, sess.AccountID, sess.ID, toJSON(sessionToRow(sess)), rowsJSON(items),
		s.Now(), co.Attempts.Version).Scan(&updated, &lines, &intents)
	if err != nil {
		return false, translate(err)
	}
	return updated == 1, nil
}

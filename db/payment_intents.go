package db

import (
	"context"

	"till"
)

// lockedPaymentIntentRow is an intent held for a change, with its latest
// charge as JSON.
type lockedPaymentIntentRow struct {
	paymentIntentRow
	Charge jsonb `db:"charge"`
}

// ChangePaymentIntent holds the account's intent (a row lock in the
// request's transaction, or in its own) while change decides its next
// state and its latest charge's, then writes both with their events in one
// statement. A concurrent change of the same intent waits for this one's
// commit and decides on what it left.
func (s *Store) ChangePaymentIntent(ctx context.Context, accountID, id string, ev till.EventSource,
	change func(current *till.PaymentIntent, charge *till.Charge) (*till.PaymentChange, []till.NewEvent, error)) (*till.PaymentChange, error) {
	var c *till.PaymentChange
	err := s.inTx(ctx, func(tx *Tx) error {
		var r lockedPaymentIntentRow
		if err := tx.stmt(s.q.LockPaymentIntent).GetContext(ctx, &r, accountID, id); err != nil {
			return notFound(err, "payment_intent", id, "intent")
		}
		var charge *till.Charge
		if cr := jsonPtr[chargeRow](r.Charge); cr != nil {
			charge = cr.charge()
		}
		var events []till.NewEvent
		var err error
		if c, events, err = change(r.paymentIntent(), charge); err != nil {
			return err
		}
		var chargeJSON []byte
		if c.Charge != nil {
			chargeJSON = toJSON(chargeToRow(c.Charge))
		}
		outbox := outboxOf(c.Intent.AccountID, c.Intent.Livemode, events)
		var changed, written int
		err = tx.stmt(s.q.ChangePaymentIntent).QueryRowxContext(ctx, accountID, id, toJSON(paymentIntentToRow(c.Intent)),
			toJSON(s.eventRows(ev, outbox)), chargeJSON).Scan(&changed, &written)
		return translate(err)
	})
	return c, err
}

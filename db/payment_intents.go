package db

import (
	"context"

	"till"
)

// ChangePaymentIntent holds the account's intent (a row lock in the
// request's transaction, or in its own) while change decides its next
// state, then writes that state and its events in one statement. A
// concurrent change of the same intent waits for this one's commit and
// decides on what it left.
func (s *Store) ChangePaymentIntent(ctx context.Context, accountID, id string, ev till.EventSource,
	change func(current *till.PaymentIntent) (*till.PaymentIntent, []till.NewEvent, error)) (*till.PaymentIntent, error) {
	var next *till.PaymentIntent
	err := s.inTx(ctx, func(tx *Tx) error {
		var r paymentIntentRow
		if err := tx.stmt(s.q.LockPaymentIntent).GetContext(ctx, &r, accountID, id); err != nil {
			return notFound(err, "payment_intent", id, "intent")
		}
		var events []till.NewEvent
		var err error
		if next, events, err = change(r.paymentIntent()); err != nil {
			return err
		}
		outbox := outboxOf(next.AccountID, next.Livemode, events)
		var changed, written int
		err = tx.stmt(s.q.ChangePaymentIntent).QueryRowxContext(ctx, accountID, id, toJSON(paymentIntentToRow(next)),
			toJSON(s.eventRows(ev, outbox))).Scan(&changed, &written)
		return translate(err)
	})
	return next, err
}

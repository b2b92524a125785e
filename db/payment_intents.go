package db

import (
	"context"

	"till"
)

// paymentPartsRow is a held intent's charge and a refund of it, as JSON.
type paymentPartsRow struct {
	Charge jsonb `db:"charge"`
	Refund jsonb `db:"refund"`
}

// ChangePayment holds the account's intent (a row lock in the request's
// transaction, or in its own), with the charge and refund ref names, while
// change decides their next states, then writes them with their events in
// one statement. A concurrent change of the same intent waits for this
// one's commit and decides on what it left. A change that decides nothing
// (nil) writes nothing.
func (s *Store) ChangePayment(ctx context.Context, ref till.PaymentRef, ev till.EventSource,
	change func(p *till.PaymentState) (*till.PaymentChange, []till.NewEvent, error)) (*till.PaymentChange, error) {
	var c *till.PaymentChange
	err := s.inTx(ctx, func(tx *Tx) error {
		var r paymentIntentRow
		if err := tx.stmt(s.q.LockPaymentIntent).GetContext(ctx, &r, ref.AccountID, ref.IntentID); err != nil {
			return notFound(err, "payment_intent", ref.IntentID, "intent")
		}
		st := &till.PaymentState{Intent: r.paymentIntent()}
		var latest string
		if r.LatestChargeID != nil {
			latest = *r.LatestChargeID
		}
		var parts paymentPartsRow
		if err := tx.stmt(s.q.FindPaymentParts).GetContext(ctx, &parts, ref.AccountID, ref.IntentID, ref.ChargeID, latest, ref.RefundID); err != nil {
			return translate(err)
		}
		if cr := jsonPtr[chargeRow](parts.Charge); cr != nil {
			st.Charge = cr.charge()
		}
		if rr := jsonPtr[refundRow](parts.Refund); rr != nil {
			st.Refund = rr.refund()
		}
		if ref.RefundID != "" && st.Refund == nil {
			return till.NotFound("refund", ref.RefundID, "id")
		}
		var events []till.NewEvent
		var err error
		if c, events, err = change(st); err != nil || c == nil {
			return err
		}
		return s.writePaymentChange(ctx, tx, ev, c, events)
	})
	return c, err
}

// writePaymentChange stores a decided change of a held payment with its
// events, in one statement.
func (s *Store) writePaymentChange(ctx context.Context, tx *Tx, ev till.EventSource, c *till.PaymentChange, events []till.NewEvent) error {
	var charge, refund []byte
	if c.Charge != nil {
		charge = toJSON(chargeToRow(c.Charge))
	}
	if c.Refund != nil {
		refund = toJSON(refundToRow(c.Refund))
	}
	outbox := outboxOf(c.Intent.AccountID, c.Intent.Livemode, events)
	var changed, written int
	err := tx.stmt(s.q.ChangePaymentIntent).QueryRowxContext(ctx, c.Intent.AccountID, c.Intent.ID, toJSON(paymentIntentToRow(c.Intent)),
		s.eventsJSON(ev, outbox), charge, refund).Scan(&changed, &written)
	return translate(err)
}

// FindRefund returns one of the account's refunds.
func (s *Store) FindRefund(ctx context.Context, accountID, id string) (*till.Refund, error) {
	var r refundRow
	if err := s.stmt(ctx, s.q.FindRefund).GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "refund", id, "id")
	}
	return r.refund(), nil
}

// ListRefunds returns a page of the account's refunds, newest first, of a
// charge or a PaymentIntent when given.
func (s *Store) ListRefunds(ctx context.Context, caller till.Caller, chargeID, paymentIntentID *string, page till.Page) ([]*till.Refund, bool, error) {
	after, before, err := s.cursors(ctx, s.q.RefundSeq, caller.AccountID, page, "refund")
	if err != nil {
		return nil, false, err
	}
	var rows []refundRow
	err = s.stmt(ctx, s.q.ListRefunds).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, chargeID,
		paymentIntentID, page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, refundRow.refund)
	return out, more, nil
}

// DuePayments names the payments with a change due at now: refunds whose
// announced change came due, and authorizations past capture_before.
func (s *Store) DuePayments(ctx context.Context, now int64, limit int) ([]till.PaymentRef, error) {
	var rows []struct {
		AccountID string `db:"account_id"`
		IntentID  string `db:"payment_intent_id"`
		ChargeID  string `db:"charge_id"`
		RefundID  string `db:"refund_id"`
	}
	if err := s.q.DuePayments.SelectContext(ctx, &rows, now, limit); err != nil {
		return nil, translate(err)
	}
	out := make([]till.PaymentRef, len(rows))
	for i, r := range rows {
		out[i] = till.PaymentRef{AccountID: r.AccountID, IntentID: r.IntentID, ChargeID: r.ChargeID, RefundID: r.RefundID}
	}
	return out, nil
}

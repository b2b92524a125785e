package till

import "context"

// PaymentStore is what the payment service needs from storage.
type PaymentStore interface {
	Now() int64
	// ChangePayment reads the payment ref names (an intent, its charge,
	// a refund of it) and holds it, so that no other change of it runs
	// meanwhile, while change decides their next states; it then stores
	// them with their events at once. Nothing is written when change fails.
	ChangePayment(ctx context.Context, ref PaymentRef, ev EventSource,
		change func(p *PaymentState) (*PaymentChange, []NewEvent, error)) (*PaymentChange, error)
	FindCharge(ctx context.Context, accountID, id string) (*Charge, error)
	FindRefund(ctx context.Context, accountID, id string) (*Refund, error)
	// DuePayments names the payments with a change due at now: refunds
	// whose announced change is due, and authorizations past their
	// capture_before; at most limit of each.
	DuePayments(ctx context.Context, now int64, limit int) ([]PaymentRef, error)
}

// PaymentRef names a payment a change holds: the account's intent, the
// charge to act on (the intent's latest when empty) and the refund of it
// the change is about, if any.
type PaymentRef struct {
	AccountID string
	IntentID  string
	ChargeID  string
	RefundID  string
}

// PaymentState is a payment as a change finds it: the intent, the charge
// (nil when the intent has none) and the refund named, if any.
type PaymentState struct {
	Intent *PaymentIntent
	Charge *Charge
	Refund *Refund
}

// Payments captures, cancels and refunds a merchant's payments, and makes
// the changes of theirs that come due (refunds settling, authorizations
// expiring).
//
// A change holds its intent (a row lock in the request's transaction) from
// its read to its write, across the processor call: a capture and a cancel
// of one intent must not both reach the processor, two refunds must not
// both take the last of a charge, and the second change must decide on
// what the first left. Unlike a shopper's attempt (CheckoutService), these
// are a merchant's rare calls on one row that no shopper's path writes any
// more, so a lock held for a processor call stalls nothing but a
// concurrent change of the same payment, which has to wait or lose anyway.
type Payments struct {
	store     PaymentStore
	processor Processor
	renderers Renderers
}

// NewPayments returns the service.
func NewPayments(store PaymentStore, processor Processor, renderers Renderers) *Payments {
	return &Payments{store: store, processor: processor, renderers: renderers}
}

// CaptureParams are a capture's parameters: the amount to take (all that is
// capturable when nil) and a metadata update, applied as Stripe applies one.
type CaptureParams struct {
	AmountToCapture *int64
	Metadata        map[string]string
}

// Capture takes the amount of an authorized intent (CapturePaymentIntent)
// and applies the metadata update. An intent is captured or canceled at most
// once, so the processor's idempotency key is the operation and the intent:
// a capture retried after a lost answer (a crash before the commit) is the
// same call.
func (s *Payments) Capture(ctx context.Context, accountID, id string, p CaptureParams, ev EventSource) (*PaymentIntent, error) {
	c, err := s.change(ctx, PaymentRef{AccountID: accountID, IntentID: id}, ev, func(st *PaymentState) (*PaymentChange, error) {
		c, err := CapturePaymentIntent(st.Intent, st.Charge, p.AmountToCapture)
		if err != nil {
			return nil, err
		}
		if c.Intent.Metadata, err = applyMetadata(c.Intent.Metadata, p.Metadata); err != nil {
			return nil, err
		}
		err = s.processor.Capture(ctx, CaptureRequest{IdempotencyKey: "capture:" + id,
			PaymentIntentID: id, Amount: c.Intent.AmountReceived})
		return c, err
	})
	return intentOf(c, err)
}

// Cancel releases an authorized intent's hold (CancelPaymentIntent).
func (s *Payments) Cancel(ctx context.Context, accountID, id string, reason *string, ev EventSource) (*PaymentIntent, error) {
	c, err := s.change(ctx, PaymentRef{AccountID: accountID, IntentID: id}, ev, func(st *PaymentState) (*PaymentChange, error) {
		c, err := CancelPaymentIntent(st.Intent, st.Charge, reason, s.store.Now())
		if err != nil {
			return nil, err
		}
		return c, s.processor.Cancel(ctx, CancelRequest{IdempotencyKey: "cancel:" + id, PaymentIntentID: id})
	})
	return intentOf(c, err)
}

// RefundTarget is what a refund names: a charge or a PaymentIntent (whose
// latest charge is refunded), exactly one of them.
type RefundTarget struct {
	ChargeID        *string
	PaymentIntentID *string
}

// Refund returns money of a captured charge (RefundPayment). The refund's
// id, chosen before the processor is asked, is the call's idempotency key:
// a retry of the same request (the API's Idempotency-Key) is answered from
// its record, and a refund the processor answered but Till did not record
// is never recorded, so it was never asked twice for the same money.
func (s *Payments) Refund(ctx context.Context, accountID string, target RefundTarget, p RefundParams, ev EventSource) (*Refund, error) {
	ref, err := s.refundRef(ctx, accountID, target)
	if err != nil {
		return nil, err
	}
	c, err := s.change(ctx, ref, ev, func(st *PaymentState) (*PaymentChange, error) {
		amount, err := CheckRefund(st.Intent, st.Charge, &p)
		if err != nil {
			return nil, err
		}
		id := NewRefundID()
		answer, err := s.processor.Refund(ctx, RefundRequest{IdempotencyKey: id, PaymentIntentID: st.Intent.ID,
			Reference: st.Charge.ProcessorReference, Amount: amount})
		if err != nil {
			return nil, err
		}
		return RefundPayment(st.Intent, st.Charge, id, amount, p, answer, s.store.Now()), nil
	})
	if target.PaymentIntentID != nil && ErrorKindOf(err) == KindNotFound {
		return nil, NotFound("payment_intent", *target.PaymentIntentID, "payment_intent")
	}
	return refundOf(c, err)
}

// refundRef names the payment a refund's target refunds.
func (s *Payments) refundRef(ctx context.Context, accountID string, target RefundTarget) (PaymentRef, error) {
	switch {
	case target.ChargeID != nil && target.PaymentIntentID != nil:
		return PaymentRef{}, Exclusive("charge", "payment_intent")
	case target.ChargeID != nil:
		ch, err := s.store.FindCharge(ctx, accountID, *target.ChargeID)
		if err != nil {
			return PaymentRef{}, NotFound("charge", *target.ChargeID, "charge")
		}
		return PaymentRef{AccountID: accountID, IntentID: ch.PaymentIntentID, ChargeID: ch.ID}, nil
	case target.PaymentIntentID != nil:
		return PaymentRef{AccountID: accountID, IntentID: *target.PaymentIntentID}, nil
	}
	return PaymentRef{}, Invalid(CodeParameterMissing, "",
		"One of the following params should be provided for this request: payment_intent or charge.")
}

// UpdateRefund applies a metadata update to a refund.
func (s *Payments) UpdateRefund(ctx context.Context, accountID, id string, metadata map[string]string, ev EventSource) (*Refund, error) {
	return s.changeRefund(ctx, accountID, id, ev, func(st *PaymentState) (*PaymentChange, error) {
		return UpdateRefund(st.Intent, st.Charge, st.Refund, metadata)
	})
}

// CancelRefund cancels a refund that has not reached the card
// (CancelRefund).
func (s *Payments) CancelRefund(ctx context.Context, accountID, id string, ev EventSource) (*Refund, error) {
	return s.changeRefund(ctx, accountID, id, ev, func(st *PaymentState) (*PaymentChange, error) {
		return CancelRefund(st.Intent, st.Charge, st.Refund)
	})
}

// changeRefund runs decide on a refund held with its payment.
func (s *Payments) changeRefund(ctx context.Context, accountID, id string, ev EventSource,
	decide func(st *PaymentState) (*PaymentChange, error)) (*Refund, error) {
	r, err := s.store.FindRefund(ctx, accountID, id)
	if err != nil {
		return nil, err
	}
	ref := PaymentRef{AccountID: accountID, IntentID: r.PaymentIntentID, ChargeID: r.ChargeID, RefundID: r.ID}
	return refundOf(s.change(ctx, ref, ev, decide))
}

// SweepDue makes the changes due at now, at most limit of each kind:
// refunds whose announced change came due (SettleRefund), and
// authorizations past their capture_before (ExpireAuthorization). It
// returns how many it made; a payment another change took meanwhile is
// decided again on what that change left, so each change happens once.
func (s *Payments) SweepDue(ctx context.Context, limit int) (int, error) {
	now := s.store.Now()
	refs, err := s.store.DuePayments(ctx, now, limit)
	if err != nil {
		return 0, err
	}
	made := 0
	for _, ref := range refs {
		c, err := s.change(ctx, ref, EventSource{}, func(st *PaymentState) (*PaymentChange, error) {
			if st.Refund != nil {
				return SettleRefund(st.Intent, st.Charge, st.Refund, now), nil
			}
			return ExpireAuthorization(st.Intent, st.Charge, now), nil
		})
		if err != nil {
			return made, err
		}
		if c != nil {
			made++
		}
	}
	return made, nil
}

// change runs decide on the held payment and renders the events of what it
// decided, for the store to write with it. A decision of nothing (nil)
// writes nothing and returns nil.
func (s *Payments) change(ctx context.Context, ref PaymentRef, ev EventSource,
	decide func(st *PaymentState) (*PaymentChange, error)) (*PaymentChange, error) {
	return s.store.ChangePayment(ctx, ref, ev, func(st *PaymentState) (*PaymentChange, []NewEvent, error) {
		c, err := decide(st)
		if err != nil || c == nil {
			return nil, nil, err
		}
		events, err := s.renderers.RenderAll(c.Events)
		return c, events, err
	})
}

func intentOf(c *PaymentChange, err error) (*PaymentIntent, error) {
	if err != nil {
		return nil, err
	}
	return c.Intent, nil
}

func refundOf(c *PaymentChange, err error) (*Refund, error) {
	if err != nil {
		return nil, err
	}
	return c.Refund, nil
}

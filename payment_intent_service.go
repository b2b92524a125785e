package till

import "context"

// PaymentIntentStore is what the PaymentIntent service needs from storage.
type PaymentIntentStore interface {
	Now() int64
	// ChangePaymentIntent reads the account's intent with its latest
	// charge (nil when it has none) and holds it, so that no other change
	// of it runs meanwhile, while change decides their next states; it then
	// stores them with their events at once. Nothing is written when
	// change fails.
	ChangePaymentIntent(ctx context.Context, accountID, id string, ev EventSource,
		change func(current *PaymentIntent, charge *Charge) (*PaymentChange, []NewEvent, error)) (*PaymentChange, error)
}

// PaymentIntents captures and cancels a merchant's PaymentIntents.
//
// A change holds its intent (a row lock in the request's transaction) from
// its read to its write, across the processor call: a capture and a cancel
// of one intent must not both reach the processor, and the second one must
// decide on what the first left. Unlike a shopper's attempt
// (CheckoutService), these are a merchant's rare calls on one row that no
// shopper's path writes any more, so a lock held for a processor call stalls
// nothing but a concurrent change of the same intent, which has to wait or
// lose anyway.
type PaymentIntents struct {
	store     PaymentIntentStore
	processor Processor
	renderers Renderers
}

// NewPaymentIntents returns the service.
func NewPaymentIntents(store PaymentIntentStore, processor Processor, renderers Renderers) *PaymentIntents {
	return &PaymentIntents{store: store, processor: processor, renderers: renderers}
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
func (s *PaymentIntents) Capture(ctx context.Context, accountID, id string, p CaptureParams, ev EventSource) (*PaymentIntent, error) {
	return s.change(ctx, accountID, id, ev, func(current *PaymentIntent, charge *Charge) (*PaymentChange, error) {
		c, err := CapturePaymentIntent(current, charge, p.AmountToCapture)
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
}

// Cancel releases an authorized intent's hold (CancelPaymentIntent).
func (s *PaymentIntents) Cancel(ctx context.Context, accountID, id string, reason *string, ev EventSource) (*PaymentIntent, error) {
	return s.change(ctx, accountID, id, ev, func(current *PaymentIntent, charge *Charge) (*PaymentChange, error) {
		c, err := CancelPaymentIntent(current, charge, reason, s.store.Now())
		if err != nil {
			return nil, err
		}
		return c, s.processor.Cancel(ctx, CancelRequest{IdempotencyKey: "cancel:" + id, PaymentIntentID: id})
	})
}

// change runs decide on the held intent and renders the events of what it
// decided, for the store to write with it.
func (s *PaymentIntents) change(ctx context.Context, accountID, id string, ev EventSource,
	decide func(current *PaymentIntent, charge *Charge) (*PaymentChange, error)) (*PaymentIntent, error) {
	c, err := s.store.ChangePaymentIntent(ctx, accountID, id, ev, func(current *PaymentIntent, charge *Charge) (*PaymentChange, []NewEvent, error) {
		c, err := decide(current, charge)
		if err != nil {
			return nil, nil, err
		}
		events, err := s.renderers.RenderAll(c.Events)
		return c, events, err
	})
	if err != nil {
		return nil, err
	}
	return c.Intent, nil
}

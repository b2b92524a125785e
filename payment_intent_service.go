package till

import "context"

// PaymentIntentStore is what the PaymentIntent service needs from storage.
type PaymentIntentStore interface {
	Now() int64
	// ChangePaymentIntent reads the account's intent and holds it, so that
	// no other change of it runs meanwhile, while change decides its next
	// state; it then stores that state with its events at once. Nothing is
	// written when change fails.
	ChangePaymentIntent(ctx context.Context, accountID, id string, ev EventSource,
		change func(current *PaymentIntent) (*PaymentIntent, []NewEvent, error)) (*PaymentIntent, error)
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
	return s.store.ChangePaymentIntent(ctx, accountID, id, ev, func(current *PaymentIntent) (*PaymentIntent, []NewEvent, error) {
		next, types, err := CapturePaymentIntent(current, p.AmountToCapture)
		if err != nil {
			return nil, nil, err
		}
		if next.Metadata, err = applyMetadata(next.Metadata, p.Metadata); err != nil {
			return nil, nil, err
		}
		err = s.processor.Capture(ctx, CaptureRequest{IdempotencyKey: "capture:" + id,
			PaymentIntentID: id, Amount: next.AmountReceived})
		if err != nil {
			return nil, nil, err
		}
		return s.render(next, types)
	})
}

// Cancel releases an authorized intent's hold (CancelPaymentIntent).
func (s *PaymentIntents) Cancel(ctx context.Context, accountID, id string, reason *string, ev EventSource) (*PaymentIntent, error) {
	return s.store.ChangePaymentIntent(ctx, accountID, id, ev, func(current *PaymentIntent) (*PaymentIntent, []NewEvent, error) {
		next, types, err := CancelPaymentIntent(current, reason, s.store.Now())
		if err != nil {
			return nil, nil, err
		}
		if err := s.processor.Cancel(ctx, CancelRequest{IdempotencyKey: "cancel:" + id, PaymentIntentID: id}); err != nil {
			return nil, nil, err
		}
		return s.render(next, types)
	})
}

// render gives the events of a change, each carrying the intent's new state.
func (s *PaymentIntents) render(next *PaymentIntent, types []string) (*PaymentIntent, []NewEvent, error) {
	events := make([]NewEvent, len(types))
	for i, typ := range types {
		data, err := s.renderers.Render(Occurrence{typ, next.ID, next})
		if err != nil {
			return nil, nil, err
		}
		events[i] = NewEvent{Type: typ, ObjectID: next.ID, Data: data}
	}
	return next, events, nil
}

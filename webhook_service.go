package till

import (
	"context"
	"time"
)

// WebhookStore is what the webhook endpoint service needs from storage.
type WebhookStore interface {
	Now() int64
	CreateWebhookEndpoint(ctx context.Context, e *WebhookEndpoint) error
	FindWebhookEndpoint(ctx context.Context, accountID, id string) (*WebhookEndpoint, error)
	UpdateWebhookEndpoint(ctx context.Context, accountID, id string, apply func(*WebhookEndpoint) error) (*WebhookEndpoint, error)
	RollWebhookSecret(ctx context.Context, accountID, id, secret string, overlap time.Duration) (*WebhookEndpoint, error)
	// CreateTestEvent stores a test event of the endpoint's account, which
	// the account's events leave out, with one delivery, to the endpoint,
	// due now; it returns the event's id.
	CreateTestEvent(ctx context.Context, e *WebhookEndpoint, ev NewEvent, src EventSource) (string, error)
}

// WebhookEndpoints creates and changes an account's webhook endpoints, for
// the API and the dashboard alike: the same rules, the same errors.
type WebhookEndpoints struct {
	store     WebhookStore
	renderers Renderers
}

// NewWebhookEndpoints returns the service; renderers render test events'
// sample objects as real events carry them.
func NewWebhookEndpoints(store WebhookStore, renderers Renderers) *WebhookEndpoints {
	return &WebhookEndpoints{store: store, renderers: renderers}
}

// Create makes an endpoint of the caller's account. The endpoint returned
// carries its signing secret, which only this answer shows.
func (w *WebhookEndpoints) Create(ctx context.Context, caller Caller, p WebhookEndpointParams) (*WebhookEndpoint, error) {
	e, err := NewWebhookEndpoint(caller, p, w.store.Now())
	if err != nil {
		return nil, err
	}
	if err := w.store.CreateWebhookEndpoint(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// Update changes an endpoint: its url, events, description, metadata, and
// whether it is enabled.
func (w *WebhookEndpoints) Update(ctx context.Context, accountID, id string, p WebhookEndpointParams) (*WebhookEndpoint, error) {
	if err := p.checkUpdate(); err != nil {
		return nil, err
	}
	return w.store.UpdateWebhookEndpoint(ctx, accountID, id, p.apply)
}

// RollSecret gives an endpoint a new signing secret, which the endpoint
// returned carries; the one it replaces keeps signing deliveries too for
// expiresIn seconds (SecretRollOverlap), so the merchant can deploy the new
// one without a delivery failing verification in between.
func (w *WebhookEndpoints) RollSecret(ctx context.Context, accountID, id string, expiresIn *int64) (*WebhookEndpoint, error) {
	overlap, err := SecretRollOverlap(expiresIn)
	if err != nil {
		return nil, err
	}
	return w.store.RollWebhookSecret(ctx, accountID, id, NewWebhookSecret(), overlap)
}

// SendTest sends an enabled endpoint a test event (SampleEvent) through the
// delivery queue, and returns the event's id.
func (w *WebhookEndpoints) SendTest(ctx context.Context, accountID, id string, src EventSource) (string, error) {
	e, err := w.store.FindWebhookEndpoint(ctx, accountID, id)
	if err != nil {
		return "", err
	}
	if e.Status != WebhookEndpointEnabled {
		return "", &Error{Kind: KindConflict, Message: "This endpoint is disabled: enable it to send it a test event."}
	}
	ev, err := SampleEvent(e, w.renderers, w.store.Now())
	if err != nil {
		return "", err
	}
	return w.store.CreateTestEvent(ctx, e, ev, src)
}

package api

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"till"
)

// EventStore is what the events and webhook endpoint routes need from
// storage, part of Store.
type EventStore interface {
	FindEvent(ctx context.Context, accountID, id string) (*till.StoredEvent, error)
	ListEvents(ctx context.Context, caller till.Caller, f till.EventFilter, page till.Page) ([]*till.StoredEvent, bool, error)
	ResendEvent(ctx context.Context, accountID, eventID, endpointID string) (*till.StoredEvent, error)

	CreateWebhookEndpoint(ctx context.Context, e *till.WebhookEndpoint) error
	FindWebhookEndpoint(ctx context.Context, accountID, id string) (*till.WebhookEndpoint, error)
	UpdateWebhookEndpoint(ctx context.Context, accountID, id string, apply func(*till.WebhookEndpoint) error) (*till.WebhookEndpoint, error)
	RollWebhookSecret(ctx context.Context, accountID, id, secret string, overlap time.Duration) (*till.WebhookEndpoint, error)
	CreateTestEvent(ctx context.Context, e *till.WebhookEndpoint, ev till.NewEvent, src till.EventSource) (string, error)
	DeleteWebhookEndpoint(ctx context.Context, accountID, id string) error
	ListWebhookEndpoints(ctx context.Context, caller till.Caller, page till.Page) ([]*till.WebhookEndpoint, bool, error)
}

type eventListParams struct {
	till.ListParams
	Type            *string  `form:"type"`
	Types           []string `form:"types"`
	DeliverySuccess *bool    `form:"delivery_success"`
}

// EventList handles "GET /v1/events".
func (h *Handler) EventList(c *fiber.Ctx) error {
	r := newRequest(c)

	var p eventListParams
	page, _, err := decodeList(c, &p, &p.ListParams)
	if err != nil {
		return err
	}
	f, err := eventFilter(&p)
	if err != nil {
		return err
	}
	events, more, err := h.store.ListEvents(r.ctx, r.info.Caller, f, page)
	if err != nil {
		return err
	}
	data := make([]*eventObject, len(events))
	for i, ev := range events {
		if data[i], err = eventObjectJSON(&ev.Event, ev.APIVersion, ev.PendingWebhooks); err != nil {
			return err
		}
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/events", data, more))
}

// eventFilter checks the filters of an event list: `type` is one type or a
// group with * as a wildcard, `types` up to 20 exact types, not both;
// delivery_success as Stripe has it.
func eventFilter(p *eventListParams) (till.EventFilter, error) {
	f := till.EventFilter{DeliverySuccess: p.DeliverySuccess}
	if p.Type != nil && p.Types != nil {
		return f, till.Exclusive("type", "types")
	}
	if p.Type != nil {
		pattern := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`, `*`, `%`).Replace(*p.Type)
		f.TypePattern = &pattern
	}
	if p.Types != nil {
		if len(p.Types) > 20 {
			return f, till.Invalid(till.CodeInvalidRequest, "types", "You may pass up to 20 types, but you passed %d.", len(p.Types))
		}
		f.Types = p.Types
	}
	return f, nil
}

// EventRetrieve handles "GET /v1/events/:id".
func (h *Handler) EventRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)

	if _, err := decodeRetrieve(c); err != nil {
		return err
	}
	ev, err := h.store.FindEvent(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	return writeEvent(c, ev)
}

type eventRetryParams struct {
	WebhookEndpoint *string  `form:"webhook_endpoint"`
	Expand          []string `form:"expand"`
}

// EventRetry handles "POST /v1/events/:id/retry": one more delivery of an
// event to one endpoint, the call behind the Stripe CLI's `events resend`.
func (h *Handler) EventRetry(c *fiber.Ctx) error {
	r := newRequest(c)

	var p eventRetryParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	if p.WebhookEndpoint == nil || *p.WebhookEndpoint == "" {
		return till.Missing("webhook_endpoint")
	}
	ev, err := h.store.ResendEvent(r.ctx, r.accountID(), c.Params("id"), *p.WebhookEndpoint)
	if err != nil {
		return err
	}
	return writeEvent(c, ev)
}

// RenderEvent renders an event as a webhook delivers it: stamped with the
// endpoint's API version, because stripe-go rejects events of another
// release train, with its object in that version's shape, and counting
// this delivery as pending.
func RenderEvent(ev *till.Event, apiVersion string) ([]byte, error) {
	o, err := eventObjectJSON(ev, apiVersion, 1)
	if err != nil {
		return nil, err
	}
	return marshal(o)
}

// RenderStoredEvent renders a stored event as the API answers with it: in
// the version it was created in, with its deliveries still to be made.
func RenderStoredEvent(ev *till.StoredEvent) ([]byte, error) {
	o, err := eventObjectJSON(&ev.Event, ev.APIVersion, ev.PendingWebhooks)
	if err != nil {
		return nil, err
	}
	return marshal(o)
}

// writeEvent answers with a stored event.
func writeEvent(c *fiber.Ctx, ev *till.StoredEvent) error {
	b, err := RenderStoredEvent(ev)
	if err != nil {
		return err
	}
	return writeBody(c, fiber.StatusOK, b)
}

// objectInVersion renders an event's object, stored in storedEventVersion,
// in apiVersion's shape. The one difference between the versions Till
// speaks is a checkout session's ui_mode names.
func objectInVersion(data []byte, apiVersion string) (json.RawMessage, error) {
	var kind struct {
		Object string `json:"object"`
	}
	if err := json.Unmarshal(data, &kind); err != nil {
		return nil, err
	}
	if kind.Object != "checkout.session" || till.IsDahliaOrLater(apiVersion) == till.IsDahliaOrLater(storedEventVersion) {
		return data, nil
	}
	var s sessionObject
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, err
	}
	s.UIMode = till.UIModeForVersion(s.UIMode, apiVersion)
	return eventJSON(&s)
}

type webhookEndpointParams struct {
	till.WebhookEndpointParams
	Expand []string `form:"expand"`
}

// WebhookEndpointCreate handles "POST /v1/webhook_endpoints". The answer is
// the only one that shows the signing secret.
func (h *Handler) WebhookEndpointCreate(c *fiber.Ctx) error {
	r := newRequest(c)

	var p webhookEndpointParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	e, err := h.webhooks.Create(r.ctx, r.info.Caller, p.WebhookEndpointParams)
	if err != nil {
		return err
	}
	o := webhookEndpointJSON(e)
	o.Secret = &e.Secret
	return writeJSON(c, fiber.StatusOK, o)
}

// WebhookEndpointRetrieve handles "GET /v1/webhook_endpoints/:id".
func (h *Handler) WebhookEndpointRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)

	if _, err := decodeRetrieve(c); err != nil {
		return err
	}
	e, err := h.store.FindWebhookEndpoint(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, webhookEndpointJSON(e))
}

// WebhookEndpointUpdate handles "POST /v1/webhook_endpoints/:id".
func (h *Handler) WebhookEndpointUpdate(c *fiber.Ctx) error {
	r := newRequest(c)

	var p webhookEndpointParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	e, err := h.webhooks.Update(r.ctx, r.accountID(), c.Params("id"), p.WebhookEndpointParams)
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, webhookEndpointJSON(e))
}

type rollSecretParams struct {
	ExpiresIn *int64   `form:"expires_in"`
	Expand    []string `form:"expand"`
}

// WebhookEndpointRollSecret handles "POST /v1/webhook_endpoints/:id/roll_secret",
// Till's own call (Stripe rolls secrets only in its dashboard): the
// endpoint gets a new secret, shown in this answer as on create, and the
// old one keeps signing deliveries for expires_in seconds (a day unless
// given; 0 retires it at once), so the merchant can deploy the new secret
// without a delivery failing verification in between.
func (h *Handler) WebhookEndpointRollSecret(c *fiber.Ctx) error {
	r := newRequest(c)

	var p rollSecretParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	e, err := h.webhooks.RollSecret(r.ctx, r.accountID(), c.Params("id"), p.ExpiresIn)
	if err != nil {
		return err
	}
	o := webhookEndpointJSON(e)
	o.Secret = &e.Secret
	return writeJSON(c, fiber.StatusOK, o)
}

// WebhookEndpointDelete handles "DELETE /v1/webhook_endpoints/:id".
func (h *Handler) WebhookEndpointDelete(c *fiber.Ctx) error {
	r := newRequest(c)

	id := c.Params("id")
	if err := h.store.DeleteWebhookEndpoint(r.ctx, r.accountID(), id); err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, &deletedObject{ID: id, Object: "webhook_endpoint", Deleted: true})
}

// WebhookEndpointList handles "GET /v1/webhook_endpoints".
func (h *Handler) WebhookEndpointList(c *fiber.Ctx) error {
	r := newRequest(c)

	var p till.ListParams
	page, _, err := decodeList(c, &p, &p)
	if err != nil {
		return err
	}
	if p.Created != nil {
		return till.Invalid(till.CodeParameterUnknown, "created", "Received unknown parameter: created")
	}
	endpoints, more, err := h.store.ListWebhookEndpoints(r.ctx, r.info.Caller, page)
	if err != nil {
		return err
	}
	data := make([]*webhookEndpointObject, len(endpoints))
	for i, e := range endpoints {
		data[i] = webhookEndpointJSON(e)
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/webhook_endpoints", data, more))
}

package api

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

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

// writeEvent answers with a stored event, in the version it was created in.
func writeEvent(c *fiber.Ctx, ev *till.StoredEvent) error {
	o, err := eventObjectJSON(&ev.Event, ev.APIVersion, ev.PendingWebhooks)
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, o)
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

// Event types an endpoint may ask for: the ones Till emits, and the other
// types of the Checkout flow, accepted so configurations written for Stripe
// keep working though Till never sends them.
var knownEventTypes = []string{
	till.EventCheckoutSessionCompleted, till.EventCheckoutSessionExpired,
	"checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed",
	till.EventPaymentIntentCreated, till.EventPaymentIntentSucceeded, till.EventPaymentIntentFailed,
	till.EventPaymentIntentCanceled, "payment_intent.processing", "payment_intent.requires_action",
	till.EventPaymentIntentCapturable,
	till.EventChargeSucceeded, till.EventChargeFailed, till.EventChargeCaptured, till.EventChargeRefunded,
	till.EventChargeExpired, till.EventChargeRefundUpdated, "charge.updated",
	till.EventRefundCreated, till.EventRefundUpdated, till.EventRefundFailed,
	till.EventCustomerCreated, "customer.updated", "customer.deleted",
	"product.created", "product.updated", "product.deleted",
	"price.created", "price.updated", "price.deleted",
}

type webhookEndpointParams struct {
	URL           *string           `form:"url"`
	EnabledEvents []string          `form:"enabled_events"`
	Description   *string           `form:"description,emptyok"`
	Metadata      map[string]string `form:"metadata"`
	APIVersion    *string           `form:"api_version"`
	Connect       *bool             `form:"connect"`
	Disabled      *bool             `form:"disabled"`
	Expand        []string          `form:"expand"`
}

// check validates the parameters an endpoint create or update sent.
func (p *webhookEndpointParams) check() error {
	if p.URL != nil {
		if err := till.CheckRedirectURL("url", *p.URL); err != nil {
			return till.Invalid(till.CodeURLInvalid, "url", "Invalid URL: %s must be an absolute http or https URL.", *p.URL)
		}
	}
	if p.EnabledEvents != nil && len(p.EnabledEvents) == 0 {
		return till.Missing("enabled_events")
	}
	for i, t := range p.EnabledEvents {
		if t != "*" && !slices.Contains(knownEventTypes, t) {
			return till.Invalid(till.CodeInvalidRequest, fmt.Sprintf("enabled_events[%d]", i),
				"Invalid enabled_events[%d]: must be * or one of %s", i, strings.Join(knownEventTypes, ", "))
		}
	}
	if p.Description != nil && utf8.RuneCountInString(*p.Description) > 5000 {
		return till.Invalid(till.CodeInvalidRequest, "description", "Invalid string: must be at most 5000 characters")
	}
	if p.APIVersion != nil && !till.KnownAPIVersion(*p.APIVersion) {
		return till.Invalid(till.CodeInvalidRequest, "api_version", "Invalid API version: %s", *p.APIVersion)
	}
	if p.Connect != nil && *p.Connect {
		return till.Invalid(till.CodeInvalidRequest, "connect", "Till has no connected accounts: connect must be false.")
	}
	return till.CheckMetadata("metadata", p.Metadata)
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
	switch {
	case p.URL == nil:
		return till.Missing("url")
	case p.EnabledEvents == nil:
		return till.Missing("enabled_events")
	case p.Disabled != nil:
		return till.Invalid(till.CodeParameterUnknown, "disabled", "Received unknown parameter: disabled")
	}
	if err := p.check(); err != nil {
		return err
	}
	e := &till.WebhookEndpoint{ID: "we_" + till.RandomString(24), AccountID: r.accountID(),
		Livemode: r.info.Caller.Livemode, URL: *p.URL, EnabledEvents: p.EnabledEvents, APIVersion: p.APIVersion,
		Metadata: till.CleanMetadata(p.Metadata), Secret: newWebhookSecret(),
		Status: till.WebhookEndpointEnabled, Created: h.store.Now()}
	if p.Description != nil && *p.Description != "" {
		e.Description = p.Description
	}
	if err := h.store.CreateWebhookEndpoint(r.ctx, e); err != nil {
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
	switch {
	case p.APIVersion != nil:
		return till.Invalid(till.CodeParameterUnknown, "api_version", "Received unknown parameter: api_version")
	case p.Connect != nil:
		return till.Invalid(till.CodeParameterUnknown, "connect", "Received unknown parameter: connect")
	}
	if err := p.check(); err != nil {
		return err
	}
	e, err := h.store.UpdateWebhookEndpoint(r.ctx, r.accountID(), c.Params("id"), func(e *till.WebhookEndpoint) error {
		if p.URL != nil {
			e.URL = *p.URL
		}
		if p.EnabledEvents != nil {
			e.EnabledEvents = p.EnabledEvents
		}
		if p.Description != nil {
			e.Description = optionalString(*p.Description)
		}
		if p.Disabled != nil {
			e.Status = till.WebhookEndpointEnabled
			if *p.Disabled {
				e.Status = till.WebhookEndpointDisabled
			}
		}
		e.Metadata = till.MergeMetadata(e.Metadata, p.Metadata, p.Metadata != nil && len(p.Metadata) == 0)
		return till.CheckMetadata("metadata", e.Metadata)
	})
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, webhookEndpointJSON(e))
}

type rollSecretParams struct {
	ExpiresIn *int64   `form:"expires_in"`
	Expand    []string `form:"expand"`
}

// Overlaps a roll may give the secret it replaces: none up to a week, a
// day unless asked, as Stripe's dashboard offers.
const (
	defaultRollOverlap = 24 * time.Hour
	maxRollOverlap     = 7 * 24 * time.Hour
)

// newWebhookSecret returns a fresh signing secret.
func newWebhookSecret() string { return "whsec_" + till.RandomString(32) }

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
	overlap := defaultRollOverlap
	if p.ExpiresIn != nil {
		if *p.ExpiresIn < 0 || *p.ExpiresIn > int64(maxRollOverlap/time.Second) {
			return till.Invalid(till.CodeInvalidRequest, "expires_in",
				"Invalid expires_in: must be between 0 and %d seconds (7 days).", int64(maxRollOverlap/time.Second))
		}
		overlap = time.Duration(*p.ExpiresIn) * time.Second
	}
	e, err := h.store.RollWebhookSecret(r.ctx, r.accountID(), c.Params("id"), newWebhookSecret(), overlap)
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

func optionalString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

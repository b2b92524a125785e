package till

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Webhook endpoint statuses: a disabled endpoint is sent nothing.
const (
	WebhookEndpointEnabled  = "enabled"
	WebhookEndpointDisabled = "disabled"
)

// WebhookEndpoint is where an account wants its events sent. Secret signs
// every delivery; the API shows it only in the answer to the create.
type WebhookEndpoint struct {
	ID            string
	AccountID     string
	Livemode      bool
	URL           string
	EnabledEvents []string
	Description   *string
	Metadata      map[string]string
	APIVersion    *string
	Secret        string
	Status        string
	Created       int64
}

// WebhookEventTypes are the event types an endpoint may ask for: the ones
// Till emits, and the other types of the Checkout flow, accepted so
// configurations written for Stripe keep working though Till never sends
// them.
var WebhookEventTypes = []string{
	EventCheckoutSessionCompleted, EventCheckoutSessionExpired,
	"checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed",
	EventPaymentIntentCreated, EventPaymentIntentSucceeded, EventPaymentIntentFailed,
	EventPaymentIntentCanceled, "payment_intent.processing", EventPaymentIntentRequiresAction,
	EventPaymentIntentCapturable,
	EventChargeSucceeded, EventChargeFailed, EventChargeCaptured, EventChargeRefunded,
	EventChargeExpired, EventChargeRefundUpdated, "charge.updated",
	EventRefundCreated, EventRefundUpdated, EventRefundFailed,
	EventCustomerCreated, "customer.updated", "customer.deleted",
	"product.created", "product.updated", "product.deleted",
	"price.created", "price.updated", "price.deleted",
}

// WebhookEndpointParams are what a create or an update of an endpoint
// sends: the API's parameters, and the dashboard's form.
type WebhookEndpointParams struct {
	URL           *string           `form:"url"`
	EnabledEvents []string          `form:"enabled_events"`
	Description   *string           `form:"description,emptyok"`
	Metadata      map[string]string `form:"metadata"`
	APIVersion    *string           `form:"api_version"`
	Connect       *bool             `form:"connect"`
	Disabled      *bool             `form:"disabled"`
}

// check validates the parameters a create or an update sent.
func (p *WebhookEndpointParams) check() error {
	if p.URL != nil {
		if err := CheckRedirectURL("url", *p.URL); err != nil {
			return Invalid(CodeURLInvalid, "url", "Invalid URL: %s must be an absolute http or https URL.", *p.URL)
		}
	}
	if p.EnabledEvents != nil && len(p.EnabledEvents) == 0 {
		return Missing("enabled_events")
	}
	for i, t := range p.EnabledEvents {
		if t != "*" && !slices.Contains(WebhookEventTypes, t) {
			return Invalid(CodeInvalidRequest, fmt.Sprintf("enabled_events[%d]", i),
				"Invalid enabled_events[%d]: must be * or one of %s", i, strings.Join(WebhookEventTypes, ", "))
		}
	}
	if p.Description != nil && utf8.RuneCountInString(*p.Description) > 5000 {
		return Invalid(CodeInvalidRequest, "description", "Invalid string: must be at most 5000 characters")
	}
	if p.APIVersion != nil && !KnownAPIVersion(*p.APIVersion) {
		return Invalid(CodeInvalidRequest, "api_version", "Invalid API version: %s", *p.APIVersion)
	}
	if p.Connect != nil && *p.Connect {
		return Invalid(CodeInvalidRequest, "connect", "Till has no connected accounts: connect must be false.")
	}
	return CheckMetadata("metadata", p.Metadata)
}

// NewWebhookEndpoint checks a create's parameters and returns the endpoint,
// enabled, with a fresh signing secret.
func NewWebhookEndpoint(caller Caller, p WebhookEndpointParams, now int64) (*WebhookEndpoint, error) {
	switch {
	case p.URL == nil:
		return nil, Missing("url")
	case p.EnabledEvents == nil:
		return nil, Missing("enabled_events")
	case p.Disabled != nil:
		return nil, Invalid(CodeParameterUnknown, "disabled", "Received unknown parameter: disabled")
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	e := &WebhookEndpoint{ID: "we_" + RandomString(24), AccountID: caller.AccountID, Livemode: caller.Livemode,
		URL: *p.URL, EnabledEvents: p.EnabledEvents, APIVersion: p.APIVersion, Metadata: CleanMetadata(p.Metadata),
		Secret: NewWebhookSecret(), Status: WebhookEndpointEnabled, Created: now}
	if p.Description != nil && *p.Description != "" {
		e.Description = p.Description
	}
	return e, nil
}

// checkUpdate checks an update's parameters before the endpoint is read:
// an endpoint's API version and Connect setting never change.
func (p *WebhookEndpointParams) checkUpdate() error {
	switch {
	case p.APIVersion != nil:
		return Invalid(CodeParameterUnknown, "api_version", "Received unknown parameter: api_version")
	case p.Connect != nil:
		return Invalid(CodeParameterUnknown, "connect", "Received unknown parameter: connect")
	}
	return p.check()
}

// apply makes a checked update's changes to an endpoint.
func (p *WebhookEndpointParams) apply(e *WebhookEndpoint) error {
	if p.URL != nil {
		e.URL = *p.URL
	}
	if p.EnabledEvents != nil {
		e.EnabledEvents = p.EnabledEvents
	}
	if p.Description != nil {
		e.Description = nil
		if *p.Description != "" {
			e.Description = p.Description
		}
	}
	if p.Disabled != nil {
		e.Status = WebhookEndpointEnabled
		if *p.Disabled {
			e.Status = WebhookEndpointDisabled
		}
	}
	e.Metadata = MergeMetadata(e.Metadata, p.Metadata, p.Metadata != nil && len(p.Metadata) == 0)
	return CheckMetadata("metadata", e.Metadata)
}

// NewWebhookSecret returns a fresh signing secret.
func NewWebhookSecret() string { return "whsec_" + RandomString(32) }

// Overlaps a roll may give the secret it replaces: none up to a week, a
// day unless asked, as Stripe's dashboard offers.
const (
	DefaultSecretRollOverlap = 24 * time.Hour
	MaxSecretRollOverlap     = 7 * 24 * time.Hour
)

// SecretRollOverlap is how long a roll keeps the replaced secret signing:
// expiresIn seconds (0 retires it at once), a day when nil.
func SecretRollOverlap(expiresIn *int64) (time.Duration, error) {
	if expiresIn == nil {
		return DefaultSecretRollOverlap, nil
	}
	if *expiresIn < 0 || *expiresIn > int64(MaxSecretRollOverlap/time.Second) {
		return 0, Invalid(CodeInvalidRequest, "expires_in",
			"Invalid expires_in: must be between 0 and %d seconds (7 days).", int64(MaxSecretRollOverlap/time.Second))
	}
	return time.Duration(*expiresIn) * time.Second, nil
}

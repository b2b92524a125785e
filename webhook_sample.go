package till

import (
	"slices"
	"strings"
)

// A test event is what "Send test webhook" sends an endpoint: an event of a
// type it listens to whose object is a sample, not one of the account's,
// with ids of zeros as in the test webhooks Stripe's Dashboard used to send
// (evt_00000000000000 with a ch_00000000000000 charge). Till gives the event
// a fresh id, so that a receiver that drops events it has seen handles each
// test, and keeps it out of the account's events (the API never lists or
// finds it); it is delivered, signed and recorded as every other event is.

// sampleID is the id of every sample object of a kind: its prefix and zeros.
func sampleID(prefix string) string { return prefix + "00000000000000" }

// sampleEventType is the first of an endpoint's events that Till can send
// a sample of: checkout.session.completed for an endpoint of every event.
func sampleEventType(enabled []string) (string, bool) {
	if slices.Contains(enabled, "*") {
		return EventCheckoutSessionCompleted, true
	}
	for _, t := range enabled {
		if sampleKind(t) != "" {
			return t, true
		}
	}
	return "", false
}

// sampleKind is the kind of object an event of type t carries, "" for the
// types Till has no object of (products and prices).
func sampleKind(t string) string {
	switch {
	case strings.HasPrefix(t, "checkout.session."):
		return "checkout.session"
	case strings.HasPrefix(t, "payment_intent."):
		return "payment_intent"
	case t == EventChargeRefundUpdated || strings.HasPrefix(t, "refund."):
		return "refund"
	case strings.HasPrefix(t, "charge."):
		return "charge"
	case strings.HasPrefix(t, "customer."):
		return "customer"
	}
	return ""
}

// SampleEvent renders a test event of the first type the endpoint listens
// to that Till has an object for, with a sample object made at now.
func SampleEvent(e *WebhookEndpoint, renderers Renderers, now int64) (NewEvent, error) {
	t, ok := sampleEventType(e.EnabledEvents)
	if !ok {
		return NewEvent{}, Invalid(CodeInvalidRequest, "enabled_events",
			"This endpoint listens only to events Till has no objects for (%s): add an event Till sends to test it.",
			strings.Join(e.EnabledEvents, ", "))
	}
	var obj any
	const amount, currency = 2000, "usd"
	pi, ch := sampleID("pi_"), sampleID("ch_")
	switch sampleKind(t) {
	case "checkout.session":
		status, paid := SessionComplete, PaymentPaid
		if t == EventCheckoutSessionExpired {
			status, paid = SessionExpired, PaymentUnpaid
		}
		success := "https://example.com/success"
		obj = &Session{ID: sampleID("cs_test_"), Livemode: e.Livemode, Status: status, PaymentStatus: paid,
			Mode: "payment", UIMode: UIModeHosted, Currency: currency, AmountSubtotal: amount, AmountTotal: amount,
			SuccessURL: &success, PaymentMethodTypes: []string{"card"}, PaymentIntentID: &pi,
			Metadata: map[string]string{}, Created: now, ExpiresAt: now + 24*60*60}
	case "payment_intent":
		obj = &PaymentIntent{ID: pi, Livemode: e.Livemode, Status: PaymentIntentSucceeded, Amount: amount,
			AmountReceived: amount, Currency: currency, CaptureMethod: "automatic", LatestChargeID: &ch,
			Metadata: map[string]string{}, Created: now}
	case "charge":
		obj = &Charge{ID: ch, Livemode: e.Livemode, PaymentIntentID: pi, Status: ChargeSucceeded, Amount: amount,
			AmountCaptured: amount, Captured: true, Currency: currency,
			Card:     Card{Brand: "visa", Last4: "4242", ExpMonth: 12, ExpYear: 2034, Funding: "credit", Country: "US"},
			Metadata: map[string]string{}, Created: now}
	case "refund":
		obj = &Refund{ID: sampleID("re_"), Livemode: e.Livemode, ChargeID: ch, PaymentIntentID: pi,
			Amount: amount, Currency: currency, Status: RefundSucceeded, Metadata: map[string]string{}, Created: now}
	case "customer":
		email := "jenny.rosen@example.com"
		obj = &Customer{ID: sampleID("cus_"), Livemode: e.Livemode, Email: &email,
			Metadata: map[string]string{}, Created: now, Deleted: t == "customer.deleted"}
	}
	events, err := renderers.RenderAll([]Occurrence{{Type: t, ObjectID: sampleObjectID(obj), Object: obj}})
	if err != nil {
		return NewEvent{}, err
	}
	return events[0], nil
}

// sampleObjectID is the id of a sample object.
func sampleObjectID(obj any) string {
	switch obj := obj.(type) {
	case *Session:
		return obj.ID
	case *PaymentIntent:
		return obj.ID
	case *Charge:
		return obj.ID
	case *Refund:
		return obj.ID
	case *Customer:
		return obj.ID
	}
	return ""
}

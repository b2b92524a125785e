package web_test

import (
	"net/http"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// listEvents returns the events a list call yields, newest first.
func listEvents(t *testing.T, acct *account, p *stripe.EventListParams) []*stripe.Event {
	t.Helper()
	if p == nil {
		p = &stripe.EventListParams{}
	}
	var out []*stripe.Event
	for ev, err := range acct.Stripe.V1Events.List(bg, p) {
		if err != nil {
			t.Fatalf("list events: %v", err)
		}
		out = append(out, ev)
	}
	return out
}

func TestEventsExpireCarriesRequest(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	sess, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}
	p := &stripe.CheckoutSessionExpireParams{}
	p.SetIdempotencyKey("expire-" + sess.ID[len(sess.ID)-8:])
	expired, err := acct.Stripe.V1CheckoutSessions.Expire(bg, sess.ID, p)
	if err != nil {
		t.Fatal(err)
	}
	events := listEvents(t, acct, &stripe.EventListParams{Type: stripe.String("checkout.session.expired")})
	if len(events) != 1 {
		t.Fatalf("got %d checkout.session.expired events, want 1", len(events))
	}
	ev, err := acct.Stripe.V1Events.Retrieve(bg, events[0].ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Object != "event" || ev.Type != "checkout.session.expired" || ev.APIVersion != basilVersion || ev.Livemode {
		t.Errorf("event = object %q type %q api_version %q livemode %v", ev.Object, ev.Type, ev.APIVersion, ev.Livemode)
	}
	if ev.Request == nil || ev.Request.ID != expired.LastResponse.RequestID || ev.Request.IdempotencyKey != *p.IdempotencyKey {
		t.Errorf("request = %+v, want id %q and idempotency key %q", ev.Request, expired.LastResponse.RequestID, *p.IdempotencyKey)
	}
	if got := ev.Data.Object["id"]; got != sess.ID {
		t.Errorf("data.object.id = %v, want %s", got, sess.ID)
	}
	if got := ev.Data.Object["status"]; got != "expired" {
		t.Errorf("data.object.status = %v, want expired", got)
	}
	if got := ev.Data.Object["object"]; got != "checkout.session" {
		t.Errorf("data.object.object = %v, want checkout.session", got)
	}
}

func TestEventsCustomerCreated(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	cust, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("a@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	events := listEvents(t, acct, nil)
	if len(events) != 1 || events[0].Type != "customer.created" {
		t.Fatalf("events = %v, want one customer.created", sdkTypes(events))
	}
	ev := events[0]
	if ev.Data.Object["id"] != cust.ID || ev.Data.Object["email"] != "a@example.com" {
		t.Errorf("data.object = %v, want customer %s", ev.Data.Object, cust.ID)
	}
	if ev.Request == nil || ev.Request.ID != cust.LastResponse.RequestID || ev.Request.IdempotencyKey == "" {
		// stripe-go sends an Idempotency-Key with every POST.
		t.Errorf("request = %+v, want id %s and a key", ev.Request, cust.LastResponse.RequestID)
	}
	if ev.PendingWebhooks != 0 {
		t.Errorf("pending_webhooks = %d, want 0 without endpoints", ev.PendingWebhooks)
	}
}

func sdkTypes(events []*stripe.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = string(e.Type)
	}
	return out
}

func TestEventsListFiltersAndPages(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	for range 3 {
		if _, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{}); err != nil {
			t.Fatal(err)
		}
	}
	ids := createSessions(t, acct, 1)
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, ids[0], nil); err != nil {
		t.Fatal(err)
	}
	all := listEvents(t, acct, nil)
	equalIDs(t, "types newest first", sdkTypes(all),
		[]string{"checkout.session.expired", "customer.created", "customer.created", "customer.created"})
	for i := 1; i < len(all); i++ {
		if all[i].Created > all[i-1].Created {
			t.Errorf("event %d is newer than event %d", i, i-1)
		}
	}
	t.Run("TypeWildcard", func(t *testing.T) {
		got := listEvents(t, acct, &stripe.EventListParams{Type: stripe.String("customer.*")})
		equalIDs(t, "ids", idsOf(got), idsOf(all[1:]))
	})
	t.Run("Types", func(t *testing.T) {
		got := listEvents(t, acct, &stripe.EventListParams{Types: stripe.StringSlice([]string{"checkout.session.expired", "payment_intent.created"})})
		equalIDs(t, "ids", idsOf(got), idsOf(all[:1]))
	})
	t.Run("Created", func(t *testing.T) {
		got := listEvents(t, acct, &stripe.EventListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThan: all[0].Created}})
		if len(got) != 0 {
			t.Errorf("created[gt]=newest gave %d events", len(got))
		}
		got = listEvents(t, acct, &stripe.EventListParams{CreatedRange: &stripe.RangeQueryParams{LesserThanOrEqual: all[0].Created}})
		equalIDs(t, "ids", idsOf(got), idsOf(all))
	})
	t.Run("Pages", func(t *testing.T) {
		res := srv.do(t, "GET", "/v1/events?limit=2", acct.SecretKey, "")
		got, more := listIDs(t, res)
		equalIDs(t, "first page", got, idsOf(all[:2]))
		if !more {
			t.Error("has_more = false on the first page")
		}
		res = srv.do(t, "GET", "/v1/events?limit=2&starting_after="+all[1].ID, acct.SecretKey, "")
		got, more = listIDs(t, res)
		equalIDs(t, "second page", got, idsOf(all[2:]))
		if more {
			t.Error("has_more = true on the last page")
		}
		res = srv.do(t, "GET", "/v1/events?limit=2&ending_before="+all[3].ID, acct.SecretKey, "")
		got, _ = listIDs(t, res)
		equalIDs(t, "ending_before page", got, idsOf(all[1:3]))
	})
	t.Run("ErrTypeAndTypes", func(t *testing.T) {
		res := srv.do(t, "GET", "/v1/events?type=customer.created&types[]=customer.created", acct.SecretKey, "")
		wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "parameters_exclusive", "type")
	})
	t.Run("ErrUnknownCursor", func(t *testing.T) {
		res := srv.do(t, "GET", "/v1/events?starting_after=evt_nope", acct.SecretKey, "")
		wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "resource_missing", "starting_after")
	})
}

func TestEventsOtherAccount(t *testing.T) {
	srv := newTestServer(t)
	a, b := srv.newAccount(t), srv.newAccount(t)
	if _, err := a.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{}); err != nil {
		t.Fatal(err)
	}
	events := listEvents(t, a, nil)
	if len(events) != 1 {
		t.Fatalf("account a has %d events, want 1", len(events))
	}
	_, err := b.Stripe.V1Events.Retrieve(bg, events[0].ID, nil)
	wantErr(t, err, http.StatusNotFound, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id", "No such event")
	if got := listEvents(t, b, nil); len(got) != 0 {
		t.Errorf("account b lists %d events of account a", len(got))
	}
}

func idsOf(events []*stripe.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.ID
	}
	return out
}

// delivery_success=true lists the events every endpoint has received (an
// event from before any endpoint counts as received), false the ones still
// pending at one.
func TestEventsDeliverySuccess(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	before, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = acct.Stripe.V1WebhookEndpoints.Create(bg, &stripe.WebhookEndpointCreateParams{
		URL: stripe.String("https://hooks.example/till"), EnabledEvents: stripe.StringSlice([]string{"*"})})
	if err != nil {
		t.Fatal(err)
	}
	after, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{})
	if err != nil {
		t.Fatal(err)
	}
	objectIDs := func(events []*stripe.Event) []string {
		var out []string
		for _, ev := range events {
			out = append(out, ev.Data.Object["id"].(string))
		}
		return out
	}
	// No worker runs in this server: the second customer's event stays pending.
	got := listEvents(t, acct, &stripe.EventListParams{DeliverySuccess: stripe.Bool(true)})
	equalIDs(t, "delivered", objectIDs(got), []string{before.ID})
	got = listEvents(t, acct, &stripe.EventListParams{DeliverySuccess: stripe.Bool(false)})
	equalIDs(t, "pending", objectIDs(got), []string{after.ID})
	if got[0].PendingWebhooks != 1 {
		t.Errorf("pending_webhooks = %d, want 1", got[0].PendingWebhooks)
	}
}

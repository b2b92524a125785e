package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"

	"till/db"
	"till/handlers/api"
	"till/worker"
)

// receiver is a merchant's webhook endpoint on 127.0.0.1. It verifies every
// delivery with stripe-go's webhook.ConstructEvent and the endpoint's secret,
// and answers with the status answer gives for the n-th request (from 1).
type receiver struct {
	URL string

	mu       sync.Mutex
	secret   string
	answer   func(n int) int
	events   []stripe.Event
	requests []*http.Request
}

func newReceiver(t *testing.T, answer func(n int) int) *receiver {
	t.Helper()
	r := &receiver{answer: answer}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.requests = append(r.requests, req)
		ev, err := webhook.ConstructEvent(body, req.Header.Get("Stripe-Signature"), r.secret)
		if err != nil {
			t.Errorf("delivery does not verify with the endpoint secret: %v", err)
		}
		r.events = append(r.events, ev)
		status := http.StatusOK
		if r.answer != nil {
			status = r.answer(len(r.requests))
		}
		if status == http.StatusFound {
			w.Header().Set("Location", "/elsewhere")
		}
		w.WriteHeader(status)
		io.WriteString(w, `{"received":true}`)
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL + "/webhook"
	return r
}

// endpoint registers the receiver for events and tells it the secret.
func (r *receiver) endpoint(t *testing.T, acct *account, events ...string) *stripe.WebhookEndpoint {
	t.Helper()
	we, err := acct.Stripe.V1WebhookEndpoints.Create(bg, endpointParams(r.URL, events...))
	if err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	r.secret = we.Secret
	r.mu.Unlock()
	return we
}

// received returns the types and ids of the events received so far.
func (r *receiver) received() (types, ids []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, ev := range r.events {
		types = append(types, string(ev.Type))
		ids = append(ids, ev.ID)
	}
	return types, ids
}

// waitFor polls until cond holds, failing after a generous deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var loopbackOnly = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// startDeliverer runs a deliverer on the test server's store until the test
// ends, retrying failures after schedule.
func startDeliverer(t *testing.T, store *db.Store, allow []netip.Prefix, schedule ...time.Duration) {
	t.Helper()
	if schedule == nil {
		schedule = []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond, 80 * time.Millisecond}
	}
	d := worker.NewDeliverer(worker.DelivererConfig{Store: store, RenderEvent: api.RenderEvent,
		Guard: worker.NewGuard(allow), Schedule: schedule, Poll: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(bg)
	done := make(chan struct{})
	go func() { defer close(done); d.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

var signaturePattern = regexp.MustCompile(`^t=\d+,v1=[0-9a-f]{64}$`)

func TestWebhookDeliverySigned(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	all := newReceiver(t, nil)
	all.endpoint(t, acct, "*")
	expiredOnly := newReceiver(t, nil)
	expiredOnly.endpoint(t, acct, "checkout.session.expired")
	startDeliverer(t, srv.Store, loopbackOnly)

	if _, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("a@example.com")}); err != nil {
		t.Fatal(err)
	}
	ids := createSessions(t, acct, 1)
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, ids[0], nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "both events at the * endpoint", func() bool { types, _ := all.received(); return len(types) >= 2 })
	waitFor(t, "the expired event at the filtered endpoint", func() bool { types, _ := expiredOnly.received(); return len(types) >= 1 })

	// Deliveries are concurrent, so their order is not the events' order.
	events := listEvents(t, acct, nil)
	types, got := all.received()
	equalIDs(t, "types at *", sorted(types), []string{"checkout.session.expired", "customer.created"})
	equalIDs(t, "ids at *", sorted(got), sorted(idsOf(events)))
	types, got = expiredOnly.received()
	equalIDs(t, "types at the filtered endpoint", types, []string{"checkout.session.expired"})
	equalIDs(t, "ids at the filtered endpoint", got, idsOf(events[:1]))

	all.mu.Lock()
	for _, r := range all.requests {
		if r.Method != http.MethodPost || r.Header.Get("User-Agent") != worker.UserAgent ||
			!strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") ||
			!signaturePattern.MatchString(r.Header.Get("Stripe-Signature")) {
			t.Errorf("delivery %s %v", r.Method, r.Header)
		}
	}
	for _, ev := range all.events {
		if ev.APIVersion != basilVersion || ev.Object != "event" {
			t.Errorf("delivered event api_version %q object %q", ev.APIVersion, ev.Object)
		}
	}
	for _, ev := range all.events {
		if ev.Type == "checkout.session.expired" && (ev.Data.Object["id"] != ids[0] || ev.Data.Object["status"] != "expired") {
			t.Errorf("expired event data.object = %v", ev.Data.Object)
		}
	}
	all.mu.Unlock()
	waitFor(t, "pending_webhooks to drop to 0", func() bool {
		for _, ev := range listEvents(t, acct, nil) {
			if ev.PendingWebhooks != 0 {
				return false
			}
		}
		return true
	})
}

func TestWebhookDeliveryRetriesUntilUp(t *testing.T) {
	srv, raw := newTestServerDB(t)
	acct := srv.newAccount(t)
	recv := newReceiver(t, func(n int) int {
		if n <= 3 {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	})
	recv.endpoint(t, acct, "customer.created")
	startDeliverer(t, srv.Store, loopbackOnly)
	if _, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{}); err != nil {
		t.Fatal(err)
	}
	var status string
	waitFor(t, "the delivery to succeed", func() bool {
		raw.Get(&status, `SELECT status FROM webhook_deliveries`)
		return status == "delivered"
	})
	_, ids := recv.received()
	events := listEvents(t, acct, nil)
	if len(ids) != 4 {
		t.Fatalf("receiver got %d requests, want 4 (three 503s, then 200)", len(ids))
	}
	for _, id := range ids {
		if id != events[0].ID {
			t.Errorf("delivered event id %s, want %s every time", id, events[0].ID)
		}
	}
	var codes []int
	if err := raw.Select(&codes, `SELECT status_code FROM webhook_attempts ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	equalIDs(t, "attempt statuses", intsToStrings(codes), []string{"503", "503", "503", "200"})
	var response string
	raw.Get(&response, `SELECT response FROM webhook_attempts ORDER BY id DESC LIMIT 1`)
	if response != `{"received":true}` {
		t.Errorf("recorded response = %q", response)
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func intsToStrings(v []int) []string {
	out := make([]string, len(v))
	for i, n := range v {
		out[i] = strconv.Itoa(n)
	}
	return out
}

func TestWebhookDeliveryGoneDisablesEndpoint(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	recv := newReceiver(t, func(int) int { return http.StatusGone })
	we := recv.endpoint(t, acct, "*")
	startDeliverer(t, srv.Store, loopbackOnly)
	if _, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the endpoint to be disabled", func() bool {
		got, err := acct.Stripe.V1WebhookEndpoints.Retrieve(bg, we.ID, nil)
		return err == nil && got.Status == "disabled"
	})
	if types, _ := recv.received(); len(types) != 1 {
		t.Errorf("receiver got %d requests, want 1", len(types))
	}
}

func TestWebhookDeliveryNeverFollowsRedirects(t *testing.T) {
	srv, raw := newTestServerDB(t)
	acct := srv.newAccount(t)
	recv := newReceiver(t, func(int) int { return http.StatusFound })
	recv.endpoint(t, acct, "*")
	startDeliverer(t, srv.Store, loopbackOnly, time.Hour)
	if _, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{}); err != nil {
		t.Fatal(err)
	}
	var code int
	waitFor(t, "the attempt to be recorded", func() bool {
		raw.Get(&code, `SELECT status_code FROM webhook_attempts`)
		return code != 0
	})
	if code != http.StatusFound {
		t.Errorf("recorded status = %d, want 302", code)
	}
	recv.mu.Lock()
	defer recv.mu.Unlock()
	for _, r := range recv.requests {
		if r.URL.Path != "/webhook" {
			t.Errorf("the redirect was followed to %s", r.URL.Path)
		}
	}
	var status string
	raw.Get(&status, `SELECT status FROM webhook_deliveries`)
	if status != "pending" {
		t.Errorf("delivery status = %q, want pending (to retry)", status)
	}
}

func TestWebhookDeliveryRefusesLoopbackByDefault(t *testing.T) {
	srv, raw := newTestServerDB(t)
	acct := srv.newAccount(t)
	recv := newReceiver(t, nil)
	recv.endpoint(t, acct, "*")
	startDeliverer(t, srv.Store, nil, time.Hour)
	if _, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{}); err != nil {
		t.Fatal(err)
	}
	var errText *string
	waitFor(t, "the refused attempt to be recorded", func() bool {
		raw.Get(&errText, `SELECT error FROM webhook_attempts`)
		return errText != nil
	})
	if !strings.Contains(*errText, "not allowed") {
		t.Errorf("recorded error = %q, want the guard's", *errText)
	}
	if types, _ := recv.received(); len(types) != 0 {
		t.Errorf("the receiver on 127.0.0.1 got %d requests", len(types))
	}
}

func TestEventRetry(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	other := srv.newAccount(t)
	recv := newReceiver(t, nil)
	we := recv.endpoint(t, acct, "checkout.session.expired")
	startDeliverer(t, srv.Store, loopbackOnly)
	if _, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{}); err != nil {
		t.Fatal(err)
	}
	events := listEvents(t, acct, nil)
	// The endpoint does not listen for customer.created, but a resend
	// names it explicitly.
	res := srv.do(t, "POST", "/v1/events/"+events[0].ID+"/retry", acct.SecretKey, form("webhook_endpoint", we.ID))
	if got := object(t, res); got["id"] != events[0].ID || got["object"] != "event" {
		t.Errorf("retry answer = %v", got)
	}
	srv.do(t, "POST", "/v1/events/"+events[0].ID+"/retry", acct.SecretKey, form("webhook_endpoint", we.ID))
	waitFor(t, "both resends", func() bool { _, ids := recv.received(); return len(ids) == 2 })
	_, ids := recv.received()
	equalIDs(t, "resent ids", ids, []string{events[0].ID, events[0].ID})

	res = srv.do(t, "POST", "/v1/events/"+events[0].ID+"/retry", acct.SecretKey, "")
	wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "parameter_missing", "webhook_endpoint")
	res = srv.do(t, "POST", "/v1/events/"+events[0].ID+"/retry", acct.SecretKey, form("webhook_endpoint", "we_nope"))
	wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "resource_missing", "webhook_endpoint")
	res = srv.do(t, "POST", "/v1/events/"+events[0].ID+"/retry", other.SecretKey, form("webhook_endpoint", we.ID))
	wantRawErr(t, res, http.StatusNotFound, "invalid_request_error", "resource_missing", "id")
}

// An endpoint on a dahlia API version receives a session in dahlia's shape
// (ui_mode hosted_page), one on basil in basil's, from the same event.
func TestWebhookDeliveryInEndpointVersion(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	var mu sync.Mutex
	got := map[string]stripe.Event{} // by the endpoint's path
	secrets := map[string]string{}
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		mu.Lock()
		defer mu.Unlock()
		ev, err := webhook.ConstructEventWithOptions(body, req.Header.Get("Stripe-Signature"), secrets[req.URL.Path],
			webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true})
		if err != nil {
			t.Errorf("%s: delivery does not verify: %v", req.URL.Path, err)
		}
		got[req.URL.Path] = ev
	}))
	t.Cleanup(hooks.Close)
	for path, version := range map[string]string{"/basil": "", "/dahlia": dahliaVersion} {
		p := endpointParams(hooks.URL+path, "checkout.session.expired")
		if version != "" {
			p.APIVersion = stripe.String(version)
		}
		we, err := acct.Stripe.V1WebhookEndpoints.Create(bg, p)
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		secrets[path] = we.Secret
		mu.Unlock()
	}
	startDeliverer(t, srv.Store, loopbackOnly)
	ids := createSessions(t, acct, 1)
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, ids[0], nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "both deliveries", func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 2 })
	mu.Lock()
	defer mu.Unlock()
	for path, want := range map[string][2]string{"/basil": {basilVersion, "hosted"}, "/dahlia": {dahliaVersion, "hosted_page"}} {
		ev := got[path]
		if ev.APIVersion != want[0] || ev.Data.Object["ui_mode"] != want[1] || ev.Data.Object["id"] != ids[0] {
			t.Errorf("%s: api_version %q, ui_mode %v, id %v; want %s, %s, %s", path, ev.APIVersion,
				ev.Data.Object["ui_mode"], ev.Data.Object["id"], want[0], want[1], ids[0])
		}
	}
}

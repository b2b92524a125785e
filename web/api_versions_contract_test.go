package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
	webhook84 "github.com/stripe/stripe-go/v84/webhook"

	"till/web"
)

const cloverVersion = "2025-12-15.clover"

// versionOf is the Stripe-Version a raw request (with the given version,
// or none) is answered in.
func versionOf(t *testing.T, srv *testServer, acct *account, version string) string {
	t.Helper()
	var headers []string
	if version != "" {
		headers = []string{"Stripe-Version", version}
	}
	res := srv.do(t, "GET", "/v1/checkout/sessions", acct.SecretKey, "", headers...)
	if res.Status != http.StatusOK {
		t.Fatalf("GET /v1/checkout/sessions (Stripe-Version %q) = %d %s", version, res.Status, res.Body)
	}
	return res.Header.Get("Stripe-Version")
}

func TestStripeVersionKnown(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	t.Run("ErrUnknown", func(t *testing.T) {
		res := srv.do(t, "GET", "/v1/checkout/sessions", acct.SecretKey, "", "Stripe-Version", "2099-01-01.zzz")
		e := wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "", "")
		if e.Message != "Invalid Stripe API version: 2099-01-01.zzz" {
			t.Errorf("message = %q", e.Message)
		}
		// Refused, it pinned nothing.
		if got := versionOf(t, srv, acct, ""); got != basilVersion {
			t.Errorf("after an unknown version, the account speaks %q, want the default %q", got, basilVersion)
		}
	})
	t.Run("OKVersionsSDKsPin", func(t *testing.T) {
		for _, v := range []string{"2020-08-27", "2022-11-15", "2023-10-16", "2024-06-20", "2024-09-30.acacia",
			"2025-03-31.basil", basilVersion, "2025-09-30.clover", cloverVersion, dahliaVersion, "2026-10-28.endive"} {
			if got := versionOf(t, srv, acct, v); got != v {
				t.Errorf("Stripe-Version %s answered in %q", v, got)
			}
		}
	})
}

// The first request that names a version pins the account to it, as at
// Stripe; later requests may ask for another, and those that name none
// speak the pinned one, on every server of the database.
func TestAccountAPIVersionPinnedByFirstRequest(t *testing.T) {
	servers, _ := paymentServers(t, 2, web.Config{})
	one, two := servers[0], servers[1]
	acct := one.newAccount(t)

	if got := versionOf(t, two, acct, ""); got != basilVersion {
		t.Fatalf("unpinned account answered in %q, want Till's default %q", got, basilVersion)
	}
	if got := versionOf(t, one, acct, cloverVersion); got != cloverVersion {
		t.Fatalf("pinning request answered in %q", got)
	}
	if got := versionOf(t, one, acct, dahliaVersion); got != dahliaVersion {
		t.Fatalf("a request for dahlia answered in %q", got)
	}
	for i, srv := range servers {
		if got := versionOf(t, srv, acct, ""); got != cloverVersion {
			t.Errorf("server %d: a request without a version answered in %q, want the pinned %q", i, got, cloverVersion)
		}
	}
	// The Stripe CLI's listen session reports the account's version.
	sess := cliSession(t, two, acct)
	if sess["default_version"] != cloverVersion || sess["latest_version"] != cloverVersion {
		t.Errorf("stripecli session versions = %v, %v; want %s", sess["default_version"], sess["latest_version"], cloverVersion)
	}
}

// versionReceiver collects signed deliveries by the path they were sent to,
// verifying each with verify.
type versionReceiver struct {
	mu     sync.Mutex
	events map[string][]stripe.Event
}

func newVersionReceiver(t *testing.T, verify func(path string, body []byte, header string) (stripe.Event, error)) (*versionReceiver, string) {
	r := &versionReceiver{events: map[string][]stripe.Event{}}
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		ev, err := verify(req.URL.Path, body, req.Header.Get("Stripe-Signature"))
		if err != nil {
			t.Errorf("%s: delivery refused: %v", req.URL.Path, err)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		r.events[req.URL.Path] = append(r.events[req.URL.Path], ev)
	}))
	t.Cleanup(hooks.Close)
	return r, hooks.URL
}

func (r *versionReceiver) at(path string) []stripe.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]stripe.Event(nil), r.events[path]...)
}

// Events are created in the account's version whatever the request that
// caused them asked for, and an endpoint without its own version receives
// them in it, sessions in its shape (dahlia's ui_mode names).
func TestEventsInAccountVersion(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	versionOf(t, srv, acct, dahliaVersion) // pins the account

	secrets := map[string]string{}
	var secretsMu sync.Mutex
	recv, hooksURL := newVersionReceiver(t, func(path string, body []byte, header string) (stripe.Event, error) {
		secretsMu.Lock()
		defer secretsMu.Unlock()
		return webhook.ConstructEventWithOptions(body, header, secrets[path], webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true})
	})
	for path, version := range map[string]string{"/account": "", "/basil": basilVersion} {
		p := endpointParams(hooksURL+path, "checkout.session.expired")
		if version != "" {
			p.APIVersion = stripe.String(version)
		}
		we, err := acct.Stripe.V1WebhookEndpoints.Create(bg, p) // stripe-go asks for basil
		if err != nil {
			t.Fatal(err)
		}
		secretsMu.Lock()
		secrets[path] = we.Secret
		secretsMu.Unlock()
	}
	startDeliverer(t, srv.Store, loopbackOnly)
	id := createSessions(t, acct, 1)[0]
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, id, nil); err != nil {
		t.Fatal(err)
	}

	events := listEvents(t, acct, nil)
	if len(events) != 1 || events[0].APIVersion != dahliaVersion || events[0].Data.Object["ui_mode"] != "hosted_page" {
		t.Fatalf("events = %d, first api_version %q ui_mode %v; want one, %s, hosted_page",
			len(events), events[0].APIVersion, events[0].Data.Object["ui_mode"], dahliaVersion)
	}
	waitFor(t, "both deliveries", func() bool { return len(recv.at("/account")) == 1 && len(recv.at("/basil")) == 1 })
	for path, want := range map[string][2]string{"/account": {dahliaVersion, "hosted_page"}, "/basil": {basilVersion, "hosted"}} {
		ev := recv.at(path)[0]
		if ev.ID != events[0].ID || ev.APIVersion != want[0] || ev.Data.Object["ui_mode"] != want[1] {
			t.Errorf("%s: %s api_version %q ui_mode %v; want %s, %s, %s", path, ev.ID, ev.APIVersion,
				ev.Data.Object["ui_mode"], events[0].ID, want[0], want[1])
		}
	}
}

// With an account pinned to clover, stripe-go v84 (which pins a clover
// version) verifies every event Till sends with ConstructEvent's defaults,
// version check included: the API's (customer.created, an expiry), and a
// shopper's decline and payment on the hosted page.
func TestCloverAccountEventsPassStripeGoV84(t *testing.T) {
	servers, _ := paymentServers(t, 1, web.Config{})
	srv := servers[0]
	acct := srv.newAccount(t)
	versionOf(t, srv, acct, cloverVersion) // pins the account

	var secret string
	var secretMu sync.Mutex
	recv, hooksURL := newVersionReceiver(t, func(_ string, body []byte, header string) (stripe.Event, error) {
		secretMu.Lock()
		defer secretMu.Unlock()
		ev, err := webhook84.ConstructEvent(body, header, secret)
		return stripe.Event{ID: ev.ID, Type: stripe.EventType(ev.Type), APIVersion: ev.APIVersion}, err
	})
	we, err := acct.Stripe.V1WebhookEndpoints.Create(bg, endpointParams(hooksURL+"/hook", "*"))
	if err != nil {
		t.Fatal(err)
	}
	secretMu.Lock()
	secret = we.Secret
	secretMu.Unlock()
	startDeliverer(t, srv.Store, loopbackOnly)

	if _, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("a@example.com")}); err != nil {
		t.Fatal(err)
	}
	ids := createSessions(t, acct, 2)
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, ids[1], nil); err != nil {
		t.Fatal(err)
	}
	if res := submitCard(t, srv, ids[0], formToken(t, srv, ids[0]), declinedCard, ""); res.Status == http.StatusSeeOther {
		t.Fatalf("declined card paid: %d", res.Status)
	}
	if res := submitCard(t, srv, ids[0], formToken(t, srv, ids[0]), goodCard, ""); res.Status != http.StatusSeeOther {
		t.Fatalf("payment = %d %s", res.Status, res.Body)
	}

	events := listEvents(t, acct, nil)
	waitFor(t, "every event delivered", func() bool { return len(recv.at("/hook")) == len(events) })
	types := map[string]bool{}
	for _, ev := range recv.at("/hook") {
		types[string(ev.Type)] = true
		if ev.APIVersion != cloverVersion {
			t.Errorf("%s %s: api_version %q, want %s", ev.Type, ev.ID, ev.APIVersion, cloverVersion)
		}
	}
	for _, want := range []string{"checkout.session.completed", "checkout.session.expired", "customer.created",
		"payment_intent.created", "payment_intent.succeeded", "payment_intent.payment_failed"} {
		if !types[want] {
			t.Errorf("no %s among the verified deliveries %v", want, types)
		}
	}
}

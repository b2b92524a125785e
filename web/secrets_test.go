package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/stripe/stripe-go/v82"

	"till/db"
	"till/web"
)

// tableText is every row of a table as text, for a search of what it holds.
func tableText(t *testing.T, raw *sqlx.DB, table string) string {
	t.Helper()
	var rows []string
	if err := raw.Select(&rows, `SELECT t::text FROM `+table+` t`); err != nil {
		t.Fatal(err)
	}
	return strings.Join(rows, "\n")
}

// TestWebhookSecretsSealedAtRest: an endpoint's signing secrets, current
// and rolled-over, and the recorded answers of keyed creates and rolls are
// kept encrypted; a replay still returns the secret byte for byte, and
// deliveries still verify with stripe-go's webhook package.
func TestWebhookSecretsSealedAtRest(t *testing.T) {
	srv, raw := newTestServerDB(t)
	acct := srv.newAccount(t)
	rcv := newReceiver(t, nil)
	body := form("url", rcv.URL, "enabled_events[]", "checkout.session.expired")
	created := srv.do(t, "POST", "/v1/webhook_endpoints", acct.SecretKey, body, "Idempotency-Key", "endpoint-1")
	if created.Status != 200 || !strings.Contains(created.Body, `"secret": "whsec_`) {
		t.Fatalf("create = %d %s", created.Status, created.Body)
	}
	var we struct{ ID, Secret string }
	json.Unmarshal([]byte(created.Body), &we)
	replay := srv.do(t, "POST", "/v1/webhook_endpoints", acct.SecretKey, body, "Idempotency-Key", "endpoint-1")
	if replay.Header.Get("Idempotent-Replayed") != "true" || replay.Body != created.Body {
		t.Errorf("replay = %q\n%s\nwant the first answer byte for byte:\n%s", replay.Header.Get("Idempotent-Replayed"), replay.Body, created.Body)
	}
	rolled := srv.do(t, "POST", "/v1/webhook_endpoints/"+we.ID+"/roll_secret", acct.SecretKey, "", "Idempotency-Key", "roll-1")
	if rolled.Status != 200 {
		t.Fatalf("roll = %d %s", rolled.Status, rolled.Body)
	}
	var after struct{ Secret string }
	json.Unmarshal([]byte(rolled.Body), &after)
	if again := srv.do(t, "POST", "/v1/webhook_endpoints/"+we.ID+"/roll_secret", acct.SecretKey, "", "Idempotency-Key", "roll-1"); again.Body != rolled.Body {
		t.Errorf("roll replay = %s, want %s", again.Body, rolled.Body)
	}
	for _, table := range []string{"webhook_endpoints", "idempotency_keys"} {
		if text := tableText(t, raw, table); strings.Contains(text, "whsec_") || strings.Contains(text, we.Secret[6:]) || strings.Contains(text, after.Secret[6:]) {
			t.Errorf("%s holds a webhook secret in clear:\n%s", table, text)
		}
	}

	// Both secrets sign the delivery of an event, and each verifies.
	rcv.mu.Lock()
	rcv.secret = after.Secret
	rcv.mu.Unlock()
	startDeliverer(t, srv.Store, loopbackOnly)
	sess, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, sess.ID, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the expiry's delivery", func() bool { types, _ := rcv.received(); return len(types) == 1 })
	rcv.mu.Lock()
	signature := rcv.requests[0].Header.Get("Stripe-Signature")
	rcv.mu.Unlock()
	if strings.Count(signature, "v1=") != 2 {
		t.Errorf("Stripe-Signature = %q, want a v1 signature per secret during the overlap", signature)
	}
}

// TestEventsCarryNoClientSecret: an embedded session's events, listed or
// delivered, show client_secret null, and the events table holds none.
func TestEventsCarryNoClientSecret(t *testing.T) {
	srv, raw := newTestServerDB(t)
	acct := srv.newAccount(t)
	rcv := newReceiver(t, nil)
	rcv.endpoint(t, acct, "checkout.session.expired")
	startDeliverer(t, srv.Store, loopbackOnly)
	sess := embeddedSession(t, acct, "https://shop.example/return?session_id={CHECKOUT_SESSION_ID}", "")
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, sess.ID, nil); err != nil {
		t.Fatal(err)
	}
	events := listEvents(t, acct, &stripe.EventListParams{Type: stripe.String("checkout.session.expired")})
	if len(events) != 1 {
		t.Fatalf("got %d expired events, want 1", len(events))
	}
	if secret, present := events[0].Data.Object["client_secret"]; !present || secret != nil {
		t.Errorf("listed event's client_secret = %v (present %v), want null", secret, present)
	}
	waitFor(t, "the expiry's delivery", func() bool { types, _ := rcv.received(); return len(types) == 1 })
	rcv.mu.Lock()
	delivered := rcv.events[0]
	rcv.mu.Unlock()
	var object map[string]any
	if err := json.Unmarshal(delivered.Data.Raw, &object); err != nil {
		t.Fatal(err)
	}
	if secret, present := object["client_secret"]; !present || secret != nil {
		t.Errorf("delivered event's client_secret = %v (present %v), want null", secret, present)
	}
	if text := tableText(t, raw, "events"); strings.Contains(text, sess.ClientSecret) || strings.Contains(text, "_secret_") {
		t.Errorf("events hold a client secret:\n%s", text)
	}
}

// TestRequestLogRoutePattern: a request's log line names its route's
// pattern, never a page's session id nor a client secret.
func TestRequestLogRoutePattern(t *testing.T) {
	srv, logs := newTestServerWith(t, web.Config{}, func(s *db.Store) web.Store { return s })
	acct := srv.newAccount(t)
	hosted, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}
	if res := srv.do(t, "GET", "/c/pay/"+hosted.ID, "", ""); res.Status != 200 {
		t.Fatalf("GET the page = %d", res.Status)
	}
	custom := customSession(t, acct)
	if res := srv.doJSON(t, "/c/api/custom/"+custom.ID+"/session", acct.PublishableKey, customJSON("client_secret", custom.ClientSecret)); res.Status != 200 {
		t.Fatalf("custom session = %d %s", res.Status, res.Body)
	}
	text := logs.String()
	for _, want := range []string{"route=/c/pay/:id", "route=/c/api/custom/:id/session"} {
		if !strings.Contains(text, want) {
			t.Errorf("log lacks %s:\n%s", want, text)
		}
	}
	for _, secret := range []string{hosted.ID, custom.ID, custom.ClientSecret} {
		if strings.Contains(text, secret) {
			t.Errorf("log holds %s:\n%s", secret, text)
		}
	}
}

// TestAPINoSniff: every API answer, success or error, forbids sniffing.
func TestAPINoSniff(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	for _, tc := range []struct{ method, path, key string }{
		{"GET", "/v1/checkout/sessions", acct.SecretKey},
		{"GET", "/v1/customers/cus_nope", acct.SecretKey},
		{"GET", "/v1/products", ""},
		{"POST", "/v1/nowhere", acct.SecretKey},
	} {
		if res := srv.do(t, tc.method, tc.path, tc.key, ""); res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s = %d with X-Content-Type-Options %q, want nosniff", tc.method, tc.path, res.Status, res.Header.Get("X-Content-Type-Options"))
		}
	}
}

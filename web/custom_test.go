package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"till"
	"till/db"
	"till/web"
)

// customSession creates a ui_mode=custom session.
func customSession(t *testing.T, acct *account) *stripe.CheckoutSession {
	t.Helper()
	p := basicSession()
	p.SuccessURL, p.CancelURL = nil, nil
	p.UIMode = stripe.String("custom")
	p.ReturnURL = stripe.String("https://shop.example/return?session_id={CHECKOUT_SESSION_ID}")
	s, err := acct.Stripe.V1CheckoutSessions.Create(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if s.ClientSecret == "" || s.URL != "" {
		t.Fatalf("custom session: client_secret %q url %q", s.ClientSecret, s.URL)
	}
	return s
}

// customJSON is a JSON body for the client endpoints.
func customJSON(kv ...string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// doJSON sends a JSON body.
func (s *testServer) doJSON(t *testing.T, path, key, body string, headers ...string) response {
	t.Helper()
	return s.do(t, "POST", path, key, body, append([]string{"Content-Type", "application/json"}, headers...)...)
}

func decodeJSON(t *testing.T, r response) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
		t.Fatalf("not JSON (%d): %s", r.Status, r.Body)
	}
	return m
}

func cardFields(secret, number string) string {
	return customJSON("client_secret", secret, "email", testEmail, "card_number", number, "card_expiry", "12 / 34",
		"card_cvc", "123", "card_name", testCardholder, "country", "US", "postal_code", "94107")
}

// TestCustomSession: the session endpoint shows the session to its own
// secret with the account's publishable key, and nothing otherwise.
func TestCustomSession(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	other := srv.newAccount(t)
	s := customSession(t, acct)
	s2 := customSession(t, acct)
	path := "/c/api/custom/" + s.ID + "/session"

	r := srv.doJSON(t, path, acct.PublishableKey, customJSON("client_secret", s.ClientSecret))
	if r.Status != 200 {
		t.Fatalf("session: %d %s", r.Status, r.Body)
	}
	m := decodeJSON(t, r)
	total := m["total"].(map[string]any)["total"].(map[string]any)
	items := m["lineItems"].([]any)
	if m["id"] != s.ID || m["status"].(map[string]any)["type"] != "open" || m["currency"] != "usd" || m["canConfirm"] != true ||
		total["amount"] != "$39.98" || total["minorUnitsAmount"] != 3998.0 || len(items) != 1 {
		t.Errorf("session JSON: %s", r.Body)
	}
	if li := items[0].(map[string]any); li["name"] != "T-shirt" || li["quantity"] != 2.0 ||
		li["unitAmount"].(map[string]any)["amount"] != "$19.99" {
		t.Errorf("line item: %v", li)
	}
	// The key may come in the body too.
	if r := srv.doJSON(t, path, "", customJSON("client_secret", s.ClientSecret, "key", acct.PublishableKey)); r.Status != 200 {
		t.Errorf("key in the body: %d %s", r.Status, r.Body)
	}

	secret := s.ClientSecret
	for name, bad := range map[string]string{
		"missing": "", "truncated": secret[:len(secret)-1], "wrong": s.ID + "_secret_" + strings.Repeat("A", 43),
		"other session's": s2.ClientSecret, "bare id": s.ID,
	} {
		r := srv.doJSON(t, path, acct.PublishableKey, customJSON("client_secret", bad))
		if r.Status != 404 || strings.Contains(r.Body, "T-shirt") || strings.Contains(r.Body, "39.98") {
			t.Errorf("%s secret: %d %s, want 404 with nothing", name, r.Status, r.Body)
		}
	}
	// The secret in a query string is not read.
	if r := srv.doJSON(t, path+"?client_secret="+url.QueryEscape(secret), acct.PublishableKey, "{}"); r.Status != 404 {
		t.Errorf("secret in the query string: %d, want 404", r.Status)
	}
	// Keys: none, a secret key, another account's publishable key.
	if r := srv.doJSON(t, path, "", customJSON("client_secret", secret)); r.Status != 401 {
		t.Errorf("no key: %d, want 401", r.Status)
	}
	if r := srv.doJSON(t, path, acct.SecretKey, customJSON("client_secret", secret)); r.Status != 401 || strings.Contains(r.Body, "T-shirt") {
		t.Errorf("secret key: %d, want 401", r.Status)
	}
	if r := srv.doJSON(t, path, "pk_test_"+strings.Repeat("x", 24), customJSON("client_secret", secret)); r.Status != 401 {
		t.Errorf("unknown publishable key: %d, want 401", r.Status)
	}
	if r := srv.doJSON(t, path, other.PublishableKey, customJSON("client_secret", secret)); r.Status != 404 || strings.Contains(r.Body, "T-shirt") {
		t.Errorf("other account's key: %d %s, want 404", r.Status, r.Body)
	}
	// Other ui_modes have no client endpoints.
	emb := embeddedSession(t, acct, "", "never")
	if r := srv.doJSON(t, "/c/api/custom/"+emb.ID+"/session", acct.PublishableKey, customJSON("client_secret", emb.ClientSecret)); r.Status != 404 {
		t.Errorf("embedded session: %d, want 404", r.Status)
	}

	// update checks what it is given and answers the session with it.
	r = srv.doJSON(t, "/c/api/custom/"+s.ID+"/update", acct.PublishableKey, customJSON("client_secret", secret, "email", "nope"))
	if r.Status != 422 || decodeJSON(t, r)["type"] != "error" {
		t.Errorf("update with a bad email: %d %s", r.Status, r.Body)
	}
	r = srv.doJSON(t, "/c/api/custom/"+s.ID+"/update", acct.PublishableKey, customJSON("client_secret", secret, "email", testEmail))
	if r.Status != 200 || decodeJSON(t, r)["email"] != testEmail {
		t.Errorf("update email: %d %s", r.Status, r.Body)
	}
}

// TestCustomCORS: the request's origin is allowed while the account names
// no embed origins, and then only the ones it names.
func TestCustomCORS(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := customSession(t, acct)
	path := "/c/api/custom/" + s.ID + "/session"
	body := customJSON("client_secret", s.ClientSecret)

	pre := srv.do(t, "OPTIONS", path, "", "", "Origin", "https://any.example", "Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", "authorization,content-type")
	if pre.Status != 204 || pre.Header.Get("Access-Control-Allow-Origin") != "https://any.example" ||
		!strings.Contains(pre.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("preflight without embed origins: %d %v", pre.Status, pre.Header)
	}
	r := srv.doJSON(t, path, acct.PublishableKey, body, "Origin", "https://any.example")
	if r.Status != 200 || r.Header.Get("Access-Control-Allow-Origin") != "https://any.example" {
		t.Errorf("POST without embed origins: %d %v", r.Status, r.Header)
	}

	a, err := srv.Store.FindAccount(context.Background(), acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.EmbedOrigins = []string{"https://shop.example"}
	if err := srv.Store.UpdateAccount(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	r = srv.doJSON(t, path, acct.PublishableKey, body, "Origin", "https://shop.example")
	if r.Status != 200 || r.Header.Get("Access-Control-Allow-Origin") != "https://shop.example" {
		t.Errorf("allowed origin: %d %v", r.Status, r.Header)
	}
	r = srv.doJSON(t, path, acct.PublishableKey, body, "Origin", "https://evil.example")
	if r.Status != 403 || r.Header.Get("Access-Control-Allow-Origin") != "" || strings.Contains(r.Body, "T-shirt") {
		t.Errorf("other origin: %d %v %s", r.Status, r.Header, r.Body)
	}
	pre = srv.do(t, "OPTIONS", path, "", "", "Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
	if pre.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from another origin allowed: %v", pre.Header)
	}
	pre = srv.do(t, "OPTIONS", path, "", "", "Origin", "https://shop.example", "Access-Control-Request-Method", "POST")
	if pre.Status != 204 || pre.Header.Get("Access-Control-Allow-Origin") != "https://shop.example" {
		t.Errorf("preflight from the allowed origin: %d %v", pre.Status, pre.Header)
	}
	// The card iframe is framed like the embed page.
	card := srv.do(t, "GET", "/c/custom/"+s.ID+"/card", "", "")
	if card.Status != 200 || frameAncestors(card) != "https://shop.example" || card.Header.Get("X-Frame-Options") != "" ||
		strings.Contains(card.Body, "T-shirt") || !strings.Contains(card.Body, `data-testid="card-number"`) {
		t.Errorf("card iframe: %d frame-ancestors %q", card.Status, frameAncestors(card))
	}
}

// TestCustomRateLimit: 60 requests a minute per client and session, then 429.
func TestCustomRateLimit(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := customSession(t, acct)
	path := "/c/api/custom/" + s.ID + "/session"
	body := customJSON("client_secret", s.ClientSecret)
	for i := 0; i < 60; i++ {
		if r := srv.doJSON(t, path, acct.PublishableKey, body); r.Status != 200 {
			t.Fatalf("request %d: %d", i+1, r.Status)
		}
	}
	r := srv.doJSON(t, path, acct.PublishableKey, body)
	if r.Status != 429 || decodeJSON(t, r)["error"].(map[string]any)["code"] != "rate_limited" {
		t.Fatalf("request 61: %d %s, want 429", r.Status, r.Body)
	}
	// Another session is counted apart.
	s2 := customSession(t, acct)
	if r := srv.doJSON(t, "/c/api/custom/"+s2.ID+"/session", acct.PublishableKey, customJSON("client_secret", s2.ClientSecret)); r.Status != 200 {
		t.Errorf("another session: %d", r.Status)
	}
}

// exhaustLimit spends a client's 60 requests on a session's endpoint (each
// sent with the given headers) and reports the answer to the 61st, which
// is sent with last.
func exhaustLimit(t *testing.T, srv *testServer, acct *account, s *stripe.CheckoutSession, each func(i int) []string, last []string) response {
	t.Helper()
	path := "/c/api/custom/" + s.ID + "/session"
	body := customJSON("client_secret", s.ClientSecret)
	for i := 0; i < 60; i++ {
		if r := srv.doJSON(t, path, acct.PublishableKey, body, each(i)...); r.Status != 200 {
			t.Fatalf("request %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	return srv.doJSON(t, path, acct.PublishableKey, body, last...)
}

// TestCustomRateLimitProxies: behind a trusted proxy each X-Forwarded-For
// client has a limit of its own; from any other peer the header is
// ignored, so a client cannot evade the limit by sending one. The 429 is
// JSON that the merchant's page may read (CORS).
func TestCustomRateLimitProxies(t *testing.T) {
	const origin = "https://shop.example"
	xff := func(ip string) []string { return []string{"X-Forwarded-For", ip, "Origin", origin} }

	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	t.Run("TrustedProxy", func(t *testing.T) {
		srv, _ := newTestServerWith(t, web.Config{TrustedProxies: loopback}, func(s *db.Store) web.Store { return s })
		acct := srv.newAccount(t)
		s := customSession(t, acct)
		r := exhaustLimit(t, srv, acct, s, func(int) []string { return xff("203.0.113.1") }, xff("203.0.113.1"))
		if r.Status != 429 {
			t.Fatalf("client 1, request 61: %d, want 429", r.Status)
		}
		if e, _ := decodeJSON(t, r)["error"].(map[string]any); e["code"] != "rate_limited" ||
			r.Header.Get("Access-Control-Allow-Origin") != origin || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			t.Errorf("429: %v %s, want JSON the origin may read", r.Header, r.Body)
		}
		r = srv.doJSON(t, "/c/api/custom/"+s.ID+"/session", acct.PublishableKey, customJSON("client_secret", s.ClientSecret), xff("203.0.113.2")...)
		if r.Status != 200 {
			t.Errorf("client 2 behind the same proxy: %d %s, want its own limit", r.Status, r.Body)
		}
	})
	// A proxy that appends to the client's own header: the client can vary
	// what stands left of the address the proxy wrote, not that address.
	t.Run("AppendingProxies", func(t *testing.T) {
		cfg := web.Config{TrustedProxies: append(loopback, netip.MustParsePrefix("10.0.0.0/8"))}
		srv, _ := newTestServerWith(t, cfg, func(s *db.Store) web.Store { return s })
		acct := srv.newAccount(t)
		s := customSession(t, acct)
		chain := func(spoofed string) []string { return xff(spoofed + ", 203.0.113.9, 10.0.0.2") }
		spoofed := func(i int) []string { return chain(fmt.Sprintf("198.51.100.%d", i+1)) }
		if r := exhaustLimit(t, srv, acct, s, spoofed, chain("198.51.100.200")); r.Status != 429 {
			t.Errorf("request 61 with yet another leftmost address: %d %s, want 429", r.Status, r.Body)
		}
	})
	for name, cfg := range map[string]web.Config{
		"NoTrustedProxy":   {},
		"PeerNotInTrusted": {TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}},
	} {
		t.Run(name, func(t *testing.T) {
			srv, _ := newTestServerWith(t, cfg, func(s *db.Store) web.Store { return s })
			acct := srv.newAccount(t)
			s := customSession(t, acct)
			spoofed := func(i int) []string { return xff(fmt.Sprintf("198.51.100.%d", i+1)) }
			if r := exhaustLimit(t, srv, acct, s, spoofed, xff("198.51.100.200")); r.Status != 429 {
				t.Errorf("request 61 with yet another X-Forwarded-For: %d %s, want 429", r.Status, r.Body)
			}
		})
	}
}

// TestCustomConfirm: a decline answers Stripe's message and keeps the
// session open; two concurrent confirms complete it exactly once.
func TestCustomConfirm(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := customSession(t, acct)
	path := "/c/api/custom/" + s.ID + "/confirm"

	r := srv.doJSON(t, path, acct.PublishableKey, cardFields(s.ClientSecret, "4000000000000002"))
	m := decodeJSON(t, r)
	e, _ := m["error"].(map[string]any)
	if r.Status != 402 || m["type"] != "error" || e["code"] != "paymentFailed" || e["message"] != "Your card was declined." {
		t.Fatalf("decline: %d %s", r.Status, r.Body)
	}
	got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil || got.Status != "open" {
		t.Fatalf("after a decline: %v %v, want open", got.Status, err)
	}
	r = srv.doJSON(t, path, acct.PublishableKey, cardFields(s.ClientSecret, "4000000000009995"))
	if e := decodeJSON(t, r)["error"].(map[string]any); e["message"] != "Your card has insufficient funds." {
		t.Errorf("insufficient funds: %s", r.Body)
	}
	r = srv.doJSON(t, path, acct.PublishableKey, customJSON("client_secret", s.ClientSecret, "email", "x"))
	if r.Status != 422 || decodeJSON(t, r)["type"] != "error" {
		t.Errorf("incomplete form: %d %s", r.Status, r.Body)
	}
	// Wrong secret: nothing is charged or shown.
	if r := srv.doJSON(t, path, acct.PublishableKey, cardFields(s.ID+"_secret_x", "4242424242424242")); r.Status != 404 {
		t.Errorf("confirm with a wrong secret: %d", r.Status)
	}

	var wg sync.WaitGroup
	results := make([]response, 2)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = srv.doJSON(t, path, acct.PublishableKey, cardFields(s.ClientSecret, "4242424242424242"))
		}()
	}
	wg.Wait()
	for i, r := range results {
		m := decodeJSON(t, r)
		if r.Status != 200 || m["type"] != "success" || m["session"].(map[string]any)["status"].(map[string]any)["type"] != "complete" {
			t.Errorf("confirm %d: %d %s", i, r.Status, r.Body)
		}
	}
	got, err = acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil || got.Status != "complete" || got.PaymentStatus != "paid" {
		t.Fatalf("after confirm: %v %v", got, err)
	}
	if n := len(listEvents(t, acct, &stripe.EventListParams{Type: stripe.String("checkout.session.completed")})); n != 1 {
		t.Errorf("%d checkout.session.completed events, want exactly 1", n)
	}
	succeeded := 0
	for pi, err := range acct.Stripe.V1PaymentIntents.List(bg, &stripe.PaymentIntentListParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		if pi.Status == "succeeded" {
			succeeded++
		}
	}
	if succeeded != 1 {
		t.Errorf("%d succeeded payment intents, want 1", succeeded)
	}
}

// faultyStore fails where the client endpoints look a session up: an
// internal error for faultyInternalID, a panic for faultyPanicID.
type faultyStore struct{ *db.Store }

const (
	faultyInternalID = "cs_test_faultyinternal"
	faultyPanicID    = "cs_test_faultypanic"
	faultyDetail     = "db: connection reset by peer at 10.9.8.7"
)

func (f faultyStore) FindCheckout(ctx context.Context, id, client string, since int64) (*till.Checkout, error) {
	switch id {
	case faultyInternalID:
		return nil, errors.New(faultyDetail)
	case faultyPanicID:
		panic(faultyDetail)
	}
	return f.Store.FindCheckout(ctx, id, client, since)
}

// lockedBuffer is a log sink the server's goroutines share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestCustomClientErrors: every error under the client endpoints' prefix
// is JSON in the one shape till.js reads, never the pages' HTML, readable
// cross-origin, and an internal error's text stays in the log.
func TestCustomClientErrors(t *testing.T) {
	srv, logs := newTestServerWith(t, web.Config{}, func(s *db.Store) web.Store { return faultyStore{s} })
	acct := srv.newAccount(t)
	s := customSession(t, acct)
	origin := "https://shop.example"

	for _, tc := range []struct {
		name, method, path, contentType, body string
		status                                int
		code                                  string
	}{
		{"InternalError", "POST", "/c/api/custom/" + faultyInternalID + "/session", "application/json", "{}", 500, "internal_error"},
		{"Panic", "POST", "/c/api/custom/" + faultyPanicID + "/confirm", "application/json", "{}", 500, "internal_error"},
		{"PreflightInternalError", "OPTIONS", "/c/api/custom/" + faultyInternalID + "/confirm", "", "", 500, "internal_error"},
		{"UnknownRoute", "POST", "/c/api/custom/" + s.ID + "/refund", "application/json", "{}", 404, "not_found"},
		{"UnknownMethod", "GET", "/c/api/custom/" + s.ID + "/session", "", "", 404, "not_found"},
		{"PrefixOnly", "POST", "/c/api/custom", "application/json", "{}", 404, "not_found"},
		{"MalformedJSON", "POST", "/c/api/custom/" + s.ID + "/session", "application/json", `{"client_secret":`, 400, "invalid_request"},
		{"UnknownContentType", "POST", "/c/api/custom/" + s.ID + "/session", "text/plain", "hello", 400, "invalid_request"},
		{"BodyTooLarge", "POST", "/c/api/custom/" + s.ID + "/session", "application/json",
			`{"client_secret":"` + strings.Repeat("x", 1<<20) + `"}`, 413, "request_too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			headers := []string{"Origin", origin}
			if tc.contentType != "" {
				headers = append(headers, "Content-Type", tc.contentType)
			}
			r := srv.do(t, tc.method, tc.path, acct.PublishableKey, tc.body, headers...)
			if r.Status != tc.status || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("%d %q %s, want %d JSON", r.Status, r.Header.Get("Content-Type"), r.Body, tc.status)
			}
			m := decodeJSON(t, r)
			e, _ := m["error"].(map[string]any)
			if m["type"] != "error" || e["code"] != tc.code || e["message"] == "" || len(m) != 2 {
				t.Errorf("body %s, want {type:error, error:{code:%s, message}}", r.Body, tc.code)
			}
			if strings.Contains(r.Body, "10.9.8.7") || strings.Contains(r.Body, "<") {
				t.Errorf("body leaks internals or markup: %s", r.Body)
			}
			if r.Header.Get("Access-Control-Allow-Origin") != origin || r.Header.Get("Cache-Control") != "no-store" ||
				r.Header.Get("Request-Id") == "" {
				t.Errorf("headers: %v", r.Header)
			}
		})
	}
	if n := strings.Count(logs.String(), "10.9.8.7"); n != 3 {
		t.Errorf("internal errors logged %d times, want each of the 3 once:\n%s", n, logs.String())
	}
	// The pages beside the prefix still answer their errors as pages.
	if r := srv.do(t, "GET", "/c/pay/cs_test_nosuchsession", "", ""); r.Status != 404 || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		t.Errorf("unknown page: %d %q, want a 404 page", r.Status, r.Header.Get("Content-Type"))
	}
}

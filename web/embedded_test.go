package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// embeddedSession creates an embedded session; redirect is its
// redirect_on_completion ("" for the default, always).
func embeddedSession(t *testing.T, acct *account, returnURL, redirect string) *stripe.CheckoutSession {
	t.Helper()
	p := basicSession()
	p.SuccessURL, p.CancelURL = nil, nil
	p.UIMode = stripe.String("embedded")
	if returnURL != "" {
		p.ReturnURL = stripe.String(returnURL)
	}
	if redirect != "" {
		p.RedirectOnCompletion = stripe.String(redirect)
	}
	s, err := acct.Stripe.V1CheckoutSessions.Create(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if s.ClientSecret == "" || s.URL != "" {
		t.Fatalf("embedded session: client_secret %q url %q", s.ClientSecret, s.URL)
	}
	return s
}

// frameAncestors is the CSP frame-ancestors directive of a response.
func frameAncestors(r response) string {
	for _, d := range strings.Split(r.Header.Get("Content-Security-Policy"), ";") {
		if d = strings.TrimSpace(d); strings.HasPrefix(d, "frame-ancestors ") {
			return strings.TrimPrefix(d, "frame-ancestors ")
		}
	}
	return ""
}

// TestEmbedHeaders: the embed pages may be framed (no X-Frame-Options); by
// any origin while the account names no embed origins, and by exactly
// those once it does. The hosted page still may not be framed at all.
func TestEmbedHeaders(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := embeddedSession(t, acct, "https://shop.example/return?session_id={CHECKOUT_SESSION_ID}", "")
	origin := "http://127.0.0.1:1"

	shell := srv.do(t, "GET", "/c/embed/"+s.ID, "", "")
	if shell.Status != 200 {
		t.Fatalf("GET /c/embed: %d %s", shell.Status, shell.Body)
	}
	if v := shell.Header.Get("X-Frame-Options"); v != "" {
		t.Errorf("X-Frame-Options = %q on the embed page, want none", v)
	}
	if fa := frameAncestors(shell); fa != "*" {
		t.Errorf("frame-ancestors = %q without embed origins, want *", fa)
	}
	for _, leak := range []string{"T-shirt", "39.98", "$", s.ClientSecret} {
		if strings.Contains(shell.Body, leak) {
			t.Errorf("the embed shell shows %q: it must hold nothing of the session", leak)
		}
	}

	a, err := srv.Store.FindAccount(context.Background(), acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.EmbedOrigins = []string{"https://shop.example", origin}
	if err := srv.Store.UpdateAccount(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	open := srv.do(t, "POST", "/c/embed/"+s.ID+"/open", "", form("client_secret", s.ClientSecret), "Sec-Fetch-Site", "same-origin")
	for _, r := range []response{srv.do(t, "GET", "/c/embed/"+s.ID, "", ""), open} {
		if v := r.Header.Get("X-Frame-Options"); v != "" {
			t.Errorf("X-Frame-Options = %q, want none", v)
		}
		if fa := frameAncestors(r); fa != "https://shop.example "+origin {
			t.Errorf("frame-ancestors = %q, want exactly the account's embed origins", fa)
		}
	}
	if open.Status != 200 || !strings.Contains(open.Body, "T-shirt") || !strings.Contains(open.Body, `name="client_secret"`) {
		t.Errorf("POST open with the secret: %d, want the form", open.Status)
	}

	hosted := browserSessionAt(t, acct)
	page := srv.do(t, "GET", strings.TrimPrefix(hosted.URL, srv.URL), "", "")
	if page.Header.Get("X-Frame-Options") != "DENY" || frameAncestors(page) != "'none'" {
		t.Errorf("hosted page: X-Frame-Options %q frame-ancestors %q, want DENY and 'none'",
			page.Header.Get("X-Frame-Options"), frameAncestors(page))
	}

	js := srv.do(t, "GET", "/js/till.js", "", "")
	if js.Status != 200 || !strings.Contains(js.Header.Get("Content-Type"), "javascript") ||
		js.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" || !strings.Contains(js.Header.Get("Cache-Control"), "max-age=300") {
		t.Errorf("/js/till.js: %d %v", js.Status, js.Header)
	}
}

func browserSessionAt(t *testing.T, acct *account) *stripe.CheckoutSession {
	t.Helper()
	s, err := acct.Stripe.V1CheckoutSessions.Create(context.Background(), basicSession())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestEmbedSecretChecks: only the session's own client secret, in the
// body, opens or pays it; anything else shows the not-found page, the same
// an unknown id gets, with nothing of the session.
func TestEmbedSecretChecks(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := embeddedSession(t, acct, "", "never")
	other := embeddedSession(t, acct, "", "never")
	sameOrigin := []string{"Sec-Fetch-Site", "same-origin"}
	secret := s.ClientSecret
	cases := map[string]string{
		"missing":         "",
		"truncated":       secret[:len(secret)-1],
		"wrong":           s.ID + "_secret_" + strings.Repeat("A", 43),
		"other session's": other.ClientSecret,
		"bare id":         s.ID,
	}
	for name, bad := range cases {
		for _, path := range []string{"/open", "/pay"} {
			body := form("client_secret", bad, "email", testEmail, "cardNumber", "4242424242424242",
				"cardExpiry", "12 / 34", "cardCvc", "123", "billingName", testCardholder, "billingCountry", "US", "billingPostalCode", "94107")
			r := srv.do(t, "POST", "/c/embed/"+s.ID+path, "", body, sameOrigin...)
			if r.Status != 404 || !strings.Contains(r.Body, `data-testid="result-not_found"`) {
				t.Errorf("%s secret, %s: %d, want the not-found page", name, path, r.Status)
			}
			for _, leak := range []string{"T-shirt", "39.98", "Shop", secret} {
				if strings.Contains(r.Body, leak) {
					t.Errorf("%s secret, %s: the page shows %q", name, path, leak)
				}
			}
		}
	}

	// The secret in a query string opens nothing, not even with a body.
	q := "?client_secret=" + url.QueryEscape(secret)
	if r := srv.do(t, "POST", "/c/embed/"+s.ID+"/open"+q, "", "", sameOrigin...); r.Status != 404 || strings.Contains(r.Body, "T-shirt") {
		t.Errorf("secret in the query string: %d, want not found", r.Status)
	}
	if r := srv.do(t, "POST", "/c/embed/"+s.ID+"/open"+q, "", form("x", "y"), sameOrigin...); r.Status != 404 || strings.Contains(r.Body, "T-shirt") {
		t.Errorf("secret in the query string with a body: %d, want not found", r.Status)
	}
	if r := srv.do(t, "GET", "/c/embed/"+s.ID+q, "", ""); strings.Contains(r.Body, "T-shirt") || strings.Contains(r.Body, `name="csrf_token"`) {
		t.Errorf("GET with the secret in the query string shows the session")
	}
	// A cross-site post is refused before anything else.
	if r := srv.do(t, "POST", "/c/embed/"+s.ID+"/open", "", form("client_secret", secret), "Sec-Fetch-Site", "cross-site"); r.Status != 403 {
		t.Errorf("cross-site open: %d, want 403", r.Status)
	}
	// A hosted session has no embed page.
	hosted := browserSessionAt(t, acct)
	if r := srv.do(t, "GET", "/c/embed/"+hosted.ID, "", ""); r.Status != 404 {
		t.Errorf("embed page of a hosted session: %d, want 404", r.Status)
	}
	// The right secret opens it.
	if r := srv.do(t, "POST", "/c/embed/"+s.ID+"/open", "", form("client_secret", secret), sameOrigin...); r.Status != 200 || !strings.Contains(r.Body, "T-shirt") {
		t.Errorf("the right secret: %d, want the form", r.Status)
	}
}

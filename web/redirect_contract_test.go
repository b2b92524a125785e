package web_test

import (
	"net/http"
	"testing"
)

// TestRedirectToCheckoutEndpoint: what till.js's redirectToCheckout asks
// for, a form post with the publishable key in its body, answers the
// session's url (the one the API shows), readable from any origin; a wrong
// key, another account's or an unknown session, a secret key and a session
// without a page of its own get Stripe's errors, naming the parameter.
func TestRedirectToCheckoutEndpoint(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}
	ask := func(id, key string) response {
		return srv.do(t, "POST", "/c/api/redirect/"+id, "", form("key", key), "Origin", "https://shop.example")
	}

	res := ask(s.ID, acct.PublishableKey)
	got := object(t, res)
	if got["url"] != s.URL || got["id"] != s.ID {
		t.Errorf("answer = %v, want the session's url %s", got, s.URL)
	}
	if o := res.Header.Get("Access-Control-Allow-Origin"); o != "*" {
		t.Errorf("Access-Control-Allow-Origin = %q, want *", o)
	}

	other := srv.newAccount(t)
	for name, r := range map[string]response{
		"another account's key": ask(s.ID, other.PublishableKey),
		"an unknown session":    ask("cs_test_nope", acct.PublishableKey),
	} {
		e := wantRawErr(t, r, http.StatusNotFound, "invalid_request_error", "resource_missing", "sessionId")
		if r.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: the error is not readable by the page", name)
		}
		if e.Message == "" {
			t.Errorf("%s: no message", name)
		}
	}
	wantRawErr(t, ask(s.ID, "pk_test_nope"), http.StatusUnauthorized, "invalid_request_error", "api_key_invalid", "")
	wantRawErr(t, ask(s.ID, acct.SecretKey), http.StatusUnauthorized, "invalid_request_error", "api_key_invalid", "")
	wantRawErr(t, srv.do(t, "POST", "/c/api/redirect/"+s.ID, "", ""), http.StatusUnauthorized, "invalid_request_error", "", "")

	embedded := embeddedSession(t, acct, "https://shop.example/return", "")
	wantRawErr(t, ask(embedded.ID, acct.PublishableKey), http.StatusBadRequest, "invalid_request_error", "invalid_request", "sessionId")
}

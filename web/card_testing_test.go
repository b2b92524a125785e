package web_test

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"till/web"
)

// Card-testing protection, as Stripe has it: a session refuses attempts
// after five declines, good cards included, and an address that has had
// twenty declines in ten minutes is refused on every session, while other
// shoppers pay.

func TestSessionLockedAfterDeclines(t *testing.T) {
	srvs, raw := paymentServers(t, 1, web.Config{})
	srv := srvs[0]
	acct := srv.newAccount(t)
	id := createSessions(t, acct, 1)[0]
	token := formToken(t, srv, id)
	for i := range 5 {
		if r := submitCard(t, srv, id, token, declinedCard, ""); r.Status != http.StatusPaymentRequired {
			t.Fatalf("decline %d: %d", i+1, r.Status)
		}
	}
	for i, card := range []string{declinedCard, goodCard, declinedCard, goodCard, goodCard} {
		r := submitCard(t, srv, id, token, card, "")
		if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, `data-testid="result-locked"`) ||
			!strings.Contains(r.Body, "too many declined payment attempts") {
			t.Errorf("attempt %d after the limit: %d %.300s", i+6, r.Status, r.Body)
		}
	}
	page := srv.do(t, "GET", "/c/pay/"+id, "", "")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, `data-testid="result-locked"`) || strings.Contains(page.Body, `name="card_number"`) {
		t.Errorf("page of a locked session: %d, want the locked page and no form", page.Status)
	}
	s, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, id, nil)
	if err != nil || s.Status != "open" || s.PaymentStatus != "unpaid" {
		t.Fatalf("locked session = %v %v, want open and unpaid", s, err)
	}
	var declines int
	raw.Get(&declines, `SELECT declines FROM checkout_sessions WHERE id = $1`, id)
	if declines != 5 {
		t.Errorf("%d declines recorded, want 5: refused attempts reach no processor", declines)
	}
}

func TestCustomConfirmLockedAfterDeclines(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := customSession(t, acct)
	path := "/c/api/custom/" + s.ID + "/confirm"
	for range 5 {
		if r := srv.doJSON(t, path, acct.PublishableKey, cardFields(s.ClientSecret, declinedCard)); r.Status != http.StatusPaymentRequired {
			t.Fatalf("decline: %d %s", r.Status, r.Body)
		}
	}
	r := srv.doJSON(t, path, acct.PublishableKey, cardFields(s.ClientSecret, goodCard))
	m := decodeJSON(t, r)
	e, _ := m["error"].(map[string]any)
	if r.Status != http.StatusTooManyRequests || m["type"] != "error" || e["code"] != "checkout_session_too_many_declines" || e["message"] == "" {
		t.Fatalf("confirm of a locked session: %d %s", r.Status, r.Body)
	}
	session := decodeJSON(t, srv.doJSON(t, "/c/api/custom/"+s.ID+"/session", acct.PublishableKey, customJSON("client_secret", s.ClientSecret)))
	if session["canConfirm"] != false {
		t.Errorf("session of a locked checkout: canConfirm = %v, want false", session["canConfirm"])
	}
}

func TestDeclinesLimitedPerAddress(t *testing.T) {
	srvs, _ := paymentServers(t, 1, web.Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	srv := srvs[0]
	acct := srv.newAccount(t)
	const tester, shopper = "203.0.113.7", "198.51.100.4"
	ids := createSessions(t, acct, 12)
	tokens := make([]string, len(ids))
	for i, id := range ids {
		tokens[i] = formToken(t, srv, id)
	}
	// Twenty declines, two a session, from one address.
	for i := range 20 {
		if r := submitCard(t, srv, ids[i/2], tokens[i/2], declinedCard, tester); r.Status != http.StatusPaymentRequired {
			t.Fatalf("decline %d: %d", i+1, r.Status)
		}
	}
	for _, card := range []string{declinedCard, goodCard} {
		r := submitCard(t, srv, ids[10], tokens[10], card, tester)
		if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, `data-testid="result-rate_limited"`) {
			t.Errorf("attempt from the address past its limit: %d %.300s", r.Status, r.Body)
		}
	}
	// Another shopper, on a session the tester tried and on a fresh one.
	for _, i := range []int{0, 11} {
		if r := submitCard(t, srv, ids[i], tokens[i], goodCard, shopper); r.Status != http.StatusSeeOther {
			t.Errorf("payment from another address: %d %.300s", r.Status, r.Body)
		}
	}
}

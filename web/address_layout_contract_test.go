package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// TestAddressLayoutAnswer: POST …/address-fields answers each address's
// parts laid out for the posted country, with what was typed, from the
// page's own renderer; it needs the form token, stores nothing, and an
// expired session answers as its page does, not with parts.
func TestAddressLayoutAnswer(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	p := basicSession()
	p.BillingAddressCollection = stripe.String("required")
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	page := srv.do(t, "GET", "/c/pay/"+s.ID, "", "")
	if !strings.Contains(page.Body, `data-address-action="/c/pay/`+s.ID+`/address-fields"`) ||
		!strings.Contains(page.Body, `data-address-parts="billing"`) {
		t.Fatalf("the page names no address layout: %.1500s", page.Body)
	}
	token := formToken(t, srv, s.ID)
	res := postForm(t, srv, "/c/pay/"+s.ID+"/address-fields", url.Values{"csrf_token": {token},
		"billingCountry": {"DE"}, "billingAddressLine1": {"Unter den Linden 1"}, "billingAdministrativeArea": {"CA"}}, true)
	var parts map[string]string
	if err := json.Unmarshal([]byte(res.Body), &parts); res.Status != http.StatusOK || err != nil {
		t.Fatalf("answer %d %v: %.500s", res.Status, err, res.Body)
	}
	billing := parts["billing"]
	for _, want := range []string{`id="billingAddressLine1"`, `value="Unter den Linden 1"`, `id="billingPostalCode"`, ">Postal code<", `id="billingLocality"`} {
		if !strings.Contains(billing, want) {
			t.Errorf("the German parts have no %s: %s", want, billing)
		}
	}
	if strings.Contains(billing, "billingAdministrativeArea") || strings.Index(billing, "billingPostalCode") > strings.Index(billing, "billingLocality") {
		t.Errorf("the German parts have a state, or the city before the postal code: %s", billing)
	}
	if _, ok := parts["shipping"]; ok || strings.Contains(billing, "billingCountry") {
		t.Errorf("parts of an address the session does not collect, or the country select: %v", parts)
	}
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.CustomerDetails != nil {
		t.Errorf("a layout stored the shopper's details: %+v", got.CustomerDetails)
	}

	if res := postForm(t, srv, "/c/pay/"+s.ID+"/address-fields", url.Values{"billingCountry": {"DE"}}, true); res.Status != http.StatusForbidden {
		t.Errorf("without the form token: %d, want 403", res.Status)
	}
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, s.ID, nil); err != nil {
		t.Fatal(err)
	}
	if res := postForm(t, srv, "/c/pay/"+s.ID+"/address-fields", url.Values{"csrf_token": {token}, "billingCountry": {"DE"}}, true); res.Status != http.StatusGone ||
		strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("an expired session's layout: %d %s, want its page's 410", res.Status, res.Header.Get("Content-Type"))
	}
}

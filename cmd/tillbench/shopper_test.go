package main

import (
	"net/url"
	"strings"
	"testing"
)

// payPage is a checkout page whose form fields have the given names.
func payPage(names ...string) string {
	var b strings.Builder
	b.WriteString(`<html><head><meta name="viewport" content="width=device-width"></head><body>`)
	b.WriteString(`<form class="pay-form" method="post" action="/c/pay/cs_test_1" novalidate>`)
	b.WriteString(`<input type="hidden" name="csrf_token" value="tok&amp;en/1"/>`)
	for _, n := range names {
		if strings.Contains(strings.ToLower(n), "country") {
			b.WriteString(`<select id="` + n + `" name="` + n + `"><option value="US">United States</option></select>`)
			continue
		}
		b.WriteString(`<input class="field-control" id="` + n + `" name="` + n + `" type="text"/>`)
	}
	b.WriteString(`<button type="submit">Pay</button></form></body></html>`)
	return b.String()
}

// TestReadPayForm fills the form under the names the page gives its fields,
// today's or Stripe Checkout's ids, and sends each page's own token.
func TestReadPayForm(t *testing.T) {
	for _, tc := range []struct {
		name  string
		names []string
	}{
		{"TodaysNames", []string{"email", "card_number", "card_expiry", "card_cvc", "card_name", "country", "postal_code"}},
		{"StripeIDs", []string{"email", "cardNumber", "cardExpiry", "cardCvc", "billingName", "billingCountry", "billingPostalCode"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := []byte(payPage(tc.names...))
			form, err := readPayForm(page)
			if err != nil {
				t.Fatal(err)
			}
			got, err := url.ParseQuery(form.body(form.hiddenValues(page)))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.names)+1 || got.Get("csrf_token") != "tok&en/1" {
				t.Errorf("got %v, want the token and %v", got, tc.names)
			}
			for i, n := range tc.names {
				if got.Get(n) != payFields[i].value {
					t.Errorf("%s: got %q, want %q", n, got.Get(n), payFields[i].value)
				}
			}
		})
	}
}

func TestReadPayFormErrMissingField(t *testing.T) {
	_, err := readPayForm([]byte(payPage("email", "card_number", "card_expiry", "card_cvc", "card_name", "country")))
	if err == nil || !strings.Contains(err.Error(), "postal_code, billingPostalCode") {
		t.Errorf("got %v, want an error naming postal_code and billingPostalCode", err)
	}
}

func TestHiddenValuesErrNoToken(t *testing.T) {
	page := []byte(payPage("email", "card_number", "card_expiry", "card_cvc", "card_name", "country", "postal_code"))
	form, err := readPayForm(page)
	if err != nil {
		t.Fatal(err)
	}
	if got := form.hiddenValues([]byte(`<html><p>This session has expired.</p></html>`)); got != "" {
		t.Errorf("got %q from a page without the form, want none", got)
	}
}

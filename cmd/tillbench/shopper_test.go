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

// TestReadPayForm fills the form under Stripe Checkout's names and sends
// each page's own token.
func TestReadPayForm(t *testing.T) {
	names := []string{"email", "cardNumber", "cardExpiry", "cardCvc", "billingName", "billingCountry", "billingPostalCode"}
	page := []byte(payPage(names...))
	form, err := readPayForm(page)
	if err != nil {
		t.Fatal(err)
	}
	got, err := url.ParseQuery(form.body(form.hiddenValues(page)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(names)+1 || got.Get("csrf_token") != "tok&en/1" {
		t.Errorf("got %v, want the token and %v", got, names)
	}
	for i, n := range names {
		if got.Get(n) != payFields[i].value {
			t.Errorf("%s: got %q, want %q", n, got.Get(n), payFields[i].value)
		}
	}
}

func TestReadPayFormErrMissingField(t *testing.T) {
	_, err := readPayForm([]byte(payPage("email", "cardNumber", "cardExpiry", "cardCvc", "billingName", "billingCountry")))
	if err == nil || !strings.Contains(err.Error(), "billingPostalCode") {
		t.Errorf("got %v, want an error naming billingPostalCode", err)
	}
}

func TestHiddenValuesErrNoToken(t *testing.T) {
	page := []byte(payPage("email", "cardNumber", "cardExpiry", "cardCvc", "billingName", "billingCountry", "billingPostalCode"))
	form, err := readPayForm(page)
	if err != nil {
		t.Fatal(err)
	}
	if got := form.hiddenValues([]byte(`<html><p>This session has expired.</p></html>`)); got != "" {
		t.Errorf("got %q from a page without the form, want none", got)
	}
}

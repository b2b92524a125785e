package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// paymentMethod makes a card PaymentMethod from a test token.
func paymentMethod(t *testing.T, acct *account, token string) string {
	t.Helper()
	pm, err := acct.Stripe.V1PaymentMethods.Create(bg, &stripe.PaymentMethodCreateParams{
		Type: stripe.String("card"), Card: &stripe.PaymentMethodCreateCardParams{Token: stripe.String(token)},
		BillingDetails: &stripe.PaymentMethodCreateBillingDetailsParams{Email: stripe.String("jenny@example.com")}})
	if err != nil {
		t.Fatal(err)
	}
	return pm.ID
}

func TestPaymentPages(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	id := createSessions(t, acct, 1)[0]

	page := object(t, srv.do(t, "GET", "/v1/payment_pages/"+id, acct.SecretKey, ""))
	if page["id"] != id || page["object"] != "payment_page" || page["status"] != "open" || page["amount_total"] != float64(3998) {
		t.Fatalf("payment page = %v", page)
	}
	other := srv.newAccount(t)
	wantRawErr(t, srv.do(t, "GET", "/v1/payment_pages/"+id, other.SecretKey, ""), http.StatusNotFound,
		"invalid_request_error", "resource_missing", "session")

	confirm := func(kv ...string) response {
		return srv.do(t, "POST", "/v1/payment_pages/"+id+"/confirm", acct.SecretKey, form(kv...))
	}
	wantRawErr(t, confirm("expected_amount", "3998"), http.StatusBadRequest, "invalid_request_error", "parameter_missing", "payment_method")
	wantRawErr(t, confirm("payment_method", "pm_nope"), http.StatusNotFound, "invalid_request_error", "resource_missing", "payment_method")
	wantRawErr(t, confirm("payment_method", "pm_card_visa", "expected_amount", "3000"), http.StatusBadRequest,
		"invalid_request_error", "invalid_request", "expected_amount")

	// A decline is Stripe's card_error; the session stays open to pay again.
	declined := confirm("payment_method", paymentMethod(t, acct, "tok_chargeDeclinedInsufficientFunds"), "expected_amount", "3998")
	wantRawErr(t, declined, http.StatusPaymentRequired, "card_error", "card_declined", "card")
	if !strings.Contains(declined.Body, `"decline_code":"insufficient_funds"`) {
		t.Errorf("decline = %s", declined.Body)
	}
	if s, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, id, nil); err != nil || s.Status != "open" {
		t.Fatalf("after the decline: %v, %v", s.Status, err)
	}

	paid := object(t, confirm("payment_method", paymentMethod(t, acct, "tok_visa"), "expected_amount", strconv.Itoa(3998)))
	if paid["status"] != "complete" || paid["payment_status"] != "paid" {
		t.Fatalf("confirm = %v", paid)
	}
	s, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, id, nil)
	if err != nil || s.Status != "complete" || s.CustomerDetails == nil || s.CustomerDetails.Email != "jenny@example.com" {
		t.Fatalf("session after confirm: %+v, %v", s, err)
	}
	// Paid once: a second confirm is refused.
	if again := confirm("payment_method", "pm_card_visa"); again.Status < 400 || again.Status == http.StatusInternalServerError {
		t.Errorf("a second confirm = %d %s", again.Status, again.Body)
	}
}

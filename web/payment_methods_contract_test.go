package web_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
)

func TestPaymentMethods(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)

	pm, err := acct.Stripe.V1PaymentMethods.Create(bg, &stripe.PaymentMethodCreateParams{
		Type: stripe.String("card"), Card: &stripe.PaymentMethodCreateCardParams{Token: stripe.String("tok_mastercard")},
		BillingDetails: &stripe.PaymentMethodCreateBillingDetailsParams{Email: stripe.String("jenny@example.com"),
			Name: stripe.String("Jenny Rosen"), Address: &stripe.AddressParams{Country: stripe.String("US"), PostalCode: stripe.String("94080")}},
		Metadata: map[string]string{"order": "42"},
	})
	if err != nil {
		t.Fatal(err)
	}
	year := time.Now().Year() + 1
	if len(pm.ID) < 10 || pm.ID[:3] != "pm_" || pm.Type != "card" || pm.Card.Brand != "mastercard" || pm.Card.Last4 != "4444" ||
		pm.Card.Funding != "credit" || int(pm.Card.ExpYear) < year-1 || pm.Card.Checks.CVCCheck != "pass" ||
		pm.BillingDetails.Email != "jenny@example.com" || pm.BillingDetails.Address.PostalCode != "94080" ||
		pm.Metadata["order"] != "42" || pm.Livemode || pm.Customer != nil {
		t.Fatalf("payment method = %+v card %+v", pm, pm.Card)
	}
	got, err := acct.Stripe.V1PaymentMethods.Retrieve(bg, pm.ID, nil)
	if err != nil || got.Card.Last4 != "4444" || got.Card.Fingerprint != pm.Card.Fingerprint || got.BillingDetails.Name != "Jenny Rosen" {
		t.Fatalf("retrieve = %+v, %v", got, err)
	}
	// Stripe's test PaymentMethods exist for every account.
	visa, err := acct.Stripe.V1PaymentMethods.Retrieve(bg, "pm_card_visa", nil)
	if err != nil || visa.Card.Brand != "visa" || visa.Card.Last4 != "4242" {
		t.Fatalf("pm_card_visa = %+v, %v", visa, err)
	}
	other := srv.newAccount(t)
	_, err = other.Stripe.V1PaymentMethods.Retrieve(bg, pm.ID, nil)
	wantErr(t, err, http.StatusNotFound, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing, "id", "")

	for _, tc := range []struct{ name, body, param string }{
		{"NoType", form("card[token]", "tok_visa"), "type"},
		{"OtherType", form("type", "sepa_debit", "card[token]", "tok_visa"), "type"},
		{"NoCard", form("type", "card"), "card[token]"},
		{"CardNumber", form("type", "card", "card[number]", "4242424242424242", "card[exp_month]", "12",
			"card[exp_year]", "2040", "card[cvc]", "123"), "card[number]"},
		{"UnknownToken", form("type", "card", "card[token]", "tok_nope"), "card[token]"},
		{"TestPaymentMethodAsToken", form("type", "card", "card[token]", "pm_card_visa"), "card[token]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, "POST", "/v1/payment_methods", acct.SecretKey, tc.body)
			e := decodeErr(t, res)
			if res.Status != http.StatusBadRequest || e.Param != tc.param {
				t.Errorf("%d %+v, want 400 naming %s", res.Status, e, tc.param)
			}
		})
	}
}

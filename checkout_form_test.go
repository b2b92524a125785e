package till

import (
	"testing"
	"time"
)

// A postal code's error names the field as its label does in the country:
// ZIP in the US, postcode in the UK, postal code elsewhere.
func TestCheckCheckoutFormPostalCodeMessages(t *testing.T) {
	required := "required"
	s := &Session{Currency: "usd", AmountTotal: 1000, BillingAddressCollection: &required}
	for _, tc := range []struct {
		country, postal, want string
	}{
		{"US", "", "zip_required"},
		{"US", "ABCDE", "zip_invalid"},
		{"GB", "", "postcode_required"},
		{"GB", "12345", "postcode_invalid"},
		{"DE", "", "postal_code_required"},
		{"DE", "ABC", "postal_code_invalid"},
		{"US", "94107", ""},
	} {
		f := CheckoutForm{Email: "a@example.com", CardNumber: "4242424242424242", CardExpiry: "12 / 40", CardCVC: "123",
			CardName: "Ada", Country: tc.country, Line1: "1 Main St", City: "Town", State: "CA", PostalCode: tc.postal}
		_, _, errs := CheckCheckoutForm(s, f, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
		if got := errs.Get("postal_code"); got != tc.want {
			t.Errorf("%s %q: postal_code error %q, want %q", tc.country, tc.postal, got, tc.want)
		}
	}
}

package views

import (
	"context"
	"os"
	"testing"

	"github.com/a-h/templ"
)

func TestDumpTmp(t *testing.T) {
	vm := PayPage{Page: Page{Lang: "en", Title: "Pay Acme", T: func(k string) string { return "[" + k + "]" }, MerchantName: "Acme", LogoURL: "https://x/logo.png", AccentColor: "#635bff", AccentText: "white", TestMode: true, BackURL: "javascript:alert(1)", Stylesheet: "/static/css/c.css", Script: "/static/js/c.js"},
		Summary: Summary{Items: []LineItem{{Name: "T-shirt", Description: "Blue", ImageURL: "https://x/i.png", Quantity: 2, UnitAmount: "$19.99", Amount: "$39.98"}}, Subtotal: "$39.98", Total: "$39.98"},
		FormAction: "/c/pay/cs_1", CSRFToken: "tok", Errors: []ErrorLink{{"email", "Bad email"}},
		Email: Field{ID: "email", Label: "Email", Value: "a@b", Error: "Bad email", Type: "email", Required: true},
		CardNumber: Field{ID: "card_number", Label: "Card number", MaxLength: 23}, CardExpiry: Field{ID: "card_expiry", Label: "Exp"}, CardCVC: Field{ID: "card_cvc", Label: "CVC"}, CardName: Field{ID: "card_name", Label: "Name"},
		CardError: "Your card was declined.",
		Address:   []Field{{ID: "country", Label: "Country", Autocomplete: "billing country", Options: []Option{{"US", "United States", true}, {"DE", "Germany", false}}}, {ID: "postal_code", Label: "ZIP", Autocomplete: "billing postal-code"}},
		PayLabel:  "Pay $39.98", ProcessingLabel: "Processing…"}
	PayPageView(vm).Render(templ.WithNonce(context.Background(), "n0nce"), os.Stdout)
}

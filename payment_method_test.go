package till

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestTestCards(t *testing.T) {
	made := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	for name, tc := range testCards {
		in := TestCardInput(name, made, nil)
		if !LuhnValid(in.Number) || len(in.CVC) != CVCLength(CardBrand(in.Number)) || in.ExpMonth != 3 || in.ExpYear != 2027 {
			t.Errorf("%s: %+v is not a card the form would take", name, in)
		}
		auth, err := TestCardProcessor{}.Authorize(context.Background(), AuthorizeRequest{Card: in})
		if declines := strings.HasPrefix(name, "chargeDeclined"); err != nil || declines != (auth.Decline != nil) {
			t.Errorf("%s (%s): declined %v (%v), want %v", name, tc.number, auth.Decline != nil, err, declines)
		}
	}
	for ref, want := range map[string]string{"tok_visa": "visa", "pm_card_visa": "visa", "tok_chargeDeclined": "chargeDeclined",
		"pm_card_chargeDeclinedInsufficientFunds": "chargeDeclinedInsufficientFunds", "tok_mastercard_prepaid": "mastercard_prepaid"} {
		if got, ok := TestCardOf(ref); !ok || got != want {
			t.Errorf("TestCardOf(%q) = %q, %v; want %q", ref, got, ok, want)
		}
	}
	for _, ref := range []string{"tok_nope", "pm_card_", "visa", "pm_123", ""} {
		if got, ok := TestCardOf(ref); ok {
			t.Errorf("TestCardOf(%q) = %q, want not found", ref, got)
		}
	}
	if in := TestCardInput("amex", made, nil); CardBrand(in.Number) != "amex" || len(in.CVC) != 4 {
		t.Errorf("amex: %+v", in)
	}
}

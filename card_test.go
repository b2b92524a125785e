package till

import (
	"context"
	"testing"
)

func TestLuhnValid(t *testing.T) {
	for _, tc := range []struct {
		number string
		want   bool
	}{
		{"4242424242424242", true},
		{"4242424242424241", false},
		{"378282246310005", true},
		{"6200000000000005", true},
		{"4242", false},
		{"42424242424242x2", false},
		{"", false},
	} {
		if got := LuhnValid(tc.number); got != tc.want {
			t.Errorf("LuhnValid(%q) = %v, want %v", tc.number, got, tc.want)
		}
	}
}

func TestCardBrand(t *testing.T) {
	for number, want := range map[string]string{
		"4242424242424242": "visa", "5555555555554444": "mastercard", "2223003122003222": "mastercard",
		"378282246310005": "amex", "6011111111111117": "discover", "3056930009020004": "diners",
		"36227206271667": "diners", "3566002020360505": "jcb", "6200000000000005": "unionpay",
	} {
		if got := CardBrand(number); got != want {
			t.Errorf("CardBrand(%s) = %s, want %s", number, got, want)
		}
	}
}

func TestTestCardProcessor(t *testing.T) {
	for _, tc := range []struct {
		name, number, cvc string
		code, decline     string
	}{
		{"OK", "4242 4242 4242 4242", "123", "", ""},
		{"OKMastercard", "5555-5555-5555-4444", "123", "", ""},
		{"Generic", "4000000000000002", "123", "card_declined", "generic_decline"},
		{"InsufficientFunds", "4000000000009995", "123", "card_declined", "insufficient_funds"},
		{"Lost", "4000000000009987", "123", "card_declined", "lost_card"},
		{"Stolen", "4000000000009979", "123", "card_declined", "stolen_card"},
		{"Expired", "4000000000000069", "123", "expired_card", "expired_card"},
		{"IncorrectCVC", "4000000000000127", "123", "incorrect_cvc", "incorrect_cvc"},
		{"ProcessingError", "4000000000000119", "123", "processing_error", "processing_error"},
		{"CVCCheckFails", "4000000000000101", "123", "incorrect_cvc", "incorrect_cvc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			auth, perr := TestCardProcessor{}.Authorize(context.Background(), AuthorizeRequest{
				Card: CardInput{Number: tc.number, ExpMonth: 12, ExpYear: 2034, CVC: tc.cvc}})
			if perr != nil {
				t.Fatal(perr)
			}
			card, err := auth.Card, auth.Decline
			if card.Last4 != NormalizeCardNumber(tc.number)[12:] || card.ExpYear != 2034 {
				t.Errorf("card = %+v", card)
			}
			if tc.code == "" {
				if err != nil {
					t.Fatalf("decline = %v, want success", err)
				}
				return
			}
			e := err
			if e == nil || e.Kind != KindPayment || e.Code != tc.code || e.DeclineCode != tc.decline || e.Message == "" {
				t.Fatalf("err = %#v, want a %s/%s decline", err, tc.code, tc.decline)
			}
		})
	}
}

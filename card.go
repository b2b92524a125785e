package till

import (
	"strings"
	"unicode"
)

// CardInput is what a shopper typed into the card fields. It lives only for
// the request: nothing but the Card summary (brand, last four, expiry) is
// ever stored or logged.
type CardInput struct {
	Number   string
	ExpMonth int
	ExpYear  int
	CVC      string
	Name     string
}

// NormalizeCardNumber removes the spaces and dashes shoppers type.
func NormalizeCardNumber(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
}

// LuhnValid reports whether a string of digits passes the Luhn checksum.
func LuhnValid(digits string) bool {
	if len(digits) < 12 || len(digits) > 19 {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		r := rune(digits[i])
		if !unicode.IsDigit(r) {
			return false
		}
		d := int(r - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// CardBrand names a card's network from its number, with Stripe's brand
// strings.
func CardBrand(digits string) string {
	has := func(prefixes ...string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(digits, p) {
				return true
			}
		}
		return false
	}
	switch {
	case has("34", "37"):
		return "amex"
	case has("4"):
		return "visa"
	case has("51", "52", "53", "54", "55", "22", "23", "24", "25", "26", "27"):
		return "mastercard"
	case has("6011", "65", "644", "645", "646", "647", "648", "649"):
		return "discover"
	case has("300", "301", "302", "303", "304", "305", "36", "38", "39"):
		return "diners"
	case has("35"):
		return "jcb"
	case has("62"):
		return "unionpay"
	}
	return "unknown"
}

// CVCLength is the number of digits a brand's security code has.
func CVCLength(brand string) int {
	if brand == "amex" {
		return 4
	}
	return 3
}

// A decline of Stripe's test processor: the code, the decline code and the
// message Stripe shows shoppers.
type decline struct {
	code, declineCode, message string
}

// testDeclines are Stripe's test card numbers that decline, with Stripe's
// codes and shopper messages.
var testDeclines = map[string]decline{
	"4000000000000002": {"card_declined", "generic_decline", "Your card was declined."},
	"4000000000009995": {"card_declined", "insufficient_funds", "Your card has insufficient funds."},
	"4000000000009987": {"card_declined", "lost_card", "Your card was declined."},
	"4000000000009979": {"card_declined", "stolen_card", "Your card was declined."},
	"4000000000000069": {"expired_card", "expired_card", "Your card has expired."},
	"4000000000000127": {"incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."},
	"4000000000000119": {"processing_error", "processing_error", "An error occurred while processing your card. Try again in a little bit."},
	"4000000000006975": {"card_declined", "card_velocity_exceeded", "Your card was declined."},
	"4100000000000019": {"card_declined", "fraudulent", "Your card was declined."},
}

// ChargeTestCard is Till's built-in test processor: it answers as Stripe's
// test mode does for its test card numbers. Every other valid number pays,
// as any card does in Stripe's test mode. The input must have passed the
// form checks (Luhn, expiry, CVC length). A decline comes back as a payment
// error carrying Stripe's code, decline code and shopper message.
func ChargeTestCard(in CardInput) (Card, error) {
	number := NormalizeCardNumber(in.Number)
	card := Card{Brand: CardBrand(number), Last4: number[len(number)-4:], ExpMonth: in.ExpMonth, ExpYear: in.ExpYear}
	if d, ok := testDeclines[number]; ok {
		return card, &Error{Kind: KindPayment, Code: d.code, DeclineCode: d.declineCode, Message: d.message, Param: "card"}
	}
	if number == "4000000000000101" && in.CVC != "" {
		d := testDeclines["4000000000000127"]
		return card, &Error{Kind: KindPayment, Code: d.code, DeclineCode: d.declineCode, Message: d.message, Param: "card"}
	}
	return card, nil
}

// PaymentErrorOf turns a decline into the PaymentIntent's last_payment_error.
func PaymentErrorOf(err *Error) *PaymentError {
	return &PaymentError{Type: "card_error", Code: err.Code, DeclineCode: err.DeclineCode, Message: err.Message}
}

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
	// PostalCode and Line1 are the billing address's, for the issuer's
	// address checks; empty when not collected.
	PostalCode string
	Line1      string
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

// CardBrandName is the name a shopper knows a brand (CardBrand's) by, ""
// for an unknown one.
func CardBrandName(brand string) string {
	switch brand {
	case "amex":
		return "American Express"
	case "visa":
		return "Visa"
	case "mastercard":
		return "Mastercard"
	case "discover":
		return "Discover"
	case "diners":
		return "Diners Club"
	case "jcb":
		return "JCB"
	case "unionpay":
		return "UnionPay"
	}
	return ""
}

// CVCLength is the number of digits a brand's security code has.
func CVCLength(brand string) int {
	if brand == "amex" {
		return 4
	}
	return 3
}

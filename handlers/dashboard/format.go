package dashboard

import (
	"strings"
	"time"

	"till"
)

// amount is a sum of money as the dashboard shows it, in English: the
// merchant's own pages, not the shopper's.
func amount(v int64, currency string) string { return till.FormatAmount(v, currency, "en") }

// formatTime is a unix time in UTC, the one zone every user of an account
// shares.
func formatTime(t int64) string { return time.Unix(t, 0).UTC().Format("Jan 2, 2006, 15:04 UTC") }

// deref is an optional text, empty when absent.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// shopperEmail is the email the shopper gave, else the one the merchant
// prefilled: the one the search finds a session by.
func shopperEmail(s *till.Session) *string {
	if s.CustomerDetails != nil && s.CustomerDetails.Email != nil {
		return s.CustomerDetails.Email
	}
	return s.CustomerEmail
}

// optionalTime is a time that may not have come yet, empty until it has.
func optionalTime(t *int64) string {
	if t == nil {
		return ""
	}
	return formatTime(*t)
}

// nonZero is an amount, or nothing when it is zero.
func nonZero(v int64, currency string) string {
	if v == 0 {
		return ""
	}
	return amount(v, currency)
}

// formatAddress is an address on one line, empty when there is none.
func formatAddress(a *till.Address) string {
	if a == nil {
		return ""
	}
	var parts []string
	for _, p := range []*string{a.Line1, a.Line2, a.City, a.State, a.PostalCode, a.Country} {
		if v := deref(p); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, ", ")
}

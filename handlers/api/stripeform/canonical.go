package stripeform

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"strings"
)

// Canonical returns the canonical encoding of v: the pairs sorted by key,
// segment by segment, with numeric segments compared as numbers so that
// array order is kept (a[2] before a[10]); pairs with equal keys are sorted
// by value. Each key segment and value is escaped as stripe-go escapes it
// (url.QueryEscape, brackets literal). The same parameters sent in any
// order, with any of the accepted spellings (%5B or [, %20 or +, a[] or
// a[0]), have the same canonical encoding, and parsing it yields the same
// parameters again.
func (v Values) Canonical() string {
	sorted := slices.Clone(v.pairs)
	slices.SortFunc(sorted, comparePairs)
	return encodePairs(sorted)
}

// Fingerprint returns the hex SHA-256 of the canonical encoding. Idempotency
// stores it with a key and compares it on reuse: Stripe refuses a reused
// Idempotency-Key with different parameters, but a retry that merely
// reorders them (stripe-node follows object order, stripe-go sorts) is the
// same request and must match.
func (v Values) Fingerprint() string {
	sum := sha256.Sum256([]byte(v.Canonical()))
	return hex.EncodeToString(sum[:])
}

// encodePairs writes pairs in the given order in stripe-go's wire format.
func encodePairs(pairs []pair) string {
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		for j, s := range p.segs {
			if j > 0 {
				b.WriteByte('[')
			}
			b.WriteString(url.QueryEscape(s))
			if j > 0 {
				b.WriteByte(']')
			}
		}
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.value))
	}
	return b.String()
}

// comparePairs orders pairs by key segments, then by value, giving a total
// order so the canonical encoding does not depend on the input order.
func comparePairs(a, b pair) int {
	n := min(len(a.segs), len(b.segs))
	for i := range n {
		if c := compareSegments(a.segs[i], b.segs[i]); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(len(a.segs), len(b.segs)); c != 0 {
		return c
	}
	return strings.Compare(a.value, b.value)
}

// compareSegments puts all-digit segments first, ordered by length and then
// bytes (numeric order for indices, which have no leading zeros), and other
// segments after them in byte order.
func compareSegments(a, b string) int {
	da, db := isDigits(a), isDigits(b)
	switch {
	case da && db:
		if c := cmp.Compare(len(a), len(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	case da:
		return -1
	case db:
		return 1
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

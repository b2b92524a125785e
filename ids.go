package till

import (
	"crypto/rand"
	"strings"
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// RandomString returns n characters drawn uniformly from [0-9A-Za-z] with
// crypto/rand. Stripe's IDs and keys are such strings after a prefix.
func RandomString(n int) string {
	var b strings.Builder
	b.Grow(n)
	buf := make([]byte, n+n/2)
	for b.Len() < n {
		rand.Read(buf)
		for _, c := range buf {
			// 248 = 62*4: rejecting larger bytes keeps the draw uniform.
			if c < 248 && b.Len() < n {
				b.WriteByte(base62[c%62])
			}
		}
	}
	return b.String()
}

// Mode prefixes: objects created with a test key carry "test" in the IDs that
// Stripe marks that way (sessions, keys).
func modeWord(livemode bool) string {
	if livemode {
		return "live"
	}
	return "test"
}

// New IDs in Stripe's formats and lengths (see the compatibility reference).
func NewSessionID(livemode bool) string { return "cs_" + modeWord(livemode) + "_a1" + RandomString(56) }
func NewLineItemID() string             { return "li_" + RandomString(24) }
func NewPriceID() string                { return "price_" + RandomString(24) }
func NewProductID() string              { return "prod_" + RandomString(14) }
func NewCustomerID() string             { return "cus_" + RandomString(14) }
func NewPaymentIntentID() string        { return "pi_" + RandomString(24) }
func NewEventID() string                { return "evt_" + RandomString(24) }
func NewAccountID() string              { return "acct_" + RandomString(16) }
func NewRequestID() string              { return "req_" + RandomString(14) }

// NewSecretKey and NewPublishableKey return API keys with 32 random
// characters after the prefix.
func NewSecretKey(livemode bool) string { return "sk_" + modeWord(livemode) + "_" + RandomString(32) }
func NewPublishableKey(livemode bool) string {
	return "pk_" + modeWord(livemode) + "_" + RandomString(32)
}

// NewAttemptToken names one payment attempt: its claim on the session and
// its idempotency key at the processor.
func NewAttemptToken() string { return "att_" + RandomString(24) }

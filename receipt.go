package till

import "strings"

// Receipt is what a charge's receipt page shows, as one read of the store
// gives it: the charge, the account that took it, and what was bought, the
// line items of the session the charge's PaymentIntent paid.
type Receipt struct {
	Charge  *Charge
	Account *Account
	Items   []LineItem
	// Locale is the session's locale, nil when it set none.
	Locale *string
}

// HasReceipt reports whether a charge has a receipt (a receipt_url), as at
// Stripe: one that succeeded; a failed charge took nothing.
func (c *Charge) HasReceipt() bool { return c.Status == ChargeSucceeded }

// receiptPurpose is what a receipt token's MAC is for, so no other MAC of
// the instance's can stand in for one.
const receiptPurpose = "charge.receipt"

// ReceiptToken is the token of a charge's receipt URL: the charge id and a
// MAC of it, made by sign (the store's Sign). It names exactly one charge,
// is the same on every read, and cannot be made without the instance key,
// so the URL alone opens the receipt, as Stripe's does, and nothing is
// stored for it.
func ReceiptToken(chargeID string, sign func(purpose, message string) string) string {
	return chargeID + "." + sign(receiptPurpose, chargeID)
}

// ReceiptChargeID returns the charge a receipt token names, if verify (the
// store's Verify) accepts its MAC.
func ReceiptChargeID(token string, verify func(purpose, message, mac string) bool) (string, bool) {
	id, mac, ok := strings.Cut(token, ".")
	if !ok || id == "" || !verify(receiptPurpose, id, mac) {
		return "", false
	}
	return id, true
}

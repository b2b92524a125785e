package till

import "fmt"

// Card is what Till keeps of a card: never the number or the CVC.
type Card struct {
	Brand    string `json:"brand"`
	Last4    string `json:"last4"`
	ExpMonth int    `json:"exp_month"`
	ExpYear  int    `json:"exp_year"`
	// Funding is credit, debit, prepaid or unknown, as the processor
	// reports it; Country is the issuer's, ISO 3166-1 alpha-2.
	Funding string `json:"funding,omitempty"`
	Country string `json:"country,omitempty"`
	// Fingerprint identifies the card number without revealing it; empty
	// when the processor gives none.
	Fingerprint string     `json:"fingerprint,omitempty"`
	Checks      CardChecks `json:"checks"`
	// ThreeDSecure is the shopper's 3-D Secure authentication of the
	// payment, nil when none was asked for.
	ThreeDSecure *ThreeDSecure `json:"three_d_secure,omitempty"`
}

// ThreeDSecure is how a payment was authenticated, as Stripe's charge
// reports it in payment_method_details.card.three_d_secure.
type ThreeDSecure struct {
	AuthenticationFlow string `json:"authentication_flow"`
	Result             string `json:"result"`
	Version            string `json:"version"`
}

// CardChecks are the issuer's verdicts on what the shopper entered: pass,
// fail, unavailable or unchecked; nil when it was not entered.
type CardChecks struct {
	AddressLine1Check      *string `json:"address_line1_check"`
	AddressPostalCodeCheck *string `json:"address_postal_code_check"`
	CVCCheck               *string `json:"cvc_check"`
}

// Payment is what a shopper entered to pay a session, and the card that
// paid (filled in from the processor's answer).
type Payment struct {
	Email   *string  `json:"email"`
	Name    *string  `json:"name"`
	Phone   *string  `json:"phone"`
	Address *Address `json:"address"`
	// CustomFields are the values of the session's custom fields, by key.
	CustomFields map[string]string `json:"custom_fields,omitempty"`
	// TermsAccepted records the shopper's consent to the terms of service.
	TermsAccepted bool `json:"terms_accepted,omitempty"`
	// TaxID and BusinessName are a business purchase's.
	TaxID        *TaxID  `json:"tax_id,omitempty"`
	BusinessName *string `json:"business_name,omitempty"`
	// Shipping is where the order goes, on a session that collects it.
	Shipping *ShippingDetails `json:"shipping,omitempty"`
	Card     Card             `json:"-"`
}

// billing is what a charge shows of the shopper as its billing_details.
func (p Payment) billing() BillingDetails {
	b := BillingDetails{Email: p.Email, Name: p.Name, Phone: p.Phone}
	if p.Address != nil {
		b.Address = *p.Address
	}
	return b
}

// CompletionStatus is the payment_status a completed session gets: a session
// with nothing to pay needed no payment, and one whose PaymentIntent is only
// authorized (manual capture) is unpaid, as at Stripe: its funds are not yet
// in the merchant's account. Sources: Stripe's "Accept a payment" guide
// fulfills on checkout.session.completed only when payment_status is not
// unpaid, and Stack Overflow question 65281615 ("How do you capture a
// payment in a webhook in Stripe's pre-built checkout flow") reports a
// manual-capture session completing unpaid. A later capture changes the
// PaymentIntent only; whether Stripe then marks the session paid is not
// documented, and Till leaves the completed session as it was.
func CompletionStatus(amountTotal int64, pi *PaymentIntent) string {
	switch {
	case amountTotal == 0:
		return PaymentNoPaymentRequired
	case pi != nil && pi.Status == PaymentIntentRequiresCapture:
		return PaymentUnpaid
	}
	return PaymentPaid
}

// NewCheckoutPaymentIntent returns the PaymentIntent a session's first
// payment attempt creates, awaiting its payment method, with the session's
// payment_intent_data applied (Stripe copies these, but not the session's
// own metadata).
func NewCheckoutPaymentIntent(s *Session, now int64) *PaymentIntent {
	pi := &PaymentIntent{ID: NewPaymentIntentID(), AccountID: s.AccountID, Livemode: s.Livemode,
		CheckoutSessionID: s.ID, Status: PaymentIntentRequiresPaymentMethod, Amount: s.AmountTotal,
		Currency: s.Currency, CustomerID: s.CustomerID, CaptureMethod: "automatic_async",
		Metadata: map[string]string{}, Created: now}
	if d := s.PaymentIntentData; d != nil {
		pi.Description, pi.ReceiptEmail, pi.SetupFutureUsage = d.Description, d.ReceiptEmail, d.SetupFutureUsage
		pi.StatementDescriptor, pi.StatementDescriptorSuffix, pi.Shipping = d.StatementDescriptor, d.StatementDescriptorSuffix, d.Shipping
		if d.Metadata != nil {
			pi.Metadata = CleanMetadata(d.Metadata)
		}
		if d.CaptureMethod != nil {
			pi.CaptureMethod = *d.CaptureMethod
		}
	}
	return pi
}

// PaymentChange is what a transition of a PaymentIntent decided: the
// intent's new state, its charge's (the one a confirmation made, or the one
// a capture, cancel or refund changed; nil when it has none), a refund's,
// and the events of them all in Stripe's order.
type PaymentChange struct {
	Intent *PaymentIntent
	Charge *Charge
	// Refund is the refund the change made or changed, if any.
	Refund *Refund
	Events []Occurrence
}

// CodeAuthenticationFailure is the error of a payment whose 3-D Secure
// authentication the shopper failed.
const CodeAuthenticationFailure = "payment_intent_authentication_failure"

// ErrAuthenticationFailed is Stripe's last_payment_error for a failed
// authentication: a request error, not a card's decline, and no charge.
func ErrAuthenticationFailed() *Error {
	return &Error{Kind: KindInvalid, Code: CodeAuthenticationFailure, Message: "The provided PaymentMethod has failed " +
		"authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again."}
}

// ConfirmPaymentIntent is the transition of a confirmation at now: the
// processor's answer to an authorization applied to the intent as it was.
//
// An issuer asking for 3-D Secure leaves the intent requires_action
// (payment_intent.requires_action), nothing authorized and no charge yet;
// the shopper's failed authentication returns it to
// requires_payment_method with Stripe's authentication error, no charge
// either. Every other answer is a charge (charge.succeeded or
// charge.failed, before the intent's own event, as Stripe sends them): an
// approved card settles the intent (succeeded, or requires_capture for
// manual capture); a declined one returns it to requires_payment_method
// with the decline as last_payment_error. An intent awaiting its
// authentication may be confirmed again, with another card.
func ConfirmPaymentIntent(current *PaymentIntent, auth Authorization, customerID *string, billing BillingDetails, now int64) (*PaymentChange, error) {
	switch current.Status {
	case PaymentIntentRequiresPaymentMethod, PaymentIntentRequiresConfirmation, PaymentIntentRequiresAction:
	default:
		return nil, &Error{Kind: KindInvalid, Code: CodePaymentIntentUnexpectedState,
			Message: fmt.Sprintf("This PaymentIntent's status is %s, so it cannot be confirmed.", current.Status)}
	}
	next := *current
	next.AuthenticationReference = ""
	switch {
	case auth.Authenticate:
		next.Status, next.Card, next.AuthenticationReference = PaymentIntentRequiresAction, &auth.Card, auth.Reference
		next.CustomerID, next.LastPaymentError = customerID, nil
		return &PaymentChange{Intent: &next, Events: []Occurrence{{EventPaymentIntentRequiresAction, next.ID, &next}}}, nil
	case auth.AuthenticationFailed:
		e := ErrAuthenticationFailed()
		next.Status, next.Card, next.CustomerID = PaymentIntentRequiresPaymentMethod, &auth.Card, customerID
		next.LastPaymentError = &PaymentError{Type: "invalid_request_error", Code: e.Code, Message: e.Message}
		return &PaymentChange{Intent: &next, Events: []Occurrence{{EventPaymentIntentFailed, next.ID, &next}}}, nil
	}
	ch := newCharge(current, auth, customerID, billing, now)
	next.CustomerID, next.Card, next.LatestChargeID = customerID, &auth.Card, &ch.ID
	c := &PaymentChange{Intent: &next, Charge: ch}
	chargeEvent, intentEvent := EventChargeSucceeded, EventPaymentIntentSucceeded
	switch {
	case auth.Decline != nil:
		next.Status, next.AmountReceived, next.LastPaymentError = PaymentIntentRequiresPaymentMethod, 0, PaymentErrorOf(auth.Decline, ch.ID)
		chargeEvent, intentEvent = EventChargeFailed, EventPaymentIntentFailed
	case next.CaptureMethod == "manual":
		// Authorized, not captured: nothing received yet, all of it capturable.
		next.LastPaymentError = nil
		next.Status, next.AmountReceived, next.AmountCapturable = PaymentIntentRequiresCapture, 0, next.Amount
		intentEvent = EventPaymentIntentCapturable
	default:
		next.LastPaymentError = nil
		next.Status, next.AmountReceived = PaymentIntentSucceeded, next.Amount
	}
	c.Events = []Occurrence{{chargeEvent, ch.ID, ch}, {intentEvent, next.ID, &next}}
	return c, nil
}

// PaymentErrorOf turns a decline into the PaymentIntent's last_payment_error.
// chargeID is the failed charge, which Stripe's last_payment_error names.
func PaymentErrorOf(err *Error, chargeID string) *PaymentError {
	return &PaymentError{Type: "card_error", Charge: chargeID, Code: err.Code, DeclineCode: err.DeclineCode, Message: err.Message}
}

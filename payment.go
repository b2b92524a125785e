package till

import "fmt"

// Card is what Till keeps of a card: never the number or the CVC.
type Card struct {
	Brand    string `json:"brand"`
	Last4    string `json:"last4"`
	ExpMonth int    `json:"exp_month"`
	ExpYear  int    `json:"exp_year"`
}

// Payment is what a shopper entered to pay a session, and the card that
// paid (filled in from the processor's answer).
type Payment struct {
	Email   *string
	Name    *string
	Phone   *string
	Address *Address
	Card    Card
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

// ConfirmPaymentIntent is the transition of a confirmation: the processor's
// answer to an authorization applied to the intent as it was. It returns the
// intent's new state and the events the change causes, in Stripe's order.
// An approved card settles the intent (succeeded, or requires_capture for
// manual capture); a declined one returns it to requires_payment_method
// with the decline as last_payment_error.
func ConfirmPaymentIntent(current *PaymentIntent, auth Authorization, customerID *string) (*PaymentIntent, []string, error) {
	if current.Status != PaymentIntentRequiresPaymentMethod && current.Status != PaymentIntentRequiresConfirmation {
		return nil, nil, &Error{Kind: KindInvalid, Code: CodePaymentIntentUnexpectedState,
			Message: fmt.Sprintf("This PaymentIntent's status is %s, so it cannot be confirmed.", current.Status)}
	}
	next := *current
	next.CustomerID, next.Card = customerID, &auth.Card
	if auth.Decline != nil {
		next.Status, next.AmountReceived, next.LastPaymentError = PaymentIntentRequiresPaymentMethod, 0, PaymentErrorOf(auth.Decline)
		return &next, []string{EventPaymentIntentFailed}, nil
	}
	next.LastPaymentError = nil
	if next.CaptureMethod == "manual" {
		// Authorized, not captured: nothing received yet, all of it capturable.
		next.Status, next.AmountReceived, next.AmountCapturable = PaymentIntentRequiresCapture, 0, next.Amount
		return &next, []string{EventPaymentIntentCapturable}, nil
	}
	next.Status, next.AmountReceived = PaymentIntentSucceeded, next.Amount
	return &next, []string{EventPaymentIntentSucceeded}, nil
}

// PaymentErrorOf turns a decline into the PaymentIntent's last_payment_error.
func PaymentErrorOf(err *Error) *PaymentError {
	return &PaymentError{Type: "card_error", Code: err.Code, DeclineCode: err.DeclineCode, Message: err.Message}
}

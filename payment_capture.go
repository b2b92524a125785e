package till

import (
	"fmt"
	"slices"
)

// CancellationReasons are the reasons a merchant may give for canceling a
// PaymentIntent, Stripe's enum for cancellation_reason.
var CancellationReasons = []string{"abandoned", "duplicate", "fraudulent", "requested_by_customer"}

// CapturePaymentIntent is the transition of a capture: it takes
// amountToCapture (all that is capturable when nil) of an authorized
// intent and its charge, and releases the rest, as Stripe's partial
// capture does: the charge shows the released part as refunded. It returns
// the new states and their events, in Stripe's order.
func CapturePaymentIntent(current *PaymentIntent, charge *Charge, amountToCapture *int64) (*PaymentChange, error) {
	if current.Status != PaymentIntentRequiresCapture {
		return nil, &Error{Kind: KindInvalid, Code: CodePaymentIntentUnexpectedState, Message: fmt.Sprintf(
			"This PaymentIntent could not be captured because it has a status of %s. Only a PaymentIntent with one of the following statuses may be captured: %s.",
			current.Status, PaymentIntentRequiresCapture)}
	}
	amount := current.AmountCapturable
	if amountToCapture != nil {
		amount = *amountToCapture
	}
	switch {
	case amount < 1:
		return nil, Invalid(CodeParameterInvalidInteger, "amount_to_capture",
			"This value must be greater than or equal to 1.")
	case amount > current.AmountCapturable:
		return nil, Invalid(CodeAmountTooLarge, "amount_to_capture",
			"The amount_to_capture (%d) must be less than or equal to the amount_capturable (%d).", amount, current.AmountCapturable)
	}
	next := *current
	next.Status, next.AmountReceived, next.AmountCapturable = PaymentIntentSucceeded, amount, 0
	c := &PaymentChange{Intent: &next}
	if charge != nil {
		ch := *charge
		ch.Captured, ch.AmountCaptured, ch.AmountRefunded = true, amount, ch.Amount-amount
		c.Charge = &ch
		c.Events = append(c.Events, Occurrence{EventChargeCaptured, ch.ID, &ch})
	}
	c.Events = append(c.Events, Occurrence{EventPaymentIntentSucceeded, next.ID, &next})
	return c, nil
}

// CancelPaymentIntent is the transition of a merchant's cancel at now with
// an optional reason (one of CancellationReasons): an authorization is
// released, and its charge shows all of it refunded, as Stripe's does. A
// Checkout Session's intent that is still awaiting its payment belongs to
// the open session, which is expired instead, as Stripe asks.
func CancelPaymentIntent(current *PaymentIntent, charge *Charge, reason *string, now int64) (*PaymentChange, error) {
	switch current.Status {
	case PaymentIntentRequiresCapture:
	case PaymentIntentRequiresPaymentMethod, PaymentIntentRequiresConfirmation, PaymentIntentRequiresAction:
		return nil, &Error{Kind: KindInvalid, Code: CodePaymentIntentUnexpectedState,
			Message: "This PaymentIntent belongs to a Checkout Session that is still open; expire the Checkout Session instead of canceling its PaymentIntent."}
	default:
		return nil, &Error{Kind: KindInvalid, Code: CodePaymentIntentUnexpectedState, Message: fmt.Sprintf(
			"You cannot cancel this PaymentIntent because it has a status of %s. Only a PaymentIntent with one of the following statuses may be canceled: %s, %s, %s, %s, %s.",
			current.Status, PaymentIntentRequiresPaymentMethod, PaymentIntentRequiresCapture,
			PaymentIntentRequiresConfirmation, PaymentIntentRequiresAction, PaymentIntentProcessing)}
	}
	if reason != nil && !slices.Contains(CancellationReasons, *reason) {
		return nil, Invalid(CodeInvalidRequest, "cancellation_reason",
			"Invalid cancellation_reason: must be one of abandoned, duplicate, fraudulent or requested_by_customer")
	}
	return releaseAuthorization(current, charge, reason, now), nil
}

// releaseAuthorization cancels an authorized intent at now, for reason:
// nothing was taken, so its charge shows all of it refunded. Events in
// Stripe's order: the charge's refund, then the intent's cancel.
func releaseAuthorization(current *PaymentIntent, charge *Charge, reason *string, now int64) *PaymentChange {
	next := *current
	next.Status, next.AmountCapturable, next.CanceledAt, next.CancellationReason = PaymentIntentCanceled, 0, &now, reason
	c := &PaymentChange{Intent: &next}
	if charge != nil {
		ch := *charge
		ch.AmountRefunded = ch.Amount
		c.Charge = &ch
		c.Events = append(c.Events, Occurrence{EventChargeRefunded, ch.ID, &ch})
	}
	c.Events = append(c.Events, Occurrence{EventPaymentIntentCanceled, next.ID, &next})
	return c
}

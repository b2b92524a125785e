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
// intent and releases the rest, as Stripe's partial capture does. It
// returns the new state and its events, in Stripe's order.
func CapturePaymentIntent(current *PaymentIntent, amountToCapture *int64) (*PaymentIntent, []string, error) {
	if current.Status != PaymentIntentRequiresCapture {
		return nil, nil, &Error{Kind: KindInvalid, Code: CodePaymentIntentUnexpectedState, Message: fmt.Sprintf(
			"This PaymentIntent could not be captured because it has a status of %s. Only a PaymentIntent with one of the following statuses may be captured: %s.",
			current.Status, PaymentIntentRequiresCapture)}
	}
	amount := current.AmountCapturable
	if amountToCapture != nil {
		amount = *amountToCapture
	}
	switch {
	case amount < 1:
		return nil, nil, Invalid(CodeParameterInvalidInteger, "amount_to_capture",
			"This value must be greater than or equal to 1.")
	case amount > current.AmountCapturable:
		return nil, nil, Invalid(CodeAmountTooLarge, "amount_to_capture",
			"The amount_to_capture (%d) must be less than or equal to the amount_capturable (%d).", amount, current.AmountCapturable)
	}
	next := *current
	next.Status, next.AmountReceived, next.AmountCapturable = PaymentIntentSucceeded, amount, 0
	return &next, []string{EventPaymentIntentSucceeded}, nil
}

// CancelPaymentIntent is the transition of a merchant's cancel at now with
// an optional reason (one of CancellationReasons, checked by the caller):
// an authorization is released. A Checkout Session's intent that is still
// awaiting its payment belongs to the open session, which is expired
// instead, as Stripe asks.
func CancelPaymentIntent(current *PaymentIntent, reason *string, now int64) (*PaymentIntent, []string, error) {
	switch current.Status {
	case PaymentIntentRequiresCapture:
	case PaymentIntentRequiresPaymentMethod, PaymentIntentRequiresConfirmation, PaymentIntentRequiresAction:
		return nil, nil, &Error{Kind: KindInvalid, Code: CodePaymentIntentUnexpectedState,
			Message: "This PaymentIntent belongs to a Checkout Session that is still open; expire the Checkout Session instead of canceling its PaymentIntent."}
	default:
		return nil, nil, &Error{Kind: KindInvalid, Code: CodePaymentIntentUnexpectedState, Message: fmt.Sprintf(
			"You cannot cancel this PaymentIntent because it has a status of %s. Only a PaymentIntent with one of the following statuses may be canceled: %s, %s, %s, %s, %s.",
			current.Status, PaymentIntentRequiresPaymentMethod, PaymentIntentRequiresCapture,
			PaymentIntentRequiresConfirmation, PaymentIntentRequiresAction, PaymentIntentProcessing)}
	}
	if reason != nil && !slices.Contains(CancellationReasons, *reason) {
		return nil, nil, Invalid(CodeInvalidRequest, "cancellation_reason",
			"Invalid cancellation_reason: must be one of abandoned, duplicate, fraudulent or requested_by_customer")
	}
	next := *current
	next.Status, next.AmountCapturable, next.CanceledAt, next.CancellationReason = PaymentIntentCanceled, 0, &now, reason
	return &next, []string{EventPaymentIntentCanceled}, nil
}

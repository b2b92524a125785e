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
	next := *current
	next.Status, next.AmountCapturable, next.CanceledAt, next.CancellationReason = PaymentIntentCanceled, 0, &now, reason
	c := &PaymentChange{Intent: &next}
	if charge != nil {
		// Nothing was taken: the charge shows all of it refunded, by a
		// refund of its own, as Stripe's does.
		ch := *charge
		ch.AmountRefunded = ch.Amount
		c.Charge, c.Refund = &ch, releaseRefund(&ch, nil, now)
		c.Events = append(c.Events, Occurrence{EventRefundCreated, c.Refund.ID, c.Refund}, Occurrence{EventChargeRefunded, ch.ID, &ch})
	}
	c.Events = append(c.Events, Occurrence{EventPaymentIntentCanceled, next.ID, &next})
	return c, nil
}

// CancellationAutomatic is the cancellation_reason of an intent Stripe
// canceled by itself: its authorization expired, or its Checkout Session
// did while it awaited its payment.
const CancellationAutomatic = "automatic"

// ExpireAuthorization is the transition of an authorization nobody
// captured before its charge's capture_before, due at now: the intent is
// canceled (automatic) and its charge released by a refund for
// expired_uncaptured_charge, as Stripe's are. Events: the refund's
// creation, charge.expired, then the intent's cancel. nil when the intent
// no longer awaits its capture, or the charge is not yet due.
func ExpireAuthorization(current *PaymentIntent, charge *Charge, now int64) *PaymentChange {
	if current.Status != PaymentIntentRequiresCapture || charge == nil || charge.Captured ||
		charge.CaptureBefore == nil || *charge.CaptureBefore > now {
		return nil
	}
	reason, refundReason := CancellationAutomatic, RefundExpiredUncaptured
	next := *current
	next.Status, next.AmountCapturable, next.CanceledAt, next.CancellationReason = PaymentIntentCanceled, 0, &now, &reason
	ch := *charge
	ch.AmountRefunded = ch.Amount
	r := releaseRefund(&ch, &refundReason, now)
	return &PaymentChange{Intent: &next, Charge: &ch, Refund: r, Events: []Occurrence{
		{EventRefundCreated, r.ID, r}, {EventChargeExpired, ch.ID, &ch}, {EventPaymentIntentCanceled, next.ID, &next}}}
}

// AbandonPaymentIntent is the transition of an intent whose Checkout
// Session expired at now while the intent still awaited its payment: it is
// canceled (automatic), as Stripe cancels it. nil when there is nothing to
// cancel.
func AbandonPaymentIntent(current *PaymentIntent, now int64) *PaymentChange {
	switch current.Status {
	case PaymentIntentRequiresPaymentMethod, PaymentIntentRequiresConfirmation, PaymentIntentRequiresAction:
	default:
		return nil
	}
	reason := CancellationAutomatic
	next := *current
	next.Status, next.CanceledAt, next.CancellationReason = PaymentIntentCanceled, &now, &reason
	return &PaymentChange{Intent: &next, Events: []Occurrence{{EventPaymentIntentCanceled, next.ID, &next}}}
}

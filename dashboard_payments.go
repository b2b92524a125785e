package till

// The dashboard's view of payments: the status a payment shows (as Stripe's
// Dashboard shows it, finer than the PaymentIntent's status: a succeeded
// payment may be refunded, an intent awaiting a card may have failed), the
// statuses its list filters by, and which of the merchant's changes a
// payment allows now (asked of the very rules the changes run, so that the
// dashboard offers exactly what the API would do).

// The statuses a payment shows.
const (
	PaymentShownSucceeded         = "succeeded"
	PaymentShownPartiallyRefunded = "partially_refunded"
	PaymentShownRefunded          = "refunded"
	PaymentShownUncaptured        = "uncaptured"
	PaymentShownFailed            = "failed"
	PaymentShownCanceled          = "canceled"
	PaymentShownIncomplete        = "incomplete"
)

// DashboardPaymentStatuses are the statuses the dashboard's list of
// payments filters by: succeeded (refunded or not: the intent's status),
// uncaptured, refunded (all or part of it), failed and canceled.
var DashboardPaymentStatuses = []string{PaymentShownSucceeded, PaymentShownUncaptured, PaymentShownRefunded,
	PaymentShownFailed, PaymentShownCanceled}

// PaymentSummary is a PaymentIntent as the dashboard's list shows it: with
// its latest charge (nil before its first attempt) and the email the
// shopper gave on its Checkout Session (else the one prefilled).
type PaymentSummary struct {
	Intent       *PaymentIntent
	LatestCharge *Charge
	Email        *string
}

// PaymentShownStatus is the status a payment shows, from its intent and
// latest charge: a succeeded payment is refunded once refunds gave back all
// that was taken, partially refunded while they gave back part of it; an
// authorization awaiting capture is uncaptured; an intent awaiting a card
// after a declined attempt failed; one awaiting its first attempt, or 3-D
// Secure, is incomplete.
func PaymentShownStatus(pi *PaymentIntent, latest *Charge) string {
	switch pi.Status {
	case PaymentIntentSucceeded:
		switch back := latest.MoneyRefunded(); {
		case back == 0:
			return PaymentShownSucceeded
		case back >= latest.AmountCaptured:
			return PaymentShownRefunded
		}
		return PaymentShownPartiallyRefunded
	case PaymentIntentRequiresCapture:
		return PaymentShownUncaptured
	case PaymentIntentCanceled:
		return PaymentShownCanceled
	case PaymentIntentRequiresPaymentMethod:
		if pi.LastPaymentError != nil {
			return PaymentShownFailed
		}
	}
	return PaymentShownIncomplete
}

// CanRefund reports whether a refund of the intent's latest charge would be
// allowed now (CheckRefund, for all that is left).
func CanRefund(pi *PaymentIntent, latest *Charge) bool {
	_, err := CheckRefund(pi, latest, &RefundParams{})
	return err == nil
}

// CanCapture reports whether the intent's capture would be allowed now
// (CapturePaymentIntent, of all that is capturable).
func CanCapture(pi *PaymentIntent, latest *Charge) bool {
	_, err := CapturePaymentIntent(pi, latest, nil)
	return err == nil
}

// CanCancel reports whether the merchant's cancel of the intent would be
// allowed at now (CancelPaymentIntent).
func CanCancel(pi *PaymentIntent, latest *Charge, now int64) bool {
	_, err := CancelPaymentIntent(pi, latest, nil, now)
	return err == nil
}

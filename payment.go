package till

// Card is what Till keeps of a card: never the number or the CVC.
type Card struct {
	Brand    string `json:"brand"`
	Last4    string `json:"last4"`
	ExpMonth int    `json:"exp_month"`
	ExpYear  int    `json:"exp_year"`
}

// Payment is a shopper's successful payment of a session: what they entered
// and the card that paid.
type Payment struct {
	Email   *string
	Name    *string
	Phone   *string
	Address *Address
	Card    Card
}

// CompletionStatus is the payment_status a completed session gets: a session
// with nothing to pay needed no payment.
func CompletionStatus(amountTotal int64) string {
	if amountTotal == 0 {
		return PaymentNoPaymentRequired
	}
	return PaymentPaid
}

// NewCheckoutPaymentIntent returns the PaymentIntent a completed session
// creates, with the session's payment_intent_data applied (Stripe copies
// these, but not the session's own metadata).
func NewCheckoutPaymentIntent(s *Session, customerID *string, now int64) *PaymentIntent {
	pi := &PaymentIntent{ID: NewPaymentIntentID(), AccountID: s.AccountID, Livemode: s.Livemode,
		CheckoutSessionID: s.ID, Status: PaymentIntentSucceeded, Amount: s.AmountTotal,
		AmountReceived: s.AmountTotal, Currency: s.Currency, CustomerID: customerID,
		CaptureMethod: "automatic_async", Metadata: map[string]string{}, Created: now}
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
	if pi.CaptureMethod == "manual" {
		// An authorised, uncaptured payment: nothing received yet.
		pi.Status, pi.AmountReceived = PaymentIntentRequiresCapture, 0
	}
	return pi
}

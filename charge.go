package till

// Charge statuses, Stripe's.
const (
	ChargeSucceeded = "succeeded"
	ChargePending   = "pending"
	ChargeFailed    = "failed"
)

// AuthorizationValidity is how long an uncaptured authorization holds on
// Stripe's card networks: a charge not captured within it expires
// (capture_before), and its PaymentIntent is canceled.
const AuthorizationValidity = 7 * 24 * 60 * 60

// Charge is one attempt to take money for a PaymentIntent. Stripe makes one
// for every confirmation that reaches the card's issuer or its own risk
// checks, approved or not, and the PaymentIntent's latest_charge names the
// last of them.
type Charge struct {
	ID              string
	AccountID       string
	Livemode        bool
	PaymentIntentID string
	CustomerID      *string
	Status          string
	// Amount is what was authorized; AmountCaptured what was taken of it;
	// AmountRefunded what went back, including what a partial capture or a
	// cancel released.
	Amount         int64
	AmountCaptured int64
	AmountRefunded int64
	Captured       bool
	Currency       string
	Description    *string
	ReceiptEmail   *string
	// StatementDescriptor and its suffix are the PaymentIntent's.
	StatementDescriptor       *string
	StatementDescriptorSuffix *string
	Shipping                  *Shipping
	BillingDetails            BillingDetails
	Card                      Card
	// CaptureBefore is when an uncaptured authorization expires; nil for
	// a charge captured when made, or one that failed.
	CaptureBefore  *int64
	Outcome        Outcome
	FailureCode    *string
	FailureMessage *string
	Metadata       map[string]string
	Created        int64
	// ProcessorReference is the processor's name for the authorization
	// (Authorization.Reference), never shown.
	ProcessorReference string
}

// Refunded reports whether all of the charge went back: Stripe's refunded,
// false while only part of it did.
func (c *Charge) Refunded() bool { return c.AmountRefunded > 0 && c.AmountRefunded >= c.Amount }

// Outcome is how a charge was judged: by the card network and by risk
// checks, as Stripe's outcome reports it.
type Outcome struct {
	NetworkStatus string  `json:"network_status"`
	Reason        *string `json:"reason"`
	RiskLevel     string  `json:"risk_level"`
	RiskScore     int     `json:"risk_score"`
	SellerMessage string  `json:"seller_message"`
	Type          string  `json:"type"`
}

// NewChargeID returns a fresh charge id.
func NewChargeID() string { return "ch_" + RandomString(24) }

// newCharge is the charge of a confirmation of pi (its state before the
// confirmation) at now: succeeded and captured for an approved automatic
// capture, succeeded and uncaptured until capture_before for a manual one,
// failed with the decline for a refused card.
func newCharge(pi *PaymentIntent, auth Authorization, customerID *string, billing BillingDetails, now int64) *Charge {
	ch := &Charge{ID: NewChargeID(), AccountID: pi.AccountID, Livemode: pi.Livemode, PaymentIntentID: pi.ID,
		CustomerID: customerID, Amount: pi.Amount, Currency: pi.Currency, Description: pi.Description,
		ReceiptEmail: pi.ReceiptEmail, StatementDescriptor: pi.StatementDescriptor,
		StatementDescriptorSuffix: pi.StatementDescriptorSuffix, Shipping: pi.Shipping,
		BillingDetails: billing, Card: auth.Card, Outcome: auth.Outcome, Metadata: pi.Metadata, Created: now,
		ProcessorReference: auth.Reference}
	switch {
	case auth.Decline != nil:
		ch.Status, ch.FailureCode, ch.FailureMessage = ChargeFailed, &auth.Decline.Code, &auth.Decline.Message
	case pi.CaptureMethod == "manual":
		until := now + AuthorizationValidity
		ch.Status, ch.CaptureBefore = ChargeSucceeded, &until
	default:
		ch.Status, ch.Captured, ch.AmountCaptured = ChargeSucceeded, true, pi.Amount
	}
	return ch
}

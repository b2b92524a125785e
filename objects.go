package till

import "math/big"

// Account is a merchant: the tenant every object belongs to.
type Account struct {
	ID      string
	Name    string
	Created int64
	Branding
	// EmbedOrigins are the sites allowed to frame the embedded page; none
	// means any may, as at Stripe.
	EmbedOrigins []string
	// APIVersion is the account's default API version: pinned by its first
	// request that sends a Stripe-Version, as at Stripe, or set by the
	// operator; empty until then (see AccountAPIVersion).
	APIVersion string
	// TermsURL is the merchant's terms of service, which a session's
	// consent_collection[terms_of_service]=required links to; nil when none.
	TermsURL *string
}

// Branding is what the checkout page shows of the merchant.
type Branding struct {
	DisplayName *string
	LogoURL     *string
	AccentColor *string // #RRGGBB
}

// ShownName is the name shoppers see: the display name, else the account name.
func (a *Account) ShownName() string {
	if a.DisplayName != nil && *a.DisplayName != "" {
		return *a.DisplayName
	}
	return a.Name
}

// KeyKind tells secret keys, which may call the API, from publishable keys,
// which only identify an account to the browser.
type KeyKind string

// Kinds of API key.
const (
	KeySecret      KeyKind = "secret"
	KeyPublishable KeyKind = "publishable"
)

// Caller is who a request authenticated as, with its account's pinned API
// version (empty when none is), which requests that send none speak.
type Caller struct {
	AccountID         string
	Livemode          bool
	KeyKind           KeyKind
	AccountAPIVersion string
}

// Address is Stripe's address hash; every part may be empty.
type Address struct {
	City       *string `json:"city" form:"city"`
	Country    *string `json:"country" form:"country"`
	Line1      *string `json:"line1" form:"line1"`
	Line2      *string `json:"line2" form:"line2"`
	PostalCode *string `json:"postal_code" form:"postal_code"`
	State      *string `json:"state" form:"state"`
}

// Shipping is a name, address and phone for delivery.
type Shipping struct {
	Address        Address `json:"address" form:"address"`
	Name           *string `json:"name" form:"name"`
	Phone          *string `json:"phone" form:"phone"`
	Carrier        *string `json:"carrier" form:"carrier"`
	TrackingNumber *string `json:"tracking_number" form:"tracking_number"`
}

// Product is a thing sold. Products made inline through a session's
// price_data[product_data] are inactive, as at Stripe.
type Product struct {
	ID           string
	AccountID    string
	Livemode     bool
	Active       bool
	Name         string
	Description  *string
	Images       []string
	Metadata     map[string]string
	DefaultPrice *string
	TaxCode      *string
	UnitLabel    *string
	URL          *string
	Created      int64
	Updated      int64
}

// Price is what one unit of a product costs, in minor units. UnitAmount is
// nil when only a decimal amount was given.
type Price struct {
	ID                string
	AccountID         string
	Livemode          bool
	ProductID         string
	Active            bool
	Currency          string
	UnitAmount        *int64
	UnitAmountDecimal string
	Nickname          *string
	LookupKey         *string
	TaxBehavior       *string
	Metadata          map[string]string
	Created           int64
}

// UnitAmountRat is the exact unit amount in minor units.
func (p *Price) UnitAmountRat() *big.Rat {
	if p.UnitAmount != nil {
		return new(big.Rat).SetInt64(*p.UnitAmount)
	}
	r, ok := new(big.Rat).SetString(p.UnitAmountDecimal)
	if !ok {
		return new(big.Rat)
	}
	return r
}

// Customer is a shopper the merchant knows.
type Customer struct {
	ID          string
	AccountID   string
	Livemode    bool
	Email       *string
	Name        *string
	Phone       *string
	Description *string
	Address     *Address
	Shipping    *Shipping
	Metadata    map[string]string
	Created     int64
	Deleted     bool
}

// PaymentIntent statuses, Stripe's.
const (
	PaymentIntentRequiresPaymentMethod = "requires_payment_method"
	PaymentIntentRequiresConfirmation  = "requires_confirmation"
	PaymentIntentRequiresAction        = "requires_action"
	PaymentIntentProcessing            = "processing"
	PaymentIntentRequiresCapture       = "requires_capture"
	PaymentIntentSucceeded             = "succeeded"
	PaymentIntentCanceled              = "canceled"
)

// PaymentIntent is the payment behind a completed (or attempted) session.
type PaymentIntent struct {
	ID                string
	AccountID         string
	Livemode          bool
	CheckoutSessionID string
	Status            string
	Amount            int64
	AmountReceived    int64
	// AmountCapturable is what a manual-capture intent's authorization can
	// still take: the amount while it awaits capture, 0 once captured or
	// canceled.
	AmountCapturable          int64
	Currency                  string
	CustomerID                *string
	Description               *string
	CaptureMethod             string
	ReceiptEmail              *string
	SetupFutureUsage          *string
	StatementDescriptor       *string
	StatementDescriptorSuffix *string
	Shipping                  *Shipping
	Metadata                  map[string]string
	LastPaymentError          *PaymentError
	// Card is the card of the latest attempt, nil before the first.
	Card *Card
	// LatestChargeID is the charge of the latest attempt, nil before the
	// first.
	LatestChargeID *string
	// AuthenticationReference is the processor's name for the 3-D Secure
	// authentication the intent awaits (status requires_action), "" when
	// none: its completion passes it back.
	AuthenticationReference string
	CanceledAt              *int64
	CancellationReason      *string
	Created                 int64
}

// PaymentError is a PaymentIntent's last_payment_error.
type PaymentError struct {
	Type        string `json:"type"`
	Charge      string `json:"charge,omitempty"`
	Code        string `json:"code"`
	DeclineCode string `json:"decline_code,omitempty"`
	Message     string `json:"message"`
}

// Event is an entry of the outbox: something that happened to an object,
// with the object as it was then.
type Event struct {
	ID             string
	AccountID      string
	Livemode       bool
	Type           string
	APIVersion     string
	ObjectID       string
	Data           []byte // the JSON of data.object
	RequestID      *string
	IdempotencyKey *string
	Created        int64
}

// Event types Till emits.
const (
	EventCheckoutSessionCompleted    = "checkout.session.completed"
	EventCheckoutSessionExpired      = "checkout.session.expired"
	EventPaymentIntentCreated        = "payment_intent.created"
	EventPaymentIntentSucceeded      = "payment_intent.succeeded"
	EventPaymentIntentFailed         = "payment_intent.payment_failed"
	EventPaymentIntentCapturable     = "payment_intent.amount_capturable_updated"
	EventPaymentIntentCanceled       = "payment_intent.canceled"
	EventPaymentIntentRequiresAction = "payment_intent.requires_action"
	EventCustomerCreated             = "customer.created"
	EventChargeSucceeded             = "charge.succeeded"
	EventChargeFailed                = "charge.failed"
	EventChargeCaptured              = "charge.captured"
	EventChargeRefunded              = "charge.refunded"
	EventChargeExpired               = "charge.expired"
)

// ListParams are Stripe's cursor pagination parameters.
type ListParams struct {
	Limit         *int64   `form:"limit"`
	StartingAfter *string  `form:"starting_after"`
	EndingBefore  *string  `form:"ending_before"`
	Created       *Range   `form:"created"`
	Expand        []string `form:"expand"`
}

// Range is Stripe's created filter: created=N or created[gte]=N …
type Range struct {
	Eq  *int64 `form:"-"`
	Gt  *int64 `form:"gt"`
	Gte *int64 `form:"gte"`
	Lt  *int64 `form:"lt"`
	Lte *int64 `form:"lte"`
}

// Page is how many objects to fetch and from where; the store reads
// Limit+1 rows to know whether there are more.
type Page struct {
	Limit         int
	StartingAfter string
	EndingBefore  string
	CreatedGt     *int64
	CreatedGte    *int64
	CreatedLt     *int64
	CreatedLte    *int64
}

// CheckPage validates list parameters into a Page.
func (p ListParams) CheckPage() (Page, error) {
	page := Page{Limit: 10}
	if p.Limit != nil {
		// Stripe words integer bounds one side at a time, as for amounts.
		if *p.Limit < 1 {
			return page, Invalid(CodeInvalidRequest, "limit", "This value must be greater than or equal to 1.")
		}
		if *p.Limit > 100 {
			return page, Invalid(CodeInvalidRequest, "limit", "This value must be less than or equal to 100.")
		}
		page.Limit = int(*p.Limit)
	}
	if p.StartingAfter != nil && p.EndingBefore != nil {
		return page, Exclusive("starting_after", "ending_before")
	}
	if p.StartingAfter != nil {
		page.StartingAfter = *p.StartingAfter
	}
	if p.EndingBefore != nil {
		page.EndingBefore = *p.EndingBefore
	}
	if c := p.Created; c != nil {
		page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte = c.Gt, c.Gte, c.Lt, c.Lte
		if c.Eq != nil {
			page.CreatedGte, page.CreatedLte = c.Eq, c.Eq
		}
	}
	return page, nil
}

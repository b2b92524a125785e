package till

import (
	"strings"
	"time"
)

// Checkout is a session with everything its page and its payment need, as
// one read of the store gives it.
type Checkout struct {
	Session *Session
	Account *Account
	Items   []CheckoutItem
	// Intent is the session's PaymentIntent, nil before its first attempt.
	Intent   *PaymentIntent
	Attempts AttemptState
}

// CheckoutItem is a line item with the product its page shows.
type CheckoutItem struct {
	LineItem
	Product *Product
}

// AttemptState is the bookkeeping of a session's payment attempts.
type AttemptState struct {
	// Version changes with every write that can change whether the session
	// may be paid (a claim, a recorded attempt, an expiry): a claim applies
	// only to the version it was decided on.
	Version int64
	// ClaimedUntil is when a live attempt's claim lapses, 0 when none.
	ClaimedUntil int64
	// Declines counts the session's declined attempts.
	Declines int
	// ClientDeclines counts the declined attempts of the requesting
	// client's address within the limit's window, when one was asked for.
	ClientDeclines int
	// RedemptionHeld reports that an attempt's claim took a redemption of
	// the session's discount that it still holds (its attempt died before
	// recording): a new claim takes no other.
	RedemptionHeld bool
	// Awaiting is what the shopper entered in the attempt whose 3-D Secure
	// authentication the session awaits (never the card), nil when none:
	// the attempt completes with it.
	Awaiting *Payment
}

// DeclineLimits are the card-testing protections: a session refuses further
// attempts after PerSession declines, and an address after PerClient
// declines within Window, on any session.
type DeclineLimits struct {
	PerSession int
	PerClient  int
	Window     time.Duration
}

// DefaultDeclineLimits are Till's defaults: Stripe's five attempts a
// session, and twenty declines an address in ten minutes.
func DefaultDeclineLimits() DeclineLimits {
	return DeclineLimits{PerSession: 5, PerClient: 20, Window: 10 * time.Minute}
}

// Payable tells why a session cannot take a payment at now, if it cannot:
// the one place that says so. Expiry counts from expires_at, before any
// sweeper ran.
func (s *Session) Payable(now int64) error {
	switch {
	case s.Status == SessionComplete:
		return &Error{Kind: KindConflict, Code: "checkout_session_complete", Message: "This Checkout Session is already complete."}
	case s.Status == SessionExpired || now >= s.ExpiresAt:
		return &Error{Kind: KindConflict, Code: "checkout_session_expired", Message: "This Checkout Session has expired."}
	case s.Status != SessionOpen:
		return &Error{Kind: KindConflict, Code: "checkout_session_not_open", Message: "This Checkout Session is no longer open."}
	}
	return nil
}

// Filled is a session's URL (success_url, return_url) with
// {CHECKOUT_SESSION_ID} replaced by its ID, as Stripe fills it in: the one
// place that does; "" for none.
func (s *Session) Filled(u *string) string {
	if u == nil {
		return ""
	}
	return strings.ReplaceAll(*u, "{CHECKOUT_SESSION_ID}", s.ID)
}

// Error codes of refused attempts.
const (
	CodePaymentInProgress = "checkout_session_payment_in_progress"
	CodeTooManyDeclines   = "checkout_session_too_many_declines"
)

// CanAttempt tells why the checkout cannot take a payment attempt at now,
// if it cannot: the session is closed (Payable), another attempt holds it,
// or a decline limit is reached.
func (co *Checkout) CanAttempt(now int64, limits DeclineLimits) error {
	if err := co.Session.Payable(now); err != nil {
		return err
	}
	switch {
	case co.Attempts.Declines >= limits.PerSession:
		return &Error{Kind: KindRateLimited, Code: CodeTooManyDeclines,
			Message: "This Checkout Session has had too many declined payment attempts and can no longer be paid."}
	case co.Attempts.ClientDeclines >= limits.PerClient:
		return &Error{Kind: KindRateLimited, Code: CodeRateLimit,
			Message: "Too many declined payment attempts have come from your network. Try again later."}
	case co.Attempts.ClaimedUntil > now:
		return &Error{Kind: KindConflict, Code: CodePaymentInProgress,
			Message: "A payment for this Checkout Session is already in progress."}
	}
	return nil
}

// sessionWithItems is a copy of the checkout's session with its line items,
// for a change of its totals.
func (co *Checkout) sessionWithItems() *Session {
	s := *co.Session
	s.LineItems = make([]LineItem, len(co.Items))
	for i, it := range co.Items {
		s.LineItems[i] = it.LineItem
	}
	return &s
}

// withTotals is the checkout with s's totals and line items (a copy of
// its session with new amounts, as sessionWithItems makes one), as a read
// would show it once they are stored.
func (co *Checkout) withTotals(s *Session) *Checkout {
	next := *co
	next.Items = make([]CheckoutItem, len(co.Items))
	for i, it := range co.Items {
		next.Items[i] = CheckoutItem{LineItem: s.LineItems[i], Product: it.Product}
	}
	session := *s
	session.LineItems = co.Session.LineItems
	next.Session = &session
	return &next
}

// CanChangeTotals tells why the checkout's totals cannot change at now, if
// they cannot: the session is closed, or an attempt holds it or awaits its
// authentication (it decided on the totals it has).
func (co *Checkout) CanChangeTotals(now int64) error {
	if err := co.Session.Payable(now); err != nil {
		return err
	}
	if co.Attempts.ClaimedUntil > now || co.Attempts.Awaiting != nil {
		return &Error{Kind: KindConflict, Code: CodePaymentInProgress,
			Message: "A payment for this Checkout Session is already in progress."}
	}
	return nil
}

// WithTaxAddress is the session with the dynamic tax rates of an address
// applied, and whether any of its rates changed. A session whose taxes do
// not depend on the address (nearly every one, on every payment) never
// changes, and is not copied.
func (co *Checkout) WithTaxAddress(a *Address) (*Session, bool) {
	if !co.hasDynamicTaxes() {
		return co.Session, false
	}
	s := co.sessionWithItems()
	return s, s.ApplyTaxAddress(a)
}

// PaymentAttempt is a shopper's attempt to pay, its form already checked.
type PaymentAttempt struct {
	Details Payment
	Card    CardInput // used for the authorization only, never kept
	Client  string    // the client's address, for the decline limit
	// ShownTaxChoice is the TaxChoice of the totals the shopper's page
	// showed, "" when the page does not say (custom mode, the API).
	ShownTaxChoice string
}

// Occurrence is one event a state change causes, with its object as the
// event shows it.
type Occurrence struct {
	Type     string
	ObjectID string
	Object   any // *Session, *Customer, *PaymentIntent, *Charge or *Refund
}

// PaymentOutcome is what one attempt decided: the new state of everything
// it touches and the events it causes, in Stripe's order.
type PaymentOutcome struct {
	Session  *Session
	Intent   *PaymentIntent // nil for a session with nothing to pay
	Charge   *Charge        // the attempt's charge, nil with nothing to pay or none made
	Awaiting *Payment       // the details kept while the attempt awaits authentication
	Customer *Customer      // the customer the payment created, if any
	Declines int            // the session's declined attempts, this one included
	Decline  *Error         // the processor's decline, nil when it paid
	Events   []Occurrence
}

// IntentFor is the PaymentIntent an attempt at now confirms: the session's,
// or a new one on its first attempt; nil when there is nothing to pay (a
// declined intent of a session a 100 % code then made free stays as the
// decline left it).
func (co *Checkout) IntentFor(now int64) *PaymentIntent {
	switch {
	case co.Session.AmountTotal == 0:
		return nil
	case co.Intent == nil:
		return NewCheckoutPaymentIntent(co.Session, now)
	case co.Intent.Amount != co.Session.AmountTotal:
		// The total changed since the intent's last attempt (a promotion
		// code applied or removed, another shipping option chosen): it
		// asks for the new one, as Stripe's does.
		pi := *co.Intent
		pi.Amount = co.Session.AmountTotal
		return &pi
	}
	return co.Intent
}

// DecidePayment applies the processor's answer for pi (IntentFor's) to the
// checkout's state: a paid attempt completes the session (creating its
// customer when customer_creation=always), a declined one (or a failed
// authentication) leaves it open with its PaymentIntent carrying the
// decline, and one the issuer wants authenticated leaves it open awaiting
// that, keeping what the shopper entered. It decides; nothing is stored.
func DecidePayment(co *Checkout, pi *PaymentIntent, a PaymentAttempt, auth Authorization, now int64) (*PaymentOutcome, error) {
	s := *co.Session
	out := &PaymentOutcome{Session: &s, Declines: co.Attempts.Declines, Decline: auth.Refusal()}
	customerID := s.CustomerID
	if auth.Approved() && s.CustomerID == nil && s.CustomerCreation != nil && *s.CustomerCreation == "always" {
		d := a.Details
		c := &Customer{ID: NewCustomerID(), AccountID: s.AccountID, Livemode: s.Livemode, Email: d.Email,
			Name: d.Name, Phone: d.Phone, Address: d.Address, Metadata: map[string]string{}, Created: now}
		out.Customer, customerID = c, &c.ID
		out.Events = append(out.Events, Occurrence{EventCustomerCreated, c.ID, c})
	}
	if pi != nil {
		if sh := a.Details.Shipping; sh != nil {
			// Stripe copies the collected shipping details onto the intent.
			withShipping, name := *pi, sh.Name
			withShipping.Shipping = &Shipping{Name: &name, Address: sh.Address}
			pi = &withShipping
		}
		if co.Intent == nil {
			s.PaymentIntentID = &pi.ID
			created := *pi
			out.Events = append(out.Events, Occurrence{EventPaymentIntentCreated, pi.ID, &created})
		}
		c, err := ConfirmPaymentIntent(pi, auth, customerID, a.Details.billing(), now)
		if err != nil {
			return nil, err
		}
		out.Intent, out.Charge = c.Intent, c.Charge
		out.Events = append(out.Events, c.Events...)
	}
	switch {
	case auth.Authenticate:
		details := a.Details
		out.Awaiting = &details
		return out, nil
	case out.Decline != nil:
		out.Declines++
		return out, nil
	}
	d := a.Details
	s.Status, s.PaymentStatus, s.CompletedAt, s.CustomerID = SessionComplete, CompletionStatus(s.AmountTotal, out.Intent), &now, customerID
	s.CustomerDetails = &CustomerDetails{Address: d.Address, Email: d.Email, Name: d.Name, Phone: d.Phone}
	s.ShippingDetails = d.Shipping
	completeWith(&s, d)
	out.Events = append(out.Events, Occurrence{EventCheckoutSessionCompleted, s.ID, &s})
	return out, nil
}

// completeWith records on a completing session what the shopper entered
// beyond paying: the custom fields' values, the consent, and a business's
// name (which Stripe shows as the customer's name) and tax ID.
func completeWith(s *Session, d Payment) {
	s.CustomFields = withValues(s.CustomFields, d.CustomFields)
	if s.RequiresTerms() && d.TermsAccepted {
		accepted := "accepted"
		s.Consent = &Consent{TermsOfService: &accepted}
	}
	if d.TaxID != nil {
		s.CustomerDetails.TaxIDs = []TaxID{*d.TaxID}
		s.CustomerDetails.BusinessName = d.BusinessName
		s.CustomerDetails.Name = d.BusinessName
	}
}

// Renderers give the JSON of the objects events carry as data.object. The
// API package owns Stripe's shapes; the store only stores the bytes.
type Renderers struct {
	Session       func(*Session) ([]byte, error)
	Customer      func(*Customer) ([]byte, error)
	PaymentIntent func(*PaymentIntent) ([]byte, error)
	Charge        func(*Charge) ([]byte, error)
	Refund        func(*Refund) ([]byte, error)
}

// Render gives the JSON of an occurrence's object.
func (r Renderers) Render(o Occurrence) ([]byte, error) {
	switch obj := o.Object.(type) {
	case *Session:
		return r.Session(obj)
	case *Customer:
		return r.Customer(obj)
	case *PaymentIntent:
		return r.PaymentIntent(obj)
	case *Charge:
		return r.Charge(obj)
	case *Refund:
		return r.Refund(obj)
	}
	return nil, &Error{Kind: KindInternal, Message: "no renderer for " + o.Type}
}

// RenderAll gives the outbox entries of occurrences, in their order.
func (r Renderers) RenderAll(occurrences []Occurrence) ([]NewEvent, error) {
	events := make([]NewEvent, len(occurrences))
	for i, o := range occurrences {
		data, err := r.Render(o)
		if err != nil {
			return nil, err
		}
		events[i] = NewEvent{Type: o.Type, ObjectID: o.ObjectID, Data: data}
	}
	return events, nil
}

// NewEvent is an event rendered for the outbox.
type NewEvent struct {
	Type     string
	ObjectID string
	Data     []byte
}

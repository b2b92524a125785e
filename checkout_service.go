package till

import (
	"context"
	"sync"
	"time"
)

// CheckoutStore is what the checkout service needs from storage.
type CheckoutStore interface {
	Now() int64
	// FindCheckout reads a session with its account, line items, intent
	// and attempt state; with a client address, its recent declines too.
	FindCheckout(ctx context.Context, sessionID, client string, since int64) (*Checkout, error)
	// ClaimSession marks the session as held by the attempt token until
	// the given time, if its attempt state is still co's (its Version);
	// it reports false when the session changed meanwhile.
	ClaimSession(ctx context.Context, co *Checkout, token string, until int64) (bool, error)
	// RecordPayment stores an outcome and its events at once, and releases
	// the claim; it fails, writing nothing, unless the token still holds
	// the session.
	RecordPayment(ctx context.Context, co *Checkout, token, client string, out *PaymentOutcome, events []NewEvent) error
	// FindCoupon reads the coupon of a discounted session, whose discount
	// a quantity change computes again.
	FindCoupon(ctx context.Context, accountID, id string) (*Coupon, error)
	// ChooseShippingRate writes the session's chosen shipping option and
	// totals if its attempt state is still co's (its Version); it reports
	// false when the session changed meanwhile.
	ChooseShippingRate(ctx context.Context, co *Checkout) (bool, error)
	// FindPromotionCodeByCode is the account's active promotion code of
	// a text, whatever its case; nil when there is none.
	FindPromotionCodeByCode(ctx context.Context, accountID, code string) (*PromotionCode, error)
	// CustomerHasPaid reports whether the account's customer has a
	// succeeded payment.
	CustomerHasPaid(ctx context.Context, accountID, customerID string) (bool, error)
	// UpdateSessionTotals stores a session's new discount and amounts,
	// and its line items', if its attempt state is still co's and no
	// attempt holds it; a conflict otherwise.
	UpdateSessionTotals(ctx context.Context, co *Checkout, s *Session) error
}

// CheckoutService takes payments for sessions: the hosted page, the
// embedded page, custom mode's confirm and the payment pages all pay
// through Pay.
//
// An attempt claims its session before the processor is called, so at most
// one attempt per session is ever with the processor, and records its
// outcome in one statement that applies only while its claim holds. The
// claim is a token and a lease on the session row rather than a row lock
// held in a transaction across the processor call: a processor answers
// over the network in seconds, and a lock (with its connection) held that
// long would pin a pool connection per payment in flight and stall every
// other writer of the row; a claim costs one short statement, survives no
// crash longer than its lease, and keeps the shopper's path to three
// round trips (read, claim, record). Attempts on one session in this
// process also queue behind each other (sessionLocks), so a double submit
// waits for the first and gets its answer; an attempt in another process
// meanwhile gets a conflict.
type CheckoutService struct {
	store     CheckoutStore
	processor Processor
	renderers Renderers
	faults    Faults
	limits    DeclineLimits
	lease     time.Duration
	locks     sessionLocks
}

// CheckoutConfig configures a CheckoutService.
type CheckoutConfig struct {
	Store     CheckoutStore
	Processor Processor
	Renderers Renderers
	Faults    Faults // nil outside fault tests
	Limits    DeclineLimits
	// Lease is how long a claim holds a session: longer than any processor
	// call may take. An attempt that dies holds its session that long.
	Lease time.Duration
}

// DefaultPaymentLease is how long an attempt's claim lasts by default.
const DefaultPaymentLease = 30 * time.Second

// NewCheckoutService returns the service; zero limits and lease take the
// defaults.
func NewCheckoutService(cfg CheckoutConfig) *CheckoutService {
	if cfg.Limits == (DeclineLimits{}) {
		cfg.Limits = DefaultDeclineLimits()
	}
	if cfg.Lease == 0 {
		cfg.Lease = DefaultPaymentLease
	}
	return &CheckoutService{store: cfg.Store, processor: cfg.Processor, renderers: cfg.Renderers,
		faults: cfg.Faults, limits: cfg.Limits, lease: cfg.Lease}
}

// Find reads a checkout for its page. With a client address (a form about
// to be paid), the address's recent declines come along.
func (c *CheckoutService) Find(ctx context.Context, sessionID, client string) (*Checkout, error) {
	return c.store.FindCheckout(ctx, sessionID, client, c.store.Now()-int64(c.limits.Window/time.Second))
}

// CanAttempt tells why the checkout cannot take an attempt now, under the
// service's limits, if it cannot (Checkout.CanAttempt).
func (c *CheckoutService) CanAttempt(co *Checkout) error {
	return co.CanAttempt(c.store.Now(), c.limits)
}

// ChooseShipping stores the shopper's choice of shipping option on a
// checkout read by Find, and returns the checkout with it. A session that
// changed since it was read (an attempt claimed it, another choice was
// written) is read again and decided on anew, like an attempt's claim.
func (c *CheckoutService) ChooseShipping(ctx context.Context, co *Checkout, rateID, client string) (*Checkout, error) {
	for try := 1; ; try++ {
		chosen := *co
		if err := chosen.ChooseShipping(rateID, c.store.Now()); err != nil {
			return nil, err
		}
		written, err := c.store.ChooseShippingRate(ctx, &chosen)
		if err != nil {
			return nil, err
		}
		if written {
			chosen.Attempts.Version++
			return &chosen, nil
		}
		if try == maxClaimTries {
			return nil, &Error{Kind: KindConflict, Code: CodePaymentInProgress,
				Message: "A payment for this Checkout Session is already in progress."}
		}
		if co, err = c.Find(ctx, co.Session.ID, client); err != nil {
			return nil, err
		}
	}
}

// PaymentResult is the checkout after an attempt, and the decline when the
// card was refused. A session that an earlier attempt completed, or that
// expired, comes back as it is, with no decline: the answer the winner got.
type PaymentResult struct {
	Checkout *Checkout
	// TotalChanged reports an attempt not made because the shopper's
	// address changed the taxes, and so the total, they were shown: the
	// checkout has the new total, for them to check and pay.
	TotalChanged bool
	Decline      *Error
	// Completed reports that this attempt completed the session.
	Completed bool
	// RequiresAction reports that the card's issuer asks the shopper to
	// authenticate (3-D Secure) before it answers: the session awaits it.
	RequiresAction bool
}

// maxClaimTries bounds how often an attempt decides again when the session
// changed between its read and its claim.
const maxClaimTries = 3

// Pay makes one payment attempt on a checkout read by Find. The result is
// the completed session, a decline (the session stays open), or the closed
// session another attempt or an expiry left. A refused attempt (another in
// flight elsewhere, a decline limit) is an error.
//
// A session whose taxes depend on the shopper's address is paid at the
// totals of the attempt's address (Session.TaxAddress), stored before the
// claim under the same guard, and only when they are the totals the shopper
// was shown: those of the attempt's ShownTaxChoice, or without one, the
// session's as read. Otherwise no attempt is made and the result says the
// total changed.
func (c *CheckoutService) Pay(ctx context.Context, co *Checkout, a PaymentAttempt) (*PaymentResult, error) {
	address := co.Session.TaxAddress(a.Details)
	taxed := func(co *Checkout) (*Checkout, *PaymentResult, error) {
		next, err := c.storeTaxAddress(ctx, co, address)
		if err != nil {
			return co, nil, err
		}
		shown := next.TaxChoice() == a.ShownTaxChoice
		if a.ShownTaxChoice == "" {
			shown = next == co || next.Session.AmountTotal == co.Session.AmountTotal
		}
		if !shown {
			return next, &PaymentResult{Checkout: next, TotalChanged: true}, nil
		}
		return next, nil, nil
	}
	return c.claimed(ctx, co, a.Client, taxed, func(co *Checkout, token string, now int64) (*PaymentResult, error) {
		pi := co.IntentFor(now)
		return c.attempt(ctx, co, pi, a, now, func() (Authorization, error) {
			// The token names this attempt: a retried call is the same call.
			// On an error the claim simply lapses after its lease.
			return c.processor.Authorize(ctx, AuthorizeRequest{IdempotencyKey: token, PaymentIntentID: pi.ID,
				Amount: pi.Amount, Currency: pi.Currency, Card: a.Card, Capture: pi.CaptureMethod != "manual"})
		}, token)
	})
}

// CodeNoAuthentication is the error of a 3-D Secure result for an intent
// that no longer awaits one: another attempt or card took its place.
const CodeNoAuthentication = "payment_intent_authentication_not_pending"

// Authenticate finishes the attempt whose 3-D Secure authentication the
// checkout's intent (intentID) awaits, with the shopper's result: a passed
// one is answered by the issuer (paid or declined), a failed one leaves
// the session open with Stripe's authentication error. Like Pay, it claims
// the session first, so a result submitted twice is processed once and the
// second gets the first's answer.
func (c *CheckoutService) Authenticate(ctx context.Context, co *Checkout, intentID string, authenticated bool, client string) (*PaymentResult, error) {
	awaits := func(co *Checkout) (*Checkout, *PaymentResult, error) {
		if co.Intent == nil || co.Intent.ID != intentID || co.Intent.Status != PaymentIntentRequiresAction || co.Attempts.Awaiting == nil {
			return co, nil, &Error{Kind: KindConflict, Code: CodeNoAuthentication,
				Message: "This payment no longer awaits its authentication."}
		}
		return co, nil, nil
	}
	return c.claimed(ctx, co, client, awaits, func(co *Checkout, token string, now int64) (*PaymentResult, error) {
		pi := co.Intent
		a := PaymentAttempt{Details: *co.Attempts.Awaiting, Client: client}
		return c.attempt(ctx, co, pi, a, now, func() (Authorization, error) {
			return c.processor.CompleteAuthentication(ctx, CompleteAuthenticationRequest{IdempotencyKey: token,
				PaymentIntentID: pi.ID, Reference: pi.AuthenticationReference, Amount: pi.Amount, Currency: pi.Currency,
				Capture: pi.CaptureMethod != "manual", Card: *pi.Card, Authenticated: authenticated})
		}, token)
	})
}

// claimed runs an attempt on a checkout read by Find once it holds the
// session's claim: when the session can take an attempt and prepare allows
// it, after queuing behind the attempts in this process. prepare sees the
// checkout about to be claimed and returns the one to claim (it may store a
// change first, under the same guard as the claim's), or the result to
// answer with instead, or why it cannot be claimed. A session that closed
// meanwhile comes back as it is; one that changed since it was read is read
// again and decided on anew.
func (c *CheckoutService) claimed(ctx context.Context, co *Checkout, client string,
	prepare func(*Checkout) (*Checkout, *PaymentResult, error),
	run func(co *Checkout, token string, now int64) (*PaymentResult, error)) (*PaymentResult, error) {
	release, err := c.locks.lock(ctx, co.Session.ID)
	if err != nil {
		return nil, err
	}
	defer release()
	for try := 1; ; try++ {
		now := c.store.Now()
		err := co.CanAttempt(now, c.limits)
		if err == nil {
			var answer *PaymentResult
			switch co, answer, err = prepare(co); {
			case answer != nil:
				return answer, nil
			case err != nil && AsError(err).Code != CodePaymentInProgress:
				return nil, err
			}
		}
		switch {
		case err == nil:
			token := NewAttemptToken()
			claimed, err := c.store.ClaimSession(ctx, co, token, now+int64(c.lease/time.Second))
			if err != nil {
				return nil, err
			}
			if claimed {
				return run(co, token, now)
			}
		case co.Session.Payable(now) != nil:
			return &PaymentResult{Checkout: co}, nil
		case AsError(err).Code != CodePaymentInProgress:
			return nil, err
		}
		// The session changed since it was read, or was held by an attempt
		// then (perhaps the one this attempt queued behind): decide again on
		// what it is now.
		if try == maxClaimTries {
			return nil, &Error{Kind: KindConflict, Code: CodePaymentInProgress,
				Message: "A payment for this Checkout Session is already in progress."}
		}
		if co, err = c.Find(ctx, co.Session.ID, client); err != nil {
			return nil, err
		}
	}
}

// attempt runs a claimed attempt on pi (nil with nothing to pay): the
// processor's answer (authorize), the decision, the record.
func (c *CheckoutService) attempt(ctx context.Context, co *Checkout, pi *PaymentIntent, a PaymentAttempt, now int64,
	authorize func() (Authorization, error), token string) (*PaymentResult, error) {
	Reach(c.faults, FaultPaymentClaimed)
	var auth Authorization
	if pi != nil {
		var err error
		if auth, err = authorize(); err != nil {
			return nil, err
		}
	}
	Reach(c.faults, FaultPaymentAuthorized)
	out, err := DecidePayment(co, pi, a, auth, now)
	if err != nil {
		return nil, err
	}
	events, err := c.renderers.RenderAll(out.Events)
	if err != nil {
		return nil, err
	}
	// The processor has answered: the outcome is recorded even if the
	// shopper has gone away meanwhile.
	recordCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := c.store.RecordPayment(recordCtx, co, token, a.Client, out, events); err != nil {
		return nil, err
	}
	Reach(c.faults, FaultPaymentCommitted)
	after := *co
	after.Session, after.Intent = out.Session, out.Intent
	// As a read would show it now, but for Version, which only a read knows:
	// a later attempt reads again.
	after.Attempts = AttemptState{Declines: out.Declines, ClientDeclines: co.Attempts.ClientDeclines, Awaiting: out.Awaiting}
	if out.Decline != nil && a.Client != "" {
		after.Attempts.ClientDeclines++
	}
	return &PaymentResult{Checkout: &after, Decline: out.Decline, RequiresAction: auth.Authenticate,
		Completed: out.Decline == nil && !auth.Authenticate}, nil
}

// sessionLocks queues the attempts on one session within this process. It
// is a courtesy, not the guarantee (the claim is): a second submit waits
// for the first instead of being turned away.
type sessionLocks struct {
	mu   sync.Mutex
	held map[string]*sessionLock
}

type sessionLock struct {
	token chan struct{}
	refs  int
}

// lock waits for the session's turn; the returned function ends it.
func (l *sessionLocks) lock(ctx context.Context, sessionID string) (func(), error) {
	l.mu.Lock()
	if l.held == nil {
		l.held = map[string]*sessionLock{}
	}
	e := l.held[sessionID]
	if e == nil {
		e = &sessionLock{token: make(chan struct{}, 1)}
		l.held[sessionID] = e
	}
	e.refs++
	l.mu.Unlock()
	drop := func() {
		l.mu.Lock()
		if e.refs--; e.refs == 0 {
			delete(l.held, sessionID)
		}
		l.mu.Unlock()
	}
	select {
	case e.token <- struct{}{}:
		return func() { <-e.token; drop() }, nil
	case <-ctx.Done():
		drop()
		return nil, &Error{Kind: KindConflict, Code: CodePaymentInProgress,
			Message: "A payment for this Checkout Session is already in progress."}
	}
}

// ApplyPromotionCode applies the promotion code a shopper typed (code,
// whatever its case) to a session that offers the field, or removes the
// session's code when code is empty, and returns the checkout with its new
// totals. A code that cannot be applied is an error of kind invalid whose
// code is the page's reason (PromotionInvalid, PromotionExpired,
// PromotionInapplicable). The change applies only to the session as it was
// read, open and with no attempt in flight; otherwise it is a conflict.
func (c *CheckoutService) ApplyPromotionCode(ctx context.Context, co *Checkout, code string) (*Checkout, error) {
	now := c.store.Now()
	if err := co.CanChangeTotals(now); err != nil {
		return nil, err
	}
	s := co.sessionWithItems()
	var coupon *Coupon
	var promo *PromotionCode
	if code != "" {
		if !s.AllowPromotionCodes {
			return nil, &Error{Kind: KindInvalid, Code: PromotionInvalid, Message: "This Checkout Session takes no promotion codes."}
		}
		var err error
		if promo, err = c.store.FindPromotionCodeByCode(ctx, s.AccountID, code); err != nil {
			return nil, err
		}
		if promo == nil {
			return nil, &Error{Kind: KindInvalid, Code: PromotionInvalid, Message: "This code is invalid."}
		}
		paidBefore := false
		if promo.Restrictions.FirstTimeTransaction && s.CustomerID != nil {
			if paidBefore, err = c.store.CustomerHasPaid(ctx, s.AccountID, *s.CustomerID); err != nil {
				return nil, err
			}
		}
		if why := promo.Redeemable(s, now, paidBefore); why != "" {
			return nil, &Error{Kind: KindInvalid, Code: why, Message: "This code cannot be applied."}
		}
		coupon = promo.Coupon
	}
	if err := s.ApplyDiscount(coupon, promo); err != nil {
		return nil, err
	}
	if s.AmountTotal > 0 {
		if err := CheckMinimumTotal(s.Currency, s.AmountTotal); err != nil {
			return nil, &Error{Kind: KindInvalid, Code: PromotionInapplicable, Message: err.Error()}
		}
	}
	if err := c.store.UpdateSessionTotals(ctx, co, s); err != nil {
		return nil, err
	}
	return c.Find(ctx, s.ID, "")
}

// ApplyTaxAddress stores the totals the dynamic tax rates of the shopper's
// address make, before any attempt (the pages as the address is typed,
// custom mode's updateBillingAddress and updateShippingAddress), and returns
// the checkout as it stands then. A session that changed since it was read
// (another change was written) is read again and decided on anew, as a
// shipping choice is; one that an attempt holds or awaits is a conflict.
func (c *CheckoutService) ApplyTaxAddress(ctx context.Context, co *Checkout, a *Address) (*Checkout, error) {
	for try := 1; ; try++ {
		if err := co.CanChangeTotals(c.store.Now()); err != nil {
			return nil, err
		}
		next, err := c.storeTaxAddress(ctx, co, a)
		if err == nil || AsError(err).Code != CodePaymentInProgress || try == maxClaimTries {
			return next, err
		}
		if co, err = c.Find(ctx, co.Session.ID, ""); err != nil {
			return nil, err
		}
	}
}

// storeTaxAddress stores the totals of the dynamic tax rates of address a
// for a checkout read by Find, if they are not its totals already, while its
// attempt state is still the one read and no attempt holds or awaits it
// (UpdateSessionTotals), which the write moves on. It returns the checkout
// as it is then: co itself when nothing changed.
func (c *CheckoutService) storeTaxAddress(ctx context.Context, co *Checkout, a *Address) (*Checkout, error) {
	s, changed := co.WithTaxAddress(a)
	if !changed {
		return co, nil
	}
	if err := c.store.UpdateSessionTotals(ctx, co, s); err != nil {
		return nil, err
	}
	next := co.withTotals(s)
	next.Attempts.Version++
	return next, nil
}

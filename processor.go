package till

import "context"

// Processor is the seam between a checkout and whoever moves the money.
// Every call carries an idempotency key: a call retried with the same key
// (after a timeout, a crash, a lost answer) must never move money twice,
// and answers as the first call did. A decline is an answer, not an error:
// an error means the processor could not be asked or did not answer.
type Processor interface {
	Authorize(ctx context.Context, req AuthorizeRequest) (Authorization, error)
	// CompleteAuthentication answers an authorization that asked for 3-D
	// Secure, once the shopper passed or failed the authentication.
	CompleteAuthentication(ctx context.Context, req CompleteAuthenticationRequest) (Authorization, error)
	Capture(ctx context.Context, req CaptureRequest) error
	Cancel(ctx context.Context, req CancelRequest) error
	Refund(ctx context.Context, req RefundRequest) (RefundAnswer, error)
}

// AuthorizeRequest asks to authorize (and, with Capture, take) an amount.
type AuthorizeRequest struct {
	IdempotencyKey  string
	PaymentIntentID string
	Amount          int64
	Currency        string
	Card            CardInput
	Capture         bool
}

// Authorization is the processor's answer: the card as it reports it, how
// it judged the attempt, and its decline when it refused. Reference is the
// processor's own name for the authorization, kept with the charge and
// passed back with its refunds.
type Authorization struct {
	Card      Card
	Outcome   Outcome
	Decline   *Error
	Reference string
	// Authenticate reports that the card's issuer asks the shopper to
	// authenticate (3-D Secure) before it answers: nothing is authorized
	// yet, and Reference names the authentication.
	Authenticate bool
	// AuthenticationFailed reports that the shopper failed it: nothing
	// was authorized, and there is no charge.
	AuthenticationFailed bool
}

// Approved reports an authorization that took the payment (or holds it,
// for manual capture).
func (a Authorization) Approved() bool {
	return a.Decline == nil && !a.Authenticate && !a.AuthenticationFailed
}

// Refusal is why the payment was not taken, nil when it was or when it
// awaits the shopper's authentication: the card's decline, or the failed
// authentication.
func (a Authorization) Refusal() *Error {
	if a.AuthenticationFailed {
		return ErrAuthenticationFailed()
	}
	return a.Decline
}

// CompleteAuthenticationRequest is the shopper's result of the
// authentication Reference names (Authenticated: passed), for the
// authorization that asked for it.
type CompleteAuthenticationRequest struct {
	IdempotencyKey  string
	PaymentIntentID string
	Reference       string
	Amount          int64
	Currency        string
	Capture         bool
	Card            Card
	Authenticated   bool
}

// CaptureRequest takes an authorized amount.
type CaptureRequest struct {
	IdempotencyKey  string
	PaymentIntentID string
	Amount          int64
}

// CancelRequest releases an authorization.
type CancelRequest struct {
	IdempotencyKey  string
	PaymentIntentID string
}

// RefundRequest returns an amount taken by the authorization Reference
// names.
type RefundRequest struct {
	IdempotencyKey  string
	PaymentIntentID string
	Reference       string
	Amount          int64
}

// RefundAnswer is the processor's answer to a refund: its status now and,
// when the processor will report a change later (a refund that settles
// after a while, or that the card's issuer returns), that change, After
// seconds on.
type RefundAnswer struct {
	Status string
	Later  *RefundChange
}

// RefundChange is a refund's later change as the processor announces it.
type RefundChange struct {
	After         int64
	Status        string
	FailureReason string
}

// TestCardProcessor is Till's built-in processor: it answers as Stripe's
// test mode does for its test card numbers, and every other valid number
// pays, as any card does in Stripe's test mode. It moves no money, and its
// answer depends on the card alone, so a retried call answers the same.
type TestCardProcessor struct{}

// A decline of Stripe's test processor: the code, the decline code and the
// message Stripe shows shoppers; blocked when Stripe's risk checks refuse
// the card before its issuer is asked.
type decline struct {
	code, declineCode, message string
	blocked                    bool
}

// testDeclines are Stripe's test card numbers that decline, with Stripe's
// codes and shopper messages.
var testDeclines = map[string]decline{
	"4000000000000002": {"card_declined", "generic_decline", "Your card was declined.", false},
	"4000000000009995": {"card_declined", "insufficient_funds", "Your card has insufficient funds.", false},
	"4000000000009987": {"card_declined", "lost_card", "Your card was declined.", false},
	"4000000000009979": {"card_declined", "stolen_card", "Your card was declined.", false},
	"4000000000000069": {"expired_card", "expired_card", "Your card has expired.", false},
	"4000000000000127": {"incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect.", false},
	"4000000000000119": {"processing_error", "processing_error", "An error occurred while processing your card. Try again in a little bit.", false},
	"4000000000006975": {"card_declined", "card_velocity_exceeded", "Your card was declined.", false},
	"4100000000000019": {"card_declined", "fraudulent", "Your card was declined.", true},
}

// failedChecks are Stripe's test cards that pay while one of the issuer's
// checks of what the shopper entered fails.
var failedChecks = map[string]func(*CardChecks){
	"4000000000000036": func(c *CardChecks) { c.AddressPostalCodeCheck = &checkFail },
	"4000000000000028": func(c *CardChecks) { c.AddressLine1Check = &checkFail },
}

var checkPass, checkFail = "pass", "fail"

// testRefunds are Stripe's test cards whose refunds do not simply succeed,
// by the reference their authorizations get: one whose refund stays
// pending for a while and then succeeds, and one whose refund succeeds and
// is returned by the issuer a while later (its card canceled or expired).
var testRefunds = map[string]RefundAnswer{
	"4000000000007726": {Status: RefundPending, Later: &RefundChange{After: testRefundDelay, Status: RefundSucceeded}},
	"4000000000005126": {Status: RefundSucceeded, Later: &RefundChange{After: testRefundDelay, Status: RefundFailed,
		FailureReason: "expired_or_canceled_card"}},
}

// testRefundDelay is how long a test card's refund takes to change, in
// seconds: Stripe's test mode says "some time later"; long enough to see
// the first state, short enough to wait for the second.
const testRefundDelay = 30

// testAuthentications are Stripe's test cards whose issuer asks for 3-D
// Secure on a Checkout payment (on-session, not set up for later), each with
// what its issuer answers once the shopper authenticated: "" approves,
// another test number declines as that card does.
var testAuthentications = map[string]string{
	"4000002760003184": "", // always authenticate
	"4000002500003155": "", // authenticate unless set up for off-session use
	"4000003800000446": "", // set up already: on-session payments still authenticate
	"4000000000003220": "", // 3-D Secure 2 required
	"4000000000003063": "", // 3-D Secure required
	"4000008400001629": "4000000000000002",
	"4000008260003178": "4000000000009995",
}

// testReference is the reference of an authorization of a test card: the
// card's behaviour after it (authentication, refunds), named by its last
// four digits so that the calls that are given the reference and never
// the number answer for the card. Other cards behave alike: "test".
func testReference(number string) string {
	_, refunds := testRefunds[number]
	_, authenticates := testAuthentications[number]
	if refunds || authenticates {
		return "test_" + number[len(number)-4:]
	}
	return "test"
}

// testNumberOf is the test number a reference names, "" for none.
func testNumberOf(reference string) string {
	for number := range testRefunds {
		if testReference(number) == reference {
			return number
		}
	}
	for number := range testAuthentications {
		if testReference(number) == reference {
			return number
		}
	}
	return ""
}

// Authorize answers for the card. The input must have passed the form
// checks (Luhn, expiry, CVC length).
func (TestCardProcessor) Authorize(_ context.Context, req AuthorizeRequest) (Authorization, error) {
	number := NormalizeCardNumber(req.Card.Number)
	card := Card{Brand: CardBrand(number), Last4: number[len(number)-4:], ExpMonth: req.Card.ExpMonth,
		ExpYear: req.Card.ExpYear, Funding: "credit", Country: "US"}
	if name, ok := testCardNames[number]; ok {
		card.Funding, card.Fingerprint = testCards[name].funding, TestCardFingerprint(name)
	}
	if req.Card.CVC != "" {
		card.Checks.CVCCheck = &checkPass
	}
	if req.Card.PostalCode != "" {
		card.Checks.AddressPostalCodeCheck = &checkPass
	}
	if req.Card.Line1 != "" {
		card.Checks.AddressLine1Check = &checkPass
	}
	if fail, ok := failedChecks[number]; ok {
		fail(&card.Checks)
	}
	if _, ok := testAuthentications[number]; ok {
		return Authorization{Card: card, Reference: testReference(number), Authenticate: true}, nil
	}
	if number == "4000008400001280" { // its authentication fails to start: a processing error
		number = "4000000000000119"
	}
	d, declined := testDeclines[number]
	if number == "4000000000000101" && req.Card.CVC != "" {
		d, declined = testDeclines["4000000000000127"], true // fails the CVC check
		card.Checks.CVCCheck = &checkFail
	}
	return answer(card, number, d, declined), nil
}

// answer is the issuer's answer for a test card: approved, or declined
// as d says.
func answer(card Card, number string, d decline, declined bool) Authorization {
	auth := Authorization{Card: card, Reference: testReference(number), Outcome: Outcome{NetworkStatus: "approved_by_network",
		RiskLevel: "normal", RiskScore: riskScore(number), SellerMessage: "Payment complete.", Type: "authorized"}}
	if declined {
		auth.Decline = &Error{Kind: KindPayment, Code: d.code, DeclineCode: d.declineCode, Message: d.message, Param: "card"}
		auth.Outcome = d.outcome(auth.Outcome.RiskScore)
	}
	return auth
}

// CompleteAuthentication answers for the test card the reference names:
// a failed authentication authorizes nothing; a passed one is approved,
// or declined as the card's issuer declines it after authenticating.
func (TestCardProcessor) CompleteAuthentication(_ context.Context, req CompleteAuthenticationRequest) (Authorization, error) {
	card := req.Card
	card.ThreeDSecure = &ThreeDSecure{AuthenticationFlow: "challenge", Result: "authenticated", Version: "2.2.0"}
	if !req.Authenticated {
		card.ThreeDSecure.Result = "failed"
		return Authorization{Card: card, Reference: req.Reference, AuthenticationFailed: true}, nil
	}
	number := testNumberOf(req.Reference)
	after := testAuthentications[number]
	d, declined := testDeclines[after]
	auth := answer(card, number, d, declined)
	auth.Reference = req.Reference
	return auth, nil
}

// outcome is the charge outcome Stripe's test mode reports for the decline.
func (d decline) outcome(risk int) Outcome {
	reason := d.declineCode
	if d.blocked {
		reason = "highest_risk_level"
		return Outcome{NetworkStatus: "not_sent_to_network", Reason: &reason, RiskLevel: "highest", RiskScore: 95,
			SellerMessage: "Stripe blocked this payment as too risky.", Type: "blocked"}
	}
	message := "The bank returned the decline code `" + d.declineCode + "`."
	if d.declineCode == "generic_decline" {
		message = "The bank did not return any further details with this decline."
	}
	return Outcome{NetworkStatus: "declined_by_network", Reason: &reason, RiskLevel: "normal", RiskScore: risk,
		SellerMessage: message, Type: "issuer_declined"}
}

// riskScore is a test card's risk score: a normal one (below 65), the same
// for every charge of the number, as Stripe's test scores vary by card.
func riskScore(number string) int {
	score := 0
	for _, d := range number {
		score = (score*7 + int(d-'0')) % 64
	}
	return score
}

// Capture takes nothing: test cards move no money.
func (TestCardProcessor) Capture(context.Context, CaptureRequest) error { return nil }

// Cancel releases nothing: test cards hold no money.
func (TestCardProcessor) Cancel(context.Context, CancelRequest) error { return nil }

// Refund returns nothing, test cards took no money, and answers as
// Stripe's test mode does for the card the reference names.
func (TestCardProcessor) Refund(_ context.Context, req RefundRequest) (RefundAnswer, error) {
	for number, answer := range testRefunds {
		if req.Reference == testReference(number) {
			return answer, nil
		}
	}
	return RefundAnswer{Status: RefundSucceeded}, nil
}

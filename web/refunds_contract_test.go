package web_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stripe/stripe-go/v82"

	"till"
	"till/db"
	"till/db/dbtest"
	"till/handlers/api"
)

// These tests refund payments made on the hosted page, through stripe-go
// as a merchant's backend refunds them.

// refundEvents lists the types of the account's events about a charge and
// its refunds, oldest first.
func refundEvents(t *testing.T, acct *account, chargeID string) []string {
	t.Helper()
	var out []string
	for _, ev := range listEvents(t, acct, nil) {
		if o := ev.Data.Object; o["charge"] == chargeID || o["id"] == chargeID {
			out = append([]string{string(ev.Type)}, out...)
		}
	}
	return out
}

// Full and partial refunds, by PaymentIntent or by charge, never more than
// what was captured, each with Stripe's events; refunds are listed,
// retrieved and updated.
func TestRefunds(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := paySession(t, srv, acct, false, goodCard)
	_, ch := latestCharge(t, acct, s.PaymentIntent.ID)

	part, err := acct.Stripe.V1Refunds.Create(bg, &stripe.RefundCreateParams{PaymentIntent: stripe.String(s.PaymentIntent.ID),
		Amount: stripe.Int64(1000), Reason: stripe.String("requested_by_customer"),
		Metadata: map[string]string{"ticket": "7"}})
	if err != nil {
		t.Fatal(err)
	}
	if part.Object != "refund" || part.Amount != 1000 || part.Status != stripe.RefundStatusSucceeded || part.Charge.ID != ch.ID ||
		part.PaymentIntent.ID != s.PaymentIntent.ID || part.Reason != "requested_by_customer" || part.Metadata["ticket"] != "7" ||
		part.Currency != "usd" || part.DestinationDetails == nil || part.DestinationDetails.Type != "card" {
		t.Errorf("partial refund = %+v", part)
	}
	got, _ := acct.Stripe.V1Charges.Retrieve(bg, ch.ID, nil)
	if got.AmountRefunded != 1000 || got.Refunded {
		t.Errorf("charge after a partial refund: amount_refunded %d refunded %v", got.AmountRefunded, got.Refunded)
	}

	_, err = acct.Stripe.V1Refunds.Create(bg, &stripe.RefundCreateParams{Charge: stripe.String(ch.ID), Amount: stripe.Int64(2999)})
	if e := stripeErr(t, err); e.HTTPStatusCode != 400 || e.Param != "amount" || e.Msg != "Refund amount ($29.99) is greater than unrefunded amount on charge ($29.98)" {
		t.Errorf("over-refund: %+v", e)
	}
	rest, err := acct.Stripe.V1Refunds.Create(bg, &stripe.RefundCreateParams{Charge: stripe.String(ch.ID)})
	if err != nil || rest.Amount != 2998 {
		t.Fatalf("refund of the rest = %+v, %v", rest, err)
	}
	got, _ = acct.Stripe.V1Charges.Retrieve(bg, ch.ID, nil)
	if got.AmountRefunded != 3998 || !got.Refunded {
		t.Errorf("charge after refunding it all: amount_refunded %d refunded %v", got.AmountRefunded, got.Refunded)
	}
	_, err = acct.Stripe.V1Refunds.Create(bg, &stripe.RefundCreateParams{PaymentIntent: stripe.String(s.PaymentIntent.ID)})
	if e := stripeErr(t, err); e.Code != "charge_already_refunded" || e.Msg != "Charge "+ch.ID+" has already been refunded." {
		t.Errorf("refund of a refunded charge: %+v", e)
	}

	var listed []string
	for r, err := range acct.Stripe.V1Refunds.List(bg, &stripe.RefundListParams{Charge: stripe.String(ch.ID)}) {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, r.ID)
	}
	if !slices.Equal(listed, []string{rest.ID, part.ID}) {
		t.Errorf("refunds of the charge = %v, want %v", listed, []string{rest.ID, part.ID})
	}
	if ids, _ := listIDs(t, srv.do(t, "GET", "/v1/refunds?payment_intent=pi_nobody", acct.SecretKey, "")); len(ids) != 0 {
		t.Errorf("refunds of an unknown intent = %v", ids)
	}
	upd, err := acct.Stripe.V1Refunds.Update(bg, part.ID, &stripe.RefundUpdateParams{Metadata: map[string]string{"ticket": "", "done": "yes"}})
	if err != nil || upd.Metadata["done"] != "yes" || upd.Metadata["ticket"] != "" {
		t.Errorf("update = %+v, %v", upd, err)
	}
	p := &stripe.RefundRetrieveParams{}
	p.AddExpand("charge")
	one, err := acct.Stripe.V1Refunds.Retrieve(bg, part.ID, p)
	if err != nil || one.Charge.Object != "charge" || one.Metadata["done"] != "yes" {
		t.Errorf("retrieve = %+v, %v", one, err)
	}
	want := []string{"charge.succeeded", "refund.created", "charge.refunded", "refund.created", "charge.refunded", "refund.updated"}
	if got := refundEvents(t, acct, ch.ID); !slices.Equal(got, want) {
		t.Errorf("events = %v, want %v", got, want)
	}

	other := srv.newAccount(t)
	res := srv.do(t, "GET", "/v1/refunds/"+part.ID, other.SecretKey, "")
	if e := wantRawErr(t, res, http.StatusNotFound, "invalid_request_error", "resource_missing", "id"); e.Message != "No such refund: '"+part.ID+"'" {
		t.Errorf("another account's refund: %q", e.Message)
	}
	res = srv.do(t, "POST", "/v1/refunds", other.SecretKey, form("charge", ch.ID))
	wantRawErr(t, res, http.StatusNotFound, "invalid_request_error", "resource_missing", "charge")
}

// stripeErr is err as stripe-go's *stripe.Error.
func stripeErr(t *testing.T, err error) *stripe.Error {
	t.Helper()
	e, ok := err.(*stripe.Error)
	if !ok {
		t.Fatalf("error %v (%T), want a *stripe.Error", err, err)
	}
	return e
}

// A refund names a charge or a PaymentIntent, one that has money to give
// back: anything else gets Stripe's error and writes nothing.
func TestRefundErrors(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	paid := paySession(t, srv, acct, false, goodCard)
	authorized := paySession(t, srv, acct, true, goodCard)
	declined := paySession(t, srv, acct, false, declinedCard)
	_, failed := latestCharge(t, acct, declined.PaymentIntent.ID)
	for _, tc := range []struct {
		name, body          string
		status              int
		code, param, prefix string
	}{
		{"Neither", form("amount", "100"), 400, "parameter_missing", "", "One of the following params"},
		{"Both", form("charge", failed.ID, "payment_intent", paid.PaymentIntent.ID), 400, "parameters_exclusive", "charge", ""},
		{"UnknownCharge", form("charge", "ch_nobody"), 404, "resource_missing", "charge", "No such charge: 'ch_nobody'"},
		{"UnknownIntent", form("payment_intent", "pi_nobody"), 404, "resource_missing", "payment_intent", "No such payment_intent: 'pi_nobody'"},
		{"Uncaptured", form("payment_intent", authorized.PaymentIntent.ID), 400, "", "", "This uncaptured Charge was created by a PaymentIntent"},
		{"DeclinedOnly", form("payment_intent", declined.PaymentIntent.ID), 400, "", "", "This PaymentIntent (" + declined.PaymentIntent.ID + ") does not have a successful charge"},
		{"FailedCharge", form("charge", failed.ID), 400, "", "", "This PaymentIntent"},
		{"BadReason", form("payment_intent", paid.PaymentIntent.ID, "reason", "bored"), 400, "", "reason", "Invalid reason"},
		{"ZeroAmount", form("payment_intent", paid.PaymentIntent.ID, "amount", "0"), 400, "parameter_invalid_integer", "amount", ""},
		{"NotAnAmount", form("payment_intent", paid.PaymentIntent.ID, "amount", "ten"), 400, "parameter_invalid_integer", "amount", ""},
		{"Origin", form("payment_intent", paid.PaymentIntent.ID, "origin", "customer_balance"), 400, "", "origin", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, "POST", "/v1/refunds", acct.SecretKey, tc.body)
			if res.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tc.status, res.Body)
			}
			e := decodeErr(t, res)
			if e.Type != "invalid_request_error" || e.Code != tc.code && tc.code != "" || e.Param != tc.param ||
				len(e.Message) < len(tc.prefix) || e.Message[:len(tc.prefix)] != tc.prefix {
				t.Errorf("error = %+v, want code %q param %q message %q…", e, tc.code, tc.param, tc.prefix)
			}
		})
	}
	if ids, _ := listIDs(t, srv.do(t, "GET", "/v1/refunds", acct.SecretKey, "")); len(ids) != 0 {
		t.Errorf("refused refunds wrote %v", ids)
	}
}

// A retried create with the same Idempotency-Key refunds once and answers
// the same refund.
func TestRefundIdempotent(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := paySession(t, srv, acct, false, goodCard)
	body := form("payment_intent", s.PaymentIntent.ID, "amount", "500")
	first := object(t, srv.do(t, "POST", "/v1/refunds", acct.SecretKey, body, "Idempotency-Key", "refund-1"))
	again := object(t, srv.do(t, "POST", "/v1/refunds", acct.SecretKey, body, "Idempotency-Key", "refund-1"))
	if first["id"] != again["id"] {
		t.Errorf("retry answered %v, first %v", again["id"], first["id"])
	}
	_, ch := latestCharge(t, acct, s.PaymentIntent.ID)
	if ch.AmountRefunded != 500 {
		t.Errorf("amount_refunded %d after a retried refund of 500", ch.AmountRefunded)
	}
}

// Concurrent refunds of all of a charge: one refunds it, the others are
// refused, and the charge never shows more refunded than it took.
func TestRaceRefunds(t *testing.T) {
	srvs, raw := paymentServers(t, 2, raceConfig)
	acct := srvs[0].newAccount(t)
	s := paySession(t, srvs[0], acct, false, goodCard)
	calls := make([]func() response, 6)
	for i := range calls {
		calls[i] = func() response {
			return srvs[i%2].do(t, "POST", "/v1/refunds", acct.SecretKey, form("payment_intent", s.PaymentIntent.ID))
		}
	}
	var statuses []int
	for _, r := range race(calls...) {
		statuses = append(statuses, r.Status)
	}
	ok := 0
	for _, st := range statuses {
		switch {
		case st == 200:
			ok++
		case st >= 500:
			t.Errorf("a racing refund got %d", st)
		}
	}
	var refunded, refunds int64
	raw.Get(&refunded, `SELECT amount_refunded FROM charges WHERE payment_intent_id = $1`, s.PaymentIntent.ID)
	raw.Get(&refunds, `SELECT count(*) FROM refunds WHERE payment_intent_id = $1`, s.PaymentIntent.ID)
	if ok != 1 || refunded != 3998 || refunds != 1 {
		t.Errorf("%d refunds succeeded (%v), %d refund rows, %d refunded; want exactly one of all 3998", ok, statuses, refunds, refunded)
	}
}

// sweepAt makes the payment changes due at the given time on the test's
// database, as the sweeper of a server whose clock reads that time.
func sweepAt(t *testing.T, raw *sqlx.DB, srv *testServer, at time.Time) int {
	t.Helper()
	store, err := db.NewStore(raw, dbtest.Keys(), func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	n, err := till.NewPayments(store, till.TestCardProcessor{}, api.New(srv.Store, nil, srv.URL).EventRenderers()).SweepDue(bg, 100)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Stripe's refund test cards: 4000 0000 0000 7726's refunds stay pending
// a while (and can be canceled meanwhile), then succeed; 4000 0000 0000
// 5126's succeed, then are returned by the issuer and fail.
func TestRefundTestCards(t *testing.T) {
	srv, raw := newTestServerDB(t)
	acct := srv.newAccount(t)
	later := time.Now().Add(time.Minute)

	pending := paySession(t, srv, acct, false, "4000000000007726")
	r, err := acct.Stripe.V1Refunds.Create(bg, &stripe.RefundCreateParams{PaymentIntent: stripe.String(pending.PaymentIntent.ID), Amount: stripe.Int64(1000)})
	if err != nil || r.Status != stripe.RefundStatusPending {
		t.Fatalf("refund on 7726 = %+v, %v; want pending", r, err)
	}
	canceled, err := acct.Stripe.V1Refunds.Cancel(bg, r.ID, nil)
	if err != nil || canceled.Status != stripe.RefundStatusCanceled || canceled.FailureReason != "merchant_request" {
		t.Fatalf("cancel of a pending refund = %+v, %v", canceled, err)
	}
	if _, ch := latestCharge(t, acct, pending.PaymentIntent.ID); ch.AmountRefunded != 0 {
		t.Errorf("amount_refunded %d after the refund was canceled", ch.AmountRefunded)
	}
	r, err = acct.Stripe.V1Refunds.Create(bg, &stripe.RefundCreateParams{PaymentIntent: stripe.String(pending.PaymentIntent.ID)})
	if err != nil || r.Status != stripe.RefundStatusPending {
		t.Fatalf("second refund on 7726 = %+v, %v", r, err)
	}
	if n := sweepAt(t, raw, srv, time.Now()); n != 0 {
		t.Errorf("%d changes made before any was due", n)
	}

	returned := paySession(t, srv, acct, false, "4000000000005126")
	r2, err := acct.Stripe.V1Refunds.Create(bg, &stripe.RefundCreateParams{PaymentIntent: stripe.String(returned.PaymentIntent.ID)})
	if err != nil || r2.Status != stripe.RefundStatusSucceeded {
		t.Fatalf("refund on 5126 = %+v, %v; want succeeded at first", r2, err)
	}
	if n := sweepAt(t, raw, srv, later); n != 2 {
		t.Errorf("%d changes made when two were due", n)
	}
	if n := sweepAt(t, raw, srv, later); n != 0 {
		t.Errorf("%d changes made again", n)
	}
	if got, _ := acct.Stripe.V1Refunds.Retrieve(bg, r.ID, nil); got.Status != stripe.RefundStatusSucceeded {
		t.Errorf("7726's refund after a while = %s, want succeeded", got.Status)
	}
	got, _ := acct.Stripe.V1Refunds.Retrieve(bg, r2.ID, nil)
	if got.Status != stripe.RefundStatusFailed || got.FailureReason != "expired_or_canceled_card" {
		t.Errorf("5126's refund after a while = %s (%s), want failed", got.Status, got.FailureReason)
	}
	_, ch := latestCharge(t, acct, returned.PaymentIntent.ID)
	if ch.AmountRefunded != 0 || ch.Refunded {
		t.Errorf("5126's charge after its refund failed: amount_refunded %d", ch.AmountRefunded)
	}
	want := []string{"charge.succeeded", "refund.created", "charge.refunded", "charge.refund.updated", "refund.updated", "refund.failed"}
	if got := refundEvents(t, acct, ch.ID); !slices.Equal(got[len(got)-len(want):], want) {
		t.Errorf("5126's events = %v, want them to end %v", got, want)
	}
	if _, err := acct.Stripe.V1Refunds.Cancel(bg, r.ID, nil); stripeErr(t, err).HTTPStatusCode != 400 {
		t.Errorf("cancel of a succeeded refund: %v", err)
	}
}

// An authorization nobody captures expires seven days on: its intent is
// canceled (automatic) and its charge released, and a capture then fails.
func TestAuthorizationExpires(t *testing.T) {
	srv, raw := newTestServerDB(t)
	acct := srv.newAccount(t)
	s := paySession(t, srv, acct, true, goodCard)
	if n := sweepAt(t, raw, srv, time.Now().Add(6*24*time.Hour)); n != 0 {
		t.Errorf("%d changes made after six days", n)
	}
	if n := sweepAt(t, raw, srv, time.Now().Add(7*24*time.Hour+time.Minute)); n != 1 {
		t.Fatalf("%d changes made after seven days, want the expiry", n)
	}
	pi, ch := latestCharge(t, acct, s.PaymentIntent.ID)
	if pi.Status != stripe.PaymentIntentStatusCanceled || pi.CancellationReason != "automatic" || pi.AmountCapturable != 0 {
		t.Errorf("intent = %s %s capturable %d", pi.Status, pi.CancellationReason, pi.AmountCapturable)
	}
	if !ch.Refunded || ch.Captured || ch.AmountRefunded != 3998 {
		t.Errorf("charge = refunded %v captured %v amount_refunded %d", ch.Refunded, ch.Captured, ch.AmountRefunded)
	}
	var reasons []string
	for r, err := range acct.Stripe.V1Refunds.List(bg, &stripe.RefundListParams{Charge: stripe.String(ch.ID)}) {
		if err != nil {
			t.Fatal(err)
		}
		reasons = append(reasons, string(r.Reason))
	}
	if !slices.Equal(reasons, []string{"expired_uncaptured_charge"}) {
		t.Errorf("refunds of the expired charge: %v", reasons)
	}
	if got := eventTypes(t, acct, ch.ID); !slices.Equal(got, []string{"charge.succeeded", "charge.expired"}) {
		t.Errorf("charge events = %v", got)
	}
	_, err := acct.Stripe.V1PaymentIntents.Capture(bg, pi.ID, nil)
	if e := stripeErr(t, err); e.Code != "payment_intent_unexpected_state" {
		t.Errorf("capture after expiry: %+v", e)
	}
}

// An expired session cancels its PaymentIntent, which a declined attempt
// left awaiting a payment, before its own expired event.
func TestSessionExpiryCancelsIntent(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := paySession(t, srv, acct, false, declinedCard)
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, s.ID, nil); err != nil {
		t.Fatal(err)
	}
	pi, err := acct.Stripe.V1PaymentIntents.Retrieve(bg, s.PaymentIntent.ID, nil)
	if err != nil || pi.Status != stripe.PaymentIntentStatusCanceled || pi.CancellationReason != "automatic" || pi.CanceledAt == 0 {
		t.Fatalf("intent of the expired session = %+v, %v", pi, err)
	}
	var order []string
	for _, ev := range listEvents(t, acct, nil) {
		order = append([]string{string(ev.Type)}, order...)
	}
	want := []string{"payment_intent.created", "charge.failed", "payment_intent.payment_failed", "payment_intent.canceled", "checkout.session.expired"}
	if !slices.Equal(order, want) {
		t.Errorf("events = %v, want %v", order, want)
	}
}

package web_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// These tests read the charges that payments on the hosted page make,
// through stripe-go as a merchant's backend reads them.

// paySession creates a session (manual capture when asked), submits the
// cards on its hosted page in turn, as a shopper retrying after declines,
// and returns the session as the API shows it then.
func paySession(t *testing.T, srv *testServer, acct *account, manual bool, cards ...string) *stripe.CheckoutSession {
	t.Helper()
	p := basicSession()
	if manual {
		p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{CaptureMethod: stripe.String("manual")}
	}
	p.PaymentIntentData = withMetadata(p.PaymentIntentData, "order", "42")
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, card := range cards {
		if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), card, ""); r.Status >= 500 {
			t.Fatalf("pay %s with %s: %d", s.ID, card, r.Status)
		}
	}
	s, err = acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func withMetadata(d *stripe.CheckoutSessionCreatePaymentIntentDataParams, key, value string) *stripe.CheckoutSessionCreatePaymentIntentDataParams {
	if d == nil {
		d = &stripe.CheckoutSessionCreatePaymentIntentDataParams{}
	}
	d.Metadata = map[string]string{key: value}
	return d
}

// latestCharge retrieves a PaymentIntent with its latest charge expanded.
func latestCharge(t *testing.T, acct *account, piID string) (*stripe.PaymentIntent, *stripe.Charge) {
	t.Helper()
	p := &stripe.PaymentIntentRetrieveParams{}
	p.AddExpand("latest_charge")
	pi, err := acct.Stripe.V1PaymentIntents.Retrieve(bg, piID, p)
	if err != nil {
		t.Fatal(err)
	}
	if pi.LatestCharge == nil {
		t.Fatalf("%s has no latest_charge", piID)
	}
	return pi, pi.LatestCharge
}

// chargesOf lists a PaymentIntent's charges, newest first.
func chargesOf(t *testing.T, acct *account, piID string) []*stripe.Charge {
	t.Helper()
	var out []*stripe.Charge
	for ch, err := range acct.Stripe.V1Charges.List(bg, &stripe.ChargeListParams{PaymentIntent: stripe.String(piID)}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ch)
	}
	return out
}

// A paid session's PaymentIntent names its charge: captured, for the whole
// amount, with the card and the checks of what the shopper entered, and
// announced by charge.succeeded between the intent's created and succeeded.
func TestChargeOfPayment(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := paySession(t, srv, acct, false, goodCard)
	pi, ch := latestCharge(t, acct, s.PaymentIntent.ID)
	if ch.Object != "charge" || ch.Status != stripe.ChargeStatusSucceeded || !ch.Paid || !ch.Captured || ch.Refunded ||
		ch.Amount != 3998 || ch.AmountCaptured != 3998 || ch.AmountRefunded != 0 || ch.Currency != "usd" ||
		ch.PaymentIntent.ID != pi.ID || ch.Metadata["order"] != "42" || ch.FailureCode != "" {
		t.Errorf("charge = %+v", ch)
	}
	if b := ch.BillingDetails; b.Email != "ada@example.com" || b.Name != "Ada Lovelace" || b.Address.PostalCode != "94107" || b.Address.Country != "US" {
		t.Errorf("billing_details = %+v", b)
	}
	card := ch.PaymentMethodDetails.Card
	if ch.PaymentMethodDetails.Type != "card" || card.Brand != "visa" || card.Last4 != "4242" || card.ExpMonth != 12 ||
		card.ExpYear != 2034 || card.Funding != "credit" || card.Country != "US" || card.Fingerprint == "" ||
		card.AmountAuthorized != 3998 || card.CaptureBefore != 0 || card.Network != "visa" {
		t.Errorf("payment_method_details.card = %+v", card)
	}
	if c := card.Checks; c.CVCCheck != "pass" || c.AddressPostalCodeCheck != "pass" || c.AddressLine1Check != "" {
		t.Errorf("checks = %+v", c)
	}
	if o := ch.Outcome; o.Type != "authorized" || o.NetworkStatus != "approved_by_network" || o.RiskLevel != "normal" ||
		o.SellerMessage != "Payment complete." || o.Reason != "" {
		t.Errorf("outcome = %+v", o)
	}
	got, err := acct.Stripe.V1Charges.Retrieve(bg, ch.ID, nil)
	if err != nil || got.ID != ch.ID || got.PaymentIntent.ID != pi.ID {
		t.Errorf("retrieve = %+v, %v", got, err)
	}
	if list := chargesOf(t, acct, pi.ID); len(list) != 1 || list[0].ID != ch.ID {
		t.Errorf("charges of the intent = %v", list)
	}
	if got := eventTypes(t, acct, ch.ID); !slices.Equal(got, []string{"charge.succeeded"}) {
		t.Errorf("charge events = %v", got)
	}
	order := []string{}
	for _, ev := range listEvents(t, acct, nil) {
		order = append([]string{string(ev.Type)}, order...)
	}
	if want := []string{"payment_intent.created", "charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"}; !slices.Equal(order, want) {
		t.Errorf("events = %v, want %v", order, want)
	}
}

// Every declined attempt is a failed charge with the decline and Stripe's
// outcome; the intent's last_payment_error names it, and the charge that
// finally paid is its latest.
func TestChargesOfDeclines(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := paySession(t, srv, acct, false, declinedCard, "4000000000009995", "4100000000000019")
	pi, ch := latestCharge(t, acct, s.PaymentIntent.ID)
	if pi.LastPaymentError == nil || pi.LastPaymentError.ChargeID != ch.ID {
		t.Errorf("last_payment_error = %+v, want one naming %s", pi.LastPaymentError, ch.ID)
	}
	list := chargesOf(t, acct, pi.ID)
	if len(list) != 3 || list[0].ID != ch.ID {
		t.Fatalf("charges = %d, want 3 newest first", len(list))
	}
	for i, want := range []struct {
		reason, typ, network, risk, message string
	}{
		{"highest_risk_level", "blocked", "not_sent_to_network", "highest", "Stripe blocked this payment as too risky."},
		{"insufficient_funds", "issuer_declined", "declined_by_network", "normal", "The bank returned the decline code `insufficient_funds`."},
		{"generic_decline", "issuer_declined", "declined_by_network", "normal", "The bank did not return any further details with this decline."},
	} {
		c := list[i]
		if c.Status != stripe.ChargeStatusFailed || c.Paid || c.Captured || c.FailureCode != "card_declined" ||
			c.FailureMessage == "" || c.PaymentMethodDetails.Card.AmountAuthorized != 0 {
			t.Errorf("charge %d = %+v", i, c)
		}
		if o := c.Outcome; o.Reason != want.reason || o.Type != want.typ || o.NetworkStatus != want.network ||
			o.RiskLevel != want.risk || o.SellerMessage != want.message {
			t.Errorf("charge %d outcome = %+v, want %+v", i, o, want)
		}
	}
	if list[0].Outcome.Rule == nil {
		t.Errorf("a blocked charge names no rule")
	}
	var order []string
	for _, ev := range listEvents(t, acct, nil) {
		order = append([]string{string(ev.Type)}, order...)
	}
	want := []string{"payment_intent.created", "charge.failed", "payment_intent.payment_failed",
		"charge.failed", "payment_intent.payment_failed", "charge.failed", "payment_intent.payment_failed"}
	if !slices.Equal(order, want) {
		t.Errorf("events = %v, want %v", order, want)
	}
	paid := paySession(t, srv, acct, false, declinedCard, goodCard)
	pi, ch = latestCharge(t, acct, paid.PaymentIntent.ID)
	if ch.Status != stripe.ChargeStatusSucceeded || pi.LastPaymentError != nil || len(chargesOf(t, acct, pi.ID)) != 2 {
		t.Errorf("after a decline and a good card: latest %s %s, last_payment_error %+v", ch.ID, ch.Status, pi.LastPaymentError)
	}
}

// A card whose postal code check fails still pays, and the charge says so.
func TestChargeFailedCheck(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := paySession(t, srv, acct, false, "4000000000000036")
	_, ch := latestCharge(t, acct, s.PaymentIntent.ID)
	if c := ch.PaymentMethodDetails.Card.Checks; ch.Status != stripe.ChargeStatusSucceeded || c.AddressPostalCodeCheck != "fail" || c.CVCCheck != "pass" {
		t.Errorf("charge %s with checks %+v", ch.Status, c)
	}
}

// A manual-capture charge is uncaptured until capture_before, seven days
// on; a partial capture takes part of it and shows the rest released, and
// a cancel releases it all, each announced before the intent's own event.
func TestChargeCaptureAndCancel(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := paySession(t, srv, acct, true, goodCard)
	_, ch := latestCharge(t, acct, s.PaymentIntent.ID)
	if ch.Captured || !ch.Paid || ch.AmountCaptured != 0 || ch.PaymentMethodDetails.Card.CaptureBefore != ch.Created+7*24*3600 {
		t.Errorf("authorized charge = captured %v paid %v amount_captured %d capture_before %d (created %d)",
			ch.Captured, ch.Paid, ch.AmountCaptured, ch.PaymentMethodDetails.Card.CaptureBefore, ch.Created)
	}
	if _, err := acct.Stripe.V1PaymentIntents.Capture(bg, s.PaymentIntent.ID, &stripe.PaymentIntentCaptureParams{AmountToCapture: stripe.Int64(1000)}); err != nil {
		t.Fatal(err)
	}
	_, ch = latestCharge(t, acct, s.PaymentIntent.ID)
	if !ch.Captured || ch.AmountCaptured != 1000 || ch.AmountRefunded != 2998 || ch.Refunded {
		t.Errorf("partly captured charge = captured %v amount_captured %d amount_refunded %d refunded %v",
			ch.Captured, ch.AmountCaptured, ch.AmountRefunded, ch.Refunded)
	}
	if got := eventTypes(t, acct, ch.ID); !slices.Equal(got, []string{"charge.succeeded", "charge.captured"}) {
		t.Errorf("charge events = %v", got)
	}

	s = paySession(t, srv, acct, true, goodCard)
	if _, err := acct.Stripe.V1PaymentIntents.Cancel(bg, s.PaymentIntent.ID, nil); err != nil {
		t.Fatal(err)
	}
	_, ch = latestCharge(t, acct, s.PaymentIntent.ID)
	if ch.Captured || ch.AmountRefunded != 3998 || !ch.Refunded {
		t.Errorf("canceled charge = captured %v amount_refunded %d refunded %v", ch.Captured, ch.AmountRefunded, ch.Refunded)
	}
	var order []string
	for _, ev := range listEvents(t, acct, nil) {
		if ev.Data.Object["id"] == ch.ID || ev.Data.Object["id"] == s.PaymentIntent.ID {
			order = append([]string{string(ev.Type)}, order...)
		}
	}
	want := []string{"payment_intent.created", "charge.succeeded", "payment_intent.amount_capturable_updated",
		"charge.refunded", "payment_intent.canceled"}
	if !slices.Equal(order, want) {
		t.Errorf("events = %v, want %v", order, want)
	}
}

// The list filters by customer and creation time and pages like every
// list; another account's charge does not exist for an account.
func TestChargeList(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	var ids []string
	for range 3 {
		s := paySession(t, srv, acct, false, goodCard)
		_, ch := latestCharge(t, acct, s.PaymentIntent.ID)
		ids = append([]string{ch.ID}, ids...)
	}
	got, more := listIDs(t, srv.do(t, "GET", "/v1/charges?limit=2", acct.SecretKey, ""))
	if !slices.Equal(got, ids[:2]) || !more {
		t.Errorf("first page = %v (more %v), want %v", got, more, ids[:2])
	}
	got, more = listIDs(t, srv.do(t, "GET", "/v1/charges?limit=2&starting_after="+ids[1], acct.SecretKey, ""))
	if !slices.Equal(got, ids[2:]) || more {
		t.Errorf("second page = %v (more %v), want %v", got, more, ids[2:])
	}
	if got, _ := listIDs(t, srv.do(t, "GET", "/v1/charges?customer=cus_nobody", acct.SecretKey, "")); len(got) != 0 {
		t.Errorf("charges of an unknown customer = %v", got)
	}
	if got, _ := listIDs(t, srv.do(t, "GET", "/v1/charges?created[lt]=1", acct.SecretKey, "")); len(got) != 0 {
		t.Errorf("charges created before 1970 = %v", got)
	}
	m := object(t, srv.do(t, "GET", "/v1/charges?expand[]=data.payment_intent&limit=1", acct.SecretKey, ""))
	if pi := m["data"].([]any)[0].(map[string]any)["payment_intent"]; pi.(map[string]any)["object"] != "payment_intent" {
		t.Errorf("expanded payment_intent = %v", pi)
	}

	other := srv.newAccount(t)
	res := srv.do(t, "GET", "/v1/charges/"+ids[0], other.SecretKey, "")
	if e := wantRawErr(t, res, http.StatusNotFound, "invalid_request_error", "resource_missing", "id"); e.Message != "No such charge: '"+ids[0]+"'" {
		t.Errorf("message = %q", e.Message)
	}
	if got, _ := listIDs(t, srv.do(t, "GET", "/v1/charges", other.SecretKey, "")); len(got) != 0 {
		t.Errorf("another account lists %v", got)
	}
}

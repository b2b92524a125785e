package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// These tests capture and cancel the PaymentIntent of a manual-capture
// session, paid on its hosted page as a shopper pays it, through
// stripe-go as a merchant's backend does.

// manualCapturePayment pays a fresh session created with
// payment_intent_data[capture_method]=manual and returns its PaymentIntent's ID.
func manualCapturePayment(t *testing.T, srv *testServer, acct *account) string {
	t.Helper()
	p := basicSession()
	p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{CaptureMethod: stripe.String("manual")}
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), goodCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("pay %s: %d %.200s", s.ID, r.Status, r.Body)
	}
	s, err = acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.PaymentIntent == nil {
		t.Fatalf("paid session %s has no payment_intent", s.ID)
	}
	return s.PaymentIntent.ID
}

// eventTypes lists the types of an object's events, oldest first.
func eventTypes(t *testing.T, acct *account, objectID string) []string {
	t.Helper()
	var types []string
	for _, ev := range listEvents(t, acct, &stripe.EventListParams{}) {
		if ev.Data.Object["id"] == objectID {
			types = append([]string{string(ev.Type)}, types...)
		}
	}
	return types
}

// A manual-capture session completes unpaid with its intent authorized,
// announced by amount_capturable_updated; a capture takes it all, once.
func TestCaptureManualPayment(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	id := manualCapturePayment(t, srv, acct)
	sessions := acct.Stripe.V1CheckoutSessions.List(bg, &stripe.CheckoutSessionListParams{PaymentIntent: stripe.String(id)})
	for s, err := range sessions {
		if err != nil {
			t.Fatal(err)
		}
		if s.Status != stripe.CheckoutSessionStatusComplete || s.PaymentStatus != stripe.CheckoutSessionPaymentStatusUnpaid {
			t.Errorf("session: status %q payment_status %q, want complete and unpaid", s.Status, s.PaymentStatus)
		}
	}
	pi, err := acct.Stripe.V1PaymentIntents.Retrieve(bg, id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pi.Status != stripe.PaymentIntentStatusRequiresCapture || pi.AmountCapturable != 3998 || pi.AmountReceived != 0 {
		t.Errorf("authorized: status %q capturable %d received %d, want requires_capture 3998 0", pi.Status, pi.AmountCapturable, pi.AmountReceived)
	}
	if got := strings.Join(eventTypes(t, acct, id), " "); got != "payment_intent.created payment_intent.amount_capturable_updated" {
		t.Errorf("events before capture: %s", got)
	}

	pi, err = acct.Stripe.V1PaymentIntents.Capture(bg, id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pi.Status != stripe.PaymentIntentStatusSucceeded || pi.AmountReceived != 3998 || pi.AmountCapturable != 0 {
		t.Errorf("captured: status %q received %d capturable %d, want succeeded 3998 0", pi.Status, pi.AmountReceived, pi.AmountCapturable)
	}
	if got := eventTypes(t, acct, id); len(got) != 3 || got[2] != "payment_intent.succeeded" {
		t.Errorf("events after capture: %v, want payment_intent.succeeded last", got)
	}
	_, err = acct.Stripe.V1PaymentIntents.Capture(bg, id, nil)
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, "payment_intent_unexpected_state", "",
		"could not be captured because it has a status of succeeded")
	_, err = acct.Stripe.V1PaymentIntents.Cancel(bg, id, nil)
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, "payment_intent_unexpected_state", "",
		"You cannot cancel this PaymentIntent because it has a status of succeeded")
}

// A partial capture receives what it took and releases the rest, and
// applies the capture's metadata; more than
// is capturable is refused, naming amount_to_capture, and changes nothing.
func TestCapturePartial(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	id := manualCapturePayment(t, srv, acct)
	_, err := acct.Stripe.V1PaymentIntents.Capture(bg, id, &stripe.PaymentIntentCaptureParams{AmountToCapture: stripe.Int64(3999)})
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, "amount_too_large", "amount_to_capture", "")
	_, err = acct.Stripe.V1PaymentIntents.Capture(bg, id, &stripe.PaymentIntentCaptureParams{AmountToCapture: stripe.Int64(0)})
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, "parameter_invalid_integer", "amount_to_capture", "")
	cp := &stripe.PaymentIntentCaptureParams{AmountToCapture: stripe.Int64(1000)}
	cp.AddMetadata("shipped", "partly")
	pi, err := acct.Stripe.V1PaymentIntents.Capture(bg, id, cp)
	if err != nil {
		t.Fatal(err)
	}
	if pi.Metadata["shipped"] != "partly" {
		t.Errorf("metadata = %v, want the capture's", pi.Metadata)
	}
	if pi.Status != stripe.PaymentIntentStatusSucceeded || pi.AmountReceived != 1000 || pi.AmountCapturable != 0 || pi.Amount != 3998 {
		t.Errorf("partial capture: status %q amount %d received %d capturable %d, want succeeded 3998 1000 0",
			pi.Status, pi.Amount, pi.AmountReceived, pi.AmountCapturable)
	}
}

// A cancel releases the authorization with its reason and time, announced
// by payment_intent.canceled; a capture after it is refused.
func TestCancelManualPayment(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	id := manualCapturePayment(t, srv, acct)
	_, err := acct.Stripe.V1PaymentIntents.Cancel(bg, id, &stripe.PaymentIntentCancelParams{CancellationReason: stripe.String("bored")})
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, "invalid_request", "cancellation_reason", "")
	pi, err := acct.Stripe.V1PaymentIntents.Cancel(bg, id, &stripe.PaymentIntentCancelParams{CancellationReason: stripe.String("requested_by_customer")})
	if err != nil {
		t.Fatal(err)
	}
	if pi.Status != stripe.PaymentIntentStatusCanceled || pi.CancellationReason != stripe.PaymentIntentCancellationReasonRequestedByCustomer ||
		pi.CanceledAt == 0 || pi.AmountCapturable != 0 || pi.AmountReceived != 0 {
		t.Errorf("canceled: status %q reason %q canceled_at %d capturable %d received %d", pi.Status, pi.CancellationReason,
			pi.CanceledAt, pi.AmountCapturable, pi.AmountReceived)
	}
	if got := eventTypes(t, acct, id); len(got) != 3 || got[2] != "payment_intent.canceled" {
		t.Errorf("events after cancel: %v, want payment_intent.canceled last", got)
	}
	_, err = acct.Stripe.V1PaymentIntents.Capture(bg, id, nil)
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, "payment_intent_unexpected_state", "",
		"could not be captured because it has a status of canceled")
}

// Bad input is a Stripe-shaped 400 naming its parameter, an unknown intent
// a 404, and an intent of a session still open is not the merchant's to
// cancel (the session is expired instead).
func TestCaptureCancelBadInput(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	id := manualCapturePayment(t, srv, acct)
	for _, c := range []struct{ path, body, param string }{
		{"/capture", "amount_to_capture=abc", "amount_to_capture"},
		{"/capture", "expand[]=nope", "expand"},
		{"/capture", "metadata[" + strings.Repeat("k", 41) + "]=v", "metadata[" + strings.Repeat("k", 41) + "]"},
		{"/cancel", "cancellation_reason[x]=1", "cancellation_reason"},
	} {
		r := srv.do(t, "POST", "/v1/payment_intents/"+id+c.path, acct.SecretKey, c.body)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `"param":"`+c.param) {
			t.Errorf("%s %s: %d %.300s, want 400 naming %s", c.path, c.body, r.Status, r.Body, c.param)
		}
	}
	_, err := acct.Stripe.V1PaymentIntents.Capture(bg, "pi_nope", nil)
	wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, "resource_missing", "intent", "")

	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), declinedCard, ""); r.Status != http.StatusPaymentRequired {
		t.Fatalf("decline: %d", r.Status)
	}
	s, err = acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = acct.Stripe.V1PaymentIntents.Cancel(bg, s.PaymentIntent.ID, nil)
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, "payment_intent_unexpected_state", "", "expire the Checkout Session")
}

// A capture retried with its Idempotency-Key answers as the first did,
// byte for byte, and captures once.
func TestCaptureIdempotent(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	id := manualCapturePayment(t, srv, acct)
	first := srv.do(t, "POST", "/v1/payment_intents/"+id+"/capture", acct.SecretKey, "amount_to_capture=2000", "Idempotency-Key", "cap-1")
	again := srv.do(t, "POST", "/v1/payment_intents/"+id+"/capture", acct.SecretKey, "amount_to_capture=2000", "Idempotency-Key", "cap-1")
	if first.Status != http.StatusOK || again.Status != http.StatusOK || first.Body != again.Body ||
		again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("capture %d, retry %d (replayed %q), bodies equal %v", first.Status, again.Status,
			again.Header.Get("Idempotent-Replayed"), first.Body == again.Body)
	}
	if got := eventTypes(t, acct, id); len(got) != 3 {
		t.Errorf("events: %v, want one payment_intent.succeeded after the retry", got)
	}
}

package till

import (
	"slices"
	"testing"
)

// authorized is a manual-capture intent awaiting its capture.
func authorized() *PaymentIntent {
	return &PaymentIntent{ID: "pi_1", Status: PaymentIntentRequiresCapture, Amount: 3998, AmountCapturable: 3998,
		CaptureMethod: "manual"}
}

// authorization is the uncaptured charge of authorized().
func authorization() *Charge {
	return &Charge{ID: "ch_1", PaymentIntentID: "pi_1", Status: ChargeSucceeded, Amount: 3998}
}

// types lists the types of a change's events.
func types(c *PaymentChange) []string {
	var out []string
	for _, o := range c.Events {
		out = append(out, o.Type)
	}
	return out
}

func TestCapturePaymentIntent(t *testing.T) {
	amount := func(n int64) *int64 { return &n }
	for _, tc := range []struct {
		name        string
		current     *PaymentIntent
		amount      *int64
		received    int64
		released    int64
		code, param string
	}{
		{name: "all", current: authorized(), received: 3998},
		{name: "partial releases the rest", current: authorized(), amount: amount(1000), received: 1000, released: 2998},
		{name: "exactly capturable", current: authorized(), amount: amount(3998), received: 3998},
		{name: "more than capturable", current: authorized(), amount: amount(3999), code: CodeAmountTooLarge, param: "amount_to_capture"},
		{name: "zero", current: authorized(), amount: amount(0), code: CodeParameterInvalidInteger, param: "amount_to_capture"},
		{name: "already captured", current: &PaymentIntent{Status: PaymentIntentSucceeded, Amount: 3998}, code: CodePaymentIntentUnexpectedState},
		{name: "not yet paid", current: &PaymentIntent{Status: PaymentIntentRequiresPaymentMethod, Amount: 3998}, code: CodePaymentIntentUnexpectedState},
	} {
		before := tc.current.Status
		charge := authorization()
		c, err := CapturePaymentIntent(tc.current, charge, tc.amount)
		if tc.current.Status != before {
			t.Errorf("%s: the current state was changed", tc.name)
		}
		if tc.code != "" {
			if e := AsError(err); e == nil || e.Code != tc.code || e.Param != tc.param || e.Kind != KindInvalid {
				t.Errorf("%s: error %v, want %s naming %q", tc.name, err, tc.code, tc.param)
			}
			continue
		}
		if err != nil || c.Intent.Status != PaymentIntentSucceeded || c.Intent.AmountReceived != tc.received || c.Intent.AmountCapturable != 0 ||
			!slices.Equal(types(c), []string{EventChargeCaptured, EventPaymentIntentSucceeded}) {
			t.Errorf("%s: %+v %v %v, want succeeded with %d received, nothing capturable", tc.name, c.Intent, types(c), err, tc.received)
			continue
		}
		if ch := c.Charge; !ch.Captured || ch.AmountCaptured != tc.received || ch.AmountRefunded != tc.released || ch.Refunded() || charge.Captured {
			t.Errorf("%s: charge %+v, want captured %d with %d released, the current one unchanged", tc.name, ch, tc.received, tc.released)
		}
	}
}

func TestCancelPaymentIntent(t *testing.T) {
	reason := "duplicate"
	c, err := CancelPaymentIntent(authorized(), authorization(), &reason, 1700000000)
	if err != nil {
		t.Fatal(err)
	}
	next := c.Intent
	if next.Status != PaymentIntentCanceled || next.AmountCapturable != 0 || next.CanceledAt == nil ||
		*next.CanceledAt != 1700000000 || next.CancellationReason == nil || *next.CancellationReason != reason ||
		!slices.Equal(types(c), []string{EventRefundCreated, EventChargeRefunded, EventPaymentIntentCanceled}) {
		t.Errorf("cancel: %+v %v", next, types(c))
	}
	if !c.Charge.Refunded() || c.Charge.AmountRefunded != 3998 || c.Charge.Captured {
		t.Errorf("canceled charge %+v, want all of it refunded, uncaptured", c.Charge)
	}
	if r := c.Refund; r == nil || !r.Reversal || r.Amount != 3998 || r.Status != RefundSucceeded || r.Reason != nil || r.ChargeID != "ch_1" {
		t.Errorf("cancel's refund = %+v, want a reversal of all of it", r)
	}
	if c, err := CancelPaymentIntent(authorized(), nil, nil, 1); err != nil || c.Intent.CancellationReason != nil ||
		!slices.Equal(types(c), []string{EventPaymentIntentCanceled}) {
		t.Errorf("cancel without a reason or a charge: %+v %v", c, err)
	}
	bad := "bored"
	if _, err := CancelPaymentIntent(authorized(), authorization(), &bad, 1); AsError(err) == nil || AsError(err).Param != "cancellation_reason" {
		t.Errorf("unknown reason: %v, want an error naming cancellation_reason", err)
	}
	for _, status := range []string{PaymentIntentSucceeded, PaymentIntentCanceled, PaymentIntentRequiresPaymentMethod} {
		_, err := CancelPaymentIntent(&PaymentIntent{Status: status}, nil, nil, 1)
		if e := AsError(err); e == nil || e.Code != CodePaymentIntentUnexpectedState {
			t.Errorf("cancel of a %s intent: %v, want %s", status, err, CodePaymentIntentUnexpectedState)
		}
	}
}

// An approved card on a manual-capture intent authorizes it all, announced
// by amount_capturable_updated, and its session completes unpaid.
func TestConfirmManualCapture(t *testing.T) {
	pi := &PaymentIntent{ID: "pi_1", Status: PaymentIntentRequiresPaymentMethod, Amount: 3998, CaptureMethod: "manual"}
	c, err := ConfirmPaymentIntent(pi, Authorization{Card: Card{Last4: "4242"}}, nil, BillingDetails{}, 1700000000)
	if err != nil {
		t.Fatal(err)
	}
	next := c.Intent
	if next.Status != PaymentIntentRequiresCapture || next.AmountCapturable != 3998 || next.AmountReceived != 0 ||
		!slices.Equal(types(c), []string{EventChargeSucceeded, EventPaymentIntentCapturable}) {
		t.Fatalf("confirm: %+v %v", next, types(c))
	}
	if ch := c.Charge; ch.Captured || ch.Status != ChargeSucceeded || ch.CaptureBefore == nil ||
		*ch.CaptureBefore != 1700000000+AuthorizationValidity || next.LatestChargeID == nil || *next.LatestChargeID != ch.ID {
		t.Errorf("charge %+v, want an uncaptured authorization until capture_before, the intent's latest", ch)
	}
	if got := CompletionStatus(3998, next); got != PaymentUnpaid {
		t.Errorf("payment_status while authorized = %s, want unpaid", got)
	}
}

package till

import "testing"

// authorized is a manual-capture intent awaiting its capture.
func authorized() *PaymentIntent {
	return &PaymentIntent{ID: "pi_1", Status: PaymentIntentRequiresCapture, Amount: 3998, AmountCapturable: 3998,
		CaptureMethod: "manual"}
}

func TestCapturePaymentIntent(t *testing.T) {
	amount := func(n int64) *int64 { return &n }
	for _, tc := range []struct {
		name        string
		current     *PaymentIntent
		amount      *int64
		received    int64
		code, param string
	}{
		{name: "all", current: authorized(), received: 3998},
		{name: "partial releases the rest", current: authorized(), amount: amount(1000), received: 1000},
		{name: "exactly capturable", current: authorized(), amount: amount(3998), received: 3998},
		{name: "more than capturable", current: authorized(), amount: amount(3999), code: CodeAmountTooLarge, param: "amount_to_capture"},
		{name: "zero", current: authorized(), amount: amount(0), code: CodeParameterInvalidInteger, param: "amount_to_capture"},
		{name: "already captured", current: &PaymentIntent{Status: PaymentIntentSucceeded, Amount: 3998}, code: CodePaymentIntentUnexpectedState},
		{name: "not yet paid", current: &PaymentIntent{Status: PaymentIntentRequiresPaymentMethod, Amount: 3998}, code: CodePaymentIntentUnexpectedState},
	} {
		before := tc.current.Status
		next, events, err := CapturePaymentIntent(tc.current, tc.amount)
		if tc.current.Status != before {
			t.Errorf("%s: the current state was changed", tc.name)
		}
		if tc.code != "" {
			if e := AsError(err); e == nil || e.Code != tc.code || e.Param != tc.param || e.Kind != KindInvalid {
				t.Errorf("%s: error %v, want %s naming %q", tc.name, err, tc.code, tc.param)
			}
			continue
		}
		if err != nil || next.Status != PaymentIntentSucceeded || next.AmountReceived != tc.received || next.AmountCapturable != 0 ||
			len(events) != 1 || events[0] != EventPaymentIntentSucceeded {
			t.Errorf("%s: %+v %v %v, want succeeded with %d received, nothing capturable", tc.name, next, events, err, tc.received)
		}
	}
}

func TestCancelPaymentIntent(t *testing.T) {
	reason := "duplicate"
	next, events, err := CancelPaymentIntent(authorized(), &reason, 1700000000)
	if err != nil || next.Status != PaymentIntentCanceled || next.AmountCapturable != 0 || next.CanceledAt == nil ||
		*next.CanceledAt != 1700000000 || next.CancellationReason == nil || *next.CancellationReason != reason ||
		len(events) != 1 || events[0] != EventPaymentIntentCanceled {
		t.Errorf("cancel: %+v %v %v", next, events, err)
	}
	if next, _, err := CancelPaymentIntent(authorized(), nil, 1); err != nil || next.CancellationReason != nil {
		t.Errorf("cancel without a reason: %+v %v", next, err)
	}
	bad := "bored"
	if _, _, err := CancelPaymentIntent(authorized(), &bad, 1); AsError(err) == nil || AsError(err).Param != "cancellation_reason" {
		t.Errorf("unknown reason: %v, want an error naming cancellation_reason", err)
	}
	for _, status := range []string{PaymentIntentSucceeded, PaymentIntentCanceled, PaymentIntentRequiresPaymentMethod} {
		_, _, err := CancelPaymentIntent(&PaymentIntent{Status: status}, nil, 1)
		if e := AsError(err); e == nil || e.Code != CodePaymentIntentUnexpectedState {
			t.Errorf("cancel of a %s intent: %v, want %s", status, err, CodePaymentIntentUnexpectedState)
		}
	}
}

// An approved card on a manual-capture intent authorizes it all, announced
// by amount_capturable_updated, and its session completes unpaid.
func TestConfirmManualCapture(t *testing.T) {
	pi := &PaymentIntent{ID: "pi_1", Status: PaymentIntentRequiresPaymentMethod, Amount: 3998, CaptureMethod: "manual"}
	next, events, err := ConfirmPaymentIntent(pi, Authorization{Card: Card{Last4: "4242"}}, nil)
	if err != nil || next.Status != PaymentIntentRequiresCapture || next.AmountCapturable != 3998 || next.AmountReceived != 0 ||
		len(events) != 1 || events[0] != EventPaymentIntentCapturable {
		t.Fatalf("confirm: %+v %v %v", next, events, err)
	}
	if got := CompletionStatus(3998, next); got != PaymentUnpaid {
		t.Errorf("payment_status while authorized = %s, want unpaid", got)
	}
}

package till

import (
	"slices"
	"testing"
)

// captured is a paid intent and its captured charge of 3998.
func captured() (*PaymentIntent, *Charge) {
	return &PaymentIntent{ID: "pi_1", Status: PaymentIntentSucceeded, Amount: 3998, AmountReceived: 3998},
		&Charge{ID: "ch_1", PaymentIntentID: "pi_1", Status: ChargeSucceeded, Amount: 3998, AmountCaptured: 3998,
			Captured: true, Currency: "usd"}
}

func TestCheckRefund(t *testing.T) {
	amount := func(n int64) *int64 { return &n }
	reason := func(s string) *string { return &s }
	pi, ch := captured()
	refunded := *ch
	refunded.AmountRefunded = 3998
	partly := *ch
	partly.AmountRefunded = 3000
	failed := *ch
	failed.Status, failed.Captured = ChargeFailed, false
	for _, tc := range []struct {
		name        string
		intent      *PaymentIntent
		charge      *Charge
		p           RefundParams
		want        int64
		code, param string
		message     string
	}{
		{name: "all that is left", intent: pi, charge: ch, want: 3998},
		{name: "part", intent: pi, charge: ch, p: RefundParams{Amount: amount(1000)}, want: 1000},
		{name: "the rest of a partly refunded charge", intent: pi, charge: &partly, want: 998},
		{name: "more than is left", intent: pi, charge: &partly, p: RefundParams{Amount: amount(999)}, code: CodeInvalidRequest, param: "amount",
			message: "Refund amount ($9.99) is greater than unrefunded amount on charge ($9.98)"},
		{name: "more than the charge", intent: pi, charge: ch, p: RefundParams{Amount: amount(5000)}, code: CodeInvalidRequest, param: "amount",
			message: "Refund amount ($50.00) is greater than charge amount ($39.98)"},
		{name: "zero", intent: pi, charge: ch, p: RefundParams{Amount: amount(0)}, code: CodeParameterInvalidInteger, param: "amount"},
		{name: "already refunded", intent: pi, charge: &refunded, code: "charge_already_refunded",
			message: "Charge ch_1 has already been refunded."},
		{name: "unknown reason", intent: pi, charge: ch, p: RefundParams{Reason: reason("bored")}, code: CodeInvalidRequest, param: "reason"},
		{name: "known reason", intent: pi, charge: ch, p: RefundParams{Reason: reason("requested_by_customer")}, want: 3998},
		{name: "uncaptured", intent: authorized(), charge: authorization(), code: CodeInvalidRequest,
			message: "This uncaptured Charge was created by a PaymentIntent (pi_1). You must cancel the PaymentIntent to reverse the authorization instead of refunding the Charge directly."},
		{name: "declined only", intent: &PaymentIntent{ID: "pi_1", Status: PaymentIntentRequiresPaymentMethod}, charge: &failed,
			code: CodeInvalidRequest, message: "This PaymentIntent (pi_1) does not have a successful charge to refund."},
		{name: "no charge", intent: &PaymentIntent{ID: "pi_1", Status: PaymentIntentRequiresPaymentMethod},
			code: CodeInvalidRequest, message: "This PaymentIntent (pi_1) does not have a successful charge to refund."},
	} {
		got, err := CheckRefund(tc.intent, tc.charge, &tc.p)
		if tc.code == "" {
			if err != nil || got != tc.want {
				t.Errorf("%s: %d, %v; want %d", tc.name, got, err, tc.want)
			}
			continue
		}
		e := AsError(err)
		if e.Code != tc.code || e.Param != tc.param || e.Kind != KindInvalid || tc.message != "" && e.Message != tc.message {
			t.Errorf("%s: %+v, want %s naming %q: %q", tc.name, e, tc.code, tc.param, tc.message)
		}
	}
}

func TestRefundPayment(t *testing.T) {
	pi, ch := captured()
	c := RefundPayment(pi, ch, "re_1", 1000, RefundParams{Metadata: map[string]string{"k": "v"}}, RefundAnswer{Status: RefundSucceeded}, 100)
	if r := c.Refund; r.ID != "re_1" || r.Amount != 1000 || r.Status != RefundSucceeded || r.ChargeID != "ch_1" ||
		r.PaymentIntentID != "pi_1" || r.Metadata["k"] != "v" || r.Later != nil || r.Reversal {
		t.Errorf("refund = %+v", r)
	}
	if c.Charge.AmountRefunded != 1000 || c.Charge.Refunded() || ch.AmountRefunded != 0 {
		t.Errorf("charge = %+v (before: %+v)", c.Charge, ch)
	}
	if !slices.Equal(types(c), []string{EventRefundCreated, EventChargeRefunded}) {
		t.Errorf("events = %v", types(c))
	}
}

// A refund the processor announces a later change for changes when it is
// due, once: a pending one succeeds, a returned one fails and its money is
// unrefunded again.
func TestSettleRefund(t *testing.T) {
	pi, ch := captured()
	pending := RefundPayment(pi, ch, "re_1", 3998, RefundParams{},
		RefundAnswer{Status: RefundPending, Later: &RefundChange{After: 30, Status: RefundSucceeded}}, 100)
	if pending.Refund.Later == nil || pending.Refund.Later.At != 130 {
		t.Fatalf("pending refund = %+v", pending.Refund)
	}
	if c := SettleRefund(pi, pending.Charge, pending.Refund, 129); c != nil {
		t.Errorf("settled before it was due: %+v", c.Refund)
	}
	c := SettleRefund(pi, pending.Charge, pending.Refund, 130)
	if c.Refund.Status != RefundSucceeded || c.Refund.Later != nil || c.Charge.AmountRefunded != 3998 ||
		!slices.Equal(types(c), []string{EventChargeRefundUpdated, EventRefundUpdated}) {
		t.Errorf("settled = %+v %+v %v", c.Refund, c.Charge, types(c))
	}
	if again := SettleRefund(pi, c.Charge, c.Refund, 200); again != nil {
		t.Errorf("settled twice")
	}

	returned := RefundPayment(pi, ch, "re_2", 1000, RefundParams{},
		RefundAnswer{Status: RefundSucceeded, Later: &RefundChange{After: 30, Status: RefundFailed, FailureReason: "expired_or_canceled_card"}}, 100)
	c = SettleRefund(pi, returned.Charge, returned.Refund, 200)
	if c.Refund.Status != RefundFailed || *c.Refund.FailureReason != "expired_or_canceled_card" || c.Charge.AmountRefunded != 0 ||
		!slices.Equal(types(c), []string{EventChargeRefundUpdated, EventRefundUpdated, EventRefundFailed}) {
		t.Errorf("returned = %+v %+v %v", c.Refund, c.Charge, types(c))
	}
}

func TestCancelRefund(t *testing.T) {
	pi, ch := captured()
	pending := RefundPayment(pi, ch, "re_1", 3998, RefundParams{},
		RefundAnswer{Status: RefundPending, Later: &RefundChange{After: 30, Status: RefundSucceeded}}, 100)
	c, err := CancelRefund(pi, pending.Charge, pending.Refund)
	if err != nil || c.Refund.Status != RefundCanceled || *c.Refund.FailureReason != "merchant_request" ||
		c.Refund.Later != nil || c.Charge.AmountRefunded != 0 {
		t.Errorf("cancel = %+v, %v", c, err)
	}
	done := RefundPayment(pi, ch, "re_2", 3998, RefundParams{}, RefundAnswer{Status: RefundSucceeded}, 100)
	if _, err := CancelRefund(pi, done.Charge, done.Refund); AsError(err).Kind != KindInvalid {
		t.Errorf("cancel of a succeeded refund: %v", err)
	}
}

// An authorization nobody captured expires once capture_before passes:
// its intent canceled, its charge released by a refund of its own.
func TestExpireAuthorization(t *testing.T) {
	charge := authorization()
	until := int64(1000)
	charge.CaptureBefore = &until
	if c := ExpireAuthorization(authorized(), charge, 999); c != nil {
		t.Errorf("expired before capture_before")
	}
	c := ExpireAuthorization(authorized(), charge, 1000)
	if c.Intent.Status != PaymentIntentCanceled || *c.Intent.CancellationReason != CancellationAutomatic || c.Intent.AmountCapturable != 0 {
		t.Errorf("intent = %+v", c.Intent)
	}
	if !c.Charge.Refunded() || c.Refund.Amount != 3998 || *c.Refund.Reason != RefundExpiredUncaptured || !c.Refund.Reversal {
		t.Errorf("charge %+v, refund %+v", c.Charge, c.Refund)
	}
	if !slices.Equal(types(c), []string{EventRefundCreated, EventChargeExpired, EventPaymentIntentCanceled}) {
		t.Errorf("events = %v", types(c))
	}
	pi, ch := captured()
	if c := ExpireAuthorization(pi, ch, 1<<40); c != nil {
		t.Errorf("a captured payment expired")
	}
}

func TestAbandonPaymentIntent(t *testing.T) {
	c := AbandonPaymentIntent(&PaymentIntent{ID: "pi_1", Status: PaymentIntentRequiresPaymentMethod}, 5)
	if c == nil || c.Intent.Status != PaymentIntentCanceled || *c.Intent.CancellationReason != CancellationAutomatic ||
		*c.Intent.CanceledAt != 5 || !slices.Equal(types(c), []string{EventPaymentIntentCanceled}) {
		t.Errorf("abandon = %+v", c)
	}
	for _, status := range []string{PaymentIntentSucceeded, PaymentIntentRequiresCapture, PaymentIntentCanceled} {
		if c := AbandonPaymentIntent(&PaymentIntent{Status: status}, 5); c != nil {
			t.Errorf("abandoned a %s intent", status)
		}
	}
}

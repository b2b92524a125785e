package till

import "testing"

func TestPaymentShownStatus(t *testing.T) {
	captured := func(amount, capturedAmount, refunded int64) *Charge {
		return &Charge{Status: ChargeSucceeded, Captured: true, Amount: amount, AmountCaptured: capturedAmount, AmountRefunded: refunded}
	}
	declined := &PaymentError{Type: "card_error", Code: "card_declined"}
	tests := []struct {
		name   string
		pi     PaymentIntent
		latest *Charge
		want   string
	}{
		{"succeeded", PaymentIntent{Status: PaymentIntentSucceeded}, captured(1000, 1000, 0), PaymentShownSucceeded},
		{"partly refunded", PaymentIntent{Status: PaymentIntentSucceeded}, captured(1000, 1000, 300), PaymentShownPartiallyRefunded},
		{"refunded", PaymentIntent{Status: PaymentIntentSucceeded}, captured(1000, 1000, 1000), PaymentShownRefunded},
		{"partial capture, nothing refunded", PaymentIntent{Status: PaymentIntentSucceeded}, captured(1000, 600, 400), PaymentShownSucceeded},
		{"partial capture, part refunded", PaymentIntent{Status: PaymentIntentSucceeded}, captured(1000, 600, 500), PaymentShownPartiallyRefunded},
		{"partial capture, all refunded", PaymentIntent{Status: PaymentIntentSucceeded}, captured(1000, 600, 1000), PaymentShownRefunded},
		{"uncaptured", PaymentIntent{Status: PaymentIntentRequiresCapture}, &Charge{Status: ChargeSucceeded, Amount: 1000}, PaymentShownUncaptured},
		{"canceled", PaymentIntent{Status: PaymentIntentCanceled}, &Charge{Status: ChargeSucceeded, Amount: 1000, AmountRefunded: 1000}, PaymentShownCanceled},
		{"declined", PaymentIntent{Status: PaymentIntentRequiresPaymentMethod, LastPaymentError: declined}, &Charge{Status: ChargeFailed}, PaymentShownFailed},
		{"no attempt yet", PaymentIntent{Status: PaymentIntentRequiresPaymentMethod}, nil, PaymentShownIncomplete},
		{"awaiting 3-D Secure", PaymentIntent{Status: PaymentIntentRequiresAction}, nil, PaymentShownIncomplete},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PaymentShownStatus(&tt.pi, tt.latest); got != tt.want {
				t.Errorf("PaymentShownStatus = %q, want %q", got, tt.want)
			}
		})
	}
}

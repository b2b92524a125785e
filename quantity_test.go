package till

import "testing"

func TestChangeQuantity(t *testing.T) {
	unit := int64(1000)
	price := &Price{ID: "price_1", ProductID: "prod_1", Currency: "usd", UnitAmount: &unit, UnitAmountDecimal: "1000"}
	checkout := func() *Checkout {
		s := &Session{ID: "cs_1", Status: SessionOpen, Currency: "usd", ExpiresAt: 100, AmountSubtotal: 1000, AmountTotal: 1000,
			Discount: &SessionDiscount{CouponID: "co_1"}}
		li := LineItem{ID: "li_1", Price: price, Quantity: 1, Currency: "usd", AmountSubtotal: 1000, AmountTotal: 1000,
			AdjustableQuantity: &AdjustableQuantity{Enabled: true, Minimum: 1, Maximum: 5},
			TaxRates:           []*TaxRate{{ID: "txr_1", Percentage: 20}}}
		fixed := LineItem{ID: "li_2", Price: price, Quantity: 1, Currency: "usd", AmountSubtotal: 1000, AmountTotal: 1000}
		return &Checkout{Session: s, Items: []CheckoutItem{{LineItem: li}, {LineItem: fixed}}}
	}
	pct := 10.0
	coupon := &Coupon{ID: "co_1", PercentOff: &pct}

	s, err := checkout().ChangeQuantity(QuantityChange{LineItemID: "li_1", Quantity: 3}, coupon, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Line 1: 3000 less 10 % = 2700, plus 20 % tax = 540; line 2: 1000 less 100.
	li := s.LineItems[0]
	if li.Quantity != 3 || li.AmountSubtotal != 3000 || li.AmountDiscount != 300 || li.AmountTax != 540 || li.AmountTotal != 3240 {
		t.Errorf("line = %+v", li)
	}
	if s.AmountSubtotal != 4000 || s.AmountDiscount != 400 || s.AmountTax != 540 || s.AmountTotal != 3240+900 {
		t.Errorf("session totals = subtotal %d discount %d tax %d total %d", s.AmountSubtotal, s.AmountDiscount, s.AmountTax, s.AmountTotal)
	}

	for _, tc := range []struct {
		name   string
		change QuantityChange
		setup  func(*Checkout)
		code   string
	}{
		{"AboveMaximum", QuantityChange{"li_1", 6}, nil, CodeQuantityInvalid},
		{"BelowMinimum", QuantityChange{"li_1", 0}, nil, CodeQuantityInvalid},
		{"FixedLine", QuantityChange{"li_2", 2}, nil, CodeQuantityInvalid},
		{"UnknownLine", QuantityChange{"li_9", 2}, nil, CodeResourceMissing},
		{"Claimed", QuantityChange{"li_1", 2}, func(co *Checkout) { co.Attempts.ClaimedUntil = 20 }, CodePaymentInProgress},
		{"AwaitingAuthentication", QuantityChange{"li_1", 2}, func(co *Checkout) { co.Attempts.Awaiting = &Payment{} }, CodePaymentInProgress},
		{"Expired", QuantityChange{"li_1", 2}, func(co *Checkout) { co.Session.ExpiresAt = 5 }, "checkout_session_expired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			co := checkout()
			if tc.setup != nil {
				tc.setup(co)
			}
			if _, err := co.ChangeQuantity(tc.change, coupon, 10); AsError(err).Code != tc.code {
				t.Errorf("error = %v, want code %s", err, tc.code)
			}
		})
	}
}

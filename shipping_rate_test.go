package till

import "testing"

// TestShippingTotals: the chosen option's amount is added to the total as
// it is, after the discount and the taxes of the lines, neither of which
// applies to it; choosing another option changes only that.
func TestShippingTotals(t *testing.T) {
	ground := &ShippingRate{ID: "shr_ground", Amount: 500, Currency: "usd"}
	air := &ShippingRate{ID: "shr_air", Amount: 800, Currency: "eur",
		CurrencyOptions: map[string]ShippingCurrencyOption{"usd": {Amount: 1500}}}
	tax := &TaxRate{ID: "txr_1", Percentage: 10}
	s := &Session{Currency: "usd", LineItems: []LineItem{{AmountSubtotal: 2000, TaxRates: []*TaxRate{tax}}}}
	for _, r := range []*ShippingRate{ground, air} {
		amount, ok := r.AmountIn("usd")
		if !ok {
			t.Fatalf("%s has no usd amount", r.ID)
		}
		s.ShippingOptions = append(s.ShippingOptions, ShippingOption{Rate: r, Amount: amount})
	}
	s.ShippingRateID = &ground.ID
	if err := s.ApplyDiscount(&Coupon{ID: "half", PercentOff: ptrTo(50.0)}, nil); err != nil {
		t.Fatal(err)
	}
	// 2000 − 1000 discount + 100 tax + 500 shipping.
	if s.AmountTotal != 1600 || s.AmountShipping != 500 || s.AmountDiscount != 1000 || s.AmountTax != 100 {
		t.Errorf("total %d shipping %d discount %d tax %d, want 1600 500 1000 100", s.AmountTotal, s.AmountShipping,
			s.AmountDiscount, s.AmountTax)
	}
	co := &Checkout{Session: s, Items: []CheckoutItem{{LineItem: s.LineItems[0]}}}
	if shipping, total := co.TotalWith(air.ID); shipping != 1500 || total != 2600 {
		t.Errorf("with air: %d, %d; want 1500, 2600", shipping, total)
	}
	if err := co.ChooseShipping(air.ID, 0); err == nil || co.Session != s {
		// An expired session (expires_at 0) takes no choice.
		t.Errorf("choice on an expired session: %v", err)
	}
	s.Status, s.ExpiresAt = SessionOpen, 100
	if err := co.ChooseShipping(air.ID, 0); err != nil || co.Session.AmountTotal != 2600 || *co.Session.ShippingRateID != air.ID ||
		s.AmountTotal != 1600 {
		t.Errorf("choose air: %v, total %d (the read session's %d)", err, co.Session.AmountTotal, s.AmountTotal)
	}
	if err := co.ChooseShipping("shr_other", 0); err == nil {
		t.Error("a rate the session does not offer was chosen")
	}
}

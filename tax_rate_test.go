package till

import (
	"math/rand/v2"
	"testing"
)

func TestLineTaxes(t *testing.T) {
	vat := &TaxRate{ID: "vat", Percentage: 20, Inclusive: true}
	sales := &TaxRate{ID: "sales", Percentage: 8.875}
	city := &TaxRate{ID: "city", Percentage: 2.5}
	for _, tc := range []struct {
		name   string
		amount int64
		rates  []*TaxRate
		want   []int64
	}{
		{"exclusive, half up", 1000, []*TaxRate{sales}, []int64{89}},
		{"two exclusive on the same base", 1000, []*TaxRate{sales, city}, []int64{89, 25}},
		{"inclusive: its share of the price", 1200, []*TaxRate{vat}, []int64{200}},
		{"inclusive, rounded", 999, []*TaxRate{vat}, []int64{167}},
		{"inclusive and exclusive: the exclusive on the net amount", 1200, []*TaxRate{vat, sales}, []int64{200, 89}},
		{"nothing to tax", 0, []*TaxRate{sales}, []int64{0}},
	} {
		got := LineTaxes(tc.amount, tc.rates)
		for i := range tc.want {
			if got[i].Amount != tc.want[i] {
				t.Errorf("%s: taxes %+v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}

// A session's totals against a straightforward reference: each line's
// total is its subtotal, less its discount, plus its exclusive taxes; the
// session's amounts are the sums of its lines' plus the chosen shipping
// option's amount, neither discounted nor taxed; and what is paid is never
// negative nor more than the subtotal plus the exclusive taxes and the
// shipping.
func TestSessionTotalsProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		s := &Session{Currency: "usd"}
		var subtotal int64
		for i := range 1 + r.IntN(5) {
			li := LineItem{AmountSubtotal: r.Int64N(50000), Price: &Price{ProductID: string(rune('a' + i))}}
			for range r.IntN(3) {
				li.TaxRates = append(li.TaxRates, &TaxRate{ID: "t", Percentage: float64(r.IntN(250)) / 10, Inclusive: r.IntN(2) == 0})
			}
			subtotal += li.AmountSubtotal
			s.LineItems = append(s.LineItems, li)
		}
		s.AmountSubtotal = subtotal
		var shipping int64
		if r.IntN(2) == 0 {
			shipping = r.Int64N(3000)
			rate := &ShippingRate{ID: "shr_" + string(rune('a'+r.IntN(3)))}
			s.ShippingOptions = []ShippingOption{{Rate: &ShippingRate{ID: "shr_other"}, Amount: 1}, {Rate: rate, Amount: shipping}}
			s.ShippingRateID = &rate.ID
		}
		var c *Coupon
		if r.IntN(2) == 0 {
			p := float64(1 + r.IntN(100))
			c = &Coupon{ID: "c", PercentOff: &p}
		} else {
			a, cur := 1+r.Int64N(60000), "usd"
			c = &Coupon{ID: "c", AmountOff: &a, Currency: &cur}
		}
		if err := s.ApplyDiscount(c, nil); err != nil && subtotal > 0 {
			t.Fatalf("discount on %+v: %v", s.LineItems, err)
		}
		var discount, tax, exclusive, total int64
		for _, li := range s.LineItems {
			var lineTax, lineExclusive int64
			for _, tx := range li.Taxes {
				lineTax += tx.Amount
				if !tx.Inclusive {
					lineExclusive += tx.Amount
				}
			}
			if want := li.AmountSubtotal - li.AmountDiscount + lineExclusive; li.AmountTotal != want || li.AmountTax != lineTax {
				t.Fatalf("line %+v: total %d tax %d, want %d and %d", li, li.AmountTotal, li.AmountTax, want, lineTax)
			}
			discount += li.AmountDiscount
			tax += lineTax
			exclusive += lineExclusive
			total += li.AmountTotal
		}
		if s.AmountDiscount != discount || s.AmountTax != tax || s.AmountShipping != shipping || s.AmountTotal != total+shipping {
			t.Fatalf("session amounts %d/%d/%d/%d, want the lines' %d/%d, shipping %d and %d", s.AmountDiscount, s.AmountTax,
				s.AmountShipping, s.AmountTotal, discount, tax, shipping, total+shipping)
		}
		if s.AmountTotal < 0 || s.AmountTotal > subtotal+exclusive+shipping {
			t.Fatalf("total %d outside 0..%d", s.AmountTotal, subtotal+exclusive+shipping)
		}
	}
}

func TestMatchRate(t *testing.T) {
	str := func(s string) *string { return &s }
	ca := &TaxRate{ID: "ca", Country: str("US"), State: str("CA")}
	us := &TaxRate{ID: "us", Country: str("US")}
	gb := &TaxRate{ID: "gb", Country: str("gb")}
	rates := []*TaxRate{ca, us, gb}
	for _, tc := range []struct {
		addr *Address
		want *TaxRate
	}{
		{&Address{Country: str("US"), State: str("ca")}, ca},
		{&Address{Country: str("US"), State: str("NY")}, us},
		{&Address{Country: str("US")}, us},
		{&Address{Country: str("GB")}, gb},
		{&Address{Country: str("FR")}, nil},
		{nil, nil},
	} {
		if got := matchRate(rates, tc.addr); got != tc.want {
			t.Errorf("%+v: %v, want %v", tc.addr, got, tc.want)
		}
	}
}

// TestTaxAddress: the shipping address chooses the dynamic rates of a
// session that collects one, the billing address those of any other; the
// checkout at an address shows its totals and names its rates, and a
// checkout whose taxes do not depend on the address is left as it is.
func TestTaxAddress(t *testing.T) {
	str := func(s string) *string { return &s }
	us, gb := &TaxRate{ID: "us", Country: str("US"), Percentage: 5}, &TaxRate{ID: "gb", Country: str("GB"), Percentage: 20}
	billing, shipping := &Address{Country: str("US")}, &ShippingDetails{Address: Address{Country: str("GB")}}
	p := Payment{Address: billing, Shipping: shipping}
	s := &Session{}
	if s.TaxAddress(p) != billing {
		t.Error("a session that ships nowhere is not taxed by the billing address")
	}
	s.ShippingAddressCollection = []string{"GB", "US"}
	if s.TaxAddress(p) != &p.Shipping.Address || s.TaxAddress(Payment{Address: billing}) != nil {
		t.Error("a session that ships is not taxed by the shipping address")
	}

	li := LineItem{ID: "li", AmountSubtotal: 1000, DynamicTaxRates: []*TaxRate{us, gb}}
	co := &Checkout{Session: &Session{AmountSubtotal: 1000, AmountTotal: 1000}, Items: []CheckoutItem{{LineItem: li}}}
	if co.TaxChoice() != "-" || co.AtTaxAddress(nil) != co {
		t.Errorf("no address: choice %q", co.TaxChoice())
	}
	at := co.AtTaxAddress(&Address{Country: str("gb")})
	if at.TaxChoice() != "gb" || at.Session.AmountTotal != 1200 || at.Items[0].AmountTotal != 1200 || co.Session.AmountTotal != 1000 {
		t.Errorf("at GB: choice %q, total %d, line %d; the checkout read has %d", at.TaxChoice(), at.Session.AmountTotal,
			at.Items[0].AmountTotal, co.Session.AmountTotal)
	}
	if at.AtTaxAddress(&Address{Country: str("GB")}) != at {
		t.Error("the same rate again is a change")
	}
	fixed := &Checkout{Session: &Session{}, Items: []CheckoutItem{{LineItem: LineItem{TaxRates: []*TaxRate{us}}}}}
	if fixed.TaxChoice() != "" || fixed.AtTaxAddress(&Address{Country: str("GB")}) != fixed {
		t.Error("fixed rates depend on the address")
	}
}

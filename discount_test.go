package till

import (
	"math/rand/v2"
	"testing"
)

func TestDiscountAmounts(t *testing.T) {
	pct := func(f float64) *Coupon { return &Coupon{PercentOff: &f} }
	off := func(n int64, cur string) *Coupon { return &Coupon{AmountOff: &n, Currency: &cur} }
	items := []ItemAmounts{{Subtotal: 1999, ProductID: "a"}, {Subtotal: 1000, ProductID: "b"}, {Subtotal: 1, ProductID: "c"}}
	for _, tc := range []struct {
		name   string
		coupon *Coupon
		want   []int64
		ok     bool
	}{
		{"25% off each line, rounded half up", pct(25), []int64{500, 250, 0}, true},
		{"12.5% off", pct(12.5), []int64{250, 125, 0}, true},
		{"100% off", pct(100), []int64{1999, 1000, 1}, true},
		{"$10 spread by subtotal, the tie to the first line", off(1000, "usd"), []int64{667, 333, 0}, true},
		{"more off than it costs", off(10000, "usd"), []int64{1999, 1000, 1}, true},
		{"another currency", off(1000, "eur"), []int64{0, 0, 0}, false},
		{"only product b", &Coupon{PercentOff: ptrTo(50.0), AppliesTo: []string{"b"}}, []int64{0, 500, 0}, true},
		{"no product of the cart", &Coupon{PercentOff: ptrTo(50.0), AppliesTo: []string{"z"}}, []int64{0, 0, 0}, false},
	} {
		got, ok := DiscountAmounts(tc.coupon, items, "usd")
		if ok != tc.ok || !equal(got, tc.want) {
			t.Errorf("%s: %v %v, want %v %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	eur := off(500, "usd")
	eur.CurrencyOptions = map[string]int64{"eur": 450}
	if got, ok := DiscountAmounts(eur, []ItemAmounts{{Subtotal: 1000}}, "eur"); !ok || got[0] != 450 {
		t.Errorf("currency_options amount: %v %v", got, ok)
	}
}

func ptrTo[T any](v T) *T { return &v }

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The discount's amounts against a straightforward reference: a
// percentage is each eligible line's subtotal × percent / 100 rounded half
// up; an amount is spread so that the lines' discounts add up to it (or to
// what the eligible lines cost), each line within a minor unit of its
// proportional share and never above its subtotal, and lines it does not
// apply to get nothing.
func TestDiscountAmountsProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		n := 1 + r.IntN(6)
		items := make([]ItemAmounts, n)
		var applies []string
		for i := range items {
			items[i] = ItemAmounts{Subtotal: r.Int64N(100000), ProductID: string(rune('a' + i))}
			if r.IntN(3) > 0 {
				applies = append(applies, items[i].ProductID)
			}
		}
		c := &Coupon{AppliesTo: applies}
		if r.IntN(2) == 0 {
			p := float64(1+r.IntN(1000)) / 10
			c.PercentOff = &p
		} else {
			a, cur := 1+r.Int64N(200000), "usd"
			c.AmountOff, c.Currency = &a, &cur
		}
		got, ok := DiscountAmounts(c, items, "usd")
		var eligible, sum int64
		for i, it := range items {
			in := c.appliesTo(it.ProductID)
			if in {
				eligible += it.Subtotal
			}
			if !in && got[i] != 0 || got[i] < 0 || got[i] > it.Subtotal {
				t.Fatalf("%+v on %+v: line %d gets %d", c, items, i, got[i])
			}
			sum += got[i]
		}
		if ok != (eligible > 0) {
			t.Fatalf("%+v on %+v: ok %v with %d eligible", c, items, ok, eligible)
		}
		if !ok {
			continue
		}
		if c.PercentOff != nil {
			for i, it := range items {
				if !c.appliesTo(it.ProductID) {
					continue
				}
				// Reference: tenths of a percent in integers, half up.
				tenths := int64(*c.PercentOff*10 + 0.5)
				want := (it.Subtotal*tenths + 500) / 1000
				if got[i] != want {
					t.Fatalf("%v%% of %d = %d, want %d", *c.PercentOff, it.Subtotal, got[i], want)
				}
			}
			continue
		}
		want := min(*c.AmountOff, eligible)
		if sum != want {
			t.Fatalf("%d off %+v: lines add to %d, want %d", *c.AmountOff, items, sum, want)
		}
		for i, it := range items {
			if !c.appliesTo(it.ProductID) {
				continue
			}
			share := float64(want) * float64(it.Subtotal) / float64(eligible)
			if d := float64(got[i]) - share; d <= -1 || d >= 1 {
				t.Fatalf("%d off %+v: line %d gets %d, its share is %.2f", *c.AmountOff, items, i, got[i], share)
			}
		}
	}
}

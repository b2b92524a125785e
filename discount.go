package till

import (
	"math/big"
	"strconv"
)

// SessionDiscount is the one discount a Checkout Session takes: a coupon,
// directly or through a promotion code (Checkout applies at most one).
type SessionDiscount struct {
	CouponID        string  `json:"coupon"`
	PromotionCodeID *string `json:"promotion_code"`
	// Label is how the page names it: the code the shopper typed, or the
	// coupon's name.
	Label string `json:"label,omitempty"`
}

// DiscountParams is one discounts[i] of a create.
type DiscountParams struct {
	Coupon        *string `form:"coupon"`
	PromotionCode *string `form:"promotion_code"`
}

// CodeDiscountUnavailable is the refusal of an attempt on a session whose
// coupon or promotion code has no redemption left, or expired, since the
// session was made.
const CodeDiscountUnavailable = "checkout_session_discount_unavailable"

// ErrDiscountUnavailable is that refusal.
func ErrDiscountUnavailable() error {
	return &Error{Kind: KindConflict, Code: CodeDiscountUnavailable,
		Message: "This Checkout Session's discount can no longer be redeemed."}
}

// ItemAmounts are the amounts of the line items a discount is spread over:
// each line's subtotal and product.
type ItemAmounts struct {
	Subtotal  int64
	ProductID string
}

// DiscountAmounts is the coupon's discount on each line item, in currency:
// a percentage off each line it applies to (rounded half up, per line, as
// Stripe shows each line's amount_discount), or an amount off spread over
// those lines in proportion to their subtotals, never more than they cost
// (the largest remainders take the last minor units, earlier lines first
// on ties). The second result is false when the coupon has no amount in the
// currency or applies to none of the lines.
func DiscountAmounts(c *Coupon, items []ItemAmounts, currency string) ([]int64, bool) {
	out := make([]int64, len(items))
	var eligible int64
	for _, it := range items {
		if c.appliesTo(it.ProductID) {
			eligible += it.Subtotal
		}
	}
	if eligible == 0 {
		return out, false
	}
	if c.PercentOff != nil {
		// The percentage as the decimal it was given as (12.5, 33.3), not
		// its nearest binary fraction, so halves round as written.
		pct, _ := new(big.Rat).SetString(strconv.FormatFloat(*c.PercentOff, 'f', -1, 64))
		for i, it := range items {
			if c.appliesTo(it.ProductID) {
				out[i] = roundHalfUp(new(big.Rat).Mul(big.NewRat(it.Subtotal, 100), pct))
			}
		}
		return out, true
	}
	off, ok := c.AmountOffIn(currency)
	if !ok {
		return out, false
	}
	off = min(off, eligible)
	type share struct {
		i   int
		rem int64
	}
	var shares []share
	var given int64
	for i, it := range items {
		if !c.appliesTo(it.ProductID) {
			continue
		}
		// off × subtotal / eligible, its remainder kept to hand out the rest.
		n := new(big.Int).Mul(big.NewInt(off), big.NewInt(it.Subtotal))
		q, r := new(big.Int).QuoRem(n, big.NewInt(eligible), new(big.Int))
		out[i] = q.Int64()
		given += out[i]
		shares = append(shares, share{i, r.Int64()})
	}
	for left := off - given; left > 0; left-- {
		best := 0
		for k := range shares {
			if shares[k].rem > shares[best].rem {
				best = k
			}
		}
		out[shares[best].i]++
		shares[best].rem = -1
	}
	return out, true
}

// roundHalfUp rounds a non-negative amount to the nearest minor unit,
// halves up.
func roundHalfUp(r *big.Rat) int64 {
	n := new(big.Int).Mul(r.Num(), big.NewInt(2))
	n.Add(n, r.Denom())
	return n.Quo(n, new(big.Int).Mul(r.Denom(), big.NewInt(2))).Int64()
}

// ApplyDiscount sets the session's discount to coupon (by promotion code
// when promo is not nil) and its line items' and totals' amounts from it;
// nil coupon removes it. A coupon that gives nothing here (no amount in the
// session's currency, no line it applies to) is refused with the page's
// reason.
func (s *Session) ApplyDiscount(coupon *Coupon, promo *PromotionCode) error {
	items := make([]ItemAmounts, len(s.LineItems))
	for i, li := range s.LineItems {
		items[i] = ItemAmounts{Subtotal: li.AmountSubtotal}
		if li.Price != nil {
			items[i].ProductID = li.Price.ProductID
		}
	}
	discounts := make([]int64, len(items))
	s.Discount = nil
	if coupon != nil {
		var ok bool
		if discounts, ok = DiscountAmounts(coupon, items, s.Currency); !ok {
			return &Error{Kind: KindInvalid, Code: PromotionInapplicable, Message: "This coupon does not apply to this Checkout Session."}
		}
		s.Discount = &SessionDiscount{CouponID: coupon.ID}
		if coupon.Name != nil {
			s.Discount.Label = *coupon.Name
		}
		if promo != nil {
			s.Discount.PromotionCodeID, s.Discount.Label = &promo.ID, promo.Code
		}
	}
	for i := range s.LineItems {
		s.LineItems[i].AmountDiscount = discounts[i]
	}
	s.computeTotals()
	return nil
}

// computeTotals sets each line's taxes and total, and the session's, from
// the lines' subtotals, discounts and tax rates, and the chosen shipping
// option: a line's total is its subtotal less its discount plus its
// exclusive taxes (inclusive ones are in its price already); amount_tax
// counts both kinds. Shipping is added as it is: no discount applies to
// it, and Till taxes no shipping (its rates' tax_behavior is kept, not
// applied).
func (s *Session) computeTotals() {
	s.AmountDiscount, s.AmountTax, s.AmountTotal, s.AmountShipping = 0, 0, 0, 0
	if s.ShippingRateID != nil {
		if o := s.ShippingOptionOf(*s.ShippingRateID); o != nil {
			s.AmountShipping = o.Amount
		}
	}
	s.AmountTotal = s.AmountShipping
	for i := range s.LineItems {
		li := &s.LineItems[i]
		after := li.AmountSubtotal - li.AmountDiscount
		li.Taxes = LineTaxes(after, li.appliedRates())
		li.AmountTax, li.AmountTotal = 0, after
		for _, t := range li.Taxes {
			li.AmountTax += t.Amount
			if !t.Inclusive {
				li.AmountTotal += t.Amount
			}
		}
		s.AmountDiscount += li.AmountDiscount
		s.AmountTax += li.AmountTax
		s.AmountTotal += li.AmountTotal
	}
}

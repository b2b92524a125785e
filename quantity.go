package till

import "context"

// CodeQuantityInvalid is the refusal of a quantity outside a line item's
// adjustable range, or of a line whose quantity is fixed.
const CodeQuantityInvalid = "checkout_session_quantity_invalid"

// QuantityChange is a shopper's new quantity for one line item.
type QuantityChange struct {
	LineItemID string
	Quantity   int64
}

// ChangeQuantity decides a shopper's new quantity for a line item of the
// checkout at now: only an open session no attempt holds or awaits (an
// attempt decided on its totals), only a line whose quantity is adjustable,
// and only within its range. It returns the session with the line's
// quantity and every total recomputed (the discount, by coupon when the
// session has one, and the taxes, by the one totals function); nothing is
// stored.
func (co *Checkout) ChangeQuantity(ch QuantityChange, coupon *Coupon, now int64) (*Session, error) {
	if err := co.CanChangeTotals(now); err != nil {
		return nil, err
	}
	s := *co.Session
	s.LineItems = make([]LineItem, len(co.Items))
	for i, it := range co.Items {
		s.LineItems[i] = it.LineItem
	}
	var subtotal int64
	found := false
	for i := range s.LineItems {
		li := &s.LineItems[i]
		if li.ID == ch.LineItemID {
			aq := li.AdjustableQuantity
			if aq == nil || !aq.Enabled {
				return nil, Invalid(CodeQuantityInvalid, "quantity", "The quantity of this line item cannot be changed.")
			}
			if ch.Quantity < aq.Minimum || ch.Quantity > aq.Maximum {
				return nil, Invalid(CodeQuantityInvalid, "quantity", "The quantity must be between %d and %d.", aq.Minimum, aq.Maximum)
			}
			amount, ok := LineAmount(li.Price.UnitAmountRat(), ch.Quantity)
			if !ok || amount > 99999999 {
				return nil, Invalid(CodeAmountTooLarge, "quantity", "The line item's amount must be no more than 99999999 in the smallest currency unit.")
			}
			li.Quantity, li.AmountSubtotal, found = ch.Quantity, amount, true
		}
		subtotal += li.AmountSubtotal
	}
	if !found {
		return nil, NotFound("line_item", ch.LineItemID, "line_item")
	}
	s.AmountSubtotal = subtotal
	if s.Discount != nil && coupon != nil {
		var promo *PromotionCode
		if s.Discount.PromotionCodeID != nil {
			promo = &PromotionCode{ID: *s.Discount.PromotionCodeID}
		}
		if err := s.ApplyDiscount(coupon, promo); err != nil {
			return nil, err
		}
	} else {
		s.computeTotals()
	}
	if s.AmountTotal > 99999999 {
		return nil, Invalid(CodeAmountTooLarge, "quantity", "The Checkout Session's total amount due must be no more than 99999999 in the smallest currency unit.")
	}
	if err := CheckMinimumTotal(s.Currency, s.AmountTotal); err != nil {
		return nil, err
	}
	return &s, nil
}

// ChangeQuantity changes a line item's quantity on a checkout read by
// Find and returns the checkout as it is then. The change applies only to
// the attempt state it was decided on, and moves it on, so an attempt that
// read the old totals cannot claim the session with them.
func (c *CheckoutService) ChangeQuantity(ctx context.Context, co *Checkout, ch QuantityChange) (*Checkout, error) {
	var coupon *Coupon
	if d := co.Session.Discount; d != nil {
		var err error
		if coupon, err = c.store.FindCoupon(ctx, co.Session.AccountID, d.CouponID); err != nil {
			return nil, err
		}
	}
	s, err := co.ChangeQuantity(ch, coupon, c.store.Now())
	if err != nil {
		return nil, err
	}
	if err := c.store.UpdateSessionTotals(ctx, co, s); err != nil {
		return nil, err
	}
	return c.Find(ctx, co.Session.ID, "")
}

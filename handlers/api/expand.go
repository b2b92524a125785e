package api

import (
	"fmt"
	"slices"
	"strings"

	"till"
)

// expansions is the set of fields a request asked to expand, checked
// against what the object offers.
type expansions map[string]bool

// parseExpand validates expand[] against the expandable fields of the
// endpoint's object; list endpoints take them prefixed with "data.".
func parseExpand(expand []string, list bool, allowed ...string) (expansions, error) {
	out := expansions{}
	for i, e := range expand {
		field := e
		if list {
			var ok bool
			if field, ok = strings.CutPrefix(e, "data."); !ok {
				field = ""
			}
		}
		if !slices.Contains(allowed, field) {
			return nil, till.Invalid(till.CodeInvalidRequest, fmt.Sprintf("expand[%d]", i),
				"This property cannot be expanded (%s).", e)
		}
		out[field] = true
	}
	return out, nil
}

var sessionExpandable = []string{"line_items", "customer", "payment_intent", "total_details.breakdown"}

// expandSession fills the expanded fields of a rendered session.
func (h *Handler) expandSession(r request, o *sessionObject, s *till.Session, exp expansions) error {
	if exp["line_items"] {
		// A session just created carries its line items (at most
		// MaxLineItems, so one page). They are used as they are: the store's
		// list query does not run in the request's idempotency transaction,
		// so it cannot see line items that transaction has not committed.
		items, more := s.LineItems, false
		if items == nil {
			var err error
			if items, more, err = h.store.ListLineItems(r.ctx, s.ID, till.Page{Limit: till.MaxLineItems}); err != nil {
				return err
			}
		}
		data := make([]*lineItemObject, len(items))
		for i := range items {
			data[i] = lineItemJSON(&items[i])
		}
		l := newList("/v1/checkout/sessions/"+s.ID+"/line_items", data, more)
		o.LineItems = &l
	}
	if exp["customer"] && s.CustomerID != nil {
		c, err := h.store.FindCustomer(r.ctx, s.AccountID, *s.CustomerID)
		if err != nil {
			return err
		}
		o.Customer = customerJSON(c)
	}
	if exp["total_details.breakdown"] {
		b, err := h.breakdown(r, s)
		if err != nil {
			return err
		}
		o.TotalDetails.Breakdown = b
	}
	if exp["payment_intent"] && s.PaymentIntentID != nil {
		pi, err := h.store.FindPaymentIntent(r.ctx, s.AccountID, *s.PaymentIntentID)
		if err != nil {
			return err
		}
		o.PaymentIntent = h.paymentIntentJSON(pi)
	}
	return nil
}

// breakdown is a session's total_details.breakdown: its discount with its
// coupon, and its line items' taxes summed by rate.
func (h *Handler) breakdown(r request, s *till.Session) (*breakdown, error) {
	b := &breakdown{Discounts: []breakdownDiscount{}, Taxes: []breakdownTax{}}
	if d := s.Discount; d != nil {
		coupon, err := h.store.FindCoupon(r.ctx, s.AccountID, d.CouponID)
		if err != nil && till.ErrorKindOf(err) != till.KindNotFound {
			return nil, err
		}
		do := &discountObject{ID: "di_" + strings.TrimPrefix(s.ID, "cs_"), Object: "discount", CheckoutSession: s.ID,
			PromotionCode: d.PromotionCodeID, Start: s.Created}
		if coupon != nil {
			do.Coupon = h.couponJSON(coupon, nil)
		}
		if s.CustomerID != nil {
			do.Customer = *s.CustomerID
		}
		b.Discounts = append(b.Discounts, breakdownDiscount{Amount: s.AmountDiscount, Discount: do})
	}
	items := s.LineItems
	if items == nil {
		var err error
		if items, _, err = h.store.ListLineItems(r.ctx, s.ID, till.Page{Limit: till.MaxLineItems}); err != nil {
			return nil, err
		}
	}
	index := map[string]int{}
	for _, li := range items {
		for i, t := range li.Taxes {
			k, seen := index[t.TaxRateID]
			if !seen {
				k = len(b.Taxes)
				index[t.TaxRateID] = k
				b.Taxes = append(b.Taxes, breakdownTax{Rate: taxRateJSON(li.AppliedRate(i))})
			}
			b.Taxes[k].Amount += t.Amount
			b.Taxes[k].TaxableAmount += t.Taxable
		}
	}
	return b, nil
}

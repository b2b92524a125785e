package pages

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// quantityAnswer is the summary after a quantity change (or an address
// that changed the taxes), as checkout.js updates the page with it: each
// line's amount, the subtotal, the taxes with their row's label ("" hides
// it) and the total, each shipping option's shipping and total with the new
// quantities (the radios' data-shipping and data-total), and the form's
// taxChoice.
type quantityAnswer struct {
	Items           []quantityLine     `json:"items"`
	Subtotal        string             `json:"subtotal"`
	Discount        string             `json:"discount"`
	Tax             string             `json:"tax"`
	TaxLabel        string             `json:"tax_label"`
	TaxChoice       string             `json:"tax_choice"`
	Total           string             `json:"total"`
	ShippingOptions []quantityShipping `json:"shipping_options,omitempty"`
}

// answerOf is the summary's answer for the checkout after a change.
func answerOf(co *checkout) quantityAnswer {
	s := co.Session
	money := func(amount int64) string { return till.FormatAmount(amount, s.Currency, co.locale) }
	a := quantityAnswer{Subtotal: money(s.AmountSubtotal), Discount: "−" + money(s.AmountDiscount),
		Tax: money(s.AmountTax), TaxLabel: taxLabel(co), TaxChoice: co.TaxChoice(), Total: money(s.AmountTotal)}
	for _, it := range co.Items {
		a.Items = append(a.Items, quantityLine{ID: it.ID, Quantity: it.Quantity, Amount: money(it.AmountSubtotal)})
	}
	for _, o := range s.ShippingOptions {
		shipping, total := co.TotalWith(o.Rate.ID)
		a.ShippingOptions = append(a.ShippingOptions, quantityShipping{ID: o.Rate.ID, Shipping: money(shipping), Total: money(total)})
	}
	return a
}

type quantityShipping struct {
	ID       string `json:"id"`
	Shipping string `json:"shipping"`
	Total    string `json:"total"`
}

type quantityLine struct {
	ID       string `json:"id"`
	Quantity int64  `json:"quantity"`
	Amount   string `json:"amount"`
}

// PayQuantity handles "POST /c/pay/:id/quantity": a shopper's new quantity
// for a hosted session's adjustable line item. Without JavaScript its form
// posts here and the answer is a 303 back to the page's summary, which shows
// the new totals; checkout.js posts it asking for JSON and updates the totals in
// place. A quantity out of range renders the page again with the message
// (422), or is a 422 JSON error.
func (h *Handler) PayQuantity(c *fiber.Ctx) error {
	co, answered, err := h.hostedForm(c, false)
	if answered || err != nil {
		return err
	}
	s := co.Session
	wantsJSON := strings.Contains(c.Get(fiber.HeaderAccept), fiber.MIMEApplicationJSON)
	ch := till.QuantityChange{LineItemID: c.FormValue("line_item"), Quantity: -1}
	if q, err := strconv.ParseInt(strings.TrimSpace(c.FormValue("quantity")), 10, 64); err == nil {
		ch.Quantity = q
	}
	after, err := h.payments.ChangeQuantity(c.UserContext(), co.Checkout, ch)
	if e := till.AsError(err); err != nil && e.Kind == till.KindInvalid {
		msg := co.t("quantity_invalid")
		for _, it := range co.Items {
			if aq := it.AdjustableQuantity; it.ID == ch.LineItemID && aq != nil {
				msg = fill(msg, "{min}", strconv.FormatInt(aq.Minimum, 10), "{max}", strconv.FormatInt(aq.Maximum, 10))
			}
		}
		if wantsJSON {
			return c.Status(http.StatusUnprocessableEntity).JSON(customErrorBody("invalid_quantity", msg))
		}
		vm := h.payPage(co, blankForm(c), till.FieldErrors{}, "")
		vm.Errors = append(vm.Errors, views.ErrorLink{FieldID: "quantity-" + ch.LineItemID, Message: msg})
		return Render(c, http.StatusUnprocessableEntity, views.PayPageView(vm))
	}
	if e := till.AsError(err); err != nil && wantsJSON && e.Kind == till.KindConflict {
		// An attempt holds the session, or another change moved it on.
		return c.Status(http.StatusConflict).JSON(customErrorBody(e.Code, co.t("conflict_message")))
	}
	if err != nil {
		return err
	}
	if !wantsJSON {
		// Back to the summary the shopper just changed.
		return c.Redirect("/c/pay/"+s.ID+"#summary-title", fiber.StatusSeeOther)
	}
	return c.JSON(answerOf(&checkout{Checkout: after, locale: co.locale, t: co.t}))
}

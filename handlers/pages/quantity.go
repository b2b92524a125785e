package pages

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// A line item's adjustable quantity, in every mode, through the one
// domain rule (till.CheckoutService.ChangeQuantity):
//
//	POST /c/pay/:id/quantity    the hosted page's stepper: 303 back to the
//	                            page, or the page with the refusal (422)
//	POST /c/embed/:id/quantity  the iframe's stepper: the form again, with
//	                            the new totals or the refusal (422)
//
// and custom mode's updateLineItemQuantity (custom.go). The steppers post
// a form without JavaScript; checkout.js posts the same form asking for
// JSON (quantityAnswer) and updates the page in place.

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

// changeQuantity asks the checkout service for a line's new quantity; on
// return co is the checkout after it. A quantity the line cannot take
// (out of its range, a fixed line, too large an amount) is refused with
// the shopper's message, the line's range in it; any other failure is err.
func (h *Handler) changeQuantity(c *fiber.Ctx, co *checkout, ch till.QuantityChange) (refused string, err error) {
	after, err := h.payments.ChangeQuantity(c.UserContext(), co.Checkout, ch)
	if e := till.AsError(err); err != nil && e.Kind == till.KindInvalid {
		msg := co.t("quantity_invalid")
		for _, it := range co.Items {
			if aq := it.AdjustableQuantity; it.ID == ch.LineItemID && aq != nil {
				msg = fill(msg, "{min}", strconv.FormatInt(aq.Minimum, 10), "{max}", strconv.FormatInt(aq.Maximum, 10))
			}
		}
		return msg, nil
	}
	if err != nil {
		return "", err
	}
	co.Checkout = after
	return "", nil
}

// stepperChange is the change a stepper's form posts: its line, and its
// quantity (-1, out of every range, when it is not a number).
func stepperChange(c *fiber.Ctx) till.QuantityChange {
	ch := till.QuantityChange{LineItemID: c.FormValue("line_item"), Quantity: -1}
	if q, err := strconv.ParseInt(strings.TrimSpace(c.FormValue("quantity")), 10, 64); err == nil {
		ch.Quantity = q
	}
	return ch
}

// wantsJSON reports a stepper's post from checkout.js.
func wantsJSON(c *fiber.Ctx) bool {
	return strings.Contains(c.Get(fiber.HeaderAccept), fiber.MIMEApplicationJSON)
}

// quantityJSON answers checkout.js's post of a stepper after the change:
// the new amounts (quantityAnswer), the refusal (422), or a conflict (409:
// an attempt holds the session, or another change moved it on) in the
// client endpoints' error shape.
func (h *Handler) quantityJSON(c *fiber.Ctx, co *checkout, refused string, err error) error {
	if e := till.AsError(err); err != nil && e.Kind == till.KindConflict {
		return c.Status(http.StatusConflict).JSON(customErrorBody(e.Code, co.t("conflict_message")))
	}
	if err != nil {
		return err
	}
	if refused != "" {
		return c.Status(http.StatusUnprocessableEntity).JSON(customErrorBody("invalid_quantity", refused))
	}
	return c.JSON(answerOf(co))
}

// refuseQuantity shows a refused quantity in the form's error summary,
// linked to the line's stepper.
func refuseQuantity(vm *views.PayPage, lineItemID, message string) {
	vm.Errors = append(vm.Errors, views.ErrorLink{FieldID: "quantity-" + lineItemID, Message: message})
}

// PayQuantity handles "POST /c/pay/:id/quantity".
func (h *Handler) PayQuantity(c *fiber.Ctx) error {
	co, answered, err := h.hostedForm(c, false)
	if answered || err != nil {
		return err
	}
	ch := stepperChange(c)
	refused, err := h.changeQuantity(c, co, ch)
	switch {
	case wantsJSON(c):
		return h.quantityJSON(c, co, refused, err)
	case err != nil:
		return err
	case refused != "":
		vm := h.payPage(co, blankForm(c), till.FieldErrors{}, "")
		refuseQuantity(&vm, ch.LineItemID, refused)
		return Render(c, http.StatusUnprocessableEntity, views.PayPageView(vm))
	}
	// Back to the summary the shopper just changed.
	return c.Redirect("/c/pay/"+co.Session.ID+"#summary-title", fiber.StatusSeeOther)
}

// EmbedQuantity handles "POST /c/embed/:id/quantity". The iframe's page
// cannot be loaded again without its client secret, so the answer is the
// form itself, with the new totals.
func (h *Handler) EmbedQuantity(c *fiber.Ctx) error {
	co, secret, answered, err := h.embedForm(c, false)
	if answered || err != nil {
		return err
	}
	ch := stepperChange(c)
	refused, err := h.changeQuantity(c, co, ch)
	if wantsJSON(c) {
		return h.quantityJSON(c, co, refused, err)
	}
	if err != nil {
		return err
	}
	vm := h.embedPayPage(co, secret, blankForm(c), till.FieldErrors{}, "")
	status := http.StatusOK
	if refused != "" {
		refuseQuantity(&vm.PayPage, ch.LineItemID, refused)
		status = http.StatusUnprocessableEntity
	}
	return Render(c, status, views.EmbedPayPageView(vm))
}

package pages

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// The promotion code field of a session that allows codes: a form of its
// own in the order summary, beside the payment form.
//
//	POST /c/pay/:id/promotion_code    the hosted page's: 303 back to the page
//	POST /c/embed/:id/promotion_code  the iframe's: the form again
//
// and custom mode's applyPromotionCode and removePromotionCode (custom.go).
// A code that cannot be applied shows the page's reason by the field.

// promotionCode is the code a form asks to apply, "" to remove the one
// applied.
func promotionCode(c *fiber.Ctx) string {
	if c.FormValue("promotion_action") == "remove" {
		return ""
	}
	return strings.TrimSpace(c.FormValue("promotionCode"))
}

// applyPromotion applies or removes the code, and returns the page's
// reason when the code cannot be applied ("" with a nil error when it
// was).
func (h *Handler) applyPromotion(c *fiber.Ctx, co *checkout, code string, remove bool) (string, error) {
	if code == "" && !remove {
		return till.PromotionInvalid, nil
	}
	next, err := h.payments.ApplyPromotionCode(c.UserContext(), co.Checkout, code)
	var te *till.Error
	if errors.As(err, &te) && te.Kind == till.KindInvalid {
		switch te.Code {
		case till.PromotionInvalid, till.PromotionExpired, till.PromotionInapplicable:
			return te.Code, nil
		}
	}
	if err != nil {
		return "", err
	}
	co.Checkout = next
	return "", nil
}

// PromotionSubmit handles "POST /c/pay/:id/promotion_code".
func (h *Handler) PromotionSubmit(c *fiber.Ctx) error {
	co, answered, err := h.hostedForm(c, false)
	if answered || err != nil {
		return err
	}
	code := promotionCode(c)
	reason, err := h.applyPromotion(c, co, code, c.FormValue("promotion_action") == "remove")
	if err != nil {
		return err
	}
	if reason == "" {
		return c.Redirect("/c/pay/"+co.Session.ID, fiber.StatusSeeOther)
	}
	vm := h.payPage(co, till.CheckoutForm{Country: defaultCountry(c)}, till.FieldErrors{}, "")
	refusePromotion(vm.Summary.Promotion, code, co.t(reason))
	return Render(c, http.StatusUnprocessableEntity, views.PayPageView(vm))
}

// EmbedPromotionSubmit handles "POST /c/embed/:id/promotion_code".
func (h *Handler) EmbedPromotionSubmit(c *fiber.Ctx) error {
	co, secret, answered, err := h.embedForm(c, false)
	if answered || err != nil {
		return err
	}
	code := promotionCode(c)
	reason, err := h.applyPromotion(c, co, code, c.FormValue("promotion_action") == "remove")
	if err != nil {
		return err
	}
	vm := h.embedPayPage(co, secret, till.CheckoutForm{Country: defaultCountry(c)}, till.FieldErrors{}, "")
	status := http.StatusOK
	if reason != "" {
		refusePromotion(vm.Summary.Promotion, code, co.t(reason))
		status = http.StatusUnprocessableEntity
	}
	return Render(c, status, views.EmbedPayPageView(vm))
}

// refusePromotion shows why a code was not applied by its field, with
// what was typed.
func refusePromotion(p *views.PromotionField, code, message string) {
	if p != nil {
		p.Value, p.Error = code, message
	}
}

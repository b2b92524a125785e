package pages

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"till"
)

// The totals at the address the shopper is typing, for a session whose
// taxes depend on it (line items with dynamic tax rates):
//
//	POST /c/pay/:id/address    the hosted page's
//	POST /c/embed/:id/address  the iframe's, with the client secret
//
// checkout.js posts the form's address fields (never the card) when the
// country, state or postal code of the address that chooses the rates
// changes (till.Session.TaxAddress), and shows the answer in place: the
// rates of that address are stored, as custom mode's address updates store
// them, so the payment that follows is at the total the shopper saw.
// Without JavaScript nothing posts here: the page shows the totals of the
// address it was sent, and a payment whose address changes them shows the
// new total to check (totalChanged).

// PayAddress handles "POST /c/pay/:id/address".
func (h *Handler) PayAddress(c *fiber.Ctx) error {
	co, answered, err := h.hostedForm(c, false)
	if answered || err != nil {
		return err
	}
	return h.taxAnswer(c, co)
}

// EmbedAddress handles "POST /c/embed/:id/address".
func (h *Handler) EmbedAddress(c *fiber.Ctx) error {
	co, _, answered, err := h.embedForm(c, false)
	if answered || err != nil {
		return err
	}
	return h.taxAnswer(c, co)
}

// taxAnswer stores the totals at the posted form's address and answers
// them as a quantity change is answered; a session that an attempt holds or
// that changed past deciding again is a 409 the page leaves as it is.
func (h *Handler) taxAnswer(c *fiber.Ctx, co *checkout) error {
	form := shownForm(co.Session, formOf(c, co.Session))
	next, err := h.payments.ApplyTaxAddress(c.UserContext(), co.Checkout, co.Session.FormTaxAddress(form))
	if e := till.AsError(err); err != nil && e.Kind == till.KindConflict {
		return c.Status(http.StatusConflict).JSON(customErrorBody(e.Code, co.t("conflict_message")))
	}
	if err != nil {
		return err
	}
	return c.JSON(answerOf(&checkout{Checkout: next, locale: co.locale, t: co.t}))
}

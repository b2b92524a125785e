package pages

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/static"
	"till/views"
)

// Custom mode's Terms Element (createTermsElement() in Stripe.js): an
// iframe of Till's with the box accepting the account's terms of service,
// for a session created with consent_collection[terms_of_service]=required.
// Stripe.js's session shows no consent; the box's state goes to till.js
// (embed.js posts {type:"till:terms", accepted}), which sends it with
// confirm(), and confirm refuses a session's payment without it.
//
//	GET  /c/custom/:id/terms  a page holding nothing of the session; embed.js
//	                          posts the client secret from its fragment to…
//	POST /c/custom/:id/terms  the box, for the right client secret only
//
// Framing follows the account's embed origins, as for the card fields.

// CustomTermsShow handles "GET /c/custom/:id/terms": the page that loads
// the box once embed.js has the client secret.
func (h *Handler) CustomTermsShow(c *fiber.Ctx) error {
	if _, err := h.loadFramed(c, till.UIModeCustom, false); err != nil {
		return h.embedError(c, err)
	}
	return renderShell(c, "terms_of_service", "/c/custom/"+c.Params("id")+"/terms")
}

// CustomTermsOpen handles "POST /c/custom/:id/terms": the box, unticked,
// or nothing for a session that asks for no consent.
func (h *Handler) CustomTermsOpen(c *fiber.Ctx) error {
	co, err := h.loadFramed(c, till.UIModeCustom, false)
	if err == nil {
		_, err = h.embedSecret(c, co)
	}
	if err != nil {
		return h.embedError(c, err)
	}
	return Render(c, http.StatusOK, views.CustomTermsView(views.CustomTerms{Lang: co.locale, T: co.t,
		Title: co.t("terms_of_service"), Stylesheet: static.URL("css/checkout.css"), EmbedScript: static.URL("js/embed.js"),
		Terms: termsBox(co, false, till.FieldErrors{})}))
}

package api

import (
	"github.com/gofiber/fiber/v2"

	"till"
)

// redirectObject is where Stripe.js's redirectToCheckout sends the shopper.
type redirectObject struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// RedirectToCheckout handles "POST /c/api/redirect/:id": the url of a hosted
// session of the publishable key's account, which till.js's
// redirectToCheckout({sessionId}) then navigates to. The session id alone
// opens the hosted page, so its url tells the caller nothing more; another
// account's session or mode's is not found, as an unknown one is, and an
// embedded or custom session (which has no page of its own) is refused by
// name. A closed session's url is answered too: its page says it is paid or
// expired and links back to the merchant, as Stripe's does.
func (h *Handler) RedirectToCheckout(c *fiber.Ctx) error {
	r := newRequest(c)

	id := c.Params("id")
	s, err := h.store.FindSession(r.ctx, r.accountID(), id)
	if err == nil && s.Livemode != r.info.Caller.Livemode {
		err = till.NotFound("checkout.session", id, "sessionId")
	}
	if till.ErrorKindOf(err) == till.KindNotFound {
		return till.NotFound("checkout.session", id, "sessionId")
	}
	if err != nil {
		return err
	}
	if s.UIMode != till.UIModeHosted {
		return till.Invalid(till.CodeInvalidRequest, "sessionId",
			"redirectToCheckout opens hosted Checkout Sessions only; %s has ui_mode %s: mount it with initEmbeddedCheckout or initCheckout instead.",
			s.ID, s.UIMode)
	}
	return writeJSON(c, fiber.StatusOK, redirectObject{ID: s.ID, URL: h.sessionURL(s.ID)})
}

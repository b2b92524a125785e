package pages

import (
	"github.com/gofiber/fiber/v2"

	"till"
)

// checkout is one session with what its page needs, read once per request.
type checkout struct {
	*till.Checkout
	locale string
	t      func(string) string
}

// load reads the session the request's :id names, for a page of uiMode: a
// session of another mode is not found here, as an unknown one is. With
// forPayment, the client's recent declines come along for the decline
// limit; an empty uiMode takes a session of any mode. The hosted page, the
// embedded page and custom mode all load here.
func (h *Handler) load(c *fiber.Ctx, uiMode string, forPayment bool) (*checkout, error) {
	id, client := c.Params("id"), ""
	if forPayment {
		client = h.clientIP(c)
	}
	co, err := h.payments.Find(c.UserContext(), id, client)
	if err == nil && uiMode != "" && co.Session.UIMode != uiMode {
		err = till.NotFound("checkout.session", id, "session")
	}
	if err != nil {
		return nil, err
	}
	locale := pageLocale(co.Session.Locale, c.Get(fiber.HeaderAcceptLanguage))
	return &checkout{Checkout: co, locale: locale, t: translator(locale)}, nil
}

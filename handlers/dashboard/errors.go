package dashboard

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// RenderError shows an error as a dashboard page: an unknown page or object
// (whether it does not exist or is another account's: 404 either way), bad
// input (400), a card's refusal (402), a change the object's state refuses (409), a refused form
// (403), or the database out of reach (503) or an internal error (500),
// whose details stay in the log. The web layer logs each 5xx once, with its
// request id, before calling it.
func (h *Handler) RenderError(c *fiber.Ctx, err error) error {
	return h.renderError(c, err, "")
}

// renderError is RenderError with a link back to the page a refused change
// was asked from, when there is one.
func (h *Handler) renderError(c *fiber.Ctx, err error, back string) error {
	status, heading, message := http.StatusInternalServerError, "Something went wrong", "Till could not show this page. Try again in a moment."
	var fe *fiber.Error
	switch kind := till.ErrorKindOf(err); {
	case kind == till.KindNotFound || (errors.As(err, &fe) && fe.Code == http.StatusNotFound):
		status, heading, message = http.StatusNotFound, "Not found", "There is nothing at this address in your account."
	case kind == till.KindInvalid || kind == till.KindIdempotency:
		status, heading, message = http.StatusBadRequest, "Check what you entered", till.AsError(err).Message
	case kind == till.KindPayment:
		status, heading, message = http.StatusPaymentRequired, "The card refused", till.AsError(err).Message
	case kind == till.KindConflict:
		status, heading, message = http.StatusConflict, "This could not be done", till.AsError(err).Message
	case kind == till.KindForbidden:
		status, heading, message = http.StatusForbidden, "Form refused", till.AsError(err).Message
	case kind == till.KindUnavailable:
		status, heading, message = http.StatusServiceUnavailable, "Try again shortly", "The database is unavailable."
	}
	c.Response().ResetBody()
	return render(c, status, views.DashboardErrorPage(views.DashboardError{Frame: h.frame(c, "", heading),
		Heading: heading, Message: message, Back: back}))
}

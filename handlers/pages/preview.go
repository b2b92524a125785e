package pages

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// previewSessionID is the sample session's id, which no session has: the
// preview's form, were it sent, would post to a page that is not found.
const previewSessionID = "cs_test_preview"

// Preview renders the hosted page of a sample open session with an
// account's branding, in the language the browser asks for: the page a
// shopper would see, drawn by the same view model and template, for the
// dashboard's settings to show beside the branding being edited. The
// session is made up here (two of one item, in US dollars) and stored
// nowhere; no real session is ever shown.
func (h *Handler) Preview(c *fiber.Ctx, acct *till.Account) error {
	unit, quantity := int64(1999), int64(2)
	name := "Sample item"
	sess := &till.Session{ID: previewSessionID, AccountID: acct.ID, Status: till.SessionOpen, PaymentStatus: "unpaid",
		Mode: "payment", UIMode: till.UIModeHosted, Currency: "usd", AmountSubtotal: unit * quantity,
		AmountTotal: unit * quantity, PaymentMethodTypes: []string{"card"}}
	item := till.CheckoutItem{LineItem: till.LineItem{ID: "li_preview", SessionID: sess.ID, Quantity: quantity,
		Description: &name, Currency: sess.Currency, AmountSubtotal: sess.AmountSubtotal, AmountTotal: sess.AmountTotal,
		Price: &till.Price{ID: "price_preview", Currency: sess.Currency, UnitAmount: &unit, UnitAmountDecimal: "1999"}}}
	locale := pageLocale(nil, c.Get(fiber.HeaderAcceptLanguage))
	co := &checkout{Checkout: &till.Checkout{Session: sess, Account: acct, Items: []till.CheckoutItem{item}},
		locale: locale, t: translator(locale)}
	vm := h.payPage(co, blankForm(c), till.FieldErrors{}, "")
	// The preview's frame runs no script (it is sandboxed), and the page
	// works without one, as it does for a shopper without JavaScript.
	vm.Script = ""
	return Render(c, http.StatusOK, views.PayPageView(vm))
}

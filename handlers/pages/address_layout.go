package pages

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// An address laid out for the country the shopper picks:
//
//	POST /c/pay/:id/address-fields    the hosted page's
//	POST /c/embed/:id/address-fields  the iframe's, with the client secret
//
// checkout.js posts the form (never the card) when a country select
// changes, and puts the answer's parts of each address in place of the
// page's: the fields that country writes (a state select or none, a ZIP or
// a postcode), its labels and which it requires, with what was typed in
// them. The page's own renderer makes them from payPage, so the script
// holds no rule of its own. Nothing is stored. Without JavaScript the page
// shows the country it was sent with, and a submit with another comes back
// laid out for it.

// PayAddressFields handles "POST /c/pay/:id/address-fields".
func (h *Handler) PayAddressFields(c *fiber.Ctx) error {
	co, answered, err := h.hostedForm(c, false)
	if answered || err != nil {
		return err
	}
	return h.addressLayout(c, co)
}

// EmbedAddressFields handles "POST /c/embed/:id/address-fields".
func (h *Handler) EmbedAddressFields(c *fiber.Ctx) error {
	co, _, answered, err := h.embedForm(c, false)
	if answered || err != nil {
		return err
	}
	return h.addressLayout(c, co)
}

// addressLayout answers the parts of the billing address and, on a
// session that ships, of the shipping address, each as the HTML of its box
// on the page, laid out for the posted form's countries.
func (h *Handler) addressLayout(c *fiber.Ctx, co *checkout) error {
	vm := h.payPage(co, formOf(c, co.Session), till.FieldErrors{}, "")
	answer := map[string]string{}
	for name, a := range map[string]views.AddressFields{"billing": vm.Address, "shipping": vm.Shipping} {
		if a.Empty() {
			continue
		}
		var html strings.Builder
		if err := views.AddressPartsFragment(views.AddressParts{Fields: a.Parts, T: vm.T}).Render(c.UserContext(), &html); err != nil {
			return err
		}
		answer[name] = html.String()
	}
	return c.JSON(answer)
}

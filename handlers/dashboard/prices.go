package dashboard

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// priceFields are the fields of the form that adds a price: the unit
// amount in major units and the currency. Prices are one-time: the domain
// refuses recurring ones (Till has no subscription mode), so the form
// offers no billing period.
var priceFields = []string{"unit_amount", "currency"}

// pricePath is a price's address, which leads to its product's page.
func pricePath(id string) string { return "/dashboard/prices/" + id }

// PriceShow handles "GET /dashboard/prices/:id": a price of the account is
// shown on its product's page.
func (h *Handler) PriceShow(c *fiber.Ctx) error {
	price, err := h.store.FindPrice(c.UserContext(), signedIn(c).AccountID, c.Params("id"))
	if err != nil {
		return err
	}
	return c.Redirect(productPath(price.ProductID)+"#"+price.ID, fiber.StatusSeeOther)
}

// priceForm is the form that adds a price to a product, filled in with what
// was typed before a refusal, else in the currency of its newest price (or
// US dollars).
func (h *Handler) priceForm(c *fiber.Ctx, action string, prices []*till.Price) views.DashboardPriceForm {
	typed, _ := refill(c, priceFields...)
	cur := typed.Get("currency")
	if cur == "" && len(prices) > 0 {
		cur = prices[0].Currency
	} else if cur == "" {
		cur = "usd"
	}
	f := views.DashboardPriceForm{Form: h.form(c, action), UnitAmount: typed.Get("unit_amount")}
	for _, code := range till.SupportedCurrencies() {
		f.Currencies = append(f.Currencies, views.DashboardOption{Value: code, Label: strings.ToUpper(code), Selected: code == cur})
	}
	return f
}

// PriceCreate handles "POST /dashboard/products/:id/prices": a price of the
// product made as `POST /v1/prices` makes it, from an amount typed in the
// currency's major units (read by the money rules: "19.99" dollars are 1999
// cents, "500" yen are 500).
func (h *Handler) PriceCreate(c *fiber.Ctx) error {
	s, productID, form := signedIn(c), c.Params("id"), posted(c, priceFields...)
	var id string
	return h.act(c, action{name: "price.create", made: &id, back: withQuery(productPath(productID), form) + "#add-price",
		do: func(ctx context.Context, _ till.EventSource) (string, error) {
			// Another account's product is not found here, where the API
			// answers a 400 about its product parameter.
			if _, err := h.store.FindProduct(ctx, s.AccountID, productID); err != nil {
				return "", err
			}
			params := url.Values{"product": {productID}, "currency": {form.Get("currency")}}
			if v := strings.TrimSpace(form.Get("unit_amount")); v != "" {
				minor, err := till.ParseMajorAmount(v, form.Get("currency"), "unit_amount")
				if err != nil {
					return "", err
				}
				params.Set("unit_amount", strconv.FormatInt(minor, 10))
			}
			var p till.PriceParams
			if err := apiParams(&p, params); err != nil {
				return "", err
			}
			price, _, err := till.NewPrice(&p, caller(s), h.store.Now())
			if err != nil {
				return "", err
			}
			if err := h.store.CreatePrice(ctx, price, nil); err != nil {
				return "", err
			}
			id = price.ID
			return productPath(productID) + "#" + price.ID, nil
		}})
}

// PriceArchive handles "POST /dashboard/prices/:id/archive" and
// PriceUnarchive "POST /dashboard/prices/:id/unarchive": the price's active
// set as `POST /v1/prices/:id` sets it; its product's page shows it.
func (h *Handler) PriceArchive(c *fiber.Ctx) error   { return h.setPriceActive(c, false) }
func (h *Handler) PriceUnarchive(c *fiber.Ctx) error { return h.setPriceActive(c, true) }

func (h *Handler) setPriceActive(c *fiber.Ctx, active bool) error {
	s, id := signedIn(c), c.Params("id")
	return h.act(c, action{name: "price.update", objectID: id, back: pricePath(id),
		do: func(ctx context.Context, _ till.EventSource) (string, error) {
			price, err := h.store.UpdatePrice(ctx, s.AccountID, id, func(p *till.Price) error {
				return till.ApplyPrice(p, &till.PriceParams{Active: &active})
			})
			if err != nil {
				return "", err
			}
			return productPath(price.ProductID) + "#" + price.ID, nil
		}})
}

// priceAmount is a price's unit amount; a decimal one, which has no
// formatted form, in the currency's minor units.
func priceAmount(p *till.Price) string {
	if p.UnitAmount != nil {
		return amount(*p.UnitAmount, p.Currency)
	}
	return p.UnitAmountDecimal + " " + strings.ToUpper(p.Currency) + " minor units"
}

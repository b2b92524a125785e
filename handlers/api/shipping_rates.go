package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
)

type shippingRateObject struct {
	ID               string                 `json:"id"`
	Object           string                 `json:"object"`
	Active           bool                   `json:"active"`
	Created          int64                  `json:"created"`
	DeliveryEstimate *till.DeliveryEstimate `json:"delivery_estimate"`
	DisplayName      string                 `json:"display_name"`
	FixedAmount      shippingFixedAmount    `json:"fixed_amount"`
	Livemode         bool                   `json:"livemode"`
	Metadata         map[string]string      `json:"metadata"`
	TaxBehavior      string                 `json:"tax_behavior"`
	TaxCode          *string                `json:"tax_code"`
	Type             string                 `json:"type"`
}

// shippingFixedAmount is a rate's fixed_amount. Stripe leaves
// currency_options out of a rate that has none.
type shippingFixedAmount struct {
	Amount          int64                                  `json:"amount"`
	Currency        string                                 `json:"currency"`
	CurrencyOptions map[string]till.ShippingCurrencyOption `json:"currency_options,omitempty"`
}

func shippingRateJSON(r *till.ShippingRate) *shippingRateObject {
	return &shippingRateObject{ID: r.ID, Object: "shipping_rate", Active: r.Active, Created: r.Created,
		DeliveryEstimate: r.DeliveryEstimate, DisplayName: r.DisplayName,
		FixedAmount: shippingFixedAmount{Amount: r.Amount, Currency: r.Currency, CurrencyOptions: r.CurrencyOptions},
		Livemode:    r.Livemode, Metadata: r.Metadata, TaxBehavior: r.TaxBehavior, TaxCode: r.TaxCode, Type: "fixed_amount"}
}

// ShippingRateCreate handles "POST /v1/shipping_rates".
func (h *Handler) ShippingRateCreate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.ShippingRateParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	rate, err := till.NewShippingRate(&p, "", r.info.Caller, h.store.Now())
	if err != nil {
		return err
	}
	if err := h.store.CreateShippingRate(r.ctx, rate); err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, shippingRateJSON(rate))
}

// ShippingRateRetrieve handles "GET /v1/shipping_rates/:id".
func (h *Handler) ShippingRateRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)
	if _, err := decodeRetrieve(c); err != nil {
		return err
	}
	rate, err := h.store.FindShippingRate(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, shippingRateJSON(rate))
}

// ShippingRateUpdate handles "POST /v1/shipping_rates/:id": active,
// metadata, the amounts in other currencies and an unspecified tax
// behavior; the rest is fixed once the rate is made.
func (h *Handler) ShippingRateUpdate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.ShippingRateParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	if err := till.CheckShippingRateUpdate(&p); err != nil {
		return err
	}
	rate, err := h.store.UpdateShippingRate(r.ctx, r.accountID(), c.Params("id"), func(rate *till.ShippingRate) error {
		return till.ApplyShippingRateUpdate(rate, &p)
	})
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, shippingRateJSON(rate))
}

type shippingRateListParams struct {
	till.ListParams
	Active   *bool   `form:"active"`
	Currency *string `form:"currency"`
}

// ShippingRateList handles "GET /v1/shipping_rates".
func (h *Handler) ShippingRateList(c *fiber.Ctx) error {
	r := newRequest(c)
	var p shippingRateListParams
	page, _, err := decodeList(c, &p, &p.ListParams)
	if err != nil {
		return err
	}
	f := till.ShippingRateFilter{Active: p.Active}
	if p.Currency != nil {
		cur := strings.ToLower(*p.Currency)
		f.Currency = &cur
	}
	rates, more, err := h.store.ListShippingRates(r.ctx, r.info.Caller, f, page)
	if err != nil {
		return err
	}
	data := make([]*shippingRateObject, len(rates))
	for i, rate := range rates {
		data[i] = shippingRateJSON(rate)
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/shipping_rates", data, more))
}

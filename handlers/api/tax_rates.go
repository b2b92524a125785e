package api

import (
	"github.com/gofiber/fiber/v2"

	"till"
)

type taxRateObject struct {
	ID                  string            `json:"id"`
	Object              string            `json:"object"`
	Active              bool              `json:"active"`
	Country             *string           `json:"country"`
	Created             int64             `json:"created"`
	Description         *string           `json:"description"`
	DisplayName         string            `json:"display_name"`
	EffectivePercentage float64           `json:"effective_percentage"`
	FlatAmount          *string           `json:"flat_amount"`
	Inclusive           bool              `json:"inclusive"`
	Jurisdiction        *string           `json:"jurisdiction"`
	JurisdictionLevel   *string           `json:"jurisdiction_level"`
	Livemode            bool              `json:"livemode"`
	Metadata            map[string]string `json:"metadata"`
	Percentage          float64           `json:"percentage"`
	RateType            string            `json:"rate_type"`
	State               *string           `json:"state"`
	TaxType             *string           `json:"tax_type"`
}

func taxRateJSON(r *till.TaxRate) *taxRateObject {
	return &taxRateObject{ID: r.ID, Object: "tax_rate", Active: r.Active, Country: r.Country, Created: r.Created,
		Description: r.Description, DisplayName: r.DisplayName, EffectivePercentage: r.Percentage,
		Inclusive: r.Inclusive, Jurisdiction: r.Jurisdiction, Livemode: r.Livemode, Metadata: r.Metadata,
		Percentage: r.Percentage, RateType: "percentage", State: r.State, TaxType: r.TaxType}
}

// TaxRateCreate handles "POST /v1/tax_rates".
func (h *Handler) TaxRateCreate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.TaxRateParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	rate, err := till.NewTaxRate(&p, r.info.Caller, h.store.Now())
	if err != nil {
		return err
	}
	if err := h.store.CreateTaxRate(r.ctx, rate); err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, taxRateJSON(rate))
}

// TaxRateRetrieve handles "GET /v1/tax_rates/:id".
func (h *Handler) TaxRateRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)
	if _, err := decodeRetrieve(c); err != nil {
		return err
	}
	rate, err := h.store.FindTaxRate(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, taxRateJSON(rate))
}

// TaxRateUpdate handles "POST /v1/tax_rates/:id": everything but the
// percentage and whether it is inclusive.
func (h *Handler) TaxRateUpdate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.TaxRateParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	if err := till.CheckTaxRateUpdate(&p); err != nil {
		return err
	}
	rate, err := h.store.UpdateTaxRate(r.ctx, r.accountID(), c.Params("id"), func(rate *till.TaxRate) error {
		return till.ApplyTaxRate(rate, &p)
	})
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, taxRateJSON(rate))
}

type taxRateListParams struct {
	till.ListParams
	Active    *bool `form:"active"`
	Inclusive *bool `form:"inclusive"`
}

// TaxRateList handles "GET /v1/tax_rates".
func (h *Handler) TaxRateList(c *fiber.Ctx) error {
	r := newRequest(c)
	var p taxRateListParams
	page, _, err := decodeList(c, &p, &p.ListParams)
	if err != nil {
		return err
	}
	rates, more, err := h.store.ListTaxRates(r.ctx, r.info.Caller, p.Active, p.Inclusive, page)
	if err != nil {
		return err
	}
	data := make([]*taxRateObject, len(rates))
	for i, rate := range rates {
		data[i] = taxRateJSON(rate)
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/tax_rates", data, more))
}

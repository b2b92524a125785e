package api

import (
	"github.com/gofiber/fiber/v2"

	"till"
)

// ProductCreate handles "POST /v1/products".
func (h *Handler) ProductCreate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.ProductParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	prod, err := till.NewProduct(&p, r.info.Caller, h.store.Now())
	if err != nil {
		return err
	}
	if err := h.store.CreateProduct(r.ctx, prod); err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, productJSON(prod))
}

// ProductRetrieve handles "GET /v1/products/:id".
func (h *Handler) ProductRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)
	if _, err := decodeRetrieve(c); err != nil {
		return err
	}
	prod, err := h.store.FindProduct(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, productJSON(prod))
}

// ProductUpdate handles "POST /v1/products/:id".
func (h *Handler) ProductUpdate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.ProductParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	if p.ID != nil {
		return till.Invalid(till.CodeParameterUnknown, "id", "Received unknown parameter: id")
	}
	if p.DefaultPrice != nil {
		if _, err := h.store.FindPrice(r.ctx, r.accountID(), *p.DefaultPrice); err != nil {
			return asParamError(err, "default_price")
		}
	}
	now := h.store.Now()
	prod, err := h.store.UpdateProduct(r.ctx, r.accountID(), c.Params("id"), func(prod *till.Product) error {
		return till.ApplyProduct(prod, &p, now)
	})
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, productJSON(prod))
}

type productListParams struct {
	till.ListParams
	Active *bool `form:"active"`
}

// ProductList handles "GET /v1/products".
func (h *Handler) ProductList(c *fiber.Ctx) error {
	r := newRequest(c)
	var p productListParams
	page, _, err := decodeList(c, &p, &p.ListParams)
	if err != nil {
		return err
	}
	products, more, err := h.store.ListProducts(r.ctx, r.info.Caller, p.Active, page)
	if err != nil {
		return err
	}
	data := make([]*productObject, len(products))
	for i, prod := range products {
		data[i] = productJSON(prod)
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/products", data, more))
}

var priceExpandable = []string{"product"}

// renderPrice renders a price, with its product when expanded.
func (h *Handler) priceJSONExpanded(r request, price *till.Price, exp expansions) (*priceObject, error) {
	o := priceJSON(price)
	if exp["product"] {
		prod, err := h.store.FindProduct(r.ctx, price.AccountID, price.ProductID)
		if err != nil {
			return nil, err
		}
		o.Product = productJSON(prod)
	}
	return o, nil
}

// PriceCreate handles "POST /v1/prices".
func (h *Handler) PriceCreate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.PriceParams
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, priceExpandable...)
	if err != nil {
		return err
	}
	price, newProduct, err := till.NewPrice(&p, r.info.Caller, h.store.Now())
	if err != nil {
		return err
	}
	if err := h.store.CreatePrice(r.ctx, price, newProduct); err != nil {
		return err
	}
	if exp["product"] && newProduct != nil {
		// The product made from product_data is rendered as made: the
		// store's reads do not run in the request's idempotency
		// transaction, so they cannot see it before that commits.
		o := priceJSON(price)
		o.Product = productJSON(newProduct)
		return writeJSON(c, fiber.StatusOK, o)
	}
	o, err := h.priceJSONExpanded(r, price, exp)
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, o)
}

// PriceRetrieve handles "GET /v1/prices/:id".
func (h *Handler) PriceRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)
	exp, err := decodeRetrieve(c, priceExpandable...)
	if err != nil {
		return err
	}
	price, err := h.store.FindPrice(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	o, err := h.priceJSONExpanded(r, price, exp)
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, o)
}

// priceUpdateParams are the fields of a price that may change.
type priceUpdateParams struct {
	Active      *bool             `form:"active"`
	Nickname    *string           `form:"nickname,emptyok"`
	LookupKey   *string           `form:"lookup_key,emptyok"`
	TaxBehavior *string           `form:"tax_behavior"`
	Metadata    map[string]string `form:"metadata"`
	Expand      []string          `form:"expand"`
}

// PriceUpdate handles "POST /v1/prices/:id".
func (h *Handler) PriceUpdate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p priceUpdateParams
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, priceExpandable...)
	if err != nil {
		return err
	}
	update := till.PriceParams{Active: p.Active, Nickname: p.Nickname, LookupKey: p.LookupKey,
		TaxBehavior: p.TaxBehavior, Metadata: p.Metadata}
	price, err := h.store.UpdatePrice(r.ctx, r.accountID(), c.Params("id"), func(price *till.Price) error {
		return till.ApplyPrice(price, &update)
	})
	if err != nil {
		return err
	}
	o, err := h.priceJSONExpanded(r, price, exp)
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, o)
}

type priceListParams struct {
	till.ListParams
	Active   *bool   `form:"active"`
	Currency *string `form:"currency"`
	Product  *string `form:"product"`
	Type     *string `form:"type"`
}

// PriceList handles "GET /v1/prices".
func (h *Handler) PriceList(c *fiber.Ctx) error {
	r := newRequest(c)
	var p priceListParams
	page, exp, err := decodeList(c, &p, &p.ListParams, priceExpandable...)
	if err != nil {
		return err
	}
	if p.Type != nil && *p.Type == "recurring" {
		// Till has only one-time prices.
		return writeJSON(c, fiber.StatusOK, newList("/v1/prices", []*priceObject{}, false))
	}
	prices, more, err := h.store.ListPrices(r.ctx, r.info.Caller,
		till.PriceFilter{Active: p.Active, Currency: p.Currency, ProductID: p.Product}, page)
	if err != nil {
		return err
	}
	data := make([]*priceObject, len(prices))
	for i, price := range prices {
		if data[i], err = h.priceJSONExpanded(r, price, exp); err != nil {
			return err
		}
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/prices", data, more))
}

// asParamError reports a missing object named in a parameter as a 400 on
// that parameter, as Stripe does.
func asParamError(err error, param string) error {
	if till.ErrorKindOf(err) != till.KindNotFound {
		return err
	}
	e := *till.AsError(err)
	e.Kind, e.Param = till.KindInvalid, param
	return &e
}

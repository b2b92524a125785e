package dashboard

import (
	"context"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// productFields are the fields of a product the dashboard's forms set, by
// the API's names.
var productFields = []string{"name", "description", "active"}

// pricesShown is how many of a product's prices its page lists.
const pricesShown = 100

// ProductShow handles "GET /dashboard/products/:id": one product of the
// account (another account's is not found) with its details, its prices
// (newest first, each with a button that archives or unarchives it), its
// metadata, and the forms that archive it and add a price.
func (h *Handler) ProductShow(c *fiber.Ctx) error {
	s, ctx := signedIn(c), c.UserContext()
	prod, err := h.store.FindProduct(ctx, s.AccountID, c.Params("id"))
	if err != nil {
		return err
	}
	prices, _, err := h.store.ListPrices(ctx, caller(s), till.PriceFilter{ProductID: &prod.ID}, till.Page{Limit: pricesShown})
	if err != nil {
		return err
	}
	page := productPath(prod.ID)
	vm := views.DashboardProductDetail{Frame: h.frame(c, "products", prod.Name), ID: prod.ID, Name: prod.Name,
		Status: activeStatus(prod.Active), ListURL: productsPath, EditURL: page + "/edit",
		Archive: h.form(c, page+"/archive"), ArchiveLabel: "Archive product"}
	if !prod.Active {
		vm.Archive, vm.ArchiveLabel = h.form(c, page+"/unarchive"), "Unarchive product"
	}
	vm.Summary = fields("ID", prod.ID, "Status", vm.Status, "Description", deref(prod.Description),
		"Unit label", deref(prod.UnitLabel), "Tax code", deref(prod.TaxCode), "URL", deref(prod.URL),
		"Default price", deref(prod.DefaultPrice), "Created", formatTime(prod.Created), "Updated", formatTime(prod.Updated))
	vm.Metadata = metadataFields(prod.Metadata)
	for _, p := range prices {
		row := views.DashboardPriceRow{ID: p.ID, Amount: priceAmount(p), Currency: p.Currency, Type: "One-time",
			Status: activeStatus(p.Active), Created: formatTime(p.Created),
			Toggle: h.form(c, pricePath(p.ID)+"/archive"), ToggleLabel: "Archive"}
		if !p.Active {
			row.Toggle, row.ToggleLabel = h.form(c, pricePath(p.ID)+"/unarchive"), "Unarchive"
		}
		vm.Prices = append(vm.Prices, row)
	}
	vm.AddPrice = h.priceForm(c, page+"/prices", prices)
	return render(c, http.StatusOK, views.DashboardProductPage(vm))
}

// ProductNew handles "GET /dashboard/products/new": the form that creates a
// product, active unless chosen otherwise.
func (h *Handler) ProductNew(c *fiber.Ctx) error {
	return h.productForm(c, "New product", "Create product", productsPath, productsPath, &till.Product{Active: true})
}

// ProductEdit handles "GET /dashboard/products/:id/edit": the form that
// changes a product's name, description and whether it is active.
func (h *Handler) ProductEdit(c *fiber.Ctx) error {
	s := signedIn(c)
	prod, err := h.store.FindProduct(c.UserContext(), s.AccountID, c.Params("id"))
	if err != nil {
		return err
	}
	page := productPath(prod.ID)
	return h.productForm(c, "Edit "+prod.Name, "Save product", page, page, prod)
}

// productForm draws a product's form posting to action, filled in with
// what was typed before a refusal, else with prod's fields.
func (h *Handler) productForm(c *fiber.Ctx, heading, submit, action, cancel string, prod *till.Product) error {
	vm := views.DashboardProductForm{Frame: h.frame(c, "products", heading), Heading: heading, Form: h.form(c, action),
		Name: prod.Name, Description: deref(prod.Description), Active: prod.Active, Submit: submit, CancelURL: cancel}
	if v, ok := refill(c, productFields...); ok {
		vm.Name, vm.Description, vm.Active = v.Get("name"), v.Get("description"), v.Get("active") != "false"
	}
	return render(c, http.StatusOK, views.DashboardProductFormPage(vm))
}

// ProductCreate handles "POST /dashboard/products": a product made as
// `POST /v1/products` makes it, from the form's name, description and
// active; its page shows it.
func (h *Handler) ProductCreate(c *fiber.Ctx) error {
	s, form := signedIn(c), posted(c, productFields...)
	var id string
	return h.act(c, action{name: "product.create", made: &id, back: withQuery(productsPath+"/new", form),
		do: func(ctx context.Context, _ till.EventSource) (string, error) {
			var p till.ProductParams
			if err := apiParams(&p, form); err != nil {
				return "", err
			}
			prod, err := till.NewProduct(&p, caller(s), h.store.Now())
			if err != nil {
				return "", err
			}
			if err := h.store.CreateProduct(ctx, prod); err != nil {
				return "", err
			}
			id = prod.ID
			return productPath(prod.ID), nil
		}})
}

// ProductUpdate handles "POST /dashboard/products/:id": the product's name,
// description and active changed as `POST /v1/products/:id` changes them.
func (h *Handler) ProductUpdate(c *fiber.Ctx) error {
	form := posted(c, productFields...)
	return h.changeProduct(c, withQuery(productPath(c.Params("id"))+"/edit", form), func(p *till.ProductParams) error {
		return apiParams(p, form)
	})
}

// ProductArchive handles "POST /dashboard/products/:id/archive" and
// ProductUnarchive "POST /dashboard/products/:id/unarchive": the product's
// active set as `POST /v1/products/:id` sets it.
func (h *Handler) ProductArchive(c *fiber.Ctx) error   { return h.setProductActive(c, false) }
func (h *Handler) ProductUnarchive(c *fiber.Ctx) error { return h.setProductActive(c, true) }

func (h *Handler) setProductActive(c *fiber.Ctx, active bool) error {
	return h.changeProduct(c, productPath(c.Params("id")), func(p *till.ProductParams) error {
		p.Active = &active
		return nil
	})
}

// changeProduct makes a change to the product the path names, with the
// parameters params sets, through the API's update; a refusal links back
// to the page at back.
func (h *Handler) changeProduct(c *fiber.Ctx, back string, params func(*till.ProductParams) error) error {
	s, id := signedIn(c), c.Params("id")
	return h.act(c, action{name: "product.update", objectID: id, back: back,
		do: func(ctx context.Context, _ till.EventSource) (string, error) {
			var p till.ProductParams
			if err := params(&p); err != nil {
				return "", err
			}
			now := h.store.Now()
			if _, err := h.store.UpdateProduct(ctx, s.AccountID, id, func(prod *till.Product) error {
				return till.ApplyProduct(prod, &p, now)
			}); err != nil {
				return "", err
			}
			return productPath(id), nil
		}})
}

package dashboard

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// productsPath is the list's address; its query keeps the filter and the
// page.
const productsPath = "/dashboard/products"

// ProductList handles "GET /dashboard/products": the account's products,
// newest first, the active ones unless ?status= asks for the archived ones
// or all, searched by ?q= (an id, or a part of the name), a page at a time
// with links to the newer and older pages.
func (h *Handler) ProductList(c *fiber.Ctx) error {
	s := signedIn(c)
	q := productQuery{Status: c.Query("status", "active"), Search: strings.TrimSpace(c.Query("q"))}
	f := till.DashboardProductFilter{Search: q.Search}
	switch q.Status {
	case "active", "archived":
		active := q.Status == "active"
		f.Active = &active
	case "all":
	default:
		return &till.Error{Kind: till.KindInvalid, Message: "status must be active, archived or all."}
	}
	page, err := listPage(c)
	if err != nil {
		return err
	}
	rows, more, err := h.store.DashboardProducts(c.UserContext(), s.AccountID, f, page)
	if err != nil {
		return listError(err, page, "product")
	}
	vm := views.DashboardProducts{Frame: h.frame(c, "products", "Products"), Status: q.Status, Search: q.Search,
		NewURL: productsPath + "/new"}
	for _, p := range rows {
		vm.Rows = append(vm.Rows, views.DashboardProductRow{ID: p.ID, URL: productPath(p.ID), Name: p.Name,
			Status: activeStatus(p.Active), Created: formatTime(p.Created), Updated: formatTime(p.Updated)})
	}
	vm.NewerURL, vm.OlderURL = pageLinks(productsPath, url.Values{"q": {q.Search}, "status": {q.Status}}, page, more, rows,
		func(p *till.Product) string { return p.ID })
	return render(c, http.StatusOK, views.DashboardProductsPage(vm))
}

// productQuery is the list's filter as the query string has it.
type productQuery struct {
	Status, Search string
}

// productPath is a product's page.
func productPath(id string) string { return productsPath + "/" + id }

// activeStatus is how a product or price's active flag reads.
func activeStatus(active bool) string {
	if active {
		return "active"
	}
	return "archived"
}

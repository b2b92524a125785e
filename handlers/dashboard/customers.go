package dashboard

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// customersPath is the list's address; each customer's page is under it.
const customersPath = "/dashboard/customers"

// customerListLength is how many of a customer's latest payments and
// Checkout Sessions their page shows.
const customerListLength = 10

// CustomerList handles "GET /dashboard/customers": the account's customers,
// newest first, or those a search finds (?q=: an id, or an email whatever
// its case), a page at a time (listPage), with links to the newer and
// older pages.
func (h *Handler) CustomerList(c *fiber.Ctx) error {
	s := signedIn(c)
	search := strings.TrimSpace(c.Query("q"))
	page, err := listPage(c)
	if err != nil {
		return err
	}
	rows, more, err := h.store.DashboardCustomers(c.UserContext(), s.AccountID, search, page)
	if err != nil {
		return listError(err, page, "customer")
	}
	vm := views.DashboardCustomers{Frame: h.frame(c, "customers", "Customers"), Search: search}
	for _, cus := range rows {
		vm.Rows = append(vm.Rows, views.DashboardCustomerRow{ID: cus.ID, URL: customersPath + "/" + cus.ID,
			Email: deref(cus.Email), Name: deref(cus.Name), Created: formatTime(cus.Created)})
	}
	vm.NewerURL, vm.OlderURL = pageLinks(customersPath, url.Values{"q": {search}}, page, more, rows,
		func(c *till.Customer) string { return c.ID })
	return render(c, http.StatusOK, views.DashboardCustomersPage(vm))
}

// CustomerShow handles "GET /dashboard/customers/:id": one customer of the
// account (another account's is not found) with their details, metadata,
// latest payments (linking to all of them when there are more) and latest
// Checkout Sessions.
func (h *Handler) CustomerShow(c *fiber.Ctx) error {
	s := signedIn(c)
	ctx := c.UserContext()
	cus, err := h.store.FindCustomer(ctx, s.AccountID, c.Params("id"))
	if err != nil {
		return err
	}
	payments, more, err := h.store.DashboardPayments(ctx, s.AccountID, till.DashboardPaymentFilter{CustomerID: &cus.ID},
		till.Page{Limit: customerListLength})
	if err != nil {
		return err
	}
	sessions, _, err := h.store.ListSessions(ctx, caller(s), till.SessionFilter{CustomerID: &cus.ID}, till.Page{Limit: customerListLength})
	if err != nil {
		return err
	}
	vm := views.DashboardCustomerDetail{Frame: h.frame(c, "customers", cus.ID), ID: cus.ID, Deleted: cus.Deleted,
		ListURL: customersPath, Metadata: metadataFields(cus.Metadata), Payments: paymentRows(payments),
		Sessions: sessionRows(sessions)}
	vm.Heading = deref(cus.Name)
	if vm.Heading == "" {
		vm.Heading = deref(cus.Email)
	}
	if vm.Heading == "" {
		vm.Heading = "Customer"
	}
	vm.Details = fields("Email", deref(cus.Email), "Name", deref(cus.Name), "Phone", deref(cus.Phone),
		"Description", deref(cus.Description), "Address", formatAddress(cus.Address), "Created", formatTime(cus.Created))
	if more {
		vm.PaymentsURL = paymentsPath + "?" + url.Values{"customer": {cus.ID}}.Encode()
	}
	return render(c, http.StatusOK, views.DashboardCustomerPage(vm))
}

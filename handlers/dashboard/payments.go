package dashboard

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// paymentsPath is the list's address; its query keeps the filters and the
// page, and each payment's page is under it.
const paymentsPath = "/dashboard/payments"

// PaymentList handles "GET /dashboard/payments": the account's payments
// (PaymentIntents), newest first, filtered by the status they show
// (?status=, one of till.DashboardPaymentStatuses), by customer
// (?customer=) and a search (?q=: a PaymentIntent or charge id, or the
// shopper's email or client_reference_id), a page at a time (listPage),
// with links to the newer and older pages.
func (h *Handler) PaymentList(c *fiber.Ctx) error {
	s := signedIn(c)
	status, customer := c.Query("status"), strings.TrimSpace(c.Query("customer"))
	f := till.DashboardPaymentFilter{Search: strings.TrimSpace(c.Query("q"))}
	if status != "" {
		if !slices.Contains(till.DashboardPaymentStatuses, status) {
			return &till.Error{Kind: till.KindInvalid,
				Message: "status must be one of " + strings.Join(till.DashboardPaymentStatuses, ", ") + "."}
		}
		f.Status = &status
	}
	if customer != "" {
		if _, err := h.store.FindCustomer(c.UserContext(), s.AccountID, customer); err != nil {
			return err
		}
		f.CustomerID = &customer
	}
	page, err := listPage(c)
	if err != nil {
		return err
	}
	rows, more, err := h.store.DashboardPayments(c.UserContext(), s.AccountID, f, page)
	if err != nil {
		return listError(err, page, "payment_intent")
	}
	vm := views.DashboardPayments{Frame: h.frame(c, "payments", "Payments"), Status: status, Search: f.Search,
		Customer: customer, Rows: paymentRows(rows)}
	vm.NewerURL, vm.OlderURL = pageLinks(paymentsPath, url.Values{"q": {f.Search}, "status": {status}, "customer": {customer}},
		page, more, rows, func(p till.PaymentSummary) string { return p.Intent.ID })
	return render(c, http.StatusOK, views.DashboardPaymentsPage(vm))
}

// paymentRows are payments as a table of them shows them.
func paymentRows(payments []till.PaymentSummary) []views.DashboardPaymentRow {
	rows := make([]views.DashboardPaymentRow, len(payments))
	for i, p := range payments {
		pi := p.Intent
		shown := till.PaymentShownStatus(pi, p.LatestCharge)
		rows[i] = views.DashboardPaymentRow{ID: pi.ID, URL: paymentsPath + "/" + pi.ID, Amount: amount(pi.Amount, pi.Currency),
			Status: shown, StatusLabel: label(shown), Description: deref(pi.Description), Email: deref(p.Email),
			Created: formatTime(pi.Created)}
	}
	return rows
}

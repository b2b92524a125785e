package web_test

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stripe/stripe-go/v82"
)

// The dashboard's payments and customers in Chromium: a paid payment opened
// from the list, refunded in part and then in full from its page, an
// authorization captured; axe finds nothing serious or critical on the
// lists and details (one of them with every form a payment can offer), and
// each is kept as a screenshot at 375 and 1280 px.
func TestBrowserDashboardPayments(t *testing.T) {
	src := axeSource(t)
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	cus, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("ada@example.com"),
		Name: stripe.String("Ada Lovelace"), Metadata: map[string]string{"tier": "gold"}})
	if err != nil {
		t.Fatal(err)
	}
	paid := payWith(t, srv, acct, goodCard, func(p *stripe.CheckoutSessionCreateParams) {
		p.Customer = stripe.String(cus.ID)
		p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{Description: stripe.String("Two T-shirts")}
	})
	payWith(t, srv, acct, declinedCard, nil)
	auth := payWith(t, srv, acct, goodCard, manual)

	tb := newBrowser(t).newTab(t)
	list := srv.URL + "/dashboard/payments"
	tb.do("open the payments signed out", chromedp.Navigate(list), chromedp.WaitVisible(chromedp.CSS(`[data-testid="login-form"]`)))
	tb.do("sign in", chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS(`[data-testid="sign-in"]`)))
	tb.waitURL(list)
	tb.do("see the payments", chromedp.WaitVisible(chromedp.CSS(`[data-testid="payments"]`)))
	if n := get(tb, "rows", chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="payment-row"]').length`)); n != 3 {
		t.Errorf("the list shows %d payments, want 3", n)
	}
	shootDashboard(t, tb, src, "dashboard-payments")

	// Refund part of the paid payment, then the rest.
	detail := list + "/" + paid
	tb.do("open the payment", chromedp.Click(chromedp.CSS(`tr[data-id="`+paid+`"] a`)))
	tb.waitURL(detail)
	tb.do("see the payment", chromedp.WaitVisible(chromedp.CSS(`[data-testid="refund-form"]`)))
	shootDashboard(t, tb, src, "dashboard-payment")
	tb.do("refund $10", chromedp.SendKeys(chromedp.CSS("#refund-amount"), "10.00"),
		chromedp.SetValue(chromedp.CSS("#refund-reason"), "requested_by_customer"),
		chromedp.Click(chromedp.CSS(`[data-testid="refund-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="refund"]`)))
	tb.waitURL(detail)
	if got := get(tb, "refund", chromedp.Text(chromedp.CSS(`[data-testid="refund-amount"]`))); got != "$10.00" {
		t.Errorf("the refund reads %q, want $10.00", got)
	}
	if got := get(tb, "status", chromedp.Text(chromedp.CSS(`[data-testid="payment-status"]`))); got != "Partially refunded" {
		t.Errorf("the payment's status reads %q", got)
	}
	shootDashboard(t, tb, src, "dashboard-payment-refunded-in-part")
	tb.do("refund the rest", chromedp.Click(chromedp.CSS(`[data-testid="refund-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-testid="refund"]:nth-child(2)`)))
	if got := get(tb, "status", chromedp.Text(chromedp.CSS(`[data-testid="payment-status"]`))); got != "Refunded" {
		t.Errorf("the payment's status reads %q after refunding the rest", got)
	}
	if got := get(tb, "refunds", chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid="refund-amount"]')].map(e => e.textContent)`)); len(got) != 2 || got[0] != "$29.98" {
		t.Errorf("the refunds read %v, want $29.98 then $10.00", got)
	}
	if r := refundsOf(t, acct, paid); len(r) != 2 || r[0].Amount+r[1].Amount != 3998 {
		t.Errorf("refunds through the API %+v", r)
	}

	// Capture the authorization.
	authPage := list + "/" + auth
	tb.do("list the uncaptured", chromedp.Navigate(list+"?status=uncaptured"), chromedp.Click(chromedp.CSS(`tr[data-id="`+auth+`"] a`)))
	tb.waitURL(authPage)
	tb.do("see the authorization", chromedp.WaitVisible(chromedp.CSS(`[data-testid="capture-form"]`)))
	shootDashboard(t, tb, src, "dashboard-payment-uncaptured")
	tb.do("capture it", chromedp.Click(chromedp.CSS(`[data-testid="capture-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="refund-form"]`)))
	if got := get(tb, "status", chromedp.Text(chromedp.CSS(`[data-testid="payment-status"]`))); got != "Succeeded" {
		t.Errorf("the captured payment's status reads %q", got)
	}
	if pi, _ := latestCharge(t, acct, auth); pi.Status != "succeeded" || pi.AmountReceived != 3998 {
		t.Errorf("after the capture: %s, received %d", pi.Status, pi.AmountReceived)
	}

	// The customers, and the customer's payments.
	customers := srv.URL + "/dashboard/customers"
	tb.do("open the customers", chromedp.Navigate(customers), chromedp.WaitVisible(chromedp.CSS(`[data-testid="customers"]`)))
	shootDashboard(t, tb, src, "dashboard-customers")
	tb.do("search", chromedp.SendKeys(chromedp.CSS(`input[type="search"][name="q"]`), "ADA@example.com"),
		chromedp.Click(chromedp.CSS(`[data-testid="apply-filters"]`)))
	tb.waitURL(customers + "?q=")
	tb.do("open the customer", chromedp.Click(chromedp.CSS(`tr[data-id="`+cus.ID+`"] a`)))
	tb.waitURL(customers + "/" + cus.ID)
	tb.do("see the customer", chromedp.WaitVisible(chromedp.CSS(`[data-testid="payments"]`)))
	shootDashboard(t, tb, src, "dashboard-customer")
	tb.do("open their payment", chromedp.Click(chromedp.CSS(`tr[data-id="`+paid+`"] a`)))
	tb.waitURL(detail)
	if r := get(tb, "status", chromedp.Text(chromedp.CSS(`[data-testid="payment-status"]`))); r != "Refunded" {
		t.Errorf("the customer's payment reads %q", r)
	}
	if res, _ := (&browserless{t: t, srv: srv}).do("GET", "/dashboard/payments", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("signed out, the list answers %d", res.StatusCode)
	}
}

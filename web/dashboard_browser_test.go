package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stripe/stripe-go/v82"
)

// The dashboard in Chromium: a signed-out visit goes to the sign-in form
// and back after signing in (so the browser kept the __Host- cookie on
// http://127.0.0.1), the list is searched, a session opened, an open one
// expired and the audit log read; axe finds nothing serious or critical on
// the sign-in form, the list, the details and the audit log,
// at the test's size and at 375 px, and each is kept as a screenshot at 375
// and 1280 px.
func TestBrowserDashboard(t *testing.T) {
	src := axeSource(t)
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	var ids []string
	for i, ref := range []string{"order-1", "order-2", "order-3"} {
		s := newSession(t, acct, func(p *stripe.CheckoutSessionCreateParams) {
			p.ClientReferenceID = stripe.String(ref)
			p.Metadata = map[string]string{"order": ref}
		})
		if i == 0 {
			if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), goodCard, ""); r.Status != http.StatusSeeOther {
				t.Fatalf("pay: %d", r.Status)
			}
		}
		ids = append(ids, s.ID)
	}
	tb := newBrowser(t).newTab(t)
	list := srv.URL + "/dashboard/checkout/sessions"
	tb.do("open the list signed out", chromedp.Navigate(list), chromedp.WaitVisible(chromedp.CSS(`[data-testid="login-form"]`)))
	checkAxe(t, tb, src, "dashboard sign-in")
	shootDashboard(t, tb, src, "dashboard-login")
	tb.do("sign in", chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS(`[data-testid="sign-in"]`)))
	tb.waitURL(list)
	tb.do("see the list", chromedp.WaitVisible(chromedp.CSS(`[data-testid="sessions"]`)))
	if n := get(tb, "rows", chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="session-row"]').length`)); n != 3 {
		t.Errorf("the list shows %d sessions, want 3", n)
	}
	checkAxe(t, tb, src, "dashboard sessions")
	shootDashboard(t, tb, src, "dashboard-sessions")

	tb.do("search", chromedp.SendKeys(chromedp.CSS(`input[type="search"][name="q"]`), "order-1"),
		chromedp.Click(chromedp.CSS(`[data-testid="apply-filters"]`)))
	tb.waitURL(list + "?q=order-1")
	got := get(tb, "rows", chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid="session-row"]')].map(r => r.dataset.id)`))
	if strings.Join(got, ",") != ids[0] {
		t.Fatalf("search for order-1 shows %v, want %s", got, ids[0])
	}
	tb.do("open the session", chromedp.Click(chromedp.CSS(`[data-testid="session-row"] a`)))
	tb.waitURL(list + "/" + ids[0])
	tb.do("see the session", chromedp.WaitVisible(chromedp.CSS(`[data-testid="events"]`)))
	if status := get(tb, "status", chromedp.Text(chromedp.CSS(`[data-testid="session-status"]`))); status != "complete" {
		t.Errorf("the session's status reads %q", status)
	}
	checkAxe(t, tb, src, "dashboard session")
	shootDashboard(t, tb, src, "dashboard-session")

	// An open session is expired from its page, and the change is in the
	// audit log.
	tb.do("open an open session", chromedp.Navigate(list+"/"+ids[1]), chromedp.WaitVisible(chromedp.CSS(`[data-testid="expire-session"]`)))
	checkAxe(t, tb, src, "dashboard open session")
	shootDashboard(t, tb, src, "dashboard-session-open")
	tb.do("expire it", chromedp.Click(chromedp.CSS(`[data-testid="expire-session"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`[data-testid="expire-session"]`)))
	if status := get(tb, "status", chromedp.Text(chromedp.CSS(`[data-testid="session-status"]`))); status != "expired" {
		t.Errorf("after Expire session the status reads %q", status)
	}
	tb.do("open the audit log", chromedp.Navigate(srv.URL+"/dashboard/settings/audit-log"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="audit-row"]`)))
	if row := get(tb, "audit row", chromedp.Text(chromedp.CSS(`[data-testid="audit-row"]`))); !strings.Contains(row, "checkout.session.expire") ||
		!strings.Contains(row, ids[1]) || !strings.Contains(row, email) {
		t.Errorf("the audit log's row reads %q", row)
	}
	checkAxe(t, tb, src, "dashboard audit log")
	shootDashboard(t, tb, src, "dashboard-audit-log")

	tb.do("sign out", chromedp.Click(chromedp.CSS(`[data-testid="sign-out"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="login-form"]`)))
	tb.do("open the list again", chromedp.Navigate(list), chromedp.WaitVisible(chromedp.CSS(`[data-testid="login-form"]`)))
}

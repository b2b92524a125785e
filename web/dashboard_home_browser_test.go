package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The dashboard's home, products and settings in Chromium: the chart is
// drawn, a product is created, edited, archived and priced from its forms,
// and the hosted page's preview follows the branding as it is typed; axe
// finds nothing serious or critical on each page, kept as screenshots at
// 375 and 1280 px.

// dashboardSizes are the phone and desktop sizes of the dashboard's
// screenshots.
var dashboardSizes = []struct {
	width, height int64
	opts          []chromedp.EmulateViewportOption
}{{375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}}, {1280, 900, nil}}

// shootDashboard keeps the tab's page as screenshots at each size, loaded
// again at each, and checks it with axe at 375 px too, where the tables
// scroll in their boxes.
func shootDashboard(t *testing.T, tb *tab, src, name string) {
	t.Helper()
	shootDashboardPage(t, tb, src, name, true)
}

// shootShownOnce is shootDashboard for a page that showed a secret once:
// it is not loaded again (it would not show it), only laid out again at
// the other size.
func shootShownOnce(t *testing.T, tb *tab, src, name string) {
	t.Helper()
	shootDashboardPage(t, tb, src, name, false)
}

func shootDashboardPage(t *testing.T, tb *tab, src, name string, reload bool) {
	t.Helper()
	here := tb.url()
	for _, sz := range dashboardSizes {
		steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(sz.width, sz.height, sz.opts...)}
		if reload {
			steps = append(steps, chromedp.Navigate(here))
		}
		tb.do("viewport", append(steps, chromedp.WaitVisible(chromedp.CSS("main")))...)
		keepScreenshot(t, tb, name, sz.width)
		if sz.width == 375 {
			checkAxe(t, tb, src, name+" at 375 px")
		}
	}
}

// until waits until the expression holds in the tab's page, across the
// navigations a form post makes: a wait cut short by the page going away
// is started again on the next one, until the step's timeout.
func (tb *tab) until(what, expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		err := tb.try(chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(2*time.Second)))
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("%s: %v (page at %s)", what, err, tb.url())
		}
	}
}

// signInAt opens a dashboard page signed out and signs in on the way.
func signInAt(t *testing.T, tb *tab, srv *testServer, path, email, password string) {
	t.Helper()
	tb.do("open "+path+" signed out", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS(`[data-testid="login-form"]`)))
	tb.do("sign in", chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS(`[data-testid="sign-in"]`)))
	tb.waitURL(srv.URL + path)
}

func TestBrowserDashboardHome(t *testing.T) {
	src := axeSource(t)
	srv, clock := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	startAtNoon(clock)
	for i, amount := range []int64{1999, 500, 4200} {
		pay(t, srv, pricedSession(t, acct, "usd", amount, 1, nil), goodCard, http.StatusSeeOther)
		if i == 1 {
			pay(t, srv, pricedSession(t, acct, "jpy", amount, 1, nil), goodCard, http.StatusSeeOther)
		}
		clock.advance(3 * 24 * time.Hour)
	}
	newSession(t, acct, nil)
	tb := newBrowser(t).newTab(t)
	signInAt(t, tb, srv, "/dashboard", email, password)
	tb.do("see the charts", chromedp.WaitVisible(chromedp.CSS(`[data-testid="volume-chart"] svg`)))
	if n := get(tb, "charts", chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="volume-chart"] svg[role="img"] rect').length`)); n != 4 {
		t.Errorf("the charts draw %d bars, want 4", n)
	}
	name := get(tb, "the chart's name", chromedp.Evaluate[string](`(() => {
		const svg = document.querySelector('[data-currency="USD"] svg');
		return svg.getAttribute("aria-labelledby").split(" ").map(id => document.getElementById(id).textContent).join(" / ");
	})()`))
	if !strings.HasPrefix(name, "Gross volume in USD by day") || !strings.Contains(name, "$66.99 from 3 payments") {
		t.Errorf("the chart is named %q", name)
	}
	checkAxe(t, tb, src, "dashboard home")
	shootDashboard(t, tb, src, "dashboard-home")
}

func TestBrowserDashboardProducts(t *testing.T) {
	src := axeSource(t)
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	tb := newBrowser(t).newTab(t)
	list := srv.URL + "/dashboard/products"
	signInAt(t, tb, srv, "/dashboard/products", email, password)
	tb.do("see the empty list", chromedp.WaitVisible(chromedp.CSS(`[data-testid="no-products"]`)))

	tb.do("create a product", chromedp.Click(chromedp.CSS(`[data-testid="new-product"]`)))
	tb.waitURL(list + "/new")
	checkAxe(t, tb, src, "dashboard new product")
	shootDashboard(t, tb, src, "dashboard-product-new")
	tb.do("fill it in", chromedp.SendKeys(chromedp.CSS("#name"), "Mug"),
		chromedp.SendKeys(chromedp.CSS("#description"), "Stoneware, 350 ml"),
		chromedp.Click(chromedp.CSS(`[data-testid="save-product"]`)))
	page := tb.waitURL(list + "/prod_")
	if got := get(tb, "name", chromedp.Text(chromedp.CSS(`[data-testid="product-name"]`))); got != "Mug" {
		t.Errorf("the new product is named %q", got)
	}

	tb.do("edit it", chromedp.Click(chromedp.CSS(`[data-testid="edit-product"]`)))
	tb.waitURL(page + "/edit")
	tb.do("rename it", chromedp.Clear(chromedp.CSS("#name")), chromedp.SendKeys(chromedp.CSS("#name"), "Big mug"),
		chromedp.Click(chromedp.CSS(`[data-testid="save-product"]`)))
	tb.until("see the new name", `document.querySelector('[data-testid="product-name"]')?.textContent === "Big mug"`)
	tb.do("archive it", chromedp.Click(chromedp.CSS(`[data-testid="archive-product"]`)))
	tb.until("see it archived", `document.querySelector('[data-testid="product-status"]')?.textContent === "archived"`)
	tb.do("unarchive it", chromedp.Click(chromedp.CSS(`[data-testid="archive-product"]`)))
	tb.until("see it active", `document.querySelector('[data-testid="product-status"]')?.textContent === "active"`)

	tb.do("add a price", chromedp.SendKeys(chromedp.CSS("#unit_amount"), "12.50"), chromedp.SetValue(chromedp.CSS("#currency"), "eur"),
		chromedp.Click(chromedp.CSS(`[data-testid="add-price"]`)))
	tb.until("see the price", `document.querySelector('[data-testid="price-row"]') !== null`)
	if got := get(tb, "amount", chromedp.Text(chromedp.CSS(`[data-testid="price-amount"]`))); got != "€12.50" {
		t.Errorf("the price reads %q", got)
	}
	tb.do("archive the price", chromedp.Click(chromedp.CSS(`[data-testid="toggle-price"]`)))
	tb.until("see the price archived", `document.querySelector('[data-testid="price-status"]')?.textContent === "archived"`)
	checkAxe(t, tb, src, "dashboard product")
	shootDashboard(t, tb, src, "dashboard-product")

	tb.do("back to the list", chromedp.Navigate(list), chromedp.WaitVisible(chromedp.CSS(`[data-testid="product-row"]`)))
	tb.do("search", chromedp.SendKeys(chromedp.CSS(`input[type="search"][name="q"]`), "big"),
		chromedp.Click(chromedp.CSS(`[data-testid="apply-filters"]`)))
	tb.waitURL(list + "?")
	if n := get(tb, "rows", chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="product-row"]').length`)); n != 1 {
		t.Errorf("the search finds %d products", n)
	}
	checkAxe(t, tb, src, "dashboard products")
	shootDashboard(t, tb, src, "dashboard-products")
}

func TestBrowserDashboardSettings(t *testing.T) {
	src := axeSource(t)
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	tb := newBrowser(t).newTab(t)
	signInAt(t, tb, srv, "/dashboard/settings", email, password)
	const frame = `iframe[data-testid="preview"]`
	previewSays := func(what, name string) {
		t.Helper()
		tb.do(what, chromedp.Poll[chromedp.Void](`(() => {
			const doc = document.querySelector('`+frame+`').contentDocument;
			const el = doc && doc.querySelector('[data-testid="merchant-name"]');
			return el !== null && el.textContent === `+"`"+name+"`"+`;
		})()`))
	}
	previewSays("the preview with the account's name", "Shop")

	// Typing changes the preview, and saving keeps it.
	tb.do("type a display name and a colour", chromedp.SendKeys(chromedp.CSS("#display_name"), "Market Stall"),
		chromedp.SendKeys(chromedp.CSS("#accent_color"), "#0A7C59"))
	previewSays("the preview with the name typed", "Market Stall")
	accent := get(tb, "the preview's accent", chromedp.Evaluate[string](`getComputedStyle(document.querySelector('`+frame+`').contentDocument.documentElement).getPropertyValue("--accent").trim()`))
	if !strings.EqualFold(accent, "#0A7C59") {
		t.Errorf("the preview's accent is %q", accent)
	}
	checkAxe(t, tb, src, "dashboard settings")
	tb.do("save the branding", chromedp.Click(chromedp.CSS(`[data-testid="save-branding"]`)))
	tb.waitURL(srv.URL + "/dashboard/settings#branding")
	previewSays("the preview with the saved name", "Market Stall")
	if got := get(tb, "header", chromedp.Text(chromedp.CSS(`[data-testid="account-name"]`))); got != "Market Stall" {
		t.Errorf("the header names the account %q", got)
	}

	tb.do("set the terms URL", chromedp.SendKeys(chromedp.CSS("#terms_url"), "https://shop.example/terms"),
		chromedp.Click(chromedp.CSS(`[data-testid="save-terms-url"]`)))
	tb.waitURL(srv.URL + "/dashboard/settings#terms-url")
	if got := get(tb, "terms", chromedp.Value(chromedp.CSS("#terms_url"))); got != "https://shop.example/terms" {
		t.Errorf("the terms URL reads %q", got)
	}
	shootDashboard(t, tb, src, "dashboard-settings")
	tb.do("open the audit log", chromedp.Click(chromedp.CSS(`[data-testid="audit-log-link"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="audit-log"]`)))
	checkAxe(t, tb, src, "dashboard audit log")
}

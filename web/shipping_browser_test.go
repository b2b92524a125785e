package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPayWithShipping: on the hosted page of a session that ships,
// the billing address is hidden while it is the shipping one, choosing
// another shipping option shows its total at once, and paying completes
// the session with that total and the shipping details. The page passes
// axe-core and is shot at a phone's width and a laptop's.
func TestBrowserPayWithShipping(t *testing.T) {
	src := axeSource(t)
	bs := newBrowserSetup(t)
	tb := bs.tab
	p, _ := shippingSession(t, bs.acct)
	p.SuccessURL = &[]string{bs.shop.URL + "/success?session_id={CHECKOUT_SESSION_ID}"}[0]
	s, err := bs.acct.Stripe.V1CheckoutSessions.Create(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	air := s.ShippingOptions[1].ShippingRate.ID

	tb.do("open session.url", chromedp.Navigate(s.URL), chromedp.WaitVisible(chromedp.CSS("#shippingName")))
	checkAxe(t, tb, src, "form with shipping")
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, sz := range []struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{{"375", 375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}}, {"1280", 1280, 900, nil}} {
		tb.do("viewport "+sz.name, chromedp.EmulateViewport(sz.width, sz.height, sz.opts...))
		if w := get(tb, "scroll width", chromedp.Evaluate[int64](`document.documentElement.scrollWidth`)); w > sz.width {
			t.Errorf("at %d px the page is %d px wide", sz.width, w)
		}
		name := filepath.Join(screenshotDir, fmt.Sprintf("checkout-shipping-%s.png", sz.name))
		if err := os.WriteFile(name, get(tb, "screenshot", chromedp.FullScreenshot(100)), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	hidden := `getComputedStyle(document.querySelector('[data-testid="billing-address"]')).display === "none"`
	if !get(tb, "billing hidden", chromedp.Evaluate[bool](hidden)) {
		t.Error("the billing address shows while it is the shipping one")
	}
	if get(tb, "update button", chromedp.Evaluate[bool](`!document.querySelector('[data-testid="shipping-update"]').hidden`)) {
		t.Error("the update button shows although the script updates the total")
	}
	tb.do("choose next day air", chromedp.Click(chromedp.CSS(`label[for="shippingRate-`+air+`"]`)))
	if got := get(tb, "total", chromedp.Text(chromedp.CSS(`[data-testid="total"]`))); got != "$54.98" {
		t.Errorf("total after choosing air = %q, want $54.98", got)
	}
	if got := get(tb, "button amount", chromedp.Text(chromedp.CSS(".SubmitButton-Amount"))); got != "$54.98" {
		t.Errorf("button after choosing air = %q", got)
	}
	tb.do("fill the form",
		chromedp.SendKeys(chromedp.CSS("#email"), testEmail),
		chromedp.SendKeys(chromedp.CSS("#shippingName"), testCardholder),
		chromedp.SetValue(chromedp.CSS("#shippingCountry"), "US"),
		chromedp.SendKeys(chromedp.CSS("#shippingAddressLine1"), "1 Market St"),
		chromedp.SendKeys(chromedp.CSS("#shippingLocality"), "San Francisco"),
		chromedp.SendKeys(chromedp.CSS("#shippingAdministrativeArea"), "CA"),
		chromedp.SendKeys(chromedp.CSS("#shippingPostalCode"), "94107"),
		fillCard("4242424242424242"),
		chromedp.SendKeys(chromedp.CSS("#billingName"), testCardholder),
	)
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay)))
	tb.waitURL(bs.successPrefix())
	paid := checkPaid(t, bs.acct, s.ID)
	if d := paid.CollectedInformation.ShippingDetails; paid.AmountTotal != 5498 || d == nil || d.Address.Line1 != "1 Market St" ||
		paid.CustomerDetails.Address.PostalCode != "94107" {
		t.Errorf("paid session: total %d, shipping %+v, billing %+v", paid.AmountTotal, d, paid.CustomerDetails.Address)
	}
}

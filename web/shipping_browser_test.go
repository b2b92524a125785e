package web_test

import (
	"context"
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
	for _, sz := range []struct {
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{{375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}}, {1280, 900, nil}} {
		tb.do("viewport", chromedp.EmulateViewport(sz.width, sz.height, sz.opts...))
		keepScreenshot(t, tb, "checkout-shipping", sz.width)
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
	if said := get(tb, "total announced", chromedp.Evaluate[string](`document.querySelector('[data-testid="total-announcement"]').textContent`)); said != "Total due $54.98" {
		t.Errorf("announced %q after choosing air, want the new total", said)
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

// The embedded page ships as the hosted one does: inside the iframe the
// shipping section and its options, the total following the option, and
// the session paid with the shipping details (onComplete fires).
func TestBrowserEmbeddedShipping(t *testing.T) {
	es := newEmbedSetup(t, embedStatusErrors)
	p, _ := shippingSession(t, es.acct)
	s, frame := es.openNeverRedirecting(t, p, "#shippingName")
	air := s.ShippingOptions[1].ShippingRate.ID
	tb := es.tab
	in := chromedp.FromNode(frame)
	tb.do("choose next day air", chromedp.Click(chromedp.CSS(`label[for="shippingRate-`+air+`"]`), in))
	if got := get(tb, "total", chromedp.Text(chromedp.CSS(`[data-testid="total"]`), in)); got != "$54.98" {
		t.Errorf("the frame's total after choosing air = %q", got)
	}
	tb.do("fill the form",
		chromedp.SendKeys(chromedp.CSS("#email"), testEmail, in),
		chromedp.SendKeys(chromedp.CSS("#shippingName"), testCardholder, in),
		chromedp.SetValue(chromedp.CSS("#shippingCountry"), "US", in),
		chromedp.SendKeys(chromedp.CSS("#shippingAddressLine1"), "1 Market St", in),
		chromedp.SendKeys(chromedp.CSS("#shippingLocality"), "San Francisco", in),
		chromedp.SendKeys(chromedp.CSS("#shippingAdministrativeArea"), "CA", in),
		chromedp.SendKeys(chromedp.CSS("#shippingPostalCode"), "94107", in),
		fillCard("4242424242424242", in),
		chromedp.SendKeys(chromedp.CSS("#billingName"), testCardholder, in),
	)
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), in))
	tb.mustFrame(`[data-testid="result-complete"]`)
	tb.do("onComplete", chromedp.Poll[chromedp.Void](`document.title === "complete"`))
	paid := checkPaid(t, es.acct, s.ID)
	if d := paid.CollectedInformation.ShippingDetails; paid.AmountTotal != 5498 || d == nil || d.Address.City != "San Francisco" {
		t.Errorf("paid session: total %d, shipping %+v", paid.AmountTotal, d)
	}
}

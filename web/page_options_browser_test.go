package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stripe/stripe-go/v82"
)

// TestBrowserPayPageOptions pays a session with custom fields, the terms of
// service to accept and a business's tax ID, on a page axe-core finds no
// serious problem with, open and after a failed submit, at 375 and 1280 px.
func TestBrowserPayPageOptions(t *testing.T) {
	src := axeSource(t)
	bs := newBrowserSetup(t)
	setTermsURL(t, bs.srv, bs.acct, bs.shop.URL+"/terms")
	p := optionsParams()
	p.SuccessURL = stripe.String(bs.shop.URL + "/success?session_id={CHECKOUT_SESSION_ID}")
	p.CustomText.TermsOfServiceAcceptance = nil
	s, err := bs.acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	tb := bs.tab
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, sz := range []struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{{"375", 375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}}, {"1280", 1280, 900, nil}} {
		tb.do("viewport "+sz.name, chromedp.EmulateViewport(sz.width, sz.height, sz.opts...))
		tb.do("open session.url", reopen(s.URL), chromedp.WaitVisible(chromedp.CSS(selForm)))
		tb.do("show the business fields", chromedp.Click(chromedp.CSS(`label[for="businessPurchase"]`)),
			chromedp.WaitVisible(chromedp.CSS("#taxId")))
		if width := get(tb, "scroll width", chromedp.Evaluate[int64](`document.documentElement.scrollWidth`)); width > sz.width {
			t.Errorf("at %s px the page is %d px wide", sz.name, width)
		}
		png := get(tb, "screenshot", chromedp.FullScreenshot(100))
		name := filepath.Join(screenshotDir, fmt.Sprintf("checkout-options-%s.png", sz.name))
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		checkAxe(t, tb, src, "page options at "+sz.name)
	}

	tb.do("open session.url", reopen(s.URL), chromedp.WaitVisible(chromedp.CSS(selForm)))
	if !get(tb, "business fields", chromedp.Evaluate[bool](`getComputedStyle(document.querySelector(".business-fields")).display === "none"`)) {
		t.Error("the business fields show before the box is checked")
	}
	tb.do("submit an empty form", chromedp.Click(chromedp.CSS(selPay)), chromedp.WaitVisible(chromedp.CSS(selSummary)))
	summary := get(tb, "error summary", chromedp.Text(chromedp.CSS(selSummary)))
	for _, want := range []string{"Fill in this field.", "Accept the Terms of Service to continue."} {
		if !strings.Contains(summary, want) {
			t.Errorf("error summary %q lacks %q", summary, want)
		}
	}
	checkAxe(t, tb, src, "page options with errors")

	tb.do("fill the form", fillForm("4242424242424242"),
		chromedp.SendKeys(chromedp.CSS("#customField-engraving"), "For Ada"),
		chromedp.SetValue(chromedp.CSS("#customField-size"), "S"),
		chromedp.Click(chromedp.CSS(`label[for="businessPurchase"]`)),
		chromedp.WaitVisible(chromedp.CSS("#businessName")),
		chromedp.SendKeys(chromedp.CSS("#businessName"), "Engines Ltd"),
		chromedp.SetValue(chromedp.CSS("#taxIdType"), "eu_vat"),
		chromedp.SendKeys(chromedp.CSS("#taxId"), "FR 40 303265045"),
		chromedp.Click(chromedp.CSS("#termsOfServiceConsentCheckbox")),
	)
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay)))
	tb.waitURL(bs.successPrefix())
	done := checkPaid(t, bs.acct, s.ID)
	if f := done.CustomFields; len(f) != 3 || f[0].Text.Value != "For Ada" || f[2].Dropdown.Value != "S" {
		t.Errorf("custom fields = %+v", f)
	}
	if done.Consent == nil || done.Consent.TermsOfService != "accepted" {
		t.Errorf("consent = %+v", done.Consent)
	}
	if ids := done.CustomerDetails.TaxIDs; len(ids) != 1 || ids[0].Value != "FR40303265045" {
		t.Errorf("tax ids = %+v", ids)
	}
}

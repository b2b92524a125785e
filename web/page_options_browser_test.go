package web_test

import (
	"fmt"
	"html/template"
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

// customOptionsPage is a custom checkout page with Till's Terms Element
// beside the Payment Element, and a business's name and tax ID wired to
// updateTaxIdInfo, shown back from session().taxIdInfo.
var customOptionsPage = template.Must(template.New("custom-options").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Custom shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>pre { white-space: pre-wrap; overflow-wrap: anywhere; }</style>
<script src="{{.Till}}/js/till.js"></script></head>
<body><main><h1>Checkout</h1>
<label for="business">Business name</label> <input id="business">
<label for="taxtype">Tax ID type</label> <select id="taxtype"><option value="gb_vat">GB VAT</option><option value="eu_vat">EU VAT</option></select>
<label for="taxid">Tax ID</label> <input id="taxid"> <button id="save-tax" disabled>Save tax ID</button>
<p id="taxinfo"></p>
<div id="payment-element"></div><div id="terms"></div>
<button id="pay" disabled>Pay</button><pre id="result">waiting</pre></main>
<script>
(async () => {
  const stripe = Stripe({{.PK}});
  const checkout = stripe.initCheckoutElementsSdk({
    clientSecret: fetch("/secret", {method: "POST"}).then(r => r.json()).then(j => j.clientSecret),
  });
  const out = (r) => { document.getElementById("result").textContent = JSON.stringify(r); };
  checkout.on("change", (session) => {
    const info = session.taxIdInfo;
    document.getElementById("taxinfo").textContent = info ? info.businessName + " " + info.taxId.type + " " + info.taxId.value : "";
  });
  checkout.createPaymentElement().mount("#payment-element");
  checkout.createTermsElement().mount("#terms");
  const loaded = await checkout.loadActions();
  if (loaded.type === "error") { out(loaded); return; }
  const actions = loaded.actions;
  const value = (id) => document.getElementById(id).value;
  document.getElementById("save-tax").addEventListener("click", async () => out(await actions.updateTaxIdInfo({
    businessName: value("business"), taxId: {type: value("taxtype"), value: value("taxid")}})));
  document.getElementById("pay").addEventListener("click", async () => {
    document.getElementById("result").textContent = "paying";
    await actions.updateEmail({{.Email}});
    out(await actions.confirm({redirect: "if_required"}));
  });
  document.getElementById("save-tax").disabled = false;
  document.getElementById("pay").disabled = false;
})().catch(e => { document.getElementById("result").textContent = "error: " + e.message; });
</script></body></html>`))

// TestBrowserCustomTaxIDAndConsent: a custom shop sets a business's tax ID
// with updateTaxIdInfo (an invalid one resolves Stripe.js's invalidTaxId
// error) and mounts the Terms Element; confirm() is refused until the
// shopper ticks its box, then pays, and the completed session has the
// consent and the tax ID.
func TestBrowserCustomTaxIDAndConsent(t *testing.T) {
	src := axeSource(t)
	chromiumPath(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	setTermsURL(t, srv, acct, "https://shop.example/terms")
	p := basicSession()
	p.ConsentCollection = &stripe.CheckoutSessionCreateConsentCollectionParams{TermsOfService: stripe.String("required")}
	p.TaxIDCollection = &stripe.CheckoutSessionCreateTaxIDCollectionParams{Enabled: stripe.Bool(true)}
	s, tb := openCustomShop(t, srv, acct, p, customOptionsPage)
	const termsFrame = "iframe[data-till-terms-element]"
	tb.do("wait for the shop", chromedp.WaitEnabled(chromedp.CSS("#pay")))
	terms := tb.mustFrameShowing(termsFrame, "#termsOfServiceConsentCheckbox")
	if href := get(tb, "terms link", chromedp.AttributeValue(chromedp.CSS(`[data-testid="terms-link"]`), "href", chromedp.FromNode(terms))); href.Value != "https://shop.example/terms" {
		t.Errorf("terms link = %q", href.Value)
	}

	tb.do("an invalid tax ID", chromedp.SendKeys(chromedp.CSS("#business"), "Engines Ltd"), chromedp.SendKeys(chromedp.CSS("#taxid"), "12"),
		chromedp.Click(chromedp.CSS("#save-tax")), chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes("invalidTaxId")`))
	tb.do("a valid one", chromedp.SetValue(chromedp.CSS("#taxid"), "GB 123 4567 89"), chromedp.Click(chromedp.CSS("#save-tax")),
		chromedp.Poll[chromedp.Void](`document.getElementById("taxinfo").textContent === "Engines Ltd gb_vat GB123456789"`))

	tb.do("fill the card", fillCardFrame(customFrame(tb, "#card_number"), goodCard))
	tb.do("pay without consent", chromedp.Click(chromedp.CSS("#pay")),
		chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes("invalid_terms_of_service")`))
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.Status != "open" {
		t.Fatalf("paid without consent: %s", got.Status)
	}
	tb.do("tick the box", chromedp.Click(chromedp.CSS("#termsOfServiceConsentCheckbox"), chromedp.FromNode(terms)))
	atPhoneAndDesktop(tb, func(width int64) {
		checkAxe(t, tb, src, fmt.Sprintf("custom shop at %d px", width))
		checkAxeIn(t, tb, tb.mustFrameShowing(termsFrame, "#termsOfServiceConsentCheckbox"), src, fmt.Sprintf("Terms Element at %d px", width))
		keepScreenshot(t, tb, "custom-terms-tax-id", width)
	})
	tb.do("pay", chromedp.Click(chromedp.CSS("#pay")), chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes('"type":"complete"')`))
	done := checkPaid(t, acct, s.ID)
	if done.Consent == nil || done.Consent.TermsOfService != "accepted" {
		t.Errorf("consent = %+v", done.Consent)
	}
	if d := done.CustomerDetails; len(d.TaxIDs) != 1 || d.TaxIDs[0].Type != "gb_vat" || d.TaxIDs[0].Value != "GB123456789" || d.Name != "Engines Ltd" {
		t.Errorf("customer_details = %+v", d)
	}
}

// TestBrowserEmbeddedPageOptions pays an embedded session with custom
// fields, custom text, the terms of service to accept and a business's tax
// ID inside the iframe: an empty submit is refused for the required field
// and the terms box, then the filled form pays with each on the completed session; axe finds no
// serious problem in the frame at 375 and 1280 px.
func TestBrowserEmbeddedPageOptions(t *testing.T) {
	src := axeSource(t)
	es := newEmbedSetup(t, embedStatusErrors)
	setTermsURL(t, es.srv, es.acct, es.shop.URL+"/terms")
	s, frame := es.openNeverRedirecting(t, optionsParams(), "#customField-engraving")
	tb := es.tab
	if got := frameText(tb, frame, `[data-testid="custom-text-submit"]`); !strings.Contains(got, "Ships tomorrow.") {
		t.Errorf("the frame's submit text = %q", got)
	}
	atPhoneAndDesktop(tb, func(width int64) {
		frame = tb.mustFrame("#customField-engraving")
		checkAxeIn(t, tb, frame, src, fmt.Sprintf("embedded page options at %d px", width))
		keepScreenshot(t, tb, "embedded-options", width)
	})

	in := chromedp.FromNode(frame)
	tb.do("submit an empty form", chromedp.Click(chromedp.CSS(selPay), in))
	frame = tb.mustFrame(selSummary)
	summary := frameText(tb, frame, selSummary)
	for _, want := range []string{"Fill in this field.", "Accept the Terms of Service to continue."} {
		if !strings.Contains(summary, want) {
			t.Errorf("the frame's error summary %q lacks %q", summary, want)
		}
	}
	in = chromedp.FromNode(frame)
	tb.do("fill the form and the options", fillFrameForm(frame, goodCard),
		chromedp.SendKeys(chromedp.CSS("#customField-engraving"), "For Ada", in),
		chromedp.SetValue(chromedp.CSS("#customField-size"), "S", in),
		chromedp.Click(chromedp.CSS(`label[for="businessPurchase"]`), in),
		chromedp.WaitVisible(chromedp.CSS("#businessName"), in),
		chromedp.SendKeys(chromedp.CSS("#businessName"), "Engines Ltd", in),
		chromedp.SetValue(chromedp.CSS("#taxIdType"), "eu_vat", in),
		chromedp.SendKeys(chromedp.CSS("#taxId"), "FR 40 303265045", in),
		chromedp.Click(chromedp.CSS("#termsOfServiceConsentCheckbox"), in),
	)
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), in))
	tb.mustFrame(`[data-testid="result-complete"]`)
	tb.do("onComplete", chromedp.Poll[chromedp.Void](`document.title === "complete"`))
	done := checkPaid(t, es.acct, s.ID)
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

package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stripe/stripe-go/v82"
)

// liveTaxShown is true once the summary shows tax, its row's label and
// the total (in the summary and on the Pay button) as given.
func liveTaxShown(tax, label, total string) string {
	return `(() => {
		const text = (sel) => (document.querySelector(sel) || {}).textContent || "";
		return !document.querySelector('[data-testid="tax-row"]').hidden &&
			text('[data-testid="tax"]') === "` + tax + `" && text('[data-testid="tax-label"]').trim() === "` + label + `" &&
			text('[data-testid="total"]') === "` + total + `" && text(".SubmitButton-Amount") === "` + total + `";
	})()`
}

// chooseGB selects Great Britain as the billing country as a shopper does,
// change event and all (chromedp.SetValue fires none).
const chooseGB = `(() => {
	const s = document.querySelector("#billingCountry");
	s.value = "GB";
	s.dispatchEvent(new Event("change", {bubbles: true}));
	return true;
})()`

// payFromGB fills the rest of a basic session's form for a British
// shopper, leaving the country as chosen; in says where the form is.
func payFromGB(in ...chromedp.QueryOption) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.SendKeys(chromedp.CSS("#email"), testEmail, in...),
		fillCard("4242424242424242", in...),
		chromedp.SendKeys(chromedp.CSS("#billingName"), testCardholder, in...),
		chromedp.SendKeys(chromedp.CSS("#billingPostalCode"), "SW1A 1AA", in...),
		chromedp.Click(chromedp.CSS(selPay), in...),
	)
}

// checkChargedGB checks a paid session was charged its GB total: the
// T-shirts' 39.98 and 20 % VAT.
func checkChargedGB(t *testing.T, acct *account, id string) {
	t.Helper()
	paid := checkPaid(t, acct, id)
	if pi, _ := latestCharge(t, acct, paid.PaymentIntent.ID); pi.Amount != 4798 || paid.AmountTotal != 4798 ||
		paid.TotalDetails.AmountTax != 800 {
		t.Errorf("charged %d, session total %d with tax %d; want 4798 with 800", pi.Amount, paid.AmountTotal, paid.TotalDetails.AmountTax)
	}
}

// TestBrowserLiveTaxes: on the hosted page of a session taxed by country,
// the summary first shows the US tax of the country the form comes with;
// choosing Great Britain shows its VAT, its label and the new total, on
// the Pay button too, before any submit; the payment is at that total at
// once. The page passes axe-core and is shot at a phone's width and a
// laptop's.
func TestBrowserLiveTaxes(t *testing.T) {
	src := axeSource(t)
	bs := newBrowserSetup(t)
	s, _, _ := liveTaxSession(t, bs.acct, false, func(p *stripe.CheckoutSessionCreateParams) {
		p.SuccessURL = stripe.String(bs.successPrefix() + "?session_id={CHECKOUT_SESSION_ID}")
	})
	tb := bs.tab
	tb.do("open session.url", chromedp.Navigate(s.URL), chromedp.WaitVisible(chromedp.CSS(selForm)),
		chromedp.Poll[chromedp.Void](liveTaxShown("$2.00", "US sales tax (5%)", "$41.98")))
	tb.do("choose Great Britain", chromedp.Evaluate[chromedp.Void](chooseGB),
		chromedp.Poll[chromedp.Void](liveTaxShown("$8.00", "VAT (20%)", "$47.98")))
	checkAxe(t, tb, src, "form with the VAT of Great Britain")
	for _, sz := range []struct {
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{{375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}}, {1280, 900, nil}} {
		tb.do("viewport", chromedp.EmulateViewport(sz.width, sz.height, sz.opts...))
		keepScreenshot(t, tb, "checkout-live-tax", sz.width)
	}
	tb.do("fill the form and pay", payFromGB())
	tb.waitURL(bs.successPrefix())
	checkChargedGB(t, bs.acct, s.ID)
}

// TestBrowserEmbeddedLiveTaxes: the embedded form does the same inside
// the merchant's iframe, and the session is paid at the VAT total shown.
func TestBrowserEmbeddedLiveTaxes(t *testing.T) {
	src := axeSource(t)
	es := newEmbedSetup(t, embedStatusErrors)
	s, _, _ := liveTaxSession(t, es.acct, false, func(p *stripe.CheckoutSessionCreateParams) {
		p.SuccessURL, p.CancelURL, p.UIMode, p.RedirectOnCompletion = nil, nil, stripe.String("embedded"), stripe.String("never")
	})
	es.shop.use(s.ClientSecret)
	tb := es.tab
	tb.do("open the shop", chromedp.Navigate(es.shop.URL+"/"))
	frame := tb.mustFrame(selForm)
	inFrame := chromedp.WithPollingInFrame(frame)
	tb.do("US tax", chromedp.Poll[chromedp.Void](liveTaxShown("$2.00", "US sales tax (5%)", "$41.98"), inFrame))
	tb.do("choose Great Britain", chromedp.Poll[chromedp.Void](chooseGB, inFrame),
		chromedp.Poll[chromedp.Void](liveTaxShown("$8.00", "VAT (20%)", "$47.98"), inFrame))
	for _, sz := range []struct {
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{{375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}}, {1280, 900, nil}} {
		tb.do("viewport", chromedp.EmulateViewport(sz.width, sz.height, sz.opts...))
		checkAxeIn(t, tb, frame, src, "embedded form with the VAT of Great Britain")
		keepScreenshot(t, tb, "embedded-live-tax", sz.width)
	}
	tb.do("fill the form and pay", payFromGB(chromedp.FromNode(frame)))
	tb.mustFrame(`[data-testid="result-complete"]`)
	checkChargedGB(t, es.acct, s.ID)
}

package web_test

import (
	"html/template"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stripe/stripe-go/v82"
)

// The hosted page's promotion code field in Chromium: a wrong code is told
// by the field, a good one shows its saving and lowers the total and the
// button's amount, and the shopper pays the lower total; axe finds nothing
// serious on the page with the field, its error, and the code applied.
func TestBrowserPromotionCode(t *testing.T) {
	src := axeSource(t)
	bs := newBrowserSetup(t)
	coupon, err := bs.acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{PercentOff: stripe.Float64(25)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bs.acct.Stripe.V1PromotionCodes.Create(bg, &stripe.PromotionCodeCreateParams{Coupon: stripe.String(coupon.ID),
		Code: stripe.String("SPRING")}); err != nil {
		t.Fatal(err)
	}
	p := basicSession()
	p.SuccessURL = stripe.String(bs.shop.URL + "/success?session_id={CHECKOUT_SESSION_ID}")
	p.AllowPromotionCodes = stripe.Bool(true)
	s, err := bs.acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	tb := bs.tab
	tb.do("open session.url", chromedp.Navigate(s.URL), chromedp.WaitVisible(chromedp.CSS("#promotionCode")))
	checkAxe(t, tb, src, "form with a promotion code field")
	tb.do("apply a wrong code", chromedp.SendKeys(chromedp.CSS("#promotionCode"), "WINTER"),
		chromedp.Click(chromedp.CSS(`[data-testid="apply-promotion-code"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="promotion-code-error"]`)))
	if msg := get(tb, "code error", chromedp.Text(chromedp.CSS(`[data-testid="promotion-code-error"]`))); msg != "This code is invalid." {
		t.Errorf("wrong code says %q", msg)
	}
	checkAxe(t, tb, src, "promotion code refused")
	tb.do("see the field again", chromedp.WaitVisible(chromedp.CSS("#promotionCode")))
	get(tb, "clear the field", chromedp.Evaluate[string](`document.getElementById("promotionCode").value = ""`))
	tb.do("apply SPRING", chromedp.SendKeys(chromedp.CSS("#promotionCode"), "spring"),
		chromedp.Click(chromedp.CSS(`[data-testid="apply-promotion-code"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="applied-promotion-code"]`)))
	if total := get(tb, "total", chromedp.Text(chromedp.CSS(`[data-testid="total"]`))); total != "$29.98" {
		t.Errorf("total with SPRING = %q, want $29.98", total)
	}
	if saving := get(tb, "discount", chromedp.Text(chromedp.CSS(`[data-testid="discount"]`))); saving != "−$10.00" {
		t.Errorf("saving = %q", saving)
	}
	if label := get(tb, "button", chromedp.Text(chromedp.CSS(selPay))); !strings.Contains(label, "$29.98") {
		t.Errorf("pay button says %q", label)
	}
	checkAxe(t, tb, src, "promotion code applied")
	applied := tb.url()
	for _, sz := range []struct {
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{{375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}}, {1280, 900, nil}} {
		tb.do("viewport", chromedp.EmulateViewport(sz.width, sz.height, sz.opts...), reopen(applied),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="applied-promotion-code"]`)))
		keepScreenshot(t, tb, "checkout-promotion-code", sz.width)
	}
	tb.do("fill the form", fillForm("4242424242424242"))
	tb.do("pay", chromedp.Click(chromedp.CSS(selPay)))
	tb.waitURL(bs.successPrefix())
	got, _ := bs.acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if got.Status != "complete" || got.AmountTotal != 2998 {
		t.Errorf("paid session: %s, total %d", got.Status, got.AmountTotal)
	}
}

// promotionCoupon makes a 25 % coupon with the code SPRING on the account.
func promotionCoupon(t *testing.T, acct *account) {
	t.Helper()
	coupon, err := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{PercentOff: stripe.Float64(25)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acct.Stripe.V1PromotionCodes.Create(bg, &stripe.PromotionCodeCreateParams{Coupon: stripe.String(coupon.ID),
		Code: stripe.String("SPRING")}); err != nil {
		t.Fatal(err)
	}
}

// The code field inside the embedded iframe: applied there, the frame's
// total lowered, and the session paid at it (onComplete fires).
func TestBrowserEmbeddedPromotionCode(t *testing.T) {
	es := newEmbedSetup(t, embedStatusErrors)
	promotionCoupon(t, es.acct)
	p := basicSession()
	p.AllowPromotionCodes = stripe.Bool(true)
	s, frame := es.openNeverRedirecting(t, p, "#promotionCode")
	tb := es.tab
	tb.do("apply SPRING", chromedp.SendKeys(chromedp.CSS("#promotionCode"), "SPRING", chromedp.FromNode(frame)),
		chromedp.Click(chromedp.CSS(`[data-testid="apply-promotion-code"]`), chromedp.FromNode(frame)))
	frame = tb.mustFrame(`[data-testid="applied-promotion-code"]`)
	if total := get(tb, "total", chromedp.Text(chromedp.CSS(`[data-testid="total"]`), chromedp.FromNode(frame))); total != "$29.98" {
		t.Errorf("the frame's total with SPRING = %q", total)
	}
	tb.do("fill the form", fillFrameForm(frame, "4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(frame)))
	tb.mustFrame(`[data-testid="result-complete"]`)
	tb.do("onComplete", chromedp.Poll[chromedp.Void](`document.title === "complete"`))
	if got, _ := es.acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.Status != "complete" || got.AmountTotal != 2998 {
		t.Errorf("paid session: %s total %d", got.Status, got.AmountTotal)
	}
}

// customPromotionPage is a custom checkout page with a code field wired to
// applyPromotionCode and removePromotionCode.
var customPromotionPage = template.Must(template.New("custom-promo").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Custom shop</title>
<script src="{{.Till}}/js/till.js"></script></head>
<body><p id="total"></p><input id="code"><button id="apply" disabled>Apply</button><button id="remove">Remove</button>
<div id="payment-element"></div><button id="pay">Pay</button><pre id="result">waiting</pre>
<script>
(async () => {
  const stripe = Stripe({{.PK}});
  const checkout = await stripe.initCheckout({
    fetchClientSecret: () => fetch("/secret", {method: "POST"}).then(r => r.json()).then(j => j.clientSecret),
  });
  const show = () => { document.getElementById("total").textContent = checkout.session().total.total.amount; };
  checkout.on("change", show);
  show();
  checkout.createPaymentElement().mount("#payment-element");
  const out = (r) => { document.getElementById("result").textContent = JSON.stringify(r); };
  document.getElementById("apply").disabled = false;
  document.getElementById("apply").addEventListener("click", async () =>
    out(await checkout.applyPromotionCode(document.getElementById("code").value)));
  document.getElementById("remove").addEventListener("click", async () => out(await checkout.removePromotionCode()));
  document.getElementById("pay").addEventListener("click", async () => {
    document.getElementById("result").textContent = "paying";
    await checkout.updateEmail({{.Email}});
    out(await checkout.confirm({redirect: "if_required"}));
  });
})().catch(e => { document.getElementById("result").textContent = "error: " + e.message; });
</script></body></html>`))

// Custom mode's applyPromotionCode: a wrong code resolves Stripe.js's
// error, SPRING lowers session().total, and confirm() pays that total.
func TestBrowserCustomPromotionCode(t *testing.T) {
	chromiumPath(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	promotionCoupon(t, acct)
	p := basicSession()
	p.AllowPromotionCodes = stripe.Bool(true)
	s, tb := openCustomShop(t, srv, acct, p, customPromotionPage)
	tb.do("wait for the shop", chromedp.WaitEnabled(chromedp.CSS("#apply")))
	tb.do("apply a wrong code", chromedp.SendKeys(chromedp.CSS("#code"), "WINTER"), chromedp.Click(chromedp.CSS("#apply")),
		chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes("invalidCode")`))
	get(tb, "clear the code", chromedp.Evaluate[string](`document.getElementById("code").value = ""`))
	tb.do("apply SPRING", chromedp.SendKeys(chromedp.CSS("#code"), "SPRING"), chromedp.Click(chromedp.CSS("#apply")),
		chromedp.Poll[chromedp.Void](`document.getElementById("total").textContent === "$29.98"`))
	frame := customFrame(tb, "#card_number")
	tb.do("fill the card", fillCardFrame(frame, "4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS("#pay")),
		chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes('"type":"complete"')`))
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.Status != "complete" || got.AmountTotal != 2998 {
		t.Errorf("paid session: %s total %d", got.Status, got.AmountTotal)
	}
}

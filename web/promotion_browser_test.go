package web_test

import (
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
	tb.do("fill the form", fillForm("4242424242424242"))
	tb.do("pay", chromedp.Click(chromedp.CSS(selPay)))
	tb.waitURL(bs.successPrefix())
	got, _ := bs.acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if got.Status != "complete" || got.AmountTotal != 2998 {
		t.Errorf("paid session: %s, total %d", got.Status, got.AmountTotal)
	}
}

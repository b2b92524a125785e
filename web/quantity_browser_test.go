package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPayQuantity changes an adjustable line's quantity: with
// JavaScript the totals change in place, a refused quantity shows the
// server's message, and the payment takes the new total; without it, the
// Update button posts the form and the page comes back with the totals.
func TestBrowserPayQuantity(t *testing.T) {
	src := axeSource(t)
	bs := newBrowserSetup(t)
	s := quantitySession(t, bs.acct, bs.successPrefix()+"?session_id={CHECKOUT_SESSION_ID}")
	mug := lineItems(t, bs.acct, s.ID)[0].ID
	input := "#quantity-" + mug
	tb := bs.tab
	tb.do("open session.url", chromedp.Navigate(s.URL), chromedp.WaitVisible(chromedp.CSS(input)))
	checkAxe(t, tb, src, "quantity stepper")
	tb.do("set 3 mugs", chromedp.SetValue(chromedp.CSS(input), "3"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("`+input+`").dispatchEvent(new Event("change"))`),
		// 3 × $12.00 + $3.60 tax + 2 × $19.99.
		chromedp.Poll[chromedp.Void](`document.querySelector('[data-testid="total"]').textContent === "$79.58" &&
			document.querySelector(".SubmitButton-Amount").textContent === "$79.58"`))
	tb.do("set 9 mugs", chromedp.SetValue(chromedp.CSS(input), "9"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("`+input+`").dispatchEvent(new Event("change"))`),
		chromedp.WaitVisible(chromedp.CSS(".qty-error")))
	if msg := get(tb, "quantity error", chromedp.Text(chromedp.CSS(".qty-error"))); msg != "Enter a quantity from 1 to 5." {
		t.Errorf("quantity error = %q", msg)
	}
	tb.do("fill the form", fillForm("4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay)))
	tb.waitURL(bs.successPrefix())
	if done := checkPaid(t, bs.acct, s.ID); done.AmountTotal != 7958 {
		t.Errorf("paid %d, want 7958", done.AmountTotal)
	}

	// Without JavaScript.
	s = quantitySession(t, bs.acct, bs.successPrefix())
	mug = lineItems(t, bs.acct, s.ID)[0].ID
	input = "#quantity-" + mug
	noJS := bs.browser.newTab(t)
	noJS.do("turn JavaScript off", disableScript())
	noJS.do("open session.url", chromedp.Navigate(s.URL), chromedp.WaitVisible(chromedp.CSS(input)))
	noJS.do("update to 2 mugs", chromedp.SetValue(chromedp.CSS(input), "2"),
		chromedp.Click(chromedp.CSS(`[data-line-item="`+mug+`"] [data-testid="quantity-update"]`)))
	noJS.waitURL(bs.srv.URL + "/c/pay/" + s.ID + "#summary-title")
	if total := get(noJS, "total", chromedp.Text(chromedp.CSS(`[data-testid="total"]`))); total != "$66.38" {
		t.Errorf("total after the update = %q", total)
	}
	if v := get(noJS, "quantity", chromedp.Value(chromedp.CSS(input))); v != "2" {
		t.Errorf("quantity after the update shows %q", v)
	}
}

package web_test

import (
	"fmt"
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

// inFrame runs fn (a JavaScript function of args) in frame's document until
// it returns something truthy.
func inFrame(frame *chromedp.Node, fn string, args ...any) chromedp.Action[chromedp.Void] {
	return chromedp.PollFunction[chromedp.Void](fn, chromedp.WithPollingInFrame(frame), chromedp.WithPollingArgs(args...))
}

// setQuantity types a quantity into a stepper inside frame and lets
// checkout.js see it change, as the input's arrows do.
func setQuantity(frame *chromedp.Node, input, quantity string) chromedp.Action[chromedp.Void] {
	return inFrame(frame, `(sel, q) => {
		const el = document.querySelector(sel);
		el.value = q;
		el.dispatchEvent(new Event("change"));
		return true;
	}`, input, quantity)
}

// frameText is the text of what sel finds in frame.
func frameText(tb *tab, frame *chromedp.Node, sel string) string {
	tb.t.Helper()
	return get(tb, sel, chromedp.Text(chromedp.CSS(sel), chromedp.FromNode(frame)))
}

// TestBrowserEmbeddedQuantity changes an adjustable line's quantity inside
// the embedded checkout's iframe: with JavaScript the frame's totals change
// in place and a refused quantity shows the server's message; the session
// is paid at the new total with the new quantity on its line. Then, with
// JavaScript turned off, the Update button posts the stepper and the frame
// comes back with the new totals.
func TestBrowserEmbeddedQuantity(t *testing.T) {
	src := axeSource(t)
	es := newEmbedSetup(t, embedStatusErrors)
	s := embeddedQuantitySession(t, es.acct)
	mug := lineItems(t, es.acct, s.ID)[0].ID
	input := "#quantity-" + mug
	es.shop.use(s.ClientSecret)
	tb := es.tab
	tb.do("open the shop", chromedp.Navigate(es.shop.URL+"/"))
	frame := tb.mustFrame(input)
	// 3 × $12.00 + $3.60 tax + 2 × $19.99.
	tb.do("set 3 mugs", setQuantity(frame, input, "3"), inFrame(frame, `() =>
		document.querySelector('[data-testid="total"]').textContent === "$79.58" &&
		document.querySelector(".SubmitButton-Amount").textContent === "$79.58" &&
		document.querySelector('[data-testid="tax"]').textContent === "$3.60"`))
	tb.do("set 9 mugs", setQuantity(frame, input, "9"), chromedp.WaitVisible(chromedp.CSS(".qty-error"), chromedp.FromNode(frame)))
	if msg := frameText(tb, frame, ".qty-error"); msg != "Enter a quantity from 1 to 5." {
		t.Errorf("quantity error = %q", msg)
	}
	for _, sz := range []struct {
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}},
		{1280, 900, nil},
	} {
		tb.do(fmt.Sprintf("viewport %d", sz.width), chromedp.EmulateViewport(sz.width, sz.height, sz.opts...))
		frame = tb.mustFrame(".qty-error")
		checkAxeIn(t, tb, frame, src, fmt.Sprintf("embedded stepper at %d px", sz.width))
		keepScreenshot(t, tb, "embedded-quantity", sz.width)
	}
	tb.do("fill the form", fillFrameForm(frame, goodCard))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(frame)))
	tb.mustFrame(`[data-testid="result-complete"]`)
	tb.do("onComplete", chromedp.Poll[chromedp.Void](`document.title === "complete"`))
	checkQuantityPaid(t, es.acct, s.ID, 3, 7958)

	// Without JavaScript: the frame is loaded (till.js and embed.js need it),
	// then scripts stop and the Update button posts the stepper's form.
	s = embeddedQuantitySession(t, es.acct)
	mug = lineItems(t, es.acct, s.ID)[0].ID
	input = "#quantity-" + mug
	es.shop.use(s.ClientSecret)
	tb.do("open the shop", chromedp.Navigate(es.shop.URL+"/"))
	frame = tb.mustFrame(input)
	tb.do("checkout.js ran so far", inFrame(frame, `() => !!document.querySelector(".qty-error")`))
	tb.do("turn JavaScript off", disableScript())
	tb.do("update to 2 mugs", chromedp.SetValue(chromedp.CSS(input), "2", chromedp.FromNode(frame)),
		chromedp.Click(chromedp.CSS(`[data-line-item="`+mug+`"] [data-testid="quantity-update"]`), chromedp.FromNode(frame)))
	// The frame's new page renders the quantity the server took; no script
	// ran there, so no .qty-error.
	frame = tb.mustFrame(input + `[value="2"]`)
	tb.do("no script ran", chromedp.WaitNotPresent(chromedp.CSS(".qty-error"), chromedp.FromNode(frame)))
	if total := frameText(tb, frame, `[data-testid="total"]`); total != "$66.38" {
		t.Errorf("total after the update = %q", total)
	}
	if got, _ := es.acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.AmountTotal != 6638 {
		t.Errorf("total after the update without JavaScript = %d", got.AmountTotal)
	}
}

// checkQuantityPaid checks a session of quantityParams is paid at total,
// the PaymentIntent's amount, with quantity mugs on its first line.
func checkQuantityPaid(t *testing.T, acct *account, id string, quantity, total int64) {
	t.Helper()
	done := checkPaid(t, acct, id)
	if done.AmountTotal != total {
		t.Errorf("paid %d, want %d", done.AmountTotal, total)
	}
	if pis := paymentIntents(t, acct); len(pis) == 0 || pis[0].Amount != total {
		t.Errorf("the payment intent's amount is not %d", total)
	}
	if li := lineItems(t, acct, id)[0]; li.Quantity != quantity {
		t.Errorf("the paid line's quantity = %d, want %d", li.Quantity, quantity)
	}
}

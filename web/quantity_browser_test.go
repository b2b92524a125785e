package web_test

import (
	"fmt"
	"html/template"
	"strings"
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
		chromedp.Evaluate[chromedp.Void](`document.querySelector("`+input+`").dispatchEvent(new Event("change", {bubbles: true}))`),
		// 3 × $12.00 + $3.60 tax + 2 × $19.99.
		chromedp.Poll[chromedp.Void](`document.querySelector('[data-testid="total"]').textContent === "$79.58" &&
			document.querySelector(".SubmitButton-Amount").textContent === "$79.58"`))
	// The amounts change in place; a screen reader hears the new total.
	if said := get(tb, "total announced", chromedp.Evaluate[string](`document.querySelector('[data-testid="total-announcement"]').textContent`)); said != "Total due $79.58" {
		t.Errorf("announced %q, want the new total", said)
	}
	tb.do("set 9 mugs", chromedp.SetValue(chromedp.CSS(input), "9"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("`+input+`").dispatchEvent(new Event("change", {bubbles: true}))`),
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

// changeValue sets a field's value (inside frame, or the page's own when
// frame is nil) and lets the page's script see it change as a shopper's
// change does, the event bubbling: a quantity typed, the arrows of its
// input, a country picked.
func changeValue(frame *chromedp.Node, input, value string) chromedp.Action[chromedp.Void] {
	opts := []chromedp.PollOption{chromedp.WithPollingArgs(input, value)}
	if frame != nil {
		opts = append(opts, chromedp.WithPollingInFrame(frame))
	}
	return chromedp.PollFunction[chromedp.Void](`(sel, q) => {
		const el = document.querySelector(sel);
		el.value = q;
		el.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	}`, opts...)
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
	tb.do("set 3 mugs", changeValue(frame, input, "3"), inFrame(frame, `() =>
		document.querySelector('[data-testid="total"]').textContent === "$79.58" &&
		document.querySelector(".SubmitButton-Amount").textContent === "$79.58" &&
		document.querySelector('[data-testid="tax"]').textContent === "$3.60"`))
	tb.do("set 9 mugs", changeValue(frame, input, "9"), chromedp.WaitVisible(chromedp.CSS(".qty-error"), chromedp.FromNode(frame)))
	if msg := frameText(tb, frame, ".qty-error"); msg != "Enter a quantity from 1 to 5." {
		t.Errorf("quantity error = %q", msg)
	}
	atPhoneAndDesktop(tb, func(width int64) {
		frame = tb.mustFrame(".qty-error")
		checkAxeIn(t, tb, frame, src, fmt.Sprintf("embedded stepper at %d px", width))
		keepScreenshot(t, tb, "embedded-quantity", width)
	})
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

// customQuantityPage is a custom checkout page that shows each line of
// session().lineItems, a number input for those with an adjustableQuantity
// (its range as the input's), wired to updateLineItemQuantity, and pays
// with confirm().
var customQuantityPage = template.Must(template.New("custom-quantity").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Custom shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>pre { white-space: pre-wrap; overflow-wrap: anywhere; }</style>
<script src="{{.Till}}/js/till.js"></script></head>
<body><main><h1>Your order</h1><ul id="lines"></ul><p>Total <span id="total"></span></p>
<div id="payment-element"></div><button id="pay" disabled>Pay</button><pre id="result">waiting</pre></main>
<script>
(async () => {
  const stripe = Stripe({{.PK}});
  const checkout = stripe.initCheckoutElementsSdk({
    clientSecret: fetch("/secret", {method: "POST"}).then(r => r.json()).then(j => j.clientSecret),
  });
  const out = (r) => { document.getElementById("result").textContent = JSON.stringify(r); };
  const show = (session) => {
    document.getElementById("total").textContent = session.total.total.amount;
    for (const li of session.lineItems) {
      const amount = document.getElementById("amount-" + li.id);
      if (amount) amount.textContent = li.subtotal.amount;
    }
  };
  checkout.on("change", show);
  checkout.createPaymentElement().mount("#payment-element");
  const loaded = await checkout.loadActions();
  if (loaded.type === "error") { out(loaded); return; }
  const actions = loaded.actions;
  for (const li of actions.getSession().lineItems) {
    const row = document.createElement("li");
    row.innerHTML = "<span></span> <span></span>";
    row.firstChild.textContent = li.name;
    row.lastChild.id = "amount-" + li.id;
    if (li.adjustableQuantity) {
      const label = document.createElement("label");
      label.textContent = "Quantity of " + li.name + " ";
      const input = document.createElement("input");
      Object.assign(input, {type: "number", id: "qty-" + li.id, min: li.adjustableQuantity.minimum,
        max: li.adjustableQuantity.maximum, value: li.quantity});
      input.addEventListener("change", async () =>
        out(await actions.updateLineItemQuantity({lineItem: li.id, quantity: Number(input.value)})));
      label.appendChild(input);
      row.appendChild(label);
    }
    document.getElementById("lines").appendChild(row);
  }
  show(actions.getSession());
  const pay = document.getElementById("pay");
  pay.disabled = false;
  pay.addEventListener("click", async () => {
    document.getElementById("result").textContent = "paying";
    await actions.updateEmail({{.Email}});
    out(await actions.confirm({redirect: "if_required"}));
  });
})().catch(e => { document.getElementById("result").textContent = "error: " + e.message; });
</script></body></html>`))

// TestBrowserCustomQuantity drives a custom shop's quantity input with
// updateLineItemQuantity: the session answered moves the shop's total,
// a quantity out of the line's range resolves Stripe.js's error, and
// confirm() pays the new total with the new quantity on the line.
func TestBrowserCustomQuantity(t *testing.T) {
	src := axeSource(t)
	chromiumPath(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s, tb := openCustomShop(t, srv, acct, quantityParams(t, acct), customQuantityPage)
	mug := lineItems(t, acct, s.ID)[0].ID
	input := "#qty-" + mug
	tb.do("wait for the shop", chromedp.WaitEnabled(chromedp.CSS("#pay")), chromedp.WaitVisible(chromedp.CSS(input)))
	if total := get(tb, "total", chromedp.Text(chromedp.CSS("#total"))); total != "$53.18" {
		t.Errorf("total = %q, want $53.18", total)
	}
	tb.do("3 mugs", changeValue(nil, input, "3"), chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes('"type":"success"') &&
		document.getElementById("total").textContent === "$79.58" && document.getElementById("amount-`+mug+`").textContent === "$36.00"`))
	tb.do("9 mugs", changeValue(nil, input, "9"), chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes('"type":"error"')`))
	if res := get(tb, "result", chromedp.Text(chromedp.CSS("#result"))); !strings.Contains(res, "Enter a quantity from 1 to 5.") ||
		!strings.Contains(res, `"code":null`) {
		t.Errorf("out-of-range result: %s", res)
	}
	if total := get(tb, "total", chromedp.Text(chromedp.CSS("#total"))); total != "$79.58" {
		t.Errorf("total after the refused quantity = %q", total)
	}
	atPhoneAndDesktop(tb, func(width int64) {
		frame := customFrame(tb, "#card_number")
		checkAxe(t, tb, src, fmt.Sprintf("custom shop at %d px", width))
		checkAxeIn(t, tb, frame, src, fmt.Sprintf("custom card fields at %d px", width))
		keepScreenshot(t, tb, "custom-quantity", width)
	})
	tb.do("fill the card", fillCardFrame(customFrame(tb, "#card_number"), goodCard))
	tb.do("click Pay", chromedp.Click(chromedp.CSS("#pay")))
	tb.do("success", chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes('"type":"success"') &&
		document.getElementById("result").textContent.includes('"type":"complete"')`))
	checkQuantityPaid(t, acct, s.ID, 3, 7958)
}

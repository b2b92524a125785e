package web_test

// Browser test of custom checkout: a merchant page on another origin loads
// Till's /js/till.js, calls initCheckout, mounts the Payment Element (Till's
// card iframe), and confirms with its own email field and Pay button.

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

var customShopPage = template.Must(template.New("custom").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Custom shop</title>
<script src="{{.Till}}/js/till.js"></script></head>
<body><h1>Checkout</h1><p id="total"></p><input id="email" type="email"><div id="payment-element"></div>
<button id="pay" disabled>Pay</button><pre id="result">waiting</pre><p id="changes">0</p>
<script>
(async () => {
  const stripe = Stripe({{.PK}});
  const checkout = await stripe.initCheckout({
    fetchClientSecret: () => fetch("/secret", {method: "POST"}).then(r => r.json()).then(j => j.clientSecret),
  });
  let changes = 0;
  checkout.on("change", () => { document.getElementById("changes").textContent = String(++changes); });
  document.getElementById("total").textContent = checkout.session().total.total.amount;
  checkout.createPaymentElement().mount("#payment-element");
  // A message from anyone but Till's iframe changes nothing.
  window.postMessage({type: "till:confirm-result", id: 1, result: {type: "success"}}, "*");
  const pay = document.getElementById("pay");
  pay.disabled = false;
  pay.addEventListener("click", async () => {
    document.getElementById("result").textContent = "paying";
    const upd = await checkout.updateEmail(document.getElementById("email").value);
    if (upd.type === "error") { document.getElementById("result").textContent = JSON.stringify(upd); return; }
    const res = await checkout.confirm({redirect: "if_required"});
    document.getElementById("result").textContent = JSON.stringify(res);
  });
})().catch(e => { document.getElementById("result").textContent = "error: " + e.message; });
</script></body></html>`))

// networkErrorsUnder allows the console's reports of error statuses that a
// test causes on purpose, from the endpoints under prefix (a decline's 402
// from /c/api/custom/, an unknown session's 404 from /c/api/).
func networkErrorsUnder(prefix string) func(chromedp.ConsoleMessage) bool {
	return func(m chromedp.ConsoleMessage) bool {
		u, err := url.Parse(m.URL)
		return m.Source == "network" && err == nil && strings.HasPrefix(u.Path, prefix)
	}
}

// TestBrowserCustomCheckout: the custom form confirms a decline (error
// result with Stripe's message, session still open), then 4242… (success,
// the session complete through the API). The card number never reaches the
// merchant page's DOM.
func TestBrowserCustomCheckout(t *testing.T) {
	chromiumPath(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := customSession(t, acct)
	shop := newCustomShop(t, customShopPage, map[string]string{"Till": srv.URL, "PK": acct.PublishableKey}, s.ClientSecret)
	tb := newBrowser(t).newTab(t, networkErrorsUnder("/c/api/custom/"))

	tb.do("open the shop", chromedp.Navigate(shop.URL+"/"), chromedp.WaitEnabled(chromedp.CSS("#pay")))
	if total := get(tb, "total", chromedp.Text(chromedp.CSS("#total"))); total != "$39.98" {
		t.Errorf("session().total = %q, want $39.98", total)
	}
	frame := customFrame(tb, "#card_number")
	tb.do("type the email", chromedp.SendKeys(chromedp.CSS("#email"), testEmail))
	tb.do("fill the card", fillCardFrame(frame, "4000000000000002"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS("#pay")))
	tb.do("decline", chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes('"type":"error"')`))
	res := get(tb, "result", chromedp.Text(chromedp.CSS("#result")))
	if !strings.Contains(res, "Your card was declined.") || !strings.Contains(res, "paymentFailed") {
		t.Errorf("decline result: %s", res)
	}
	if msg := get(tb, "card error", chromedp.Text(chromedp.CSS("#card-error"), chromedp.FromNode(frame))); msg != "Your card was declined." {
		t.Errorf("card iframe error: %q", msg)
	}
	if got, err := acct.Stripe.V1CheckoutSessions.Retrieve(context.Background(), s.ID, nil); err != nil || got.Status != "open" {
		t.Fatalf("after the decline: %v %v, want open", got.Status, err)
	}
	// The merchant page sees no card number.
	if html := get(tb, "shop page", chromedp.Evaluate[string](`document.documentElement.outerHTML`)); strings.Contains(html, "4000000000000002") {
		t.Error("the card number reached the merchant page")
	}

	tb.do("fill the card again", fillCardFrame(frame, "4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS("#pay")))
	tb.do("success", chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes('"type":"success"')`))
	res = get(tb, "result", chromedp.Text(chromedp.CSS("#result")))
	if !strings.Contains(res, `"type":"complete"`) || !strings.Contains(res, s.ID) {
		t.Errorf("success result: %s", res)
	}
	checkPaid(t, acct, s.ID)
}

// newCustomShop is a merchant's site for custom checkout: "/" is page
// executed with data, "/secret" answers the client secret as JSON.
func newCustomShop(t *testing.T, page *template.Template, data map[string]string, secret string) *httptest.Server {
	t.Helper()
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			page.Execute(w, data)
		case "/secret":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"clientSecret":%q}`, secret)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(shop.Close)
	return shop
}

// fillCardFrame fills the card fields of the Payment Element's iframe.
func fillCardFrame(frame *chromedp.Node, number string) chromedp.Action[chromedp.Void] {
	in := chromedp.FromNode(frame)
	return chromedp.Steps(
		chromedp.SetValue(chromedp.CSS("#card_number"), number, in),
		chromedp.SetValue(chromedp.CSS("#card_expiry"), "12 / 34", in),
		chromedp.SetValue(chromedp.CSS("#card_cvc"), "123", in),
		chromedp.SetValue(chromedp.CSS("#card_name"), testCardholder, in),
		chromedp.SetValue(chromedp.CSS("#country"), "US", in),
		chromedp.SetValue(chromedp.CSS("#postal_code"), "94107", in),
	)
}

// customFrame waits until the Payment Element's iframe shows sel.
func customFrame(tb *tab, sel string) *chromedp.Node {
	tb.t.Helper()
	return tb.mustFrameShowing("iframe[data-till-payment-element]", sel)
}

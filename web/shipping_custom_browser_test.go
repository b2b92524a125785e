package web_test

import (
	"html/template"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stripe/stripe-go/v82"
)

// customShippingPage is a custom checkout page that shows its shipping
// options as buttons wired to updateShippingOption, and pays with the
// shipping address given to updateShippingAddress.
var customShippingPage = template.Must(template.New("custom-shipping").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Custom shop</title>
<script src="{{.Till}}/js/till.js"></script></head>
<body><p id="total"></p><div id="options"></div>
<div id="payment-element"></div><button id="pay" disabled>Pay</button><pre id="result">waiting</pre>
<script>
(async () => {
  const stripe = Stripe({{.PK}});
  const checkout = await stripe.initCheckout({
    fetchClientSecret: () => fetch("/secret", {method: "POST"}).then(r => r.json()).then(j => j.clientSecret),
  });
  const show = () => { document.getElementById("total").textContent = checkout.session().total.total.amount; };
  checkout.on("change", show);
  show();
  for (const o of checkout.session().shippingOptions) {
    const b = document.createElement("button");
    b.id = "option-" + o.displayName.replace(/\W+/g, "-").toLowerCase();
    b.textContent = o.displayName;
    b.addEventListener("click", async () => {
      document.getElementById("result").textContent = JSON.stringify(await checkout.updateShippingOption(o.id));
    });
    document.getElementById("options").appendChild(b);
  }
  checkout.createPaymentElement().mount("#payment-element");
  const pay = document.getElementById("pay");
  pay.disabled = false;
  pay.addEventListener("click", async () => {
    document.getElementById("result").textContent = "paying";
    await checkout.updateEmail({{.Email}});
    await checkout.updateShippingAddress({name: "Jenny Rosen",
      address: {line1: "1 Market St", city: "San Francisco", state: "CA", country: "US", postal_code: "94105"}});
    document.getElementById("result").textContent = JSON.stringify(await checkout.confirm({redirect: "if_required"}));
  });
})().catch(e => { document.getElementById("result").textContent = "error: " + e.message; });
</script></body></html>`))

// Custom mode's shipping in Chromium: the first option in the total, the
// second chosen with updateShippingOption (the total follows), and the
// session paid at it with the address given to updateShippingAddress.
func TestBrowserCustomShipping(t *testing.T) {
	chromiumPath(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	p, _ := shippingSession(t, acct)
	s, tb := openCustomShop(t, srv, acct, p, customShippingPage)
	tb.do("wait for the shop", chromedp.WaitEnabled(chromedp.CSS("#pay")))
	if total := get(tb, "total", chromedp.Text(chromedp.CSS("#total"))); total != "$44.98" {
		t.Errorf("total with the first option = %q, want $44.98", total)
	}
	tb.do("choose next day air", chromedp.Click(chromedp.CSS("#option-next-day-air")),
		chromedp.Poll[chromedp.Void](`document.getElementById("total").textContent === "$54.98"`))
	frame := customFrame(tb, "#card_number")
	tb.do("fill the card", fillCardFrame(frame, "4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS("#pay")),
		chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent !== "paying"`))
	if res := get(tb, "result", chromedp.Text(chromedp.CSS("#result"))); !strings.Contains(res, `"type":"complete"`) {
		t.Fatalf("confirm: %s", res)
	}
	got, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil || got.Status != "complete" || got.AmountTotal != 5498 || got.CollectedInformation == nil ||
		got.CollectedInformation.ShippingDetails == nil || got.CollectedInformation.ShippingDetails.Address.City != "San Francisco" {
		t.Errorf("paid session: %+v, %v", got, err)
	}
}

// openCustomShop creates a custom-mode session from p (a hosted session's
// parameters) and opens page, a custom shop executed with Till's URL, the
// publishable key and the shopper's email, in a new browser tab.
func openCustomShop(t *testing.T, srv *testServer, acct *account, p *stripe.CheckoutSessionCreateParams, page *template.Template) (*stripe.CheckoutSession, *tab) {
	t.Helper()
	p.SuccessURL, p.CancelURL, p.UIMode = nil, nil, stripe.String("custom")
	p.ReturnURL = stripe.String("https://shop.example/return")
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	shop := newCustomShop(t, page, map[string]string{"Till": srv.URL, "PK": acct.PublishableKey, "Email": testEmail}, s.ClientSecret)
	tb := newBrowser(t).newTab(t, networkErrorsUnder("/c/api/custom/"))
	tb.do("open the shop", chromedp.Navigate(shop.URL+"/"))
	return s, tb
}

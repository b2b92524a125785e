package web_test

// Browser tests of the Stripe.js entry points merchant pages written for
// each Stripe.js release call: redirectToCheckout (before clover),
// createEmbeddedCheckoutPage (dahlia's initEmbeddedCheckout),
// initCheckoutElementsSdk (dahlia's initCheckout) and clover's synchronous
// initCheckout with loadActions(), each paying, and the errors each
// resolves (or rejects) with.

import (
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// redirectShopPage is a merchant page for hosted Checkout before clover: a
// button that sends the shopper to the session its ?session names.
var redirectShopPage = template.Must(template.New("redirect").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="{{.Till}}/js/till.js"></script></head>
<body><button id="checkout">Checkout</button><pre id="result">waiting</pre>
<script>
window.stripe = Stripe({{.PK}});
document.getElementById("checkout").addEventListener("click", () => {
  stripe.redirectToCheckout({sessionId: new URLSearchParams(location.search).get("session")})
    .then((result) => { document.getElementById("result").textContent = JSON.stringify(result); });
});
</script></body></html>`))

// newRedirectShop serves redirectShopPage at "/" and "ok" at any other
// path (success_url, cancel_url).
func newRedirectShop(t *testing.T, srv *testServer, acct *account) *httptest.Server {
	t.Helper()
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/" {
			redirectShopPage.Execute(w, map[string]string{"Till": srv.URL, "PK": acct.PublishableKey})
			return
		}
		fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><head><title>Shop</title></head><body><p>ok</p></body></html>`)
	}))
	t.Cleanup(shop.Close)
	return shop
}

// TestBrowserRedirectToCheckout: the shop's button calls
// redirectToCheckout({sessionId}); the top window lands on the session's
// url, the shopper pays there and ends on success_url.
func TestBrowserRedirectToCheckout(t *testing.T) {
	chromiumPath(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	shop := newRedirectShop(t, srv, acct)
	s := browserSession(t, acct, shop)
	tb := newBrowser(t).newTab(t)

	tb.do("open the shop", chromedp.Navigate(shop.URL+"/?session="+s.ID), chromedp.WaitVisible(chromedp.CSS("#checkout")))
	tb.do("click Checkout", chromedp.Click(chromedp.CSS("#checkout")))
	if u := tb.waitURL(srv.URL + "/c/pay/"); u != s.URL {
		t.Errorf("redirectToCheckout went to %s, want session.url %s", u, s.URL)
	}
	tb.do("fill the form", fillForm("4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay)))
	if u := tb.waitURL(shop.URL + "/success"); !strings.Contains(u, s.ID) {
		t.Errorf("landed on %s, want success_url with the session id", u)
	}
	checkPaid(t, acct, s.ID)
}

// TestBrowserEmbeddedCheckoutPage: createEmbeddedCheckoutPage mounts the
// iframe Stripe names embedded-checkout and resolves to an object that
// unmounts, mounts again and destroys, after which a new one can be made;
// while one lives, a second is refused. The shopper pays in the new one.
func TestBrowserEmbeddedCheckoutPage(t *testing.T) {
	es := newEmbedSetup(t, noConsoleErrors)
	s := embeddedSession(t, es.acct, es.shop.URL+"/return?session_id={CHECKOUT_SESSION_ID}", "")
	es.shop.use(s.ClientSecret)
	tb := es.tab
	tb.do("open the shop", chromedp.Navigate(es.shop.URL+"/?init=createEmbeddedCheckoutPage"))
	tb.mustFrame(selForm)
	if name := get(tb, "iframe name", chromedp.Evaluate[string](`document.querySelector("iframe").name`)); name != "embedded-checkout" {
		t.Errorf("the iframe is named %q, want embedded-checkout", name)
	}
	second := get(tb, "a second checkout", chromedp.Evaluate[string](
		`Stripe(`+jsString(es.acct.PublishableKey)+`).createEmbeddedCheckoutPage({clientSecret: "x"}).then(() => "resolved", (e) => e.name + ": " + e.message)`,
		chromedp.EvalAwaitPromise))
	if !strings.HasPrefix(second, "IntegrationError: ") {
		t.Errorf("a second createEmbeddedCheckoutPage gave %q, want an IntegrationError", second)
	}

	tb.do("unmount", chromedp.Evaluate[chromedp.Void](`checkout.unmount()`))
	if n := get(tb, "iframes", chromedp.Evaluate[int](`document.querySelectorAll("iframe").length`)); n != 0 {
		t.Errorf("after unmount() %d iframes are left", n)
	}
	tb.do("mount again", chromedp.Evaluate[chromedp.Void](`checkout.mount(document.getElementById("checkout"))`))
	tb.mustFrame(selForm)

	tb.do("destroy, and make a new one", chromedp.Evaluate[chromedp.Void](`(async () => {
		checkout.destroy();
		if (document.querySelector("iframe")) throw new Error("destroy() left the iframe");
		window.checkout = await Stripe(`+jsString(es.acct.PublishableKey)+`).createEmbeddedCheckoutPage({
			fetchClientSecret: () => fetch("/secret", {method: "POST"}).then((r) => r.json()).then((j) => j.clientSecret),
		});
		checkout.mount("#checkout");
	})()`, chromedp.EvalAwaitPromise))
	frame := tb.mustFrame(selForm)
	tb.do("fill the form", fillFrameForm(frame, "4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(frame)))
	if u := tb.waitURL(es.shop.URL + "/return"); !strings.Contains(u, "session_id="+s.ID) {
		t.Errorf("landed on %s, want return_url with the session id", u)
	}
	checkPaid(t, es.acct, s.ID)
}

// elementsShopPage is a custom checkout page as written from clover on:
// the checkout made synchronously (with {{.Init}}: initCheckoutElementsSdk,
// or clover's initCheckout) from a Promise of the secret, its Payment
// Element mounted at once, and the actions from loadActions().
var elementsShopPage = template.Must(template.New("elements").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Custom shop</title>
<script src="{{.Till}}/js/till.js"></script></head>
<body><h1>Checkout</h1><p id="total"></p><p id="session"></p><input id="email" type="email"><div id="payment-element"></div>
<button id="pay" disabled>Pay</button><pre id="result">waiting</pre>
<script>
const stripe = Stripe({{.PK}});
const checkout = stripe[{{.Init}}]({
  clientSecret: fetch("/secret", {method: "POST"}).then((r) => r.json()).then((j) => j.clientSecret),
});
const pay = document.getElementById("pay");
const show = (v) => { document.getElementById("result").textContent = typeof v === "string" ? v : JSON.stringify(v); };
checkout.on("change", (session) => {
  document.getElementById("total").textContent = session.total.total.amount;
  pay.disabled = !session.canConfirm;
});
checkout.createPaymentElement().mount("#payment-element");
checkout.loadActions().then((loaded) => {
  if (loaded.type !== "success") { show(loaded); return; }
  const {actions} = loaded;
  pay.addEventListener("click", async () => {
    show("paying");
    const email = await actions.updateEmail(document.getElementById("email").value);
    if (email.type === "error") { show(email); return; }
    show(await actions.confirm({redirect: "if_required"}));
  });
  document.getElementById("session").textContent = actions.getSession().id;
});
</script></body></html>`))

// TestBrowserCheckoutElementsSdk: a page written for dahlia
// (initCheckoutElementsSdk) and one for clover (a synchronous initCheckout)
// load the session, confirm a decline (an error result with Stripe's
// message) and then pay 4242….
func TestBrowserCheckoutElementsSdk(t *testing.T) {
	for _, init := range []string{"initCheckoutElementsSdk", "initCheckout"} {
		t.Run(init, func(t *testing.T) {
			chromiumPath(t)
			srv := newTestServer(t)
			acct := srv.newAccount(t)
			s := customSession(t, acct)
			shop := newCustomShop(t, elementsShopPage, map[string]string{"Till": srv.URL, "PK": acct.PublishableKey, "Init": init}, s.ClientSecret)
			tb := newBrowser(t).newTab(t, networkErrorsUnder("/c/api/custom/"))

			tb.do("open the shop", chromedp.Navigate(shop.URL+"/"), chromedp.WaitEnabled(chromedp.CSS("#pay")),
				chromedp.Poll[chromedp.Void](`document.getElementById("session").textContent !== ""`))
			if id := get(tb, "getSession().id", chromedp.Text(chromedp.CSS("#session"))); id != s.ID {
				t.Errorf("actions.getSession().id = %q, want %s", id, s.ID)
			}
			if total := get(tb, "total", chromedp.Text(chromedp.CSS("#total"))); total != "$39.98" {
				t.Errorf("the change event's total = %q, want $39.98", total)
			}
			frame := customFrame(tb, "#card_number")
			tb.do("type the email", chromedp.SendKeys(chromedp.CSS("#email"), testEmail))

			tb.do("fill a declined card", fillCardFrame(frame, "4000000000000002"))
			tb.do("click Pay", chromedp.Click(chromedp.CSS("#pay")))
			tb.do("decline", chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes('"type":"error"')`))
			if res := get(tb, "result", chromedp.Text(chromedp.CSS("#result"))); !strings.Contains(res, `"code":"paymentFailed"`) ||
				!strings.Contains(res, "Your card was declined.") {
				t.Errorf("decline result: %s", res)
			}

			tb.do("fill 4242", fillCardFrame(frame, "4242424242424242"))
			tb.do("click Pay", chromedp.Click(chromedp.CSS("#pay")))
			tb.do("success", chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes('"type":"success"')`))
			if res := get(tb, "result", chromedp.Text(chromedp.CSS("#result"))); !strings.Contains(res, `"type":"complete"`) || !strings.Contains(res, s.ID) {
				t.Errorf("success result: %s", res)
			}
			checkPaid(t, acct, s.ID)
		})
	}
}

// stripeJSError is a Stripe.js error as the page saw it.
type stripeJSError struct {
	Type    string `json:"type"`
	Code    string `json:"code"`
	Param   string `json:"param"`
	Message string `json:"message"`
}

// stripeJSResult is what a Stripe.js promise resolved with: {error} for
// redirectToCheckout, {type, error} for the checkout's actions.
type stripeJSResult struct {
	Type  string         `json:"type"`
	Error *stripeJSError `json:"error"`
}

// stripeJSFailures is what TestBrowserStripeJSErrors's calls gave: the
// results they resolved with, or what they threw or rejected with.
type stripeJSFailures struct {
	Unknown, Embedded, ClientOnly stripeJSResult
	NoSession                     string
	WrongSecret, BadSecret        stripeJSResult
	ConfirmUnloaded               stripeJSResult
	AwaitedWrongSecret, NoSecret  string
	EmbeddedNoSecret, EmbeddedBad string
}

// TestBrowserStripeJSErrors: each entry point's failures resolve (or
// reject) as Stripe.js's do, and redirectToCheckout's leave the page where
// it is.
func TestBrowserStripeJSErrors(t *testing.T) {
	chromiumPath(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	shop := newRedirectShop(t, srv, acct)
	embedded := embeddedSession(t, acct, "https://shop.example/return", "")
	wrongSecret := customSession(t, acct).ID + "_secret_" + strings.Repeat("A", 43)
	tb := newBrowser(t).newTab(t, networkErrorsUnder("/c/api/"))
	tb.do("open the shop", chromedp.Navigate(shop.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#checkout")))

	got := get(tb, "the failures", chromedp.Evaluate[stripeJSFailures](`(async () => {
		const rejection = (p) => p.then(() => "resolved", (e) => e.name + ": " + e.message);
		const out = {};
		out.unknown = await stripe.redirectToCheckout({sessionId: "cs_test_nope"});
		out.embedded = await stripe.redirectToCheckout({sessionId: `+jsString(embedded.ID)+`});
		out.clientOnly = await stripe.redirectToCheckout({lineItems: [{price: "price_123", quantity: 1}], mode: "payment",
			successUrl: location.href, cancelUrl: location.href});
		try { stripe.redirectToCheckout({}); out.noSession = "returned"; } catch (e) { out.noSession = e.name; }
		out.wrongSecret = await stripe.initCheckoutElementsSdk({clientSecret: Promise.resolve(`+jsString(wrongSecret)+`)}).loadActions();
		const bad = stripe.initCheckoutElementsSdk({clientSecret: "not a secret"});
		out.badSecret = await bad.loadActions();
		out.confirmUnloaded = await bad.confirm();
		out.awaitedWrongSecret = await rejection(stripe.initCheckout({fetchClientSecret: async () => `+jsString(wrongSecret)+`}));
		out.noSecret = await rejection(stripe.initCheckout({}));
		out.embeddedNoSecret = await rejection(stripe.createEmbeddedCheckoutPage({}));
		out.embeddedBad = await rejection(stripe.createEmbeddedCheckoutPage({clientSecret: "not a secret"}));
		return out;
	})()`, chromedp.EvalAwaitPromise))

	for name, c := range map[string]struct {
		got               stripeJSResult
		code, param, text string
	}{
		"an unknown session":  {got.Unknown, "resource_missing", "sessionId", "cs_test_nope"},
		"an embedded session": {got.Embedded, "invalid_request", "sessionId", "ui_mode embedded"},
		"client-only options": {got.ClientOnly, "", "", "deprecated"},
	} {
		if e := c.got.Error; e == nil || e.Type != "invalid_request_error" || e.Code != c.code || e.Param != c.param || !strings.Contains(e.Message, c.text) {
			t.Errorf("redirectToCheckout with %s resolved %+v, want {error} with code %q param %q and %q in its message", name, e, c.code, c.param, c.text)
		}
	}
	if u := tb.url(); u != shop.URL+"/" {
		t.Errorf("after the failed redirects the page is at %s, want it to stay", u)
	}
	if got.NoSession != "IntegrationError" {
		t.Errorf("redirectToCheckout({}) gave %q, want an IntegrationError thrown", got.NoSession)
	}

	for name, c := range map[string]struct {
		got  stripeJSResult
		text string
	}{
		"loadActions with another session's secret": {got.WrongSecret, "No such checkout session."},
		"loadActions with a malformed secret":       {got.BadSecret, "Invalid client secret"},
		"confirm on a checkout that did not load":   {got.ConfirmUnloaded, "Invalid client secret"},
	} {
		if c.got.Type != "error" || c.got.Error == nil || c.got.Error.Code != "" || !strings.Contains(c.got.Error.Message, c.text) {
			t.Errorf("%s resolved %+v, want {type: \"error\", error: {code: null, message: …%s…}}", name, c.got, c.text)
		}
	}
	for name, c := range map[string]struct{ got, want string }{
		"awaiting initCheckout with another session's secret": {got.AwaitedWrongSecret, "IntegrationError: No such checkout session."},
		"awaiting initCheckout without a secret":              {got.NoSecret, "IntegrationError: Checkout needs clientSecret"},
		"createEmbeddedCheckoutPage without a secret":         {got.EmbeddedNoSecret, "IntegrationError: Checkout needs clientSecret"},
		"createEmbeddedCheckoutPage with a malformed secret":  {got.EmbeddedBad, "IntegrationError: Invalid client secret"},
	} {
		if !strings.HasPrefix(c.got, c.want) {
			t.Errorf("%s rejected with %q, want %q…", name, c.got, c.want)
		}
	}
}

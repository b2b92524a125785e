package web_test

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// stripeJSShopPage is a merchant page written for Stripe: it loads Stripe.js
// from js.stripe.com and mounts the embedded checkout.
var stripeJSShopPage = template.Must(template.New("shop").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="https://js.stripe.com/v3/"></script></head>
<body><div id="checkout"></div>
<script>
Stripe({{.PK}}).initEmbeddedCheckout({clientSecret: {{.Secret}}}).then((c) => c.mount("#checkout"));
</script></body></html>`))

// TestBrowserStripeHosts: Chromium sends *.stripe.com to Till's TLS
// listener (--host-resolver-rules) and accepts certificates chained to the
// test's CA only (by its key's hash), as a machine set up per `till ca`
// would. The shopper opens session.url on checkout.stripe.com and pays; then
// a shop page that loads https://js.stripe.com/v3/ mounts the embedded
// checkout, which till.js puts on checkout.stripe.com.
func TestBrowserStripeHosts(t *testing.T) {
	chromiumPath(t)
	srv := newStripeHostsServer(t)
	acct := srv.newAccount(t)
	shop := merchant(t)
	spki := sha256.Sum256(srv.CA.Certificate().RawSubjectPublicKeyInfo)
	b := newOwnBrowser(t,
		chromedp.Flag("host-resolver-rules", "MAP *.stripe.com "+srv.TLSAddr),
		chromedp.Flag("ignore-certificate-errors-spki-list", base64.StdEncoding.EncodeToString(spki[:])),
		// checkout.stripe.com's iframe on a 127.0.0.1 shop is cross-site, so
		// Chromium would put it in a process of its own, where chromedp's
		// queries from the top page (mustFrame) cannot reach.
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,IsolateOrigins,site-per-process"))
	tb := b.newTab(t)

	s := browserSession(t, acct, shop)
	if !strings.HasPrefix(s.URL, "https://checkout.stripe.com/c/pay/"+s.ID+"#") {
		t.Fatalf("session.url = %q, want it on checkout.stripe.com with a fragment", s.URL)
	}
	tb.do("open session.url", chromedp.Navigate(s.URL))
	tb.do("fill the form", fillForm("4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay)))
	if u := tb.waitURL(shop.URL + "/success"); !strings.Contains(u, s.ID) {
		t.Errorf("landed on %s, want success_url with the session id", u)
	}
	checkPaid(t, acct, s.ID)

	es := embeddedSession(t, acct, shop.URL+"/return?session_id={CHECKOUT_SESSION_ID}", "")
	stripeShop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		stripeJSShopPage.Execute(w, map[string]string{"PK": acct.PublishableKey, "Secret": es.ClientSecret})
	}))
	t.Cleanup(stripeShop.Close)
	tb.do("open the shop", chromedp.Navigate(stripeShop.URL+"/"))
	frame := tb.mustFrame(selForm)
	src := get(tb, "iframe src", chromedp.Evaluate[string](`document.querySelector("iframe").src`))
	if !strings.HasPrefix(src, fmt.Sprintf("https://checkout.stripe.com/c/embed/%s", es.ID)) {
		t.Errorf("iframe src = %q, want the embed page on checkout.stripe.com", src)
	}
	tb.do("fill the embedded form", fillFrameForm(frame, "4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(frame)))
	if u := tb.waitURL(shop.URL + "/return"); !strings.Contains(u, "session_id="+es.ID) {
		t.Errorf("landed on %s, want return_url with the session id", u)
	}
	checkPaid(t, acct, es.ID)
}

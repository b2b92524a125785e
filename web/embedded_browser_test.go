package web_test

// Browser tests of the embedded checkout: a merchant page on another origin
// (an httptest server on 127.0.0.1, another port) loads Till's /js/till.js
// and mounts the iframe the way Stripe's docs show, with Stripe(pk) and
// initEmbeddedCheckout.

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stripe/stripe-go/v82"
)

// embedShop is the merchant's site: "/" mounts the embedded checkout of the
// secret the test set, "/return" is the return_url's page.
type embedShop struct {
	*httptest.Server
	mu     sync.Mutex
	secret string
}

var shopPage = template.Must(template.New("shop").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="{{.Till}}/js/till.js"></script></head>
<body><h1>Checkout</h1><div id="checkout"></div><p id="status">waiting</p>
<script>
(async () => {
  const stripe = Stripe({{.PK}});
  const checkout = await stripe.initEmbeddedCheckout({
    fetchClientSecret: () => fetch("/secret", {method: "POST"}).then(r => r.json()).then(j => j.clientSecret),
    onComplete: () => { document.getElementById("status").textContent = "complete"; document.title = "complete"; },
  });
  checkout.mount("#checkout");
  // A message from anyone but Till's iframe changes nothing.
  window.postMessage({type: "till:complete"}, "*");
  window.postMessage({type: "till:resize", height: 5}, "*");
})().catch(e => { document.getElementById("status").textContent = "error: " + e.message; });
</script></body></html>`))

func newEmbedShop(t *testing.T, srv *testServer, acct *account) *embedShop {
	t.Helper()
	shop := &embedShop{}
	shop.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			shopPage.Execute(w, map[string]string{"Till": srv.URL, "PK": acct.PublishableKey})
		case "/secret":
			shop.mu.Lock()
			defer shop.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"clientSecret":%q}`, shop.secret)
		default:
			fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><head><title>Shop</title></head><body><p>ok</p></body></html>`)
		}
	}))
	t.Cleanup(shop.Close)
	return shop
}

func (s *embedShop) use(secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secret = secret
}

// embedStatusErrors allows the status of embed pages answered with an
// error on purpose (404 for a wrong secret, 422/402 for a refused form).
func embedStatusErrors(m chromedp.ConsoleMessage) bool {
	u, err := url.Parse(m.URL)
	return m.Source == "network" && err == nil && strings.HasPrefix(u.Path, "/c/embed/")
}

// frameNode waits until the checkout iframe shows sel and returns the
// iframe's node, for queries inside it with chromedp.FromNode. The iframe
// navigates (its first page posts the secret), so its node is read afresh.
func (tb *tab) frameNode(sel string, within time.Duration) (*chromedp.Node, error) {
	deadline := time.Now().Add(within)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
		nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("iframe[data-till-checkout]")))
		if err == nil && len(nodes) > 0 {
			_, err = chromedp.Run(ctx, chromedp.WaitVisible(chromedp.CSS(sel), chromedp.FromNode(nodes[0])))
			if err == nil {
				cancel()
				return nodes[0], nil
			}
		}
		cancel()
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	return nil, fmt.Errorf("%s not shown in the checkout iframe: %v", sel, last)
}

func (tb *tab) mustFrame(sel string) *chromedp.Node {
	tb.t.Helper()
	n, err := tb.frameNode(sel, stepTimeout)
	if err != nil {
		tb.t.Fatalf("%v (page at %s)", err, tb.url())
	}
	return n
}

// fillFrameForm fills the basic session's form inside the iframe.
func fillFrameForm(frame *chromedp.Node, number string) chromedp.Action[chromedp.Void] {
	in := chromedp.FromNode(frame)
	return chromedp.Steps(
		chromedp.SendKeys(chromedp.CSS("#email"), testEmail, in),
		chromedp.SendKeys(chromedp.CSS("#card_number"), number, in),
		chromedp.SendKeys(chromedp.CSS("#card_expiry"), "12 / 34", in),
		chromedp.SendKeys(chromedp.CSS("#card_cvc"), "123", in),
		chromedp.SendKeys(chromedp.CSS("#card_name"), testCardholder, in),
		chromedp.SetValue(chromedp.CSS("#country"), "US", in),
		chromedp.SendKeys(chromedp.CSS("#postal_code"), "94107", in),
	)
}

type embedSetup struct {
	srv  *testServer
	acct *account
	shop *embedShop
	tab  *tab
}

func newEmbedSetup(t *testing.T, allow func(chromedp.ConsoleMessage) bool) *embedSetup {
	t.Helper()
	chromiumPath(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	shop := newEmbedShop(t, srv, acct)
	b := newBrowser(t)
	return &embedSetup{srv: srv, acct: acct, shop: shop, tab: b.newTab(t, allow)}
}

func noConsoleErrors(chromedp.ConsoleMessage) bool { return false }

// TestBrowserEmbeddedPay: the merchant page mounts the iframe, the shopper
// pays with 4242… inside it, and the top window lands on return_url with
// the session id (redirect_on_completion=always).
func TestBrowserEmbeddedPay(t *testing.T) {
	es := newEmbedSetup(t, noConsoleErrors)
	s := embeddedSession(t, es.acct, es.shop.URL+"/return?session_id={CHECKOUT_SESSION_ID}", "")
	es.shop.use(s.ClientSecret)
	tb := es.tab
	tb.do("open the shop", chromedp.Navigate(es.shop.URL+"/"))
	frame := tb.mustFrame(selForm)
	// The iframe is sized to its content by till.js, and the secret left
	// the iframe's address.
	height := get(tb, "iframe height", chromedp.Evaluate[float64](`document.querySelector("iframe").getBoundingClientRect().height`))
	if height <= 400 {
		t.Errorf("iframe height %v, want it sized to the form", height)
	}
	if v := get(tb, "card number", chromedp.Value(chromedp.CSS("#card_number"), chromedp.FromNode(frame))); v != "" {
		t.Errorf("card number prefilled: %q", v)
	}
	tb.do("fill the form", fillFrameForm(frame, "4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(frame)))
	u := tb.waitURL(es.shop.URL + "/return")
	if !strings.Contains(u, "session_id="+s.ID) {
		t.Errorf("landed on %s, want return_url with the session id", u)
	}
	checkPaid(t, es.acct, s.ID)
}

// TestBrowserEmbeddedOnComplete: with redirect_on_completion=never the top
// window stays and onComplete fires; messages posted by others are ignored.
func TestBrowserEmbeddedOnComplete(t *testing.T) {
	es := newEmbedSetup(t, embedStatusErrors)
	s := embeddedSession(t, es.acct, "", "never")
	es.shop.use(s.ClientSecret)
	tb := es.tab
	tb.do("open the shop", chromedp.Navigate(es.shop.URL+"/"))
	frame := tb.mustFrame(selForm)
	if st := get(tb, "status", chromedp.Text(chromedp.CSS("#status"))); st != "waiting" {
		t.Fatalf("before paying the shop says %q: a forged message was obeyed", st)
	}
	// A declined card first: the form comes back in the iframe.
	tb.do("fill the form", fillFrameForm(frame, "4000000000000002"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(frame)))
	frame = tb.mustFrame(selCardError)
	tb.do("retype the card", chromedp.SendKeys(chromedp.CSS("#card_number"), "4242424242424242", chromedp.FromNode(frame)),
		chromedp.SendKeys(chromedp.CSS("#card_cvc"), "123", chromedp.FromNode(frame)))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(frame)))
	tb.mustFrame(`[data-testid="result-complete"]`)
	tb.do("onComplete", chromedp.Poll[chromedp.Void](`document.title === "complete"`))
	if u := tb.url(); u != es.shop.URL+"/" {
		t.Errorf("the top window went to %s, want it to stay on the shop", u)
	}
	checkPaid(t, es.acct, s.ID)
}

// TestBrowserEmbeddedFraming: once the account names embed origins, a page
// on any other origin cannot show the checkout; adding its origin lets it.
func TestBrowserEmbeddedFraming(t *testing.T) {
	es := newEmbedSetup(t, func(m chromedp.ConsoleMessage) bool {
		return strings.Contains(m.Text, "frame-ancestors") || strings.Contains(m.URL, "/c/embed/")
	})
	s := embeddedSession(t, es.acct, "", "never")
	es.shop.use(s.ClientSecret)
	setOrigins := func(origins ...string) {
		a, err := es.srv.Store.FindAccount(context.Background(), es.acct.ID)
		if err != nil {
			t.Fatal(err)
		}
		a.EmbedOrigins = origins
		if err := es.srv.Store.UpdateAccount(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	setOrigins("https://shop.example")
	tb := es.tab
	tb.do("open the shop", chromedp.Navigate(es.shop.URL+"/"), chromedp.WaitReady(chromedp.CSS("iframe[data-till-checkout]")))
	if _, err := tb.frameNode(`[data-testid="embed-status"], `+selForm, 5*time.Second); err == nil {
		t.Fatal("the checkout rendered in a page whose origin the account does not allow")
	}
	setOrigins("https://shop.example", es.shop.URL)
	tb.do("reopen the shop", chromedp.Navigate(es.shop.URL+"/"))
	tb.mustFrame(selForm)
}

// TestBrowserEmbeddedWrongSecret: a secret of the right shape that is not
// the session's opens nothing of it.
func TestBrowserEmbeddedWrongSecret(t *testing.T) {
	es := newEmbedSetup(t, embedStatusErrors)
	s := embeddedSession(t, es.acct, "", "never")
	es.shop.use(s.ID + "_secret_" + strings.Repeat("A", 43))
	tb := es.tab
	tb.do("open the shop", chromedp.Navigate(es.shop.URL+"/"))
	frame := tb.mustFrame(`[data-testid="result-not_found"]`)
	body := get(tb, "iframe page", chromedp.OuterHTML(chromedp.CSS("body"), chromedp.FromNode(frame)))
	for _, leak := range []string{"T-shirt", "39.98", "Shop", "csrf_token"} {
		if strings.Contains(body, leak) {
			t.Errorf("the iframe shows %q with a wrong secret", leak)
		}
	}
	if st, err := es.acct.Stripe.V1CheckoutSessions.Retrieve(context.Background(), s.ID, nil); err != nil || st.Status != stripe.CheckoutSessionStatusOpen {
		t.Errorf("session after a wrong secret: %v %v", st.Status, err)
	}
}

// TestBrowserEmbeddedIfRequired: with redirect_on_completion=if_required
// Till redirects only when the payment method needs it, and a card never
// does, so if_required behaves as never: the shopper pays 4242… in the
// iframe, onComplete fires and the top window stays on the merchant's page
// even though the session has a return_url.
func TestBrowserEmbeddedIfRequired(t *testing.T) {
	es := newEmbedSetup(t, noConsoleErrors)
	s := embeddedSession(t, es.acct, es.shop.URL+"/return?session_id={CHECKOUT_SESSION_ID}", "if_required")
	es.shop.use(s.ClientSecret)
	tb := es.tab
	tb.do("open the shop", chromedp.Navigate(es.shop.URL+"/"))
	frame := tb.mustFrame(selForm)
	tb.do("fill the form", fillFrameForm(frame, "4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(frame)))
	tb.mustFrame(`[data-testid="result-complete"]`)
	tb.do("onComplete", chromedp.Poll[chromedp.Void](`document.title === "complete"`))
	if u := tb.url(); u != es.shop.URL+"/" {
		t.Errorf("the top window went to %s, want it to stay on the shop", u)
	}
	checkPaid(t, es.acct, s.ID)
}

// keepScreenshot saves the tab's page as artifacts/screenshots/name-width.png
// (see TestBrowserScreenshots) and checks it does not scroll sideways.
func keepScreenshot(t *testing.T, tb *tab, name string, width int64) {
	t.Helper()
	if w := get(tb, "scroll width", chromedp.Evaluate[int64](`document.documentElement.scrollWidth`)); w > width {
		t.Errorf("%s at %d px: the page is %d px wide, it scrolls sideways", name, width, w)
	}
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	png := get(tb, "screenshot", chromedp.FullScreenshot(100))
	file := fmt.Sprintf("%s-%d.png", name, width)
	if err := os.WriteFile(filepath.Join(screenshotDir, file), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: artifacts/screenshots/%s", file)
}

// TestBrowserIframePages runs axe-core on the pages Till serves inside a
// merchant's iframe (the embedded form, open and with errors, and custom
// checkout's card fields) and keeps their screenshots at phone (375) and
// desktop (1280) widths. Each is opened as the tab's own page: axe-core
// cannot reach into a frame of another origin, and the document is the
// same either way (the embed page takes its secret from the fragment
// whether framed or not).
func TestBrowserIframePages(t *testing.T) {
	src := axeSource(t)
	chromiumPath(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	emb := embeddedSession(t, acct, "", "never")
	cus := customSession(t, acct)
	tb := newBrowser(t).newTab(t, embedStatusErrors)
	sizes := []struct {
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}},
		{1280, 900, nil},
	}
	for i, sz := range sizes {
		tb.do(fmt.Sprintf("viewport %d", sz.width), chromedp.EmulateViewport(sz.width, sz.height, sz.opts...))
		tb.do("open the embed page", chromedp.Navigate(srv.URL+"/c/embed/"+emb.ID+"#"+emb.ClientSecret),
			chromedp.WaitVisible(chromedp.CSS(selForm)))
		if i == 0 {
			checkAxe(t, tb, src, "embedded form")
		}
		keepScreenshot(t, tb, "embedded-open", sz.width)
		tb.do("submit an empty form", chromedp.Click(chromedp.CSS(selPay)), chromedp.WaitVisible(chromedp.CSS(selSummary)))
		if i == 0 {
			checkAxe(t, tb, src, "embedded form with errors")
		}
		keepScreenshot(t, tb, "embedded-errors", sz.width)

		tb.do("open the card fields", chromedp.Navigate(srv.URL+"/c/custom/"+cus.ID+"/card#"+cus.ClientSecret),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-number"]`)))
		if i == 0 {
			checkAxe(t, tb, src, "custom card fields")
		}
		keepScreenshot(t, tb, "custom-card", sz.width)
	}
}

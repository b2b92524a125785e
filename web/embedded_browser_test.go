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
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stripe/stripe-go/v82"
)

// embedShop is the merchant's site: "/" mounts the embedded checkout of the
// secret the test set (with initEmbeddedCheckout, or the Stripe.js method
// its ?init names), "/return" is the return_url's page.
type embedShop struct {
	*httptest.Server
	mu     sync.Mutex
	secret string
}

var shopPage = template.Must(template.New("shop").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="{{.Till}}/js/till.js"></script></head>
<body><h1>Checkout</h1><div id="checkout"></div><p id="status">waiting</p>
<script>
(async () => {
  const stripe = Stripe({{.PK}});
  const checkout = window.checkout = await stripe[{{.Init}}]({
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
	return newEmbedShopOn(t, srv, acct, httptest.NewServer)
}

// newEmbedShopOn is newEmbedShop on a server start makes (httptest's
// NewServer or NewTLSServer).
func newEmbedShopOn(t *testing.T, srv *testServer, acct *account, start func(http.Handler) *httptest.Server) *embedShop {
	t.Helper()
	shop := &embedShop{}
	shop.Server = start(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			init := r.URL.Query().Get("init")
			if init == "" {
				init = "initEmbeddedCheckout"
			}
			shopPage.Execute(w, map[string]string{"Till": srv.URL, "PK": acct.PublishableKey, "Init": init})
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

// frameNode waits until the checkout iframe, found by Stripe's name for it,
// shows sel and returns the iframe's node, for queries inside it with
// chromedp.FromNode.
func (tb *tab) frameNode(sel string, within time.Duration) (*chromedp.Node, error) {
	return tb.frameShowing(selEmbedFrame, sel, within)
}

func (tb *tab) mustFrame(sel string) *chromedp.Node {
	tb.t.Helper()
	return tb.mustFrameShowing(selEmbedFrame, sel)
}

// selEmbedFrame is the embedded checkout's iframe, by Stripe's name for it.
const selEmbedFrame = `iframe[name="embedded-checkout"]`

// frameShowing waits until the first iframe frameSel finds shows sel and
// returns the iframe's node. The iframe may navigate (the embedded one's
// first page posts the secret, a form post answers another page), so its
// node is read afresh, and a wait on a node whose document is gone gives
// up soon.
func (tb *tab) frameShowing(frameSel, sel string, within time.Duration) (*chromedp.Node, error) {
	deadline := time.Now().Add(within)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tb.ctx, 500*time.Millisecond)
		nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(frameSel)))
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
	return nil, fmt.Errorf("%s not shown in %s: %v", sel, frameSel, last)
}

// mustFrameShowing is frameShowing within a step's timeout, failing the
// test when the frame never shows sel.
func (tb *tab) mustFrameShowing(frameSel, sel string) *chromedp.Node {
	tb.t.Helper()
	n, err := tb.frameShowing(frameSel, sel, stepTimeout)
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
		fillCard(number, in),
		chromedp.SendKeys(chromedp.CSS("#billingName"), testCardholder, in),
		chromedp.SetValue(chromedp.CSS("#billingCountry"), "US", in),
		chromedp.SendKeys(chromedp.CSS("#billingPostalCode"), "94107", in),
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

// openNeverRedirecting creates a session from a hosted session's
// parameters made embedded (no success or cancel URL, ui_mode=embedded,
// redirect_on_completion=never: till.js's onComplete tells the shop), has
// the shop mount it and opens the shop, and returns the session and its
// iframe once the iframe shows sel.
func (es *embedSetup) openNeverRedirecting(t *testing.T, p *stripe.CheckoutSessionCreateParams, sel string) (*stripe.CheckoutSession, *chromedp.Node) {
	t.Helper()
	p.SuccessURL, p.CancelURL, p.UIMode, p.RedirectOnCompletion = nil, nil, stripe.String("embedded"), stripe.String("never")
	s, err := es.acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	es.shop.use(s.ClientSecret)
	es.tab.do("open the shop", chromedp.Navigate(es.shop.URL+"/"))
	return s, es.tab.mustFrame(sel)
}

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
	if v := get(tb, "card number", chromedp.Value(chromedp.CSS("#cardNumber"), chromedp.FromNode(frame))); v != "" {
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

// TestBrowserEmbeddedStripeSelectors pays inside
// iframe[name="embedded-checkout"] as a public end-to-end test of Stripe's
// embedded checkout does, by Stripe's selectors only, and the top window
// lands on return_url.
func TestBrowserEmbeddedStripeSelectors(t *testing.T) {
	es := newEmbedSetup(t, noConsoleErrors)
	s := embeddedSession(t, es.acct, es.shop.URL+"/return?session_id={CHECKOUT_SESSION_ID}", "")
	es.shop.use(s.ClientSecret)
	tb := es.tab
	tb.do("open the shop", chromedp.Navigate(es.shop.URL+"/"))
	payByStripeSelectors(t, tb, tb.mustFrame(`[data-testid="card-accordion-item"]`), "4242424242424242")
	if u := tb.waitURL(es.shop.URL + "/return"); !strings.Contains(u, "session_id="+s.ID) {
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
	tb.do("retype the card", chromedp.SendKeys(chromedp.CSS("#cardNumber"), "4242424242424242", chromedp.FromNode(frame)),
		chromedp.SendKeys(chromedp.CSS("#cardCvc"), "123", chromedp.FromNode(frame)))
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

// atPhoneAndDesktop runs check with the tab's viewport at phone (375×812,
// mobile) and then desktop (1280×900) size, as the screenshots are kept.
func atPhoneAndDesktop(tb *tab, check func(width int64)) {
	tb.t.Helper()
	for _, sz := range []struct {
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}},
		{1280, 900, nil},
	} {
		tb.do(fmt.Sprintf("viewport %d", sz.width), chromedp.EmulateViewport(sz.width, sz.height, sz.opts...))
		check(sz.width)
	}
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

// forgerPages is a site on another origin that imitates Till's messages:
// "/frame" (put in the shop page) and "/nav" (loaded into Till's iframe in
// place of Till's page) post till:resize, till:complete and a till:complete
// with a returnUrl to their parent, then a marker; "/host" frames Till's
// embed page (the "till" query) and "/sibling" (the "sib" query), which
// posts a till:init into Till's frame, then "sent" to its parent.
var forgerPages = template.Must(template.New("forger").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Forger</title></head><body>
{{if eq .Path "/host"}}<iframe title="till" name="embedded-checkout" data-till-checkout="host" src="{{.Till}}"></iframe><iframe title="sibling" src="{{.Sib}}"></iframe>
<script>
const [till, sib] = document.querySelectorAll("iframe");
window.sibReady = false; window.tillResize = null; window.sibGot = [];
addEventListener("message", e => {
  if (e.source === sib.contentWindow && e.data === "sibling-ready") window.sibReady = true;
  if (e.source === sib.contentWindow && e.data === "sent") till.contentWindow.postMessage({type: "till:init"}, new URL(till.src).origin);
  if (e.source === till.contentWindow && e.data && e.data.type === "till:resize") window.tillResize = e.data.height;
});
</script>
{{else}}<p>forger</p><script>
function forge() {
  parent.postMessage({type: "till:resize", height: 7}, "*");
  parent.postMessage({type: "till:complete"}, "*");
  parent.postMessage({type: "till:complete", returnUrl: location.origin + "/forged"}, "*");
}
{{if eq .Path "/frame"}}
addEventListener("message", e => {
  if (e.source !== parent || e.data !== "forge") return;
  forge();
  parent.postMessage("forged", "*");
});
parent.postMessage("x-ready", "*");
{{else if eq .Path "/nav"}}
forge();
parent.postMessage({type: "forger-done"}, "*");
{{else if eq .Path "/sibling"}}
addEventListener("message", e => {
  if (e.source !== parent || e.data !== "forge") return;
  parent.frames[0].postMessage({type: "till:init"}, "*");
  parent.postMessage("sent", "*");
});
parent.postMessage("sibling-ready", "*");
{{end}}
</script>{{end}}
</body></html>`))

func newForger(t *testing.T) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		forgerPages.Execute(w, map[string]string{"Path": r.URL.Path, "Till": r.URL.Query().Get("till"), "Sib": r.URL.Query().Get("sib")})
	}))
	t.Cleanup(s.Close)
	return s
}

// shopProbe is run in the shop page once the form shows: it records the
// page's navigations (refusing any but to return_url, so a forged one
// leaves the page in place to be checked) and the messages it receives,
// and keeps the iframe's height.
const shopProbe = `(() => {
  window.navs = [];
  navigation.addEventListener("navigate", e => {
    navs.push(e.destination.url);
    if (!new URL(e.destination.url).pathname.startsWith("/return")) e.preventDefault();
  });
  const frame = document.querySelector("iframe[data-till-checkout]");
  window.tillHeight = frame.style.height;
  window.marks = {};
  addEventListener("message", e => {
    const d = e.data;
    if (d === "self-done" && e.source === window) marks.self = true;
    if (d === "x-ready") e.source.postMessage("forge", "*");
    if (d === "forged") marks.x = true;
    if (d && d.type === "forger-done" && e.source === frame.contentWindow) marks.nav = true;
    if (d && d.type === "till:resize" && window.other && e.source === other.contentWindow) marks.other = d.height;
  });
})()`

// shopState is what a forged message would change in the shop page.
type shopState struct {
	Height string   `json:"height"`
	Kept   string   `json:"kept"`
	Title  string   `json:"title"`
	Status string   `json:"status"`
	Href   string   `json:"href"`
	Navs   []string `json:"navs"`
}

const readShopState = `({height: document.querySelector("iframe[data-till-checkout]").style.height, kept: window.tillHeight,
  title: document.title, status: document.getElementById("status").textContent, href: location.href, navs: window.navs})`

func checkShopState(t *testing.T, tb *tab, es *embedSetup, after string) {
	t.Helper()
	st := get(tb, "shop state", chromedp.Evaluate[shopState](readShopState))
	if st.Height != st.Kept || st.Height == "7px" {
		t.Errorf("after %s the iframe is %s high, was %s: a forged till:resize was obeyed", after, st.Height, st.Kept)
	}
	if st.Title == "complete" || st.Status != "waiting" {
		t.Errorf("after %s the shop says %q (title %q): a forged till:complete was obeyed", after, st.Status, st.Title)
	}
	if len(st.Navs) != 0 || st.Href != es.shop.URL+"/" {
		t.Errorf("after %s the shop navigated to %v (at %s): a forged till:complete was obeyed", after, st.Navs, st.Href)
	}
}

// allowMismatchedTarget allows the error Chromium logs when till.js posts
// till:init to Till's origin while the iframe shows another origin's page.
func allowMismatchedTarget(m chromedp.ConsoleMessage) bool {
	return embedStatusErrors(m) || strings.Contains(m.Text, "does not match the recipient window's origin")
}

// TestBrowserEmbeddedMessageOrigins: till.js obeys till:resize and
// till:complete only from Till's origin and its own iframe's window, and
// embed.js answers only its parent's till:init. Forged messages (from the
// shop page itself, a foreign iframe beside Till's, another page of Till's
// origin, and a foreign page loaded into Till's iframe) change nothing;
// the real messages still work afterwards; a till:init from a window that
// is not the frame's parent pins nothing, and a secret posted to the embed
// page opens nothing.
func TestBrowserEmbeddedMessageOrigins(t *testing.T) {
	es := newEmbedSetup(t, allowMismatchedTarget)
	forger, forger2 := newForger(t), newForger(t)
	s := embeddedSession(t, es.acct, es.shop.URL+"/return?session_id={CHECKOUT_SESSION_ID}", "")
	es.shop.use(s.ClientSecret)
	tb := es.tab
	waitSized := chromedp.Poll[chromedp.Void](`document.querySelector("iframe[data-till-checkout]").getBoundingClientRect().height > 400`)

	// A foreign page loaded into Till's iframe: the message's source is the
	// iframe's window, only its origin is wrong.
	tb.do("open the shop", chromedp.Navigate(es.shop.URL+"/"))
	tb.mustFrame(selForm)
	tb.do("iframe sized", waitSized)
	tb.do("probe the shop", chromedp.Evaluate[chromedp.Void](shopProbe))
	tb.do("load a foreign page into the iframe", chromedp.Evaluate[chromedp.Void](
		`document.querySelector("iframe[data-till-checkout]").contentWindow.location = `+jsString(forger.URL+"/nav")))
	tb.do("the foreign page posted", chromedp.Poll[chromedp.Void](`window.marks.nav === true`))
	checkShopState(t, tb, es, "messages from a foreign page in the iframe")

	// The shop page itself, a foreign iframe, and another frame of Till's
	// origin (an embed page without a secret, which answers a till:init
	// with its own till:resize).
	tb.do("reopen the shop", chromedp.Navigate(es.shop.URL+"/"))
	frame := tb.mustFrame(selForm)
	tb.do("iframe sized", waitSized)
	tb.do("probe the shop", chromedp.Evaluate[chromedp.Void](shopProbe))
	tb.do("forge from the shop page", chromedp.Evaluate[chromedp.Void](`
		postMessage({type: "till:resize", height: 7}, "*");
		postMessage({type: "till:complete"}, "*");
		postMessage({type: "till:complete", returnUrl: location.origin + "/forged"}, "*");
		postMessage("self-done", "*");`))
	tb.do("forge from a foreign iframe", chromedp.Evaluate[chromedp.Void](`(() => {
		const f = document.createElement("iframe");
		f.src = `+jsString(forger.URL+"/frame")+`;
		document.body.appendChild(f);
	})()`))
	tb.do("a second frame of Till's origin", chromedp.Evaluate[chromedp.Void](`(() => {
		const f = document.createElement("iframe");
		window.other = f;
		f.addEventListener("load", () => f.contentWindow.postMessage({type: "till:init"}, `+jsString(es.srv.URL)+`));
		f.src = `+jsString(es.srv.URL+"/c/embed/"+s.ID)+`;
		document.body.appendChild(f);
	})()`))
	tb.do("the forgers posted", chromedp.Poll[chromedp.Void](`marks.self === true && marks.x === true && typeof marks.other === "number"`))
	if other := get(tb, "other frame's height", chromedp.Evaluate[string](`marks.other + "px"`)); other == get(tb, "kept", chromedp.Evaluate[string](`tillHeight`)) {
		t.Fatalf("the second Till frame is as high as the checkout (%s): its till:resize proves nothing", other)
	}
	checkShopState(t, tb, es, "forged messages")

	// The real messages still count: pay, and the top window goes to
	// return_url.
	tb.do("fill the form", fillFrameForm(frame, "4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(frame)))
	if u := tb.waitURL(es.shop.URL + "/return"); !strings.Contains(u, "session_id="+s.ID) {
		t.Errorf("landed on %s, want return_url with the session id", u)
	}
	checkPaid(t, es.acct, s.ID)

	// Into Till's frame: a till:init from a sibling on another origin is
	// not its parent's, so the frame does not pin that origin; the parent's
	// till:init, sent after it, is answered.
	s2 := embeddedSession(t, es.acct, "", "never")
	host := forger.URL + "/host?" + url.Values{
		"till": {es.srv.URL + "/c/embed/" + s2.ID + "#" + s2.ClientSecret},
		"sib":  {forger2.URL + "/sibling"},
	}.Encode()
	tb.do("open the foreign host", chromedp.Navigate(host))
	tb.mustFrame(selForm)
	tb.do("sibling ready", chromedp.Poll[chromedp.Void](`window.sibReady === true`))
	tb.do("the sibling posts till:init", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("iframe")[1].contentWindow.postMessage("forge", "*")`))
	tb.do("Till answers its parent", chromedp.Poll[chromedp.Void](`typeof window.tillResize === "number" && window.tillResize > 0`))

	// The embed page on its own, in a top-level tab: a secret posted to it
	// (with till:init) opens nothing. The marker is posted after it, so
	// once it arrives the till:init was handled.
	tb.do("open the embed page without a secret", chromedp.Navigate(es.srv.URL+"/c/embed/"+s2.ID),
		chromedp.WaitReady(chromedp.CSS(`[data-testid="embed-status"]`)))
	tb.do("post the secret", chromedp.Evaluate[chromedp.Void](`new Promise(done => {
		window.navs = [];
		navigation.addEventListener("navigate", e => { navs.push(e.destination.url); e.preventDefault(); });
		addEventListener("message", e => { if (e.data === "marker") done(); });
		const secret = `+jsString(s2.ClientSecret)+`;
		postMessage({type: "till:init", clientSecret: secret, secret: secret}, "*");
		postMessage("marker", "*");
	})`, chromedp.EvalAwaitPromise))
	got := get(tb, "embed page", chromedp.Evaluate[string](`document.querySelectorAll("form[data-testid=pay-form]").length + " " + window.navs.length + " " + location.href`))
	if got != "0 0 "+es.srv.URL+"/c/embed/"+s2.ID {
		t.Errorf("after a till:init with the secret the embed page has (forms, navigations, address) %q, want no form and no navigation", got)
	}
}

// jsString quotes s for JavaScript source.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "<", `\x3c`).Replace(s) + `"`
}

// TestBrowserEmbeddedNoThirdPartyCookies: the embedded checkout pays in a
// Chromium that blocks third-party cookies, with the shop on another site
// (https://shop.test, mapped to 127.0.0.1) than Till; Till sets no cookie
// on any response the iframe gets, and the iframe's document.cookie stays
// empty. Till is reached through an HTTPS proxy that records every
// response's Set-Cookie headers. Both are HTTPS because over plain HTTP a
// cross-site frame is not a secure context and can keep no cookie at all
// (SameSite=None needs Secure), blocking or not. The browser contexts the
// tests use (like incognito) block third-party cookies already; the flag
// says so outright, and a cookie the iframe sets shows they are blocked.
func TestBrowserEmbeddedNoThirdPartyCookies(t *testing.T) {
	chromiumPath(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)

	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var paths, cookies []string
	proxy := httptest.NewTLSServer(&httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Host = pr.In.Host
		},
		ModifyResponse: func(r *http.Response) error {
			mu.Lock()
			defer mu.Unlock()
			paths = append(paths, r.Request.Method+" "+r.Request.URL.Path)
			for _, c := range r.Header.Values("Set-Cookie") {
				cookies = append(cookies, r.Request.URL.Path+": "+c)
			}
			return nil
		},
	})
	t.Cleanup(proxy.Close)

	shop := newEmbedShopOn(t, &testServer{URL: proxy.URL, Store: srv.Store}, acct, httptest.NewTLSServer)
	shopURL := strings.Replace(shop.URL, "127.0.0.1", "shop.test", 1)
	s := embeddedSession(t, acct, shopURL+"/return?session_id={CHECKOUT_SESSION_ID}", "")
	shop.use(s.ClientSecret)

	b := newOwnBrowser(t,
		chromedp.Flag("test-third-party-cookie-phaseout", true),
		chromedp.Flag("host-resolver-rules", "MAP shop.test 127.0.0.1"),
		chromedp.Flag("ignore-certificate-errors", true), // httptest's certificate
		// The shop and Till are on different sites, so Chromium would put
		// the iframe in a process of its own, where chromedp's queries do
		// not reach; cookies are blocked by site all the same.
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,IsolateOrigins,site-per-process"),
	)
	tb := b.newTab(t, noConsoleErrors)
	tb.do("open the shop", chromedp.Navigate(shopURL+"/"))
	frame := tb.mustFrame(selForm)
	inFrame := chromedp.WithPollingInFrame(frame)
	if c := get(tb, "iframe cookies", chromedp.Poll[string](`"cookie=" + document.cookie`, inFrame)); c != "cookie=" {
		t.Errorf("the iframe's document.cookie = %q, want none", strings.TrimPrefix(c, "cookie="))
	}
	// Proof the browser blocks the iframe's cookies: a SameSite=None cookie
	// it sets (one third-party use allows) is dropped.
	if c := get(tb, "iframe cookie set", chromedp.Poll[string](`(document.cookie = "probe=1; SameSite=None; Secure; Path=/", "cookie=" + document.cookie)`, inFrame)); c != "cookie=" {
		t.Errorf("the iframe kept a cookie it set (%q): third-party cookies are not blocked, the test proves nothing", strings.TrimPrefix(c, "cookie="))
	}
	tb.do("fill the form", fillFrameForm(frame, "4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(frame)))
	if u := tb.waitURL(shopURL + "/return"); !strings.Contains(u, "session_id="+s.ID) {
		t.Errorf("landed on %s, want return_url with the session id", u)
	}
	checkPaid(t, acct, s.ID)

	mu.Lock()
	defer mu.Unlock()
	for _, want := range []string{"GET /js/till.js", "GET /c/embed/" + s.ID, "POST /c/embed/" + s.ID + "/open", "POST /c/embed/" + s.ID + "/pay"} {
		if !slices.Contains(paths, want) {
			t.Errorf("the proxy saw %v, not %s", paths, want)
		}
	}
	if len(cookies) != 0 {
		t.Errorf("Till set cookies: %v", cookies)
	}
}

package web_test

// Browser tests of the hosted checkout page: Debian's Chromium, driven by
// chromedp, pays sessions created through the stripe-go API, from session.url
// to success_url. `make test` installs Chromium and axe-core first
// (web/testdata/ensure-browser.sh). Without Chromium these tests skip, except
// in CI (CI=true), where they fail.
//
// Every browser step has a generous timeout of its own; nothing asserts on
// how long a step took.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stripe/stripe-go/v82"
)

// stepTimeout bounds one browser step (a navigation, a click and the page it
// leads to, a query); it is there so a broken page fails instead of hanging.
const stepTimeout = 45 * time.Second

const installHint = "run web/testdata/ensure-browser.sh (as root it installs Debian's chromium package), " +
	"or install Chromium yourself (Debian/Ubuntu: sudo apt-get install chromium)"

// inCI reports whether the tests run in CI, where a missing tool is a failure
// rather than a reason to skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// missing skips the test, or fails it in CI.
func missing(t *testing.T, msg string) {
	t.Helper()
	if inCI() {
		t.Fatal(msg + " (CI=true: browser tests must not skip)")
	}
	t.Skip(msg)
}

// chromiumPath finds Debian's chromium on PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("chromium")
	if err != nil {
		missing(t, "Chromium not found on PATH: "+installHint)
	}
	return p
}

// browser is one test's view of Chromium: a browser context of its own (like
// a fresh incognito profile: no cookies, cache or storage from other tests)
// in the headless Chromium the browser tests share.
type browser struct {
	ctx  context.Context
	used bool // whether newTab gave out the context's own tab
}

// chromium is the headless Chromium the running browser tests share, so it
// starts once per run rather than once per test: the first test that needs
// it starts it, and the last one to finish closes it. Its context has no
// timeout (the first context a browser runs on owns its life).
var chromium struct {
	mu     sync.Mutex
	users  int
	ctx    context.Context
	cancel func()
}

// startChromium starts a browser with the flags the tests need, and extra
// ones, and a fresh user-data-dir (chromedp makes one per browser and
// removes it).
func startChromium(path string, extra ...chromedp.ExecAllocatorOption) (context.Context, func(), error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "en-US"),
	)
	if os.Getuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	opts = append(opts, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	cancel := func() {
		cancelBrowser()
		cancelAlloc()
	}
	if err := chromedp.Do(bctx); err != nil { // starts the browser, with no timeout
		cancel()
		return nil, nil, err
	}
	return bctx, cancel, nil
}

// newBrowser gives the test a browser context of its own in the shared
// Chromium, closed when the test ends. Call it after newTestServer, which
// pauses a parallel test, so the browser is not held by a paused test.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromiumPath(t)
	chromium.mu.Lock()
	if chromium.users == 0 {
		ctx, cancel, err := startChromium(path)
		if err != nil {
			chromium.mu.Unlock()
			t.Fatalf("start Chromium: %v", err)
		}
		chromium.ctx, chromium.cancel = ctx, cancel
	}
	chromium.users++
	shared := chromium.ctx
	chromium.mu.Unlock()
	t.Cleanup(func() {
		chromium.mu.Lock()
		defer chromium.mu.Unlock()
		if chromium.users--; chromium.users == 0 {
			chromium.cancel()
			chromium.ctx, chromium.cancel = nil, nil
		}
	})

	ctx, cancel := chromedp.NewContext(shared, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel) // closes the tab and disposes of the browser context
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a browser context: %v", err)
	}
	return &browser{ctx: ctx}
}

// newOwnBrowser starts a Chromium of the test's own, with extra flags that
// would change what the other tests see in the shared one, and gives the
// test a browser context in it; both close when the test ends.
func newOwnBrowser(t *testing.T, extra ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	bctx, stop, err := startChromium(chromiumPath(t), extra...)
	if err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	t.Cleanup(stop)
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a browser context: %v", err)
	}
	return &browser{ctx: ctx}
}

// tab is one page of the browser, with the console errors it logged.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu     sync.Mutex
	errors []string
}

// newTab gives the test a tab (the first is the one its browser context
// opened with, later ones are new); the test fails if the page logs an uncaught exception
// or a console error (a CSP violation, a failed script) while it is open,
// unless one of allow accepts it (errors a test causes on purpose).
func (b *browser) newTab(t *testing.T, allow ...func(chromedp.ConsoleMessage) bool) *tab {
	t.Helper()
	ctx, cancel := b.ctx, func() {}
	if b.used {
		ctx, cancel = chromedp.NewContext(b.ctx)
		if err := chromedp.Do(ctx); err != nil {
			cancel()
			t.Fatalf("open a tab: %v", err)
		}
	}
	b.used = true
	tb := &tab{t: t, ctx: ctx}
	lctx, stop := context.WithCancel(ctx)
	messages := chromedp.Console(lctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if (m.IsException() || m.Type == chromedp.ConsoleError) && !expectedConsoleError(m) &&
				!slices.ContainsFunc(allow, func(ok func(chromedp.ConsoleMessage) bool) bool { return ok(m) }) {
				tb.mu.Lock()
				tb.errors = append(tb.errors, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
				tb.mu.Unlock()
			}
		}
	})
	t.Cleanup(func() {
		stop()
		wg.Wait()
		cancel()
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, e := range tb.errors {
			t.Errorf("browser console: %s", e)
		}
	})
	return tb
}

// expectedConsoleError is a console error the tests cause on purpose: the
// status of a re-rendered checkout page (422 for a form with errors, 402 for
// a decline or a failed authentication) and the favicon no page declares.
func expectedConsoleError(m chromedp.ConsoleMessage) bool {
	if m.Source != "network" {
		return false
	}
	u, err := url.Parse(m.URL)
	return err == nil && (u.Path == "/favicon.ico" || strings.HasPrefix(u.Path, "/c/pay/") ||
		strings.HasPrefix(u.Path, "/c/authenticate/"))
}

// do runs the steps with a per-call timeout and fails the test on error.
func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := tb.try(steps...); err != nil {
		tb.t.Fatalf("%s: %v (page at %s)", what, err, tb.url())
	}
}

// try runs the steps with a per-call timeout and returns the error.
func (tb *tab) try(steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// get runs one action that returns a value, with a timeout.
func get[T any](tb *tab, what string, a chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.t.Fatalf("%s: %v (page at %s)", what, err, tb.url())
	}
	return v
}

// url is the address of the tab's current history entry; it is read from
// the browser, so it works with JavaScript off too.
func (tb *tab) url() string {
	u, _ := tb.currentURL()
	return u
}

func (tb *tab) currentURL() (string, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	h, err := chromedp.Run(ctx, chromedp.NavigationEntries())
	if err != nil {
		return "", err
	}
	if h.CurrentIndex < 0 || int(h.CurrentIndex) >= len(h.Entries) {
		return "", errors.New("no history entry")
	}
	return h.Entries[h.CurrentIndex].URL, nil
}

// waitURL waits until the tab's address starts with prefix and its document
// has loaded, and returns the address.
func (tb *tab) waitURL(prefix string) string {
	tb.t.Helper()
	u, err := tb.awaitURL(prefix)
	if err != nil {
		tb.t.Fatalf("waiting for %s: %v", prefix, err)
	}
	return u
}

func (tb *tab) awaitURL(prefix string) (string, error) {
	deadline := time.Now().Add(stepTimeout)
	last := ""
	for {
		u, err := tb.currentURL()
		if err == nil && strings.HasPrefix(u, prefix) {
			if err := tb.try(chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
				return u, err
			}
			return u, nil
		}
		if err == nil {
			last = u
		}
		if time.Now().After(deadline) {
			return last, fmt.Errorf("still at %s", last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// reopen loads u afresh. session.url ends in a fragment, as at Stripe, and a
// browser on that page without it (after a form post) would only scroll to
// the fragment, not load the page again.
func reopen(u string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.Navigate("about:blank"), chromedp.Navigate(u))
}

// disableScript turns JavaScript off for the tab's pages.
func disableScript() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
}

// merchant is a tiny merchant site on 127.0.0.1 that answers every page with
// 200 "ok", so the browser lands somewhere real after paying or going back.
func merchant(t *testing.T) *httptest.Server {
	t.Helper()
	ms := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><head><title>Shop</title></head><body><p>ok</p></body></html>`)
	}))
	t.Cleanup(ms.Close)
	return ms
}

// browserSession creates a hosted session whose success_url and cancel_url
// are on the merchant site.
func browserSession(t *testing.T, acct *account, ms *httptest.Server) *stripe.CheckoutSession {
	t.Helper()
	p := basicSession()
	p.SuccessURL = stripe.String(ms.URL + "/success?session_id={CHECKOUT_SESSION_ID}")
	p.CancelURL = stripe.String(ms.URL + "/cart")
	s, err := acct.Stripe.V1CheckoutSessions.Create(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if s.URL == "" {
		t.Fatalf("session %s has no url", s.ID)
	}
	return s
}

// browserSetup is what most browser tests start with: a server, an account,
// the merchant site, a session, and a browser with one tab.
type browserSetup struct {
	srv     *testServer
	acct    *account
	shop    *httptest.Server
	session *stripe.CheckoutSession
	browser *browser
	tab     *tab
}

func newBrowserSetup(t *testing.T) *browserSetup {
	t.Helper()
	chromiumPath(t) // skip before a database is made for nothing
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	shop := merchant(t)
	s := browserSession(t, acct, shop)
	b := newBrowser(t)
	return &browserSetup{srv: srv, acct: acct, shop: shop, session: s, browser: b, tab: b.newTab(t)}
}

func (bs *browserSetup) successPrefix() string { return bs.shop.URL + "/success" }

// Selectors of the page, by id (the form's field names) and data-testid.
const (
	selForm        = `form[data-testid="pay-form"]`
	selPay         = `button[data-testid="hosted-payment-submit-button"]`
	selCardError   = `[data-testid="card-error"]`
	selSummary     = `#error-summary`
	selBack        = `a[data-testid="business-link"]`
	selExpired     = `[data-testid="result-expired"]`
	selResultLink  = `a[data-testid="result-link"]`
	testEmail      = "jenny.rosen@example.com"
	testCardholder = "Jenny Rosen"
)

// fillCard types a card into the form: number, expiry "12 / 34", CVC; in
// says where the form is (chromedp.FromNode of the embedded iframe).
func fillCard(number string, in ...chromedp.QueryOption) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.SendKeys(chromedp.CSS("#cardNumber"), number, in...),
		chromedp.SendKeys(chromedp.CSS("#cardExpiry"), "12 / 34", in...),
		chromedp.SendKeys(chromedp.CSS("#cardCvc"), "123", in...),
	)
}

// fillForm fills every field of a basic session's form.
func fillForm(number string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(selForm)),
		chromedp.SendKeys(chromedp.CSS("#email"), testEmail),
		fillCard(number),
		chromedp.SendKeys(chromedp.CSS("#billingName"), testCardholder),
		chromedp.SetValue(chromedp.CSS("#billingCountry"), "US"),
		chromedp.SendKeys(chromedp.CSS("#billingPostalCode"), "94107"),
	)
}

// checkPaid retrieves the session through the API and checks it is paid.
func checkPaid(t *testing.T, acct *account, id string) *stripe.CheckoutSession {
	t.Helper()
	s, err := acct.Stripe.V1CheckoutSessions.Retrieve(context.Background(), id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != stripe.CheckoutSessionStatusComplete || s.PaymentStatus != stripe.CheckoutSessionPaymentStatusPaid {
		t.Errorf("session status %q payment_status %q, want complete and paid", s.Status, s.PaymentStatus)
	}
	if s.CustomerDetails == nil || s.CustomerDetails.Email != testEmail {
		t.Errorf("customer_details = %+v, want email %s", s.CustomerDetails, testEmail)
	}
	if s.PaymentIntent == nil || s.PaymentIntent.ID == "" {
		t.Errorf("payment_intent not set")
	}
	return s
}

// paymentIntents lists the account's payment intents through the API.
func paymentIntents(t *testing.T, acct *account) []*stripe.PaymentIntent {
	t.Helper()
	var all []*stripe.PaymentIntent
	for pi, err := range acct.Stripe.V1PaymentIntents.List(context.Background(), &stripe.PaymentIntentListParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, pi)
	}
	return all
}

// TestBrowserPay pays with 4242 4242 4242 4242 and lands on success_url.
func TestBrowserPay(t *testing.T) {
	bs := newBrowserSetup(t)
	tb := bs.tab
	tb.do("open session.url", chromedp.Navigate(bs.session.URL))
	tb.do("fill the form", fillForm("4242424242424242"))
	if got := get(tb, "card number", chromedp.Value(chromedp.CSS("#cardNumber"))); got != "4242 4242 4242 4242" {
		t.Errorf("card number shows %q, want it spaced by checkout.js", got)
	}
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay)))
	u := tb.waitURL(bs.successPrefix())
	if !strings.Contains(u, bs.session.ID) {
		t.Errorf("landed on %s, want the session id %s in it", u, bs.session.ID)
	}
	if body := get(tb, "success page", chromedp.Text(chromedp.CSS("body"))); strings.TrimSpace(body) != "ok" {
		t.Errorf("success page says %q", body)
	}
	s := checkPaid(t, bs.acct, bs.session.ID)
	if s.CustomerDetails != nil && (s.CustomerDetails.Name != testCardholder ||
		s.CustomerDetails.Address == nil || s.CustomerDetails.Address.PostalCode != "94107" || s.CustomerDetails.Address.Country != "US") {
		t.Errorf("customer_details = name %q address %+v", s.CustomerDetails.Name, s.CustomerDetails.Address)
	}
	if pis := paymentIntents(t, bs.acct); len(pis) != 1 || pis[0].Status != stripe.PaymentIntentStatusSucceeded {
		t.Errorf("payment intents = %d, want one that succeeded", len(pis))
	}

	// Back to the page of a paid session: it says so, with a link to success_url.
	tb.do("reopen session.url", chromedp.Navigate(bs.session.URL), chromedp.WaitVisible(chromedp.CSS(`[data-testid="result-complete"]`)))
	if href := get(tb, "already-paid link", chromedp.AttributeValue(chromedp.CSS(selResultLink), "href")); !strings.HasPrefix(href.Value, bs.successPrefix()) {
		t.Errorf("already-paid link = %q, want success_url", href.Value)
	}
}

// submitButtonLabel clicks what submits the page's form (inside frame when
// it is not nil) and returns what the submit button said once the form's
// own submit handler, checkout.js's, had run. The page writes it to the
// console, where the test reads it: the page itself is soon gone, and a
// query racing its navigation would make the test flaky.
func (tb *tab) submitButtonLabel(click chromedp.Action[chromedp.Void], frame *chromedp.Node) string {
	tb.t.Helper()
	const marker = "submit button: "
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	messages := chromedp.Console(ctx)
	// A listener on the window runs after the form's own.
	record := `(marker) => {
		window.addEventListener("submit", () => console.info(marker + document.querySelector(".SubmitButton").innerText));
		return true;
	}`
	opts := []chromedp.PollOption{chromedp.WithPollingArgs(marker)}
	if frame != nil {
		opts = append(opts, chromedp.WithPollingInFrame(frame))
	}
	tb.do("record the submit button's text", chromedp.PollFunction[chromedp.Void](record, opts...), click)
	for m, err := range messages {
		if err != nil {
			tb.t.Fatalf("waiting for the submit: %v (page at %s)", err, tb.url())
		}
		if label, ok := strings.CutPrefix(m.Text, marker); ok {
			return label
		}
	}
	return ""
}

// payByStripeSelectors fills a basic session's form and pays with card the
// way public end-to-end tests of checkout.stripe.com do, by Stripe's ids,
// names, test ids and texts only; inside the embedded checkout's iframe
// when frame is not nil. The button must say "Processing" as it submits.
func payByStripeSelectors(t *testing.T, tb *tab, frame *chromedp.Node, card string) {
	t.Helper()
	var in []chromedp.QueryOption
	var inPoll []chromedp.PollOption
	if frame != nil {
		in, inPoll = []chromedp.QueryOption{chromedp.FromNode(frame)}, []chromedp.PollOption{chromedp.WithPollingInFrame(frame)}
	}
	checked := func(sel string) bool {
		t.Helper()
		return get(tb, sel, chromedp.JavascriptAttribute[bool](chromedp.CSS(sel), "checked", in...))
	}
	click := func(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel), in...) }
	typeInto := func(sel, text string) chromedp.Action[chromedp.Void] {
		return chromedp.SendKeys(chromedp.CSS(sel), text, in...)
	}

	tb.do("open the card's accordion item", click(`[data-testid="card-accordion-item"]`))
	if !checked(`input[name="payment-method-accordion-item-title"][value="card"]`) {
		t.Error("the card's radio is not checked")
	}
	tb.do("type the card", typeInto("#email", testEmail), typeInto("#cardNumber", card),
		typeInto("#cardExpiry", "12 / 34"), typeInto("#cardCvc", "123"), typeInto("#billingName", testCardholder))
	// As Playwright's selectOption({label}) does: the option whose text it is.
	const selectByText = `(sel, text) => {
		const s = document.querySelector(sel);
		const o = s && [...s.options].find(o => o.text === text);
		if (!o) return "";
		s.value = o.value;
		s.dispatchEvent(new Event("input", {bubbles: true}));
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return s.value;
	}`
	if v := get(tb, "select United States", chromedp.PollFunction[string](selectByText,
		append(inPoll, chromedp.WithPollingArgs("#billingCountry", "United States"))...)); v != "US" {
		t.Errorf("#billingCountry = %q after choosing United States, want US", v)
	}
	tb.do("type the ZIP", typeInto("#billingPostalCode", "94107"))

	// Link's box: off at first; its label toggles it, on and off again.
	for i, want := range []bool{true, false} {
		if got := checked("#enableStripePass"); got == want {
			t.Fatalf("click %d: #enableStripePass checked = %v before clicking its label", i, got)
		}
		tb.do("click the label of #enableStripePass", click(`label[for="enableStripePass"]`))
		if got := checked("#enableStripePass"); got != want {
			t.Errorf("click %d: #enableStripePass checked = %v, want %v", i, got, want)
		}
	}

	// Playwright's getByText("Pay", {exact: true}); DOM.performSearch looks
	// into the page's frames too.
	payClick := chromedp.Click(chromedp.Search(`//*[normalize-space(.)="Pay"]`))
	if label := tb.submitButtonLabel(payClick, frame); !strings.Contains(label, "Processing") || strings.Contains(label, "Pay") {
		t.Errorf("while paying the button says %q, want Processing instead of Pay", label)
	}
}

// TestBrowserStripeSelectors pays on the hosted page as a public end-to-end
// test written for checkout.stripe.com does, and lands on success_url.
func TestBrowserStripeSelectors(t *testing.T) {
	bs := newBrowserSetup(t)
	tb := bs.tab
	tb.do("open session.url", chromedp.Navigate(bs.session.URL), chromedp.WaitVisible(chromedp.CSS(selForm)))
	payByStripeSelectors(t, tb, nil, "4242424242424242")
	if u := tb.waitURL(bs.successPrefix()); !strings.Contains(u, bs.session.ID) {
		t.Errorf("landed on %s, want success_url with the session id", u)
	}
	s := checkPaid(t, bs.acct, bs.session.ID)
	if d := s.CustomerDetails; d != nil && (d.Name != testCardholder || d.Address == nil || d.Address.Country != "US" || d.Address.PostalCode != "94107") {
		t.Errorf("customer_details = name %q address %+v", d.Name, d.Address)
	}
}

// TestBrowserDeclineThenPay: 4000 0000 0000 0002 is declined next to the card
// field and leaves the session open; 4242 then pays.
func TestBrowserDeclineThenPay(t *testing.T) {
	bs := newBrowserSetup(t)
	tb := bs.tab
	tb.do("open session.url", chromedp.Navigate(bs.session.URL))
	tb.do("fill the form", fillForm("4000000000000002"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay)), chromedp.WaitVisible(chromedp.CSS(selCardError)))

	msg := get(tb, "card error", chromedp.Text(chromedp.CSS(selCardError)))
	if !strings.Contains(msg, "Your card was declined.") {
		t.Errorf("card error = %q, want Stripe's decline message", msg)
	}
	// Next to the card field: the card number is described by it.
	describedBy := get(tb, "card number", chromedp.AttributeValue(chromedp.CSS("#cardNumber"), "aria-describedby"))
	if !strings.Contains(describedBy.Value, "card-error") {
		t.Errorf("card number aria-describedby = %q, want card-error", describedBy.Value)
	}
	if summary := get(tb, "error summary", chromedp.Text(chromedp.CSS(selSummary))); !strings.Contains(summary, "Your card was declined.") {
		t.Errorf("error summary = %q", summary)
	}
	// What was typed is kept, except the card number and the CVC.
	if v := get(tb, "email", chromedp.Value(chromedp.CSS("#email"))); v != testEmail {
		t.Errorf("email after decline = %q", v)
	}
	for _, id := range []string{"#cardNumber", "#cardCvc"} {
		if v := get(tb, id, chromedp.Value(chromedp.CSS(id))); v != "" {
			t.Errorf("%s after decline = %q, want empty", id, v)
		}
	}
	if !strings.HasPrefix(tb.url(), bs.srv.URL+"/c/pay/") {
		t.Errorf("after a decline the page is %s, want the checkout page", tb.url())
	}
	s, err := bs.acct.Stripe.V1CheckoutSessions.Retrieve(context.Background(), bs.session.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != stripe.CheckoutSessionStatusOpen || s.PaymentStatus != stripe.CheckoutSessionPaymentStatusUnpaid {
		t.Errorf("after a decline: status %q payment_status %q, want open and unpaid", s.Status, s.PaymentStatus)
	}

	// Now a card that pays: only the number and CVC need typing again.
	tb.do("retype the card", chromedp.SendKeys(chromedp.CSS("#cardNumber"), "4242424242424242"),
		chromedp.SendKeys(chromedp.CSS("#cardCvc"), "123"))
	if v := get(tb, "expiry", chromedp.Value(chromedp.CSS("#cardExpiry"))); v != "12 / 34" {
		t.Errorf("expiry after decline = %q, want it kept", v)
	}
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay)))
	if u := tb.waitURL(bs.successPrefix()); !strings.Contains(u, bs.session.ID) {
		t.Errorf("landed on %s, want the session id in it", u)
	}
	checkPaid(t, bs.acct, bs.session.ID)
}

// TestBrowserBackLink: the Back link goes to cancel_url.
func TestBrowserBackLink(t *testing.T) {
	bs := newBrowserSetup(t)
	tb := bs.tab
	tb.do("open session.url", chromedp.Navigate(bs.session.URL), chromedp.WaitVisible(chromedp.CSS(selBack)))
	tb.do("click Back", chromedp.Click(chromedp.CSS(selBack)))
	if u := tb.waitURL(bs.shop.URL); u != bs.shop.URL+"/cart" {
		t.Errorf("Back went to %s, want cancel_url %s/cart", u, bs.shop.URL)
	}
}

// TestBrowserExpired: a session expired through the API shows the expired
// page, with a way back to the merchant.
func TestBrowserExpired(t *testing.T) {
	bs := newBrowserSetup(t)
	if _, err := bs.acct.Stripe.V1CheckoutSessions.Expire(context.Background(), bs.session.ID, nil); err != nil {
		t.Fatal(err)
	}
	tb := bs.tab
	tb.do("open the expired session", chromedp.Navigate(bs.session.URL), chromedp.WaitVisible(chromedp.CSS(selExpired)))
	if h := get(tb, "heading", chromedp.Text(chromedp.CSS("h1"))); !strings.Contains(h, "expired") {
		t.Errorf("heading = %q", h)
	}
	if n := get(tb, "form", chromedp.Evaluate[int](`document.querySelectorAll("form").length`)); n != 0 {
		t.Errorf("the expired page has %d forms, want none", n)
	}
	tb.do("return to the merchant", chromedp.Click(chromedp.CSS(selResultLink)))
	if u := tb.waitURL(bs.shop.URL); u != bs.shop.URL+"/cart" {
		t.Errorf("the expired page's link went to %s, want cancel_url", u)
	}
}

// TestBrowserNoJavaScript: with JavaScript off the form still pays.
func TestBrowserNoJavaScript(t *testing.T) {
	bs := newBrowserSetup(t)
	tb := bs.tab
	tb.do("turn JavaScript off", disableScript())
	tb.do("open session.url", chromedp.Navigate(bs.session.URL))
	tb.do("fill the form", fillForm("4242424242424242"))
	// Proof that checkout.js did not run: nothing spaced the card number.
	if got := get(tb, "card number", chromedp.Value(chromedp.CSS("#cardNumber"))); got != "4242424242424242" {
		t.Errorf("card number = %q with JavaScript off, want it as typed", got)
	}
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay)))
	if u := tb.waitURL(bs.successPrefix()); !strings.Contains(u, bs.session.ID) {
		t.Errorf("landed on %s, want the session id in it", u)
	}
	checkPaid(t, bs.acct, bs.session.ID)
}

// TestBrowserConcurrentSubmits: the same session filled in two tabs and
// submitted at once pays once; both tabs end on success_url (or the
// already-paid page).
func TestBrowserConcurrentSubmits(t *testing.T) {
	bs := newBrowserSetup(t)
	tabs := []*tab{bs.tab, bs.browser.newTab(t)}
	for i, tb := range tabs {
		tb.do(fmt.Sprintf("tab %d: open session.url", i), chromedp.Navigate(bs.session.URL))
		tb.do(fmt.Sprintf("tab %d: fill the form", i), fillForm("4242424242424242"))
	}
	// Submit both at once: each tab's form is submitted from a goroutine,
	// released together.
	start := make(chan struct{})
	errs := make([]error, len(tabs))
	landed := make([]string, len(tabs))
	var wg sync.WaitGroup
	for i, tb := range tabs {
		wg.Go(func() {
			<-start
			if err := tb.try(chromedp.Evaluate[chromedp.Void](`document.querySelector('` + selForm + `').requestSubmit()`)); err != nil {
				errs[i] = err
				return
			}
			landed[i], errs[i] = tb.awaitURL(bs.shop.URL)
		})
	}
	close(start)
	wg.Wait()
	for i := range tabs {
		if errs[i] != nil {
			// Not on the merchant's site: the already-paid page is fine too.
			page := get(tabs[i], "page", chromedp.OuterHTML(chromedp.CSS("body")))
			if !strings.Contains(page, `data-testid="result-complete"`) {
				t.Errorf("tab %d: %v; page: %s", i, errs[i], page)
			}
			continue
		}
		if !strings.HasPrefix(landed[i], bs.successPrefix()) || !strings.Contains(landed[i], bs.session.ID) {
			t.Errorf("tab %d landed on %s, want success_url", i, landed[i])
		}
	}
	checkPaid(t, bs.acct, bs.session.ID)
	if pis := paymentIntents(t, bs.acct); len(pis) != 1 {
		ids := make([]string, len(pis))
		for i, pi := range pis {
			ids[i] = pi.ID + " " + string(pi.Status)
		}
		t.Errorf("payment intents = %v, want exactly one", ids)
	}
}

// screenshotDir is the git-ignored folder the screenshots are kept in, from
// the repository root (the tests run in web/).
const screenshotDir = "../artifacts/screenshots"

// TestBrowserScreenshots keeps screenshots of the page in each state (open,
// with errors, a declined card, expired) and of a receipt at phone
// (375×812) and desktop (1280×900) sizes, and checks none scrolls sideways.
func TestBrowserScreenshots(t *testing.T) {
	bs := newBrowserSetup(t)
	tb := bs.tab
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	type size struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}
	sizes := []size{
		{"375", 375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}},
		{"1280", 1280, 900, nil},
	}
	shoot := func(state string, sz size) {
		t.Helper()
		width := get(tb, "scroll width", chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
		if width > sz.width {
			t.Errorf("%s at %d px: the page is %d px wide, it scrolls sideways", state, sz.width, width)
		}
		png := get(tb, "screenshot", chromedp.FullScreenshot(100))
		name := filepath.Join(screenshotDir, fmt.Sprintf("checkout-%s-%s.png", state, sz.name))
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: artifacts/screenshots/%s", filepath.Base(name))
	}
	open := func() {
		t.Helper()
		tb.do("open session.url", reopen(bs.session.URL), chromedp.WaitVisible(chromedp.CSS(selForm)))
	}
	for _, sz := range sizes {
		tb.do("viewport "+sz.name, chromedp.EmulateViewport(sz.width, sz.height, sz.opts...))
		open()
		shoot("open", sz)
		tb.do("submit an empty form", chromedp.Click(chromedp.CSS(selPay)), chromedp.WaitVisible(chromedp.CSS(selSummary)))
		shoot("errors", sz)
		open()
		tb.do("fill the form", fillForm("4000000000000002"))
		tb.do("pay with a declined card", chromedp.Click(chromedp.CSS(selPay)), chromedp.WaitVisible(chromedp.CSS(selCardError)))
		shoot("declined", sz)
	}
	if _, err := bs.acct.Stripe.V1CheckoutSessions.Expire(context.Background(), bs.session.ID, nil); err != nil {
		t.Fatal(err)
	}
	for _, sz := range sizes {
		tb.do("viewport "+sz.name, chromedp.EmulateViewport(sz.width, sz.height, sz.opts...))
		tb.do("open the expired session", reopen(bs.session.URL), chromedp.WaitVisible(chromedp.CSS(selExpired)))
		shoot("expired", sz)
	}
	paid := paySession(t, bs.srv, bs.acct, false, goodCard)
	_, ch := latestCharge(t, bs.acct, paid.PaymentIntent.ID)
	for _, sz := range sizes {
		tb.do("viewport "+sz.name, chromedp.EmulateViewport(sz.width, sz.height, sz.opts...))
		tb.do("open the receipt", reopen(ch.ReceiptURL), chromedp.WaitVisible(chromedp.CSS(`[data-testid="receipt"]`)))
		shoot("receipt", sz)
	}
}

// axeSource is axe-core's browser build: TILL_AXE_JS (set by `make test`), or
// where web/testdata/ensure-browser.sh installs it.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("TILL_AXE_JS")
	if path == "" {
		path = "../.data/npm/node_modules/axe-core/axe.min.js"
	}
	b, err := os.ReadFile(path)
	if err != nil {
		missing(t, fmt.Sprintf("axe-core not found (%v): run web/testdata/ensure-browser.sh, or set TILL_AXE_JS to axe.min.js", err))
	}
	return string(b)
}

// axeViolation is one rule axe-core found broken, with the elements.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeResults is what the tests keep of axe.run's results.
type axeResults struct {
	Passes     int            `json:"passes"`
	Violations []axeViolation `json:"violations"`
}

// checkAxe injects axe-core into the tab's page, runs it, and fails the test
// on any serious or critical violation (lesser ones are logged).
func checkAxe(t *testing.T, tb *tab, src, state string) {
	t.Helper()
	checkAxeIn(t, tb, nil, src, state)
}

// axeRun runs axe-core on the document and keeps what axeResults holds.
const axeRun = `axe.run(document, {resultTypes: ["violations"]}).then(r => ({
	passes: r.passes.length,
	violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => n.target.join(" ") + (n.failureSummary ? ": " + n.failureSummary.replace(/\s+/g, " ") : "")),
	})),
}))`

// checkAxeIn is checkAxe on the document inside frame, an iframe of the
// page (of its site, so in its process), or on the page's own when frame
// is nil. axe-core goes into the frame's window, and runs there, by a
// function evaluated in the frame.
func checkAxeIn(t *testing.T, tb *tab, frame *chromedp.Node, src, state string) {
	t.Helper()
	var res axeResults
	if frame == nil {
		tb.do("inject axe-core", chromedp.Evaluate[chromedp.Void](src))
		res = get(tb, "axe.run", chromedp.Evaluate[axeResults](axeRun, chromedp.EvalAwaitPromise))
	} else {
		in := []chromedp.PollOption{chromedp.WithPollingInFrame(frame), chromedp.WithPollingTimeout(stepTimeout)}
		tb.do("inject axe-core into the frame", chromedp.PollFunction[chromedp.Void]("() => {\n"+src+"\nreturn true;\n}", in...))
		res = get(tb, "axe.run in the frame", chromedp.PollFunction[axeResults]("() => "+axeRun, in...))
	}
	if res.Passes == 0 {
		t.Errorf("%s: axe-core checked nothing", state)
	}
	t.Logf("%s: axe-core %d rules passed, %d violated", state, res.Passes, len(res.Violations))
	violations := res.Violations
	for _, v := range violations {
		msg := fmt.Sprintf("%s: axe %s (%s): %s\n\t%s", state, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

// TestBrowserAccessibility runs axe-core on the open form, the form with
// errors (where focus must be on the error summary), a declined card, the
// expired page, and a paid charge's receipt.
func TestBrowserAccessibility(t *testing.T) {
	src := axeSource(t)
	bs := newBrowserSetup(t)
	tb := bs.tab

	tb.do("open session.url", chromedp.Navigate(bs.session.URL), chromedp.WaitVisible(chromedp.CSS(selForm)))
	checkAxe(t, tb, src, "open form")

	tb.do("open session.url", chromedp.Navigate(bs.session.URL), chromedp.WaitVisible(chromedp.CSS(selForm)))
	tb.do("submit an empty form", chromedp.Click(chromedp.CSS(selPay)), chromedp.WaitVisible(chromedp.CSS(selSummary)))
	if id := get(tb, "focus", chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`)); id != "error-summary" {
		t.Errorf("focus after a failed submit is on %q, want the error summary", id)
	}
	checkAxe(t, tb, src, "form with errors")

	tb.do("fill the form", fillForm("4000000000000002"))
	tb.do("pay with a declined card", chromedp.Click(chromedp.CSS(selPay)), chromedp.WaitVisible(chromedp.CSS(selCardError)))
	checkAxe(t, tb, src, "declined card")

	if _, err := bs.acct.Stripe.V1CheckoutSessions.Expire(context.Background(), bs.session.ID, nil); err != nil {
		t.Fatal(err)
	}
	tb.do("open the expired session", reopen(bs.session.URL), chromedp.WaitVisible(chromedp.CSS(selExpired)))
	checkAxe(t, tb, src, "expired page")

	paid := paySession(t, bs.srv, bs.acct, false, goodCard)
	_, ch := latestCharge(t, bs.acct, paid.PaymentIntent.ID)
	tb.do("open the receipt", chromedp.Navigate(ch.ReceiptURL), chromedp.WaitVisible(chromedp.CSS(`[data-testid="receipt"]`)))
	checkAxe(t, tb, src, "receipt")
}

package web_test

// Browser tests of 3-D Secure in every mode: the card 4000 0027 6000 3184
// asks the shopper to authenticate on Till's test page (Stripe's "3D Secure
// 2 Test Page"), which they pass with its Complete button or fail with its
// Fail button. Hosted, the page replaces the checkout page; embedded, it
// shows inside the checkout's iframe; custom, till.js opens it in a modal
// frame over the merchant's page and confirm() resolves once it is done.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stripe/stripe-go/v82"
)

// The challenge page's buttons, by Stripe's ids for them, and custom
// mode's modal.
const (
	selAuthorize   = "#test-source-authorize-3ds"
	selFailAuth    = "#test-source-fail-3ds"
	selAuthFrame   = `iframe[name="till-authentication"]`
	selAuthOverlay = "div[data-till-authentication]"
	authFailed     = "We are unable to authenticate your payment method."
)

// checkOpen checks through the API that the session is still open and
// unpaid.
func checkOpen(t *testing.T, acct *account, id, after string) {
	t.Helper()
	s, err := acct.Stripe.V1CheckoutSessions.Retrieve(context.Background(), id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != stripe.CheckoutSessionStatusOpen || s.PaymentStatus != stripe.CheckoutSessionPaymentStatusUnpaid {
		t.Errorf("%s: session status %q payment_status %q, want open and unpaid", after, s.Status, s.PaymentStatus)
	}
}

// TestBrowserAuthenticationHosted: paying by Stripe's selectors with the
// 3-D Secure card leads to the challenge page; Complete lands on
// success_url, paid. A second session's Fail brings the form back with
// Stripe's message, and 4242… then pays.
func TestBrowserAuthenticationHosted(t *testing.T) {
	bs := newBrowserSetup(t)
	tb := bs.tab
	tb.do("open session.url", chromedp.Navigate(bs.session.URL), chromedp.WaitVisible(chromedp.CSS(selForm)))
	payByStripeSelectors(t, tb, nil, authCard)
	tb.waitURL(bs.srv.URL + "/c/authenticate/" + bs.session.ID + "?payment_intent=pi_")
	tb.do("the challenge", chromedp.WaitVisible(chromedp.CSS(selAuthorize)), chromedp.WaitVisible(chromedp.CSS(selFailAuth)))
	if msg := get(tb, "challenge", chromedp.Text(chromedp.CSS(`[data-testid="three-ds-challenge"]`))); !strings.Contains(msg, "$39.98") {
		t.Errorf("the challenge says %q, want the amount", msg)
	}
	checkOpen(t, bs.acct, bs.session.ID, "while authenticating")
	tb.do("click Complete", chromedp.Click(chromedp.CSS(selAuthorize)))
	if u := tb.waitURL(bs.successPrefix()); !strings.Contains(u, bs.session.ID) {
		t.Errorf("landed on %s, want success_url with the session id", u)
	}
	checkPaid(t, bs.acct, bs.session.ID)

	s := browserSession(t, bs.acct, bs.shop)
	tb.do("open the second session", chromedp.Navigate(s.URL))
	tb.do("fill the form", fillForm(authCard))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay)), chromedp.WaitVisible(chromedp.CSS(selFailAuth)))
	tb.do("click Fail", chromedp.Click(chromedp.CSS(selFailAuth)), chromedp.WaitVisible(chromedp.CSS(selCardError)))
	if msg := get(tb, "card error", chromedp.Text(chromedp.CSS(selCardError))); !strings.Contains(msg, authFailed) {
		t.Errorf("card error after a failed authentication = %q, want %q", msg, authFailed)
	}
	if v := get(tb, "email", chromedp.Value(chromedp.CSS("#email"))); v != testEmail {
		t.Errorf("email after a failed authentication = %q, want it kept", v)
	}
	checkOpen(t, bs.acct, s.ID, "after a failed authentication")
	tb.do("fill another card", fillCard("4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay)))
	if u := tb.waitURL(bs.successPrefix()); !strings.Contains(u, s.ID) {
		t.Errorf("landed on %s, want success_url with the second session's id", u)
	}
	checkPaid(t, bs.acct, s.ID)
}

// TestBrowserAuthenticationEmbedded: the challenge shows inside the
// embedded checkout's iframe; Complete sends the top window to return_url.
// With redirect_on_completion=never, Fail brings the form back in the
// iframe with Stripe's message, and a second challenge's Complete fires
// onComplete with the top window left on the shop.
func TestBrowserAuthenticationEmbedded(t *testing.T) {
	es := newEmbedSetup(t, networkErrorsUnder("/c/authenticate/"))
	s := embeddedSession(t, es.acct, es.shop.URL+"/return?session_id={CHECKOUT_SESSION_ID}", "")
	es.shop.use(s.ClientSecret)
	tb := es.tab
	tb.do("open the shop", chromedp.Navigate(es.shop.URL+"/"))
	tb.do("fill the form", fillFrameForm(tb.mustFrame(selForm), authCard))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(tb.mustFrame(selForm))))
	frame := tb.mustFrame(selAuthorize)
	if u := tb.url(); u != es.shop.URL+"/" {
		t.Errorf("the challenge moved the top window to %s", u)
	}
	checkOpen(t, es.acct, s.ID, "while authenticating")
	tb.do("click Complete", chromedp.Click(chromedp.CSS(selAuthorize), chromedp.FromNode(frame)))
	if u := tb.waitURL(es.shop.URL + "/return"); !strings.Contains(u, "session_id="+s.ID) {
		t.Errorf("landed on %s, want return_url with the session id", u)
	}
	checkPaid(t, es.acct, s.ID)

	s = embeddedSession(t, es.acct, "", "never")
	es.shop.use(s.ClientSecret)
	tb.do("reopen the shop", chromedp.Navigate(es.shop.URL+"/"))
	frame = tb.mustFrame(selForm)
	tb.do("fill the form", fillFrameForm(frame, authCard))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(frame)))
	tb.do("click Fail", chromedp.Click(chromedp.CSS(selFailAuth), chromedp.FromNode(tb.mustFrame(selFailAuth))))
	frame = tb.mustFrame(selCardError)
	if msg := get(tb, "card error", chromedp.Text(chromedp.CSS(selCardError), chromedp.FromNode(frame))); !strings.Contains(msg, authFailed) {
		t.Errorf("card error after a failed authentication = %q, want %q", msg, authFailed)
	}
	checkOpen(t, es.acct, s.ID, "after a failed authentication")
	if st := get(tb, "status", chromedp.Text(chromedp.CSS("#status"))); st != "waiting" {
		t.Errorf("after a failed authentication the shop says %q", st)
	}
	tb.do("retype the card", fillCard(authCard, chromedp.FromNode(frame)))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(frame)))
	tb.do("click Complete", chromedp.Click(chromedp.CSS(selAuthorize), chromedp.FromNode(tb.mustFrame(selAuthorize))))
	tb.mustFrame(`[data-testid="result-complete"]`)
	tb.do("onComplete", chromedp.Poll[chromedp.Void](`document.title === "complete"`))
	if u := tb.url(); u != es.shop.URL+"/" {
		t.Errorf("the top window went to %s, want it to stay on the shop", u)
	}
	checkPaid(t, es.acct, s.ID)
}

// customAuthentication opens a custom-mode shop for a new session in a new
// tab of b, confirms the 3-D Secure card, checks the modal over the shop
// page, clicks button inside it and waits until confirm() resolved and
// the modal is gone; it returns the tab, the session and what the shop
// recorded of confirm()'s result.
func customAuthentication(t *testing.T, b *browser, srv *testServer, acct *account, button string) (*tab, *stripe.CheckoutSession, string) {
	t.Helper()
	s := customSession(t, acct)
	shop := newCustomShop(t, customShopPage, map[string]string{"Till": srv.URL, "PK": acct.PublishableKey}, s.ClientSecret)
	tb := b.newTab(t, networkErrorsUnder("/c/authenticate/"), networkErrorsUnder("/c/api/custom/"))
	tb.do("open the shop", chromedp.Navigate(shop.URL+"/"), chromedp.WaitEnabled(chromedp.CSS("#pay")))
	card := customFrame(tb, "#card_number")
	tb.do("type the email", chromedp.SendKeys(chromedp.CSS("#email"), testEmail))
	tb.do("fill the card", fillCardFrame(card, authCard))
	tb.do("click Pay", chromedp.Click(chromedp.CSS("#pay")))
	frame := tb.mustFrameShowing(selAuthFrame, button)
	modal := `(() => {
		const o = document.querySelectorAll(` + jsString(selAuthOverlay) + `);
		const f = o.length === 1 && o[0].querySelector(` + jsString(selAuthFrame) + `);
		if (!f) return "overlays: " + o.length;
		const r = o[0].getBoundingClientRect();
		return [getComputedStyle(o[0]).position, r.width === innerWidth && r.height === innerHeight,
			new URL(f.src).origin, document.getElementById("result").textContent].join(" ");
	})()`
	if got, want := get(tb, "modal", chromedp.Evaluate[string](modal)), "fixed true "+srv.URL+" paying"; got != want {
		t.Errorf("the modal (position, covers the page, frame origin, result) = %q, want %q", got, want)
	}
	checkOpen(t, acct, s.ID, "while authenticating")
	tb.do("click "+button, chromedp.Click(chromedp.CSS(button), chromedp.FromNode(frame)))
	tb.do("confirm() resolved", chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.startsWith("{")`))
	if n := get(tb, "overlays", chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(selAuthOverlay)+`).length`)); n != 0 {
		t.Errorf("%d authentication overlays left after confirm() resolved", n)
	}
	return tb, s, get(tb, "result", chromedp.Text(chromedp.CSS("#result")))
}

// TestBrowserAuthenticationCustom: confirm() of the 3-D Secure card opens
// the modal over the shop; Complete inside it resolves confirm() with
// success and the session is paid. A second session's Fail resolves it
// with Stripe's error and leaves the session open; 4242… then pays.
func TestBrowserAuthenticationCustom(t *testing.T) {
	chromiumPath(t)
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	b := newBrowser(t)

	_, s, res := customAuthentication(t, b, srv, acct, selAuthorize)
	if !strings.Contains(res, `"type":"success"`) || !strings.Contains(res, `"type":"complete"`) || !strings.Contains(res, s.ID) {
		t.Errorf("confirm() after Complete = %s, want success with the complete session", res)
	}
	checkPaid(t, acct, s.ID)

	tb, s, res := customAuthentication(t, b, srv, acct, selFailAuth)
	if !strings.Contains(res, `"type":"error"`) || !strings.Contains(res, `"code":"paymentFailed"`) || !strings.Contains(res, authFailed) {
		t.Errorf("confirm() after Fail = %s, want a paymentFailed error with %q", res, authFailed)
	}
	checkOpen(t, acct, s.ID, "after a failed authentication")
	tb.do("fill another card", fillCardFrame(customFrame(tb, "#card_number"), "4242424242424242"))
	tb.do("click Pay", chromedp.Click(chromedp.CSS("#pay")))
	tb.do("success", chromedp.Poll[chromedp.Void](`document.getElementById("result").textContent.includes('"type":"success"')`))
	checkPaid(t, acct, s.ID)
}

// TestBrowserAuthenticationAccessibility runs axe-core on the hosted
// challenge page and on the challenge inside the embedded checkout's
// iframe, and keeps screenshots of both at phone (375) and desktop (1280)
// widths (see TestBrowserScreenshots).
func TestBrowserAuthenticationAccessibility(t *testing.T) {
	src := axeSource(t)
	bs := newBrowserSetup(t)
	tb := bs.tab
	tb.do("open session.url", chromedp.Navigate(bs.session.URL))
	tb.do("fill the form", fillForm(authCard))
	tb.do("click Pay", chromedp.Click(chromedp.CSS(selPay)), chromedp.WaitVisible(chromedp.CSS(selAuthorize)))
	challenge := tb.url()

	shop := newEmbedShop(t, bs.srv, bs.acct)
	emb := embeddedSession(t, bs.acct, "", "never")
	shop.use(emb.ClientSecret)
	etb := bs.browser.newTab(t)
	etb.do("open the shop", chromedp.Navigate(shop.URL+"/"))
	etb.do("fill the form", fillFrameForm(etb.mustFrame(selForm), authCard))
	etb.do("click Pay", chromedp.Click(chromedp.CSS(selPay), chromedp.FromNode(etb.mustFrame(selForm))))

	for _, sz := range []struct {
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}},
		{1280, 900, nil},
	} {
		viewport := chromedp.EmulateViewport(sz.width, sz.height, sz.opts...)
		tb.do(fmt.Sprintf("viewport %d", sz.width), viewport)
		tb.do("reopen the challenge", reopen(challenge), chromedp.WaitVisible(chromedp.CSS(selAuthorize)))
		checkAxe(t, tb, src, fmt.Sprintf("hosted challenge at %d px", sz.width))
		keepScreenshot(t, tb, "authentication-hosted", sz.width)

		etb.do(fmt.Sprintf("viewport %d", sz.width), viewport)
		frame := etb.mustFrame(selAuthorize)
		checkAxeIn(t, etb, frame, src, fmt.Sprintf("embedded challenge at %d px", sz.width))
		keepScreenshot(t, etb, "authentication-embedded", sz.width)
	}
}

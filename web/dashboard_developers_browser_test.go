package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The Developers pages in Chromium: from the section's page to the events,
// an event whose delivery failed, Resend and the second attempt; a webhook
// endpoint added from the form, its secret shown once, and rolled; the API
// keys and the request log. axe finds nothing serious or critical on any
// of them, at the test's size and at 375 px, and each is kept as a
// screenshot at 375 and 1280 px.
func TestBrowserDashboardDevelopers(t *testing.T) {
	src := axeSource(t)
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	rcv := newFlakyReceiver(t, func(n int) (int, string) {
		if n == 1 {
			return http.StatusServiceUnavailable, `{"error":"down for maintenance"}`
		}
		return http.StatusOK, `{"received":true}`
	})
	if _, err := acct.Stripe.V1WebhookEndpoints.Create(bg, endpointParams(rcv.URL, "checkout.session.expired")); err != nil {
		t.Fatal(err)
	}
	startDeliverer(t, srv.Store, loopbackOnly, time.Hour)
	s := newSession(t, acct, nil)
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, s.ID, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first, failed, delivery", func() bool { return rcv.count() == 1 })

	tb := newBrowser(t).newTab(t)
	// submit clicks a form's button and waits for the page its answer
	// leads to (a new document, though maybe at the same address).
	submit := func(what, button string, before ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		steps := append(before, chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.before = "1"`),
			chromedp.Click(chromedp.CSS(button)), chromedp.WaitReady(chromedp.CSS(`html:not([data-before]) main`)))
		tb.do(what, steps...)
	}
	count := func(sel string) int {
		return get(tb, "count "+sel, chromedp.Evaluate[int](`document.querySelectorAll('`+sel+`').length`))
	}

	tb.do("open Developers signed out", chromedp.Navigate(srv.URL+"/dashboard/developers"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="login-form"]`)))
	tb.do("sign in", chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS(`[data-testid="sign-in"]`)))
	tb.waitURL(srv.URL + "/dashboard/developers")
	tb.do("see the failure", chromedp.WaitVisible(chromedp.CSS(`[data-testid="failed-deliveries"]`)))
	shootDashboard(t, tb, src, "dashboard-developers")

	tb.do("open the events", chromedp.Click(chromedp.CSS(`.dash-tabs a[href="/dashboard/events"]`)))
	tb.waitURL(srv.URL + "/dashboard/events")
	tb.do("see the events", chromedp.WaitVisible(chromedp.CSS(`[data-testid="events"]`)))
	shootDashboard(t, tb, src, "dashboard-events")
	tb.do("filter by type", chromedp.SetValue(chromedp.CSS("#type"), "checkout.session.expired"),
		chromedp.Click(chromedp.CSS(`[data-testid="apply-filters"]`)))
	tb.waitURL(srv.URL + "/dashboard/events?")
	if n := count(`[data-testid="event-row"]`); n != 1 {
		t.Fatalf("%d checkout.session.expired events", n)
	}
	tb.do("open the event", chromedp.Click(chromedp.CSS(`[data-testid="event-row"] a`)))
	event := tb.waitURL(srv.URL + "/dashboard/events/evt_")
	tb.do("see its deliveries", chromedp.WaitVisible(chromedp.CSS(`[data-testid="attempt"]`)))
	if code := get(tb, "first answer", chromedp.Text(chromedp.CSS(`[data-testid="attempt"] [data-testid="answer-code"]`))); code != "503 Service Unavailable" {
		t.Errorf("the first attempt reads %q", code)
	}
	submit("resend", `[data-testid="resend"]`)
	if u := tb.url(); u != event {
		t.Errorf("the resend went to %s", u)
	}
	waitFor(t, "the resent attempt", func() bool {
		tb.do("reload", chromedp.Navigate(event), chromedp.WaitVisible(chromedp.CSS(`[data-testid="attempt"]`)))
		return count(`[data-testid="attempt"]`) == 2
	})
	got := get(tb, "answers", chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid="attempt"] [data-testid="answer-code"]')].map(e => e.textContent.trim())`))
	if strings.Join(got, ",") != "503 Service Unavailable,200 OK" {
		t.Errorf("attempts read %v", got)
	}
	shootDashboard(t, tb, src, "dashboard-event")

	// A webhook endpoint added from the form, and its secret rolled.
	tb.do("back to Developers", chromedp.Click(chromedp.CSS(`.dash-nav a[href="/dashboard/developers"]`)))
	tb.waitURL(srv.URL + "/dashboard/developers")
	tb.do("open the webhooks", chromedp.Click(chromedp.CSS(`.dash-tabs a[href="/dashboard/webhooks"]`)))
	tb.waitURL(srv.URL + "/dashboard/webhooks")
	tb.do("see the list", chromedp.WaitVisible(chromedp.CSS(`[data-testid="webhooks"]`)))
	shootDashboard(t, tb, src, "dashboard-webhooks")
	submit("add an endpoint", `[data-testid="add-endpoint"]`, chromedp.SendKeys(chromedp.CSS("#url"), "https://shop.example/stripe/webhook"),
		chromedp.SendKeys(chromedp.CSS("#description"), "Orders"),
		chromedp.Click(chromedp.CSS(`input[name="enabled_events"][value="checkout.session.completed"]`)))
	tb.waitURL(srv.URL + "/dashboard/webhooks/we_")
	tb.do("see the secret", chromedp.WaitVisible(chromedp.CSS(`[data-testid="signing-secret"]`)))
	first := get(tb, "secret", chromedp.Text(chromedp.CSS(`[data-testid="signing-secret"]`)))
	if !strings.HasPrefix(first, "whsec_") {
		t.Fatalf("the new endpoint's secret reads %q", first)
	}
	shootShownOnce(t, tb, src, "dashboard-webhook-created")
	submit("roll the secret", `[data-testid="roll-secret"]`, chromedp.SetValue(chromedp.CSS("#expires_in"), "3600"))
	tb.do("see the new secret", chromedp.WaitVisible(chromedp.CSS(`[data-testid="signing-secret"]`)))
	if rolled := get(tb, "secret", chromedp.Text(chromedp.CSS(`[data-testid="signing-secret"]`))); !strings.HasPrefix(rolled, "whsec_") || rolled == first {
		t.Errorf("the rolled secret reads %q (the first was %q)", rolled, first)
	}
	shootShownOnce(t, tb, src, "dashboard-webhook-rolled")
	tb.do("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`[data-testid="secret-gone"]`)))

	tb.do("back to the webhooks", chromedp.Click(chromedp.CSS(`.dash-crumbs a`)))
	tb.waitURL(srv.URL + "/dashboard/webhooks")
	tb.do("open the API keys", chromedp.Click(chromedp.CSS(`.dash-tabs a[href="/dashboard/apikeys"]`)))
	tb.waitURL(srv.URL + "/dashboard/apikeys")
	tb.do("see the keys", chromedp.WaitVisible(chromedp.CSS(`[data-testid="secret-keys"]`)))
	shootDashboard(t, tb, src, "dashboard-apikeys")
	submit("create a key", `[data-testid="create-key-button"]`, chromedp.SendKeys(chromedp.CSS("#key-name"), "Backend"))
	tb.do("see the key", chromedp.WaitVisible(chromedp.CSS(`[data-testid="revealed-key"]`)))
	shootShownOnce(t, tb, src, "dashboard-apikey-created")

	tb.do("open the logs", chromedp.Click(chromedp.CSS(`.dash-tabs a[href="/dashboard/logs"]`)))
	tb.waitURL(srv.URL + "/dashboard/logs")
	tb.do("see the requests", chromedp.WaitVisible(chromedp.CSS(`[data-testid="requests"]`)))
	shootDashboard(t, tb, src, "dashboard-logs")
}

package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/stripe/stripe-go/v82"
)

// The dashboard's home over HTTP: each figure of today and of the last 30
// UTC days on the store's clock, moved across days, in two currencies (one
// zero-decimal), the chart's numbers, and the failing webhook deliveries of
// the signed-in account only.

// startAtNoon moves the store's clock on to the next noon UTC, so that a
// test's seconds never cross a midnight.
func startAtNoon(clock *shiftedClock) {
	now := clock.now().UTC()
	noon := time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, time.UTC)
	if !noon.After(now) {
		noon = noon.AddDate(0, 0, 1)
	}
	clock.advance(noon.Sub(now))
}

// pricedSession creates a hosted session of quantity × unit in cur.
func pricedSession(t *testing.T, acct *account, cur string, unit, quantity int64, edit func(*stripe.CheckoutSessionCreateParams)) *stripe.CheckoutSession {
	t.Helper()
	return newSession(t, acct, func(p *stripe.CheckoutSessionCreateParams) {
		p.LineItems[0].Quantity = stripe.Int64(quantity)
		p.LineItems[0].PriceData.Currency = stripe.String(cur)
		p.LineItems[0].PriceData.UnitAmount = stripe.Int64(unit)
		if edit != nil {
			edit(p)
		}
	})
}

// pay pays a session on its hosted page with a card, wanting the status
// the page answers.
func pay(t *testing.T, srv *testServer, s *stripe.CheckoutSession, card string, status int) {
	t.Helper()
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), card, ""); r.Status != status {
		t.Fatalf("pay %s with %s: %d, want %d", s.ID, card, r.Status, status)
	}
}

// texts are the trimmed texts of what a selector finds, in order.
func texts(sel *goquery.Selection) []string {
	var out []string
	sel.Each(func(_ int, s *goquery.Selection) { out = append(out, strings.Join(strings.Fields(s.Text()), " ")) })
	return out
}

func TestDashboardHomeFigures(t *testing.T) {
	srv, clock := dashboardServer(t)
	a, b := srv.newAccount(t), srv.newAccount(t)
	email, password := dashboardUser(t, srv, a, "owner@a.example")
	startAtNoon(clock)
	day := func(n int) { clock.advance(time.Duration(n) * 24 * time.Hour) }

	// 40 days ago, outside the period: paid.
	pay(t, srv, pricedSession(t, a, "usd", 1999, 2, nil), goodCard, http.StatusSeeOther)
	// 29 days ago, the period's first day: $10.00 paid.
	day(11)
	first := clock.now().UTC()
	pay(t, srv, pricedSession(t, a, "usd", 1000, 1, nil), goodCard, http.StatusSeeOther)
	// 5 days ago: ¥500 paid; a session left open; one declined, still open.
	day(24)
	pay(t, srv, pricedSession(t, a, "jpy", 500, 1, nil), goodCard, http.StatusSeeOther)
	pricedSession(t, a, "usd", 1000, 1, nil)
	pay(t, srv, pricedSession(t, a, "usd", 1000, 1, nil), declinedCard, http.StatusPaymentRequired)
	// Today: $39.98 and ¥1,200 paid; a session open; one authorized and
	// not captured (complete, but no payment yet); another account's
	// payment.
	day(5)
	pay(t, srv, pricedSession(t, a, "usd", 1999, 2, nil), goodCard, http.StatusSeeOther)
	pay(t, srv, pricedSession(t, a, "jpy", 1200, 1, nil), goodCard, http.StatusSeeOther)
	pricedSession(t, a, "usd", 700, 1, nil)
	pay(t, srv, pricedSession(t, a, "usd", 5000, 1, func(p *stripe.CheckoutSessionCreateParams) {
		p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{CaptureMethod: stripe.String("manual")}
	}), goodCard, http.StatusSeeOther)
	pay(t, srv, pricedSession(t, b, "usd", 9900, 1, nil), goodCard, http.StatusSeeOther)
	today := clock.now().UTC()

	c := &browserless{t: t, srv: srv}
	if !c.signedOut("/dashboard") {
		t.Error("the home page shows signed out")
	}
	res, _ := c.signIn(email, password, "")
	if loc := res.Header.Get("Location"); loc != "/dashboard" {
		t.Errorf("sign-in goes to %q, want the home page", loc)
	}
	doc := c.page("/dashboard", http.StatusOK)
	if cur := doc.Find(`nav a[aria-current="page"]`).Text(); cur != "Home" {
		t.Errorf("the navigation marks %q", cur)
	}
	for _, want := range []struct {
		period, gross, payments, conversion, of string
	}{
		{"today", "¥1,200 $39.98", "2", "75.0%", "3 of 4 sessions completed"},
		{"last-30-days", "¥1,700 $49.98", "4", "62.5%", "5 of 8 sessions completed"},
	} {
		card := doc.Find(`[data-testid="` + want.period + `"]`)
		got := []string{strings.Join(texts(card.Find(`.dash-figure`)), " "), card.Find(`[data-testid="payments"]`).Text(),
			card.Find(`[data-testid="conversion"]`).Text(), card.Find(`[data-testid="conversion-of"]`).Text()}
		if strings.Join(got, "|") != strings.Join([]string{want.gross, want.payments, want.conversion, want.of}, "|") {
			t.Errorf("%s: %q, want %q", want.period, got, []string{want.gross, want.payments, want.conversion, want.of})
		}
	}

	// A chart a currency, in code order, each an image with its title and
	// description and a bar a day that had payments, and its numbers as a
	// table of the 30 days.
	charts := doc.Find(`[data-testid="volume-chart"]`)
	if got := strings.Join(charts.Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("data-currency", "") }), ","); got != "JPY,USD" {
		t.Fatalf("charts of %s, want JPY,USD", got)
	}
	usd := charts.Eq(1)
	svg := usd.Find(`svg[role="img"]`)
	labelled := strings.Fields(svg.AttrOr("aria-labelledby", ""))
	if len(labelled) != 2 || !usd.Find("#"+labelled[0]).Is("title") || !usd.Find("#"+labelled[1]).Is("desc") {
		t.Errorf("the chart is labelled by %q", labelled)
	}
	wantTitle := "Gross volume in USD by day, " + first.Format("Jan 2") + " to " + today.Format("Jan 2")
	if got := svg.Find("title").First().Text(); got != wantTitle {
		t.Errorf("chart title %q, want %q", got, wantTitle)
	}
	if got := svg.Find("desc").Text(); got != "$49.98 from 2 payments; the largest day $39.98." {
		t.Errorf("chart description %q", got)
	}
	if got := texts(svg.Find("rect title")); strings.Join(got, "|") != first.Format("Jan 2")+": $10.00|"+today.Format("Jan 2")+": $39.98" {
		t.Errorf("bars %q", got)
	}
	rows := usd.Find(`[data-testid="volume-table"] tbody tr`)
	if rows.Length() != 30 {
		t.Fatalf("the table has %d days", rows.Length())
	}
	if got := texts(rows.First().Children()); strings.Join(got, "|") != first.Format("Jan 2")+"|$10.00|1" {
		t.Errorf("first day %q", got)
	}
	if got := texts(rows.Eq(1).Children()); strings.Join(got, "|") != first.AddDate(0, 0, 1).Format("Jan 2")+"|$0.00|0" {
		t.Errorf("second day %q", got)
	}
	if got := texts(rows.Last().Children()); strings.Join(got, "|") != today.Format("Jan 2")+"|$39.98|1" {
		t.Errorf("today %q", got)
	}
	jpyToday := texts(charts.Eq(0).Find(`[data-testid="volume-table"] tbody tr`).Last().Children())
	if strings.Join(jpyToday, "|") != today.Format("Jan 2")+"|¥1,200|1" {
		t.Errorf("today in JPY %q", jpyToday)
	}
	if doc.Find(`[data-testid="no-failing"]`).Length() != 1 {
		t.Error("failing deliveries shown where none failed")
	}

	// A new day: today's figures start again, the period moves on.
	day(1)
	c.signIn(email, password, "")
	doc = c.page("/dashboard", http.StatusOK)
	todayCard := doc.Find(`[data-testid="today"]`)
	if got := []string{todayCard.Find(`[data-testid="gross"]`).Text(), todayCard.Find(`[data-testid="payments"]`).Text(),
		todayCard.Find(`[data-testid="conversion"]`).Text()}; strings.Join(strings.Fields(strings.Join(got, " ")), " ") != "No payments 0 —" {
		t.Errorf("a day with nothing: %q", got)
	}
	if got := doc.Find(`[data-testid="last-30-days"] .dash-figure`).Text(); got != "¥1,700$39.98" {
		t.Errorf("the period a day on: %q", got)
	}
}

func TestDashboardHomeFailingDeliveries(t *testing.T) {
	srv, _ := dashboardServer(t)
	a, b := srv.newAccount(t), srv.newAccount(t)
	email, password := dashboardUser(t, srv, a, "owner@a.example")
	down := newReceiver(t, func(int) int { return http.StatusInternalServerError })
	up := newReceiver(t, nil)
	we := down.endpoint(t, a, "checkout.session.completed")
	up.endpoint(t, a, "checkout.session.completed")
	theirs := newReceiver(t, func(int) int { return http.StatusInternalServerError })
	theirs.endpoint(t, b, "checkout.session.completed")
	startDeliverer(t, srv.Store, loopbackOnly, time.Hour)

	s := newSession(t, a, nil)
	pay(t, srv, s, goodCard, http.StatusSeeOther)
	pay(t, srv, newSession(t, b, nil), goodCard, http.StatusSeeOther)
	var completed *stripe.Event
	for ev, err := range a.Stripe.V1Events.List(bg, &stripe.EventListParams{Type: stripe.String("checkout.session.completed")}) {
		if err != nil {
			t.Fatal(err)
		}
		completed = ev
	}
	if completed == nil {
		t.Fatal("no checkout.session.completed event")
	}

	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	var rows *goquery.Selection
	waitFor(t, "the failing delivery on the home page", func() bool {
		rows = c.page("/dashboard", http.StatusOK).Find(`[data-testid="failing-delivery"]`)
		return rows.Length() > 0
	})
	if rows.Length() != 1 || rows.AttrOr("data-event", "") != completed.ID {
		t.Fatalf("%d failing deliveries, want the one of %s", rows.Length(), completed.ID)
	}
	got := texts(rows.Children())
	if !strings.HasPrefix(got[0], completed.ID+" checkout.session.completed") || got[1] != down.URL ||
		!strings.HasPrefix(got[2], "Retrying (1 attempt) Next try ") || got[4] != "HTTP 500" {
		t.Errorf("failing delivery %q", got)
	}
	if href := rows.Find("td").Eq(1).Find("a").AttrOr("href", ""); href != "/dashboard/webhooks/"+we.ID {
		t.Errorf("endpoint link %q", href)
	}
	if href := rows.Find("td").First().Find("a").AttrOr("href", ""); href != "/dashboard/events/"+completed.ID {
		t.Errorf("event link %q", href)
	}
}

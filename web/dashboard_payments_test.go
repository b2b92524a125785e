package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/stripe/stripe-go/v82"
)

// The dashboard's payments and customers over HTTP: the lists with their
// filters, search and pages, a payment's page, its refund, capture and
// cancel (each once per form, through the API's own service, with the
// API's events and webhooks, in the audit log), and every route of another
// account's ids not found.

// payWith pays a fresh session (edit changes its parameters) with a card
// and returns its PaymentIntent's id; a declined card leaves the session
// open with the intent awaiting another card.
func payWith(t *testing.T, srv *testServer, acct *account, card string, edit func(*stripe.CheckoutSessionCreateParams)) string {
	t.Helper()
	s := newSession(t, acct, edit)
	want := http.StatusSeeOther
	if card != goodCard {
		want = http.StatusPaymentRequired
	}
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), card, ""); r.Status != want {
		t.Fatalf("pay %s with %s: %d, want %d\n%.300s", s.ID, card, r.Status, want, r.Body)
	}
	s, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil || s.PaymentIntent == nil {
		t.Fatalf("session %s after paying: %v, PaymentIntent %v", s.ID, err, s.PaymentIntent)
	}
	return s.PaymentIntent.ID
}

// withReference sets a session's client_reference_id.
func withReference(ref string) func(*stripe.CheckoutSessionCreateParams) {
	return func(p *stripe.CheckoutSessionCreateParams) { p.ClientReferenceID = stripe.String(ref) }
}

// manual makes a session's PaymentIntent capture manually.
func manual(p *stripe.CheckoutSessionCreateParams) {
	p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{CaptureMethod: stripe.String("manual")}
}

// rowsOf are the ids and shown statuses of a list page's rows of kind
// (payment-row, customer-row), in order.
func rowsOf(doc *goquery.Document, kind string) (ids, statuses []string) {
	doc.Find(`tr[data-testid="` + kind + `"]`).Each(func(_ int, s *goquery.Selection) {
		ids = append(ids, s.AttrOr("data-id", ""))
		statuses = append(statuses, s.AttrOr("data-status", ""))
	})
	return ids, statuses
}

// listed are the ids of the rows of kind a list page shows, in order.
func listed(c *browserless, path, kind string) []string {
	c.t.Helper()
	ids, _ := rowsOf(c.page(path, http.StatusOK), kind)
	return ids
}

// sameIDs fails the test unless a list shows the ids wanted, in order.
func sameIDs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: %v, want %v", what, got, want)
	}
}

// fieldOf is the value a page's list of facts (a data-testid) gives a
// label.
func fieldOf(doc *goquery.Document, testid, label string) string {
	var v string
	doc.Find(`[data-testid="` + testid + `"] dt`).Each(func(_ int, dt *goquery.Selection) {
		if strings.TrimSpace(dt.Text()) == label {
			v = strings.TrimSpace(dt.Next().Text())
		}
	})
	return v
}

// linkOf is the href of the element a test id names.
func linkOf(doc *goquery.Document, testid string) string {
	return doc.Find(`[data-testid="`+testid+`"]`).AttrOr("href", "")
}

// post sends a form as the dashboard's page has it and returns the answer's
// status, where it redirects and the error page's message.
func post(c *browserless, action string, fields url.Values) (int, string, string) {
	c.t.Helper()
	res, body := c.do("POST", action, fields)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	return res.StatusCode, res.Header.Get("Location"), strings.TrimSpace(doc.Find(`[data-testid="dashboard-error-message"]`).Text())
}

// postTwice sends the same form twice at once, as a double click does, and
// fails unless both answers send the browser to want.
func postTwice(t *testing.T, c *browserless, action string, fields url.Values, want string) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			status, loc, msg := post(c, action, fields)
			if status != http.StatusSeeOther || loc != want {
				t.Errorf("submission %d: %d to %q (%s), want 303 to %s", i, status, loc, msg, want)
			}
		})
	}
	wg.Wait()
}

func TestDashboardPaymentList(t *testing.T) {
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	// Oldest first: succeeded, failed, uncaptured, partly refunded,
	// canceled, refunded.
	p := []string{
		payWith(t, srv, acct, goodCard, withReference("order-0")),
		payWith(t, srv, acct, declinedCard, func(p *stripe.CheckoutSessionCreateParams) {
			p.ClientReferenceID, p.CustomerEmail = stripe.String("order-1"), stripe.String("Grace@Example.com")
		}),
		payWith(t, srv, acct, goodCard, func(p *stripe.CheckoutSessionCreateParams) { withReference("order-2")(p); manual(p) }),
		payWith(t, srv, acct, goodCard, withReference("order-3")),
		payWith(t, srv, acct, goodCard, func(p *stripe.CheckoutSessionCreateParams) { withReference("order-4")(p); manual(p) }),
		payWith(t, srv, acct, goodCard, withReference("order-5")),
	}
	if _, err := acct.Stripe.V1Refunds.Create(bg, &stripe.RefundCreateParams{PaymentIntent: stripe.String(p[3]), Amount: stripe.Int64(500)}); err != nil {
		t.Fatal(err)
	}
	if _, err := acct.Stripe.V1PaymentIntents.Cancel(bg, p[4], nil); err != nil {
		t.Fatal(err)
	}
	if _, err := acct.Stripe.V1Refunds.Create(bg, &stripe.RefundCreateParams{PaymentIntent: stripe.String(p[5])}); err != nil {
		t.Fatal(err)
	}
	_, charge := latestCharge(t, acct, p[3])

	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	list := func(query string) []string { return listed(c, "/dashboard/payments"+query, "payment-row") }
	same := func(what string, got []string, want ...string) { t.Helper(); sameIDs(t, what, got, want...) }
	doc := c.page("/dashboard/payments", http.StatusOK)
	ids, statuses := rowsOf(doc, "payment-row")
	same("all, newest first", ids, p[5], p[4], p[3], p[2], p[1], p[0])
	same("statuses shown", statuses, "refunded", "canceled", "partially_refunded", "uncaptured", "failed", "succeeded")
	if row := doc.Find(`tr[data-id="` + p[3] + `"]`).Text(); !strings.Contains(row, "$39.98") ||
		!strings.Contains(row, "Partially refunded") || !strings.Contains(row, "ada@example.com") {
		t.Errorf("the partly refunded payment's row reads %q", strings.Join(strings.Fields(row), " "))
	}
	if href := doc.Find(`tr[data-id="`+p[0]+`"] a`).AttrOr("href", ""); href != "/dashboard/payments/"+p[0] {
		t.Errorf("a row links to %q", href)
	}
	if doc.Find(`input[type="search"][name="q"]`).Length() != 1 {
		t.Error("the list has no search box named q")
	}

	same("succeeded, refunded or not", list("?status=succeeded"), p[5], p[3], p[0])
	same("uncaptured", list("?status=uncaptured"), p[2])
	same("refunded, all or part", list("?status=refunded"), p[5], p[3])
	same("failed", list("?status=failed"), p[1])
	same("canceled", list("?status=canceled"), p[4])
	c.page("/dashboard/payments?status=requires_capture", http.StatusBadRequest)

	same("search by PaymentIntent id", list("?q="+p[2]), p[2])
	same("search by charge id", list("?q="+charge.ID), p[3])
	same("search by the prefilled email, any case", list("?q=grace%40example.COM"), p[1])
	same("search by the shopper's email", list("?q=ADA%40example.com"), p[5], p[4], p[3], p[2], p[0])
	same("search by client_reference_id", list("?q=order-4"), p[4])
	same("search and status", list("?q=ada%40example.com&status=refunded"), p[5], p[3])
	same("search for nothing known", list("?q=pi_unknown"))

	// Pages of two, by the older and newer links, filters kept.
	first := c.page("/dashboard/payments?limit=2", http.StatusOK)
	ids, _ = rowsOf(first, "payment-row")
	same("page 1", ids, p[5], p[4])
	if linkOf(first, "newer") != "" {
		t.Error("the first page links to a newer one")
	}
	second := c.page(linkOf(first, "older"), http.StatusOK)
	ids, _ = rowsOf(second, "payment-row")
	same("page 2", ids, p[3], p[2])
	third := c.page(linkOf(second, "older"), http.StatusOK)
	ids, _ = rowsOf(third, "payment-row")
	same("page 3", ids, p[1], p[0])
	if linkOf(third, "older") != "" {
		t.Error("the last page links to an older one")
	}
	ids, _ = rowsOf(c.page(linkOf(third, "newer"), http.StatusOK), "payment-row")
	same("page 2 again", ids, p[3], p[2])
	filtered := c.page("/dashboard/payments?limit=2&status=succeeded", http.StatusOK)
	ids, _ = rowsOf(c.page(linkOf(filtered, "older"), http.StatusOK), "payment-row")
	same("a filter kept across pages", ids, p[0])
	c.page("/dashboard/payments?limit=0", http.StatusBadRequest)
}

func TestDashboardPaymentDetail(t *testing.T) {
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	cus, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("ada@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t, acct, func(p *stripe.CheckoutSessionCreateParams) {
		p.Customer = stripe.String(cus.ID)
		p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{Metadata: map[string]string{"order": "42"}}
	})
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), declinedCard, ""); r.Status != http.StatusPaymentRequired {
		t.Fatalf("decline: %d", r.Status)
	}
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), goodCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d", r.Status)
	}
	paid, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	pi, ch := latestCharge(t, acct, paid.PaymentIntent.ID)

	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	detail := "/dashboard/payments/" + pi.ID
	doc := c.page(detail, http.StatusOK)
	text := func(sel string) string { return strings.Join(strings.Fields(doc.Find(sel).Text()), " ") }
	for sel, want := range map[string]string{
		`[data-testid="payment-amount"]`: "$39.98", `[data-testid="payment-status"]`: "Succeeded",
		`[data-testid="payment-id"]`: pi.ID,
	} {
		if got := text(sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	for _, f := range []struct{ card, label, want string }{{"details", "Status", "succeeded"}, {"details", "Received", "$39.98"},
		{"details", "Capture method", "automatic_async"}, {"customer", "Email", "ada@example.com"}, {"customer", "Customer", cus.ID}} {
		if got := fieldOf(doc, f.card, f.label); got != f.want {
			t.Errorf("%s %s = %q, want %q", f.card, f.label, got, f.want)
		}
	}
	if got := fieldOf(doc, "metadata", "order"); got != "42" {
		t.Errorf("metadata order = %q", got)
	}
	if href := doc.Find(`[data-testid="details"] a[href^="/dashboard/checkout/sessions/"]`).AttrOr("href", ""); href != "/dashboard/checkout/sessions/"+s.ID {
		t.Errorf("the session link is %q", href)
	}
	if href := doc.Find(`[data-testid="customer"] a`).AttrOr("href", ""); href != "/dashboard/customers/"+cus.ID {
		t.Errorf("the customer link is %q", href)
	}
	charges := doc.Find(`[data-testid="charge"]`)
	if charges.Length() != 2 || charges.First().AttrOr("data-id", "") != ch.ID {
		t.Fatalf("%d charges, the first %q, want 2 with %s first", charges.Length(), charges.First().AttrOr("data-id", ""), ch.ID)
	}
	if got := charges.First().Find("td").Map(func(_ int, s *goquery.Selection) string { return s.Text() }); !slices.Contains(got, ch.Outcome.SellerMessage) ||
		!slices.Contains(got, "Visa •••• 4242") {
		t.Errorf("the charge %q does not show its card and outcome %q", got, ch.Outcome.SellerMessage)
	}
	if failed := charges.Last(); failed.Find(`[data-testid="receipt"]`).Length() != 0 || !strings.Contains(failed.Text(), "failed") {
		t.Errorf("the declined charge reads %q", strings.Join(strings.Fields(failed.Text()), " "))
	}
	receipt := charges.First().Find(`[data-testid="receipt"]`).AttrOr("href", "")
	if ch.ReceiptURL == "" || !strings.HasSuffix(ch.ReceiptURL, receipt) || receipt == "" {
		t.Errorf("receipt link %q, the API's receipt_url %q", receipt, ch.ReceiptURL)
	}
	if res, _ := c.do("GET", receipt, nil); res.StatusCode != http.StatusOK {
		t.Errorf("GET %s = %d", receipt, res.StatusCode)
	}
	var events []string
	doc.Find(`[data-testid="event"]`).Each(func(_ int, e *goquery.Selection) { events = append(events, e.AttrOr("data-type", "")) })
	for _, want := range []string{"payment_intent.succeeded", "charge.succeeded", "charge.failed", "payment_intent.payment_failed"} {
		if !slices.Contains(events, want) {
			t.Errorf("timeline %v lacks %s", events, want)
		}
	}
	if doc.Find(`[data-testid="refund-form"]`).Length() != 1 || doc.Find(`[data-testid="capture-form"]`).Length() != 0 ||
		doc.Find(`[data-testid="cancel-form"]`).Length() != 0 {
		t.Error("a succeeded payment should offer a refund only")
	}
	if doc.Find(`[data-testid="no-refunds"]`).Length() != 1 {
		t.Error("no refunds yet should say so")
	}

	// The session's page links its PaymentIntent here.
	link := c.page("/dashboard/checkout/sessions/"+s.ID, http.StatusOK).Find(`[data-testid="payment-intent"] a`)
	if link.AttrOr("href", "") != detail || link.Text() != pi.ID {
		t.Errorf("the session's PaymentIntent links to %q (%q)", link.AttrOr("href", ""), link.Text())
	}
	c.page("/dashboard/payments/pi_unknown", http.StatusNotFound)
}

func TestDashboardRefund(t *testing.T) {
	srv, _, raw := dashboardServerDB(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	hooks := newReceiver(t, nil)
	hooks.endpoint(t, acct, "refund.created", "charge.refunded")
	startDeliverer(t, srv.Store, loopbackOnly)
	mine, viaAPI := payWith(t, srv, acct, goodCard, nil), payWith(t, srv, acct, goodCard, nil)
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	detail := "/dashboard/payments/" + mine

	// A part of it, for a reason, the form sent twice at once: one refund.
	action, fields := formOf(t, c.page(detail, http.StatusOK), `form[data-testid="refund-form"]`)
	if action != detail+"/refund" {
		t.Fatalf("the refund form posts to %q", action)
	}
	fields.Set("amount", "10.00")
	fields.Set("reason", "requested_by_customer")
	postTwice(t, c, action, fields, detail)
	refunds := func(pi string) []*stripe.Refund { return refundsOf(t, acct, pi) }
	got := refunds(mine)
	if len(got) != 1 || got[0].Amount != 1000 || got[0].Reason != "requested_by_customer" || got[0].Status != "succeeded" {
		t.Fatalf("refunds after the double submission: %+v", got)
	}
	first := got[0]
	doc := c.page(detail, http.StatusOK)
	if row := doc.Find(`[data-testid="refund"]`); row.Length() != 1 || row.AttrOr("data-id", "") != first.ID ||
		row.Find(`[data-testid="refund-amount"]`).Text() != "$10.00" || row.Find(`[data-testid="refund-reason"]`).Text() != "Requested by customer" {
		t.Errorf("the page's refunds read %q", strings.Join(strings.Fields(doc.Find(`[data-testid="refunds"]`).Text()), " "))
	}
	if got := doc.Find(`[data-testid="payment-status"]`).Text(); got != "Partially refunded" {
		t.Errorf("status after a partial refund %q", got)
	}

	// The same refund through the API makes the same events, and the
	// webhooks announce the dashboard's.
	if _, err := acct.Stripe.V1Refunds.Create(bg, &stripe.RefundCreateParams{PaymentIntent: stripe.String(viaAPI),
		Amount: stripe.Int64(1000), Reason: stripe.String("requested_by_customer")}); err != nil {
		t.Fatal(err)
	}
	apiRefund := refunds(viaAPI)[0]
	_, ch := latestCharge(t, acct, mine)
	if a, b := eventTypes(t, acct, first.ID), eventTypes(t, acct, apiRefund.ID); !slices.Equal(a, b) || !slices.Equal(a, []string{"refund.created"}) {
		t.Errorf("the refund's events %v, the API's %v", a, b)
	}
	sameEvents(t, acct, mine, viaAPI, "charge.refunded")
	waitFor(t, "the refund's webhooks", func() bool {
		types, ids := hooks.received()
		return slices.Contains(ids, eventIDOf(t, acct, "refund.created", first.ID)) && slices.Contains(types, "charge.refunded") &&
			len(types) == 4
	})

	// More than is left is refused with Stripe's words and a way back,
	// and so is an amount that is not one; nothing changes.
	for amount, want := range map[string]string{
		"30.00":  "Refund amount ($30.00) is greater than unrefunded amount on charge ($29.98)",
		"100.00": "Refund amount ($100.00) is greater than charge amount ($39.98)",
		"12.345": "Invalid amount: 12.345. USD amounts have at most 2 decimal places.",
		"ten":    "Invalid amount: ten.",
	} {
		_, fields := formOf(t, c.page(detail, http.StatusOK), `form[data-testid="refund-form"]`)
		fields.Set("amount", amount)
		res, body := c.do("POST", action, fields)
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
		if msg := doc.Find(`[data-testid="dashboard-error-message"]`).Text(); res.StatusCode != http.StatusBadRequest ||
			!strings.Contains(msg, want) || linkOf(doc, "dashboard-error-back") != detail {
			t.Errorf("refund of %s: %d %q, back to %q", amount, res.StatusCode, msg, linkOf(doc, "dashboard-error-back"))
		}
	}

	// The rest, with the amount left empty; then there is nothing to refund.
	_, fields = formOf(t, c.page(detail, http.StatusOK), `form[data-testid="refund-form"]`)
	if status, loc, msg := post(c, action, fields); status != http.StatusSeeOther || loc != detail {
		t.Fatalf("refund of the rest: %d to %q (%s)", status, loc, msg)
	}
	if got := refunds(mine); len(got) != 2 || got[0].Amount != 2998 || got[0].Reason != "" {
		t.Errorf("refunds after refunding the rest: %+v", got)
	}
	doc = c.page(detail, http.StatusOK)
	if doc.Find(`[data-testid="refund-form"]`).Length() != 0 || doc.Find(`[data-testid="payment-status"]`).Text() != "Refunded" {
		t.Errorf("a refunded payment: status %q, refund forms %d", doc.Find(`[data-testid="payment-status"]`).Text(),
			doc.Find(`[data-testid="refund-form"]`).Length())
	}
	fields.Set("_key", "one-more")
	if status, _, msg := post(c, action, fields); status != http.StatusBadRequest || msg != "Charge "+ch.ID+" has already been refunded." {
		t.Errorf("refunding a refunded payment: %d %q", status, msg)
	}
	want := []string{"refund.create " + mine + " " + email, "refund.create " + mine + " " + email}
	if rows := auditActions(c); !slices.Equal(rows, want) {
		t.Errorf("audit log %q, want %q", rows, want)
	}
	var n int
	if err := raw.Get(&n, `SELECT count(*) FROM refunds WHERE payment_intent_id = $1`, mine); err != nil || n != 2 {
		t.Errorf("%d refunds stored (%v), want 2", n, err)
	}
}

// sameEvents fails unless a payment changed from the dashboard has the
// events (of its intent and its latest charge, in order) of one changed
// alike through the API, among them those wanted.
func sameEvents(t *testing.T, acct *account, dashboard, api string, want ...string) {
	t.Helper()
	events := func(pi string) []string {
		_, ch := latestCharge(t, acct, pi)
		return append(eventTypes(t, acct, pi), eventTypes(t, acct, ch.ID)...)
	}
	got, wantAll := events(dashboard), events(api)
	if !slices.Equal(got, wantAll) {
		t.Errorf("the payment's events %v, the API's %v", got, wantAll)
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("the payment's events %v lack %s", got, w)
		}
	}
}

// refundsOf lists a PaymentIntent's refunds through the API, newest first.
func refundsOf(t *testing.T, acct *account, pi string) []*stripe.Refund {
	t.Helper()
	var out []*stripe.Refund
	for r, err := range acct.Stripe.V1Refunds.List(bg, &stripe.RefundListParams{PaymentIntent: stripe.String(pi)}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// eventIDOf is the id of the account's event of a type about an object.
func eventIDOf(t *testing.T, acct *account, typ, objectID string) string {
	t.Helper()
	for _, ev := range listEvents(t, acct, &stripe.EventListParams{Type: stripe.String(typ)}) {
		if ev.Data.Object["id"] == objectID {
			return ev.ID
		}
	}
	t.Fatalf("no %s event of %s", typ, objectID)
	return ""
}

func TestDashboardRefundZeroDecimal(t *testing.T) {
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	pi := payWith(t, srv, acct, goodCard, func(p *stripe.CheckoutSessionCreateParams) {
		p.LineItems[0].PriceData.Currency, p.LineItems[0].PriceData.UnitAmount = stripe.String("jpy"), stripe.Int64(1000)
	})
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	detail := "/dashboard/payments/" + pi
	doc := c.page(detail, http.StatusOK)
	if got := doc.Find(`label[for="refund-amount"]`).Text(); got != "Amount (JPY)" {
		t.Errorf("the amount's label %q", got)
	}
	action, fields := formOf(t, doc, `form[data-testid="refund-form"]`)
	fields.Set("amount", "300.5")
	if status, _, msg := post(c, action, fields); status != http.StatusBadRequest || msg != "Invalid amount: 300.5. JPY amounts are whole numbers." {
		t.Errorf("a fraction of a yen: %d %q", status, msg)
	}
	fields.Set("amount", "300")
	if status, loc, msg := post(c, action, fields); status != http.StatusSeeOther || loc != detail {
		t.Fatalf("refund of ¥300: %d to %q (%s)", status, loc, msg)
	}
	if r := refundsOf(t, acct, pi); len(r) != 1 || r[0].Amount != 300 || r[0].Currency != "jpy" {
		t.Fatalf("refunds %+v", r)
	}
	if got := c.page(detail, http.StatusOK).Find(`[data-testid="refund-amount"]`).Text(); got != "¥300" {
		t.Errorf("the refund reads %q", got)
	}
}

func TestDashboardCapture(t *testing.T) {
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	mine, viaAPI := manualCapturePayment(t, srv, acct), manualCapturePayment(t, srv, acct)
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	detail := "/dashboard/payments/" + mine
	doc := c.page(detail, http.StatusOK)
	if doc.Find(`[data-testid="payment-status"]`).Text() != "Uncaptured" || doc.Find(`[data-testid="refund-form"]`).Length() != 0 ||
		doc.Find(`[data-testid="cancel-form"]`).Length() != 1 {
		t.Errorf("an authorization: status %q, refund forms %d, cancel forms %d", doc.Find(`[data-testid="payment-status"]`).Text(),
			doc.Find(`[data-testid="refund-form"]`).Length(), doc.Find(`[data-testid="cancel-form"]`).Length())
	}
	action, fields := formOf(t, doc, `form[data-testid="capture-form"]`)
	if action != detail+"/capture" {
		t.Fatalf("the capture form posts to %q", action)
	}

	// More than is capturable: Stripe's refusal.
	fields.Set("amount_to_capture", "50.00")
	if status, _, msg := post(c, action, fields); status != http.StatusBadRequest ||
		msg != "The amount_to_capture (5000) must be less than or equal to the amount_capturable (3998)." {
		t.Errorf("capturing too much: %d %q", status, msg)
	}

	// Less, sent twice at once: one capture, the rest released.
	fields.Set("amount_to_capture", "20.00")
	postTwice(t, c, action, fields, detail)
	pi, ch := latestCharge(t, acct, mine)
	if pi.Status != "succeeded" || pi.AmountReceived != 2000 || ch.AmountCaptured != 2000 || ch.AmountRefunded != 1998 || !ch.Captured {
		t.Errorf("after the capture: %s received %d; charge captured %d, refunded %d", pi.Status, pi.AmountReceived,
			ch.AmountCaptured, ch.AmountRefunded)
	}
	if _, err := acct.Stripe.V1PaymentIntents.Capture(bg, viaAPI, &stripe.PaymentIntentCaptureParams{AmountToCapture: stripe.Int64(2000)}); err != nil {
		t.Fatal(err)
	}
	sameEvents(t, acct, mine, viaAPI, "charge.captured", "payment_intent.succeeded")
	doc = c.page(detail, http.StatusOK)
	if doc.Find(`[data-testid="payment-status"]`).Text() != "Succeeded" || doc.Find(`[data-testid="capture-form"]`).Length() != 0 ||
		doc.Find(`[data-testid="cancel-form"]`).Length() != 0 || doc.Find(`[data-testid="refund-form"]`).Length() != 1 ||
		!strings.Contains(doc.Find(`#refund-amount-hint`).Text(), "$20.00") {
		t.Errorf("a captured payment's page: %q", strings.Join(strings.Fields(doc.Find("main").Text()), " "))
	}

	// Captured already: a new submission is refused.
	fields.Set("_key", "again")
	if status, _, msg := post(c, action, fields); status != http.StatusBadRequest || !strings.HasPrefix(msg,
		"This PaymentIntent could not be captured because it has a status of succeeded.") {
		t.Errorf("capturing again: %d %q", status, msg)
	}
	if rows := auditActions(c); !slices.Equal(rows, []string{"payment_intent.capture " + mine + " " + email}) {
		t.Errorf("audit log %q", rows)
	}
}

func TestDashboardCancel(t *testing.T) {
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	mine, viaAPI, paid := manualCapturePayment(t, srv, acct), manualCapturePayment(t, srv, acct), payWith(t, srv, acct, goodCard, nil)
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	detail := "/dashboard/payments/" + mine
	action, fields := formOf(t, c.page(detail, http.StatusOK), `form[data-testid="cancel-form"]`)
	if action != detail+"/cancel" {
		t.Fatalf("the cancel form posts to %q", action)
	}
	fields.Set("cancellation_reason", "requested_by_customer")
	postTwice(t, c, action, fields, detail)
	pi, ch := latestCharge(t, acct, mine)
	if pi.Status != "canceled" || pi.CancellationReason != "requested_by_customer" || ch.AmountRefunded != ch.Amount {
		t.Errorf("after the cancel: %s (%s), charge refunded %d of %d", pi.Status, pi.CancellationReason, ch.AmountRefunded, ch.Amount)
	}
	if _, err := acct.Stripe.V1PaymentIntents.Cancel(bg, viaAPI, &stripe.PaymentIntentCancelParams{
		CancellationReason: stripe.String("requested_by_customer")}); err != nil {
		t.Fatal(err)
	}
	sameEvents(t, acct, mine, viaAPI, "charge.refunded", "payment_intent.canceled")
	doc := c.page(detail, http.StatusOK)
	if doc.Find(`[data-testid="payment-status"]`).Text() != "Canceled" || doc.Find("form.dash-action-form").Length() != 0 ||
		doc.Find(`[data-testid="refund-reason"]`).Text() != "Authorization released" {
		t.Errorf("a canceled payment's page: %q", strings.Join(strings.Fields(doc.Find("main").Text()), " "))
	}

	// Canceled already, or captured when paid: refused, with Stripe's words.
	fields.Set("_key", "again")
	if status, _, msg := post(c, action, fields); status != http.StatusBadRequest ||
		!strings.HasPrefix(msg, "You cannot cancel this PaymentIntent because it has a status of canceled.") {
		t.Errorf("canceling again: %d %q", status, msg)
	}
	if c.page("/dashboard/payments/"+paid, http.StatusOK).Find(`[data-testid="cancel-form"]`).Length() != 0 {
		t.Error("a succeeded payment offers to cancel")
	}
	if status, _, msg := post(c, "/dashboard/payments/"+paid+"/cancel", fields); status != http.StatusBadRequest ||
		!strings.HasPrefix(msg, "You cannot cancel this PaymentIntent because it has a status of succeeded.") {
		t.Errorf("canceling a succeeded payment: %d %q", status, msg)
	}
	if rows := auditActions(c); !slices.Equal(rows, []string{"payment_intent.cancel " + mine + " " + email}) {
		t.Errorf("audit log %q", rows)
	}
}

func TestDashboardCustomers(t *testing.T) {
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	var ids []string // oldest first
	for _, p := range []*stripe.CustomerCreateParams{
		{Email: stripe.String("Ada@Example.com"), Name: stripe.String("Ada Lovelace"), Phone: stripe.String("+44 20 7946 0000"),
			Metadata: map[string]string{"tier": "gold"}},
		{Email: stripe.String("grace@example.com")},
		{Name: stripe.String("No Email")},
		{Email: stripe.String("gone@example.com")},
	} {
		cus, err := acct.Stripe.V1Customers.Create(bg, p)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, cus.ID)
	}
	if _, err := acct.Stripe.V1Customers.Delete(bg, ids[3], nil); err != nil {
		t.Fatal(err)
	}
	paid := payWith(t, srv, acct, goodCard, func(p *stripe.CheckoutSessionCreateParams) { p.Customer = stripe.String(ids[0]) })
	open := newSession(t, acct, func(p *stripe.CheckoutSessionCreateParams) { p.Customer = stripe.String(ids[0]) })
	payWith(t, srv, acct, goodCard, func(p *stripe.CheckoutSessionCreateParams) { p.Customer = stripe.String(ids[1]) })

	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	list := func(query string) []string { return listed(c, "/dashboard/customers"+query, "customer-row") }
	same := func(what string, got []string, want ...string) { t.Helper(); sameIDs(t, what, got, want...) }
	same("live ones, newest first", list(""), ids[2], ids[1], ids[0])
	same("search by email, any case", list("?q=ADA%40example.com"), ids[0])
	same("search by id", list("?q="+ids[1]), ids[1])
	same("a deleted one is not found", list("?q="+ids[3]))
	same("search for nothing known", list("?q=nobody%40example.com"))
	first := c.page("/dashboard/customers?limit=2", http.StatusOK)
	got, _ := rowsOf(first, "customer-row")
	same("page 1", got, ids[2], ids[1])
	second := c.page(linkOf(first, "older"), http.StatusOK)
	got, _ = rowsOf(second, "customer-row")
	same("page 2", got, ids[0])
	got, _ = rowsOf(c.page(linkOf(second, "newer"), http.StatusOK), "customer-row")
	same("back to page 1", got, ids[2], ids[1])

	doc := c.page("/dashboard/customers/"+ids[0], http.StatusOK)
	text := func(sel string) string { return strings.Join(strings.Fields(doc.Find(sel).Text()), " ") }
	if got := text(`[data-testid="customer-heading"]`); got != "Ada Lovelace" {
		t.Errorf("heading %q", got)
	}
	for _, f := range []struct{ card, label, want string }{{"details", "Email", "Ada@Example.com"},
		{"details", "Phone", "+44 20 7946 0000"}, {"metadata", "tier", "gold"}} {
		if got := fieldOf(doc, f.card, f.label); got != f.want {
			t.Errorf("%s %s = %q, want %q", f.card, f.label, got, f.want)
		}
	}
	payments, statuses := rowsOf(doc, "payment-row")
	same("the customer's payments", payments, paid)
	same("their statuses", statuses, "succeeded")
	if href := doc.Find(`tr[data-testid="payment-row"] a`).AttrOr("href", ""); href != "/dashboard/payments/"+paid {
		t.Errorf("the payment links to %q", href)
	}
	if sessions := rowIDs(doc); len(sessions) != 2 || sessions[0] != open.ID {
		t.Errorf("the customer's sessions %v, want 2, %s first", sessions, open.ID)
	}
	got, _ = rowsOf(c.page("/dashboard/payments?customer="+ids[0], http.StatusOK), "payment-row")
	same("the payments list of the customer", got, paid)
	if doc := c.page("/dashboard/customers/"+ids[2], http.StatusOK); doc.Find(`[data-testid="no-payments"]`).Length() != 1 ||
		doc.Find(`[data-testid="no-sessions"]`).Length() != 1 {
		t.Error("a customer with no payments or sessions should say so")
	}
	if doc := c.page("/dashboard/customers/"+ids[3], http.StatusOK); doc.Find(`[data-testid="customer-deleted"]`).Length() != 1 {
		t.Error("a deleted customer's page does not say so")
	}
}

func TestDashboardPaymentsTenantIsolation(t *testing.T) {
	srv, _ := dashboardServer(t)
	a, b := srv.newAccount(t), srv.newAccount(t)
	email, password := dashboardUser(t, srv, a, "owner@a.example")
	payWith(t, srv, a, goodCard, nil)
	theirCustomer, err := b.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("buyer@b.example")})
	if err != nil {
		t.Fatal(err)
	}
	theirPaid := payWith(t, srv, b, goodCard, func(p *stripe.CheckoutSessionCreateParams) {
		p.Customer, p.ClientReferenceID = stripe.String(theirCustomer.ID), stripe.String("order-b")
	})
	theirAuth := manualCapturePayment(t, srv, b)
	_, theirCharge := latestCharge(t, b, theirPaid)
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")

	for _, path := range []string{
		"/dashboard/payments/" + theirPaid,
		"/dashboard/payments/" + theirAuth,
		"/dashboard/payments/pi_unknown",
		"/dashboard/payments?starting_after=" + theirPaid,
		"/dashboard/payments?ending_before=" + theirPaid,
		"/dashboard/payments?customer=" + theirCustomer.ID,
		"/dashboard/customers/" + theirCustomer.ID,
		"/dashboard/customers/cus_unknown",
		"/dashboard/customers?starting_after=" + theirCustomer.ID,
		"/dashboard/customers?ending_before=" + theirCustomer.ID,
	} {
		c.page(path, http.StatusNotFound)
	}
	_, fields := formOf(t, c.page("/dashboard/payments/"+payWith(t, srv, a, goodCard, nil), http.StatusOK), `form[data-testid="refund-form"]`)
	for _, action := range []string{theirPaid + "/refund", theirAuth + "/capture", theirAuth + "/cancel", "pi_unknown/refund"} {
		fields.Set("_key", action)
		if status, _, _ := post(c, "/dashboard/payments/"+action, fields); status != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", action, status)
		}
	}
	if pi, ch := latestCharge(t, b, theirPaid); pi.Status != "succeeded" || ch.AmountRefunded != 0 {
		t.Errorf("their paid payment is %s with %d refunded", pi.Status, ch.AmountRefunded)
	}
	if pi, _ := latestCharge(t, b, theirAuth); pi.Status != "requires_capture" {
		t.Errorf("their authorization is %s", pi.Status)
	}
	for _, q := range []string{theirPaid, theirCharge.ID, "order-b"} {
		if ids, _ := rowsOf(c.page("/dashboard/payments?q="+url.QueryEscape(q), http.StatusOK), "payment-row"); len(ids) != 0 {
			t.Errorf("payments search %q finds %v in the other account", q, ids)
		}
	}
	for _, q := range []string{theirCustomer.ID, "buyer@b.example"} {
		if ids, _ := rowsOf(c.page("/dashboard/customers?q="+url.QueryEscape(q), http.StatusOK), "customer-row"); len(ids) != 0 {
			t.Errorf("customers search %q finds %v in the other account", q, ids)
		}
	}
	if rows := auditActions(c); len(rows) != 0 {
		t.Errorf("audit log after refusals %q", rows)
	}
}

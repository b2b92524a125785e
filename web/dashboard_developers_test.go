package web_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

// The dashboard's Developers pages over HTTP: events with their deliveries
// and Resend, webhook endpoints, API keys and the request log, each of the
// signed-in account only, each change once per form and in the audit log.

// signedInDeveloper is a dashboard server with two accounts, a user of the
// first signed in, and a connection to the database to look at.
type signedInDeveloper struct {
	srv    *testServer
	clock  *shiftedClock
	mine   *account
	theirs *account
	email  string
	c      *browserless
}

func developerSetup(t *testing.T) *signedInDeveloper {
	t.Helper()
	srv, clock := dashboardServer(t)
	d := &signedInDeveloper{srv: srv, clock: clock, mine: srv.newAccount(t), theirs: srv.newAccount(t)}
	var password string
	d.email, password = dashboardUser(t, srv, d.mine, "owner@shop.example")
	d.c = &browserless{t: t, srv: srv}
	d.c.signIn(d.email, password, "")
	return d
}

// post submits the form sel finds on the page at path as the signed-in
// user (browserless.submit).
func (d *signedInDeveloper) post(path, sel string, extra url.Values) (*http.Response, string) {
	d.c.t.Helper()
	return d.c.submit(path, sel, extra)
}

// followed is the page a change's answer sends the browser to.
func (d *signedInDeveloper) followed(res *http.Response, body string) *goquery.Document {
	d.c.t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		d.c.t.Fatalf("change answered %d, want 303\n%.600s", res.StatusCode, body)
	}
	return d.c.page(res.Header.Get("Location"), http.StatusOK)
}

// refusal is what a refused change's page says, and where it links back.
func refusal(t *testing.T, body string) (message, back string) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(doc.Find(`[data-testid="dashboard-error-message"]`).Text()),
		doc.Find(`[data-testid="dashboard-error-back"]`).AttrOr("href", "")
}

func attrs(doc *goquery.Document, sel, attr string) []string {
	var out []string
	doc.Find(sel).Each(func(_ int, s *goquery.Selection) { out = append(out, s.AttrOr(attr, "")) })
	return out
}

func TestDashboardEvents(t *testing.T) {
	d := developerSetup(t)
	embedded := newSession(t, d.mine, func(p *stripe.CheckoutSessionCreateParams) {
		p.UIMode, p.ReturnURL = stripe.String("embedded"), stripe.String("https://shop.example/return")
		p.SuccessURL, p.CancelURL = nil, nil
	})
	if _, err := d.mine.Stripe.V1CheckoutSessions.Expire(bg, embedded.ID, nil); err != nil {
		t.Fatal(err)
	}
	paid := newSession(t, d.mine, nil)
	if r := submitCard(t, d.srv, paid.ID, formToken(t, d.srv, paid.ID), goodCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d", r.Status)
	}
	theirs := newSession(t, d.theirs, nil)
	if _, err := d.theirs.Stripe.V1CheckoutSessions.Expire(bg, theirs.ID, nil); err != nil {
		t.Fatal(err)
	}
	var all []string // newest first, as the API lists them
	for ev := range d.mine.Stripe.V1Events.List(bg, &stripe.EventListParams{}) {
		all = append(all, ev.ID)
	}
	if len(all) < 4 {
		t.Fatalf("the account has %d events", len(all))
	}
	list := func(query string) []string {
		t.Helper()
		return attrs(d.c.page("/dashboard/events"+query, http.StatusOK), `[data-testid="event-row"]`, "data-id")
	}
	if got := list(""); strings.Join(got, ",") != strings.Join(all, ",") {
		t.Errorf("events %v, want the API's %v", got, all)
	}
	expired := list("?type=checkout.session.expired")
	if len(expired) != 1 {
		t.Fatalf("checkout.session.expired events: %v", expired)
	}
	if got := list("?q=" + expired[0]); len(got) != 1 || got[0] != expired[0] {
		t.Errorf("search by event id: %v", got)
	}
	if got := list("?q=" + paid.ID); len(got) != 1 {
		t.Errorf("search by the paid session's id: %v, want its completed event", got)
	}
	if got := list("?q=" + paid.ID + "&type=checkout.session.expired"); len(got) != 0 {
		t.Errorf("search and type together: %v", got)
	}
	d.c.page("/dashboard/events?type=no.such.type", http.StatusBadRequest)

	// Pages of two, by the older and newer links.
	first := d.c.page("/dashboard/events?limit=2", http.StatusOK)
	older, _ := first.Find(`[data-testid="older"]`).Attr("href")
	second := d.c.page(older, http.StatusOK)
	if got := attrs(second, `[data-testid="event-row"]`, "data-id"); strings.Join(got, ",") != strings.Join(all[2:4], ",") {
		t.Errorf("page 2: %v, want %v", got, all[2:4])
	}
	newer, _ := second.Find(`[data-testid="newer"]`).Attr("href")
	if got := attrs(d.c.page(newer, http.StatusOK), `[data-testid="event-row"]`, "data-id"); strings.Join(got, ",") != strings.Join(all[:2], ",") {
		t.Errorf("back to page 1: %v", got)
	}

	// The expired embedded session's event: its facts, and its JSON as the
	// API renders it, escaped, with the session's client_secret null.
	doc := d.c.page("/dashboard/events/"+expired[0], http.StatusOK)
	fresh, err := d.mine.Stripe.V1CheckoutSessions.Retrieve(bg, embedded.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	json := doc.Find(`[data-testid="event-json"]`).Text()
	if !strings.Contains(json, `"client_secret": null`) || !strings.Contains(json, `"id": "`+embedded.ID+`"`) ||
		!strings.Contains(json, `"type": "checkout.session.expired"`) {
		t.Errorf("event JSON:\n%.800s", json)
	}
	if embedded.ClientSecret == "" || strings.Contains(doc.Text(), embedded.ClientSecret) || strings.Contains(doc.Text(), fresh.ClientSecret) {
		t.Error("the event's page shows the session's client secret")
	}
	details := doc.Find(`[data-testid="event-details"]`).Text()
	for _, want := range []string{embedded.ID, "2025-", "Pending webhooks"} {
		if !strings.Contains(details, want) {
			t.Errorf("details %q lack %q", details, want)
		}
	}
	if doc.Find(`[data-testid="no-deliveries"]`).Length() != 1 {
		t.Error("an event no endpoint was sent shows deliveries")
	}
}

// flakyReceiver is a merchant's endpoint on 127.0.0.1 that answers the
// n-th request with the status and body answer gives.
type flakyReceiver struct {
	URL    string
	mu     sync.Mutex
	n      int
	bodies [][]byte
}

func newFlakyReceiver(t *testing.T, answer func(n int) (int, string)) *flakyReceiver {
	t.Helper()
	r := &flakyReceiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.n++
		n := r.n
		r.bodies = append(r.bodies, body)
		r.mu.Unlock()
		status, text := answer(n)
		w.WriteHeader(status)
		io.WriteString(w, text)
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL + "/hooks"
	return r
}

func (r *flakyReceiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// A delivery that fails is shown with its status and the start of the
// answer; Resend sends the event again through the delivery worker, and
// the second attempt shows beside the first.
func TestDashboardResendDelivery(t *testing.T) {
	d := developerSetup(t)
	rcv := newFlakyReceiver(t, func(n int) (int, string) {
		if n == 1 {
			return http.StatusInternalServerError, "<b>boom</b> " + strings.Repeat("x", 2000)
		}
		return http.StatusOK, `{"received":true}`
	})
	we, err := d.mine.Stripe.V1WebhookEndpoints.Create(bg, endpointParams(rcv.URL, "checkout.session.expired"))
	if err != nil {
		t.Fatal(err)
	}
	startDeliverer(t, d.srv.Store, loopbackOnly, time.Hour) // no retry within the test: only a resend
	s := newSession(t, d.mine, nil)
	if _, err := d.mine.Stripe.V1CheckoutSessions.Expire(bg, s.ID, nil); err != nil {
		t.Fatal(err)
	}
	ids := attrs(d.c.page("/dashboard/events?type=checkout.session.expired", http.StatusOK), `[data-testid="event-row"]`, "data-id")
	if len(ids) != 1 {
		t.Fatalf("expired events %v", ids)
	}
	page := "/dashboard/events/" + ids[0]
	attempts := func() *goquery.Selection {
		return d.c.page(page, http.StatusOK).Find(`[data-testid="event-endpoint"][data-endpoint="` + we.ID + `"] [data-testid="attempt"]`)
	}
	waitFor(t, "the first attempt on the event's page", func() bool { return attempts().Length() == 1 })
	a := attempts()
	if code := strings.TrimSpace(a.Find(`[data-testid="answer-code"]`).Text()); code != "500 Internal Server Error" {
		t.Errorf("first attempt's answer %q", code)
	}
	resp := a.Find(`[data-testid="attempt-response"]`).Text()
	if !strings.HasPrefix(resp, "<b>boom</b> xxx") || len(resp) != 1024 {
		t.Errorf("first attempt's response (%d bytes) %.40q, want its first KB, as text", len(resp), resp)
	}
	if dur := a.Find(`[data-testid="attempt-duration"]`).Text(); !strings.HasSuffix(dur, " ms") {
		t.Errorf("duration %q", dur)
	}

	// The latest failures, for the Home page, are on the Developers page.
	failed := d.c.page("/dashboard/developers", http.StatusOK).Find(`[data-testid="failed-deliveries"] [data-testid="delivery-row"]`)
	if failed.Length() != 1 || failed.AttrOr("data-event", "") != ids[0] || !strings.Contains(failed.Text(), "500") ||
		!strings.Contains(failed.Text(), rcv.URL) {
		t.Errorf("failed deliveries: %d rows %q", failed.Length(), failed.Text())
	}

	// Resend, submitted twice at once and once more: one new delivery.
	action, fields := formOf(t, d.c.page(page, http.StatusOK), `[data-endpoint="`+we.ID+`"] form`)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if res, body := d.c.do("POST", action, fields); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
				t.Errorf("resend: %d to %q\n%.300s", res.StatusCode, res.Header.Get("Location"), body)
			}
		})
	}
	wg.Wait()
	d.c.do("POST", action, fields)
	waitFor(t, "the resent attempt on the event's page", func() bool { return attempts().Length() == 2 })
	second := attempts().Eq(1)
	if code := strings.TrimSpace(second.Find(`[data-testid="answer-code"]`).Text()); code != "200 OK" ||
		second.Find(`[data-testid="attempt-response"]`).Text() != `{"received":true}` {
		t.Errorf("second attempt: %q %q", code, second.Find(`[data-testid="attempt-response"]`).Text())
	}
	ev, err := d.mine.Stripe.V1Events.Retrieve(bg, ids[0], nil)
	if err != nil || ev.PendingWebhooks != 1 {
		t.Errorf("event after the resend: %v pending (the first delivery's retry), %v", ev.PendingWebhooks, err)
	}
	if n := rcv.count(); n != 2 {
		t.Errorf("the endpoint got %d requests, want 2", n)
	}
	if rows := auditActions(d.c); len(rows) != 1 || rows[0] != "event.resend "+ids[0]+" "+d.email {
		t.Errorf("audit log %q", rows)
	}
	// The first delivery, to be retried in an hour, is still failing.
	if n := d.c.page("/dashboard/developers", http.StatusOK).Find(`[data-testid="failed-deliveries"] [data-testid="delivery-row"]`).Length(); n != 1 {
		t.Errorf("%d failed deliveries listed after the resend, want the first one", n)
	}

	// Resend without an endpoint, or to another account's, is refused.
	fields.Set("_key", "no-endpoint")
	fields.Del("webhook_endpoint")
	if res, body := d.c.do("POST", action, fields); res.StatusCode != http.StatusBadRequest {
		t.Errorf("resend without an endpoint: %d", res.StatusCode)
	} else if msg, back := refusal(t, body); msg != "Missing required param: webhook_endpoint." || back != page {
		t.Errorf("resend without an endpoint: %q, back to %q", msg, back)
	}
	theirs, err := d.theirs.Stripe.V1WebhookEndpoints.Create(bg, endpointParams("https://theirs.example/hook", "*"))
	if err != nil {
		t.Fatal(err)
	}
	fields.Set("_key", "their-endpoint")
	fields.Set("webhook_endpoint", theirs.ID)
	if res, _ := d.c.do("POST", action, fields); res.StatusCode != http.StatusNotFound {
		t.Errorf("resend to another account's endpoint: %d, want 404", res.StatusCode)
	}
}

func TestDashboardWebhooks(t *testing.T) {
	d := developerSetup(t)
	recv := newRawReceiver(t)
	startDeliverer(t, d.srv.Store, loopbackOnly)
	const list = "/dashboard/webhooks"
	createForm := func() (string, url.Values) { // the hidden fields only
		action, fields := formOf(t, d.c.page(list, http.StatusOK), `form[data-testid="create-webhook"]`)
		return action, url.Values{"_csrf": fields["_csrf"], "_key": fields["_key"]}
	}

	// A refused create says what the API says of the same parameters, and
	// links back to the form.
	for _, tc := range []struct {
		name   string
		fields url.Values
		api    string
	}{
		{"NoURL", url.Values{"enabled_events": {"*"}}, form("enabled_events[]", "*")},
		{"BadURL", url.Values{"url": {"ftp://shop.example/hook"}, "enabled_events": {"*"}},
			form("url", "ftp://shop.example/hook", "enabled_events[]", "*")},
		{"NoEvents", url.Values{"url": {recv.URL}}, form("url", recv.URL)},
		{"UnknownEvent", url.Values{"url": {recv.URL}, "enabled_events": {"checkout.session.completed", "invoice.paid"}},
			form("url", recv.URL, "enabled_events[]", "checkout.session.completed", "enabled_events[]", "invoice.paid")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := decodeErr(t, d.srv.do(t, "POST", "/v1/webhook_endpoints", d.mine.SecretKey, tc.api)).Message
			action, fields := createForm()
			for k, v := range tc.fields {
				fields[k] = v
			}
			res, body := d.c.do("POST", action, fields)
			if msg, back := refusal(t, body); res.StatusCode != http.StatusBadRequest || msg != want || back != list {
				t.Errorf("create: %d %q back to %q, want 400 %q", res.StatusCode, msg, back, want)
			}
		})
	}

	// The create sent twice at once and once more makes one endpoint, whose
	// page shows its signing secret once.
	action, fields := createForm()
	fields.Set("url", recv.URL)
	fields.Set("description", "Orders <fulfilment>")
	fields["enabled_events"] = []string{"checkout.session.completed", "customer.created"}
	var wg sync.WaitGroup
	locations := make([]string, 3)
	for i := range 2 {
		wg.Go(func() {
			res, _ := d.c.do("POST", action, fields)
			locations[i] = res.Header.Get("Location")
		})
	}
	wg.Wait()
	res, body := d.c.do("POST", action, fields)
	locations[2] = res.Header.Get("Location")
	var endpoints []*stripe.WebhookEndpoint
	for we, err := range d.mine.Stripe.V1WebhookEndpoints.List(bg, &stripe.WebhookEndpointListParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		endpoints = append(endpoints, we)
	}
	if len(endpoints) != 1 {
		t.Fatalf("%d endpoints after three submissions of one form", len(endpoints))
	}
	we := endpoints[0]
	page := list + "/" + we.ID
	for i, loc := range locations {
		if !strings.HasPrefix(loc, page+"?reveal=") || loc != locations[0] {
			t.Errorf("submission %d goes to %q", i, loc)
		}
	}
	doc := d.followed(res, body)
	secret := strings.TrimSpace(doc.Find(`[data-testid="signing-secret"]`).Text())
	if !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("the new endpoint's page shows secret %q", secret)
	}
	if !strings.Contains(doc.Find(`[data-testid="webhook-details"]`).Text(), "Orders <fulfilment>") ||
		we.URL != recv.URL || strings.Join(we.EnabledEvents, ",") != "checkout.session.completed,customer.created" {
		t.Errorf("endpoint %+v; details %q", we, doc.Find(`[data-testid="webhook-details"]`).Text())
	}
	again := d.c.page(locations[0], http.StatusOK)
	if again.Find(`[data-testid="signing-secret"]`).Length() != 0 || again.Find(`[data-testid="secret-gone"]`).Length() != 1 ||
		strings.Contains(again.Text(), secret) {
		t.Error("the secret is shown a second time")
	}
	if rows := attrs(d.c.page(list, http.StatusOK), `[data-testid="webhook-row"]`, "data-id"); len(rows) != 1 || rows[0] != we.ID {
		t.Errorf("list %v", rows)
	}
	if rows := attrs(d.c.page(list+"?q=127.0.0.1", http.StatusOK), `[data-testid="webhook-row"]`, "data-id"); len(rows) != 1 {
		t.Errorf("search by URL: %v", rows)
	}
	if rows := attrs(d.c.page(list+"?q=nowhere.example", http.StatusOK), `[data-testid="webhook-row"]`, "data-id"); len(rows) != 0 {
		t.Errorf("search for another URL: %v", rows)
	}

	// A test event: a well-formed event of the endpoint's first type Till
	// sends, signed with the secret shown, marked by its sample object's
	// zeros, and none of the account's events.
	test := func(n int) rawDelivery {
		t.Helper()
		d.followed(d.post(page, `form[data-testid="test-form"]`, nil))
		return recv.next(t, n)
	}
	first := test(0)
	ev, err := webhook.ConstructEvent(first.Body, first.Signature, secret)
	if err != nil {
		t.Fatalf("the test event does not verify with the secret shown: %v", err)
	}
	var object struct {
		ID, Object, ClientSecret string
	}
	json.Unmarshal(ev.Data.Raw, &object)
	if ev.Type != "checkout.session.completed" || object.ID != "cs_test_00000000000000" || !strings.HasPrefix(ev.ID, "evt_") || ev.Livemode {
		t.Errorf("test event %s %s about %s", ev.ID, ev.Type, object.ID)
	}
	if _, err := d.mine.Stripe.V1Events.Retrieve(bg, ev.ID, nil); err == nil {
		t.Error("the API finds the test event")
	}
	for e, err := range d.mine.Stripe.V1Events.List(bg, &stripe.EventListParams{}) {
		if err == nil && e.ID == ev.ID {
			t.Error("the API lists the test event")
		}
	}
	waitFor(t, "the test delivery on the endpoint's page", func() bool {
		row := d.c.page(page, http.StatusOK).Find(`[data-testid="delivery-row"][data-event="` + ev.ID + `"]`)
		return strings.Contains(row.Text(), "200 OK") && strings.Contains(row.Text(), "test")
	})

	// A roll keeping the old secret an hour: the new one is shown once, and
	// deliveries are signed with both.
	rolled := d.followed(d.post(page, `form[data-testid="roll-form"]`, url.Values{"expires_in": {"3600"}}))
	newSecret := strings.TrimSpace(rolled.Find(`[data-testid="signing-secret"]`).Text())
	if !strings.HasPrefix(newSecret, "whsec_") || newSecret == secret {
		t.Fatalf("rolled secret %q", newSecret)
	}
	overlap := test(1)
	for name, s := range map[string]string{"new": newSecret, "old": secret} {
		if _, err := webhook.ConstructEvent(overlap.Body, overlap.Signature, s); err != nil {
			t.Errorf("during the overlap the %s secret does not verify: %v", name, err)
		}
	}
	// A roll retiring it at once.
	newest := strings.TrimSpace(d.followed(d.post(page, `form[data-testid="roll-form"]`, url.Values{"expires_in": {"0"}})).
		Find(`[data-testid="signing-secret"]`).Text())
	last := test(2)
	if _, err := webhook.ConstructEvent(last.Body, last.Signature, newest); err != nil {
		t.Errorf("the newest secret does not verify: %v", err)
	}
	if _, err := webhook.ConstructEvent(last.Body, last.Signature, newSecret); err == nil {
		t.Error("the secret a roll retired at once still verifies")
	}
	res, body = d.post(page, `form[data-testid="roll-form"]`, url.Values{"expires_in": {"604801"}})
	if msg, back := refusal(t, body); res.StatusCode != http.StatusBadRequest || back != page ||
		msg != decodeErr(t, d.srv.do(t, "POST", "/v1/webhook_endpoints/"+we.ID+"/roll_secret", d.mine.SecretKey, form("expires_in", "604801"))).Message {
		t.Errorf("roll for over a week: %d %q", res.StatusCode, msg)
	}

	// Disable: no test form, and the API sees it; then enable again.
	testAction, testFields := formOf(t, d.c.page(page, http.StatusOK), `form[data-testid="test-form"]`)
	disabled := d.followed(d.post(page, `form[data-testid="toggle-form"]`, nil))
	if got, _ := d.mine.Stripe.V1WebhookEndpoints.Retrieve(bg, we.ID, nil); got.Status != "disabled" ||
		disabled.Find(`[data-testid="test-form"]`).Length() != 0 ||
		strings.TrimSpace(disabled.Find(`[data-testid="toggle-endpoint"]`).Text()) != "Enable endpoint" {
		t.Errorf("after disabling: %s", got.Status)
	}
	testFields.Set("_key", "while-disabled")
	if res, _ := d.c.do("POST", testAction, testFields); res.StatusCode != http.StatusConflict {
		t.Errorf("a test event to a disabled endpoint: %d, want 409", res.StatusCode)
	}
	d.followed(d.post(page, `form[data-testid="toggle-form"]`, nil))
	if got, _ := d.mine.Stripe.V1WebhookEndpoints.Retrieve(bg, we.ID, nil); got.Status != "enabled" {
		t.Errorf("after enabling: %s", got.Status)
	}

	var actions []string
	for _, row := range auditActions(d.c) {
		actions = append(actions, strings.Fields(row)[0])
		if !strings.Contains(row, we.ID) || !strings.Contains(row, d.email) {
			t.Errorf("audit row %q", row)
		}
	}
	if want := "webhook_endpoint.update webhook_endpoint.update webhook_endpoint.test webhook_endpoint.roll_secret " +
		"webhook_endpoint.test webhook_endpoint.roll_secret webhook_endpoint.test webhook_endpoint.create"; strings.Join(actions, " ") != want {
		t.Errorf("audit log %v", actions)
	}
}

// stripeFor is a stripe-go client of the test server with a key.
func stripeFor(srv *testServer, key string) *stripe.Client {
	backends := stripe.NewBackendsWithConfig(&stripe.BackendConfig{URL: stripe.String(srv.URL),
		MaxNetworkRetries: stripe.Int64(0), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}})
	return stripe.NewClient(key, stripe.WithBackends(backends))
}

// keyRows are the secret keys' rows of the API keys page: id, then how
// each reads.
func keyRows(doc *goquery.Document) map[string]string {
	out := map[string]string{}
	doc.Find(`[data-testid="secret-keys"] [data-testid="key-row"]`).Each(func(_ int, r *goquery.Selection) {
		out[r.AttrOr("data-id", "")] = strings.TrimSpace(r.Find(`[data-testid="key"]`).Text())
	})
	return out
}

func TestDashboardAPIKeys(t *testing.T) {
	srv, _, raw := dashboardServerDB(t)
	mine, theirs := srv.newAccount(t), srv.newAccount(t)
	email, password := dashboardUser(t, srv, mine, "owner@shop.example")
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	const keys = "/dashboard/apikeys"

	doc := c.page(keys, http.StatusOK)
	if got := texts(doc.Find(`[data-testid="publishable-keys"] [data-testid="key"]`)); len(got) != 1 || got[0] != mine.PublishableKey {
		t.Errorf("publishable keys %v, want %s", got, mine.PublishableKey)
	}
	secrets := keyRows(doc)
	if len(secrets) != 1 || strings.Contains(doc.Text(), mine.SecretKey) || strings.Contains(doc.Text(), theirs.PublishableKey) {
		t.Fatalf("secret keys %v", secrets)
	}
	for _, shown := range secrets {
		if shown != "sk_test_…"+mine.SecretKey[len(mine.SecretKey)-4:] {
			t.Errorf("the secret key reads %q", shown)
		}
	}
	if used := texts(doc.Find(`[data-testid="secret-keys"] td:nth-child(4)`)); len(used) != 1 || used[0] != "Never" {
		t.Errorf("last used %v before any request", used)
	}
	if _, err := mine.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{}); err != nil {
		t.Fatal(err)
	}
	if used := texts(c.page(keys, http.StatusOK).Find(`[data-testid="secret-keys"] td:nth-child(4)`)); len(used) != 1 || used[0] == "Never" {
		t.Errorf("last used %v after a request", used)
	}

	// Create: twice at once, once more after: one key, shown once.
	action, fields := formOf(t, c.page(keys, http.StatusOK), `form[data-testid="create-key"]`)
	fields.Set("name", "Shop backend")
	var wg sync.WaitGroup
	locations := make([]string, 2)
	for i := range 2 {
		wg.Go(func() {
			res, _ := c.do("POST", action, fields)
			locations[i] = res.Header.Get("Location")
		})
	}
	wg.Wait()
	res, body := c.do("POST", action, fields)
	if locations[0] != locations[1] || res.Header.Get("Location") != locations[0] || !strings.HasPrefix(locations[0], keys+"?reveal=") {
		t.Errorf("submissions go to %v and %q", locations, res.Header.Get("Location"))
	}
	shown := (&signedInDeveloper{c: c}).followed(res, body)
	key := strings.TrimSpace(shown.Find(`[data-testid="revealed-key"]`).Text())
	if !strings.HasPrefix(key, "sk_test_") || len(key) != len(mine.SecretKey) || !strings.Contains(shown.Find(`[data-testid="key-revealed"]`).Text(), "Shop backend") {
		t.Fatalf("revealed %q", shown.Find(`[data-testid="key-revealed"]`).Text())
	}
	rows := keyRows(shown)
	if len(rows) != 2 {
		t.Errorf("secret keys after the create: %v", rows)
	}
	if _, err := stripeFor(srv, key).V1Customers.Create(bg, &stripe.CustomerCreateParams{}); err != nil {
		t.Errorf("the new key does not work: %v", err)
	}
	again := c.page(locations[0], http.StatusOK)
	if again.Find(`[data-testid="revealed-key"]`).Length() != 0 || again.Find(`[data-testid="key-gone"]`).Length() != 1 {
		t.Error("the key is shown a second time")
	}
	// Only the key's digest is kept: no table holds the key itself.
	for _, table := range []string{"api_keys", "dashboard_reveals", "idempotency_keys", "dashboard_audit_log", "api_requests"} {
		var n int
		if err := raw.Get(&n, `SELECT count(*) FROM `+table+` t WHERE t::text LIKE '%' || $1 || '%'`, key); err != nil || n != 0 {
			t.Errorf("%s: %d rows hold the key (%v)", table, n, err)
		}
	}
	var stored int
	if err := raw.Get(&stored, `SELECT count(*) FROM api_keys WHERE key_hash = sha256(convert_to($1, 'UTF8'))`, key); err != nil || stored != 1 {
		t.Errorf("%d keys by the new key's digest (%v)", stored, err)
	}
	var created string
	for id, shown := range rows {
		if _, ok := secrets[id]; !ok {
			created = id
			if shown != "sk_test_…"+key[len(key)-4:] {
				t.Errorf("the new key reads %q", shown)
			}
		}
	}

	// Roll refusals: another account's key or none, a wait not offered.
	var theirKey string
	if err := raw.Get(&theirKey, `SELECT id FROM api_keys WHERE account_id = $1 AND kind = 'secret'`, theirs.ID); err != nil {
		t.Fatal(err)
	}
	rollForm := func(id string) (string, url.Values) {
		return formOf(t, c.page(keys, http.StatusOK), `form[action="/dashboard/apikeys/`+id+`/roll"]`)
	}
	rollAction, rollFields := rollForm(created)
	rollFields.Set("expires_in", "60")
	if res, body := c.do("POST", rollAction, rollFields); res.StatusCode != http.StatusBadRequest {
		t.Errorf("roll with a minute: %d", res.StatusCode)
	} else if msg, back := refusal(t, body); !strings.Contains(msg, "now, in 1 hour, 24 hours or 7 days") || back != keys {
		t.Errorf("roll with a minute: %q back to %q", msg, back)
	}
	for _, id := range []string{theirKey, "key_unknown"} {
		rollFields.Set("_key", "roll-"+id)
		rollFields.Set("expires_in", "3600")
		if res, _ := c.do("POST", "/dashboard/apikeys/"+id+"/roll", rollFields); res.StatusCode != http.StatusNotFound {
			t.Errorf("rolling key %s: %d, want 404", id, res.StatusCode)
		}
	}

	// Roll now: the old key stops at once, the new one works.
	rollAction, rollFields = rollForm(created)
	rollFields.Set("expires_in", "0")
	res, body = c.do("POST", rollAction, rollFields)
	rolled := strings.TrimSpace((&signedInDeveloper{c: c}).followed(res, body).Find(`[data-testid="revealed-key"]`).Text())
	_, err := stripeFor(srv, key).V1Customers.Create(bg, &stripe.CustomerCreateParams{})
	var se *stripe.Error
	if !errors.As(err, &se) || se.HTTPStatusCode != http.StatusUnauthorized || se.Code != "api_key_expired" ||
		se.Msg != "Expired API Key provided: sk_test_********"+key[len(key)-4:] {
		t.Errorf("the key rolled now: %v", err)
	}
	if _, err := stripeFor(srv, rolled).V1Customers.Create(bg, &stripe.CustomerCreateParams{}); err != nil {
		t.Errorf("the rolled key's replacement: %v", err)
	}
	if _, ok := keyRows(c.page(keys, http.StatusOK))[created]; ok {
		t.Error("an expired key is still listed")
	}
	var actions []string
	for _, row := range auditActions(c) {
		actions = append(actions, strings.Join(strings.Fields(row)[:2], " "))
	}
	if want := "api_key.roll " + created + ",api_key.create " + created; strings.Join(actions, ",") != want {
		t.Errorf("audit log %v, want %s", actions, want)
	}
}

// A rolled key keeps working until the expiry the roll chose, on the
// store's clock, and is then refused with Stripe's message; its
// replacement works throughout. A key rolled already cannot be rolled.
func TestDashboardAPIKeyRollExpiry(t *testing.T) {
	srv, clock := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	const keys = "/dashboard/apikeys"
	var old string
	for id := range keyRows(c.page(keys, http.StatusOK)) {
		old = id
	}
	action, fields := formOf(t, c.page(keys, http.StatusOK), `form[action="/dashboard/apikeys/`+old+`/roll"]`)
	fields.Set("expires_in", "3600")
	res, body := c.do("POST", action, fields)
	doc := (&signedInDeveloper{c: c}).followed(res, body)
	next := strings.TrimSpace(doc.Find(`[data-testid="revealed-key"]`).Text())
	if expires := strings.TrimSpace(doc.Find(`[data-testid="key-row"][data-id="` + old + `"] [data-testid="key-expires"]`).Text()); expires == "" {
		t.Error("the rolled key shows no expiry")
	}
	if doc.Find(`form[action="/dashboard/apikeys/`+old+`/roll"]`).Length() != 0 {
		t.Error("a rolled key offers to roll again")
	}
	fields.Set("_key", "roll-again")
	if res, _ := c.do("POST", action, fields); res.StatusCode != http.StatusConflict {
		t.Errorf("rolling a rolled key: %d, want 409", res.StatusCode)
	}
	call := func(key string) error {
		_, err := stripeFor(srv, key).V1Customers.Create(bg, &stripe.CustomerCreateParams{})
		return err
	}
	for _, step := range []struct {
		advance time.Duration
		works   bool
	}{{0, true}, {30 * time.Minute, true}, {29 * time.Minute, true}, {2 * time.Minute, false}, {24 * time.Hour, false}} {
		clock.advance(step.advance)
		err := call(acct.SecretKey)
		var se *stripe.Error
		switch {
		case step.works && err != nil:
			t.Errorf("after %v more, the old key: %v", step.advance, err)
		case !step.works && (!errors.As(err, &se) || se.HTTPStatusCode != http.StatusUnauthorized || se.Code != "api_key_expired" ||
			se.Msg != "Expired API Key provided: sk_test_********"+acct.SecretKey[len(acct.SecretKey)-4:]):
			t.Errorf("after %v more, the old key: %v, want Stripe's 401 for an expired key", step.advance, err)
		}
		if err := call(next); err != nil {
			t.Errorf("after %v more, the new key: %v", step.advance, err)
		}
	}
	// An unknown key is still refused as unknown.
	err := call("sk_test_" + strings.Repeat("x", 32))
	var se *stripe.Error
	if !errors.As(err, &se) || se.Code != "api_key_invalid" {
		t.Errorf("an unknown key: %v", err)
	}
}

func TestDashboardRequestLog(t *testing.T) {
	srv, _, raw := dashboardServerDB(t)
	mine, theirs := srv.newAccount(t), srv.newAccount(t)
	email, password := dashboardUser(t, srv, mine, "owner@shop.example")
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	const body = "email=ada%40example.com&metadata[note]=kept-out-of-the-log"
	var ids []string // oldest first
	for _, r := range []struct {
		method, path, body string
		headers            []string
		status             int
	}{
		{"POST", "/v1/customers", body, []string{"Idempotency-Key", "order-42"}, 200},
		{"POST", "/v1/customers", body, []string{"Idempotency-Key", "order-42"}, 200}, // the replay
		{"GET", "/v1/customers/cus_nope", "", nil, 404},
		{"GET", "/v1/customers", "", nil, 200},
	} {
		res := srv.do(t, r.method, r.path, mine.SecretKey, r.body, r.headers...)
		if res.Status != r.status {
			t.Fatalf("%s %s: %d", r.method, r.path, res.Status)
		}
		ids = append(ids, res.Header.Get("Request-Id"))
	}
	theirID := srv.do(t, "GET", "/v1/customers", theirs.SecretKey, "").Header.Get("Request-Id")
	srv.do(t, "GET", "/v1/customers", "sk_test_unknown", "") // no account: in no log
	const logs = "/dashboard/logs"
	rowsOf := func(path string) []string {
		return attrs(c.page(path, http.StatusOK), `[data-testid="request-row"]`, "data-id")
	}
	waitFor(t, "the four requests in the log", func() bool { return len(rowsOf(logs)) == 4 })
	doc := c.page(logs, http.StatusOK)
	if got := rowsOf(logs); strings.Join(got, ",") != strings.Join([]string{ids[3], ids[2], ids[1], ids[0]}, ",") {
		t.Errorf("log %v, want the requests newest first %v", got, ids)
	}
	row := doc.Find(`[data-testid="request-row"][data-id="` + ids[0] + `"]`)
	if m, p, k := row.Find(`[data-testid="request-method"]`).Text(), row.Find(`[data-testid="request-path"]`).Text(),
		row.Find(`[data-testid="request-key"]`).Text(); m != "POST" || p != "/v1/customers" || k != "order-42" ||
		!strings.Contains(row.Text(), "200") {
		t.Errorf("the create's row: %s %s %s %q", m, p, k, row.Text())
	}
	if !strings.Contains(doc.Find(`[data-testid="request-row"][data-id="`+ids[2]+`"]`).Text(), "404") {
		t.Error("the refused retrieve's row lacks its 404")
	}
	if strings.Contains(doc.Text(), "kept-out-of-the-log") || strings.Contains(doc.Text(), "ada@example.com") || strings.Contains(doc.Text(), theirID) {
		t.Error("the log shows a body or another account's request")
	}
	var n int
	if err := raw.Get(&n, `SELECT count(*) FROM api_requests t WHERE t::text LIKE '%kept-out-of-the-log%'`); err != nil || n != 0 {
		t.Errorf("%d logged requests hold the body (%v)", n, err)
	}
	if got := rowsOf(logs + "?q=" + ids[2]); len(got) != 1 || got[0] != ids[2] {
		t.Errorf("search by request id: %v", got)
	}
	if got := rowsOf(logs + "?q=order-42"); strings.Join(got, ",") != ids[1]+","+ids[0] {
		t.Errorf("search by Idempotency-Key: %v", got)
	}
	if got := rowsOf(logs + "?q=" + theirID); len(got) != 0 {
		t.Errorf("search for another account's request: %v", got)
	}
	first := c.page(logs+"?limit=3", http.StatusOK)
	older, _ := first.Find(`[data-testid="older"]`).Attr("href")
	if got := rowsOf(older); len(got) != 1 || got[0] != ids[0] {
		t.Errorf("page 2: %v", got)
	}
	c.page(logs+"?starting_after="+theirID, http.StatusNotFound)
}

// Another account's events, endpoints and keys are not found on any route
// of the Developers pages, read or change, and nothing changes.
func TestDashboardDevelopersTenantIsolation(t *testing.T) {
	d := developerSetup(t)
	we, err := d.theirs.Stripe.V1WebhookEndpoints.Create(bg, endpointParams("https://theirs.example/hook", "*"))
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t, d.theirs, nil)
	if _, err := d.theirs.Stripe.V1CheckoutSessions.Expire(bg, s.ID, nil); err != nil {
		t.Fatal(err)
	}
	var evt string
	for ev := range d.theirs.Stripe.V1Events.List(bg, &stripe.EventListParams{}) {
		evt = ev.ID
	}
	_, fields := formOf(t, d.c.page("/dashboard/apikeys", http.StatusOK), `form[data-testid="create-key"]`) // a CSRF token
	other := &browserless{t: t, srv: d.srv}
	email, password := dashboardUser(t, d.srv, d.theirs, "owner@theirs.example")
	other.signIn(email, password, "")
	var key string
	for id := range keyRows(other.page("/dashboard/apikeys", http.StatusOK)) {
		key = id
	}
	for _, path := range []string{
		"/dashboard/events/" + evt, "/dashboard/events?starting_after=" + evt, "/dashboard/events?ending_before=" + evt,
		"/dashboard/webhooks/" + we.ID, "/dashboard/webhooks?starting_after=" + we.ID, "/dashboard/events/evt_unknown",
		"/dashboard/webhooks/we_unknown",
	} {
		d.c.page(path, http.StatusNotFound)
	}
	for _, q := range []string{evt, s.ID} {
		if got := attrs(d.c.page("/dashboard/events?q="+q, http.StatusOK), `[data-testid="event-row"]`, "data-id"); len(got) != 0 {
			t.Errorf("search %s finds %v", q, got)
		}
	}
	if got := attrs(d.c.page("/dashboard/webhooks?q="+we.ID, http.StatusOK), `[data-testid="webhook-row"]`, "data-id"); len(got) != 0 {
		t.Errorf("search for their endpoint finds %v", got)
	}
	for i, p := range []struct {
		path  string
		extra url.Values
	}{
		{"/dashboard/events/" + evt + "/resend", url.Values{"webhook_endpoint": {we.ID}}},
		{"/dashboard/webhooks/" + we.ID, url.Values{"disabled": {"true"}}},
		{"/dashboard/webhooks/" + we.ID + "/roll_secret", url.Values{"expires_in": {"0"}}},
		{"/dashboard/webhooks/" + we.ID + "/test", nil},
		{"/dashboard/apikeys/" + key + "/roll", url.Values{"expires_in": {"0"}}},
	} {
		form := url.Values{"_csrf": fields["_csrf"], "_key": {"isolation-" + string(rune('a'+i))}}
		for k, v := range p.extra {
			form[k] = v
		}
		if res, _ := d.c.do("POST", p.path, form); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", p.path, res.StatusCode)
		}
	}
	if got, _ := d.theirs.Stripe.V1WebhookEndpoints.Retrieve(bg, we.ID, nil); got.Status != "enabled" {
		t.Errorf("their endpoint is %s", got.Status)
	}
	if _, err := d.theirs.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{}); err != nil {
		t.Errorf("their key: %v", err)
	}
	if rows := auditActions(d.c); len(rows) != 0 {
		t.Errorf("audit log %q", rows)
	}
}

package web_test

import (
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jmoiron/sqlx"
	"github.com/stripe/stripe-go/v82"

	"till"
	"till/db"
	"till/db/dbtest"
	"till/web"
)

// The merchant dashboard over HTTP: sign-in and its cookie, the session's
// timeouts on a clock the test moves, sign-out, CSRF, the rate limit of
// failed sign-ins, and the Checkout Sessions pages of the signed-in account
// only.

const dashboardCookie = "__Host-till_dashboard"

// shiftedClock is a store's clock that the test moves forward.
type shiftedClock struct{ offset atomic.Int64 }

func (c *shiftedClock) now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

func (c *shiftedClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// dashboardServer is a test server on a clock the test moves, trusting
// X-Forwarded-For from loopback so a test can sign in from several
// addresses.
func dashboardServer(t *testing.T) (*testServer, *shiftedClock) {
	srv, clock, _ := dashboardServerDB(t)
	return srv, clock
}

// dashboardServerDB is dashboardServer with a connection of its own to the
// server's database, to look at what is stored.
func dashboardServerDB(t *testing.T) (*testServer, *shiftedClock, *sqlx.DB) {
	t.Helper()
	t.Parallel()
	clock := &shiftedClock{}
	dsn := dbtest.New(t)
	store, err := db.NewStore(connect(t, dsn), dbtest.Keys(), clock.now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	raw := connect(t, dsn)
	t.Cleanup(func() { raw.Close() })
	cfg := web.Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	return &testServer{URL: serve(t, cfg, store, nil), Store: store}, clock, raw
}

// dashboardUser makes a dashboard user of the account and returns its
// email and password.
func dashboardUser(t *testing.T, srv *testServer, acct *account, email string) (string, string) {
	t.Helper()
	const password = "a long enough password"
	u, err := till.NewDashboardUser(acct.ID, email, password, srv.Store.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.CreateDashboardUser(bg, u); err != nil {
		t.Fatal(err)
	}
	return email, password
}

// browserless is a client of the dashboard that keeps its session cookie
// by hand (Go's cookie jar sends no Secure cookie over http, as browsers
// do on localhost) and follows no redirect.
type browserless struct {
	t      *testing.T
	srv    *testServer
	cookie string
	addr   string // X-Forwarded-For, when set
}

func (b *browserless) do(method, path string, body url.Values) (*http.Response, string) {
	b.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = strings.NewReader(body.Encode())
	}
	req, err := http.NewRequest(method, b.srv.URL+path, rd)
	if err != nil {
		b.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", b.srv.URL)
	}
	if b.cookie != "" {
		req.AddCookie(&http.Cookie{Name: dashboardCookie, Value: b.cookie})
	}
	if b.addr != "" {
		req.Header.Set("X-Forwarded-For", b.addr)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	bs, _ := io.ReadAll(res.Body)
	return res, string(bs)
}

// signIn posts the sign-in form and keeps the cookie it sets.
func (b *browserless) signIn(email, password, next string) (*http.Response, string) {
	b.t.Helper()
	res, body := b.do("POST", "/dashboard/login", url.Values{"email": {email}, "password": {password}, "next": {next}})
	for _, c := range res.Cookies() {
		if c.Name == dashboardCookie {
			b.cookie = c.Value
		}
	}
	return res, body
}

// page GETs a dashboard page and parses it; it fails unless the answer is
// the status wanted.
func (b *browserless) page(path string, status int) *goquery.Document {
	b.t.Helper()
	res, body := b.do("GET", path, nil)
	if res.StatusCode != status {
		b.t.Fatalf("GET %s = %d (Location %q), want %d\n%.600s", path, res.StatusCode, res.Header.Get("Location"), status, body)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	return doc
}

// signedOut reports whether a GET of path is sent to the sign-in page.
func (b *browserless) signedOut(path string) bool {
	b.t.Helper()
	res, _ := b.do("GET", path, nil)
	return res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/dashboard/login")
}

// rowIDs are the session ids of a list page, in order.
func rowIDs(doc *goquery.Document) []string {
	var ids []string
	doc.Find(`tr[data-testid="session-row"]`).Each(func(_ int, s *goquery.Selection) {
		ids = append(ids, s.AttrOr("data-id", ""))
	})
	return ids
}

func newSession(t *testing.T, acct *account, edit func(*stripe.CheckoutSessionCreateParams)) *stripe.CheckoutSession {
	t.Helper()
	p := basicSession()
	if edit != nil {
		edit(p)
	}
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDashboardSignIn(t *testing.T) {
	srv, _, raw := dashboardServerDB(t)
	a, b := srv.newAccount(t), srv.newAccount(t)
	email, password := dashboardUser(t, srv, a, "owner@a.example")
	mine, theirs := newSession(t, a, nil), newSession(t, b, nil)
	c := &browserless{t: t, srv: srv}

	// Signed out, a page sends the browser to sign in, and back after.
	res, _ := c.do("GET", "/dashboard/checkout/sessions?status=open", nil)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther ||
		loc != "/dashboard/login?next="+url.QueryEscape("/dashboard/checkout/sessions?status=open") {
		t.Fatalf("signed out: %d to %q", res.StatusCode, loc)
	}
	login := c.page("/dashboard/login", http.StatusOK)
	if login.Find(`input[name="email"][autocomplete="username"]`).Length() != 1 ||
		login.Find(`input[name="password"][type="password"][autocomplete="current-password"]`).Length() != 1 {
		t.Error("the sign-in form lacks its autocomplete fields")
	}

	// A wrong password and an unknown email answer alike.
	wrong, wrongBody := c.signIn(email, "not the password at all", "")
	unknown, unknownBody := c.signIn("nobody@a.example", password, "")
	msg := func(body string) string {
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
		return strings.TrimSpace(doc.Find(`[data-testid="login-error"]`).Text())
	}
	if wrong.StatusCode != http.StatusUnauthorized || unknown.StatusCode != http.StatusUnauthorized ||
		msg(wrongBody) == "" || msg(wrongBody) != msg(unknownBody) || c.cookie != "" {
		t.Fatalf("wrong password: %d %q; unknown email: %d %q; cookie %q", wrong.StatusCode, msg(wrongBody),
			unknown.StatusCode, msg(unknownBody), c.cookie)
	}

	// Another site's address to go to after is refused for the home page.
	res, _ = c.signIn(strings.ToUpper(email), password, "//evil.example/dashboard/")
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/dashboard" {
		t.Fatalf("sign-in: %d to %q", res.StatusCode, loc)
	}
	var cookie *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == dashboardCookie {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.Secure || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" ||
		len(cookie.Value) < 40 {
		t.Fatalf("session cookie %+v (Set-Cookie %q)", cookie, res.Header.Values("Set-Cookie"))
	}
	var stored int
	if err := raw.Get(&stored, `SELECT count(*) FROM dashboard_sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, cookie.Value); err != nil || stored != 1 {
		t.Errorf("dashboard_sessions rows by the token's SHA-256: %d, %v", stored, err)
	}

	res, body := c.do("GET", "/dashboard/checkout/sessions", nil)
	for _, h := range []struct{ name, want string }{{"X-Frame-Options", "DENY"}, {"Cache-Control", "no-store"},
		{"Content-Security-Policy", "default-src 'none'"}, {"Content-Security-Policy", "frame-ancestors 'none'"}} {
		if got := res.Header.Get(h.name); !strings.Contains(got, h.want) {
			t.Errorf("%s = %q, want %q", h.name, got, h.want)
		}
	}
	if strings.Contains(res.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("the CSP allows inline script or style")
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if ids := rowIDs(doc); len(ids) != 1 || ids[0] != mine.ID || strings.Contains(body, theirs.ID) {
		t.Errorf("the list shows %v, want only %s", ids, mine.ID)
	}
	if name := doc.Find(`[data-testid="account-name"]`).Text(); name != "Shop" {
		t.Errorf("header names the account %q", name)
	}

	// A local address asked for is where the sign-in goes.
	c2 := &browserless{t: t, srv: srv}
	res, _ = c2.signIn(email, password, "/dashboard/checkout/sessions/"+mine.ID)
	if loc := res.Header.Get("Location"); loc != "/dashboard/checkout/sessions/"+mine.ID {
		t.Errorf("sign-in with next goes to %q", loc)
	}
}

func TestDashboardTimeouts(t *testing.T) {
	srv, clock := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	const list = "/dashboard/checkout/sessions"

	// Idle: each request moves the half hour on; 30 minutes without one
	// ends the session.
	idle := &browserless{t: t, srv: srv}
	idle.signIn(email, password, "")
	for range 3 {
		clock.advance(29 * time.Minute)
		idle.page(list, http.StatusOK)
	}
	clock.advance(30 * time.Minute)
	if !idle.signedOut(list) {
		t.Error("a session idle for 30 minutes still works")
	}

	// Absolute: twelve hours after sign-in, however busy.
	busy := &browserless{t: t, srv: srv}
	busy.signIn(email, password, "")
	for elapsed := 25 * time.Minute; elapsed < 12*time.Hour; elapsed += 25 * time.Minute {
		clock.advance(25 * time.Minute)
		busy.page(list, http.StatusOK)
	}
	clock.advance(25 * time.Minute)
	if !busy.signedOut(list) {
		t.Error("a session still works 12 hours after sign-in")
	}
}

func TestDashboardLogout(t *testing.T) {
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	doc := c.page("/dashboard/checkout/sessions", http.StatusOK)
	token, ok := doc.Find(`form[action="/dashboard/logout"] input[name="_csrf"]`).Attr("value")
	if !ok || token == "" {
		t.Fatal("no sign-out form with a CSRF token")
	}
	for _, form := range []url.Values{{}, {"_csrf": {"forged"}}} {
		if res, _ := c.do("POST", "/dashboard/logout", form); res.StatusCode != http.StatusForbidden {
			t.Errorf("sign-out with %v: %d, want 403", form, res.StatusCode)
		}
	}
	// Another session's token is no good either.
	other := &browserless{t: t, srv: srv}
	other.signIn(email, password, "")
	if res, _ := other.do("POST", "/dashboard/logout", url.Values{"_csrf": {token}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("sign-out with another session's token: %d, want 403", res.StatusCode)
	}
	c.page("/dashboard/checkout/sessions", http.StatusOK)

	old := c.cookie
	res, _ := c.do("POST", "/dashboard/logout", url.Values{"_csrf": {token}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/dashboard/login" {
		t.Fatalf("sign-out: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	c.cookie = old // a copy of the cookie kept after sign-out
	if !c.signedOut("/dashboard/checkout/sessions") {
		t.Error("the token still works after sign-out")
	}
	other.page("/dashboard/checkout/sessions", http.StatusOK) // the user's other session is untouched
}

func TestDashboardSignInRateLimit(t *testing.T) {
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	limited := func(res *http.Response, body string) bool {
		return res.StatusCode == http.StatusTooManyRequests && strings.Contains(body, "Too many failed sign-ins")
	}

	// A sign-in forgives its email's failures: nine, a sign-in, and nine
	// more are not ten in a row.
	for i := range 9 {
		c := &browserless{t: t, srv: srv, addr: "198.51.100.100"}
		if res, _ := c.signIn(email, "wrong password here", ""); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d before the sign-in: %d", i+1, res.StatusCode)
		}
	}
	if res, _ := (&browserless{t: t, srv: srv, addr: "198.51.100.101"}).signIn(email, password, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the user's own sign-in after nine failures: %d", res.StatusCode)
	}

	// Per user: ten failures from ten addresses, then even the right
	// password from an eleventh is refused.
	for i := range 10 {
		c := &browserless{t: t, srv: srv, addr: "198.51.100." + strconv.Itoa(i+1)}
		if res, _ := c.signIn(email, "wrong password here", ""); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, res.StatusCode)
		}
	}
	c := &browserless{t: t, srv: srv, addr: "203.0.113.9"}
	if res, body := c.signIn(email, password, ""); !limited(res, body) || c.cookie != "" {
		t.Errorf("the 11th try for the user: %d\n%.300s", res.StatusCode, body)
	}

	// Per address: ten failures for ten emails, then the eleventh try from
	// that address is refused; another address is not.
	from := &browserless{t: t, srv: srv, addr: "192.0.2.7"}
	for i := range 10 {
		if res, _ := from.signIn("guess"+string(rune('a'+i))+"@shop.example", "wrong password here", ""); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, res.StatusCode)
		}
	}
	if res, body := from.signIn("someone@shop.example", "wrong password here", ""); !limited(res, body) {
		t.Errorf("the 11th failure from one address: %d", res.StatusCode)
	}
	if res, _ := (&browserless{t: t, srv: srv, addr: "192.0.2.8"}).signIn("someone@shop.example", "wrong password here", ""); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("another address: %d, want 401", res.StatusCode)
	}
}

func TestDashboardTenantIsolation(t *testing.T) {
	srv, _ := dashboardServer(t)
	a, b := srv.newAccount(t), srv.newAccount(t)
	email, password := dashboardUser(t, srv, a, "owner@a.example")
	newSession(t, a, nil)
	theirs := newSession(t, b, func(p *stripe.CheckoutSessionCreateParams) {
		p.CustomerEmail, p.ClientReferenceID = stripe.String("buyer@b.example"), stripe.String("order-b")
	})
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	for _, path := range []string{
		"/dashboard/checkout/sessions/" + theirs.ID,
		"/dashboard/checkout/sessions/cs_test_unknown",
		"/dashboard/checkout/sessions?starting_after=" + theirs.ID,
		"/dashboard/checkout/sessions?ending_before=" + theirs.ID,
		"/dashboard/no-such-page",
	} {
		doc := c.page(path, http.StatusNotFound)
		if strings.Contains(doc.Text(), theirs.ID) && !strings.Contains(path, "starting_after") && !strings.Contains(path, "ending_before") {
			t.Errorf("%s shows the other account's session", path)
		}
	}
	for _, q := range []string{theirs.ID, "buyer@b.example", "order-b"} {
		if ids := rowIDs(c.page("/dashboard/checkout/sessions?q="+url.QueryEscape(q), http.StatusOK)); len(ids) != 0 {
			t.Errorf("search %q finds %v in the other account", q, ids)
		}
	}
}

func TestDashboardSessionList(t *testing.T) {
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	var ids []string // oldest first
	for i := range 5 {
		s := newSession(t, acct, func(p *stripe.CheckoutSessionCreateParams) {
			p.ClientReferenceID = stripe.String("order-" + string(rune('1'+i)))
			if i == 1 {
				p.CustomerEmail = stripe.String("Grace@Example.com")
			}
		})
		ids = append(ids, s.ID)
	}
	if r := submitCard(t, srv, ids[0], formToken(t, srv, ids[0]), goodCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d", r.Status)
	}
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, ids[2], nil); err != nil {
		t.Fatal(err)
	}
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	list := func(query string) []string {
		t.Helper()
		return rowIDs(c.page("/dashboard/checkout/sessions"+query, http.StatusOK))
	}
	same := func(what string, got []string, want ...string) {
		t.Helper()
		sameIDs(t, what, got, want...)
	}
	same("all, newest first", list(""), ids[4], ids[3], ids[2], ids[1], ids[0])
	same("search by the shopper's email", list("?q=ada%40example.com"), ids[0])
	same("search by the prefilled email, any case", list("?q=grace%40EXAMPLE.com"), ids[1])
	same("search by client_reference_id", list("?q=order-4"), ids[3])
	same("search by id", list("?q="+ids[2]), ids[2])
	same("search for nothing known", list("?q=nobody%40example.com"))
	same("complete", list("?status=complete"), ids[0])
	same("expired", list("?status=expired"), ids[2])
	same("open", list("?status=open"), ids[4], ids[3], ids[1])
	today := time.Now().UTC()
	same("created today", list("?created_gte="+today.Format(time.DateOnly)+"&created_lte="+today.Format(time.DateOnly)),
		ids[4], ids[3], ids[2], ids[1], ids[0])
	same("created from tomorrow", list("?created_gte="+today.AddDate(0, 0, 1).Format(time.DateOnly)))
	same("created to yesterday", list("?created_lte="+today.AddDate(0, 0, -1).Format(time.DateOnly)))
	c.page("/dashboard/checkout/sessions?created_gte=yesterday", http.StatusBadRequest)
	c.page("/dashboard/checkout/sessions?status=paid", http.StatusBadRequest)

	// Pages of two, by the older and newer links.
	link := func(doc *goquery.Document, which string) string {
		href, _ := doc.Find(`[data-testid="` + which + `"]`).Attr("href")
		return href
	}
	first := c.page("/dashboard/checkout/sessions?limit=2", http.StatusOK)
	same("page 1", rowIDs(first), ids[4], ids[3])
	if link(first, "newer") != "" {
		t.Error("the first page links to a newer one")
	}
	second := c.page(link(first, "older"), http.StatusOK)
	same("page 2", rowIDs(second), ids[2], ids[1])
	third := c.page(link(second, "older"), http.StatusOK)
	same("page 3", rowIDs(third), ids[0])
	if link(third, "older") != "" {
		t.Error("the last page links to an older one")
	}
	back := c.page(link(third, "newer"), http.StatusOK)
	same("page 2 again", rowIDs(back), ids[2], ids[1])
	same("back to page 1", rowIDs(c.page(link(back, "newer"), http.StatusOK)), ids[4], ids[3])
	same("a filter kept across pages", rowIDs(c.page(link(c.page("/dashboard/checkout/sessions?limit=2&status=open", http.StatusOK), "older"), http.StatusOK)), ids[1])
}

func TestDashboardSessionDetail(t *testing.T) {
	srv, _ := dashboardServer(t)
	acct := srv.newAccount(t)
	email, password := dashboardUser(t, srv, acct, "owner@shop.example")
	s := newSession(t, acct, func(p *stripe.CheckoutSessionCreateParams) {
		p.Metadata = map[string]string{"order": "42"}
	})
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), goodCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d", r.Status)
	}
	paid, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	doc := c.page("/dashboard/checkout/sessions/"+s.ID, http.StatusOK)
	text := func(sel string) string { return strings.TrimSpace(doc.Find(sel).Text()) }
	if got := text(`[data-testid="session-status"]`); got != "complete" {
		t.Errorf("status %q", got)
	}
	if got := text(`[data-testid="session-total"]`); got != "$39.98" {
		t.Errorf("total %q", got)
	}
	if got := text(`[data-testid="payment-intent"]`); got != paid.PaymentIntent.ID {
		t.Errorf("PaymentIntent %q, want %s", got, paid.PaymentIntent.ID)
	}
	if got := text(`[data-testid="payment-intent-status"]`); got != "succeeded" {
		t.Errorf("PaymentIntent status %q", got)
	}
	for sel, want := range map[string]string{`[data-testid="customer"]`: "ada@example.com", `[data-testid="line-items"]`: "T-shirt",
		`[data-testid="charges"]`: "4242", `[data-testid="metadata"]`: "42", `[data-testid="details"]`: "paid"} {
		if !strings.Contains(text(sel), want) {
			t.Errorf("%s = %q, want it to show %q", sel, text(sel), want)
		}
	}
	var events []string
	doc.Find(`[data-testid="event"]`).Each(func(_ int, e *goquery.Selection) { events = append(events, e.AttrOr("data-type", "")) })
	for _, want := range []string{"checkout.session.completed", "payment_intent.succeeded"} {
		if !strings.Contains(strings.Join(events, " "), want) {
			t.Errorf("timeline %v lacks %s", events, want)
		}
	}
}

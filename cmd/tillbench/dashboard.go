package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"till"
	"till/db"
)

// The dashboard's lists on a seeded account: BENCH_DASHBOARD_SESSIONS
// (100,000) sessions made through the API, one in a hundred paid and one in
// a hundred expired, then the statistics updated, then each list a merchant asks for (the first page, a
// page deep in the list, each status, a date range with nothing in it, and
// each kind of search) requested dashboardProbeRuns times in a row over
// one connection. Requests follow one another, so each latency is the
// server's time for the page plus a loopback round trip; the target is
// 50 ms for every list.

const (
	dashboardTarget    = 50 * time.Millisecond
	dashboardProbeRuns = 100
)

// dashboardProbe is one list page and its latencies.
type dashboardProbe struct {
	name string
	path string
	res  result
}

// seedCreates makes n sessions, each with its own shopper email and
// client_reference_id (written in place into one rendered request, as the
// creates' Idempotency-Key is), from workers connections.
func seedCreates(target, key string, n, workers int) *creates {
	const placeholder = "000000000"
	body := createBody + "&" + url.Values{
		"client_reference_id": {"order-" + placeholder},
		"customer_email":      {"shopper-" + placeholder + "@example.com"},
	}.Encode()
	template := rawRequest(http.MethodPost, target, map[string]string{
		"Authorization":  "Bearer " + key,
		"Content-Type":   "application/x-www-form-urlencoded",
		"Stripe-Version": till.DefaultAPIVersion,
	}, body)
	var at []int
	for i := 0; ; {
		j := bytes.Index(template[i:], []byte(placeholder))
		if j < 0 {
			break
		}
		at, i = append(at, i+j), i+j+len(placeholder)
	}
	c := &creates{urls: make([][]string, workers)}
	c.exchange = exchange{
		want: http.StatusOK,
		next: func(w, i int) ([]byte, bool) {
			k := w + i*workers
			if k >= n {
				return nil, false
			}
			req := slices.Clone(template)
			for _, a := range at {
				copy(req[a:], fmt.Sprintf("%09d", k))
			}
			return req, true
		},
		read: func(w, _ int, body []byte) {
			if u := sessionURL(body); u != "" {
				c.urls[w] = append(c.urls[w], u)
			}
		},
	}
	return c
}

// sessionID is the id in a hosted session's url (…/c/pay/cs_…#…).
func sessionID(u string) string {
	id := u[strings.LastIndex(u, "/")+1:]
	id, _, _ = strings.Cut(id, "#")
	return id
}

// seedDashboard fills an account of its own with sessions, pays and
// expires a hundredth of them each, signs a dashboard user in and returns
// the probes to run with the session's cookie.
func (b bench) seedDashboard(ctx context.Context, store *db.Store, n int) ([]dashboardProbe, string, error) {
	acct, err := store.CreateAccount(ctx, "Dashboard bench")
	if err != nil {
		return nil, "", err
	}
	seed := b.cfg
	seed.duration = time.Hour // each exchange ends when it has no more
	made := seedCreates("http://"+b.till+"/v1/checkout/sessions", acct.SecretKey, n, seed.connections)
	if _, err := b.measureWith(seed, "dashboard seed", made.exchange); err != nil {
		return nil, "", err
	}
	urls := made.all()
	if len(urls) != n {
		return nil, "", fmt.Errorf("dashboard seed: %d sessions made, want %d", len(urls), n)
	}
	slices.SortFunc(urls, func(a, b string) int { return strings.Compare(sessionID(a), sessionID(b)) })
	hundredth := max(n/100, 1)
	form, err := fetchPayForm(urls[0])
	if err != nil {
		return nil, "", err
	}
	paid := urls[:hundredth]
	views := newPageViews(paid, form, seed.connections)
	viewAll := views.next
	views.next = func(w, i int) ([]byte, bool) {
		if w+i*seed.connections >= len(paid) {
			return nil, false
		}
		return viewAll(w, i)
	}
	if _, err := b.measureWith(seed, "dashboard seed page views", views.exchange); err != nil {
		return nil, "", err
	}
	pay, _ := newPayments(paid, views.hidden, form)
	if _, err := b.measureWith(seed, "dashboard seed payments", pay); err != nil {
		return nil, "", err
	}
	expired := urls[hundredth : 2*hundredth]
	if _, err := b.measureWith(seed, "dashboard seed expiries", exchange{want: http.StatusOK,
		next: func(w, i int) ([]byte, bool) {
			k := w + i*seed.connections
			if k >= len(expired) {
				return nil, false
			}
			return rawRequest(http.MethodPost, "http://"+b.till+"/v1/checkout/sessions/"+sessionID(expired[k])+"/expire",
				map[string]string{"Authorization": "Bearer " + acct.SecretKey}, ""), true
		}}); err != nil {
		return nil, "", err
	}
	// Statistics as autovacuum keeps them on a table that grew by a tenth:
	// the plans measured are those a shop's database has, not those of a
	// table loaded a moment ago.
	if err := b.analyze(ctx); err != nil {
		return nil, "", err
	}
	cookie, err := b.dashboardSignIn(ctx, store, acct.Account.ID)
	if err != nil {
		return nil, "", err
	}
	const list = "/dashboard/checkout/sessions"
	middle := sessionID(urls[n/2])
	return []dashboardProbe{
		{name: "first page", path: list},
		{name: "a page halfway down", path: list + "?starting_after=" + middle},
		{name: "status complete (1 %)", path: list + "?status=complete"},
		{name: "status expired (1 %)", path: list + "?status=expired"},
		{name: "status open (98 %)", path: list + "?status=open"},
		{name: "a created range with no session", path: list + "?created_lte=2020-01-31"},
		{name: "search by id", path: list + "?q=" + middle},
		{name: "search by email", path: list + "?q=shopper-" + fmt.Sprintf("%09d", n/3) + "%40example.com"},
		{name: "search by client_reference_id", path: list + "?q=order-" + fmt.Sprintf("%09d", n/4)},
		{name: "search with no match", path: list + "?q=nobody%40example.com"},
	}, cookie, nil
}

// dashboardSignIn makes a dashboard user of the account, signs in through
// the form and returns the session's cookie.
func (b bench) dashboardSignIn(ctx context.Context, store *db.Store, accountID string) (string, error) {
	const email, password = "bench@till.example", "a bench password long enough"
	u, err := till.NewDashboardUser(accountID, email, password, store.Now())
	if err != nil {
		return "", err
	}
	if err := store.CreateDashboardUser(ctx, u); err != nil {
		return "", err
	}
	origin := "http://" + b.till
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, origin+"/dashboard/login",
		strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", origin)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "__Host-till_dashboard" {
			return c.Name + "=" + c.Value, nil
		}
	}
	return "", fmt.Errorf("dashboard sign-in: %d and no session cookie", res.StatusCode)
}

// probeDashboard requests each probe's page dashboardProbeRuns times, one
// after another over one connection.
func (b bench) probeDashboard(probes []dashboardProbe, cookie string) error {
	one := b.cfg
	one.connections, one.duration = 1, time.Hour
	for i := range probes {
		req := rawRequest(http.MethodGet, "http://"+b.till+probes[i].path, map[string]string{"Cookie": cookie}, "")
		res, err := b.measureWith(one, "dashboard "+probes[i].name, exchange{want: http.StatusOK,
			next: func(_, i int) ([]byte, bool) { return req, i < dashboardProbeRuns }})
		if err != nil {
			return err
		}
		probes[i].res = res
	}
	return nil
}

// reportDashboard prints the probes as a Markdown table.
func reportDashboard(w io.Writer, probes []dashboardProbe, sessions int) {
	fmt.Fprintf(w, "Dashboard lists over %s sessions of one account (%d requests each, one at a time):\n\n",
		thousands(sessions), dashboardProbeRuns)
	fmt.Fprintln(w, "| list | p50 | p99 | target |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, p := range probes {
		fmt.Fprintf(w, "| %s | %s | %s | < %s %s |\n", p.name, ms(p.res.quantile(0.5)), ms(p.res.quantile(0.99)),
			ms(dashboardTarget), met(p.res.quantile(0.99) < dashboardTarget))
	}
	fmt.Fprintln(w)
}

// thousands writes n with thousands separators.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// dashboardSessions is BENCH_DASHBOARD_SESSIONS, or 100,000; 0 skips the
// dashboard's measurement.
func dashboardSessions() (int, error) {
	v := os.Getenv("BENCH_DASHBOARD_SESSIONS")
	if v == "" {
		return 100_000, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("BENCH_DASHBOARD_SESSIONS must be a whole number")
	}
	return n, nil
}

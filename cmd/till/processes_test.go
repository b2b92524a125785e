package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

// These tests run the real binary, several processes at once, against one
// database: what crash and concurrency guarantees are about, which no
// in-process test can show.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
)

// tillBinary builds cmd/till once per test run, with its failpoints
// (TILL_FAILPOINTS), and returns its path.
func tillBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "till-bin-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "till")
		out, err := exec.Command("go", "build", "-tags", "failpoints", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// missing skips a test whose tool or package this machine lacks, but fails
// it in CI (CI=true), where `make test` has installed everything.
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(why + " (CI=true: these tests must not skip)")
	}
	t.Skip(why)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// proc is one running `till serve`.
type proc struct {
	cmd  *exec.Cmd
	base string
	out  *syncBuffer
	done chan struct{}
}

// cluster is a database, an account on it, and the environment every
// process of a test shares.
type cluster struct {
	bin  string
	dsn  string
	env  map[string]string
	keys accountKeys
	raw  *sqlx.DB
}

func newCluster(t *testing.T, vars map[string]string) *cluster {
	t.Helper()
	return newClusterOn(t, emptyDatabase(t), vars)
}

// newClusterOn is newCluster on the database dsn names, which `till
// migrate` creates when it does not exist.
func newClusterOn(t *testing.T, dsn string, vars map[string]string) *cluster {
	t.Helper()
	c := &cluster{bin: tillBinary(t), dsn: dsn, env: vars}
	c.env["DATABASE_URL"] = c.dsn
	c.env["TILL_LOG_FORMAT"] = "text"
	// Where a process keeps files of its own, shared by all of them.
	c.env["TILL_DATA_DIR"] = t.TempDir()
	if out, err := c.command("migrate").CombinedOutput(); err != nil {
		t.Fatalf("till migrate: %v\n%s", err, out)
	}
	out, err := c.command("accounts", "create", "--name", "Shop", "--json").Output()
	if err != nil {
		t.Fatalf("till accounts create: %v", err)
	}
	if err := json.Unmarshal(out, &c.keys); err != nil {
		t.Fatalf("accounts create printed %q: %v", out, err)
	}
	c.raw = sqlx.MustConnect("postgres", c.dsn)
	t.Cleanup(func() { c.raw.Close() })
	return c
}

func (c *cluster) command(args ...string) *exec.Cmd {
	cmd := exec.Command(c.bin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range c.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// serve starts `till serve` on addr, with the cluster's environment and
// extra (NAME=value) on top, and waits until it answers.
func (c *cluster) serve(t *testing.T, addr string, extra ...string) *proc {
	t.Helper()
	return c.serveWith(t, addr, nil, extra...)
}

// serveWith is serve with flags for `till serve` (e.g. --stripe-hosts).
func (c *cluster) serveWith(t *testing.T, addr string, flags []string, extra ...string) *proc {
	t.Helper()
	cmd := c.command(append([]string{"serve"}, flags...)...)
	cmd.Env = append(cmd.Env, "TILL_ADDR="+addr, "TILL_PUBLIC_URL=http://"+addr)
	cmd.Env = append(cmd.Env, extra...)
	p := &proc{cmd: cmd, base: "http://" + addr, out: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("till serve on %s said:\n%s", addr, p.out.String())
		}
	})
	waitFor(t, p.base+"/healthz")
	return p
}

// kill ends the process with SIGKILL: no deferred call, no shutdown, no
// recording of what it was doing.
func (p *proc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.done
}

// said reports whether the process has written want to its output.
func (p *proc) said(want string) bool { return strings.Contains(p.out.String(), want) }

// client is a stripe-go client of the account talking to p.
func (c *cluster) client(p *proc) *stripe.Client {
	backends := stripe.NewBackendsWithConfig(&stripe.BackendConfig{URL: stripe.String(p.base),
		MaxNetworkRetries: stripe.Int64(0), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}})
	return stripe.NewClient(c.keys.SecretKey, stripe.WithBackends(backends))
}

// receipt is one delivery as the receiver saw it.
type receipt struct {
	ID, Type, ObjectID string
	At                 time.Time
	Verified           bool
}

// hookReceiver is the merchant's endpoint: it verifies each delivery with
// the endpoint's secret and records it; hold, when set, runs before the
// answer on the first sight of each event.
type hookReceiver struct {
	URL    string
	mu     sync.Mutex
	secret string
	got    []receipt
	seen   map[string]bool
	hold   func(id string)
}

func newHookReceiver(t *testing.T) *hookReceiver {
	t.Helper()
	r := &hookReceiver{seen: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		at := time.Now()
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		ev, err := webhook.ConstructEvent(body, req.Header.Get("Stripe-Signature"), r.secret)
		rc := receipt{ID: ev.ID, Type: string(ev.Type), At: at, Verified: err == nil}
		if err != nil {
			var loose struct {
				ID string `json:"id"`
			}
			json.Unmarshal(body, &loose)
			rc.ID = loose.ID
		} else if id, ok := ev.Data.Object["id"].(string); ok {
			rc.ObjectID = id
		}
		r.got = append(r.got, rc)
		first := !r.seen[rc.ID]
		r.seen[rc.ID] = true
		hold := r.hold
		r.mu.Unlock()
		if first && hold != nil {
			hold(rc.ID)
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL + "/webhook"
	return r
}

func (r *hookReceiver) receipts() []receipt {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// endpoint registers the receiver for every event and keeps its secret.
func (r *hookReceiver) endpoint(t *testing.T, sc *stripe.Client, events ...string) {
	t.Helper()
	we, err := sc.V1WebhookEndpoints.Create(bg, &stripe.WebhookEndpointCreateParams{URL: stripe.String(r.URL),
		EnabledEvents: stripe.StringSlice(events)})
	if err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	r.secret = we.Secret
	r.mu.Unlock()
}

// poll waits for cond, failing after deadline.
func poll(t *testing.T, what string, deadline time.Duration, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out after %s waiting for %s", deadline, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestKilledMidDeliveryRedelivers kills `till serve` with SIGKILL while its
// POST of an event is in flight (the receiver has the request and has not
// answered): after a restart the event arrives again, with the same id,
// once the dead process's lease has ended.
func TestKilledMidDeliveryRedelivers(t *testing.T) {
	t.Parallel()
	const lease = 3 * time.Second
	c := newCluster(t, map[string]string{"TILL_WEBHOOK_ALLOW_CIDRS": "127.0.0.0/8",
		"TILL_WEBHOOK_TIMEOUT": "2s", "TILL_WEBHOOK_LEASE": lease.String(), "TILL_WEBHOOK_POLL": "50ms"})
	recv := newHookReceiver(t)
	inFlight := make(chan string, 1)
	release := make(chan struct{})
	recv.hold = func(id string) {
		inFlight <- id
		select { // answer only once the sender is dead
		case <-release:
		case <-time.After(30 * time.Second):
		}
	}
	addr := freeAddr(t)
	first := c.serve(t, addr)
	sc := c.client(first)
	recv.endpoint(t, sc, "customer.created")
	if _, err := sc.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("a@example.com")}); err != nil {
		t.Fatal(err)
	}
	var id string
	select {
	case id = <-inFlight:
	case <-time.After(30 * time.Second):
		t.Fatal("the event was never posted")
	}
	first.kill(t)
	killedAt := time.Now()
	close(release)

	c.serve(t, addr)
	poll(t, "the event delivered again", 30*time.Second, func() bool { return len(recv.receipts()) >= 2 })
	got := recv.receipts()
	if len(got) != 2 || got[0].ID != id || got[1].ID != id || !got[0].Verified || !got[1].Verified {
		t.Fatalf("receipts = %+v, want event %s twice, verified", got, id)
	}
	// Not before the lease the dead process took ended (it was taken
	// before the first POST arrived).
	if gap := got[1].At.Sub(got[0].At); gap < lease-500*time.Millisecond {
		t.Errorf("redelivered %s after the first POST, within the %s lease", gap, lease)
	}
	t.Logf("killed %s after the first POST; redelivered %s after it", killedAt.Sub(got[0].At), got[1].At.Sub(got[0].At))
	poll(t, "the delivery recorded", 10*time.Second, func() bool {
		var status string
		c.raw.Get(&status, `SELECT status FROM webhook_deliveries`)
		return status == "delivered"
	})
	var attempts, recorded int
	c.raw.Get(&attempts, `SELECT attempts FROM webhook_deliveries`)
	c.raw.Get(&recorded, `SELECT count(*) FROM webhook_attempts`)
	if attempts != 2 || recorded != 1 {
		t.Errorf("attempts %d, recorded attempts %d: want 2 claimed, only the survivor's recorded", attempts, recorded)
	}
}

var bg = context.Background()

var csrfPattern = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// shopperForm is the hosted page's form as a shopper fills it in with a
// good card, under its form token: the one place the tests name the form's
// fields.
func shopperForm(csrfToken string) url.Values {
	return url.Values{"csrf_token": {csrfToken}, "email": {"ada@example.com"},
		"cardNumber": {"4242424242424242"}, "cardExpiry": {"12 / 34"}, "cardCvc": {"123"},
		"billingName": {"Ada Lovelace"}, "billingCountry": {"US"}, "billingPostalCode": {"94107"}}
}

// shopper is a browser that does not follow redirects, so that a test sees
// the 303 a payment is acknowledged with.
var shopper = &http.Client{Timeout: 15 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// openPayPage GETs a session's hosted page and returns its form, filled
// in, and the answer's status (0 when none came).
func openPayPage(payURL string) (url.Values, int, error) {
	res, err := shopper.Get(payURL)
	if err != nil {
		return nil, 0, err
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfPattern.FindSubmatch(page)
	if res.StatusCode != http.StatusOK || m == nil {
		return nil, res.StatusCode, fmt.Errorf("GET %s = %d without a form", payURL, res.StatusCode)
	}
	return shopperForm(html.UnescapeString(string(m[1]))), res.StatusCode, nil
}

// submitPayment POSTs a filled-in form and returns the answer's status and
// Location.
func submitPayment(payURL string, form url.Values) (int, string, error) {
	res, err := shopper.PostForm(payURL, form)
	if err != nil {
		return 0, "", err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location"), nil
}

// pay pays a session through its hosted page, as a shopper's browser would.
func pay(payURL string) error {
	form, _, err := openPayPage(payURL)
	if err != nil {
		return err
	}
	status, _, err := submitPayment(payURL, form)
	if err != nil {
		return err
	}
	if status != http.StatusSeeOther {
		return fmt.Errorf("POST %s = %d, want 303", payURL, status)
	}
	return nil
}

// TestTwoProcessesDeliverEverything runs two `till serve` on one database:
// 300 sessions, half paid on the hosted page and half left to expire, every
// event delivered to an endpoint for "*" with a valid signature, each
// session with exactly one completed or expired event, and no event
// delivered twice within one lease.
func TestTwoProcessesDeliverEverything(t *testing.T) {
	t.Parallel()
	const (
		sessions = 300
		lease    = 3 * time.Second
	)
	c := newCluster(t, map[string]string{"TILL_WEBHOOK_ALLOW_CIDRS": "127.0.0.0/8",
		"TILL_WEBHOOK_TIMEOUT": "2s", "TILL_WEBHOOK_LEASE": lease.String(), "TILL_WEBHOOK_POLL": "50ms",
		"TILL_SWEEP_INTERVAL": "200ms", "TILL_WEBHOOK_RETRY_SCHEDULE": "100ms,200ms,400ms,800ms,1s,1s,1s,1s"})
	recv := newHookReceiver(t)
	procs := []*proc{c.serve(t, freeAddr(t)), c.serve(t, freeAddr(t))}
	clients := []*stripe.Client{c.client(procs[0]), c.client(procs[1])}
	recv.endpoint(t, clients[0], "*")

	ids := make([]string, sessions)
	urls := make([]string, sessions)
	errs := make(chan error, sessions)
	var wg sync.WaitGroup
	work := make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				s, err := clients[i%2].V1CheckoutSessions.Create(bg, &stripe.CheckoutSessionCreateParams{
					Mode: stripe.String("payment"), SuccessURL: stripe.String("https://shop.example/ok"),
					LineItems: []*stripe.CheckoutSessionCreateLineItemParams{{Quantity: stripe.Int64(1),
						PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{Currency: stripe.String("usd"),
							UnitAmount: stripe.Int64(1999), ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{
								Name: stripe.String("T-shirt")}}}}})
				if err != nil {
					errs <- err
					continue
				}
				ids[i], urls[i] = s.ID, s.URL
			}
		}()
	}
	for i := range sessions {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	paid, left := ids[:sessions/2], ids[sessions/2:]
	// The API refuses expires_at under 30 minutes: move it into the past
	// behind its back, so the sweepers of both processes race for them
	// while the other half are being paid.
	if _, err := c.raw.Exec(`UPDATE checkout_sessions SET expires_at = extract(epoch FROM now())::bigint - 1 WHERE id = ANY ($1)`,
		pq.Array(left)); err != nil {
		t.Fatal(err)
	}
	errs = make(chan error, sessions)
	work = make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if err := pay(urls[i]); err != nil {
					errs <- err
				}
			}
		}()
	}
	for i := range paid {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	// Every session settled, then every event delivered.
	poll(t, "every session completed or expired", 30*time.Second, func() bool {
		var open int
		c.raw.Get(&open, `SELECT count(*) FROM checkout_sessions WHERE status = 'open'`)
		return open == 0
	})
	var eventIDs []string
	poll(t, "every event received", 45*time.Second, func() bool {
		eventIDs = nil
		c.raw.Select(&eventIDs, `SELECT id FROM events`)
		seen := map[string]bool{}
		for _, r := range recv.receipts() {
			seen[r.ID] = true
		}
		for _, id := range eventIDs {
			if !seen[id] {
				return false
			}
		}
		return true
	})

	got := recv.receipts()
	byEvent := map[string][]receipt{}
	for _, r := range got {
		if !r.Verified {
			t.Errorf("a delivery of %q does not verify with the endpoint's secret", r.ID)
		}
		byEvent[r.ID] = append(byEvent[r.ID], r)
	}
	for _, id := range eventIDs {
		if len(byEvent[id]) == 0 {
			t.Errorf("event %s never delivered", id)
		}
	}
	// Every answer was 200, so a second receipt of an event within one
	// lease of the first means two workers held the same delivery at once.
	duplicates := 0
	for id, rs := range byEvent {
		slices.SortFunc(rs, func(a, b receipt) int { return a.At.Compare(b.At) })
		for i := 1; i < len(rs); i++ {
			duplicates++
			if gap := rs[i].At.Sub(rs[i-1].At); gap < lease {
				t.Errorf("event %s delivered twice %s apart, within one %s lease", id, gap, lease)
			}
		}
	}
	// Per session, from what the receiver got: one completed event for
	// each paid session, one expired event for each left one.
	perSession := map[string]map[string]map[string]bool{} // session → type → event ids
	for _, r := range got {
		if r.Type != "checkout.session.completed" && r.Type != "checkout.session.expired" {
			continue
		}
		if perSession[r.ObjectID] == nil {
			perSession[r.ObjectID] = map[string]map[string]bool{}
		}
		if perSession[r.ObjectID][r.Type] == nil {
			perSession[r.ObjectID][r.Type] = map[string]bool{}
		}
		perSession[r.ObjectID][r.Type][r.ID] = true
	}
	check := func(group []string, want, not string) {
		for _, id := range group {
			if n := len(perSession[id][want]); n != 1 {
				t.Errorf("session %s: %d %s events, want 1", id, n, want)
			}
			if n := len(perSession[id][not]); n != 0 {
				t.Errorf("session %s: %d %s events, want none", id, n, not)
			}
		}
	}
	check(paid, "checkout.session.completed", "checkout.session.expired")
	check(left, "checkout.session.expired", "checkout.session.completed")
	// And in the outbox itself.
	var counts []struct {
		Type string `db:"type"`
		N    int    `db:"n"`
	}
	if err := c.raw.Select(&counts, `SELECT type, count(*) AS n FROM events
		WHERE type IN ('checkout.session.completed', 'checkout.session.expired') GROUP BY type, object_id HAVING count(*) > 1`); err != nil {
		t.Fatal(err)
	}
	if len(counts) > 0 {
		t.Errorf("sessions with more than one event of a type: %+v", counts)
	}
	var statuses []string
	c.raw.Select(&statuses, `SELECT status FROM checkout_sessions ORDER BY status`)
	if n := len(slices.DeleteFunc(slices.Clone(statuses), func(s string) bool { return s != "complete" })); n != sessions/2 {
		t.Errorf("%d sessions complete, want %d", n, sessions/2)
	}
	t.Logf("%d events, %d receipts (%d redeliveries)", len(eventIDs), len(got), duplicates)
}

package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fasthttp/websocket"
	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

// stripeCLIPath is the real Stripe CLI's binary: TILL_STRIPE_CLI, or where
// web/testdata/ensure-npm-tools.sh (run by `make test`) installs it. The
// binary itself, not npm's node shim, so that an interrupt reaches it.
func stripeCLIPath(t *testing.T) string {
	t.Helper()
	path := os.Getenv("TILL_STRIPE_CLI")
	if path == "" {
		arch := map[string]string{"amd64": "x64"}[runtime.GOARCH]
		if arch == "" {
			arch = runtime.GOARCH
		}
		path = fmt.Sprintf("../.data/npm/stripe-cli/node_modules/@stripe/cli-%s-%s/bin/stripe", runtime.GOOS, arch)
	}
	if _, err := os.Stat(path); err != nil {
		missing(t, fmt.Sprintf("the Stripe CLI not found (%v): run web/testdata/ensure-npm-tools.sh, or set TILL_STRIPE_CLI", err))
	}
	return path
}

// stripeCLI is one run of the real Stripe CLI against a test server, with
// its output kept.
type stripeCLI struct {
	cmd    *exec.Cmd
	output *lockedBuffer
	done   chan struct{}
}

// startStripeCLI runs the CLI with args and the account's key against the
// test server, in a home of its own (no config, no telemetry), until the
// test ends.
func startStripeCLI(t *testing.T, srv *testServer, acct *account, args ...string) *stripeCLI {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	args = append(args, "--api-base", srv.URL, "--api-key", acct.SecretKey)
	cmd := exec.CommandContext(ctx, stripeCLIPath(t), args...)
	home := t.TempDir()
	cmd.Env = []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "STRIPE_CLI_TELEMETRY_OPTOUT=1", "PATH=" + os.Getenv("PATH")}
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	cli := &stripeCLI{cmd: cmd, output: out, done: make(chan struct{})}
	go func() { cmd.Wait(); close(cli.done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-cli.done:
		case <-time.After(5 * time.Second):
			cancel()
			<-cli.done
		}
		cancel()
		if t.Failed() {
			t.Logf("stripe %v output:\n%s", args[0], out.String())
		}
	})
	return cli
}

// runStripeCLI runs the CLI to its end and returns its output.
func runStripeCLI(t *testing.T, srv *testServer, acct *account, args ...string) (string, error) {
	t.Helper()
	cli := startStripeCLI(t, srv, acct, args...)
	select {
	case <-cli.done:
	case <-time.After(time.Minute):
		t.Fatalf("stripe %v did not finish:\n%s", args, cli.output.String())
	}
	if !cli.cmd.ProcessState.Success() {
		return cli.output.String(), fmt.Errorf("stripe %v: %s", args, cli.cmd.ProcessState)
	}
	return cli.output.String(), nil
}

var listenReady = regexp.MustCompile(`Ready! .*Your webhook signing secret is (whsec_[0-9a-f]+)`)

// listen runs `stripe listen` forwarding to the receiver and waits until
// it is ready, returning the signing secret it printed.
func listen(t *testing.T, srv *testServer, acct *account, to *cliReceiver, events string) (*stripeCLI, string) {
	t.Helper()
	cli := startStripeCLI(t, srv, acct, "listen", "--skip-update", "--events", events, "--forward-to", to.URL)
	var secret string
	waitFor(t, "stripe listen to be ready", func() bool {
		if m := listenReady.FindStringSubmatch(cli.output.String()); m != nil {
			secret = m[1]
			return true
		}
		select {
		case <-cli.done:
			t.Fatalf("stripe listen ended:\n%s", cli.output.String())
		default:
		}
		return false
	})
	to.setSecret(secret)
	return cli, secret
}

// cliReceiver is a local webhook endpoint the CLI forwards to: it verifies
// each request with the CLI's signing secret, as a merchant's code does.
type cliReceiver struct {
	URL string

	mu     sync.Mutex
	secret string
	events []stripe.Event
	errs   []error
}

func newCLIReceiver(t *testing.T) *cliReceiver {
	t.Helper()
	r := &cliReceiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		ev, err := webhook.ConstructEventWithOptions(body, req.Header.Get("Stripe-Signature"), r.secret,
			webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true})
		if err != nil {
			r.errs = append(r.errs, err)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		r.events = append(r.events, ev)
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL + "/webhook"
	return r
}

func (r *cliReceiver) setSecret(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secret = s
}

// received returns the ids and types of the verified events, in arrival
// order, failing the test on any request that did not verify.
func (r *cliReceiver) received(t *testing.T) (ids, types []string) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, err := range r.errs {
		t.Errorf("a forwarded event does not verify with the CLI's secret: %v", err)
	}
	r.errs = nil
	for _, ev := range r.events {
		ids, types = append(ids, ev.ID), append(types, string(ev.Type))
	}
	return ids, types
}

func TestStripeCLIListen(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	before := createSessions(t, acct, 1)
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, before[0], nil); err != nil {
		t.Fatal(err) // an event from before listen started: never sent
	}

	to := newCLIReceiver(t)
	cli, secret := listen(t, srv, acct, to, "checkout.session.expired")
	// The device's secret is the same for every session, as at Stripe.
	if out, err := runStripeCLI(t, srv, acct, "listen", "--print-secret"); err != nil || strings.TrimSpace(out) != secret {
		t.Errorf("listen --print-secret = %q, %v; want %s", out, err, secret)
	}
	ids := createSessions(t, acct, 3)
	if _, err := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("a@example.com")}); err != nil {
		t.Fatal(err) // customer.created: not asked for
	}
	for _, id := range ids {
		if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, id, nil); err != nil {
			t.Fatal(err)
		}
	}
	var want []string
	for _, ev := range listEvents(t, acct, &stripe.EventListParams{Type: stripe.String("checkout.session.expired")}) {
		want = append([]string{ev.ID}, want...) // oldest first
	}
	want = want[1:] // the one from before
	waitFor(t, "the three expired events at the receiver", func() bool { got, _ := to.received(t); return len(got) >= 3 })
	// One more, sent after the others: had any of them been sent twice,
	// the copy would be there by the time this one is.
	last := createSessions(t, acct, 1)[0]
	if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, last, nil); err != nil {
		t.Fatal(err)
	}
	want = append(want, listEvents(t, acct, &stripe.EventListParams{Type: stripe.String("checkout.session.expired")})[0].ID)
	waitFor(t, "the fourth expired event at the receiver", func() bool { got, _ := to.received(t); return len(got) >= 4 })
	// The CLI forwards each event in a goroutine of its own, so arrival
	// order is not the order sent; each must arrive once.
	got, types := to.received(t)
	equalIDs(t, "forwarded events", sorted(got), sorted(want))
	equalIDs(t, "forwarded types", types, []string{"checkout.session.expired", "checkout.session.expired",
		"checkout.session.expired", "checkout.session.expired"})
	if out := cli.output.String(); !regexp.MustCompile(`<--\s+\[200\] POST ` + regexp.QuoteMeta(to.URL)).MatchString(out) {
		t.Errorf("the CLI did not report the receiver's 200:\n%s", out)
	}
}

// stripeCLIConn is a websocket of a listen session, spoken to as the CLI
// speaks.
type stripeCLIConn struct {
	t    *testing.T
	conn *websocket.Conn
}

// cliSession opens a listen session through the API, as the CLI does.
func cliSession(t *testing.T, srv *testServer, acct *account) map[string]any {
	t.Helper()
	res := srv.do(t, "POST", "/v1/stripecli/sessions", acct.SecretKey,
		form("device_name", "laptop", "websocket_features[]", "webhooks", "forward_to_url", "http://localhost:3000/webhook"))
	if res.Status != http.StatusOK {
		t.Fatalf("POST /v1/stripecli/sessions = %d %s", res.Status, res.Body)
	}
	return object(t, res)
}

// dialCLI connects to a session's websocket; a failed handshake is
// returned with its answer.
func dialCLI(t *testing.T, sess map[string]any, id string) (*stripeCLIConn, *http.Response, error) {
	t.Helper()
	url := sess["websocket_url"].(string) + "?websocket_feature=" + sess["websocket_authorized_feature"].(string)
	conn, res, err := websocket.DefaultDialer.Dial(url, http.Header{"Websocket-Id": {id}})
	if err != nil {
		return nil, res, err
	}
	t.Cleanup(func() { conn.Close() })
	return &stripeCLIConn{t: t, conn: conn}, res, nil
}

// cliEvent is a webhook_event message as the CLI reads it.
type cliEvent struct {
	Type         string            `json:"type"`
	WebhookID    string            `json:"webhook_id"`
	EventPayload string            `json:"event_payload"`
	HTTPHeaders  map[string]string `json:"http_headers"`
	Endpoint     map[string]any    `json:"endpoint"`
}

// next reads the next message, failing after a deadline.
func (c *stripeCLIConn) next() cliEvent {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	var m cliEvent
	if err := c.conn.ReadJSON(&m); err != nil {
		c.t.Fatalf("reading the websocket: %v", err)
	}
	return m
}

func (c *stripeCLIConn) ack(webhookID string) {
	c.t.Helper()
	if err := c.conn.WriteJSON(map[string]string{"type": "event_ack", "event_id": webhookID, "webhook_conversation_id": "wc"}); err != nil {
		c.t.Fatal(err)
	}
}

func TestStripeCLISessionProtocol(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	sess := cliSession(t, srv, acct)
	secret, _ := sess["secret"].(string)
	if !regexp.MustCompile(`^whsec_[0-9a-f]{64}$`).MatchString(secret) || sess["websocket_authorized_feature"] != "webhooks" ||
		!regexp.MustCompile(`^ws://127\.0\.0\.1:\d+/stripecli/subscribe$`).MatchString(sess["websocket_url"].(string)) {
		t.Fatalf("session = %v", sess)
	}
	if again := cliSession(t, srv, acct); again["secret"] != secret || again["websocket_id"] == sess["websocket_id"] {
		t.Errorf("a second session of the device: secret %v, id %v; want the same secret, a new id", again["secret"], again["websocket_id"])
	}

	ids := createSessions(t, acct, 2)
	for _, id := range ids {
		if _, err := acct.Stripe.V1CheckoutSessions.Expire(bg, id, nil); err != nil {
			t.Fatal(err)
		}
	}
	conn, _, err := dialCLI(t, sess, sess["websocket_id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	first, second := conn.next(), conn.next()
	for i, m := range []cliEvent{first, second} {
		ev, err := webhook.ConstructEvent([]byte(m.EventPayload), m.HTTPHeaders["Stripe-Signature"], secret)
		if err != nil {
			t.Fatalf("event %d does not verify with the session's secret: %v", i, err)
		}
		if m.Type != "webhook_event" || m.WebhookID != ev.ID || ev.Type != "checkout.session.expired" ||
			ev.Data.Object["id"] != ids[i] || m.Endpoint["api_version"] != nil {
			t.Errorf("message %d = %+v, event %s %s %v", i, m, ev.ID, ev.Type, ev.Data.Object["id"])
		}
	}

	// Only the first is acknowledged: a new connection of the session
	// sends the second again, and nothing else.
	conn.ack(first.WebhookID)
	waitFor(t, "the acknowledgement to be recorded", func() bool {
		pending, err := srv.Store.StripeCLIPendingEvents(bg, sess["websocket_id"].(string), 10)
		return err == nil && len(pending) == 1
	})
	conn.conn.Close()
	again, _, err := dialCLI(t, sess, sess["websocket_id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if m := again.next(); m.WebhookID != second.WebhookID {
		t.Errorf("after reconnecting got %s, want the unacknowledged %s", m.WebhookID, second.WebhookID)
	}

	// An unknown id gets the message on which the CLI makes a new session.
	_, res, err := dialCLI(t, sess, "cliws_unknown")
	if err == nil || res == nil || res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown websocket id: %v %v", err, res)
	}
	body, _ := io.ReadAll(res.Body)
	if !regexp.MustCompile(`"message":\s*"Unknown WebSocket ID\."`).Match(body) {
		t.Errorf("unknown websocket id answered %s", body)
	}

	bad := srv.do(t, "POST", "/v1/stripecli/sessions", acct.SecretKey, form("websocket_features[]", "v2_events"))
	wantRawErr(t, bad, http.StatusBadRequest, "invalid_request_error", "invalid_request", "websocket_features")
	if res := srv.do(t, "POST", "/v1/stripecli/sessions", "", form("websocket_features[]", "webhooks")); res.Status != http.StatusUnauthorized {
		t.Errorf("without a key: %d", res.Status)
	}
}

// TestStripeCLITrigger runs `stripe trigger checkout.session.completed`
// with `stripe listen` forwarding: the fixture makes a product, a price and
// a session, and pays it through the payment page with tok_visa; the
// session completes, and its events reach the listener once each.
func TestStripeCLITrigger(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	to := newCLIReceiver(t)
	listen(t, srv, acct, to, "checkout.session.completed,payment_intent.created,payment_intent.succeeded")

	if out, err := runStripeCLI(t, srv, acct, "trigger", "checkout.session.completed"); err != nil ||
		!regexp.MustCompile(`Trigger succeeded`).MatchString(out) {
		t.Fatalf("%v:\n%s", err, out)
	}
	var sessions []*stripe.CheckoutSession
	for s, err := range acct.Stripe.V1CheckoutSessions.List(bg, &stripe.CheckoutSessionListParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		sessions = append(sessions, s)
	}
	if len(sessions) != 1 {
		t.Fatalf("%d sessions, want the fixture's one", len(sessions))
	}
	s := sessions[0]
	if s.Status != "complete" || s.PaymentStatus != "paid" || s.AmountTotal != 3000 || s.PaymentIntent == nil {
		t.Fatalf("session %s: status %s, payment_status %s, amount_total %d", s.ID, s.Status, s.PaymentStatus, s.AmountTotal)
	}
	pi, err := acct.Stripe.V1PaymentIntents.Retrieve(bg, s.PaymentIntent.ID, nil)
	if err != nil || pi.Status != "succeeded" || pi.Shipping == nil || pi.Shipping.Name != "Jenny Rosen" {
		t.Fatalf("payment intent = %+v, %v", pi, err)
	}

	want := []string{"checkout.session.completed", "payment_intent.created", "payment_intent.succeeded"}
	waitFor(t, "the payment's events at the receiver", func() bool { got, _ := to.received(t); return len(got) >= len(want) })
	var events []string
	for _, ev := range listEvents(t, acct, nil) {
		if slices.Contains(want, string(ev.Type)) {
			events = append(events, ev.ID)
		}
	}
	got, types := to.received(t)
	equalIDs(t, "forwarded types", sorted(types), want)
	equalIDs(t, "forwarded events", sorted(got), sorted(events))
}

// TestStripeCLIOtherTriggers runs the other triggers whose fixtures call
// only endpoints Till has. Those for events Till sends deliver them to
// stripe listen; for customer.updated, customer.deleted and product.* the
// fixture's calls succeed, though Till sends no such events yet.
func TestStripeCLIOtherTriggers(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	to := newCLIReceiver(t)
	listen(t, srv, acct, to, "checkout.session.expired,customer.created")

	for _, event := range []string{"checkout.session.expired", "customer.created", "customer.updated", "customer.deleted",
		"product.created", "product.updated"} {
		if out, err := runStripeCLI(t, srv, acct, "trigger", event); err != nil || !strings.Contains(out, "Trigger succeeded") {
			t.Errorf("stripe trigger %s: %v\n%s", event, err, out)
		}
	}
	var want, wantTypes []string
	for _, ev := range listEvents(t, acct, nil) {
		want, wantTypes = append(want, ev.ID), append(wantTypes, string(ev.Type))
	}
	// One session expired; a customer made by each customer trigger.
	equalIDs(t, "events", sorted(wantTypes), []string{"checkout.session.expired", "customer.created", "customer.created", "customer.created"})
	waitFor(t, "the triggers' events at the receiver", func() bool { got, _ := to.received(t); return len(got) >= len(want) })
	got, _ := to.received(t)
	equalIDs(t, "forwarded events", sorted(got), sorted(want))
}

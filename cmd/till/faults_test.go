package main

import (
	"fmt"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"till"
	"till/db/dbtest"
)

// The fault tests break a running `till serve` (kill -9), its PostgreSQL
// (a crash restart) or their connections (pg_terminate_backend) under a
// load of payments, and check what a checkout must keep through all of it:
// no acknowledged payment lost, none taken twice, every request answered
// or failed within answerWithin, and service back without a restart.

// answerWithin bounds every request of a fault test, answered or failed.
const answerWithin = 10 * time.Second

// paymentFaultEnv is the configuration of the payment fault tests.
// TILL_PAYMENT_LEASE shortens how long an attempt's claim on its session
// lasts (about 30 s by default), so that a session whose attempt a kill cut
// short can be paid again within the test.
func paymentFaultEnv() map[string]string {
	return map[string]string{"TILL_PAYMENT_LEASE": "2s"}
}

// faultWindow is a span of a test when answers ≥ 500 are expected: from a
// fault until service is back.
type faultWindow struct{ from, to time.Time }

// checkFaultLoad checks a load's history and the database after the
// faults: every request within answerWithin, no answer ≥ 500 outside a
// fault window, every acknowledged payment complete, and the payment
// invariants.
func checkFaultLoad(t *testing.T, c *cluster, load *paymentLoad, history []loadRequest, windows []faultWindow) {
	t.Helper()
	for _, r := range history {
		if took := r.End.Sub(r.Start); took > answerWithin {
			t.Errorf("%s %s took %s (status %d, %v): longer than %s", r.Op, r.Session, took, r.Status, r.Err, answerWithin)
		}
		if r.Status < 500 {
			continue
		}
		inFault := false
		for _, w := range windows {
			inFault = inFault || (!r.End.Before(w.from) && !r.Start.After(w.to))
		}
		if !inFault {
			t.Errorf("%s %s answered %d outside any fault: %v", r.Op, r.Session, r.Status, r.Err)
		}
	}
	acked := load.acknowledged()
	if len(acked) == 0 {
		t.Fatal("no payment was acknowledged")
	}
	checkAcknowledged(t, c, acked)
	dbtest.CheckPaymentInvariants(t, c.raw)
	t.Log(summarize(history))
}

// TestFailpointsConfig: a failpoints build takes POINT=pause pairs and
// names what is wrong with any other.
func TestFailpointsConfig(t *testing.T) {
	t.Parallel()
	bin := tillBinary(t)
	for value, want := range map[string]string{
		"payment-committed=pause,payments=pause": `TILL_FAILPOINTS: unknown point "payments"`,
		"delivery-posted=sleep":                  `TILL_FAILPOINTS: delivery-posted="sleep": the only action is pause`,
	} {
		cmd := exec.Command(bin, "migrate")
		cmd.Env = []string{"TILL_FAILPOINTS=" + value, "DATABASE_URL=postgres://127.0.0.1:1/none"}
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), want) {
			t.Errorf("TILL_FAILPOINTS=%s: %v, said %q; want a refusal saying %q", value, err, out, want)
		}
	}
}

// TestKilledAtDeliveryPosted kills `till serve` with SIGKILL at the
// delivery-posted failpoint: the receiver has the event and answered 200,
// and the outcome is not recorded. After a restart the event arrives again
// with the same id (at least once, never lost), and the delivery ends
// recorded as delivered.
func TestKilledAtDeliveryPosted(t *testing.T) {
	t.Parallel()
	start := time.Now()
	c := newCluster(t, map[string]string{"TILL_WEBHOOK_ALLOW_CIDRS": "127.0.0.0/8",
		"TILL_WEBHOOK_TIMEOUT": "1s", "TILL_WEBHOOK_LEASE": "2s", "TILL_WEBHOOK_POLL": "50ms"})
	recv := newHookReceiver(t)
	addr := freeAddr(t)
	paused := c.serve(t, addr, "TILL_FAILPOINTS="+till.FaultDeliveryPosted+"=pause")
	sc := c.client(paused)
	recv.endpoint(t, sc, "customer.created")
	if _, err := sc.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("a@example.com")}); err != nil {
		t.Fatal(err)
	}
	poll(t, "the delivery paused after its POST", 10*time.Second, func() bool {
		return paused.said("failpoint " + till.FaultDeliveryPosted + " reached")
	})
	paused.kill(t)
	first := recv.receipts()
	if len(first) != 1 || !first[0].Verified {
		t.Fatalf("receipts before the kill = %+v, want one verified", first)
	}

	c.serve(t, addr)
	poll(t, "the event delivered again", 20*time.Second, func() bool { return len(recv.receipts()) >= 2 })
	got := recv.receipts()
	if len(got) != 2 || got[1].ID != first[0].ID || !got[1].Verified {
		t.Fatalf("receipts = %+v, want event %s twice, verified", got, first[0].ID)
	}
	poll(t, "the delivery recorded", 10*time.Second, func() bool {
		var status string
		c.raw.Get(&status, `SELECT status FROM webhook_deliveries`)
		return status == "delivered"
	})
	var recorded int
	c.raw.Get(&recorded, `SELECT count(*) FROM webhook_attempts`)
	if recorded != 1 {
		t.Errorf("%d attempts recorded, want only the survivor's", recorded)
	}
	t.Logf("took %s", time.Since(start).Round(time.Millisecond))
}

// TestKilledDuringPayments kills `till serve` with SIGKILL five times
// while shoppers pay, each time once payments have been acknowledged since
// the last restart, and restarts it on the same address. Requests cut off
// by a kill are retried with the same form until they are definite.
func TestKilledDuringPayments(t *testing.T) {
	t.Parallel()
	start := time.Now()
	c := newCluster(t, paymentFaultEnv())
	addr := freeAddr(t)
	p := c.serve(t, addr)
	load := startPaymentLoad(t, c.client(p), 4)
	var windows []faultWindow
	for range 5 {
		since := time.Now()
		poll(t, "payments acknowledged since the last restart", 20*time.Second, func() bool { return load.ackedSince(since) >= 3 })
		killed := time.Now()
		p.kill(t)
		p = c.serve(t, addr)
		windows = append(windows, faultWindow{killed, time.Now().Add(2 * time.Second)})
	}
	since := time.Now()
	poll(t, "payments acknowledged after the last restart", 20*time.Second, func() bool { return load.ackedSince(since) >= 3 })
	checkFaultLoad(t, c, load, load.finish(), windows)
	t.Logf("took %s", time.Since(start).Round(time.Millisecond))
}

// TestKilledAtPaymentPoint kills `till serve` with SIGKILL at a payment's
// failpoints: once its outcome is committed (the acknowledgement is lost:
// the same form posted again gets the 303, and there is one payment), and
// once it has claimed its session (nothing is recorded, and the session can
// still be paid).
func TestKilledAtPaymentPoint(t *testing.T) {
	t.Parallel()
	c := newCluster(t, paymentFaultEnv())
	for _, point := range []string{till.FaultPaymentCommitted, till.FaultPaymentClaimed} {
		t.Run(point, func(t *testing.T) {
			start := time.Now()
			addr := freeAddr(t)
			paused := c.serve(t, addr, "TILL_FAILPOINTS="+point+"=pause")
			session := createLoadSession(t, c.client(paused))
			form, _, err := openPayPage(session.URL)
			if err != nil {
				t.Fatal(err)
			}
			answered := make(chan int, 1)
			go func() {
				status, _, _ := submitPayment(session.URL, form)
				answered <- status
			}()
			if ok, why := pausedAt(paused, point, answered, 5*time.Second); !ok {
				t.Fatalf("%s: the checkout service did not stop at %s", why, point)
			}
			paused.kill(t)
			if status := <-answered; status != 0 {
				t.Fatalf("the paused payment was answered %d before the kill", status)
			}
			c.serve(t, addr)
			success := strings.ReplaceAll(loadSuccessURL, "{CHECKOUT_SESSION_ID}", session.ID)

			if point == till.FaultPaymentClaimed {
				var status string
				var intents, completed int
				c.raw.Get(&status, `SELECT status FROM checkout_sessions WHERE id = $1`, session.ID)
				c.raw.Get(&intents, `SELECT count(*) FROM payment_intents WHERE checkout_session_id = $1 AND status = 'succeeded'`, session.ID)
				c.raw.Get(&completed, `SELECT count(*) FROM events WHERE object_id = $1 AND type = 'checkout.session.completed'`, session.ID)
				if status != "open" || intents != 0 || completed != 0 {
					t.Fatalf("after a kill before the processor: session %s, %d succeeded PaymentIntents, %d completed events; want open, none, none",
						status, intents, completed)
				}
			}
			// The shopper posts the same form again: at once after a kill
			// past the commit, once the dead attempt's claim has lapsed
			// after one before it.
			var status int
			var location string
			poll(t, "the same form paid", 40*time.Second, func() bool {
				status, location, err = submitPayment(session.URL, form)
				return err == nil && status != http.StatusConflict && status != http.StatusTooManyRequests && status < 500
			})
			if status != http.StatusSeeOther || location != success {
				t.Errorf("the same form posted again = %d to %q, want 303 to %q", status, location, success)
			}
			dbtest.CheckPaymentInvariants(t, c.raw)
			t.Logf("took %s", time.Since(start).Round(time.Millisecond))
		})
	}
}

// pausedAt waits up to limit for p to stop at point, and otherwise says
// why it did not: the request meant to stop there was answered, or nothing
// happened.
func pausedAt(p *proc, point string, answered <-chan int, limit time.Duration) (bool, string) {
	deadline := time.After(limit)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if p.said("failpoint " + point + " reached") {
			return true, ""
		}
		select {
		case status := <-answered:
			return false, fmt.Sprintf("the payment was answered %d without reaching the %s failpoint", status, point)
		case <-deadline:
			return false, fmt.Sprintf("the payment reached neither an answer nor the %s failpoint within %s", point, limit)
		case <-tick.C:
		}
	}
}

// TestPostgresRestartedDuringPayments crashes the test's own PostgreSQL
// (pg_ctl restart -m immediate) twice while shoppers pay through one
// `till serve`, which is never restarted: during each outage requests fail
// fast, and payments are acknowledged again within answerWithin of the
// database being back.
func TestPostgresRestartedDuringPayments(t *testing.T) {
	t.Parallel()
	start := time.Now()
	pg := startPrivatePostgres(t)
	c := newClusterOn(t, pg.url("till"), paymentFaultEnv())
	// The checks open fresh connections: the crashes end the idle ones.
	c.raw.SetMaxIdleConns(0)
	p := c.serve(t, freeAddr(t))
	load := startPaymentLoad(t, c.client(p), 4)
	var windows []faultWindow
	for range 2 {
		since := time.Now()
		poll(t, "payments acknowledged before the crash", 20*time.Second, func() bool { return load.ackedSince(since) >= 20 })
		crashed := time.Now()
		pg.crashRestart(t)
		back := time.Now()
		poll(t, "a payment acknowledged after PostgreSQL came back", answerWithin, func() bool { return load.ackedSince(back) > 0 })
		windows = append(windows, faultWindow{crashed, time.Now()})
		t.Logf("PostgreSQL down and recovering for %s; payments acknowledged again %s after it was back",
			back.Sub(crashed).Round(time.Millisecond), time.Since(back).Round(time.Millisecond))
	}
	checkFaultLoad(t, c, load, load.finish(), windows)
	select {
	case <-p.done:
		t.Error("till serve exited during the outages")
	default:
	}
	t.Logf("took %s", time.Since(start).Round(time.Millisecond))
}

// TestConnectionsTerminatedDuringPayments terminates every connection of
// Till's (application_name till) to the test's database every 2 s while
// shoppers pay: the pool replaces them, and nothing acknowledged is lost.
func TestConnectionsTerminatedDuringPayments(t *testing.T) {
	t.Parallel()
	start := time.Now()
	c := newCluster(t, paymentFaultEnv())
	p := c.serve(t, freeAddr(t))
	load := startPaymentLoad(t, c.client(p), 4)
	poll(t, "payments acknowledged", 20*time.Second, func() bool { return load.ackedSince(start) >= 3 })
	terminating := time.Now()
	terminated := 0
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for range 6 {
		<-tick.C
		var n int
		if err := c.raw.Get(&n, `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE application_name = 'till' AND datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
			t.Fatal(err)
		}
		terminated += n
	}
	last := time.Now()
	poll(t, "payments acknowledged after the last termination", answerWithin, func() bool { return load.ackedSince(last) >= 3 })
	if terminated == 0 {
		t.Error("found no connection of Till's to terminate")
	}
	checkFaultLoad(t, c, load, load.finish(), []faultWindow{{terminating, last.Add(2 * time.Second)}})
	t.Logf("terminated %d connections; took %s", terminated, time.Since(start).Round(time.Millisecond))
}

// createLoadSession creates a session as the load's shoppers do.
func createLoadSession(t *testing.T, sc *stripe.Client) *stripe.CheckoutSession {
	t.Helper()
	s, err := sc.V1CheckoutSessions.Create(bg, loadSessionParams())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPaymentInvariantsCatchBreakage: the checker the fault tests rely on
// passes a consistent database and names each session broken behind its
// back (one may break more than one rule).
func TestPaymentInvariantsCatchBreakage(t *testing.T) {
	t.Parallel()
	c := newCluster(t, map[string]string{})
	sc := c.client(c.serve(t, freeAddr(t)))
	var ids []string
	for i := range 4 {
		s := createLoadSession(t, sc)
		ids = append(ids, s.ID)
		if i < 3 {
			if err := pay(s.URL); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := invariantProblems(c); len(got) != 0 {
		t.Fatalf("a consistent database reported: %q", got)
	}
	// Three paid sessions broken three ways, and the open one given a
	// completion.
	breakages := []struct{ session, sql string }{
		{ids[0], `UPDATE payment_intents SET amount_received = 1 WHERE checkout_session_id = $1`},
		{ids[1], `DELETE FROM events WHERE object_id = $1 AND type = 'checkout.session.completed'`},
		{ids[2], `UPDATE events SET seq = events.seq + 1000 FROM payment_intents p
			WHERE p.checkout_session_id = $1 AND events.object_id = p.id AND events.type = 'payment_intent.succeeded'`},
		{ids[3], `INSERT INTO events (id, account_id, livemode, type, api_version, object_id, data, created)
			SELECT 'evt_broken', account_id, livemode, 'checkout.session.completed', 'x', id, '{}', 0 FROM checkout_sessions WHERE id = $1`},
	}
	for _, b := range breakages {
		c.raw.MustExec(b.sql, b.session)
	}
	got := invariantProblems(c)
	for _, b := range breakages {
		if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, b.session) }) {
			t.Errorf("broken session %s not reported: %q", b.session, got)
		}
	}
}

// invariantProblems runs the payment invariants on c's database and
// returns what they report.
func invariantProblems(c *cluster) []string {
	r := &problemRecorder{}
	dbtest.CheckPaymentInvariants(r, c.raw)
	return r.problems
}

// problemRecorder is a testing.TB that keeps what it is told is wrong.
type problemRecorder struct {
	testing.TB
	problems []string
}

func (r *problemRecorder) Helper() {}
func (r *problemRecorder) Errorf(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}
func (r *problemRecorder) Fatalf(format string, args ...any) { r.Errorf(format, args...) }

package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"
	"github.com/stripe/stripe-go/v82"
)

// A payment load for the fault tests: shoppers create a session through
// the API and pay it on its hosted page, over and over, while the test
// breaks the server or its database. Every request is kept, as a Jepsen
// history is: a 303 to success_url is an acknowledged payment; no answer
// (the server died, the connection broke) is an unknown outcome, retried
// with the same form until it is definite.

// loadRequest is one request of the load as the shopper saw it.
type loadRequest struct {
	Session    string
	Op         string // create, page or pay
	Start, End time.Time
	Status     int // 0 when no answer came
	Err        error
}

// paymentLoad is a running load and its history.
type paymentLoad struct {
	t        *testing.T
	sc       *stripe.Client
	stop     chan struct{}
	stopOnce sync.Once
	wg       sync.WaitGroup

	mu       sync.Mutex
	requests []loadRequest
	acked    map[string]time.Time // session → when its payment was acknowledged
}

// loadSuccessURL is where a paid session sends the shopper; the load
// checks each 303 against it.
const loadSuccessURL = "https://shop.example/ok?session_id={CHECKOUT_SESSION_ID}"

// convergeWithin bounds how long one session may take to reach a definite
// answer through the faults.
const convergeWithin = 40 * time.Second

// startPaymentLoad starts shoppers paying through sc's server until
// finish is called, or the test ends.
func startPaymentLoad(t *testing.T, sc *stripe.Client, shoppers int) *paymentLoad {
	l := &paymentLoad{t: t, sc: sc, stop: make(chan struct{}), acked: map[string]time.Time{}}
	t.Cleanup(func() { l.finish() })
	for range shoppers {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for {
				select {
				case <-l.stop:
					return
				default:
				}
				l.shop()
			}
		}()
	}
	return l
}

// finish lets each shopper settle the session it is paying, then stops
// them, and returns the history.
func (l *paymentLoad) finish() []loadRequest {
	l.stopOnce.Do(func() { close(l.stop) })
	l.wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.requests
}

// ackedSince counts the payments acknowledged after t0.
func (l *paymentLoad) ackedSince(t0 time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, at := range l.acked {
		if at.After(t0) {
			n++
		}
	}
	return n
}

// acknowledged returns the sessions whose payment was acknowledged.
func (l *paymentLoad) acknowledged() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	ids := make([]string, 0, len(l.acked))
	for id := range l.acked {
		ids = append(ids, id)
	}
	return ids
}

func (l *paymentLoad) record(r loadRequest) {
	r.End = time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests = append(l.requests, r)
	if r.Op == "pay" && r.Status == http.StatusSeeOther && r.Err == nil {
		l.acked[r.Session] = r.End
	}
}

// shop creates one session and pays it, retrying each step until it is
// definite or convergeWithin has passed. Only an answer that cannot be
// retried into success (a 4xx other than 409 and 429 on a good card) or a
// 303 somewhere else than success_url fails the test.
func (l *paymentLoad) shop() {
	deadline := time.Now().Add(convergeWithin)
	retry := func(what string) bool {
		if time.Now().After(deadline) {
			l.t.Errorf("%s: no definite answer within %s", what, convergeWithin)
			return false
		}
		time.Sleep(100 * time.Millisecond) // a retry's backoff, not a synchronisation
		return true
	}
	var session *stripe.CheckoutSession
	for session == nil {
		r := loadRequest{Op: "create", Start: time.Now()}
		s, err := l.sc.V1CheckoutSessions.Create(bg, loadSessionParams())
		r.Status, r.Err = stripeStatus(err)
		if err == nil {
			session, r.Session = s, s.ID
		}
		l.record(r)
		if session == nil && !retry("create a session") {
			return
		}
	}
	var form url.Values
	for form == nil {
		r := loadRequest{Session: session.ID, Op: "page", Start: time.Now()}
		form, r.Status, r.Err = openPayPage(session.URL)
		l.record(r)
		if form == nil && !retry("open the page of "+session.ID) {
			return
		}
	}
	want := strings.ReplaceAll(loadSuccessURL, "{CHECKOUT_SESSION_ID}", session.ID)
	for {
		r := loadRequest{Session: session.ID, Op: "pay", Start: time.Now()}
		status, location, err := submitPayment(session.URL, form)
		r.Status, r.Err = status, err
		if status == http.StatusSeeOther && location != want {
			r.Err = fmt.Errorf("303 to %q, want %q", location, want)
		}
		l.record(r)
		switch {
		case status == http.StatusSeeOther:
			if r.Err != nil {
				l.t.Errorf("pay %s: %v", session.ID, r.Err)
			}
			return
		case err != nil, status >= 500, status == http.StatusConflict, status == http.StatusTooManyRequests:
			if !retry("pay " + session.ID) {
				return
			}
		default:
			l.t.Errorf("pay %s with a good card = %d, want 303", session.ID, status)
			return
		}
	}
}

// loadSessionParams is the session each shopper of the load pays.
func loadSessionParams() *stripe.CheckoutSessionCreateParams {
	return &stripe.CheckoutSessionCreateParams{
		Mode: stripe.String("payment"), SuccessURL: stripe.String(loadSuccessURL),
		LineItems: []*stripe.CheckoutSessionCreateLineItemParams{{Quantity: stripe.Int64(1),
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{Currency: stripe.String("usd"),
				UnitAmount: stripe.Int64(1999), ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{
					Name: stripe.String("T-shirt")}}}}}
}

// stripeStatus is an API call's outcome: the answer's status, or no status
// and the error when none came.
func stripeStatus(err error) (int, error) {
	if err == nil {
		return http.StatusOK, nil
	}
	if se, ok := err.(*stripe.Error); ok && se.HTTPStatusCode != 0 {
		return se.HTTPStatusCode, err
	}
	return 0, err
}

// loadSummary is what a fault test reports of its history and checks.
type loadSummary struct {
	Requests, Acked, NoAnswer, ServerErrors int
	Slowest                                 time.Duration
}

func summarize(history []loadRequest) loadSummary {
	var s loadSummary
	for _, r := range history {
		s.Requests++
		switch {
		case r.Op == "pay" && r.Status == http.StatusSeeOther:
			s.Acked++
		case r.Status == 0:
			s.NoAnswer++
		case r.Status >= 500:
			s.ServerErrors++
		}
		s.Slowest = max(s.Slowest, r.End.Sub(r.Start))
	}
	return s
}

func (s loadSummary) String() string {
	return fmt.Sprintf("%d requests: %d payments acknowledged, %d without an answer, %d answered ≥ 500, slowest %s",
		s.Requests, s.Acked, s.NoAnswer, s.ServerErrors, s.Slowest.Round(time.Millisecond))
}

// checkAcknowledged fails for each acknowledged payment whose session the
// database does not have complete: a payment lost.
func checkAcknowledged(t *testing.T, c *cluster, acked []string) {
	t.Helper()
	var complete int
	if err := c.raw.Get(&complete, `SELECT count(*) FROM checkout_sessions WHERE id = ANY ($1) AND status = 'complete'`,
		pq.Array(acked)); err != nil {
		t.Fatal(err)
	}
	if complete != len(acked) {
		t.Errorf("%d payments acknowledged, %d of their sessions complete: acknowledged payments lost", len(acked), complete)
	}
}

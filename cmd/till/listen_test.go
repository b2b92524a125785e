package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"

	"till/db/dbtest"
)

// syncBuffer is a bytes.Buffer safe to read while listen writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// listening is a `till serve` and a `till listen` forwarding its account's
// events to a receiver that verifies each one with the secret listen printed.
type listening struct {
	sc       *stripe.Client
	key      string
	receiver string
	out      *syncBuffer
	secret   string

	mu  sync.Mutex
	got []string // "type id" of each verified delivery, or "invalid: …"
}

func (l *listening) received() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.got)
}

// startListening serves a fresh account and runs listen against it until
// the test ends, returning once listen is ready.
func startListening(t *testing.T) *listening {
	t.Helper()
	addr := freeAddr(t)
	vars := map[string]string{"DATABASE_URL": dbtest.New(t), "TILL_DATA_DIR": t.TempDir(), "TILL_ADDR": addr, "TILL_PUBLIC_URL": "http://" + addr}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	out, err := runCmd(t, ctx, vars, "accounts", "create", "--name", "Shop", "--json")
	if err != nil {
		t.Fatal(err, out)
	}
	l := &listening{key: out[strings.Index(out, "sk_test_") : strings.Index(out, "sk_test_")+40], out: &syncBuffer{}}
	go run(ctx, []string{"serve"}, env(vars), nil, io.Discard, io.Discard)
	waitFor(t, "http://"+addr+"/healthz")

	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		l.mu.Lock()
		defer l.mu.Unlock()
		e, err := webhook.ConstructEvent(body, r.Header.Get("Stripe-Signature"), l.secret)
		if err != nil {
			l.got = append(l.got, "invalid: "+err.Error())
			return
		}
		l.got = append(l.got, string(e.Type)+" "+e.ID)
	}))
	t.Cleanup(receiver.Close)
	l.receiver = receiver.URL

	go run(ctx, []string{"listen", "--forward-to", l.receiver, "--api-key", l.key, "--interval", "100ms"}, env(vars), nil, l.out, io.Discard)
	poll(t, "listen ready", 20*time.Second, func() bool { return strings.Contains(l.out.String(), "Ready!") })
	line := l.out.String()
	i := strings.Index(line, "whsec_")
	if i < 0 {
		t.Fatalf("listen printed no secret: %q", line)
	}
	l.mu.Lock()
	l.secret = strings.Fields(line[i:])[0]
	l.mu.Unlock()
	// Listening is no request of the merchant's integration: it pins no
	// version on the account (stripe-go would send its own).
	conn := sqlx.MustConnect("postgres", vars["DATABASE_URL"])
	defer conn.Close()
	var pinned *string
	if err := conn.Get(&pinned, `SELECT api_version FROM accounts`); err != nil || pinned != nil {
		t.Errorf("after listen started, the account's api_version = %v (%v), want none", pinned, err)
	}

	l.sc = stripe.NewClient(l.key, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL: stripe.String("http://" + addr), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}})))
	return l
}

func TestListenForwardsSignedEvents(t *testing.T) {
	t.Parallel()
	l := startListening(t)
	if _, err := l.sc.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("ada@example.com")}); err != nil {
		t.Fatal(err)
	}
	poll(t, "an event forwarded", 20*time.Second, func() bool { return len(l.received()) > 0 })
	got := l.received()[0]
	if !strings.HasPrefix(got, "customer.created evt_") {
		t.Fatalf("receiver got %q", got)
	}
	id := strings.Fields(got)[1]
	poll(t, "listen's answer line", 20*time.Second, func() bool {
		return strings.Contains(l.out.String(), "<-- [200] POST "+l.receiver+" ["+id+"]")
	})
	if !strings.Contains(l.out.String(), "--> customer.created ["+id+"]") {
		t.Errorf("listen output:\n%s", l.out.String())
	}
	if listenSecret(l.key, l.receiver) != l.secret {
		t.Error("the signing secret is not stable for the account and target")
	}
}

// TestListenForwardsEachEventOnceOldestFirst creates a customer, waits for
// its event (listen then follows from a cursor), pays a session (several
// events at once) and creates another customer: once that last event has
// arrived, every poll before it has been forwarded, so the receiver must
// have had each event exactly once, in the order the API lists them
// (oldest first).
func TestListenForwardsEachEventOnceOldestFirst(t *testing.T) {
	t.Parallel()
	l := startListening(t)
	if _, err := l.sc.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("ada@example.com")}); err != nil {
		t.Fatal(err)
	}
	poll(t, "the first event forwarded", 20*time.Second, func() bool { return len(l.received()) > 0 })
	s, err := l.sc.V1CheckoutSessions.Create(bg, &stripe.CheckoutSessionCreateParams{
		Mode: stripe.String("payment"), SuccessURL: stripe.String("https://example.com/ok"),
		LineItems: []*stripe.CheckoutSessionCreateLineItemParams{{Quantity: stripe.Int64(1),
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{Currency: stripe.String("usd"), UnitAmount: stripe.Int64(1999),
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String("T-shirt")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := pay(s.URL); err != nil {
		t.Fatal(err)
	}
	last, err := l.sc.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("grace@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for e, err := range l.sc.V1Events.List(bg, &stripe.EventListParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, string(e.Type)+" "+e.ID)
	}
	slices.Reverse(want) // the API lists newest first
	if len(want) < 5 || !strings.HasPrefix(want[len(want)-1], "customer.created ") {
		t.Fatalf("events = %q, want the payment's and then %s's customer.created", want, last.ID)
	}
	marker := want[len(want)-1]
	poll(t, "the last event forwarded", 20*time.Second, func() bool { return slices.Contains(l.received(), marker) })
	got := l.received()
	counts := map[string]int{}
	for _, g := range got {
		counts[g]++
	}
	for _, w := range want {
		if counts[w] != 1 {
			t.Errorf("%s delivered %d times, want once", w, counts[w])
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("deliveries, in order:\n%s\nwant oldest first:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

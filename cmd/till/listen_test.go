package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
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

func TestListenForwardsSignedEvents(t *testing.T) {
	t.Parallel()
	dsn := dbtest.New(t)
	addr := freeAddr(t)
	vars := map[string]string{"DATABASE_URL": dsn, "TILL_DATA_DIR": t.TempDir(), "TILL_ADDR": addr, "TILL_PUBLIC_URL": "http://" + addr}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, err := runCmd(t, ctx, vars, "accounts", "create", "--name", "Shop", "--json")
	if err != nil {
		t.Fatal(err, out)
	}
	key := out[strings.Index(out, "sk_test_") : strings.Index(out, "sk_test_")+40]
	go run(ctx, []string{"serve"}, env(vars), io.Discard, io.Discard)
	waitFor(t, "http://"+addr+"/healthz")

	received := make(chan string, 10)
	var secret string
	var secretMu sync.Mutex
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		secretMu.Lock()
		s := secret
		secretMu.Unlock()
		e, err := webhook.ConstructEvent(body, r.Header.Get("Stripe-Signature"), s)
		if err != nil {
			received <- "invalid: " + err.Error()
			return
		}
		received <- string(e.Type) + " " + e.ID
	}))
	defer receiver.Close()

	var listenOut syncBuffer
	go run(ctx, []string{"listen", "--forward-to", receiver.URL, "--api-key", key, "--interval", "100ms"}, env(vars), &listenOut, io.Discard)
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(listenOut.String(), "Ready!") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	line := listenOut.String()
	i := strings.Index(line, "whsec_")
	if i < 0 {
		t.Fatalf("listen printed no secret: %q", line)
	}
	secretMu.Lock()
	secret = strings.Fields(line[i:])[0]
	secretMu.Unlock()
	// Listening is no request of the merchant's integration: it pins no
	// version on the account (stripe-go would send its own).
	conn := sqlx.MustConnect("postgres", dsn)
	defer conn.Close()
	var pinned *string
	if err := conn.Get(&pinned, `SELECT api_version FROM accounts`); err != nil || pinned != nil {
		t.Errorf("after listen started, the account's api_version = %v (%v), want none", pinned, err)
	}

	sc := stripe.NewClient(key, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL: stripe.String("http://" + addr), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}})))
	cust, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Email: stripe.String("ada@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-received:
		if !strings.HasPrefix(got, "customer.created evt_") {
			t.Fatalf("receiver got %q", got)
		}
		id := strings.Fields(got)[1]
		for !strings.Contains(listenOut.String(), "<-- [200] POST "+receiver.URL+" ["+id+"]") && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if !strings.Contains(listenOut.String(), "--> customer.created ["+id+"]") ||
			!strings.Contains(listenOut.String(), "<-- [200] POST "+receiver.URL+" ["+id+"]") {
			t.Errorf("listen output:\n%s", listenOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("no event forwarded for %s; listen said:\n%s", cust.ID, listenOut.String())
	}
	if listenSecret(key, receiver.URL) != secret {
		t.Error("the signing secret is not stable for the account and target")
	}
}

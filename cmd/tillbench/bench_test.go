package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"till/db"
	"till/db/dbtest"
	"till/web"
)

// benchDatabase is a fresh database for a test, its URL, a connection to
// it and a store on that connection, as the bench has them.
func benchDatabase(t *testing.T) (string, *sqlx.DB, *db.Store) {
	dbURL := dbtest.New(t)
	conn, err := db.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	store, err := db.NewStore(conn, dbtest.Keys(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	return dbURL, conn, store
}

// short is a load of two connections for a fraction of a second.
var short = settings{connections: 2, duration: 300 * time.Millisecond}

// TestShopperPathOnTill runs a round's creates, page views and payments,
// as the bench sends them, against Till on a fresh database: every request
// gets its expected answer and a paid session is complete. It is what
// breaks first when the checkout form changes under the bench. A floor
// round follows on the rows they wrote: its scripts run under pgbench, as
// they break when the schema or the page's read changes.
func TestShopperPathOnTill(t *testing.T) {
	dbURL, conn, store := benchDatabase(t)
	acct, err := store.CreateAccount(context.Background(), "Bench")
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	app := web.New(web.Config{PublicURL: base}, store, slog.New(slog.NewTextHandler(io.Discard, nil)), web.NewMetrics())
	go app.Listener(web.Lingering(ln))
	t.Cleanup(func() { app.ShutdownWithTimeout(5 * time.Second) })
	b := bench{cfg: short, till: ln.Addr().String(), key: acct.SecretKey, conn: conn, dbURL: dbURL}

	sessions := newCreates(base+"/v1/checkout/sessions", b.key, short.connections)
	if _, err := b.measure("creates", b.till, sessions.exchange); err != nil {
		t.Fatal(err)
	}
	urls := sessions.all()
	if len(urls) == 0 || !strings.HasPrefix(urls[0], base+"/c/pay/cs_test_") {
		t.Fatalf("got session urls %.3q, want Till's pages", urls)
	}
	form, err := fetchPayForm(urls[0])
	if err != nil {
		t.Fatal(err)
	}
	views := newPageViews(urls, form, short.connections)
	if _, err := b.measure("page views", b.till, views.exchange); err != nil {
		t.Fatal(err)
	}
	pay, n := newPayments(urls, views.hidden, form)
	if n == 0 {
		t.Fatal("no form token read from the page views")
	}
	if _, err := b.measure("payments", b.till, pay); err != nil {
		t.Fatal(err)
	}

	id := urls[0][strings.LastIndex(urls[0], "/")+1:]
	req, _ := http.NewRequest(http.MethodGet, base+"/v1/checkout/sessions/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+b.key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct {
		Status        string `json:"status"`
		PaymentStatus string `json:"payment_status"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatal(err)
	}
	if s.Status != "complete" || s.PaymentStatus != "paid" {
		t.Errorf("first session: got %s/%s, want complete/paid", s.Status, s.PaymentStatus)
	}

	// A floor that wrote nothing would be fast: its payments' rows count.
	written := func() (n [3]int) {
		for i, table := range []string{"payment_intents", "charges", "events"} {
			if err := conn.Get(&n[i], "SELECT count(*) FROM "+table); err != nil {
				t.Fatal(err)
			}
		}
		return n
	}
	before := written()
	b.cfg = settings{connections: 2, duration: time.Second, rounds: 1}
	floors, err := b.floors(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f := floors[0]
	if f.pgbench <= 0 || f.pageRead <= 0 || f.leastRead <= 0 || f.paymentWrites <= 0 || f.paymentWritesBatched <= 0 {
		t.Errorf("floor round: got %+v, want a rate of each", f)
	}
	after, payments := written(), int(f.paymentWrites+f.paymentWritesBatched) // over a second each
	if got := [3]int{after[0] - before[0], after[1] - before[1], after[2] - before[2]}; got[0] < payments/2 || got[1] != got[0] || got[2] != 4*got[0] {
		t.Errorf("the floors wrote %v intents, charges and events for about %d payments: want one intent and charge and four events a payment", got, payments)
	}
}

// TestCreatesOnStripeMock sends the bench's create request to a stripe-mock
// the bench starts, when one is installed (the bench installs it; a test
// does not).
func TestCreatesOnStripeMock(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, found, err := findStripeMock(ctx); err != nil || !found {
		t.Skipf("stripe-mock is not installed (%v): make bench installs it", err)
	}
	mock, err := startStripeMock(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer mock.stop()
	creates := newCreates("http://"+mock.addr+"/v1/checkout/sessions", "sk_test_bench", short.connections)
	res := load(short, mock.addr, creates.exchange)
	if err := res.check("stripe-mock creates"); err != nil || res.requests == 0 {
		t.Fatalf("got %d requests, %v", res.requests, err)
	}
}

package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"till"
	"till/db"
	"till/db/dbtest"
	"till/web"
)

// poolSize is db.Connect's pool of connections.
const poolSize = 20

// crowdedStore holds each create of a product, inside its request's
// transaction, until poolSize of them are: every connection of the pool is
// then held by a transaction, and a request that wanted a second connection
// would wait forever.
type crowdedStore struct {
	*db.Store
	mu      sync.Mutex
	arrived int
	full    chan struct{}
}

func (s *crowdedStore) crowd() {
	s.mu.Lock()
	if s.arrived++; s.arrived == poolSize {
		close(s.full)
	}
	s.mu.Unlock()
	select {
	case <-s.full:
	case <-time.After(5 * time.Second):
	}
}

func (s *crowdedStore) CreateProduct(ctx context.Context, p *till.Product) error {
	s.crowd()
	return s.Store.CreateProduct(ctx, p)
}

// TestKeyedPostsOnePoolConnection: 40 concurrent keyed POSTs, each under
// its idempotency transaction, on a pool of 20 connections all answer 200
// in bounded time, even with all 20 connections held by transactions at
// once: each request does all its work on its transaction's connection.
func TestKeyedPostsOnePoolConnection(t *testing.T) {
	srv, _ := newTestServerWith(t, web.Config{RequestTimeout: 10 * time.Second}, func(s *db.Store) web.Store {
		return &crowdedStore{Store: s, full: make(chan struct{})}
	})
	acct := srv.newAccount(t)
	const n = 2 * poolSize // half of them products
	statuses := make([]int, n)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		wg.Go(func() {
			path, body := "/v1/products", form("name", fmt.Sprintf("Product %d", i))
			if i%2 == 1 {
				path, body = "/v1/customers", form("email", fmt.Sprintf("c%d@example.com", i))
			}
			statuses[i] = srv.do(t, "POST", path, acct.SecretKey, body, "Idempotency-Key", fmt.Sprintf("pool-%d", i)).Status
		})
	}
	wg.Wait()
	for i, status := range statuses {
		if status != 200 {
			t.Errorf("POST %d = %d, want 200", i, status)
		}
	}
	if d := time.Since(start); d > 8*time.Second {
		t.Errorf("%d keyed POSTs took %s: requests waited for pool connections", n, d)
	}
}

// dbProxy forwards TCP connections to the test PostgreSQL until it is cut,
// when it closes every connection and refuses new ones: a database outage
// for one test's server, with the shared server untouched.
type dbProxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newDBProxy(t *testing.T, target string) *dbProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dbProxy{ln: ln}
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", target)
			if err != nil {
				client.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, client, server)
			p.mu.Unlock()
			go func() { io.Copy(server, client); server.Close() }()
			go func() { io.Copy(client, server); client.Close() }()
		}
	}()
	t.Cleanup(p.cut)
	return p
}

// cut closes the listener and every forwarded connection.
func (p *dbProxy) cut() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestDatabaseOutage: with the database out of reach under a running
// server, the API answers 503 with Stripe's api_error and a page answers
// the 503 page, fast; each 5xx is logged once with its request id.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	dsn := dbtest.New(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newDBProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	conn, err := db.Connect(bg, u.String())
	if err != nil {
		t.Fatal(err)
	}
	store, err := db.NewStore(conn, dbtest.Keys(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	base := "http://" + ln.Addr().String()
	app := web.New(web.Config{PublicURL: base, RequestTimeout: 5 * time.Second}, store, slog.New(slog.NewTextHandler(logs, nil)), web.NewMetrics())
	go app.Listener(ln)
	t.Cleanup(func() { app.ShutdownWithTimeout(5 * time.Second) })
	srv := &testServer{URL: base, Store: store}
	acct := srv.newAccount(t)
	sess, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession())
	if err != nil {
		t.Fatal(err)
	}

	proxy.cut()
	start := time.Now()
	api := srv.do(t, "GET", "/v1/checkout/sessions/"+sess.ID, acct.SecretKey, "")
	if e := decodeErr(t, api); api.Status != 503 || e.Type != "api_error" {
		t.Errorf("API during the outage = %d %s, want 503 api_error", api.Status, api.Body)
	}
	page := srv.do(t, "GET", "/c/pay/"+sess.ID, "", "", "Accept-Language", "de")
	if page.Status != 503 || !strings.Contains(page.Body, `data-testid="result-unavailable"`) || !strings.Contains(page.Body, "nicht erreichbar") {
		t.Errorf("page during the outage = %d, want the 503 page in German:\n%s", page.Status, page.Body)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("answers during the outage took %s, want them fast", d)
	}
	for _, res := range []response{api, page} {
		id := res.Header.Get("Request-Id")
		if n := strings.Count(logs.String(), "msg=\"server error\" request_id="+id); n != 1 {
			t.Errorf("request %s: %d server error lines, want 1:\n%s", id, n, logs.String())
		}
	}
}

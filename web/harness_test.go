package web_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stripe/stripe-go/v82"

	"till/db"
	"till/db/dbtest"
	"till/web"
)

// testServer is Till serving on a loopback port with a fresh database.
type testServer struct {
	URL   string
	Store *db.Store
}

// account is a merchant account of a test server.
type account struct {
	ID, SecretKey, PublishableKey string
	Stripe                        *stripe.Client
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	srv, _ := newTestServerWith(t, web.Config{}, func(s *db.Store) web.Store { return s })
	return srv
}

// newTestServerWith is newTestServer with the test's server config and
// store (wrapping the test database's), and the server's log kept.
func newTestServerWith(t *testing.T, cfg web.Config, wrap func(*db.Store) web.Store) (*testServer, *lockedBuffer) {
	t.Helper()
	t.Parallel()
	store := dbtest.NewStore(t, time.Now)
	logs := &lockedBuffer{}
	return &testServer{URL: serve(t, cfg, wrap(store), logs), Store: store}, logs
}

// storeOn is a store on conn, closed when the test ends.
func storeOn(t *testing.T, conn *sqlx.DB) *db.Store {
	t.Helper()
	store, err := db.NewStore(conn, dbtest.Keys(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// connect opens a pool to dsn as Till does, for storeOn.
func connect(t *testing.T, dsn string) *sqlx.DB {
	t.Helper()
	conn, err := db.Connect(bg, dsn)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// serve runs Till with cfg (its PublicURL set to the port's) on store, on a
// loopback port until the test ends, logging to logs (nil: nowhere), and
// returns its base URL.
func serve(t *testing.T, cfg web.Config, store web.Store, logs io.Writer) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if logs == nil {
		logs = io.Discard
	}
	cfg.PublicURL = "http://" + ln.Addr().String()
	app := web.New(cfg, store, slog.New(slog.NewTextHandler(logs, nil)), web.NewMetrics())
	go app.Listener(web.Lingering(ln))
	t.Cleanup(func() { app.ShutdownWithTimeout(5 * time.Second) })
	return cfg.PublicURL
}

// newAccount creates an account and a stripe-go client for it that talks to
// the test server, with retries off so each call is one request.
func (s *testServer) newAccount(t *testing.T) *account {
	t.Helper()
	na, err := s.Store.CreateAccount(context.Background(), "Shop")
	if err != nil {
		t.Fatal(err)
	}
	backends := stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL:               stripe.String(s.URL),
		MaxNetworkRetries: stripe.Int64(0),
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
	})
	return &account{ID: na.Account.ID, SecretKey: na.SecretKey, PublishableKey: na.PublishableKey,
		Stripe: stripe.NewClient(na.SecretKey, stripe.WithBackends(backends))}
}

// response is a raw HTTP answer, for what the SDK hides (headers, bytes).
type response struct {
	Status int
	Header http.Header
	Body   string
}

// do sends a raw request with the key as a Bearer token.
func (s *testServer) do(t *testing.T, method, path, key string, body string, headers ...string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

// form builds a body from key/value pairs, keeping their order.
func form(kv ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(kv[i]) + "=" + url.QueryEscape(kv[i+1]))
	}
	return b.String()
}

// basicSession is the parameters of a simple hosted session.
func basicSession() *stripe.CheckoutSessionCreateParams {
	return &stripe.CheckoutSessionCreateParams{
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://shop.example/success?session_id={CHECKOUT_SESSION_ID}"),
		CancelURL:  stripe.String("https://shop.example/cart"),
		LineItems: []*stripe.CheckoutSessionCreateLineItemParams{{
			Quantity: stripe.Int64(2),
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{
				Currency:   stripe.String("usd"),
				UnitAmount: stripe.Int64(1999),
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{
					Name: stripe.String("T-shirt"),
				},
			},
		}},
	}
}

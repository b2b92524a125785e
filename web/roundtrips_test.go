package web_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"till/db"
	"till/db/dbtest"
	"till/web"
)

// The shopper's path in few round trips: the page is one, a payment (a
// success or a decline, with the form shown again) three. Counted at the
// driver, where each statement executed, BEGIN, COMMIT and ROLLBACK is one
// round trip to PostgreSQL.
func TestShopperRoundTrips(t *testing.T) {
	t.Parallel()
	var trips atomic.Int64
	connector, err := pq.NewConnector(dbtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	conn := sqlx.NewDb(sql.OpenDB(countingConnector{connector, &trips}), "postgres")
	store, err := db.NewStore(conn, dbtest.Keys(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	app := web.New(web.Config{PublicURL: base}, store, slog.New(slog.NewTextHandler(io.Discard, nil)), web.NewMetrics())
	go app.Listener(ln)
	t.Cleanup(func() { app.ShutdownWithTimeout(5 * time.Second) })
	srv := &testServer{URL: base, Store: store}
	acct := srv.newAccount(t)
	ids := createSessions(t, acct, 2)

	counted := func(what string, want int64, call func() response, status int) {
		t.Helper()
		before := trips.Load()
		if r := call(); r.Status != status {
			t.Fatalf("%s: status %d, want %d", what, r.Status, status)
		}
		if got := trips.Load() - before; got != want {
			t.Errorf("%s: %d round trips, want %d", what, got, want)
		}
	}
	var token string
	counted("GET /c/pay/{id}", 1, func() response {
		r := srv.do(t, "GET", "/c/pay/"+ids[0], "", "")
		token = csrfPattern.FindStringSubmatch(r.Body)[1]
		return r
	}, http.StatusOK)
	counted("a declined payment", 3, func() response { return submitCard(t, srv, ids[0], token, declinedCard, "") }, http.StatusPaymentRequired)
	counted("a successful payment after a decline", 3, func() response { return submitCard(t, srv, ids[0], token, goodCard, "") }, http.StatusSeeOther)
	second := formToken(t, srv, ids[1])
	counted("a first, successful payment", 3, func() response { return submitCard(t, srv, ids[1], second, goodCard, "") }, http.StatusSeeOther)
}

// countingConnector counts the round trips of its connections.
type countingConnector struct {
	driver.Connector
	trips *atomic.Int64
}

func (c countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &countingConn{conn, c.trips}, nil
}

// countingConn forwards to lib/pq's connection, counting what reaches the
// server; preparing happens once a connection and is not counted.
type countingConn struct {
	driver.Conn
	trips *atomic.Int64
}

func (c *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return &countingStmt{st, c.trips}, nil
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	c.trips.Add(1)
	tx, err := c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return countingTx{tx, c.trips}, nil
}

func (c *countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.trips.Add(1)
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
}

func (c *countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.trips.Add(1)
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *countingConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

type countingStmt struct {
	driver.Stmt
	trips *atomic.Int64
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.trips.Add(1)
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.trips.Add(1)
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
}

type countingTx struct {
	driver.Tx
	trips *atomic.Int64
}

func (t countingTx) Commit() error   { t.trips.Add(1); return t.Tx.Commit() }
func (t countingTx) Rollback() error { t.trips.Add(1); return t.Tx.Rollback() }

package web_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"till/db/dbtest"
	"till/web"
)

// The shopper's path in few round trips: the page is one, a payment (a
// success or a decline, with the form shown again) three. Counted at the
// driver, where each statement executed, BEGIN, COMMIT and ROLLBACK is one
// round trip to PostgreSQL. The merchant's account and sessions are made
// through a second server on the same database, so that the request log's
// writes of those API calls, which happen after their answers, are not
// counted as the shopper's.
func TestShopperRoundTrips(t *testing.T) {
	t.Parallel()
	var trips atomic.Int64
	dsn := dbtest.New(t)
	connector, err := pq.NewConnector(dsn)
	if err != nil {
		t.Fatal(err)
	}
	conn := sqlx.NewDb(sql.OpenDB(countingConnector{connector, &trips}), "postgres")
	store := storeOn(t, conn)
	srv := &testServer{URL: serve(t, web.Config{}, store, nil), Store: store}
	merchant := storeOn(t, connect(t, dsn))
	acct := (&testServer{URL: serve(t, web.Config{}, merchant, nil), Store: merchant}).newAccount(t)
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

package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"till"
)

// Store is Till's PostgreSQL storage. It is safe for concurrent use; several
// processes may share one database.
type Store struct {
	conn *sqlx.DB
	q    queries
	// now is the clock; tests replace it to move time.
	now func() time.Time
	// keys derive client secrets (HMAC), so none is ever stored, and sign
	// form tokens; sealer encrypts webhook signing secrets with them.
	keys   Keys
	sealer sealer
	// apiKeys caches API key lookups.
	apiKeys keyCache
	// sessions batches concurrent session creates (session_batch.go),
	// payments the records of concurrent payments (payment_batch.go).
	sessions *batcher[*sessionCreate, sessionCreated]
	payments *batcher[*paymentRecord, bool]
}

// NewStore prepares every named query; keys are the instance's keys, which
// the database never holds. The schema must be current.
func NewStore(conn *sqlx.DB, keys Keys, now func() time.Time) (*Store, error) {
	if err := keys.check(); err != nil {
		return nil, err
	}
	sl, err := newSealer(keys)
	if err != nil {
		return nil, err
	}
	s := &Store{conn: conn, now: now, keys: keys, sealer: sl}
	if err := prepareQueries(conn, &s.q); err != nil {
		return nil, err
	}
	s.sessions, s.payments = s.newSessionBatcher(), s.newPaymentBatcher()
	return s, nil
}

// Now returns the store's clock reading in unix seconds.
func (s *Store) Now() int64 { return s.now().Unix() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.conn.PingContext(ctx) }

// Close releases the prepared statements and the pool.
func (s *Store) Close() error { return s.conn.Close() }

type txKey struct{}

// inTx runs fn in the request's transaction when the context carries one
// (an idempotent request, whose record must commit with its work), and in a
// transaction of its own otherwise.
func (s *Store) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	if tx, ok := ctx.Value(txKey{}).(*Tx); ok {
		return fn(tx)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return translate(tx.Commit())
}

// stmt returns st bound to the request's transaction when the context
// carries one, else st itself. Every read and single-statement write goes
// through it, so that an idempotent request runs all its work on the one
// connection its transaction holds: a second connection taken from the pool
// while the first is held would let 20 such requests exhaust a pool of 20,
// each waiting for a connection the others hold.
func (s *Store) stmt(ctx context.Context, st *sqlx.Stmt) *sqlx.Stmt {
	if tx, ok := ctx.Value(txKey{}).(*Tx); ok {
		return tx.stmt(st)
	}
	return st
}

// named is stmt for a named statement.
func (s *Store) named(ctx context.Context, st *sqlx.NamedStmt) *sqlx.NamedStmt {
	if tx, ok := ctx.Value(txKey{}).(*Tx); ok {
		return tx.named(st)
	}
	return st
}

func (s *Store) begin(ctx context.Context) (*Tx, error) {
	tx, err := s.conn.BeginTxx(ctx, nil)
	if err != nil {
		return nil, translate(err)
	}
	return &Tx{Tx: tx, ctx: ctx}, nil
}

// Tx is a transaction that binds the store's prepared statements to itself.
type Tx struct {
	*sqlx.Tx
	ctx context.Context
}

func (tx *Tx) stmt(s *sqlx.Stmt) *sqlx.Stmt { return tx.StmtxContext(tx.ctx, s) }

func (tx *Tx) named(s *sqlx.NamedStmt) *sqlx.NamedStmt { return tx.NamedStmtContext(tx.ctx, s) }

// translate turns driver errors into till errors where one fits, so that
// no database condition a client can retry through surfaces as a 500:
//
//   - a unique violation is a conflict (409): another request made the same
//     object first, and the retry gets the winner's answer;
//   - a lock timeout, a serialization failure or a deadlock is a conflict
//     with Stripe's code lock_timeout (which the API answers 429, as Stripe
//     does), the object being busy;
//   - a refused, broken or lost connection, a server shutting down or a
//     connect that ran out of time is "unavailable" (503).
//
// Anything else stays internal.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch {
		case pqErr.Code == "23505": // unique_violation
			return &till.Error{Kind: till.KindConflict, Message: "This object was changed by another request at the same time; try again."}
		case pqErr.Code == "55P03" || pqErr.Code.Class() == "40": // lock_not_available; serialization failure, deadlock
			return &till.Error{Kind: till.KindConflict, Code: till.CodeLockTimeout, Message: "This object cannot be accessed right now because another API request is accessing it. Try again."}
		case pqErr.Code.Class() == "08", pqErr.Code.Class() == "57": // connection exception, operator intervention
			return unavailable(err)
		}
	}
	if connectionLost(err) {
		return unavailable(err)
	}
	return fmt.Errorf("db: %w", err)
}

// unavailable is the error of a database out of reach; it wraps the
// driver's error too, for the one log line of the 503.
func unavailable(cause error) error {
	return fmt.Errorf("db: %w: %w", &till.Error{Kind: till.KindUnavailable, Message: "The database is unavailable; try again shortly."}, cause)
}

// connectionLost reports whether err means the database could not be
// reached or the connection to it broke: what a restart, a network fault or
// a terminated backend look like from the driver's side.
func connectionLost(err error) bool {
	var opErr *net.OpError
	return errors.Is(err, sql.ErrConnDone) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.As(err, &opErr) || errors.Is(err, context.DeadlineExceeded)
}

// notFound maps sql.ErrNoRows to the Stripe not-found error for an object.
func notFound(err error, objectType, id, param string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return till.NotFound(objectType, id, param)
	}
	return translate(err)
}

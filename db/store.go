package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
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
	// secretKey derives client secrets (HMAC), so none is ever stored.
	secretKey []byte
	keys      keyCache
	// sessions batches concurrent session creates (session_batch.go).
	sessions sessionBatcher
}

// NewStore prepares every named query and loads the installation's secret
// key, creating it on first use. The schema must be current.
func NewStore(ctx context.Context, conn *sqlx.DB, now func() time.Time) (*Store, error) {
	s := &Store{conn: conn, now: now}
	if err := prepareQueries(conn, &s.q); err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	rand.Read(key)
	if err := s.q.EnsureInstanceKey.GetContext(ctx, &s.secretKey, "client_secret", key); err != nil {
		return nil, fmt.Errorf("db: instance key: %w", err)
	}
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

// translate turns driver errors into till errors where one fits: a lost
// connection or a cancelled statement becomes "unavailable" so that the
// client may retry, anything else stays internal.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code.Class() {
		case "08", "57": // connection exception, operator intervention
			return &till.Error{Kind: till.KindUnavailable, Message: "The database is unavailable; try again shortly."}
		case "40": // serialization failure, deadlock
			return &till.Error{Kind: till.KindConflict, Code: "lock_timeout", Message: "This object is being changed by another request; try again."}
		}
	}
	if errors.Is(err, sql.ErrConnDone) {
		return &till.Error{Kind: till.KindUnavailable, Message: "The database is unavailable; try again shortly."}
	}
	return fmt.Errorf("db: %w", err)
}

// notFound maps sql.ErrNoRows to the Stripe not-found error for an object.
func notFound(err error, objectType, id, param string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return till.NotFound(objectType, id, param)
	}
	return translate(err)
}

package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"till"
)

// IdempotentTx is the transaction an idempotent request runs in, the
// store's till.IdempotentTx.
type IdempotentTx struct {
	store *Store
	tx    *Tx
	req   till.IdempotencyRequest
}

// lockName names the advisory lock of a key: per account, mode and key.
func lockName(r till.IdempotencyRequest) string {
	return fmt.Sprintf("%s/%t/%s", r.AccountID, r.Livemode, r.Key)
}

// idempotencyRecordRow is a record as create-sessions takes it.
type idempotencyRecordRow struct {
	AccountID      string    `json:"account_id"`
	Livemode       bool      `json:"livemode"`
	Key            string    `json:"key"`
	Method         string    `json:"method"`
	Path           string    `json:"path"`
	Fingerprint    string    `json:"fingerprint"`
	RequestID      string    `json:"request_id"`
	ResponseStatus int       `json:"response_status"`
	CreatedAt      time.Time `json:"created_at"`
}

func errKeyInUse(key string) error {
	return &till.Error{Kind: till.KindConflict, Code: till.CodeIdempotencyKeyInUse,
		Message: fmt.Sprintf("There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): %s. Please try again later.", key)}
}

// BeginIdempotent claims an Idempotency-Key. It returns the stored response
// when the key was used before with the same request, an idempotency error
// when it was used with another, a 409 while another request holds it
// (unless req.Wait, when it waits for that request and then answers as
// after it), and
// otherwise an open IdempotentTx for the request to run in.
func (s *Store) BeginIdempotent(ctx context.Context, req till.IdempotencyRequest) (till.IdempotentTx, *till.StoredResponse, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	var locked bool
	lock := s.q.TryIdempotencyLock
	if req.Wait {
		lock = s.q.WaitIdempotencyLock
	}
	if err := tx.stmt(lock).GetContext(ctx, &locked, lockName(req)); err != nil {
		tx.Rollback()
		return nil, nil, translate(err)
	}
	if !locked {
		tx.Rollback()
		return nil, nil, errKeyInUse(req.Key)
	}
	stored, err := s.findIdempotentResponse(ctx, req, tx)
	if err == nil && stored == nil {
		return &IdempotentTx{store: s, tx: tx, req: req}, nil, nil
	}
	tx.Rollback()
	return nil, stored, err
}

// findIdempotentResponse returns the response recorded for the key of req,
// nil when none is, or the idempotency error when the key was first used
// for another endpoint or other parameters. With a transaction it reads in
// it (under the key's lock).
func (s *Store) findIdempotentResponse(ctx context.Context, req till.IdempotencyRequest, in ...*Tx) (*till.StoredResponse, error) {
	stmt := s.q.FindIdempotencyRecord
	if len(in) > 0 {
		stmt = in[0].stmt(stmt)
	}
	var method, path, fingerprint string
	var stored till.StoredResponse
	err := stmt.QueryRowxContext(ctx, req.AccountID, req.Livemode, req.Key).
		Scan(&method, &path, &fingerprint, &stored.RequestID, &stored.Status, &stored.Body)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, translate(err)
	}
	if method != req.Method || path != req.Path {
		return nil, &till.Error{Kind: till.KindIdempotency, Message: fmt.Sprintf(
			"Keys for idempotent requests can only be used for the same endpoint they were first used for ('%s' vs '%s'). Try using a key other than '%s' if you meant to execute a different request.",
			path, req.Path, req.Key)}
	}
	if fingerprint != req.Fingerprint {
		return nil, &till.Error{Kind: till.KindIdempotency, Message: fmt.Sprintf(
			"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '%s' if you meant to execute a different request.", req.Key)}
	}
	stored.Body = s.restoreSecrets(stored.Body)
	return &stored, nil
}

// Context returns ctx carrying the transaction, so store calls made with it
// join the transaction instead of opening their own.
func (t *IdempotentTx) Context(ctx context.Context) context.Context {
	return context.WithValue(ctx, txKey{}, t.tx)
}

// Commit records the response and commits the request's work with it. Any
// client secret in the body is stored as a placeholder and restored on replay.
func (t *IdempotentTx) Commit(status int, body []byte) error {
	r := t.req
	_, err := t.tx.stmt(t.store.q.CreateIdempotencyRecord).ExecContext(t.tx.ctx, r.AccountID, r.Livemode, r.Key,
		r.Method, r.Path, r.Fingerprint, r.RequestID, status, t.store.redactSecrets(body), t.store.now())
	if err != nil {
		t.tx.Rollback()
		return translate(err)
	}
	return translate(t.tx.Commit())
}

// Rollback abandons the request's work; nothing is recorded for the key, so
// a retry runs afresh.
func (t *IdempotentTx) Rollback() { t.tx.Rollback() }

// PruneIdempotencyRecords deletes records older than maxAge (at least 24 h
// in production, as Stripe promises) and returns how many went.
func (s *Store) PruneIdempotencyRecords(ctx context.Context, maxAge time.Duration) (int64, error) {
	res, err := s.q.PruneIdempotencyRecords.ExecContext(ctx, s.now().Add(-maxAge))
	if err != nil {
		return 0, translate(err)
	}
	return res.RowsAffected()
}

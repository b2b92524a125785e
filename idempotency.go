package till

import "context"

// IdempotencyRequest identifies a POST that carried an Idempotency-Key.
type IdempotencyRequest struct {
	AccountID   string
	Livemode    bool
	Key         string
	Method      string
	Path        string
	Fingerprint string
	RequestID   string
	// Wait makes a request whose key another request holds wait for that
	// one to finish and get its answer, where an API client gets Stripe's
	// 409: a dashboard form submitted twice (a double click) must show the
	// first submission's outcome, the browser showing only the last answer.
	Wait bool
}

// StoredResponse is the first response to a key, replayed to retries.
type StoredResponse struct {
	Status    int
	Body      []byte
	RequestID string
}

// IdempotentTx is the unit of work an idempotent request runs in: the work
// of the request and the record of its response commit together or not at
// all, so a crash can never leave work done without its record, nor a
// record without its work. It is declared here, not by the web layer that
// uses it, because storage must return this very type for its store to
// satisfy the web layer's interface (Go has no covariant results).
type IdempotentTx interface {
	// Context returns ctx carrying the transaction, so store calls made
	// with it join the transaction instead of opening their own.
	Context(ctx context.Context) context.Context
	// Commit records the response and commits the request's work with it.
	Commit(status int, body []byte) error
	// Rollback abandons the request's work; nothing is recorded for the
	// key, so a retry runs afresh.
	Rollback()
}

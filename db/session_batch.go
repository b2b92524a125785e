package db

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Session creates are the API's hot path: the creates that arrive together
// are written in one statement (create-sessions) and one commit (batch.go).
// Two writers served creates best (measured alone, as ratios to the
// baseline: one 0.40, two 0.36 to 0.57, three 0.41, four 0.37).
const (
	maxSessionWriters   = 2
	maxSessionBatch     = 64
	sessionBatchTimeout = 30 * time.Second
)

// sessionCreate is one create waiting for its batch: its rows as JSON for
// jsonb_populate_record, and for a request with an Idempotency-Key, the
// key's lock name, its record and the response body to store.
type sessionCreate struct {
	lock                                                  *string
	record                                                json.RawMessage
	session, products, prices, items, shippingRates, body []byte
}

// sessionCreated is what the database made of one create: whether it got
// its key's lock, and whether it wrote the session (false for a key used
// before).
type sessionCreated struct {
	locked, created bool
}

// newSessionBatcher batches the store's creates; two with one
// Idempotency-Key never share a batch, where the key's lock would be
// granted twice in one transaction.
func (s *Store) newSessionBatcher() *batcher[*sessionCreate, sessionCreated] {
	return &batcher[*sessionCreate, sessionCreated]{maxWriters: maxSessionWriters, maxBatch: maxSessionBatch,
		timeout: sessionBatchTimeout, write: s.createSessions,
		key: func(c *sessionCreate) string {
			if c.lock == nil {
				return ""
			}
			return *c.lock
		}}
}

// createSessions runs create-sessions for a batch.
func (s *Store) createSessions(ctx context.Context, batch []*sessionCreate) ([]sessionCreated, error) {
	params, bodies := batchParams(batch)
	rows, err := s.q.CreateSessions.QueryContext(ctx, params, bodies)
	if err != nil {
		return nil, err
	}
	return batchResults(rows, len(batch), func(r *sessionCreated) []any { return []any{&r.locked, &r.created} })
}

// batchParams renders a batch as create-sessions' parameters: the creates
// as JSON, and their response bodies one after another. The rows are JSON
// already: json.Marshal would parse and compact each of them again.
func batchParams(batch []*sessionCreate) (creates, bodies []byte) {
	creates = []byte{'['}
	for i, c := range batch {
		if i > 0 {
			creates = append(creates, ',')
		}
		creates = fmt.Appendf(creates,
			`{"n":%d,"lock":%s,"record":%s,"body_at":%d,"body_len":%d,"session":%s,"products":%s,"prices":%s,"items":%s,"shipping_rates":%s}`,
			i, toJSON(c.lock), rawJSON(c.record), len(bodies)+1, len(c.body), c.session, c.products, c.prices, c.items,
			rawJSON(c.shippingRates))
		bodies = append(bodies, c.body...)
	}
	return append(creates, ']'), bodies
}

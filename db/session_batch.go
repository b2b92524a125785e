package db

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Session creates are the API's hot path, and each one is small: a handful
// of rows. Written one statement and one commit each, most of PostgreSQL's
// work per create is the statement's and the commit's fixed cost, not the
// rows'. So the creates that arrive while earlier ones are being written
// wait and go together, in one statement (create-sessions) and one commit:
// group commit, decided by load alone. An idle server writes each create at
// once, as it arrives; a busy one writes batches, each answered only once it
// is durable.
const (
	// maxSessionWriters bounds the batches written at once, and so the
	// database connections creates hold.
	maxSessionWriters = 2
	// maxSessionBatch bounds one statement's size.
	maxSessionBatch = 64
	// sessionBatchTimeout bounds one batch's statement. It is not tied to
	// any one request: a batch serves several.
	sessionBatchTimeout = 30 * time.Second
)

// sessionCreate is one create waiting for its batch: its rows as JSON for
// jsonb_populate_record, and for a request with an Idempotency-Key, the
// key's lock name, its record and the response body to store.
type sessionCreate struct {
	lock                                                  *string
	record                                                json.RawMessage
	session, products, prices, items, shippingRates, body []byte
	done                                                  chan sessionCreated
}

// sessionCreated is what the database made of one create: whether it got
// its key's lock, and whether it wrote the session (false for a key used
// before).
type sessionCreated struct {
	locked, created bool
	err             error
}

// errBatchShort reports a create-sessions answer missing some of its batch.
var errBatchShort = errors.New("db: create-sessions answered for fewer creates than it was given")

// sessionBatcher queues the creates waiting for a writer.
type sessionBatcher struct {
	mu      sync.Mutex
	pending []*sessionCreate
	writers int
}

// writeSession queues c and waits until a writer has written it. It waits
// even when the request's context ends: the batch may commit it, and the
// answer must then say so (an Idempotency-Key replay, or the caller's
// retry, finds it).
func (s *Store) writeSession(c *sessionCreate) sessionCreated {
	c.done = make(chan sessionCreated, 1)
	b := &s.sessions
	b.mu.Lock()
	b.pending = append(b.pending, c)
	if b.writers < maxSessionWriters {
		b.writers++
		go s.writeSessionBatches()
	}
	b.mu.Unlock()
	return <-c.done
}

// writeSessionBatches writes batches until none waits.
func (s *Store) writeSessionBatches() {
	for {
		batch := s.sessions.take()
		if len(batch) == 0 {
			return
		}
		s.writeSessionBatch(batch)
	}
}

// take removes the next batch from the queue, in arrival order, or returns
// none and retires the calling writer. A create whose Idempotency-Key is
// already in the batch waits for the next one: in one transaction the key's
// lock would be granted twice.
func (b *sessionBatcher) take() []*sessionCreate {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) == 0 {
		b.writers--
		return nil
	}
	var batch, rest []*sessionCreate
	locks := map[string]bool{}
	for _, c := range b.pending {
		switch {
		case len(batch) == maxSessionBatch:
			rest = append(rest, c)
		case c.lock != nil && locks[*c.lock]:
			rest = append(rest, c)
		default:
			if c.lock != nil {
				locks[*c.lock] = true
			}
			batch = append(batch, c)
		}
	}
	b.pending = rest
	return batch
}

// writeSessionBatch writes a batch and answers each create in it. When the
// statement fails, each create is written again alone, so that whatever
// failed it fails only its own request.
func (s *Store) writeSessionBatch(batch []*sessionCreate) {
	ctx, cancel := context.WithTimeout(context.Background(), sessionBatchTimeout)
	defer cancel()
	results, err := s.createSessions(ctx, batch)
	if err != nil && len(batch) > 1 {
		for _, c := range batch {
			s.writeSessionBatch([]*sessionCreate{c})
		}
		return
	}
	for i, c := range batch {
		if err != nil {
			c.done <- sessionCreated{err: translate(err)}
			continue
		}
		c.done <- results[i]
	}
}

// createSessions runs create-sessions for a batch.
func (s *Store) createSessions(ctx context.Context, batch []*sessionCreate) ([]sessionCreated, error) {
	params, bodies := batchParams(batch)
	rows, err := s.q.CreateSessions.QueryContext(ctx, params, bodies)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	results := make([]sessionCreated, len(batch))
	seen := 0
	for rows.Next() {
		var n int
		var r sessionCreated
		if err := rows.Scan(&n, &r.locked, &r.created); err != nil {
			return nil, err
		}
		results[n] = r
		seen++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if seen != len(batch) {
		return nil, errBatchShort
	}
	return results, nil
}

// batchParams renders a batch as create-sessions' parameters: the creates
// as JSON, and their response bodies one after another. The rows are JSON
// already: json.Marshal would parse and compact each of them again.
func batchParams(batch []*sessionCreate) (creates, bodies []byte) {
	raw := func(b []byte) []byte {
		if b == nil {
			return []byte("null")
		}
		return b
	}
	creates = []byte{'['}
	for i, c := range batch {
		if i > 0 {
			creates = append(creates, ',')
		}
		creates = fmt.Appendf(creates,
			`{"n":%d,"lock":%s,"record":%s,"body_at":%d,"body_len":%d,"session":%s,"products":%s,"prices":%s,"items":%s,"shipping_rates":%s}`,
			i, toJSON(c.lock), raw(c.record), len(bodies)+1, len(c.body), c.session, c.products, c.prices, c.items,
			raw(c.shippingRates))
		bodies = append(bodies, c.body...)
	}
	return append(creates, ']'), bodies
}

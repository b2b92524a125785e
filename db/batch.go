package db

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"
)

// The hot writes (session creates, payment records) are each small: a
// handful of rows. Written one statement and one commit each, most of
// PostgreSQL's work per write is the statement's and the commit's fixed
// cost (parsing, locking a dozen relations, starting and ending the
// executor and the transaction), not the rows'. So the writes that arrive
// while earlier ones are being written wait and go together, in one
// statement and one commit: group commit, decided by load alone. An idle
// server writes each at once, as it arrives; a busy one writes batches, each
// write answered only once its batch is durable.

// batcher queues the writes of one kind waiting for a writer. W is a write,
// R what the database made of it.
type batcher[W, R any] struct {
	// maxWriters bounds the batches written at once, and so the database
	// connections the writes hold; maxBatch bounds one statement's size.
	maxWriters, maxBatch int
	// timeout bounds one batch's statement. It is not tied to any one
	// request: a batch serves several.
	timeout time.Duration
	// key names what a write holds exclusively ("" for nothing): two writes
	// of one key never share a batch, where one statement could not tell
	// them apart (an Idempotency-Key's lock, a session's row).
	key func(W) string
	// write writes a batch in one statement and returns each write's
	// result, in the batch's order.
	write func(ctx context.Context, batch []W) ([]R, error)

	mu      sync.Mutex
	pending []*batchWrite[W, R]
	writers int
}

// batchWrite is one write waiting for its batch.
type batchWrite[W, R any] struct {
	w    W
	done chan batchResult[R]
}

type batchResult[R any] struct {
	r   R
	err error
}

func newBatchWrite[W, R any](w W) *batchWrite[W, R] {
	return &batchWrite[W, R]{w: w, done: make(chan batchResult[R], 1)}
}

// do queues w and waits until a writer has written it. It waits even when
// the request that made w has gone: the batch may commit w, and the answer
// must then say so (a retry, or an Idempotency-Key replay, finds it).
func (b *batcher[W, R]) do(w W) (R, error) {
	bw := newBatchWrite[W, R](w)
	b.mu.Lock()
	b.pending = append(b.pending, bw)
	if b.writers < b.maxWriters {
		b.writers++
		go b.writeBatches()
	}
	b.mu.Unlock()
	res := <-bw.done
	return res.r, res.err
}

// writeBatches writes batches until none waits.
func (b *batcher[W, R]) writeBatches() {
	for {
		batch := b.take()
		if len(batch) == 0 {
			return
		}
		b.writeBatch(batch)
	}
}

// take removes the next batch from the queue, in arrival order, or returns
// none and retires the calling writer. A write whose key is already in the
// batch waits for the next one.
func (b *batcher[W, R]) take() []*batchWrite[W, R] {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) == 0 {
		b.writers--
		return nil
	}
	var batch, rest []*batchWrite[W, R]
	keys := map[string]bool{}
	for _, bw := range b.pending {
		k := b.key(bw.w)
		switch {
		case len(batch) == b.maxBatch:
			rest = append(rest, bw)
		case k != "" && keys[k]:
			rest = append(rest, bw)
		default:
			if k != "" {
				keys[k] = true
			}
			batch = append(batch, bw)
		}
	}
	b.pending = rest
	return batch
}

// writeBatch writes a batch and answers each write in it. When the
// statement fails, each write is written again alone, so that whatever
// failed it fails only its own request.
func (b *batcher[W, R]) writeBatch(batch []*batchWrite[W, R]) {
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout)
	defer cancel()
	ws := make([]W, len(batch))
	for i, bw := range batch {
		ws[i] = bw.w
	}
	results, err := b.write(ctx, ws)
	if err != nil && len(batch) > 1 {
		for _, bw := range batch {
			b.writeBatch([]*batchWrite[W, R]{bw})
		}
		return
	}
	for i, bw := range batch {
		if err != nil {
			bw.done <- batchResult[R]{err: translate(err)}
			continue
		}
		bw.done <- batchResult[R]{r: results[i]}
	}
}

// errBatchShort reports a batch statement's answer missing some of its
// batch.
var errBatchShort = errors.New("db: a batch statement answered for fewer writes than it was given")

// batchResults reads a batch statement's answer, a row for each write of
// the batch: the write's position, then its result's columns (dest gives
// where they go). An answer missing a write is an error.
func batchResults[R any](rows *sql.Rows, size int, dest func(*R) []any) ([]R, error) {
	defer rows.Close()
	results := make([]R, size)
	seen := 0
	for rows.Next() {
		var n int
		var r R
		if err := rows.Scan(append([]any{&n}, dest(&r)...)...); err != nil {
			return nil, err
		}
		if n < 0 || n >= size {
			return nil, errBatchShort
		}
		results[n] = r
		seen++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if seen != size {
		return nil, errBatchShort
	}
	return results, nil
}

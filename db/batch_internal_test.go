package db

import (
	"fmt"
	"testing"
)

// TestBatchTake checks that a batch keeps the queue's order, leaves a
// write whose key it holds already for the next batch, and stays within
// its size.
func TestBatchTake(t *testing.T) {
	q := &batcher[string, bool]{maxBatch: 4, writers: 1, key: func(k string) string { return k }}
	for _, k := range []string{"a", "a", "b", ""} {
		q.pending = append(q.pending, newBatchWrite[string, bool](k))
	}
	a, a2, b, none := q.pending[0], q.pending[1], q.pending[2], q.pending[3]

	batch := q.take()
	if len(batch) != 3 || batch[0] != a || batch[1] != b || batch[2] != none {
		t.Fatalf("first batch = %v, want a, b and the keyless write", batch)
	}
	if len(q.pending) != 1 || q.pending[0] != a2 {
		t.Fatalf("left = %v, want the second write of key a, for the next batch", q.pending)
	}
	if batch := q.take(); len(batch) != 1 || batch[0] != a2 {
		t.Fatalf("second batch = %v", batch)
	}
	if batch := q.take(); batch != nil || q.writers != 0 {
		t.Fatalf("empty queue: batch %v, writers %d; want none and the writer retired", batch, q.writers)
	}

	q.writers = 1
	for i := range q.maxBatch + 5 {
		q.pending = append(q.pending, newBatchWrite[string, bool](fmt.Sprint(i)))
	}
	if batch := q.take(); len(batch) != q.maxBatch || len(q.pending) != 5 {
		t.Fatalf("batch %d, left %d; want at most %d in one statement", len(batch), len(q.pending), q.maxBatch)
	}
}

package db

import (
	"fmt"
	"testing"
)

func TestSessionBatchTake(t *testing.T) {
	key := func(s string) *sessionCreate { return &sessionCreate{lock: &s} }
	a, b, a2, none := key("acct/false/a"), key("acct/false/b"), key("acct/false/a"), &sessionCreate{}
	q := &sessionBatcher{pending: []*sessionCreate{a, a2, b, none}, writers: 1}

	batch := q.take()
	if len(batch) != 3 || batch[0] != a || batch[1] != b || batch[2] != none {
		t.Fatalf("first batch = %v, want a, b and the keyless create", batch)
	}
	if len(q.pending) != 1 || q.pending[0] != a2 {
		t.Fatalf("left = %v, want the second use of key a, for the next batch", q.pending)
	}
	if batch := q.take(); len(batch) != 1 || batch[0] != a2 {
		t.Fatalf("second batch = %v", batch)
	}
	if batch := q.take(); batch != nil || q.writers != 0 {
		t.Fatalf("empty queue: batch %v, writers %d; want none and the writer retired", batch, q.writers)
	}

	q = &sessionBatcher{writers: 1}
	for i := range maxSessionBatch + 5 {
		q.pending = append(q.pending, key(fmt.Sprint(i)))
	}
	if batch := q.take(); len(batch) != maxSessionBatch || len(q.pending) != 5 {
		t.Fatalf("batch %d, left %d; want at most %d in one statement", len(batch), len(q.pending), maxSessionBatch)
	}
}

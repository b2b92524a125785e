package web

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"

	"till"
)

// blockingLog is a request log store whose first write waits until the
// test lets it go, and which counts what it was given.
type blockingLog struct {
	first   chan struct{} // closed when the first write arrives
	release chan struct{}
	once    sync.Once
	mu      sync.Mutex
	written int
}

func (b *blockingLog) RecordAPIRequests(_ context.Context, reqs []till.APIRequest) error {
	b.once.Do(func() { close(b.first); <-b.release })
	b.mu.Lock()
	defer b.mu.Unlock()
	b.written += len(reqs)
	return nil
}

// While the database is slow the queue fills and further requests are
// dropped and counted, without the recording waiting; closing writes
// everything that was queued.
func TestRequestLogBounded(t *testing.T) {
	store := &blockingLog{first: make(chan struct{}), release: make(chan struct{})}
	var dropped atomic.Int64
	l := newRequestLog(store, func() { dropped.Add(1) }, slog.New(slog.NewTextHandler(io.Discard, nil)))
	l.record(till.APIRequest{RequestID: "req_first"})
	<-store.first // the writer holds the first request; the queue is empty
	for range requestLogQueue + 5 {
		l.record(till.APIRequest{RequestID: "req_more"})
	}
	if n := dropped.Load(); n != 5 {
		t.Errorf("%d requests dropped, want 5", n)
	}
	close(store.release)
	l.close()
	if store.written != 1+requestLogQueue {
		t.Errorf("%d requests written, want %d", store.written, 1+requestLogQueue)
	}
}

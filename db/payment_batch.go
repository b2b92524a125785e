package db

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// A payment's record is the shopper's hot write: the records of concurrent
// payments are written in one statement (record-payments) and one commit
// (batch.go). Each payment's claim stays its own, made and committed
// before its processor call (claim-session); only the records go together,
// each applying only while its own claim holds, so a claim lost to an
// expiry or a lapsed lease writes nothing of its record and nothing of the
// others' depends on it.
const (
	maxPaymentWriters = 2
	maxPaymentBatch   = 64
	// paymentBatchTimeout bounds a batch's statement: the processor has
	// answered, so a record is written even if its shopper has gone, but
	// not for ever.
	paymentBatchTimeout = 10 * time.Second
)

// paymentRecord is one attempt's record waiting for its batch: its session,
// which no other record of the batch may be of (one statement cannot update
// a row twice), the record as record-payments takes it (a JSON object but
// for its position) and its events' rows (eventRowsJSON).
type paymentRecord struct {
	sessionID string
	row       []byte
	events    [][]byte
}

func (s *Store) newPaymentBatcher() *batcher[*paymentRecord, bool] {
	return &batcher[*paymentRecord, bool]{maxWriters: maxPaymentWriters, maxBatch: maxPaymentBatch,
		timeout: paymentBatchTimeout, write: s.recordPayments,
		key: func(r *paymentRecord) string { return r.sessionID }}
}

// recordPayments runs record-payments for a batch and reports which records
// were written (false: the claim no longer held its session).
func (s *Store) recordPayments(ctx context.Context, batch []*paymentRecord) ([]bool, error) {
	records := make([][]byte, len(batch))
	sessions := make(pq.StringArray, len(batch))
	var events [][]byte
	for i, r := range batch {
		records[i] = withPosition(i, r.row)
		sessions[i] = r.sessionID
		for _, e := range r.events {
			events = append(events, withPosition(i, e))
		}
	}
	rows, err := s.q.RecordPayments.QueryContext(ctx, jsonArray(records), sessions, jsonArray(events))
	if err != nil {
		return nil, err
	}
	return batchResults(rows, len(batch), func(recorded *bool) []any { return []any{recorded} })
}

// withPosition adds n, a record's position in its batch, to a JSON object.
func withPosition(n int, object []byte) []byte {
	return append(fmt.Appendf(nil, `{"n":%d,`, n), object[1:]...)
}

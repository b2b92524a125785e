package db

import (
	"context"
	"encoding/json"

	"till"
)

// WriteSessionsAsOneBatch plans the sessions ps describe and writes them as
// one batch, as a busy server would, with the session row of ps[broken]
// naming a customer that does not exist, so that its insert fails. It
// returns each create's error and the planned sessions.
func (s *Store) WriteSessionsAsOneBatch(ctx context.Context, caller till.Caller, ps []*till.CreateSessionParams, broken int) ([]*till.Session, []error) {
	batch := make([]*batchWrite[*sessionCreate, sessionCreated], len(ps))
	sessions := make([]*till.Session, len(ps))
	for i, p := range ps {
		plan, err := till.PlanSession(p, caller, "2025-08-27.basil", s.Now(), connLookup{ctx, s, caller})
		if err != nil {
			panic(err)
		}
		sessions[i] = plan.Session
		batch[i] = newBatchWrite[*sessionCreate, sessionCreated](s.newSessionCreate(plan, nil, nil))
	}
	var row map[string]any
	json.Unmarshal(batch[broken].w.session, &row)
	row["customer_id"] = "cus_missing"
	batch[broken].w.session = toJSON(row)
	s.sessions.writeBatch(batch)
	errs := make([]error, len(ps))
	for i, c := range batch {
		errs[i] = (<-c.done).err
	}
	return sessions, errs
}

// HoldPaymentRecords keeps the records of payments in their queue, unwritten,
// until release, which writes all of them as one batch, as a busy server
// would, after changing each queued record's session columns with
// change(sessionID, session) (nil: unchanged). queued reports how many wait.
func (s *Store) HoldPaymentRecords() (queued func() int, release func(change func(sessionID string, session map[string]any))) {
	b := s.payments
	b.mu.Lock()
	b.maxWriters = 0
	b.mu.Unlock()
	queued = func() int {
		b.mu.Lock()
		defer b.mu.Unlock()
		return len(b.pending)
	}
	release = func(change func(sessionID string, session map[string]any)) {
		b.mu.Lock()
		batch := b.pending
		b.pending, b.maxWriters = nil, maxPaymentWriters
		b.mu.Unlock()
		for _, bw := range batch {
			if change == nil {
				continue
			}
			var row map[string]any
			json.Unmarshal(bw.w.row, &row)
			change(bw.w.sessionID, row["session"].(map[string]any))
			bw.w.row = toJSON(row)
		}
		b.writeBatch(batch)
	}
	return queued, release
}

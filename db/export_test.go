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

package db

import (
	"till"
)

// EventSource is the API request that caused an event, if any; events that
// Till causes by itself (expiry, a shopper's payment) have an empty one.
type EventSource struct {
	RequestID      string
	IdempotencyKey string
}

// DefaultAPIVersion stamps events until webhook endpoints choose their own.
const DefaultAPIVersion = "2025-08-27.basil"

type eventRow struct {
	ID             string  `db:"id"`
	AccountID      string  `db:"account_id"`
	Livemode       bool    `db:"livemode"`
	Type           string  `db:"type"`
	APIVersion     string  `db:"api_version"`
	ObjectID       string  `db:"object_id"`
	Data           []byte  `db:"data"`
	RequestID      *string `db:"request_id"`
	IdempotencyKey *string `db:"idempotency_key"`
	Created        int64   `db:"created"`
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// insertEvent writes an event to the outbox inside tx, the transaction of the
// state change it reports, with a delivery for every enabled endpoint of the
// account that listens for its type: the state change, its event and the
// promise to deliver it commit together or not at all.
func (s *Store) insertEvent(tx *Tx, src EventSource, typ, accountID string, livemode bool, objectID string, data []byte) error {
	id := till.NewEventID()
	_, err := tx.named(s.q.CreateEvent).ExecContext(tx.ctx, eventRow{
		ID: id, AccountID: accountID, Livemode: livemode, Type: typ, APIVersion: DefaultAPIVersion,
		ObjectID: objectID, Data: data, RequestID: optional(src.RequestID),
		IdempotencyKey: optional(src.IdempotencyKey), Created: s.Now(),
	})
	if err != nil {
		return translate(err)
	}
	_, err = tx.stmt(s.q.CreateEventDeliveries).ExecContext(tx.ctx, id, accountID, livemode, typ)
	return translate(err)
}

func (r eventRow) event() till.Event {
	return till.Event{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, Type: r.Type,
		APIVersion: r.APIVersion, ObjectID: r.ObjectID, Data: r.Data, RequestID: r.RequestID,
		IdempotencyKey: r.IdempotencyKey, Created: r.Created}
}

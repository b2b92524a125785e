package db

import "till"

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

// outboxEvent is an event of a state change, rendered, before insertEvents
// writes it.
type outboxEvent struct {
	typ, accountID string
	livemode       bool
	objectID       string
	data           []byte
}

// outboxOf is the domain's rendered events of one account's state change,
// as insertEvents and eventsJSON take them.
func outboxOf(accountID string, livemode bool, events []till.NewEvent) []outboxEvent {
	out := make([]outboxEvent, len(events))
	for i, e := range events {
		out[i] = outboxEvent{e.Type, accountID, livemode, e.ObjectID, e.Data}
	}
	return out
}

// eventInsert is an event row as insert_events takes it, but for its data.
type eventInsert struct {
	ID             string  `json:"id"`
	AccountID      string  `json:"account_id"`
	Livemode       bool    `json:"livemode"`
	Type           string  `json:"type"`
	APIVersion     string  `json:"api_version"`
	ObjectID       string  `json:"object_id"`
	RequestID      *string `json:"request_id"`
	IdempotencyKey *string `json:"idempotency_key"`
	Created        int64   `json:"created"`
}

// insertEvents writes a state change's events to the outbox inside tx, its
// transaction, in their order, each with a delivery for every enabled
// endpoint of the account that listens for its type: the state change, its
// events and the promise to deliver them commit together or not at all, and
// cost one statement.
func (s *Store) insertEvents(tx *Tx, src till.EventSource, events ...outboxEvent) error {
	if len(events) == 0 {
		return nil
	}
	_, err := tx.stmt(s.q.CreateEvents).ExecContext(tx.ctx, s.eventsJSON(src, events))
	return translate(err)
}

// eventsJSON renders events as insert_events takes them, a JSON array of
// rows (eventRowsJSON).
func (s *Store) eventsJSON(src till.EventSource, events []outboxEvent) []byte {
	return jsonArray(s.eventRowsJSON(src, events))
}

// eventRowsJSON renders each event as a row of insert_events' array, with a
// new ID and the time. Its api_version is only the fallback: insert_events
// creates each event in its account's version (till.AccountAPIVersion),
// read as it writes. The event's data, rendered JSON already, goes in as it
// is: json.Marshal would parse and compact the kilobytes of each object
// again.
func (s *Store) eventRowsJSON(src till.EventSource, events []outboxEvent) [][]byte {
	rows := make([][]byte, len(events))
	for i, e := range events {
		row := toJSON(eventInsert{ID: till.NewEventID(), AccountID: e.accountID, Livemode: e.livemode, Type: e.typ,
			APIVersion: till.DefaultAPIVersion, ObjectID: e.objectID, RequestID: optional(src.RequestID),
			IdempotencyKey: optional(src.IdempotencyKey), Created: s.Now()})
		rows[i] = append(append(append(row[:len(row)-1], `,"data":`...), rawJSON(e.data)...), '}')
	}
	return rows
}

func (r eventRow) event() till.Event {
	return till.Event{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, Type: r.Type,
		APIVersion: r.APIVersion, ObjectID: r.ObjectID, Data: r.Data, RequestID: r.RequestID,
		IdempotencyKey: r.IdempotencyKey, Created: r.Created}
}

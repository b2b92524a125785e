package db

import (
	"context"
	"encoding/json"
	"fmt"

	"till"
)

type deliveryLogRow struct {
	ID              int64  `db:"id"`
	EventID         string `db:"event_id"`
	EventType       string `db:"event_type"`
	Test            bool   `db:"test"`
	EndpointID      string `db:"endpoint_id"`
	EndpointURL     string `db:"endpoint_url"`
	EndpointDeleted bool   `db:"endpoint_deleted"`
	Status          string `db:"status"`
	Created         int64  `db:"created"`
	Attempts        []byte `db:"attempts"`
	AttemptCount    int    `db:"attempt_count"`
	NextAttempt     int64  `db:"next_attempt"`
}

func deliveryLogs(rows []deliveryLogRow) ([]till.DeliveryLog, error) {
	out := make([]till.DeliveryLog, len(rows))
	for i, r := range rows {
		out[i] = till.DeliveryLog{ID: r.ID, EventID: r.EventID, EventType: r.EventType, TestEvent: r.Test,
			EndpointID: r.EndpointID, EndpointURL: r.EndpointURL, EndpointDeleted: r.EndpointDeleted, Status: r.Status,
			Created: r.Created, AttemptCount: r.AttemptCount, NextAttempt: r.NextAttempt}
		if err := json.Unmarshal(r.Attempts, &out[i].Attempts); err != nil {
			return nil, fmt.Errorf("db: delivery %d's attempts: %w", r.ID, err)
		}
	}
	return out, nil
}

// EventDeliveries returns the deliveries of one of the account's events,
// to each endpoint (deleted ones too), oldest first, with their attempts.
func (s *Store) EventDeliveries(ctx context.Context, accountID, eventID string) ([]till.DeliveryLog, error) {
	var rows []deliveryLogRow
	if err := s.stmt(ctx, s.q.EventDeliveries).SelectContext(ctx, &rows, accountID, eventID); err != nil {
		return nil, translate(err)
	}
	return deliveryLogs(rows)
}

// EndpointDeliveries returns the latest limit deliveries to one of the
// account's endpoints, test events' too, newest first, with their attempts.
func (s *Store) EndpointDeliveries(ctx context.Context, accountID, endpointID string, limit int) ([]till.DeliveryLog, error) {
	var rows []deliveryLogRow
	if err := s.stmt(ctx, s.q.EndpointDeliveries).SelectContext(ctx, &rows, accountID, endpointID, limit); err != nil {
		return nil, translate(err)
	}
	return deliveryLogs(rows)
}

// FailedDeliveries returns the caller's account's latest limit deliveries
// whose latest attempt failed (to be retried, or given up), newest first,
// each with that attempt only: the event, the endpoint, when, the answer's
// status or why none came, how many attempts it has had and, while it is
// retried, when the next is due. The dashboard's home and Developers pages
// both list them.
func (s *Store) FailedDeliveries(ctx context.Context, caller till.Caller, limit int) ([]till.DeliveryLog, error) {
	var rows []deliveryLogRow
	if err := s.stmt(ctx, s.q.FailedDeliveries).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, limit); err != nil {
		return nil, translate(err)
	}
	return deliveryLogs(rows)
}

// CreateTestEvent stores a test event of the endpoint's account, which the
// account's events leave out, with one delivery, to the endpoint, due now,
// and returns the event's id.
func (s *Store) CreateTestEvent(ctx context.Context, e *till.WebhookEndpoint, ev till.NewEvent, src till.EventSource) (string, error) {
	var id string
	err := s.stmt(ctx, s.q.CreateTestEvent).GetContext(ctx, &id, till.NewEventID(), e.AccountID, e.Livemode, ev.Type,
		till.DefaultAPIVersion, ev.ObjectID, string(ev.Data), optional(src.RequestID), optional(src.IdempotencyKey),
		s.Now(), e.ID)
	if err != nil {
		return "", notFound(err, "account", e.AccountID, "account")
	}
	return id, nil
}

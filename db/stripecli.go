package db

import (
	"context"
	"database/sql"
	"errors"

	"till"
)

type stripeCLISessionRow struct {
	AccountID  string `db:"account_id"`
	Livemode   bool   `db:"livemode"`
	DeviceName string `db:"device_name"`
}

// CreateStripeCLISession records a listen session under the digest of its
// websocket id. It starts after the account's newest event: only what
// happens from now on is sent.
func (s *Store) CreateStripeCLISession(ctx context.Context, websocketID string, sess till.StripeCLISession) error {
	_, err := s.q.CreateStripeCLISession.ExecContext(ctx, keyHash(websocketID), sess.AccountID, sess.Livemode,
		sess.DeviceName, s.Now())
	return translate(err)
}

// FindStripeCLISession returns the session of a websocket id, or a not-found
// error carrying Stripe's message for an unknown id, which makes the CLI
// ask for a new session.
func (s *Store) FindStripeCLISession(ctx context.Context, websocketID string) (*till.StripeCLISession, error) {
	var r stripeCLISessionRow
	err := s.q.FindStripeCLISession.GetContext(ctx, &r, keyHash(websocketID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &till.Error{Kind: till.KindNotFound, Code: till.CodeResourceMissing, Message: UnknownWebSocketID}
	}
	if err != nil {
		return nil, translate(err)
	}
	return &till.StripeCLISession{AccountID: r.AccountID, Livemode: r.Livemode, DeviceName: r.DeviceName}, nil
}

// UnknownWebSocketID is the message the Stripe CLI recognizes as "this
// session is gone": it then creates a new one.
const UnknownWebSocketID = "Unknown WebSocket ID."

// StripeCLIPendingEvents returns up to limit of the session's events that its
// CLI has not acknowledged, oldest first.
func (s *Store) StripeCLIPendingEvents(ctx context.Context, websocketID string, limit int) ([]till.Event, error) {
	var rows []eventRow
	if err := s.q.StripeCLIPendingEvents.SelectContext(ctx, &rows, keyHash(websocketID), limit); err != nil {
		return nil, translate(err)
	}
	out := make([]till.Event, len(rows))
	for i, r := range rows {
		out[i] = r.event()
	}
	return out, nil
}

// MarkStripeCLIDelivered records that the session's CLI acknowledged an
// event, so no later connection of the session sends it again.
func (s *Store) MarkStripeCLIDelivered(ctx context.Context, websocketID, eventID string) error {
	_, err := s.q.CreateStripeCLIDelivery.ExecContext(ctx, keyHash(websocketID), eventID)
	return translate(err)
}

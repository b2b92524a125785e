package db

import (
	"context"
	"encoding/hex"

	"till"
)

// revealAt is where a reveal's secret is sealed: bound to its token.
func revealAt(tokenHash []byte) string {
	return "dashboard_reveals.secret:" + hex.EncodeToString(tokenHash)
}

// CreateReveal keeps a secret of the object sealed for the user's next
// page, and returns the token that page's address carries to show it.
func (s *Store) CreateReveal(ctx context.Context, accountID, userID, objectID, secret string) (string, error) {
	token := till.RandomString(32)
	hash := keyHash(token)
	_, err := s.stmt(ctx, s.q.CreateReveal).ExecContext(ctx, hash, accountID, userID, objectID,
		s.sealer.seal(secret, revealAt(hash)), s.Now())
	return token, translate(err)
}

// TakeReveal returns the secret a token reveals to the user and forgets
// it: a second look, another user's, or one after till.RevealWindow finds
// nothing (not found).
func (s *Store) TakeReveal(ctx context.Context, accountID, userID, token string) (*till.Reveal, error) {
	hash := keyHash(token)
	var r struct {
		ObjectID string `db:"object_id"`
		Secret   string `db:"secret"`
	}
	since := s.Now() - int64(till.RevealWindow.Seconds())
	if err := s.stmt(ctx, s.q.TakeReveal).GetContext(ctx, &r, hash, accountID, userID, since); err != nil {
		return nil, notFound(err, "secret", "", "")
	}
	secret, _, err := s.sealer.open(r.Secret, revealAt(hash))
	if err != nil {
		return nil, err
	}
	return &till.Reveal{ObjectID: r.ObjectID, Secret: secret}, nil
}

// PruneReveals deletes the reveals made before a time (unix seconds),
// which show nothing any more.
func (s *Store) PruneReveals(ctx context.Context, before int64) error {
	_, err := s.q.PruneReveals.ExecContext(ctx, before)
	return translate(err)
}

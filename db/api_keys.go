package db

import (
	"context"

	"till"
)

type apiKeyRow struct {
	ID        string       `db:"id"`
	Kind      till.KeyKind `db:"kind"`
	Livemode  bool         `db:"livemode"`
	Name      string       `db:"name"`
	Token     string       `db:"token"`
	Last4     string       `db:"last4"`
	Created   int64        `db:"created"`
	ExpiresAt *int64       `db:"expires_at"`
	LastUsed  *int64       `db:"last_used"`
}

func (r apiKeyRow) key() *till.APIKey {
	k := till.APIKey(r)
	return &k
}

// createAPIKey stores a key of the account by its digest, with what the
// dashboard shows of it.
func (s *Store) createAPIKey(ctx context.Context, tx *Tx, accountID string, k *till.APIKey, key string) error {
	_, err := tx.stmt(s.q.CreateAPIKey).ExecContext(ctx, keyHash(key), accountID, k.Kind, k.Livemode, k.Created, k.ID,
		k.Name, k.Last4, k.Token)
	return translate(err)
}

// ListAPIKeys returns the account's keys that still work: the publishable
// ones, then the secret ones, oldest first.
func (s *Store) ListAPIKeys(ctx context.Context, accountID string) ([]*till.APIKey, error) {
	var rows []apiKeyRow
	if err := s.stmt(ctx, s.q.ListAPIKeys).SelectContext(ctx, &rows, accountID, s.Now()); err != nil {
		return nil, translate(err)
	}
	out := make([]*till.APIKey, len(rows))
	for i, r := range rows {
		out[i] = r.key()
	}
	return out, nil
}

// CreateAPIKey stores a new key of the account; key is the key itself, of
// which only the digest is kept.
func (s *Store) CreateAPIKey(ctx context.Context, accountID string, k *till.APIKey, key string) error {
	return s.inTx(ctx, func(tx *Tx) error { return s.createAPIKey(ctx, tx, accountID, k, key) })
}

// RollAPIKey holds one of the account's working keys while roll decides
// its replacement (and the key itself) and when it expires, then stores
// both; it returns the replacement and its key.
func (s *Store) RollAPIKey(ctx context.Context, accountID, id string,
	roll func(old *till.APIKey) (*till.APIKey, string, error)) (*till.APIKey, string, error) {
	var next *till.APIKey
	var key string
	err := s.inTx(ctx, func(tx *Tx) error {
		var r struct {
			Hash []byte `db:"key_hash"`
			apiKeyRow
		}
		if err := tx.stmt(s.q.LockAPIKey).GetContext(ctx, &r, accountID, id, s.Now()); err != nil {
			return notFound(err, "API key", id, "key")
		}
		old := r.key()
		var err error
		if next, key, err = roll(old); err != nil {
			return err
		}
		if _, err := tx.stmt(s.q.ExpireAPIKey).ExecContext(ctx, accountID, id, old.ExpiresAt); err != nil {
			return translate(err)
		}
		if err := s.createAPIKey(ctx, tx, accountID, next, key); err != nil {
			return err
		}
		s.apiKeys.forget(string(r.Hash))
		return nil
	})
	return next, key, err
}

// APIKeyExpired reports whether key is one that a roll ended by now.
func (s *Store) APIKeyExpired(ctx context.Context, key string) (bool, error) {
	var expired bool
	err := s.stmt(ctx, s.q.APIKeyExpired).QueryRowContext(ctx, keyHash(key), s.Now()).Scan(&expired)
	return expired, translate(err)
}

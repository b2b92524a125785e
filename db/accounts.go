package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"

	"till"
)

// NewAccount is an account with its freshly made test keys. The keys exist
// only here: the database keeps their digests.
type NewAccount struct {
	Account        till.Account
	SecretKey      string
	PublishableKey string
}

func keyHash(key string) []byte {
	h := sha256.Sum256([]byte(key))
	return h[:]
}

// CreateAccount creates an account with a test secret key and a test
// publishable key.
func (s *Store) CreateAccount(ctx context.Context, name string) (*NewAccount, error) {
	na := &NewAccount{
		Account:        till.Account{ID: till.NewAccountID(), Name: name, Created: s.Now()},
		SecretKey:      till.NewSecretKey(false),
		PublishableKey: till.NewPublishableKey(false),
	}
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.stmt(s.q.CreateAccount).ExecContext(ctx, na.Account.ID, name, na.Account.Created); err != nil {
			return err
		}
		for kind, key := range map[till.KeyKind]string{till.KeySecret: na.SecretKey, till.KeyPublishable: na.PublishableKey} {
			if _, err := tx.stmt(s.q.CreateAPIKey).ExecContext(ctx, keyHash(key), na.Account.ID, kind, false, na.Account.Created); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, translate(err)
	}
	return na, nil
}

// FindAccount returns an account by ID.
func (s *Store) FindAccount(ctx context.Context, id string) (*till.Account, error) {
	var a till.Account
	err := s.q.FindAccount.QueryRowContext(ctx, id).Scan(&a.ID, &a.Name, &a.Created)
	if err != nil {
		return nil, notFound(err, "account", id, "account")
	}
	return &a, nil
}

// Authenticate returns who a key belongs to, or ok=false for an unknown key.
// The lookup is by SHA-256 digest, so no stored secret is compared in Go and
// the timing reveals nothing about other keys.
func (s *Store) Authenticate(ctx context.Context, key string) (till.Caller, bool, error) {
	var c till.Caller
	err := s.q.FindCallerByKeyHash.QueryRowContext(ctx, keyHash(key)).Scan(&c.AccountID, &c.KeyKind, &c.Livemode)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	if err != nil {
		return c, false, translate(err)
	}
	return c, true, nil
}

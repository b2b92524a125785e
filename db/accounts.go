package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

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
		secret := &till.APIKey{ID: till.NewAPIKeyID(), Kind: till.KeySecret, Last4: na.SecretKey[len(na.SecretKey)-4:],
			Created: na.Account.Created}
		publishable := &till.APIKey{ID: till.NewAPIKeyID(), Kind: till.KeyPublishable, Token: na.PublishableKey,
			Created: na.Account.Created}
		if err := s.createAPIKey(ctx, tx, na.Account.ID, secret, na.SecretKey); err != nil {
			return err
		}
		return s.createAPIKey(ctx, tx, na.Account.ID, publishable, na.PublishableKey)
	})
	if err != nil {
		return nil, translate(err)
	}
	return na, nil
}

// FindAccount returns an account by ID.
func (s *Store) FindAccount(ctx context.Context, id string) (*till.Account, error) {
	return scanAccount(s.stmt(ctx, s.q.FindAccount).QueryRowContext(ctx, id), id)
}

// scanAccount reads the account of a find-account row.
func scanAccount(row *sql.Row, id string) (*till.Account, error) {
	var a till.Account
	var origins pq.StringArray
	err := row.Scan(&a.ID, &a.Name, &a.Created, &a.DisplayName, &a.LogoURL, &a.AccentColor, &origins, &a.APIVersion, &a.TermsURL)
	if err != nil {
		return nil, notFound(err, "account", id, "account")
	}
	a.EmbedOrigins = origins
	return &a, nil
}

// UpdateAccount writes an account's branding, embed origins, terms of
// service URL and, when it has one, API version.
func (s *Store) UpdateAccount(ctx context.Context, a *till.Account) error {
	return updateAccount(ctx, s.named(ctx, s.q.UpdateAccount), a)
}

// UpdateAccountSettings reads an account, lets apply change it, and writes
// it back, holding the account's row from the read to the commit (in the
// request's transaction when the context carries one), so that changes made
// at once to different settings all stay.
func (s *Store) UpdateAccountSettings(ctx context.Context, id string, apply func(*till.Account) error) (*till.Account, error) {
	var a *till.Account
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		if a, err = scanAccount(tx.stmt(s.q.LockAccount).QueryRowContext(ctx, id), id); err != nil {
			return err
		}
		if err := apply(a); err != nil {
			return err
		}
		return updateAccount(ctx, tx.named(s.q.UpdateAccount), a)
	})
	if err == nil {
		// This process answers in a changed API version at once; others
		// within the cache's minute.
		s.apiKeys.forgetAccount(id)
	}
	return a, err
}

func updateAccount(ctx context.Context, st *sqlx.NamedStmt, a *till.Account) error {
	origins := pq.StringArray(a.EmbedOrigins)
	if origins == nil {
		origins = pq.StringArray{}
	}
	res, err := st.ExecContext(ctx, map[string]any{"id": a.ID, "display_name": a.DisplayName,
		"logo_url": a.LogoURL, "accent_color": a.AccentColor, "embed_origins": origins,
		"terms_url": a.TermsURL, "api_version": a.APIVersion})
	if err != nil {
		return translate(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return till.NotFound("account", a.ID, "account")
	}
	return nil
}

// Authenticate returns who a key belongs to, or ok=false for an unknown key
// or one that expired by the store's clock. The lookup is by SHA-256
// digest, so no stored secret is compared in Go and the timing reveals
// nothing about other keys. A key's use is recorded at most once a minute.
//
// Known keys are remembered for a minute, and never past their expiry:
// every API request authenticates, and a lookup per request would be a
// third of a session create's database round trips. A key is revoked only
// by a roll, which sets when it expires; a roll that ends it at once
// forgets it here, and other processes stop taking it within the minute.
// Unknown keys are not cached. Nor are the keys of an account no request
// has pinned the API version of, since any process may pin it at any
// moment; once pinned, only the operator changes it (`till accounts update
// --api-version`), and requests see that within the minute.
func (s *Store) Authenticate(ctx context.Context, key string) (till.Caller, bool, error) {
	hash := keyHash(key)
	now := s.now()
	if c, ok := s.apiKeys.get(string(hash), now); ok {
		return c, true, nil
	}
	var c till.Caller
	var expires, lastUsed *int64
	err := s.stmt(ctx, s.q.FindCallerByKeyHash).QueryRowContext(ctx, hash, now.Unix()).Scan(&c.AccountID, &c.KeyKind,
		&c.Livemode, &c.AccountAPIVersion, &expires, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	if err != nil {
		return c, false, translate(err)
	}
	if lastUsed == nil || *lastUsed < now.Unix()-60 {
		if _, err := s.stmt(ctx, s.q.TouchAPIKey).ExecContext(ctx, hash, now.Unix()); err != nil {
			return c, false, translate(err)
		}
	}
	if c.AccountAPIVersion != "" {
		until := now.Add(keyCacheTTL)
		if expires != nil && time.Unix(*expires, 0).Before(until) {
			until = time.Unix(*expires, 0)
		}
		s.apiKeys.put(string(hash), c, until)
	}
	return c, true, nil
}

// PinAPIVersion pins an account to version unless it is pinned already, and
// returns the version it is pinned to.
func (s *Store) PinAPIVersion(ctx context.Context, accountID, version string) (string, error) {
	var pinned string
	if err := s.stmt(ctx, s.q.PinAPIVersion).QueryRowContext(ctx, accountID, version).Scan(&pinned); err != nil {
		return "", notFound(err, "account", accountID, "account")
	}
	return pinned, nil
}

// keyCache remembers authenticated keys by digest for a short while.
type keyCache struct {
	mu      sync.Mutex
	entries map[string]keyCacheEntry
}

type keyCacheEntry struct {
	caller  till.Caller
	expires time.Time
}

const (
	keyCacheTTL = time.Minute
	keyCacheMax = 10000
)

func (k *keyCache) get(hash string, now time.Time) (till.Caller, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	e, ok := k.entries[hash]
	if !ok || !now.Before(e.expires) {
		return till.Caller{}, false
	}
	return e.caller, true
}

// forgetAccount drops the keys of an account, whose version has changed.
func (k *keyCache) forgetAccount(accountID string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for hash, e := range k.entries {
		if e.caller.AccountID == accountID {
			delete(k.entries, hash)
		}
	}
}

// put remembers a key until a time.
func (k *keyCache) put(hash string, c till.Caller, until time.Time) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.entries == nil || len(k.entries) >= keyCacheMax {
		k.entries = map[string]keyCacheEntry{} // a crude but bounded eviction
	}
	k.entries[hash] = keyCacheEntry{caller: c, expires: until}
}

// forget drops a key, which a roll has just ended.
func (k *keyCache) forget(hash string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.entries, hash)
}

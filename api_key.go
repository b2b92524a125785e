package till

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// APIKey is one of an account's API keys as the dashboard lists it. The
// key itself is kept only as a digest, so a secret key reads as its prefix
// and last four characters; a publishable key, public by design, reads
// whole.
type APIKey struct {
	ID       string
	Kind     KeyKind
	Livemode bool
	Name     string
	// Token is a publishable key itself; empty for a secret key, and for a
	// publishable key made before Till kept them.
	Token string
	// Last4 ends a secret key; empty for one made before Till kept it.
	Last4   string
	Created int64
	// ExpiresAt is when a rolled key stops authenticating, nil for a key
	// that does not expire; LastUsed when it last did, to the minute.
	ExpiresAt *int64
	LastUsed  *int64
}

// Redacted is how a key reads where it is not revealed: a publishable key
// whole, a secret key as Stripe's Dashboard shows one (sk_test_…abcd).
func (k *APIKey) Redacted() string {
	if k.Kind == KeyPublishable && k.Token != "" {
		return k.Token
	}
	prefix := "sk_" + modeWord(k.Livemode) + "_"
	if k.Kind == KeyPublishable {
		prefix = "pk_" + modeWord(k.Livemode) + "_"
	}
	if k.Last4 == "" {
		return prefix + "…"
	}
	return prefix + "…" + k.Last4
}

// NewAPIKeyID names a key in the dashboard's forms and pages.
func NewAPIKeyID() string { return "key_" + RandomString(24) }

// maxKeyName bounds a key's name, as Stripe's Dashboard does a key's.
const maxKeyName = 100

// NewSecretAPIKey checks a new secret key's name and returns the key's
// record and the key itself, which exists only in the answer to its
// creation.
func NewSecretAPIKey(livemode bool, name string, now int64) (*APIKey, string, error) {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > maxKeyName {
		return nil, "", Invalid(CodeInvalidRequest, "name", "A key's name can be at most %d characters.", maxKeyName)
	}
	key := NewSecretKey(livemode)
	return &APIKey{ID: NewAPIKeyID(), Kind: KeySecret, Livemode: livemode, Name: name, Last4: key[len(key)-4:],
		Created: now}, key, nil
}

// APIKeyRollExpiries are how long a rolled key may keep working, as
// Stripe's Dashboard offers them: not at all, an hour, a day, a week.
var APIKeyRollExpiries = []time.Duration{0, time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}

// APIKeyRollExpiry checks a roll's wait before the old key stops working
// and returns when it does.
func APIKeyRollExpiry(wait time.Duration, now int64) (int64, error) {
	if !slices.Contains(APIKeyRollExpiries, wait) {
		return 0, Invalid(CodeInvalidRequest, "expires_in", "Choose when the old key stops working: now, in 1 hour, 24 hours or 7 days.")
	}
	return now + int64(wait/time.Second), nil
}

// RollSecretAPIKey decides a roll of a secret key: the key that replaces
// it, under its name, and when the old one stops working (APIKeyRollExpiry),
// which it sets on old. A key rolled already is not rolled again: its
// replacement is the one to roll.
func RollSecretAPIKey(old *APIKey, wait time.Duration, now int64) (*APIKey, string, error) {
	if old.Kind != KeySecret {
		return nil, "", Invalid(CodeInvalidRequest, "key", "Only secret keys can be rolled.")
	}
	if old.ExpiresAt != nil {
		return nil, "", &Error{Kind: KindConflict, Message: "This key was rolled already and expires soon: roll the key that replaced it."}
	}
	expires, err := APIKeyRollExpiry(wait, now)
	if err != nil {
		return nil, "", err
	}
	next, key, err := NewSecretAPIKey(old.Livemode, old.Name, now)
	if err != nil {
		return nil, "", err
	}
	old.ExpiresAt = &expires
	return next, key, nil
}

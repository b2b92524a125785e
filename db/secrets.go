package db

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
)

// ClientSecret returns the client_secret of a session: its ID, "_secret_",
// and an HMAC of the ID under the installation's key. It cannot be derived
// from the ID without the key, and it is never stored.
func (s *Store) ClientSecret(sessionID string) string {
	m := hmac.New(sha256.New, s.secretKey)
	m.Write([]byte("checkout.session.client_secret:" + sessionID))
	sum := base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	// Stripe's secrets are alphanumeric; drop the two URL-safe symbols.
	sum = strings.NewReplacer("-", "", "_", "").Replace(sum)
	return sessionID + "_secret_" + sum
}

// SessionIDFromClientSecret returns the session a client secret opens, or
// ok=false when the secret is not one this installation issued.
func (s *Store) SessionIDFromClientSecret(secret string) (string, bool) {
	id, _, found := strings.Cut(secret, "_secret_")
	if !found || !hmac.Equal([]byte(s.ClientSecret(id)), []byte(secret)) {
		return "", false
	}
	return id, true
}

// Sign returns an HMAC of message under the installation's key, for
// purpose; Verify checks one in constant time. The pages bind their form
// tokens to a session this way, without storing anything.
func (s *Store) Sign(purpose, message string) string {
	m := hmac.New(sha256.New, s.secretKey)
	m.Write([]byte(purpose + "\x00" + message))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Verify reports whether mac is Sign(purpose, message).
func (s *Store) Verify(purpose, message, mac string) bool {
	return hmac.Equal([]byte(s.Sign(purpose, message)), []byte(mac))
}

var (
	clientSecretPattern = regexp.MustCompile(`(cs_(?:test|live)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+`)
	placeholderPattern  = regexp.MustCompile(`(cs_(?:test|live)_[A-Za-z0-9]+)_secret_\{redacted\}`)
)

// redactSecrets replaces client secrets in a response body before it is
// stored for idempotent replay, so no table holds one.
func (s *Store) redactSecrets(body []byte) []byte {
	if !bytes.Contains(body, []byte("_secret_")) {
		return body // most responses carry none: skip the regexp
	}
	return clientSecretPattern.ReplaceAll(body, []byte("${1}_secret_{redacted}"))
}

// restoreSecrets puts the secrets back into a stored body.
func (s *Store) restoreSecrets(body []byte) []byte {
	return placeholderPattern.ReplaceAllFunc(body, func(m []byte) []byte {
		id := placeholderPattern.FindSubmatch(m)[1]
		return []byte(s.ClientSecret(string(id)))
	})
}

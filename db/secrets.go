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
	return clientSecret(s.keys.Current, sessionID)
}

func clientSecret(key []byte, sessionID string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("checkout.session.client_secret:" + sessionID))
	sum := base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	// Stripe's secrets are alphanumeric; drop the two URL-safe symbols.
	sum = strings.NewReplacer("-", "", "_", "").Replace(sum)
	return sessionID + "_secret_" + sum
}

// SessionIDFromClientSecret returns the session a client secret opens, or
// ok=false when the secret is not one this installation issued, under its
// current key or, while a rotation lasts, the previous one.
func (s *Store) SessionIDFromClientSecret(secret string) (string, bool) {
	id, _, found := strings.Cut(secret, "_secret_")
	if !found {
		return "", false
	}
	for _, key := range s.keys.verifying() {
		if hmac.Equal([]byte(clientSecret(key, id)), []byte(secret)) {
			return id, true
		}
	}
	return "", false
}

// Sign returns an HMAC of message under the installation's key, for
// purpose; Verify checks one in constant time, under the current key or
// the previous one. The pages bind their form tokens to a session this way,
// without storing anything.
func (s *Store) Sign(purpose, message string) string {
	return sign(s.keys.Current, purpose, message)
}

func sign(key []byte, purpose, message string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose + "\x00" + message))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Verify reports whether mac is Sign(purpose, message) under either key.
func (s *Store) Verify(purpose, message, mac string) bool {
	for _, key := range s.keys.verifying() {
		if hmac.Equal([]byte(sign(key, purpose, message)), []byte(mac)) {
			return true
		}
	}
	return false
}

var (
	clientSecretPattern  = regexp.MustCompile(`(cs_(?:test|live)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+`)
	placeholderPattern   = regexp.MustCompile(`(cs_(?:test|live)_[A-Za-z0-9]+)_secret_\{redacted\}`)
	webhookSecretPattern = regexp.MustCompile(`whsec_[A-Za-z0-9]+`)
	sealedPattern        = regexp.MustCompile(regexp.QuoteMeta(sealedPrefix) + `[A-Za-z0-9_-]+`)
)

// sealedInResponse is where a webhook secret sealed in a recorded response
// is kept (the sealer's additional data).
const sealedInResponse = "idempotency_keys.response_body"

// redactSecrets prepares a response body to be stored for idempotent
// replay, so no table holds a secret: client secrets become a placeholder
// (they can be derived again), webhook signing secrets (which cannot) are
// sealed in place.
func (s *Store) redactSecrets(body []byte) []byte {
	if bytes.Contains(body, []byte("_secret_")) { // most responses carry none: skip the regexp
		body = clientSecretPattern.ReplaceAll(body, []byte("${1}_secret_{redacted}"))
	}
	return sealWebhookSecretsIn(s.sealer, body)
}

// sealWebhookSecretsIn seals every webhook signing secret in a response body.
func sealWebhookSecretsIn(sl sealer, body []byte) []byte {
	if !bytes.Contains(body, []byte("whsec_")) {
		return body
	}
	return webhookSecretPattern.ReplaceAllFunc(body, func(m []byte) []byte {
		return []byte(sl.seal(string(m), sealedInResponse))
	})
}

// restoreSecrets puts the secrets back into a stored body. A sealed-looking
// string that does not open (a merchant's own metadata, say) stays as it is.
func (s *Store) restoreSecrets(body []byte) []byte {
	body = placeholderPattern.ReplaceAllFunc(body, func(m []byte) []byte {
		id := placeholderPattern.FindSubmatch(m)[1]
		return []byte(s.ClientSecret(string(id)))
	})
	if !bytes.Contains(body, []byte(sealedPrefix)) {
		return body
	}
	return sealedPattern.ReplaceAllFunc(body, func(m []byte) []byte {
		secret, _, err := s.sealer.open(string(m), sealedInResponse)
		if err != nil {
			return m
		}
		return []byte(secret)
	})
}

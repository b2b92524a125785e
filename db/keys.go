package db

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of an instance key: 32 random bytes.
const KeySize = 32

// Keys are the instance's secret keys, which live outside the database (a
// dump alone must not be enough to compute a client secret or read a
// webhook signing secret). Current derives client secrets, signs form
// tokens and encrypts webhook signing secrets; Previous, while a rotation
// lasts, is still accepted for verifying and decrypting. Previous is nil
// when no rotation is under way.
type Keys struct {
	Current  []byte
	Previous []byte
}

func (k Keys) check() error {
	if len(k.Current) != KeySize {
		return fmt.Errorf("db: the instance key must be %d bytes, got %d", KeySize, len(k.Current))
	}
	if k.Previous != nil && len(k.Previous) != KeySize {
		return fmt.Errorf("db: the previous instance key must be %d bytes, got %d", KeySize, len(k.Previous))
	}
	return nil
}

// verifying returns the keys a secret or a token may have been made with,
// the current one first.
func (k Keys) verifying() [][]byte {
	if k.Previous == nil {
		return [][]byte{k.Current}
	}
	return [][]byte{k.Current, k.Previous}
}

// sealedPrefix marks a value encrypted by a sealer. It contains no
// "whsec_", so a search of the tables for webhook secrets finds none.
const sealedPrefix = "sealed:v1:"

// sealer encrypts secrets at rest with AES-256-GCM under a key derived from
// the instance key (HKDF-SHA256, so the instance key itself is used for one
// purpose only per derivation), with a random nonce per value. Each value is
// bound to where it is kept (the additional data), so a sealed value copied
// to another row does not open there.
type sealer struct {
	current  cipher.AEAD
	previous cipher.AEAD // nil when there is no previous key
}

func newSealer(keys Keys) (sealer, error) {
	var s sealer
	var err error
	if s.current, err = aeadFor(keys.Current); err != nil {
		return s, err
	}
	if keys.Previous != nil {
		s.previous, err = aeadFor(keys.Previous)
	}
	return s, err
}

func aeadFor(instanceKey []byte) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, instanceKey, nil, "till secrets at rest v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seal encrypts plaintext for the place named by where.
func (s sealer) seal(plaintext, where string) string {
	nonce := make([]byte, s.current.NonceSize())
	rand.Read(nonce)
	out := s.current.Seal(nonce, nonce, []byte(plaintext), []byte(where))
	return sealedPrefix + base64.RawURLEncoding.EncodeToString(out)
}

var errNotSealed = errors.New("db: not a sealed value")

// open decrypts a sealed value, with the current key or else the previous
// one; current reports which. A value that is not sealed, or that neither
// key opens, is an error.
func (s sealer) open(sealed, where string) (plaintext string, current bool, err error) {
	raw, ok := strings.CutPrefix(sealed, sealedPrefix)
	if !ok {
		return "", false, errNotSealed
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil || len(b) < s.current.NonceSize() {
		return "", false, errNotSealed
	}
	nonce, ct := b[:s.current.NonceSize()], b[s.current.NonceSize():]
	if p, err := s.current.Open(nil, nonce, ct, []byte(where)); err == nil {
		return string(p), true, nil
	}
	if s.previous != nil {
		if p, err := s.previous.Open(nil, nonce, ct, []byte(where)); err == nil {
			return string(p), false, nil
		}
	}
	return "", false, errors.New("db: a sealed value opens with neither the current nor the previous instance key (was the key file replaced?)")
}

// NewKey returns a fresh instance key.
func NewKey() []byte {
	key := make([]byte, KeySize)
	rand.Read(key)
	return key
}

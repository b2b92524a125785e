package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/jmoiron/sqlx"

	"till/db"
)

// The key files under TILL_DATA_DIR: the current key, and during a
// rotation the previous one. Each holds one line, the key in base64, as
// TILL_SECRET_KEY does.
const (
	keyFile         = "secret.key"
	previousKeyFile = "secret.key.previous"
)

// parseKey decodes an instance key: the standard base64 of 32 bytes, what
// `openssl rand -base64 32` prints. Its error never quotes the value.
func parseKey(s string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, errors.New("must be base64 (openssl rand -base64 32), and is not")
	}
	if len(key) != db.KeySize {
		return nil, fmt.Errorf("must be the base64 of %d random bytes (openssl rand -base64 32), got %d bytes", db.KeySize, len(key))
	}
	return key, nil
}

// instanceKeys returns the instance's keys, which never live in the
// database: TILL_SECRET_KEY (and TILL_SECRET_KEY_PREVIOUS) when set, else
// the key files under the data directory. Without either, the key file is
// created, holding the key an older installation kept in its database if
// there is one (said in one line on out), so that its client secrets and
// form tokens keep working, else a new random key, unless the database
// already holds secrets sealed with another key. Several instances share
// a key by sharing the variable or the file.
func instanceKeys(ctx context.Context, cfg config, conn *sqlx.DB, out io.Writer) (db.Keys, error) {
	if cfg.SecretKey != nil {
		return db.Keys{Current: cfg.SecretKey, Previous: cfg.SecretKeyPrevious}, nil
	}
	path := filepath.Join(cfg.DataDir, keyFile)
	current, err := readKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		current, err = createKeyFile(ctx, path, conn, out)
	}
	if err != nil {
		return db.Keys{}, err
	}
	previous, err := readKeyFile(filepath.Join(cfg.DataDir, previousKeyFile))
	if errors.Is(err, fs.ErrNotExist) {
		return db.Keys{Current: current}, nil
	}
	return db.Keys{Current: current, Previous: previous}, err
}

func readKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := parseKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("the key file %s %v", path, err)
	}
	return key, nil
}

// createKeyFile writes the key file (mode 0600) with the database's legacy
// key or a new one. The file appears whole or not at all, and only once:
// it is written aside and linked into place, so of several instances
// starting at once on a shared data directory the first wins and the others
// read its key.
func createKeyFile(ctx context.Context, path string, conn *sqlx.DB, out io.Writer) ([]byte, error) {
	key, err := db.LegacyInstanceKey(ctx, conn)
	if err != nil {
		return nil, err
	}
	moved := key != nil
	if !moved {
		// A lost key file must not be replaced quietly: the database's
		// webhook secrets would be sealed for good.
		sealed, err := db.HoldsSealedSecrets(ctx, conn)
		if err != nil {
			return nil, err
		}
		if sealed {
			return nil, fmt.Errorf("no instance key: %s is missing and TILL_SECRET_KEY is unset, but the database holds webhook secrets sealed with a key; restore the key file or set TILL_SECRET_KEY (a new key could not open them)", path)
		}
		key = db.NewKey()
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), keyFile+".*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(base64.StdEncoding.EncodeToString(key) + "\n"); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil { // CreateTemp made it 0600
		return nil, err
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return readKeyFile(path)
	} else if err != nil {
		return nil, err
	}
	if moved {
		fmt.Fprintf(out, "moved the instance key from the database to %s (the database keeps it no longer)\n", path)
	}
	return key, nil
}

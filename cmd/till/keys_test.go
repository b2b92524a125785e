package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/pressly/goose/v3"

	"till/db"
)

func TestSecretKeyConfig(t *testing.T) {
	good := base64.StdEncoding.EncodeToString(db.NewKey())
	for name, tc := range map[string]struct {
		vars map[string]string
		want string // in the error; "" for none
	}{
		"Valid":          {map[string]string{"TILL_SECRET_KEY": good}, ""},
		"NotBase64":      {map[string]string{"TILL_SECRET_KEY": "not*base64!"}, "TILL_SECRET_KEY must be base64"},
		"Short":          {map[string]string{"TILL_SECRET_KEY": "c2hvcnQ="}, "TILL_SECRET_KEY must be the base64 of 32 random bytes"},
		"PreviousAlone":  {map[string]string{"TILL_SECRET_KEY_PREVIOUS": good}, "TILL_SECRET_KEY_PREVIOUS is set without TILL_SECRET_KEY"},
		"PreviousBroken": {map[string]string{"TILL_SECRET_KEY": good, "TILL_SECRET_KEY_PREVIOUS": "c2hvcnQ="}, "TILL_SECRET_KEY_PREVIOUS must be"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := loadConfig(env(tc.vars))
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("loadConfig = %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("loadConfig = %v, want %q", err, tc.want)
			case err != nil && (strings.Contains(err.Error(), "not*base64!") || strings.Contains(err.Error(), "c2hvcnQ=")):
				t.Errorf("the error quotes the key: %v", err)
			}
		})
	}
}

// TestKeyFileCreatedOnce: the first start writes a key file readable by its
// owner only and prints nothing of it; later starts use the same key.
func TestKeyFileCreatedOnce(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"DATABASE_URL": emptyDatabase(t), "TILL_DATA_DIR": dir}
	out, err := runCmd(t, context.Background(), vars, "migrate")
	if err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	path := filepath.Join(dir, "secret.key")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", info.Mode().Perm())
	}
	first, _ := os.ReadFile(path)
	if key, err := parseKey(string(first)); err != nil || len(key) != db.KeySize {
		t.Fatalf("key file holds %d bytes (%v)", len(key), err)
	}
	if strings.Contains(out, strings.TrimSpace(string(first))) {
		t.Errorf("migrate printed the key:\n%s", out)
	}
	if out, err := runCmd(t, context.Background(), vars, "migrate"); err != nil {
		t.Fatalf("migrate again: %v\n%s", err, out)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, first) {
		t.Errorf("a second start replaced the key file")
	}

	// Once the database holds a sealed webhook secret, a lost key file is
	// an error, not a new key.
	conn := sqlx.MustConnect("postgres", vars["DATABASE_URL"])
	defer conn.Close()
	if _, err := conn.Exec(`INSERT INTO accounts (id, name, created) VALUES ('acct_lost', 'Shop', 1);
		INSERT INTO webhook_endpoints (id, account_id, livemode, url, enabled_events, secret, status, created)
		VALUES ('we_lost', 'acct_lost', false, 'https://hooks.example/', '{*}', 'sealed', 'enabled', 1)`); err != nil {
		t.Fatal(err)
	}
	os.Remove(path)
	out, err = runCmd(t, context.Background(), vars, "migrate")
	if err == nil || !strings.Contains(err.Error(), "restore the key file") {
		t.Fatalf("migrate with the key file lost and a sealed secret stored: %v\n%s", err, out)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a new key file was made: %v", err)
	}
}

// TestLegacyKeyMovedAndRotated: an installation from before the key left
// the database keeps its key (moved into the key file, once, in one line)
// and its webhook secrets (sealed by the migration); a rotation then seals
// them again under the new key, so the old one can be retired.
func TestLegacyKeyMovedAndRotated(t *testing.T) {
	ctx := context.Background()
	dsn := emptyDatabase(t)
	raw := sqlx.MustConnect("postgres", dsn)
	defer raw.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, raw.DB, db.MigrationsFS())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 6); err != nil { // the schema before the key moved out
		t.Fatal(err)
	}
	legacy := db.NewKey()
	const secret = "whsec_legacylegacylegacylegacylegacy12"
	raw.MustExec(`INSERT INTO instance_keys (name, key) VALUES ('client_secret', $1)`, legacy)
	raw.MustExec(`INSERT INTO accounts (id, name, created) VALUES ('acct_legacy', 'Shop', 1)`)
	raw.MustExec(`INSERT INTO webhook_endpoints (id, account_id, livemode, url, enabled_events, secret, status, created)
		VALUES ('we_legacy', 'acct_legacy', false, 'https://shop.example/hook', '{*}', $1, 'enabled', 1)`, secret)
	body := `{"id": "we_legacy", "secret": "` + secret + `"}`
	raw.MustExec(`INSERT INTO idempotency_keys (account_id, livemode, key, method, path, fingerprint, request_id,
		response_status, response_body, created_at) VALUES ('acct_legacy', false, 'k', 'POST', '/v1/webhook_endpoints', 'f', 'req_1', 200, $1, now())`, []byte(body))

	dir := t.TempDir()
	vars := map[string]string{"DATABASE_URL": dsn, "TILL_DATA_DIR": dir}
	out, err := runCmd(t, ctx, vars, "migrate")
	if err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	if n := strings.Count(out, "moved the instance key from the database"); n != 1 {
		t.Errorf("migrate said %d times that it moved the key:\n%s", n, out)
	}
	moved, err := readKeyFile(filepath.Join(dir, "secret.key"))
	if err != nil || !bytes.Equal(moved, legacy) {
		t.Fatalf("key file = %x (%v), want the database's key", moved, err)
	}
	var tables int
	raw.Get(&tables, `SELECT count(*) FROM pg_tables WHERE tablename = 'instance_keys'`)
	var clear int
	raw.Get(&clear, `SELECT (SELECT count(*) FROM webhook_endpoints WHERE secret LIKE '%whsec_%')
		+ (SELECT count(*) FROM idempotency_keys WHERE position(convert_to('whsec_', 'UTF8') IN response_body) > 0)`)
	if tables != 0 || clear != 0 {
		t.Errorf("after migrate: instance_keys tables %d, rows with a secret in clear %d; want none", tables, clear)
	}
	opened := func(keys db.Keys) (string, error) {
		store, err := db.NewStore(sqlx.MustConnect("postgres", dsn), keys, time.Now)
		if err != nil {
			return "", err
		}
		defer store.Close()
		e, err := store.FindWebhookEndpoint(ctx, "acct_legacy", "we_legacy")
		if err != nil {
			return "", err
		}
		return e.Secret, nil
	}
	if got, err := opened(db.Keys{Current: legacy}); got != secret {
		t.Errorf("endpoint secret = %q (%v), want the one it had", got, err)
	}

	// Rotation: the new key current, the legacy one previous.
	fresh := db.NewKey()
	vars["TILL_SECRET_KEY"] = base64.StdEncoding.EncodeToString(fresh)
	vars["TILL_SECRET_KEY_PREVIOUS"] = base64.StdEncoding.EncodeToString(legacy)
	if out, err := runCmd(t, ctx, vars, "migrate"); err != nil || !strings.Contains(out, "sealed the signing secrets of 1 webhook endpoint(s)") {
		t.Fatalf("migrate with a previous key: %v\n%s", err, out)
	}
	if got, err := opened(db.Keys{Current: fresh}); got != secret {
		t.Errorf("after the rotation, with the new key alone, endpoint secret = %q (%v)", got, err)
	}
}

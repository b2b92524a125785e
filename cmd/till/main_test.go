package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"till"
	"till/db/dbtest"
)

// env returns a getenv over the given variables.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func runCmd(t *testing.T, ctx context.Context, vars map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(ctx, args, env(vars), nil, &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestVersion(t *testing.T) {
	out, err := runCmd(t, context.Background(), nil, "version")
	if err != nil || !strings.HasPrefix(out, "till ") {
		t.Fatalf("version = %q, %v", out, err)
	}
}

func TestConfigValidation(t *testing.T) {
	_, err := runCmd(t, context.Background(), map[string]string{
		"DATABASE_URL": "mysql://x", "TILL_ADDR": "nope", "TILL_PUBLIC_URL": "ftp://x", "TILL_LOG_FORMAT": "xml",
	}, "migrate")
	if err == nil {
		t.Fatal("invalid configuration accepted")
	}
	for _, want := range []string{"DATABASE_URL", "TILL_ADDR", "TILL_PUBLIC_URL", "TILL_LOG_FORMAT"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if n := strings.Count(err.Error(), "\n"); n != 4 {
		t.Errorf("error has %d lines after the first, want one per problem (4):\n%s", n, err)
	}
}

func TestAccountsCreateJSON(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": dbtest.New(t), "TILL_DATA_DIR": t.TempDir()}
	out, err := runCmd(t, context.Background(), vars, "accounts", "create", "--name", "Shop", "--json")
	if err != nil {
		t.Fatal(err, out)
	}
	var got accountKeys
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q is not one JSON object: %v", out, err)
	}
	if !strings.HasPrefix(got.ID, "acct_") || !strings.HasPrefix(got.SecretKey, "sk_test_") || !strings.HasPrefix(got.PublishableKey, "pk_test_") {
		t.Fatalf("keys = %+v", got)
	}
	if n := len(strings.TrimPrefix(got.SecretKey, "sk_test_")); n < 24 {
		t.Errorf("secret key has %d random characters, want at least 24", n)
	}
	// The key is stored as its SHA-256 digest, and api_keys has no other
	// column that could hold it.
	conn := sqlx.MustConnect("postgres", vars["DATABASE_URL"])
	defer conn.Close()
	var digests int
	if err := conn.Get(&digests, `SELECT count(*) FROM api_keys WHERE key_hash = sha256(convert_to($1, 'UTF8'))`, got.SecretKey); err != nil || digests != 1 {
		t.Errorf("rows holding the secret key's digest = %d (%v), want 1", digests, err)
	}
}

func TestServeRefusesOutOfDateSchema(t *testing.T) {
	t.Parallel()
	empty := emptyDatabase(t)
	_, err := runCmd(t, context.Background(), map[string]string{"DATABASE_URL": empty, "TILL_DATA_DIR": t.TempDir(), "TILL_ADDR": "127.0.0.1:0"}, "serve")
	if err == nil || !strings.Contains(err.Error(), "out of date") {
		t.Fatalf("serve on an unmigrated database: err = %v, want a refusal", err)
	}
}

func TestServeMigratesAndAnswers(t *testing.T) {
	t.Parallel()
	dsn := emptyDatabase(t)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	keysFile := filepath.Join(t.TempDir(), "demo.json")
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--migrate", "--demo-keys", keysFile},
			env(map[string]string{"DATABASE_URL": dsn, "TILL_DATA_DIR": t.TempDir(), "TILL_ADDR": addr}), nil, &out, &bytes.Buffer{})
	}()
	base := "http://" + addr
	waitFor(t, base+"/healthz")
	for _, path := range []string{"/healthz", "/readyz"} {
		res, err := http.Get(base + path)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %v, %v", path, res, err)
		}
		res.Body.Close()
	}
	res, err := http.Get(base + "/metrics")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics = %v, %v", res, err)
	}
	res.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v", err)
	}
	if !strings.Contains(out.String(), "sk_test_") || !strings.Contains(out.String(), "curl ") {
		t.Errorf("serve --demo-keys printed no keys and curl command:\n%s", out.String())
	}
}

func emptyDatabase(t *testing.T) string {
	t.Helper()
	admin := sqlx.MustConnect("postgres", dbtest.AdminURL())
	defer admin.Close()
	name := "till_cmd_" + strings.ToLower(till.RandomString(10))
	admin.MustExec("CREATE DATABASE " + name)
	t.Cleanup(func() {
		a := sqlx.MustConnect("postgres", dbtest.AdminURL())
		defer a.Close()
		a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, _ := url.Parse(dbtest.AdminURL())
	u.Path = "/" + name
	return u.String()
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitFor(t *testing.T, u string) {
	t.Helper()
	for range 200 {
		if res, err := http.Get(u); err == nil {
			res.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never answered", u)
}

func TestAccountsUpdate(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": dbtest.New(t), "TILL_DATA_DIR": t.TempDir()}
	ctx := context.Background()
	out, err := runCmd(t, ctx, vars, "accounts", "create", "--name", "Shop", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var keys accountKeys
	json.Unmarshal([]byte(out), &keys)
	if out, err := runCmd(t, ctx, vars, "accounts", "update", keys.ID, "--display-name", "Shop & Co",
		"--accent-color", "#0a7c59", "--logo-url", "https://shop.example/logo.png", "--embed-origins", "https://shop.example, http://localhost:4243",
		"--terms-url", "https://shop.example/terms"); err != nil {
		t.Fatal(err, out)
	}
	if _, err := runCmd(t, ctx, vars, "accounts", "update", keys.ID, "--terms-url", "javascript:alert(1)"); err == nil {
		t.Error("terms URL javascript:alert(1) accepted")
	}
	if _, err := runCmd(t, ctx, vars, "accounts", "update", keys.ID, "--accent-color", "green"); err == nil {
		t.Error("accent colour 'green' accepted")
	}
	if _, err := runCmd(t, ctx, vars, "accounts", "update", keys.ID, "--embed-origins", "https://shop.example/path"); err == nil {
		t.Error("an origin with a path accepted")
	}
	if out, err := runCmd(t, ctx, vars, "accounts", "update", keys.ID, "--api-version", "2025-12-15.clover"); err != nil {
		t.Fatal(err, out)
	}
	if out, err := runCmd(t, ctx, vars, "accounts", "update", keys.ID, "--display-name", "Shop & Co"); err != nil {
		t.Fatal(err, out) // leaves the version as it is
	}
	for _, v := range []string{"2099-01-01.zzz", ""} {
		_, err := runCmd(t, ctx, vars, "accounts", "update", keys.ID, "--api-version", v)
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q is not a Stripe API version", v)) || strings.Contains(err.Error(), "\n") {
			t.Errorf("--api-version %q: %v, want one line refusing it", v, err)
		}
	}
	conn := sqlx.MustConnect("postgres", vars["DATABASE_URL"])
	defer conn.Close()
	var name, color, origins, version, terms string
	conn.QueryRow(`SELECT display_name, accent_color, array_to_string(embed_origins, ' '), api_version, terms_url FROM accounts WHERE id = $1`,
		keys.ID).Scan(&name, &color, &origins, &version, &terms)
	if name != "Shop & Co" || color != "#0a7c59" || origins != "https://shop.example http://localhost:4243" ||
		version != "2025-12-15.clover" || terms != "https://shop.example/terms" {
		t.Errorf("account = %q %q %q %q %q", name, color, origins, version, terms)
	}
}

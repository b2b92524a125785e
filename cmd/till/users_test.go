package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"till"
	"till/db/dbtest"
)

// `till users create --password-stdin` reads the password from standard
// input, refuses a short one and a taken email, and stores only a bcrypt
// hash of it.
func TestUsersCreate(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": dbtest.New(t), "TILL_DATA_DIR": t.TempDir()}
	ctx := context.Background()
	out, err := runCmd(t, ctx, vars, "accounts", "create", "--name", "Shop")
	if err != nil {
		t.Fatal(err, out)
	}
	acct := strings.Fields(strings.SplitN(out, "account:", 2)[1])[0]
	create := func(email, password string) (string, error) {
		var stdout, stderr bytes.Buffer
		err := run(ctx, []string{"users", "create", "--account", acct, "--email", email, "--password-stdin"},
			env(vars), strings.NewReader(password+"\n"), &stdout, &stderr)
		return stdout.String() + stderr.String(), err
	}
	if out, err := create("owner@shop.example", "too-short"); err == nil || !strings.Contains(err.Error(), "at least 12 characters") {
		t.Errorf("a 9-character password: %v\n%s", err, out)
	}
	const password = "correct horse battery"
	out, err = create("Owner@Shop.example", password)
	if err != nil {
		t.Fatal(err, out)
	}
	if !strings.Contains(out, "owner@shop.example") || !strings.Contains(out, acct) {
		t.Errorf("users create printed:\n%s", out)
	}
	if out, err := create("owner@shop.example", "another long password"); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("a taken email: %v\n%s", err, out)
	}
	if err := run(ctx, []string{"users", "create", "--account", acct, "--email", "x@shop.example"}, env(vars), strings.NewReader(""),
		&bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Error("users create without --password-stdin succeeded")
	}

	conn := sqlx.MustConnect("postgres", vars["DATABASE_URL"])
	defer conn.Close()
	var hash []byte
	if err := conn.Get(&hash, `SELECT password_hash FROM dashboard_users WHERE email = 'owner@shop.example'`); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(hash), "$2a$") || strings.Contains(string(hash), password) {
		t.Errorf("stored password_hash %q is not a bcrypt hash", hash)
	}
	if !(&till.DashboardUser{PasswordHash: hash}).PasswordMatches(password) {
		t.Error("the stored hash does not match the password")
	}
}

// make run's demo user: made once with the demo account, its password kept
// in the demo keys file, and the same on every later start.
func TestDemoDashboardUser(t *testing.T) {
	t.Parallel()
	store := dbtest.NewStore(t, time.Now)
	path := filepath.Join(t.TempDir(), "demo-keys.json")
	first, err := ensureDemoAccount(context.Background(), store, path)
	if err != nil {
		t.Fatal(err)
	}
	if first.DashboardEmail == "" || len(first.DashboardPassword) < till.MinDashboardPassword {
		t.Fatalf("demo keys = %+v", first)
	}
	again, err := ensureDemoAccount(context.Background(), store, path)
	if err != nil {
		t.Fatal(err)
	}
	if again != first {
		t.Errorf("second start: %+v, want the first's %+v", again, first)
	}
	if _, err := till.NewDashboardAuth(store).SignIn(context.Background(), first.DashboardEmail, first.DashboardPassword, "127.0.0.1"); err != nil {
		t.Errorf("the demo user cannot sign in: %v", err)
	}
	var out bytes.Buffer
	printDemo(&out, config{PublicURL: "http://localhost:4242"}, first)
	if !strings.Contains(out.String(), first.DashboardPassword) || !strings.Contains(out.String(), "/dashboard") {
		t.Errorf("printDemo:\n%s", out.String())
	}
}

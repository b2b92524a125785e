package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"till/db"
	"till/db/dbtest"
)

func TestWebhooksRollSecret(t *testing.T) {
	t.Parallel()
	dsn := dbtest.New(t)
	addr := freeAddr(t)
	vars := map[string]string{"DATABASE_URL": dsn, "TILL_DATA_DIR": t.TempDir(), "TILL_ADDR": addr, "TILL_PUBLIC_URL": "http://" + addr}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, err := runCmd(t, ctx, vars, "accounts", "create", "--name", "Shop", "--json")
	if err != nil {
		t.Fatal(err, out)
	}
	var keys accountKeys
	if err := json.Unmarshal([]byte(out), &keys); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); run(ctx, []string{"serve"}, env(vars), nil, io.Discard, io.Discard) }()
	defer func() { cancel(); <-done }()
	waitFor(t, "http://"+addr+"/healthz")

	req, _ := http.NewRequest("POST", "http://"+addr+"/v1/webhook_endpoints", strings.NewReader(url.Values{
		"url": {"https://shop.example/webhook"}, "enabled_events[]": {"*"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(keys.SecretKey, "")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var we struct{ ID, Secret string }
	json.NewDecoder(res.Body).Decode(&we)
	res.Body.Close()

	// The secrets are sealed at rest: a roll moves the sealed secret to
	// previous_secret, and the new one opens with the instance key.
	conn := sqlx.MustConnect("postgres", dsn)
	defer conn.Close()
	var sealedBefore string
	if err := conn.Get(&sealedBefore, `SELECT secret FROM webhook_endpoints WHERE id = $1`, we.ID); err != nil {
		t.Fatal(err)
	}
	vars["TILL_API_KEY"] = keys.SecretKey
	out, err = runCmd(t, ctx, vars, "webhooks", "roll-secret", we.ID, "--overlap", "2h")
	if err != nil {
		t.Fatal(err, out)
	}
	m := regexp.MustCompile(`new signing secret (whsec_[A-Za-z0-9]+)`).FindStringSubmatch(out)
	if m == nil || m[1] == we.Secret || !strings.Contains(out, "2h0m0s") {
		t.Fatalf("roll-secret printed %q, want a new secret and the overlap", out)
	}
	var previous string
	var hours float64
	err = conn.QueryRow(`SELECT previous_secret, extract(epoch FROM previous_secret_expires_at - now()) / 3600
		FROM webhook_endpoints WHERE id = $1`, we.ID).Scan(&previous, &hours)
	if err != nil || previous != sealedBefore || hours < 1.9 || hours > 2 {
		t.Errorf("endpoint after roll-secret: previous %q for %.2f h (%v), want the secret before the roll", previous, hours, err)
	}
	instanceKey, err := readKeyFile(filepath.Join(vars["TILL_DATA_DIR"], keyFile))
	if err != nil {
		t.Fatal(err)
	}
	store, err := db.NewStore(sqlx.MustConnect("postgres", dsn), db.Keys{Current: instanceKey}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if e, err := store.FindWebhookEndpoint(ctx, keys.ID, we.ID); err != nil || e.Secret != m[1] {
		t.Errorf("endpoint secret after roll-secret = %v (%v), want %s", e, err, m[1])
	}
	for _, args := range [][]string{
		{"webhooks", "roll-secret"},
		{"webhooks", "roll-secret", we.ID, "--overlap", "-1h"},
		{"webhooks", "roll-secret", we.ID, "--overlap", "1500ms"},
		{"webhooks", "roll-secret", "we_nope"},
		{"webhooks", "roll-secret", we.ID, "--overlap", "200h"}, // over the API's week
	} {
		if out, err := runCmd(t, ctx, vars, args...); err == nil {
			t.Errorf("%v accepted: %s", args, out)
		}
	}
}

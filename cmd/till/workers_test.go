package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"
)

func TestConfigWebhookLines(t *testing.T) {
	for _, tc := range []struct {
		name, cidrs, schedule string
		ok                    bool
	}{
		{"OKDefaults", "", "", true},
		{"OKLoopback", "127.0.0.0/8,::1/128", "1s,2s", true},
		{"ErrCIDR", "127.0.0.1", "", false},
		{"ErrSchedule", "", "1m,soon", false},
		{"ErrNegative", "", "-1s", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := loadConfig(env(map[string]string{"TILL_WEBHOOK_ALLOW_CIDRS": tc.cidrs, "TILL_WEBHOOK_RETRY_SCHEDULE": tc.schedule}))
			if (err == nil) != tc.ok {
				t.Fatalf("loadConfig = %v, want ok=%v", err, tc.ok)
			}
			if !tc.ok && !strings.Contains(err.Error(), "TILL_WEBHOOK_") {
				t.Errorf("error %q names no variable", err)
			}
			if tc.name == "OKLoopback" && (len(cfg.WebhookAllowCIDRs) != 2 || len(cfg.WebhookRetrySchedule) != 2) {
				t.Errorf("cfg = %+v", cfg)
			}
		})
	}
}

func TestConfigWorkerIntervals(t *testing.T) {
	cfg, err := loadConfig(env(nil))
	if err != nil || cfg.WebhookTimeout != 10*time.Second || cfg.WebhookLease != time.Minute ||
		cfg.WebhookPoll != time.Second || cfg.SweepInterval != 10*time.Second {
		t.Fatalf("defaults = %+v, %v", cfg, err)
	}
	cfg, err = loadConfig(env(map[string]string{"TILL_WEBHOOK_TIMEOUT": "1s", "TILL_WEBHOOK_LEASE": "3s",
		"TILL_WEBHOOK_POLL": "50ms", "TILL_SWEEP_INTERVAL": "100ms"}))
	if err != nil || cfg.WebhookTimeout != time.Second || cfg.WebhookLease != 3*time.Second ||
		cfg.WebhookPoll != 50*time.Millisecond || cfg.SweepInterval != 100*time.Millisecond {
		t.Fatalf("short intervals = %+v, %v", cfg, err)
	}
	for name, vars := range map[string]map[string]string{
		"TILL_WEBHOOK_LEASE":   {"TILL_WEBHOOK_LEASE": "5s"}, // not above the 10 s timeout
		"TILL_WEBHOOK_TIMEOUT": {"TILL_WEBHOOK_TIMEOUT": "0s"},
		"TILL_WEBHOOK_POLL":    {"TILL_WEBHOOK_POLL": "often"},
		"TILL_SWEEP_INTERVAL":  {"TILL_SWEEP_INTERVAL": "-1s"},
	} {
		if _, err := loadConfig(env(vars)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%v: err = %v, want one naming %s", vars, err, name)
		}
	}
}

// TestServeDeliversWebhooks runs `till serve` with loopback allowed: an
// event made through the API reaches a local endpoint, signed, and serve
// stops cleanly afterwards.
func TestServeDeliversWebhooks(t *testing.T) {
	t.Parallel()
	dsn := emptyDatabase(t)
	addr := freeAddr(t)
	got := make(chan string, 10)
	var secret atomic.Value
	secret.Store("")
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ev, err := webhook.ConstructEvent(body, r.Header.Get("Stripe-Signature"), secret.Load().(string))
		if err != nil {
			t.Errorf("delivery does not verify: %v", err)
		}
		got <- string(ev.Type)
	}))
	defer recv.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	keysFile := filepath.Join(t.TempDir(), "demo.json")
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--migrate", "--demo-keys", keysFile},
			env(map[string]string{"DATABASE_URL": dsn, "TILL_DATA_DIR": t.TempDir(), "TILL_ADDR": addr, "TILL_WEBHOOK_ALLOW_CIDRS": "127.0.0.0/8"}),
			nil, &bytes.Buffer{}, &bytes.Buffer{})
	}()
	base := "http://" + addr
	waitFor(t, base+"/healthz")
	var keys accountKeys
	for range 100 {
		if b, err := os.ReadFile(keysFile); err == nil && json.Unmarshal(b, &keys) == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	post := func(path string, form url.Values) map[string]any {
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(keys.SecretKey, "")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var m map[string]any
		json.NewDecoder(res.Body).Decode(&m)
		if res.StatusCode != 200 {
			t.Fatalf("POST %s = %d %v", path, res.StatusCode, m)
		}
		return m
	}
	we := post("/v1/webhook_endpoints", url.Values{"url": {recv.URL + "/hook"}, "enabled_events[]": {"customer.created"}})
	s, _ := we["secret"].(string)
	secret.Store(s)
	post("/v1/customers", url.Values{"email": {"a@example.com"}})
	select {
	case typ := <-got:
		if typ != "customer.created" {
			t.Errorf("delivered %s, want customer.created", typ)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no delivery within 30 s")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v", err)
	}
}

package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"till/web"
)

// TestDashboardProbesOnTill seeds a small account as the bench seeds its
// 100,000 sessions and requests every probe: each list answers 200 to the
// signed-in user (a probe that breaks with the dashboard fails here, not in
// the middle of a bench run).
func TestDashboardProbesOnTill(t *testing.T) {
	ctx := context.Background()
	_, conn, store := benchDatabase(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	app := web.New(web.Config{PublicURL: "http://" + ln.Addr().String()}, store, slog.New(slog.NewTextHandler(io.Discard, nil)), web.NewMetrics())
	go app.Listener(web.Lingering(ln))
	t.Cleanup(func() { app.ShutdownWithTimeout(5 * time.Second) })
	b := bench{cfg: short, till: ln.Addr().String(), conn: conn}

	probes, cookie, err := b.seedDashboard(ctx, store, 300)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.probeDashboard(probes, cookie); err != nil {
		t.Fatal(err)
	}
	for _, p := range probes {
		if p.res.requests != dashboardProbeRuns {
			t.Errorf("%s: %d requests, want %d", p.name, p.res.requests, dashboardProbeRuns)
		}
	}
}

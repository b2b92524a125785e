package main

import (
	"strings"
	"testing"
	"time"
)

// per is a result of n requests in one second, each taking d.
func per(n int, d time.Duration) result {
	lat := make([]time.Duration, n)
	for i := range lat {
		lat[i] = d
	}
	return result{requests: n, elapsed: time.Second, latencies: lat}
}

// TestReportMedians checks the summary takes each measurement's median
// round by its ratio to that round's baseline, marks the targets, and
// notes a payment run that used up its sessions.
func TestReportMedians(t *testing.T) {
	rounds := []round{
		{pgbench: 1000, create: per(600, time.Millisecond), stripeMock: per(1000, time.Millisecond), page: per(500, time.Millisecond), pay: per(100, time.Millisecond)},
		{pgbench: 2000, create: per(1000, 2*time.Millisecond), stripeMock: per(4000, time.Millisecond), page: per(2400, 3*time.Millisecond), pay: per(900, 4*time.Millisecond)},
		{pgbench: 4000, create: per(800, time.Millisecond), stripeMock: per(1000, time.Millisecond), page: per(3000, time.Millisecond), pay: per(2400, time.Millisecond)},
	}
	rounds[2].pay.ranOut, rounds[2].paySessions = true, 2400
	var b strings.Builder
	report(&b, rounds, "v1.2.3")
	out := b.String()
	for _, want := range []string{
		"| 2 | 2000 | 1000 | 0.50 | 4000 | 0.25 | 2400 | 1.20 | 900 | 0.45 |",
		"| pgbench single-row INSERT transaction (baseline) | 2000 | | | 1.00 | | |",
		// Ratios 0.60, 0.50, 0.20; Till / stripe-mock 0.60, 0.25, 0.80.
		"| `POST /v1/checkout/sessions` (Till) | 1000 | 2.0 ms | 2.0 ms | 0.50 |  | 0.60 |",
		// Ratios 0.50, 1.20, 0.75.
		"| `GET /c/pay/{id}` (hosted page) | 3000 | 1.0 ms | 1.0 ms | 0.75 | ≥ 1.00 ✘ |  |",
		// Ratios 0.10, 0.45, 0.60.
		"| `POST /c/pay/{id}` (pay, 303) | 900 | 4.0 ms | 4.0 ms | 0.45 | ≥ 0.50 ✘ |  |",
		"stripe-mock v1.2.3",
		"Round 3's payments used all 2400 sessions",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no line %q in:\n%s", want, out)
		}
	}
}

func TestParseProcStat(t *testing.T) {
	// A backend's line, its command name with a space and a parenthesis.
	stat := "4242 (postgres: x) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 75 0 0 20 0 1 0 100 0 0"
	got, err := parseProcStat(stat)
	if err != nil || got != 3250*time.Millisecond {
		t.Errorf("got %v, %v; want 325 ticks of 10 ms", got, err)
	}
	if _, err := parseProcStat("4242 (truncated"); err == nil {
		t.Error("a line without its command's end parsed")
	}
}

// TestReportCPU prints each measurement's median CPU time per request, and
// nothing for PostgreSQL's when a round could not read it.
func TestReportCPU(t *testing.T) {
	rounds := make([]round, 3)
	for i := range rounds {
		rounds[i] = round{pgbench: 1000, create: per(100, time.Millisecond), stripeMock: per(100, time.Millisecond),
			page: per(1000, time.Millisecond), pay: per(100, time.Millisecond)}
		// 100, 200 and 300 µs per view of Till's, 50, 100, 150 of PostgreSQL's.
		rounds[i].page.cpu = cpuUse{till: time.Duration(i+1) * 100 * time.Millisecond,
			postgres: time.Duration(i+1) * 50 * time.Millisecond, postgresKnown: true}
		rounds[i].pay.cpu = cpuUse{till: 100 * time.Millisecond, postgresKnown: i != 1}
	}
	var b strings.Builder
	report(&b, rounds, "v1.2.3")
	for _, want := range []string{
		"| `GET /c/pay/{id}` (hosted page) | 200 µs | 100 µs |",
		"| `POST /c/pay/{id}` (pay, 303) | 1000 µs |  |",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no line %q in:\n%s", want, b.String())
		}
	}
}

// TestReportFloors takes each floor's median round by its ratio to that
// round's own baseline, beside the median ratio of Till's measurement.
func TestReportFloors(t *testing.T) {
	floors := []floor{
		{pgbench: 1000, pageRead: 900, leastRead: 2000, paymentWrites: 100, paymentWritesBatched: 300},
		{pgbench: 2000, pageRead: 1000, leastRead: 3000, paymentWrites: 400, paymentWritesBatched: 800},
		{pgbench: 4000, pageRead: 2800, leastRead: 4000, paymentWrites: 200, paymentWritesBatched: 1000},
	}
	rounds := []round{{pgbench: 1000, page: per(400, time.Millisecond), pay: per(100, time.Millisecond)}}
	var b strings.Builder
	reportFloors(&b, floors, rounds)
	for _, want := range []string{
		// Ratios 0.90, 0.50, 0.70.
		"| find-checkout, the hosted page's read | 2800 | 0.70 | `GET /c/pay/{id}` (hosted page) | 0.40 |",
		// Ratios 2.00, 1.50, 1.00.
		"| the least read a page could make: its session and account by key | 3000 | 1.50 |",
		// Ratios 0.10, 0.20, 0.05.
		"| a payment's fewest writes, a commit each | 100 | 0.10 | `POST /c/pay/{id}` (pay, 303) | 0.10 |",
		// Ratios 0.30, 0.40, 0.25.
		"| the same, batched as Till's records are (two writers) | 300 | 0.30 |",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no line %q in:\n%s", want, b.String())
		}
	}
}

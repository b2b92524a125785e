package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"time"
)

// round is one alternation of the baseline and every measurement.
type round struct {
	pgbench                       float64
	create, stripeMock, page, pay result
	// paySessions is how many open sessions, their form read, the payments
	// had to use.
	paySessions int
}

// measurement is one of a round's results, with the ratio to the baseline
// Till aims at (0: none).
type measurement struct {
	name   string
	of     func(round) result
	target float64
	// versusStripeMock marks Till's creates, compared with stripe-mock's.
	versusStripeMock bool
}

// Creates have no ratio to reach, only to keep (no lower than before), and
// stripe-mock's rate beside them.
var (
	tillCreatesRow = measurement{"`POST /v1/checkout/sessions` (Till)", func(r round) result { return r.create }, 0, true}
	mockCreatesRow = measurement{"`POST /v1/checkout/sessions` (stripe-mock)", func(r round) result { return r.stripeMock }, 0, false}
	pageViewsRow   = measurement{"`GET /c/pay/{id}` (hosted page)", func(r round) result { return r.page }, 1.0, false}
	paymentsRow    = measurement{"`POST /c/pay/{id}` (pay, 303)", func(r round) result { return r.pay }, 0.5, false}
)

// ratio is the measurement's rate over the same round's baseline.
func (m measurement) ratio(r round) float64 { return m.of(r).rate() / r.pgbench }

// tillOverStripeMock is a round's create rate over stripe-mock's.
func tillOverStripeMock(r round) float64 { return r.create.rate() / r.stripeMock.rate() }

// report prints the rounds and the summary as Markdown tables, to paste
// into the README.
func report(w io.Writer, rounds []round, stripeMockVersion string) {
	fmt.Fprintln(w, "| round | pgbench tx/s | creates/s | ratio | stripe-mock creates/s | Till / stripe-mock | page views/s | ratio | payments/s | ratio |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
	for i, r := range rounds {
		fmt.Fprintf(w, "| %d | %.0f | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f |\n", i+1, r.pgbench,
			r.create.rate(), tillCreatesRow.ratio(r), r.stripeMock.rate(), tillOverStripeMock(r),
			r.page.rate(), pageViewsRow.ratio(r), r.pay.rate(), paymentsRow.ratio(r))
	}
	fmt.Fprintln(w)

	fmt.Fprintf(w, "| measurement (median round of %d) | per second | p50 | p99 | ratio to baseline | target | Till / stripe-mock |\n", len(rounds))
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	baseline := median(rounds, func(r round) float64 { return r.pgbench })
	fmt.Fprintf(w, "| pgbench single-row INSERT transaction (baseline) | %.0f | | | 1.00 | | |\n", baseline.pgbench)
	for _, m := range []measurement{tillCreatesRow, mockCreatesRow, pageViewsRow, paymentsRow} {
		r := median(rounds, m.ratio)
		res := m.of(r)
		target, versus := "", ""
		if m.target > 0 {
			target = fmt.Sprintf("≥ %.2f %s", m.target, met(m.ratio(r) >= m.target))
		}
		if m.versusStripeMock {
			versus = fmt.Sprintf("%.2f", tillOverStripeMock(median(rounds, tillOverStripeMock)))
		}
		fmt.Fprintf(w, "| %s | %.0f | %s | %s | %.2f | %s | %s |\n", m.name, res.rate(),
			ms(res.quantile(0.5)), ms(res.quantile(0.99)), m.ratio(r), target, versus)
	}
	fmt.Fprintln(w)

	fmt.Fprintf(w, "| CPU time per request (median of %d rounds) | Till's process, with the load client | the database's PostgreSQL backends |\n", len(rounds))
	fmt.Fprintln(w, "|---|---|---|")
	for _, m := range []measurement{tillCreatesRow, pageViewsRow, paymentsRow} {
		fmt.Fprintf(w, "| %s | %s | %s |\n", m.name, medianCPU(rounds, m, false), medianCPU(rounds, m, true))
	}
	fmt.Fprintln(w)

	fmt.Fprintf(w, "Each ratio is a rate over the same round's pgbench rate; a row is its median round's. stripe-mock %s\n", stripeMockVersion)
	fmt.Fprintln(w, "gets the same create request from the same client and connections as Till, in the same rounds.")
	fmt.Fprintln(w, "Page views go over the round's sessions (from its creates); each payment is on a session whose")
	fmt.Fprintln(w, "form token its page view read (the GET is not in the payment's time).")
	for i, r := range rounds {
		if r.pay.ranOut {
			fmt.Fprintf(w, "Round %d's payments used all %d sessions (its creates', their page read) in %.1f s: the rate is over that time.\n", i+1, r.paySessions, r.pay.elapsed.Seconds())
		}
	}
}

// reportFloors prints the floor rounds' medians beside the ratios Till's
// measurements reached.
func reportFloors(w io.Writer, floors []floor, rounds []round) {
	fmt.Fprintln(w)
	fmt.Fprintf(w, "| the database's work alone, by pgbench (median of %d rounds) | per second | ratio to its round's baseline | Till's measurement | its ratio |\n", len(floors))
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, row := range []struct {
		name string
		of   func(floor) float64
		till measurement
	}{
		{"find-checkout, the hosted page's read", func(f floor) float64 { return f.pageRead }, pageViewsRow},
		{"the least read a page could make: its session and account by key", func(f floor) float64 { return f.leastRead }, pageViewsRow},
		{"a payment's fewest writes, a commit each", func(f floor) float64 { return f.paymentWrites }, paymentsRow},
		{"the same, batched as Till's records are (two writers)", func(f floor) float64 { return f.paymentWritesBatched }, paymentsRow},
	} {
		ratio := func(f floor) float64 { return row.of(f) / f.pgbench }
		f := median(floors, ratio)
		fmt.Fprintf(w, "| %s | %.0f | %.2f | %s | %.2f |\n", row.name, row.of(f), ratio(f), row.till.name, row.till.ratio(median(rounds, row.till.ratio)))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "A floor is what PostgreSQL does for a request with nothing else running: no HTTP, no Go, no")
	fmt.Fprintln(w, "rendering. On the same cores a measurement of Till cannot reach its floor's ratio.")
}

// medianCPU is the median over the rounds of a measurement's CPU time per
// request, Till's or PostgreSQL's; "" when a round's is unknown.
func medianCPU(rounds []round, m measurement, postgres bool) string {
	per := func(r round) float64 {
		res := m.of(r)
		d, known := res.cpu.till, true
		if postgres {
			d, known = res.cpu.postgres, res.cpu.postgresKnown
		}
		if n := res.requests - res.errors; known && n > 0 {
			return float64(d.Microseconds()) / float64(n)
		}
		return -1
	}
	if per(median(rounds, per)) < 0 || slices.ContainsFunc(rounds, func(r round) bool { return per(r) < 0 }) {
		return ""
	}
	return fmt.Sprintf("%.0f µs", per(median(rounds, per)))
}

func met(ok bool) string {
	if ok {
		return "✔"
	}
	return "✘"
}

// median is the element whose key is the median (the upper one of an even
// count).
func median[T any](xs []T, key func(T) float64) T {
	return slices.SortedFunc(slices.Values(xs), func(a, b T) int { return cmp.Compare(key(a), key(b)) })[len(xs)/2]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

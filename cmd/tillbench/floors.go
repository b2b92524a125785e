package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/jmoiron/sqlx"

	"till/db"
)

// floor is one round of the database's work alone, under pgbench, from as
// many connections as Till's measurements (the batched writes from two,
// as Till's two writers) and beside a baseline of its own: what a page view and a payment cost PostgreSQL with no HTTP, no
// rendering and no Go in the way. A measurement of Till can run no faster
// than its database's work alone on the same cores, so a floor's ratio
// bounds what its measurement's ratio can reach on this machine.
type floor struct {
	pgbench float64
	// pageRead is find-checkout, the hosted page's one query, as Till
	// prepares it, on the rounds' sessions: transactions/s. leastRead is
	// the least any page read could be: a session and its account by key,
	// with no line items, products, intent or declines.
	pageRead, leastRead float64
	// paymentWrites is payments/s of the fewest rows a Stripe-shaped
	// payment writes (see paymentWritesScript), a payment per statement
	// and commit from every connection; paymentWritesBatched the same with
	// the load's payments in flight (one per connection) written as Till
	// writes a payment's records, batched: two writers, each committing as
	// many payments at once.
	paymentWrites, paymentWritesBatched float64
}

// The tables floors draw their rows from, numbered 1…n so that pgbench's
// random numbers pick them; made anew after Till's rounds.
var floorSources = []struct{ table, from string }{
	{"bench_floor_sessions", "checkout_sessions"},
	{"bench_floor_intents", "payment_intents"},
	{"bench_floor_charges", "charges"},
	{"bench_floor_events", "events"},
}

// floors runs the floor rounds after Till's: their writes are copies of
// the rounds' rows and would weigh on Till's later measurements.
func (b bench) floors(ctx context.Context) ([]floor, error) {
	counts := map[string]int{}
	for _, src := range floorSources {
		_, err := b.conn.ExecContext(ctx, fmt.Sprintf(`DROP TABLE IF EXISTS %[1]s;
			CREATE TABLE %[1]s AS SELECT row_number() OVER () AS n, id FROM %[2]s;
			ALTER TABLE %[1]s ADD PRIMARY KEY (n); ANALYZE %[1]s`, src.table, src.from))
		if err != nil {
			return nil, err
		}
		var n int
		if err := b.conn.GetContext(ctx, &n, "SELECT count(*) FROM "+src.table); err != nil {
			return nil, err
		}
		counts[src.table] = n
	}
	read, err := pageReadScript(counts["bench_floor_sessions"])
	if err != nil {
		return nil, err
	}
	least := fmt.Sprintf(`\set n random(1, %d)
SELECT s.*, a.* FROM checkout_sessions s JOIN accounts a ON a.id = s.account_id WHERE s.id = (SELECT id FROM bench_floor_sessions WHERE n = :n);
`, counts["bench_floor_sessions"])
	writes, err := paymentWritesScript(ctx, b.conn, counts, 1)
	if err != nil {
		return nil, err
	}
	const writers = 2
	batched := b.cfg
	batched.connections = writers
	perBatch := max(1, b.cfg.connections/writers)
	writesBatched, err := paymentWritesScript(ctx, b.conn, counts, perBatch)
	if err != nil {
		return nil, err
	}
	floors := make([]floor, b.cfg.rounds)
	for i := range floors {
		f := &floors[i]
		if err := b.analyze(ctx); err != nil {
			return nil, err
		}
		if f.pgbench, err = runPgbench(ctx, b.dbURL, b.cfg); err != nil {
			return nil, err
		}
		if f.pageRead, err = runPgbenchScript(ctx, b.dbURL, b.cfg, "prepared", read); err != nil {
			return nil, fmt.Errorf("the page read alone: %w", err)
		}
		if f.leastRead, err = runPgbenchScript(ctx, b.dbURL, b.cfg, "prepared", least); err != nil {
			return nil, fmt.Errorf("the least page read: %w", err)
		}
		if f.paymentWrites, err = runPgbenchScript(ctx, b.dbURL, b.cfg, "prepared", writes); err != nil {
			return nil, fmt.Errorf("a payment's writes alone: %w", err)
		}
		if f.paymentWritesBatched, err = runPgbenchScript(ctx, b.dbURL, batched, "prepared", writesBatched); err != nil {
			return nil, fmt.Errorf("payments' writes alone, batched: %w", err)
		}
		f.paymentWritesBatched *= float64(perBatch)
	}
	return floors, nil
}

var placeholder = regexp.MustCompile(`\$([0-9]+)\b`)

// pageReadScript is find-checkout's text with a random session of the
// rounds' for its ID ($1) and no client address ($2, $3), as the bench's
// page views send it.
func pageReadScript(sessions int) (string, error) {
	text, err := db.QueryText("find-checkout")
	if err != nil {
		return "", err
	}
	var bad error
	text = placeholder.ReplaceAllStringFunc(text, func(p string) string {
		switch p {
		case "$1":
			return "(SELECT id FROM bench_floor_sessions WHERE n = :n)"
		case "$2":
			return "''"
		case "$3":
			return "0"
		}
		bad = fmt.Errorf("find-checkout has a parameter %s the floor does not fill", p)
		return p
	})
	return fmt.Sprintf("\\set n random(1, %d)\n%s\n", sessions, oneLine(text)), bad
}

// paymentWritesScript is one statement, and so one commit, that writes
// what k payments write at the least to be Stripe's: each session made
// complete, and a PaymentIntent, a Charge and four events (the intent's
// created and succeeded, the charge's succeeded and the session's
// completed), each a copy of one of the rounds' rows, so of a real one's
// size. It is a generous floor: no claim, no decline count, no customer,
// no idempotency or request log, and a session already complete keeps the
// values its indexes hold.
func paymentWritesScript(ctx context.Context, conn *sqlx.DB, counts map[string]int, k int) (string, error) {
	cols := map[string][]string{}
	for _, table := range []string{"payment_intents", "charges", "events"} {
		var names []string
		err := conn.SelectContext(ctx, &names, `SELECT quote_ident(column_name) FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 AND column_name NOT IN ('id', 'seq')
			  AND is_generated = 'NEVER' AND is_identity = 'NO' ORDER BY ordinal_position`, table)
		if err != nil {
			return "", err
		}
		cols[table] = names
	}
	for _, src := range floorSources {
		if counts[src.table] < 4*k {
			return "", fmt.Errorf("%s has %d rows: the rounds paid too few sessions for a floor", src.from, counts[src.table])
		}
	}
	// copyRows copies n rows of a table from :var on, each with a new id
	// and a new value of every column a unique index holds.
	copyRows := func(table, prefix, source, variable string, n int, unique ...string) string {
		values := make([]string, len(cols[table]))
		for i, c := range cols[table] {
			values[i] = c
			for _, u := range unique {
				if c == u {
					values[i] = "md5(random()::text)"
				}
			}
		}
		return fmt.Sprintf("INSERT INTO %s (id, %s) SELECT '%s' || md5(random()::text), %s FROM %s WHERE id IN (SELECT id FROM %s WHERE n BETWEEN :%s AND :%s + %d) RETURNING 1",
			table, strings.Join(cols[table], ", "), prefix, strings.Join(values, ", "), table, source, variable, variable, n-1)
	}
	var script strings.Builder
	for _, v := range []struct {
		name, table string
		rows        int
	}{{"s", "bench_floor_sessions", k}, {"p", "bench_floor_intents", k}, {"c", "bench_floor_charges", k}, {"e", "bench_floor_events", 4 * k}} {
		fmt.Fprintf(&script, "\\set %s random(1, %d)\n", v.name, counts[v.table]-v.rows+1)
	}
	fmt.Fprintf(&script, "%s\n", oneLine(fmt.Sprintf(`WITH sessions AS (UPDATE checkout_sessions SET status = 'complete', payment_status = 'paid',
		completed_at = extract(epoch from now())::bigint, payment_version = payment_version + 1,
		customer_details = '{"email":"shopper@example.com","name":"Ada Lovelace","address":{"country":"US","postal_code":"94107"}}'
		WHERE id IN (SELECT id FROM bench_floor_sessions WHERE n BETWEEN :s AND :s + %d) RETURNING 1),
	intents AS (%s), charges AS (%s), events AS (%s)
SELECT (SELECT count(*) FROM sessions) + (SELECT count(*) FROM intents) + (SELECT count(*) FROM charges) + (SELECT count(*) FROM events);
`, k-1,
		copyRows("payment_intents", "pi_", "bench_floor_intents", "p", k, "checkout_session_id"),
		copyRows("charges", "ch_", "bench_floor_charges", "c", k),
		copyRows("events", "evt_", "bench_floor_events", "e", 4*k, "object_id"))))
	return script.String(), nil
}

// oneLine is a statement on one line, as pgbench reads one: its words
// joined by single spaces (no literal of the bench's holds two in a row).
func oneLine(sql string) string { return strings.Join(strings.Fields(sql), " ") }

// Command tillbench measures Till's create-session throughput and latency
// under concurrent load, beside the rate pgbench reaches on the same
// PostgreSQL for a plain single-row INSERT transaction, and reports the
// ratio: figures from one run on one machine, so noise cancels out. The
// baseline and the creates alternate for several rounds and the median
// round's ratio is the figure: on a shared machine one pgbench run can land
// on a checkpoint or a noisy neighbour and the next not.
//
// It needs BENCH_DATABASE_URL (a server where it may create the database
// till_bench) and pgbench on PATH or in PostgreSQL's bin directory.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"till"
	"till/db"
	"till/web"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "tillbench:", err)
		os.Exit(1)
	}
}

// settings of a run, from the environment.
type settings struct {
	adminURL    string
	connections int
	duration    time.Duration
	// rounds is how many times the baseline and the creates alternate.
	rounds int
	// paySessions is how many open sessions the pay measurement may use up:
	// each payment completes one.
	paySessions int
}

func loadSettings() (settings, error) {
	s := settings{adminURL: os.Getenv("BENCH_DATABASE_URL"), connections: 32, duration: 10 * time.Second, rounds: 3, paySessions: 4000}
	if s.adminURL == "" {
		return s, fmt.Errorf("BENCH_DATABASE_URL is not set (make bench sets it)")
	}
	if v := os.Getenv("BENCH_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return s, fmt.Errorf("BENCH_SECONDS must be a positive integer")
		}
		s.duration = time.Duration(n) * time.Second
	}
	if v := os.Getenv("BENCH_ROUNDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return s, fmt.Errorf("BENCH_ROUNDS must be a positive integer")
		}
		s.rounds = n
	}
	return s, nil
}

func run(ctx context.Context) error {
	cfg, err := loadSettings()
	if err != nil {
		return err
	}
	benchURL, err := freshDatabase(ctx, cfg.adminURL, "till_bench")
	if err != nil {
		return err
	}
	conn, err := db.Connect(ctx, benchURL)
	if err != nil {
		return err
	}
	defer conn.Close()
	var syncCommit string
	if err := conn.GetContext(ctx, &syncCommit, "SHOW synchronous_commit"); err != nil {
		return err
	}
	if syncCommit != "on" {
		return fmt.Errorf("synchronous_commit is %q: the benchmark measures durable commits only", syncCommit)
	}
	// The bench's database is its own and thrown away: a key of the run's
	// own will do.
	keys := db.Keys{Current: db.NewKey()}
	if _, err := db.Migrate(ctx, conn, keys); err != nil {
		return err
	}
	store, err := db.NewStore(conn, keys, time.Now)
	if err != nil {
		return err
	}
	acct, err := store.CreateAccount(ctx, "Bench")
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	app := web.New(web.Config{PublicURL: base}, store, slog.New(slog.NewTextHandler(io.Discard, nil)), web.NewMetrics())
	go app.Listener(ln)
	defer app.Shutdown()

	fmt.Printf("tillbench: %d connections, %s per measurement, %d rounds, synchronous_commit=%s, GOMAXPROCS=%d\n\n",
		cfg.connections, cfg.duration, cfg.rounds, syncCommit, runtime.GOMAXPROCS(0))

	if path := os.Getenv("BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
		pprof.StartCPUProfile(f) // covers the rounds
	}
	addr := ln.Addr().String()
	rounds := make([]round, cfg.rounds)
	for i := range rounds {
		if rounds[i].pgbench, err = runPgbench(ctx, benchURL, cfg); err != nil {
			return err
		}
		rounds[i].create = load(cfg, addr, http.StatusOK, createRequests(base+"/v1/checkout/sessions", acct.SecretKey))
		if err := rounds[i].create.check("create"); err != nil {
			return err
		}
	}
	pprof.StopCPUProfile()
	fmt.Printf("%-8s %16s %16s %10s %10s %8s\n", "round", "pgbench tx/s", "creates/s", "p50", "p99", "ratio")
	for i, r := range rounds {
		fmt.Printf("%-8d %16.0f %16.0f %10s %10s %8.2f\n", i+1, r.pgbench, r.create.rate(),
			ms(r.create.quantile(0.5)), ms(r.create.quantile(0.99)), r.ratio())
	}
	median := slices.SortedFunc(slices.Values(rounds), func(a, b round) int { return cmp.Compare(a.ratio(), b.ratio()) })[len(rounds)/2]
	pg, create := median.pgbench, median.create
	fmt.Println()

	var pageURL string
	forms, err := openSessions(base, acct.SecretKey, cfg.paySessions)
	if err != nil {
		return err
	}
	pageURL, forms = forms[0].url, forms[1:]
	showRequest := rawRequest(http.MethodGet, pageURL, map[string]string{"Accept-Language": "en-US"}, "")
	show := load(cfg, addr, http.StatusOK, func(int, int) ([]byte, bool) { return showRequest, true })
	if err := show.check("page"); err != nil {
		return err
	}
	pay := load(cfg, addr, http.StatusSeeOther, payRequests(forms))
	if err := pay.check("pay"); err != nil {
		return err
	}

	fmt.Printf("%-40s %12s %10s %10s %8s\n", "measurement (median round)", "per second", "p50", "p99", "ratio")
	fmt.Printf("%-40s %12.0f %10s %10s %8s\n", "pgbench single-row INSERT transaction", pg, "-", "-", "1.00")
	for _, m := range []struct {
		name string
		r    result
	}{{"POST /v1/checkout/sessions", create}, {"GET /c/pay/{id} (hosted page)", show}, {"POST /c/pay/{id} (pay, 303)", pay}} {
		fmt.Printf("%-40s %12.0f %10s %10s %8.2f\n", m.name, m.r.rate(), ms(m.r.quantile(0.5)), ms(m.r.quantile(0.99)), m.r.rate()/pg)
	}
	fmt.Printf("\ncreate-session rate / pgbench rate = %.2f, median of %d rounds (target ≥ 0.50)\n", create.rate()/pg, len(rounds))
	return nil
}

// round is one alternation of the baseline and the creates.
type round struct {
	pgbench float64
	create  result
}

func (r round) ratio() float64 { return r.create.rate() / r.pgbench }

// createBody is a typical create request: one inline line item, URLs,
// metadata and an expansion-free response, as a merchant's backend sends it.
var createBody = url.Values{
	"mode":                                   {"payment"},
	"success_url":                            {"https://shop.example/success?session_id={CHECKOUT_SESSION_ID}"},
	"cancel_url":                             {"https://shop.example/cart"},
	"line_items[0][price_data][currency]":    {"usd"},
	"line_items[0][price_data][unit_amount]": {"1999"},
	"line_items[0][price_data][product_data][name]":        {"T-shirt"},
	"line_items[0][price_data][product_data][description]": {"Organic cotton, size M"},
	"line_items[0][quantity]":                              {"2"},
	"metadata[order_id]":                                   {"6735"},
	"payment_method_types[0]":                              {"card"},
}.Encode()

// result is what one load run measured.
type result struct {
	requests   int
	errors     int
	firstError string
	elapsed    time.Duration
	latencies  []time.Duration
}

// check fails a measurement in which any request failed.
func (r result) check(name string) error {
	if r.errors > 0 {
		return fmt.Errorf("%s: %d of %d requests failed (first: %s)", name, r.errors, r.requests, r.firstError)
	}
	return nil
}

func (r result) rate() float64 { return float64(r.requests-r.errors) / r.elapsed.Seconds() }

func (r result) quantile(q float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[int(q*float64(len(r.latencies)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// load sends the requests next makes from cfg.connections workers for
// cfg.duration or until next has no more (ok=false); each answer must have
// status want. Each worker keeps one HTTP/1.1 connection and writes the
// request bytes itself: a lean client leaves the 2 cores to the server and
// PostgreSQL, whose throughput is what is measured.
func load(cfg settings, addr string, want int, next func(worker, i int) ([]byte, bool)) result {
	var mu sync.Mutex
	var res result
	deadline := time.Now().Add(cfg.duration)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range cfg.connections {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			var errs int
			var first string
			fail := func(err error) {
				errs++
				if first == "" {
					first = err.Error()
				}
			}
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				fail(err)
				return
			}
			defer conn.Close()
			rd := bufio.NewReaderSize(conn, 64<<10)
			for i := 0; time.Now().Before(deadline); i++ {
				req, ok := next(w, i)
				if !ok {
					break
				}
				t0 := time.Now()
				status, err := roundTrip(conn, rd, req)
				lat = append(lat, time.Since(t0))
				if err == nil && status != want {
					err = fmt.Errorf("status %d", status)
				}
				if err != nil {
					fail(err)
					break
				}
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			res.requests += len(lat)
			res.errors += errs
			if res.firstError == "" {
				res.firstError = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	slices.Sort(res.latencies)
	return res
}

// roundTrip writes one request and reads its response (status line,
// headers, Content-Length body) from a kept-alive connection, allocating
// nothing: the client shares the cores with what it measures.
func roundTrip(conn net.Conn, rd *bufio.Reader, req []byte) (int, error) {
	if _, err := conn.Write(req); err != nil {
		return 0, err
	}
	status, length := 0, -1
	for first := true; ; first = false {
		line, err := rd.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if first {
			// HTTP/1.1 200 OK
			if len(line) < 12 {
				return 0, fmt.Errorf("bad status line %q", line)
			}
			if status, err = strconv.Atoi(string(line[9:12])); err != nil {
				return 0, fmt.Errorf("bad status line %q", line)
			}
			continue
		}
		if len(line) == 0 {
			break
		}
		if name, value, ok := bytes.Cut(line, []byte(":")); ok && bytes.EqualFold(name, []byte("Content-Length")) {
			if length, err = strconv.Atoi(string(bytes.TrimSpace(value))); err != nil {
				return 0, fmt.Errorf("bad Content-Length %q", value)
			}
		}
	}
	if length < 0 {
		return 0, fmt.Errorf("response without Content-Length")
	}
	_, err := rd.Discard(length)
	return status, err
}

// rawRequest renders an HTTP/1.1 request as bytes.
func rawRequest(method, target string, headers map[string]string, body string) []byte {
	u, _ := url.Parse(target)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, u.RequestURI(), u.Host)
	for k, v := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	if body != "" {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	}
	b.WriteString("\r\n")
	b.WriteString(body)
	return []byte(b.String())
}

// createRequests makes session-create requests, each with its own
// Idempotency-Key as the SDKs send: one rendered request whose key's last
// characters are rewritten in place for each.
func createRequests(target, key string) func(w, i int) ([]byte, bool) {
	const keyPlaceholder = "bench-0000000000000000"
	template := rawRequest(http.MethodPost, target, map[string]string{
		"Authorization":   "Bearer " + key,
		"Content-Type":    "application/x-www-form-urlencoded",
		"Idempotency-Key": keyPlaceholder,
	}, createBody)
	at := bytes.Index(template, []byte(keyPlaceholder)) + len("bench-")
	run := till.RandomString(4)
	return func(w, i int) ([]byte, bool) {
		req := slices.Clone(template)
		copy(req[at:], fmt.Sprintf("%s%03d%09d", run, w, i))
		return req, true
	}
}

var tokenPattern = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// payForm is one open session's page URL and its form token.
type payForm struct{ url, token string }

// openSessions creates n sessions through the API and fetches each page's
// form token, outside the measurement.
func openSessions(base, key string, n int) ([]payForm, error) {
	out := make([]payForm, 0, n)
	for range n {
		req, _ := http.NewRequest(http.MethodPost, base+"/v1/checkout/sessions", strings.NewReader(createBody))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		var s struct {
			URL string `json:"url"`
		}
		err = json.NewDecoder(resp.Body).Decode(&s)
		resp.Body.Close()
		if err != nil || s.URL == "" {
			return nil, fmt.Errorf("create session: %v", err)
		}
		page, err := http.Get(s.URL)
		if err != nil {
			return nil, err
		}
		b, _ := io.ReadAll(page.Body)
		page.Body.Close()
		m := tokenPattern.FindSubmatch(b)
		if m == nil {
			return nil, fmt.Errorf("no form token on %s", s.URL)
		}
		out = append(out, payForm{s.URL, html.UnescapeString(string(m[1]))})
	}
	return out, nil
}

// payRequests submits each form once with a test card that pays.
func payRequests(forms []payForm) func(w, i int) ([]byte, bool) {
	var mu sync.Mutex
	next := 0
	body := url.Values{"email": {"shopper@example.com"}, "card_number": {"4242 4242 4242 4242"},
		"card_expiry": {"12 / 34"}, "card_cvc": {"123"}, "card_name": {"Ada Lovelace"}, "country": {"US"},
		"postal_code": {"94107"}}
	return func(w, i int) ([]byte, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next == len(forms) {
			return nil, false
		}
		f := forms[next]
		next++
		vals := url.Values{"csrf_token": {f.token}}
		for k, v := range body {
			vals[k] = v
		}
		return rawRequest(http.MethodPost, f.url, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, vals.Encode()), true
	}
}

// runPgbench measures single-row INSERT transactions of about the size of a
// session row, from as many connections, and returns transactions/s.
func runPgbench(ctx context.Context, dbURL string, cfg settings) (float64, error) {
	bin, err := pgbenchPath()
	if err != nil {
		return 0, err
	}
	conn, err := db.Connect(ctx, dbURL)
	if err != nil {
		return 0, err
	}
	_, err = conn.ExecContext(ctx, `DROP TABLE IF EXISTS bench_rows;
		CREATE TABLE bench_rows (seq bigserial UNIQUE, id text PRIMARY KEY, account_id text NOT NULL,
			payload jsonb NOT NULL, created bigint NOT NULL)`)
	conn.Close()
	if err != nil {
		return 0, err
	}
	dir, err := os.MkdirTemp("", "tillbench")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "insert.sql")
	payload := strings.Repeat("x", 600)
	err = os.WriteFile(script, []byte(fmt.Sprintf(
		"INSERT INTO bench_rows (id, account_id, payload, created) VALUES (md5(random()::text || clock_timestamp()::text), 'acct_bench', '{\"p\":\"%s\"}', extract(epoch from now())::bigint);\n", payload)), 0o644)
	if err != nil {
		return 0, err
	}
	cmd := exec.CommandContext(ctx, bin, "-n", "-c", strconv.Itoa(cfg.connections), "-j", "2",
		"-T", strconv.Itoa(int(cfg.duration.Seconds())), "-f", script, dbURL)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("pgbench: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`tps = ([0-9.]+)`).FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("pgbench printed no tps:\n%s", out)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

func pgbenchPath() (string, error) {
	if p, err := exec.LookPath("pgbench"); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pgbench")
	if len(matches) > 0 {
		slices.Sort(matches)
		return matches[len(matches)-1], nil
	}
	return "", fmt.Errorf("pgbench not found: install PostgreSQL's client programs (Debian: postgresql)")
}

// freshDatabase drops and creates name on the server of adminURL and
// returns its URL.
func freshDatabase(ctx context.Context, adminURL, name string) (string, error) {
	admin, err := db.Connect(ctx, adminURL)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return "", err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

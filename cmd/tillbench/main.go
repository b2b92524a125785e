// Command tillbench measures Till's throughput and latency under
// concurrent load on the merchant's path (session creates) and the
// shopper's (hosted page views and payments), each as a ratio to the rate
// pgbench reaches on the same PostgreSQL for a plain single-row INSERT
// transaction, and the creates beside stripe-mock's rate for the same
// request: figures from one run on one machine, so noise cancels out. The
// baseline and the measurements alternate for several rounds and the
// median round's ratio is each figure: on a shared machine one pgbench run
// can land on a checkpoint or a noisy neighbour and the next not.
//
// A round is five measurements of BENCH_SECONDS (10) each: pgbench, Till's
// creates, stripe-mock's, page views and payments; BENCH_ROUNDS (3) of them
// take two and a half minutes. As many floor rounds follow, five pgbench
// runs each (see floor): the database's work alone for a page view and a
// payment, which bounds what Till's can reach on the machine. BENCH_CPUPROFILE names a directory for a
// CPU profile of each of Till's measurements (the load client is in them).
//
// It needs BENCH_DATABASE_URL (a server where it may create a database,
// till_bench_ and a name of the run's own, dropped at its end), pgbench on
// PATH or in PostgreSQL's bin directory, and stripe-mock, which it installs
// with `go install` when missing.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

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
	// rounds is how many times the baseline and the measurements alternate.
	rounds int
	// profiles, when set, is a directory that gets a CPU profile of this
	// process (Till and the load client) per measurement of Till.
	profiles string
}

func loadSettings() (settings, error) {
	s := settings{adminURL: os.Getenv("BENCH_DATABASE_URL"), connections: 32, duration: 10 * time.Second, rounds: 3,
		profiles: os.Getenv("BENCH_CPUPROFILE")}
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
	benchURL, drop, err := freshDatabase(ctx, cfg.adminURL)
	if err != nil {
		return err
	}
	defer drop()
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
	app := web.New(web.Config{PublicURL: "http://" + ln.Addr().String()}, store, slog.New(slog.NewTextHandler(io.Discard, nil)), web.NewMetrics())
	go app.Listener(web.Lingering(ln))
	defer app.Shutdown()
	mock, err := startStripeMock(ctx)
	if err != nil {
		return err
	}
	defer mock.stop()

	fmt.Printf("tillbench: %d connections, %s per measurement, %d rounds, synchronous_commit=%s, GOMAXPROCS=%d, stripe-mock %s\n\n",
		cfg.connections, cfg.duration, cfg.rounds, syncCommit, runtime.GOMAXPROCS(0), mock.version)

	b := bench{cfg: cfg, dbURL: benchURL, conn: conn, till: ln.Addr().String(), stripeMock: mock.addr, key: acct.SecretKey}
	rounds := make([]round, cfg.rounds)
	for i := range rounds {
		b.roundNo = i + 1
		if rounds[i], err = b.round(ctx); err != nil {
			return fmt.Errorf("round %d: %w", i+1, err)
		}
	}
	floors, err := b.floors(ctx)
	if err != nil {
		return fmt.Errorf("floors: %w", err)
	}
	report(os.Stdout, rounds, mock.version)
	reportFloors(os.Stdout, floors, rounds)
	return b.dashboard(ctx, store)
}

// dashboard measures the dashboard's lists on a seeded account, after the
// rounds (its sessions would otherwise weigh on their page views).
func (b bench) dashboard(ctx context.Context, store *db.Store) error {
	n, err := dashboardSessions()
	if err != nil || n == 0 {
		return err
	}
	probes, cookie, err := b.seedDashboard(ctx, store, n)
	if err != nil {
		return err
	}
	if err := b.probeDashboard(probes, cookie); err != nil {
		return err
	}
	fmt.Println()
	reportDashboard(os.Stdout, probes, n)
	return nil
}

// bench is what a round measures: Till and stripe-mock at their addresses,
// with one account's secret key (stripe-mock takes any test key).
type bench struct {
	cfg              settings
	dbURL            string
	conn             *sqlx.DB
	till, stripeMock string
	key              string
	roundNo          int
}

// round runs the baseline and then each measurement once. The payments
// need an open session each (a payment completes its session) and its
// page's form token: the round's creates make the sessions and its page
// views, over those sessions, read the tokens, so nothing is prepared
// outside the measurements but the form's layout (from one page) and the
// requests' bytes.
func (b bench) round(ctx context.Context) (round, error) {
	var r round
	var err error
	if r.pgbench, err = runPgbench(ctx, b.dbURL, b.cfg); err != nil {
		return r, err
	}
	sessions := newCreates("http://"+b.till+"/v1/checkout/sessions", b.key, b.cfg.connections)
	if err := b.analyze(ctx); err != nil {
		return r, err
	}
	if r.create, err = b.measure("creates", b.till, sessions.exchange); err != nil {
		return r, err
	}
	peer := newCreates("http://"+b.stripeMock+"/v1/checkout/sessions", b.key, b.cfg.connections)
	if r.stripeMock, err = b.measure("stripe-mock creates", b.stripeMock, peer.exchange); err != nil {
		return r, err
	}
	urls := sessions.all()
	if len(urls) == 0 {
		return r, fmt.Errorf("creates: no session url in the answers")
	}
	form, err := fetchPayForm(urls[0])
	if err != nil {
		return r, err
	}
	views := newPageViews(urls, form, b.cfg.connections)
	if err := b.analyze(ctx); err != nil {
		return r, err
	}
	if r.page, err = b.measure("page views", b.till, views.exchange); err != nil {
		return r, err
	}
	pay, n := newPayments(urls, views.hidden, form)
	if n == 0 {
		return r, fmt.Errorf("page views: no form token read")
	}
	r.paySessions = n
	r.pay, err = b.measure("payments", b.till, pay)
	return r, err
}

// analyze gathers the statistics of every table written since its last
// ANALYZE, as autovacuum does on any production server, before a
// measurement: a server running without autovacuum (the shared one tests
// use may) leaves a fresh database without statistics, and then the
// planner, seeing indexes of one row, scanned every open session of the
// account in a payment's record, ever slower round after round. A table
// never written is left alone, as autovacuum leaves it: analyzed empty, a
// lookup's plan would scan it once it fills. It runs on a connection
// without Till's statement timeout: ANALYZE of the dashboard's 100,000
// seeded sessions on a busy machine can take longer.
func (b bench) analyze(ctx context.Context) error {
	c, err := b.conn.Connx(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "SET statement_timeout = 0"); err != nil {
		return err
	}
	var tables []string
	if err := c.SelectContext(ctx, &tables,
		"SELECT quote_ident(relname) FROM pg_stat_user_tables WHERE n_mod_since_analyze > 0"); err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := c.ExecContext(ctx, "ANALYZE "+t); err != nil {
			return err
		}
	}
	return nil
}

// measure is one load run that fails if any request did. A run against
// Till is profiled when the settings name a directory for profiles.
func (b bench) measure(name, addr string, x exchange) (result, error) {
	if b.cfg.profiles != "" && addr == b.till {
		path := filepath.Join(b.cfg.profiles, fmt.Sprintf("round%d-%s.pprof", b.roundNo, strings.ReplaceAll(name, " ", "-")))
		f, err := os.Create(path)
		if err != nil {
			return result{}, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return result{}, err
		}
		defer pprof.StopCPUProfile()
	}
	var before cpuSample
	if addr == b.till {
		before = b.sampleCPU(context.Background())
	}
	res := load(b.cfg, addr, x)
	if addr == b.till {
		res.cpu = b.sampleCPU(context.Background()).since(before)
	}
	return res, res.check(name)
}

// measureWith is measure on Till with other settings.
func (b bench) measureWith(cfg settings, name string, x exchange) (result, error) {
	res := load(cfg, b.till, x)
	return res, res.check(name)
}

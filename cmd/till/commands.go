package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"till"
	"till/db"
	"till/handlers/api"
	"till/web"
	"till/worker"
)

// openStore connects, optionally creating the database and migrating it,
// and refuses to go on with an out-of-date schema.
func openStore(ctx context.Context, cfg config, migrate bool, stdout io.Writer) (*db.Store, error) {
	if migrate {
		if err := db.EnsureDatabase(ctx, cfg.DatabaseURL); err != nil {
			return nil, err
		}
	}
	conn, err := db.Connect(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	// The keys come first: an installation whose key is still in the
	// database moves it to the key file before the migration drops it.
	keys, err := instanceKeys(ctx, cfg, conn, stdout)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if migrate {
		n, err := db.Migrate(ctx, conn, keys)
		if err != nil {
			conn.Close()
			return nil, err
		}
		if n > 0 {
			fmt.Fprintf(stdout, "applied %d migration(s)\n", n)
		}
	}
	current, err := db.SchemaCurrent(ctx, conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if !current {
		conn.Close()
		return nil, errors.New("the database schema is out of date: run `till migrate` or `till serve --migrate`")
	}
	store, err := db.NewStore(conn, keys, time.Now)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if keys.Previous != nil {
		// A rotation: what the previous key sealed is sealed again under
		// the current one, so the previous key can go once the client
		// secrets and recorded responses it made have expired.
		n, err := store.ResealWebhookSecrets(ctx)
		if err != nil {
			store.Close()
			return nil, err
		}
		if n > 0 {
			fmt.Fprintf(stdout, "sealed the signing secrets of %d webhook endpoint(s) under the current instance key\n", n)
		}
	}
	return store, nil
}

func migrate(ctx context.Context, cfg config, stdout io.Writer) error {
	store, err := openStore(ctx, cfg, true, stdout)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "schema is current")
	return store.Close()
}

func accounts(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "update" {
		return accountsUpdate(ctx, cfg, args[1:], stdout)
	}
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: till accounts create --name NAME [--json] | till accounts update ACCOUNT_ID [flags]")
	}
	fs := flag.NewFlagSet("accounts create", flag.ContinueOnError)
	name := fs.String("name", "", "the merchant's name")
	asJSON := fs.Bool("json", false, "print the account and its keys as one JSON object")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *name == "" {
		return errors.New("accounts create: --name is required")
	}
	store, err := openStore(ctx, cfg, false, stdout)
	if err != nil {
		return err
	}
	defer store.Close()
	acct, err := store.CreateAccount(ctx, *name)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(accountKeys{ID: acct.Account.ID, SecretKey: acct.SecretKey, PublishableKey: acct.PublishableKey})
	}
	fmt.Fprintf(stdout, "account:         %s\nsecret key:      %s\npublishable key: %s\n(the keys are shown once: Till keeps only their digests)\n",
		acct.Account.ID, acct.SecretKey, acct.PublishableKey)
	return nil
}

// accountsUpdate sets an account's branding, embed origins, terms of
// service URL and default API version; flags not given are left as they are, and an empty value clears
// one (but the API version, which once pinned stays pinned, as at Stripe).
func accountsUpdate(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return errors.New("usage: till accounts update ACCOUNT_ID [--display-name NAME] [--logo-url URL] [--accent-color #RRGGBB] [--embed-origins ORIGIN,…] [--terms-url URL] [--api-version VERSION]")
	}
	id := args[0]
	fs := flag.NewFlagSet("accounts update", flag.ContinueOnError)
	displayName := fs.String("display-name", "", "the name shoppers see")
	logoURL := fs.String("logo-url", "", "an absolute http(s) URL of the logo")
	accent := fs.String("accent-color", "", "the accent colour, #RRGGBB")
	origins := fs.String("embed-origins", "", "comma-separated origins allowed to frame the embedded page")
	termsURL := fs.String("terms-url", "", "the terms of service a session's consent_collection links to")
	apiVersion := fs.String("api-version", "", "the Stripe API version requests without a Stripe-Version and events use")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	var u till.AccountUpdate
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "display-name":
			u.DisplayName = displayName
		case "logo-url":
			u.LogoURL = logoURL
		case "accent-color":
			u.AccentColor = accent
		case "terms-url":
			u.TermsURL = termsURL
		case "api-version":
			u.APIVersion = apiVersion
		case "embed-origins":
			list := strings.Split(*origins, ",")
			u.EmbedOrigins = &list
		}
	})
	store, err := openStore(ctx, cfg, false, stdout)
	if err != nil {
		return err
	}
	defer store.Close()
	acct, err := store.UpdateAccountSettings(ctx, id, func(a *till.Account) error { return till.ApplyAccountUpdate(a, u) })
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "updated %s\n", acct.ID)
	return nil
}

// accountKeys is the JSON of `accounts create --json` and of the demo keys
// file, which also keeps the demo dashboard user's email and password (the
// file is their only copy: the database has the password's hash).
type accountKeys struct {
	ID                string `json:"id"`
	SecretKey         string `json:"secret_key"`
	PublishableKey    string `json:"publishable_key"`
	DashboardEmail    string `json:"dashboard_email,omitempty"`
	DashboardPassword string `json:"dashboard_password,omitempty"`
}

func serve(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	migrateFirst := fs.Bool("migrate", false, "apply pending migrations (creating the database if needed) before serving")
	demoKeys := fs.String("demo-keys", "", "make sure a demo account exists, keeping its keys in this file, and print them")
	stripeHosts := fs.Bool("stripe-hosts", false, "also answer for api.stripe.com, checkout.stripe.com and js.stripe.com over TLS on $TILL_STRIPE_HOSTS_ADDR (see till ca)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var handler slog.Handler = slog.NewJSONHandler(stderr, nil)
	if cfg.LogFormat == "text" {
		handler = slog.NewTextHandler(stderr, nil)
	}
	log := slog.New(handler)

	store, err := openStore(ctx, cfg, *migrateFirst, stdout)
	if err != nil {
		return err
	}
	defer store.Close()
	conn, err := db.Connect(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer conn.Close()

	metrics := web.NewMetrics()
	webCfg := web.Config{
		PublicURL:      cfg.PublicURL,
		StripeHosts:    *stripeHosts,
		SchemaCurrent:  func(ctx context.Context) (bool, error) { return db.SchemaCurrent(ctx, conn) },
		TrustedProxies: cfg.TrustedProxies,
		DeclineLimits:  cfg.DeclineLimits,
		PaymentLease:   cfg.PaymentLease,
		Faults:         cfg.Faults,
	}
	app := web.New(webCfg, store, log, metrics)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	listeners := []net.Listener{web.Lingering(ln)}
	if *stripeHosts {
		tlsLn, caPath, err := listenStripeHosts(cfg)
		if err != nil {
			ln.Close()
			return err
		}
		listeners = append(listeners, tlsLn)
		log.Info("serving Stripe's hostnames", "addr", tlsLn.Addr().String(), "names", web.StripeHostNames, "ca", caPath)
	}
	if *demoKeys != "" {
		keys, err := ensureDemoAccount(ctx, store, *demoKeys)
		if err != nil {
			for _, l := range listeners {
				l.Close()
			}
			return err
		}
		printDemo(stdout, cfg, keys)
		startDemo(ctx, cfg.DemoAddr, "http://"+ln.Addr().String(), cfg.PublicURL, keys, stdout, log)
	}
	log.Info("serving", "addr", ln.Addr().String(), "public_url", cfg.PublicURL, "version", version)

	go pruneRecords(ctx, store, cfg.DeclineLimits.Window, log)
	// The workers stop after the server has shut down (deferred calls run
	// after the return value is computed): they finish the attempts they
	// began, and the store closes after them.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	waitWork := startWorkers(workCtx, cfg, store, api.New(store, metrics, webCfg.SessionURLBase()), metrics, cfg.Faults, log)
	defer waitWork()
	defer stopWork()
	errc := make(chan error, len(listeners))
	for _, l := range listeners {
		go func() { errc <- app.Listener(l) }()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return app.ShutdownWithContext(shutdown)
	}
}

// startWorkers runs the webhook deliverer and the expiry sweeper until ctx
// ends; the returned function waits for them to finish what they began.
// Events are rendered by the API package, so the worker needs no handlers.
func startWorkers(ctx context.Context, cfg config, store *db.Store, h *api.Handler, metrics *web.Metrics, faults till.Faults, log *slog.Logger) (wait func()) {
	deliverer := worker.NewDeliverer(worker.DelivererConfig{Store: store, RenderEvent: api.RenderEvent,
		Guard: worker.NewGuard(cfg.WebhookAllowCIDRs), Schedule: cfg.WebhookRetrySchedule, Timeout: cfg.WebhookTimeout,
		Lease: cfg.WebhookLease, Poll: cfg.WebhookPoll, Faults: faults, Log: log})
	sweeper := worker.NewSweeper(worker.SweeperConfig{Store: store, Renderers: h.EventRenderers(),
		Payments: till.NewPayments(store, till.TestCardProcessor{}, h.EventRenderers()),
		Interval: cfg.SweepInterval, Log: log, Expired: func(n int) {
			for range n {
				metrics.SessionExpired()
			}
		}})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); deliverer.Run(ctx) }()
	go func() { defer wg.Done(); sweeper.Run(ctx) }()
	return wg.Wait
}

// pruneRecords deletes, once an hour, idempotency records after 48 hours
// (twice Stripe's promised minimum of 24), the declines that no longer
// count for the decline limit's window, the dashboard's ended sessions
// and failed sign-ins that no longer count, the request log's requests
// after a week and the secrets no page will reveal any more.
func pruneRecords(ctx context.Context, store *db.Store, declineWindow time.Duration, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := store.PruneIdempotencyRecords(ctx, 48*time.Hour); err != nil && ctx.Err() == nil {
			log.Error("prune idempotency records", "error", err)
		} else if n > 0 {
			log.Info("pruned idempotency records", "count", n)
		}
		if err := store.PruneDeclines(ctx, store.Now()-int64(declineWindow/time.Second)); err != nil && ctx.Err() == nil {
			log.Error("prune declines", "error", err)
		}
		now := store.Now()
		if err := store.PruneDashboard(ctx, now-int64(till.DashboardIdleTimeout/time.Second),
			now-int64(till.DashboardAbsoluteTimeout/time.Second), now-int64(till.DashboardSignInWindow/time.Second)); err != nil && ctx.Err() == nil {
			log.Error("prune dashboard sessions", "error", err)
		}
		if n, err := store.PruneAPIRequests(ctx, now-int64(till.RequestLogRetention/time.Second)); err != nil && ctx.Err() == nil {
			log.Error("prune request log", "error", err)
		} else if n > 0 {
			log.Info("pruned request log", "count", n)
		}
		if err := store.PruneReveals(ctx, now-int64(till.RevealWindow/time.Second)); err != nil && ctx.Err() == nil {
			log.Error("prune dashboard reveals", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ensureDemoAccount returns the demo account's keys and dashboard user from
// path when they still work on this database, and otherwise creates a demo
// account or gives it a dashboard user, and writes what it made there (mode
// 0600; the file is Till's only copy), so every run prints the same keys
// and password.
func ensureDemoAccount(ctx context.Context, store *db.Store, path string) (accountKeys, error) {
	var keys accountKeys
	found := false
	if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &keys) == nil {
		_, ok, err := store.Authenticate(ctx, keys.SecretKey)
		if err != nil {
			return keys, err
		}
		found = ok
	}
	if !found {
		acct, err := store.CreateAccount(ctx, "Demo Store")
		if err != nil {
			return keys, err
		}
		keys = accountKeys{ID: acct.Account.ID, SecretKey: acct.SecretKey, PublishableKey: acct.PublishableKey}
	}
	userWorks, err := demoUserWorks(ctx, store, keys)
	if err != nil {
		return keys, err
	}
	if found && userWorks {
		return keys, nil
	}
	if !userWorks {
		keys.DashboardEmail, keys.DashboardPassword = demoEmail, till.RandomString(20)
		u, err := till.NewDashboardUser(keys.ID, keys.DashboardEmail, keys.DashboardPassword, store.Now())
		if err != nil {
			return keys, err
		}
		if err := store.ResetDashboardUser(ctx, u); err != nil {
			return keys, err
		}
	}
	b, _ := json.MarshalIndent(keys, "", "  ")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return keys, err
	}
	return keys, os.WriteFile(path, b, 0o600)
}

// demoEmail is the demo dashboard user's.
const demoEmail = "demo@example.com"

// demoUserWorks reports whether the keys file's dashboard user signs in to
// the demo account with its password.
func demoUserWorks(ctx context.Context, store *db.Store, keys accountKeys) (bool, error) {
	if keys.DashboardEmail == "" || keys.DashboardPassword == "" {
		return false, nil
	}
	u, err := store.FindDashboardUser(ctx, keys.DashboardEmail)
	if till.ErrorKindOf(err) == till.KindNotFound {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return u.AccountID == keys.ID && u.PasswordMatches(keys.DashboardPassword), nil
}

func printDemo(w io.Writer, cfg config, keys accountKeys) {
	fmt.Fprintf(w, `
Till is serving on %[1]s

Demo account %[2]s (test mode)
  secret key:      %[3]s
  publishable key: %[4]s

Dashboard %[1]s/dashboard
  email:    %[5]s
  password: %[6]s

Create a Checkout Session, then open its "url" in a browser:

curl %[1]s/v1/checkout/sessions -u %[3]s: \
  -d mode=payment \
  -d "line_items[0][price_data][currency]=usd" \
  -d "line_items[0][price_data][product_data][name]=T-shirt" \
  -d "line_items[0][price_data][unit_amount]=1999" \
  -d "line_items[0][quantity]=2" \
  --data-urlencode "success_url=https://example.com/success?session_id={CHECKOUT_SESSION_ID}"

`, cfg.PublicURL, keys.ID, keys.SecretKey, keys.PublishableKey, keys.DashboardEmail, keys.DashboardPassword)
}

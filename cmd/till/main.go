// Command till is Till's operator CLI: it serves the API and the checkout
// pages, applies migrations and manages merchant accounts.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "till:", err)
		os.Exit(1)
	}
}

const usage = `Usage:
  till serve [--migrate] [--demo-keys FILE] [--stripe-hosts]
                                              serve the API and the checkout pages; with
                                              --stripe-hosts also as api.stripe.com,
                                              checkout.stripe.com and js.stripe.com over TLS
  till migrate                                apply database migrations
  till accounts create --name NAME [--json]   create a merchant account with test keys
  till accounts update ACCOUNT_ID [--display-name N] [--logo-url U] [--accent-color #RRGGBB] [--embed-origins O,…]
                             [--api-version V]
  till users create --account ACCOUNT_ID --email EMAIL --password-stdin
                                              a dashboard user of the account; the password
                                              (12 characters or more) is read from stdin
  till listen --forward-to URL [--events type,…] [--api-key sk_test_…]
                                              forward the account's events, signed, as stripe listen does
  till webhooks roll-secret ENDPOINT_ID [--overlap 24h] [--api-key sk_test_…]
                                              give an endpoint a new signing secret; the old one
                                              keeps signing deliveries too for the overlap
  till ca                                     print the local CA certificate's path (made on
                                              first use), how to trust it and how to point
                                              Stripe's names at Till
  till version                                print the version

Environment:
  DATABASE_URL     PostgreSQL URL (default postgres://postgres@127.0.0.1:5432/till?sslmode=disable)
  TILL_ADDR        listen address (default 127.0.0.1:4242)
  TILL_PUBLIC_URL  base URL of the checkout pages (default http://localhost:4242); with
                   --stripe-hosts, session.url is on https://checkout.stripe.com instead
  TILL_LOG_FORMAT  json or text (default json)
  TILL_DEMO_ADDR   where serve --demo-keys serves the demo store (default 127.0.0.1:4243)
  TILL_DATA_DIR    what Till keeps on this machine: the instance key file (without
                   TILL_SECRET_KEY) and the local CA (default .data)
  TILL_STRIPE_HOSTS_ADDR       where serve --stripe-hosts answers for Stripe's names, with TLS
                               (default 127.0.0.1:443)
  TILL_API_KEY     the secret key till listen and till webhooks use when --api-key is not given
  TILL_TRUSTED_PROXIES         the reverse proxies in front of Till, comma-separated CIDR ranges
                               or addresses: from them, the nearest X-Forwarded-For address
                               that is not a trusted proxy is the client; from any other peer
                               the header is ignored (default none)
  TILL_WEBHOOK_ALLOW_CIDRS     internal ranges webhooks may reach, comma-separated
                               (default none: only public addresses)
  TILL_WEBHOOK_RETRY_SCHEDULE  waits before each webhook retry, comma-separated
                               (default 1m,5m,30m,2h,5h,10h,14h,20h,24h)
  TILL_WEBHOOK_TIMEOUT         time allowed one delivery attempt (default 10s)
  TILL_WEBHOOK_LEASE           how long a claimed delivery is out of other workers' reach;
                               must exceed the timeout (default 60s)
  TILL_WEBHOOK_POLL            how often an idle deliverer looks for due deliveries (default 1s)
  TILL_SWEEP_INTERVAL          pause between sweeps expiring sessions (default 10s)
`

// run is the whole program, with its environment passed in so tests can run
// it in-process.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "version":
		fmt.Fprintln(stdout, "till", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	switch args[0] {
	case "serve":
		return serve(ctx, cfg, args[1:], stdout, stderr)
	case "migrate":
		return migrate(ctx, cfg, stdout)
	case "accounts":
		return accounts(ctx, cfg, args[1:], stdout)
	case "users":
		return users(ctx, cfg, args[1:], stdin, stdout)
	case "listen":
		return listen(ctx, cfg, args[1:], getenv, stdout)
	case "webhooks":
		return webhooks(ctx, cfg, args[1:], getenv, stdout)
	case "ca":
		return printCA(cfg, stdout)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

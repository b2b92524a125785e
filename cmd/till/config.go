package main

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"till"
	"till/worker"
)

// config is Till's configuration, read once from the environment.
type config struct {
	DatabaseURL string
	Addr        string
	PublicURL   string
	LogFormat   string
	// DemoAddr is where `serve --demo-keys` serves the demo store.
	DemoAddr string
	// StripeHostsAddr is where `serve --stripe-hosts` answers for Stripe's
	// hostnames over TLS.
	StripeHostsAddr string
	// WebhookAllowCIDRs are the internal ranges webhooks may be delivered
	// to; every other non-public address is refused.
	WebhookAllowCIDRs []netip.Prefix
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (web.Config.TrustedProxies).
	TrustedProxies []netip.Prefix
	// WebhookRetrySchedule is the wait before each retry of a failed
	// delivery; nil means worker.DefaultSchedule.
	WebhookRetrySchedule []time.Duration
	// WebhookTimeout bounds one delivery attempt; WebhookLease is how long
	// a claimed delivery stays out of other workers' reach, longer than the
	// timeout so that no delivery is attempted twice at once; WebhookPoll is
	// how often an idle deliverer looks for work. SweepInterval is the pause
	// between expiry sweeps. Production keeps the defaults; tests shorten
	// them to watch crashes and races within seconds.
	WebhookTimeout time.Duration
	WebhookLease   time.Duration
	WebhookPoll    time.Duration
	SweepInterval  time.Duration
	// DataDir holds what Till keeps on the machine: the instance key files
	// when TILL_SECRET_KEY is unset, and the local CA.
	DataDir string
	// SecretKey and SecretKeyPrevious are TILL_SECRET_KEY and
	// TILL_SECRET_KEY_PREVIOUS, decoded; nil when unset (instanceKeys).
	SecretKey         []byte
	SecretKeyPrevious []byte
	// DeclineLimits are the card-testing protections; PaymentLease is how
	// long a payment attempt holds its session (till.CheckoutConfig).
	DeclineLimits till.DeclineLimits
	PaymentLease  time.Duration
	// Faults are the points where a fault test stops the process
	// (TILL_FAILPOINTS); always nil outside a failpoints test build.
	Faults till.Faults
}

// loadConfig reads and validates the environment, reporting every problem
// at once, one line each.
func loadConfig(getenv func(string) string) (config, error) {
	get := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	cfg := config{
		DatabaseURL: get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/till?sslmode=disable"),
		Addr:        get("TILL_ADDR", "127.0.0.1:4242"),
		PublicURL:   strings.TrimSuffix(get("TILL_PUBLIC_URL", "http://localhost:4242"), "/"),
		LogFormat:   get("TILL_LOG_FORMAT", "json"),
		DemoAddr:    get("TILL_DEMO_ADDR", "127.0.0.1:4243"),
		DataDir:     get("TILL_DATA_DIR", ".data"),

		StripeHostsAddr: get("TILL_STRIPE_HOSTS_ADDR", "127.0.0.1:443"),
	}
	var problems []error
	for _, k := range []struct {
		name string
		dst  *[]byte
	}{{"TILL_SECRET_KEY", &cfg.SecretKey}, {"TILL_SECRET_KEY_PREVIOUS", &cfg.SecretKeyPrevious}} {
		if v := getenv(k.name); v != "" {
			key, err := parseKey(v)
			if err != nil {
				problems = append(problems, fmt.Errorf("%s %v", k.name, err))
			}
			*k.dst = key
		}
	}
	if cfg.SecretKeyPrevious != nil && cfg.SecretKey == nil {
		problems = append(problems, errors.New("TILL_SECRET_KEY_PREVIOUS is set without TILL_SECRET_KEY: a rotation needs the new key too"))
	}
	if u, err := url.Parse(cfg.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		problems = append(problems, errors.New("DATABASE_URL must be a postgres:// URL"))
	}
	if _, port, err := net.SplitHostPort(cfg.Addr); err != nil || port == "" {
		problems = append(problems, fmt.Errorf("TILL_ADDR must be host:port, got %q", cfg.Addr))
	}
	if _, port, err := net.SplitHostPort(cfg.DemoAddr); err != nil || port == "" {
		problems = append(problems, fmt.Errorf("TILL_DEMO_ADDR must be host:port, got %q", cfg.DemoAddr))
	}
	if _, port, err := net.SplitHostPort(cfg.StripeHostsAddr); err != nil || port == "" {
		problems = append(problems, fmt.Errorf("TILL_STRIPE_HOSTS_ADDR must be host:port, got %q", cfg.StripeHostsAddr))
	}
	if u, err := url.Parse(cfg.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, fmt.Errorf("TILL_PUBLIC_URL must be an absolute http(s) URL, got %q", cfg.PublicURL))
	}
	if cfg.LogFormat != "json" && cfg.LogFormat != "text" {
		problems = append(problems, fmt.Errorf("TILL_LOG_FORMAT must be json or text, got %q", cfg.LogFormat))
	}
	if cidrs, err := worker.ParseCIDRs(getenv("TILL_WEBHOOK_ALLOW_CIDRS")); err != nil {
		problems = append(problems, fmt.Errorf("TILL_WEBHOOK_ALLOW_CIDRS must be comma-separated CIDR ranges: %v", err))
	} else {
		cfg.WebhookAllowCIDRs = cidrs
	}
	trusted, bad := parseTrustedProxies(getenv("TILL_TRUSTED_PROXIES"))
	cfg.TrustedProxies = trusted
	problems = append(problems, bad...)
	if v := getenv("TILL_WEBHOOK_RETRY_SCHEDULE"); v != "" {
		schedule, err := parseSchedule(v)
		if err != nil {
			problems = append(problems, fmt.Errorf("TILL_WEBHOOK_RETRY_SCHEDULE must be comma-separated positive durations (1m,5m,1h): %v", err))
		}
		cfg.WebhookRetrySchedule = schedule
	}
	durations := []struct {
		name string
		dst  *time.Duration
		def  time.Duration
	}{
		{"TILL_WEBHOOK_TIMEOUT", &cfg.WebhookTimeout, 10 * time.Second},
		{"TILL_WEBHOOK_LEASE", &cfg.WebhookLease, 60 * time.Second},
		{"TILL_WEBHOOK_POLL", &cfg.WebhookPoll, time.Second},
		{"TILL_SWEEP_INTERVAL", &cfg.SweepInterval, 10 * time.Second},
		{"TILL_CLIENT_DECLINE_WINDOW", &cfg.DeclineLimits.Window, till.DefaultDeclineLimits().Window},
		{"TILL_PAYMENT_LEASE", &cfg.PaymentLease, till.DefaultPaymentLease},
	}
	for _, d := range durations {
		*d.dst = d.def
		if v := getenv(d.name); v != "" {
			if parsed, err := time.ParseDuration(v); err != nil || parsed <= 0 {
				problems = append(problems, fmt.Errorf("%s must be a positive duration (10s, 1m), got %q", d.name, v))
			} else {
				*d.dst = parsed
			}
		}
	}
	counts := []struct {
		name string
		dst  *int
		def  int
	}{
		{"TILL_SESSION_DECLINE_LIMIT", &cfg.DeclineLimits.PerSession, till.DefaultDeclineLimits().PerSession},
		{"TILL_CLIENT_DECLINE_LIMIT", &cfg.DeclineLimits.PerClient, till.DefaultDeclineLimits().PerClient},
	}
	for _, n := range counts {
		*n.dst = n.def
		if v := getenv(n.name); v != "" {
			if parsed, err := strconv.Atoi(v); err != nil || parsed <= 0 {
				problems = append(problems, fmt.Errorf("%s must be a positive whole number, got %q", n.name, v))
			} else {
				*n.dst = parsed
			}
		}
	}
	if cfg.WebhookLease <= cfg.WebhookTimeout {
		problems = append(problems, fmt.Errorf("TILL_WEBHOOK_LEASE (%s) must exceed TILL_WEBHOOK_TIMEOUT (%s), or one delivery could be attempted twice at once",
			cfg.WebhookLease, cfg.WebhookTimeout))
	}
	if faults, err := loadFaults(getenv); err != nil {
		problems = append(problems, err)
	} else {
		cfg.Faults = faults
	}
	if len(problems) > 0 {
		return cfg, fmt.Errorf("invalid configuration:\n%w", errors.Join(problems...))
	}
	return cfg, nil
}

// parseTrustedProxies parses TILL_TRUSTED_PROXIES: CIDR ranges, or single
// addresses, comma-separated. Each bad entry is a problem of its own, so
// that one start-up names them all.
func parseTrustedProxies(s string) ([]netip.Prefix, []error) {
	var out []netip.Prefix
	var problems []error
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil || a.Zone() != "" {
				problems = append(problems, fmt.Errorf("TILL_TRUSTED_PROXIES: %q is not a CIDR range (10.0.0.0/8) or an address", f))
				continue
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, problems
}

// parseSchedule parses a retry schedule: 1 to 50 positive durations.
func parseSchedule(s string) ([]time.Duration, error) {
	var out []time.Duration
	for _, f := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("invalid duration %q", strings.TrimSpace(f))
		}
		if d <= 0 {
			return nil, fmt.Errorf("duration %q is not positive", f)
		}
		out = append(out, d)
	}
	if len(out) > 50 {
		return nil, fmt.Errorf("%d retries; at most 50", len(out))
	}
	return out, nil
}

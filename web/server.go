// Package web composes Till's HTTP server: the Fiber app, every route in one
// place (routes.go), the middleware (request ids, logging and metrics, auth,
// idempotency) and the error rendering for the API.
package web

import (
	"context"
	"log/slog"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"till"
	"till/handlers/api"
	"till/handlers/dashboard"
	"till/handlers/pages"
)

// Store is what the web layer needs from storage: the API's needs plus
// authentication, idempotency and health. *db.Store implements it.
type Store interface {
	api.Store
	pages.Store
	dashboard.Store
	till.DashboardStore
	till.CheckoutStore
	till.PaymentStore
	RequestLogStore
	Authenticate(ctx context.Context, key string) (till.Caller, bool, error)
	APIKeyExpired(ctx context.Context, key string) (bool, error)
	PinAPIVersion(ctx context.Context, accountID, version string) (string, error)
	BeginIdempotent(ctx context.Context, req till.IdempotencyRequest) (till.IdempotentTx, *till.StoredResponse, error)
	Ping(ctx context.Context) error
}

// Config is what the server needs to know about its deployment.
type Config struct {
	// PublicURL is the base URL shoppers reach Till at (session.url).
	PublicURL string
	// StripeHosts routes requests for Stripe's hostnames (StripeHostNames)
	// by Host, and puts session.url on checkout.stripe.com
	// (SessionURLBase): the drop-in mode, behind a TLS listener.
	StripeHosts bool
	// RequestTimeout bounds each request's work.
	RequestTimeout time.Duration
	// SchemaCurrent reports whether the database schema is up to date, for /readyz.
	SchemaCurrent func(context.Context) (bool, error)
	// TrustedProxies are the address ranges of the reverse proxies in
	// front of Till. A request from one of them is taken to be from the
	// nearest address of its X-Forwarded-For header that is not a trusted
	// proxy (what the custom client endpoints' rate limit counts by); any
	// other peer's header is ignored, so a client cannot pick its own
	// address. None: every request is from its peer.
	TrustedProxies []netip.Prefix
	// DeclineLimits and PaymentLease configure the checkout service (zero:
	// its defaults); Faults stops payments at named points in fault tests.
	DeclineLimits till.DeclineLimits
	PaymentLease  time.Duration
	Faults        till.Faults
}

type server struct {
	cfg       Config
	store     Store
	log       *slog.Logger
	metrics   *Metrics
	api       *api.Handler
	pages     *pages.Handler
	dashboard *dashboard.Handler
	// requestLog writes the accounts' request logs; it stops, having
	// written what it holds, when the app shuts down.
	requestLog *requestLog
}

// New returns Till's Fiber app.
func New(cfg Config, store Store, log *slog.Logger, metrics *Metrics) *fiber.App {
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 30 * time.Second
	}
	s := &server{cfg: cfg, store: store, log: log, metrics: metrics,
		api: api.New(store, metrics, cfg.SessionURLBase())}
	payments := till.NewCheckoutService(till.CheckoutConfig{Store: store, Processor: till.TestCardProcessor{},
		Renderers: s.api.EventRenderers(), Faults: cfg.Faults, Limits: cfg.DeclineLimits, Lease: cfg.PaymentLease})
	s.api.UsePayments(payments)
	changes := till.NewPayments(store, till.TestCardProcessor{}, s.api.EventRenderers())
	s.api.UsePaymentChanges(changes)
	s.pages = pages.New(pages.Config{Store: store, Payments: payments, Metrics: metrics, ClientIP: s.clientIP})
	s.dashboard = dashboard.New(dashboard.Config{Store: store, Auth: till.NewDashboardAuth(store), ClientIP: s.clientIP,
		RequestID: requestID, Renderers: s.api.EventRenderers(), Metrics: metrics, Payments: changes,
		HostedPreview: s.pages.Preview, Webhooks: till.NewWebhookEndpoints(store, s.api.EventRenderers()),
		RenderEvent: api.RenderStoredEvent})
	app := fiber.New(fiber.Config{
		// Values from the request are copied, not reused after the handler
		// returns: worth the allocations in a payment service.
		Immutable:             true,
		DisableStartupMessage: true,
		// Bodies are streamed to limitBody, which bounds them itself and
		// can answer an oversized one in a way its sender gets to read.
		// Multipart bodies too: fasthttp would otherwise read them whole,
		// spilling to temporary files, before any limit applies.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		BodyLimit:                    maxRequestBody,
		ReadTimeout:                  15 * time.Second,
		WriteTimeout:                 30 * time.Second,
		IdleTimeout:                  120 * time.Second,
		ErrorHandler:                 s.renderAPIError,
		// Forwarded headers (X-Forwarded-Proto, -Host) count only from a
		// trusted proxy. The client address is clientIP's.
		EnableTrustedProxyCheck: len(cfg.TrustedProxies) > 0,
		TrustedProxies:          proxyRanges(cfg.TrustedProxies),
	})
	s.requestLog = newRequestLog(store, metrics.requestLogDropped.Inc, log)
	app.Hooks().OnShutdown(func() error { s.requestLog.close(); return nil })
	s.routes(app)
	return app
}

func proxyRanges(ps []netip.Prefix) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// clientIP is the address a request comes from: its peer's, or behind
// trusted proxies, the nearest address in X-Forwarded-For that is not one
// of theirs. Each proxy appends the address it heard from, so whatever
// stands further left may be the client's own invention (Fiber's c.IP()
// takes the leftmost).
func (s *server) clientIP(c *fiber.Ctx) string {
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok || !s.trustedProxy(peer.Unmap()) {
		return c.Context().RemoteIP().String()
	}
	hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a chain no trusted proxy wrote: count the proxy itself
		}
		if hop = hop.Unmap(); !s.trustedProxy(hop) {
			return hop.String()
		}
	}
	return peer.Unmap().String()
}

func (s *server) trustedProxy(a netip.Addr) bool {
	return slices.ContainsFunc(s.cfg.TrustedProxies, func(p netip.Prefix) bool { return p.Contains(a) })
}

var recoverPanics = recover.New(recover.Config{EnableStackTrace: true})

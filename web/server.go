// Package web composes Till's HTTP server: the Fiber app, every route in one
// place (routes.go), the middleware (request ids, logging and metrics, auth,
// idempotency) and the error rendering for the API.
package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"till"
	"till/db"
	"till/handlers/api"
	"till/handlers/pages"
)

// Store is what the web layer needs from storage: the API's needs plus
// authentication, idempotency and health. *db.Store implements it.
type Store interface {
	api.Store
	pages.Store
	Authenticate(ctx context.Context, key string) (till.Caller, bool, error)
	BeginIdempotent(ctx context.Context, req db.IdempotencyRequest) (*db.IdempotentTx, *db.StoredResponse, error)
	Ping(ctx context.Context) error
}

// Config is what the server needs to know about its deployment.
type Config struct {
	// PublicURL is the base URL shoppers reach Till at (session.url).
	PublicURL string
	// RequestTimeout bounds each request's work.
	RequestTimeout time.Duration
	// SchemaCurrent reports whether the database schema is up to date, for /readyz.
	SchemaCurrent func(context.Context) (bool, error)
	// TrustedProxies are the addresses and CIDR ranges of the reverse
	// proxies in front of Till. A request from one of them is taken to be
	// from the first address of its X-Forwarded-For header (what the custom
	// client endpoints' rate limit counts by); any other peer's header is
	// ignored, so a client cannot pick its own address. None: every
	// request is from its peer.
	TrustedProxies []string
}

type server struct {
	cfg     Config
	store   Store
	log     *slog.Logger
	metrics *Metrics
	api     *api.Handler
	pages   *pages.Handler
}

// New returns Till's Fiber app.
func New(cfg Config, store Store, log *slog.Logger, metrics *Metrics) *fiber.App {
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 30 * time.Second
	}
	s := &server{cfg: cfg, store: store, log: log, metrics: metrics,
		api: api.New(store, metrics, cfg.PublicURL)}
	s.pages = pages.New(store, s.api.EventRenderers(), metrics)
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
		// c.IP() is the X-Forwarded-For client only behind a trusted
		// proxy; a header that names no valid address counts as absent.
		EnableTrustedProxyCheck: len(cfg.TrustedProxies) > 0,
		TrustedProxies:          cfg.TrustedProxies,
		ProxyHeader:             proxyHeader(cfg.TrustedProxies),
		EnableIPValidation:      true,
	})
	s.routes(app)
	return app
}

// proxyHeader is the header c.IP() reads behind trusted proxies; without
// any, none (Fiber would otherwise trust the header from every peer).
func proxyHeader(trusted []string) string {
	if len(trusted) == 0 {
		return ""
	}
	return fiber.HeaderXForwardedFor
}

var recoverPanics = recover.New(recover.Config{EnableStackTrace: true})

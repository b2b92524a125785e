package web

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/valyala/fasthttp"

	"till"
	"till/handlers/api"
	"till/handlers/dashboard"
	"till/handlers/pages"
	"till/static"
)

// routes lists every route Till serves.
func (s *server) routes(app *fiber.App) {
	app.Use(assignRequestID, s.observe, recoverPanics, limitBody)
	tillJS := static.Stable("js/till.js", 5*time.Minute)

	// Stripe's own hostnames (serve --stripe-hosts), each onto its part of
	// the routes below: api.stripe.com /v1/…, checkout.stripe.com /c/…,
	// /receipts/… and /static/…, js.stripe.com /v3/ and /{release}/stripe.js (till.js), and
	// m., r. and q.stripe.com an empty 204 (routeStripeHosts).
	if s.cfg.StripeHosts {
		app.Use(routeStripeHosts(tillJS))
	}

	// Operations.
	app.Get("/healthz", s.handleHealth)
	app.Get("/readyz", s.handleReady)
	app.Get("/metrics", adaptor.HTTPHandler(promhttp.HandlerFor(s.metrics.Registry, promhttp.HandlerOpts{})))

	// Custom checkout's JSON client endpoints, which till.js's initCheckout
	// calls with the publishable key and the client secret. They are a
	// sub-app mounted ahead of the /c group, so the pages' HTML errors never
	// reach them: Fiber gives any error under the mount's prefix to its own
	// error handler, whether a handler returned it, a panic was recovered,
	// limitBody refused the body or no route matched (their catch-all).
	app.Mount("/c/api/custom", s.customClient())

	// Stripe.js's redirectToCheckout({sessionId}) asks for the session's
	// hosted page with the publishable key, from the merchant's page on any
	// origin; registered ahead of the /c group, whose HTML errors and page
	// headers are not for it.
	app.Post("/c/api/redirect/:id", s.apiErrors, s.authenticatePublishable, s.api.RedirectToCheckout)

	// The shopper's pages and their assets. Form posts must come from the
	// page itself (Sec-Fetch-Site/Origin), and carry a token bound to the
	// session; neither needs a cookie.
	app.Get("/static/*", compressGET, static.Handler)
	c := app.Group("/c", compressPages, s.pageErrors, pages.Secure)
	c.Get("/pay/:id", s.pages.PayShow)
	c.Post("/pay/:id", sameOrigin, s.pages.PaySubmit)
	c.Post("/pay/:id/promotion_code", sameOrigin, s.pages.PromotionSubmit)
	c.Post("/pay/:id/quantity", sameOrigin, s.pages.PayQuantity)
	c.Post("/pay/:id/address", sameOrigin, s.pages.PayAddress)
	c.Post("/pay/:id/address-fields", sameOrigin, s.pages.PayAddressFields)
	// The embedded checkout, framed by the merchant's site: Secure's
	// headers without X-Frame-Options, framing per the account's embed
	// origins; the client secret travels in the URL fragment and the form
	// bodies, never in a query string. till.js is what merchants load to
	// mount it, at a URL that does not change.
	c.Get("/embed/:id", pages.SecureEmbed, s.pages.EmbedShow)
	c.Post("/embed/:id/open", pages.SecureEmbed, sameOrigin, s.pages.EmbedOpen)
	c.Post("/embed/:id/pay", pages.SecureEmbed, sameOrigin, s.pages.EmbedSubmit)
	c.Post("/embed/:id/promotion_code", pages.SecureEmbed, sameOrigin, s.pages.EmbedPromotionSubmit)
	c.Post("/embed/:id/quantity", pages.SecureEmbed, sameOrigin, s.pages.EmbedQuantity)
	c.Post("/embed/:id/address", pages.SecureEmbed, sameOrigin, s.pages.EmbedAddress)
	c.Post("/embed/:id/address-fields", pages.SecureEmbed, sameOrigin, s.pages.EmbedAddressFields)
	app.Get("/js/till.js", compressGET, tillJS)
	// Custom checkout's card fields: an iframe framed like the embed page.
	c.Get("/custom/:id/card", pages.SecureEmbed, s.pages.CustomCard)
	// Its Terms Element (createTermsElement): framed the same way, the
	// client secret posted from the fragment as the embed page does.
	c.Get("/custom/:id/terms", pages.SecureEmbed, s.pages.CustomTermsShow)
	c.Post("/custom/:id/terms", pages.SecureEmbed, sameOrigin, s.pages.CustomTermsOpen)
	// The test 3-D Secure page of every mode: framed like the embed page
	// for embedded and custom sessions (custom mode's modal), not at all
	// for hosted ones.
	c.Get("/authenticate/:id", pages.SecureEmbed, s.pages.AuthenticateShow)
	c.Post("/authenticate/:id", pages.SecureEmbed, sameOrigin, s.pages.AuthenticateSubmit)
	// A charge's receipt_url: public, like the hosted page, to whoever holds
	// the URL (its token is the capability), with the pages' headers and
	// error pages.
	app.Get("/receipts/payment/:token", compressPages, s.pageErrors, pages.Secure, s.pages.ReceiptShow)

	// The merchant dashboard: its own headers and error pages, every form
	// post from its own pages (sameOrigin) and, once signed in, with the
	// session's CSRF token. Never compressed: its pages show a CSRF token
	// beside what the query asked for (a search), which is what a BREACH
	// attack needs.
	dash := app.Group("/dashboard", s.dashboardErrors, dashboard.Secure)
	dash.Get("/login", s.dashboard.LoginShow)
	dash.Post("/login", sameOrigin, s.dashboard.LoginSubmit)
	dash.Post("/logout", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.Logout)
	dash.Get("/", s.dashboard.RequireSession, s.dashboard.Home)
	dash.Get("/checkout/sessions", s.dashboard.RequireSession, s.dashboard.SessionList)
	dash.Get("/checkout/sessions/:id", s.dashboard.RequireSession, s.dashboard.SessionShow)
	dash.Post("/checkout/sessions/:id/expire", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.SessionExpire)
	dash.Get("/payments", s.dashboard.RequireSession, s.dashboard.PaymentList)
	dash.Get("/payments/:id", s.dashboard.RequireSession, s.dashboard.PaymentShow)
	dash.Post("/payments/:id/refund", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.PaymentRefund)
	dash.Post("/payments/:id/capture", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.PaymentCapture)
	dash.Post("/payments/:id/cancel", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.PaymentCancel)
	dash.Get("/customers", s.dashboard.RequireSession, s.dashboard.CustomerList)
	dash.Get("/customers/:id", s.dashboard.RequireSession, s.dashboard.CustomerShow)
	dash.Get("/products", s.dashboard.RequireSession, s.dashboard.ProductList)
	dash.Post("/products", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.ProductCreate)
	dash.Get("/products/new", s.dashboard.RequireSession, s.dashboard.ProductNew)
	dash.Get("/products/:id", s.dashboard.RequireSession, s.dashboard.ProductShow)
	dash.Post("/products/:id", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.ProductUpdate)
	dash.Get("/products/:id/edit", s.dashboard.RequireSession, s.dashboard.ProductEdit)
	dash.Post("/products/:id/archive", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.ProductArchive)
	dash.Post("/products/:id/unarchive", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.ProductUnarchive)
	dash.Post("/products/:id/prices", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.PriceCreate)
	dash.Get("/prices/:id", s.dashboard.RequireSession, s.dashboard.PriceShow)
	dash.Post("/prices/:id/archive", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.PriceArchive)
	dash.Post("/prices/:id/unarchive", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.PriceUnarchive)
	dash.Get("/settings", s.dashboard.RequireSession, s.dashboard.Settings)
	// The hosted page of a sample session with the account's branding:
	// the checkout pages' headers, framed by Till's own pages only.
	dash.Get("/settings/preview", s.dashboard.RequireSession, pages.Secure, pages.SecurePreview, s.dashboard.SettingsPreview)
	dash.Post("/settings/branding", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.SettingsBranding)
	dash.Post("/settings/embed-origins", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.SettingsEmbedOrigins)
	dash.Post("/settings/api-version", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.SettingsAPIVersion)
	dash.Post("/settings/terms-url", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.SettingsTermsURL)
	dash.Get("/settings/audit-log", s.dashboard.RequireSession, s.dashboard.AuditLog)
	// Developers: events and their deliveries, webhook endpoints, API keys,
	// the request log.
	dash.Get("/developers", s.dashboard.RequireSession, s.dashboard.Developers)
	dash.Get("/events", s.dashboard.RequireSession, s.dashboard.EventList)
	dash.Get("/events/:id", s.dashboard.RequireSession, s.dashboard.EventShow)
	dash.Post("/events/:id/resend", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.EventResend)
	dash.Get("/webhooks", s.dashboard.RequireSession, s.dashboard.WebhookList)
	dash.Post("/webhooks", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.WebhookCreate)
	dash.Get("/webhooks/:id", s.dashboard.RequireSession, s.dashboard.WebhookShow)
	dash.Post("/webhooks/:id", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.WebhookUpdate)
	dash.Post("/webhooks/:id/roll_secret", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.WebhookRollSecret)
	dash.Post("/webhooks/:id/test", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.WebhookTest)
	dash.Get("/apikeys", s.dashboard.RequireSession, s.dashboard.APIKeys)
	dash.Post("/apikeys", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.APIKeyCreate)
	dash.Post("/apikeys/:id/roll", sameOrigin, s.dashboard.RequireSession, s.dashboard.CheckCSRF, s.dashboard.APIKeyRoll)
	dash.Get("/logs", s.dashboard.RequireSession, s.dashboard.RequestLog)
	dash.Use(s.dashboard.RequireSession, func(c *fiber.Ctx) error { return fiber.ErrNotFound })

	// The Stripe-compatible API.
	v1 := app.Group("/v1", s.apiErrors, s.authenticate, s.idempotencyKey)
	v1.Post("/checkout/sessions", s.api.SessionCreate) // records its Idempotency-Key in its own statement
	v1.Get("/checkout/sessions", s.api.SessionList)
	v1.Get("/checkout/sessions/:id", s.api.SessionRetrieve)
	v1.Post("/checkout/sessions/:id", s.idempotentTx, s.api.SessionUpdate)
	v1.Post("/checkout/sessions/:id/expire", s.idempotentTx, s.api.SessionExpire)
	v1.Get("/checkout/sessions/:id/line_items", s.api.SessionLineItems)

	v1.Post("/products", s.idempotentTx, s.api.ProductCreate)
	v1.Get("/products", s.api.ProductList)
	v1.Get("/products/:id", s.api.ProductRetrieve)
	v1.Post("/products/:id", s.idempotentTx, s.api.ProductUpdate)

	v1.Post("/prices", s.idempotentTx, s.api.PriceCreate)
	v1.Get("/prices", s.api.PriceList)
	v1.Get("/prices/:id", s.api.PriceRetrieve)
	v1.Post("/prices/:id", s.idempotentTx, s.api.PriceUpdate)

	v1.Post("/customers", s.idempotentTx, s.api.CustomerCreate)
	v1.Get("/customers", s.api.CustomerList)
	v1.Get("/customers/:id", s.api.CustomerRetrieve)
	v1.Post("/customers/:id", s.idempotentTx, s.api.CustomerUpdate)
	v1.Delete("/customers/:id", s.api.CustomerDelete)

	v1.Get("/payment_intents", s.api.PaymentIntentList)
	v1.Get("/payment_intents/:id", s.api.PaymentIntentRetrieve)
	v1.Post("/payment_intents/:id/capture", s.idempotentTx, s.api.PaymentIntentCapture)
	v1.Post("/payment_intents/:id/cancel", s.idempotentTx, s.api.PaymentIntentCancel)
	v1.Get("/charges", s.api.ChargeList)
	v1.Get("/charges/:id", s.api.ChargeRetrieve)
	v1.Post("/tax_rates", s.idempotentTx, s.api.TaxRateCreate)
	v1.Get("/tax_rates", s.api.TaxRateList)
	v1.Get("/tax_rates/:id", s.api.TaxRateRetrieve)
	v1.Post("/tax_rates/:id", s.idempotentTx, s.api.TaxRateUpdate)
	v1.Post("/shipping_rates", s.idempotentTx, s.api.ShippingRateCreate)
	v1.Get("/shipping_rates", s.api.ShippingRateList)
	v1.Get("/shipping_rates/:id", s.api.ShippingRateRetrieve)
	v1.Post("/shipping_rates/:id", s.idempotentTx, s.api.ShippingRateUpdate)
	v1.Post("/coupons", s.idempotentTx, s.api.CouponCreate)
	v1.Get("/coupons", s.api.CouponList)
	v1.Get("/coupons/:id", s.api.CouponRetrieve)
	v1.Post("/coupons/:id", s.idempotentTx, s.api.CouponUpdate)
	v1.Delete("/coupons/:id", s.api.CouponDelete)
	v1.Post("/promotion_codes", s.idempotentTx, s.api.PromotionCodeCreate)
	v1.Get("/promotion_codes", s.api.PromotionCodeList)
	v1.Get("/promotion_codes/:id", s.api.PromotionCodeRetrieve)
	v1.Post("/promotion_codes/:id", s.idempotentTx, s.api.PromotionCodeUpdate)
	v1.Post("/refunds", s.idempotentTx, s.api.RefundCreate)
	v1.Get("/refunds", s.api.RefundList)
	v1.Get("/refunds/:id", s.api.RefundRetrieve)
	v1.Post("/refunds/:id", s.idempotentTx, s.api.RefundUpdate)
	v1.Post("/refunds/:id/cancel", s.idempotentTx, s.api.RefundCancel)

	v1.Get("/events", s.api.EventList)
	v1.Get("/events/:id", s.api.EventRetrieve)
	v1.Post("/events/:id/retry", s.idempotentTx, s.api.EventRetry)

	v1.Post("/webhook_endpoints", s.idempotentTx, s.api.WebhookEndpointCreate)
	v1.Get("/webhook_endpoints", s.api.WebhookEndpointList)
	v1.Get("/webhook_endpoints/:id", s.api.WebhookEndpointRetrieve)
	v1.Post("/webhook_endpoints/:id", s.idempotentTx, s.api.WebhookEndpointUpdate)
	v1.Post("/webhook_endpoints/:id/roll_secret", s.idempotentTx, s.api.WebhookEndpointRollSecret)
	v1.Delete("/webhook_endpoints/:id", s.api.WebhookEndpointDelete)

	v1.Post("/payment_methods", s.idempotentTx, s.api.PaymentMethodCreate)
	v1.Get("/payment_methods/:id", s.api.PaymentMethodRetrieve)
	// The hosted page's own API, which `stripe trigger` drives. The confirm
	// pays through the checkout service, whose claim and record commit on
	// their own (a decline must stay recorded), so it takes no request
	// transaction: a session is paid at most once whatever the key.
	v1.Get("/payment_pages/:id", s.api.PaymentPageRetrieve)
	v1.Post("/payment_pages/:id/confirm", s.api.PaymentPageConfirm)

	// The Stripe CLI's `stripe listen`: a session, then its websocket
	// (authenticated by the session's websocket id, not an API key).
	v1.Post("/stripecli/sessions", s.api.StripeCLISessionCreate)
	app.Get(api.StripeCLIPath, s.api.StripeCLIConnect, s.api.StripeCLIStream(s.log))

	v1.Use(s.handleUnknownAPIRoute)
}

// customClient is custom checkout's client endpoints, to be mounted at
// /c/api/custom. They answer CORS for the account's embed origins and are
// rate limited per client IP and session; every error is JSON in the one
// shape till.js reads (customErrors).
func (s *server) customClient() *fiber.App {
	api := fiber.New(fiber.Config{ErrorHandler: s.customErrors})
	api.Use(pages.CustomHeaders)
	limit := pages.CustomLimiter(60, time.Minute, s.clientIP)
	for _, name := range []string{"session", "update", "confirm", "promotion_code", "shipping_option", "line_item_quantity"} {
		api.Options("/:id/"+name, s.pages.CustomPreflight)
	}
	api.Post("/:id/session", limit, s.pages.CustomSession)
	api.Post("/:id/update", limit, s.pages.CustomUpdate)
	api.Post("/:id/shipping_option", limit, s.pages.CustomShippingOption)
	api.Post("/:id/promotion_code", limit, s.pages.CustomPromotionCode)
	api.Post("/:id/line_item_quantity", limit, s.pages.CustomLineItemQuantity)
	api.Post("/:id/confirm", limit, s.pages.CustomConfirm)
	api.Use(func(c *fiber.Ctx) error {
		return &till.Error{Kind: till.KindNotFound, Message: "Unrecognized request URL (" + c.Method() + ": " + c.Path() + ")."}
	})
	return api
}

// customErrors is the error handler of the client endpoints: internal
// errors are logged here, once, and every error answers as JSON.
func (s *server) customErrors(c *fiber.Ctx, err error) error {
	te, status := s.classify(c, err)
	return pages.RenderCustomError(c, status, te)
}

// handleUnknownAPIRoute answers any other /v1 path as Stripe does.
func (s *server) handleUnknownAPIRoute(c *fiber.Ctx) error {
	return &till.Error{Kind: till.KindNotFound, Message: "Unrecognized request URL (" + c.Method() + ": " + c.Path() +
		"). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."}
}

// handleHealth handles "GET /healthz": the process is up.
func (s *server) handleHealth(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// handleReady handles "GET /readyz": the database answers and its schema is current.
func (s *server) handleReady(c *fiber.Ctx) error {
	if err := s.store.Ping(c.UserContext()); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "database unreachable"})
	}
	if s.cfg.SchemaCurrent != nil {
		if ok, err := s.cfg.SchemaCurrent(c.UserContext()); err != nil || !ok {
			return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "schema not current"})
		}
	}
	return c.JSON(fiber.Map{"status": "ok"})
}

// pageErrors renders the errors of the shopper's pages as pages, logging
// each 5xx once.
func (s *server) pageErrors(c *fiber.Ctx) error {
	if err := c.Next(); err != nil {
		s.classify(c, err)
		return s.pages.RenderError(c, err)
	}
	return nil
}

// dashboardErrors renders the dashboard's errors as its pages, logging each
// 5xx once.
func (s *server) dashboardErrors(c *fiber.Ctx) error {
	if err := c.Next(); err != nil {
		s.classify(c, err)
		return s.dashboard.RenderError(c, err)
	}
	return nil
}

var crossOrigin = http.NewCrossOriginProtection()

// sameOrigin refuses cross-site form posts with Go's cookie-less CSRF check
// on Sec-Fetch-Site and Origin, answered with the page of a refused form.
func sameOrigin(c *fiber.Ctx) error {
	r := &http.Request{Method: c.Method(), Host: string(c.Request().Host()), Header: http.Header{}}
	for _, name := range []string{"Sec-Fetch-Site", "Origin"} {
		if v := c.Get(name); v != "" {
			r.Header.Set(name, v)
		}
	}
	if err := crossOrigin.Check(r); err != nil {
		return &till.Error{Kind: till.KindForbidden, Message: "cross-origin form post refused"}
	}
	return c.Next()
}

// compressGET compresses the assets a browser fetches (gzip, deflate or
// brotli, as it accepts), and compressPages the pages, and neither an
// answer to a form post: those show back what the shopper typed beside the
// page's form token, and a compressed reflection of chosen input beside a
// secret is what a BREACH attack measures. The GET pages reflect nothing of
// the request.
var compressGET = compress.New(compress.Config{Level: compress.LevelDefault,
	Next: func(c *fiber.Ctx) bool { return c.Method() != fiber.MethodGet }})

// compressPages compresses a page with gzip at its fastest level, also for
// a browser that accepts brotli (every current one): a page is compressed
// afresh for every view, and at brotli's default level (4) compressing the
// 15 KB hosted page took 2.5 times the CPU of the rest of its view, its
// session's read included; at brotli's fastest (0) still four times gzip's
// fastest, for a larger page. gzip 1 makes it 12 % larger than brotli 4
// (4.7 KB against 4.2). Assets are the same bytes every time, and cached by
// the browser: they keep compressGET.
func compressPages(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodGet {
		return c.Next()
	}
	if err := c.Next(); err != nil {
		return err
	}
	gzipFastest(c.Context())
	return nil
}

// gzipFastest compresses a response already written, as the client accepts
// (gzip, else deflate, else not at all).
var gzipFastest = fasthttp.CompressHandlerLevel(func(*fasthttp.RequestCtx) {}, fasthttp.CompressBestSpeed)

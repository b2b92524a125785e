// Package pages serves the shopper's side of Till: the hosted checkout page
// at session.url, the embedded page inside the merchant's iframe, custom
// mode's client endpoints and card fields, and the pages about sessions
// that can no longer be paid. Handlers return errors; RenderError shows
// them as pages. Each file has one job:
//
//	load.go      reading the session a request names (every mode)
//	pay.go       the hosted page and its form's submit
//	submit.go    a submitted form's checks and payment (every mode)
//	inputs.go    the form's input names (Stripe's), read into the domain's form
//	form_view.go the form's view model
//	closed.go    the pages of sessions that cannot be paid now
//	tokens.go    form tokens
//	countries.go the country list and the shopper's default country
//	embed.go     the embedded page
//	custom.go    custom mode's client endpoints and card fields
//	custom_terms.go custom mode's Terms Element
//	authenticate.go the test 3-D Secure page (every mode)
//	promotion.go the promotion code field (every mode)
//	quantity.go  a line item's adjustable quantity (every mode)
//	tax.go       the totals at the address the shopper is typing
//	address_layout.go an address laid out again for the country picked
//	receipt.go   a charge's receipt, the page of its receipt_url
//	preview.go   the hosted page of a sample session, for the dashboard's settings
//	errors.go    the error pages
//	locale.go    the locale a page speaks, and its texts
//	messages.go  the texts' catalogs, read from locales/<locale>.json
package pages

import (
	"context"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"till"
)

// Store is what the pages need from storage besides payments; *db.Store
// implements it.
type Store interface {
	Now() int64
	Authenticate(ctx context.Context, key string) (till.Caller, bool, error)
	Sign(purpose, message string) string
	Verify(purpose, message, mac string) bool
	SessionIDFromClientSecret(secret string) (string, bool)
	// FindReceipt reads a charge of any account with what its receipt
	// shows; the receipt token is the capability.
	FindReceipt(ctx context.Context, chargeID string) (*till.Receipt, error)
}

// Payments reads checkouts and takes their payments; *till.CheckoutService
// implements it.
type Payments interface {
	Find(ctx context.Context, sessionID, client string) (*till.Checkout, error)
	Pay(ctx context.Context, co *till.Checkout, a till.PaymentAttempt) (*till.PaymentResult, error)
	Authenticate(ctx context.Context, co *till.Checkout, intentID string, authenticated bool, client string) (*till.PaymentResult, error)
	ApplyPromotionCode(ctx context.Context, co *till.Checkout, code string) (*till.Checkout, error)
	ApplyTaxAddress(ctx context.Context, co *till.Checkout, a *till.Address) (*till.Checkout, error)
	CanAttempt(co *till.Checkout) error
	ChangeQuantity(ctx context.Context, co *till.Checkout, ch till.QuantityChange) (*till.Checkout, error)
	ChooseShipping(ctx context.Context, co *till.Checkout, rateID, client string) (*till.Checkout, error)
}

// Metrics counts completed sessions.
type Metrics interface {
	SessionCompleted()
}

// Config is what the pages handler is built from.
type Config struct {
	Store    Store
	Payments Payments
	Metrics  Metrics
	// ClientIP is the address a request comes from (behind trusted
	// proxies, the client's), which the decline limit counts by.
	ClientIP func(*fiber.Ctx) string
}

// Handler serves the checkout pages.
type Handler struct {
	store    Store
	payments Payments
	metrics  Metrics
	clientIP func(*fiber.Ctx) string
	// countries caches the sorted country list per locale: naming and
	// sorting 237 countries is the costliest part of rendering the page.
	countries countryCache
}

// New returns the pages handler.
func New(cfg Config) *Handler {
	return &Handler{store: cfg.Store, payments: cfg.Payments, metrics: cfg.Metrics, clientIP: cfg.ClientIP}
}

// Render writes a templ component as the response, with the request's
// context (which carries the CSP nonce).
func Render(c *fiber.Ctx, status int, comp templ.Component) error {
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return comp.Render(c.UserContext(), c.Response().BodyWriter())
}

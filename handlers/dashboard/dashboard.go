// Package dashboard serves the merchant dashboard under /dashboard: signing
// in and out, and the pages of the signed-in user's account. Every page
// reads through the account of the session, so another account's ids are
// unknown ids (404). Handlers return errors; RenderError shows them as
// pages. Each file has one job:
//
//	dashboard.go the handler, what it needs, and rendering
//	security.go  the pages' headers, the session cookie, CSRF tokens
//	login.go     sign-in and sign-out
//	actions.go   changes made from forms: once per form, each in the audit log
//	audit.go     the audit log
//	home.go      the home page: the account's figures, chart and failing webhooks
//	products.go  the list of products
//	product.go   one product: its page, its forms, and its changes
//	prices.go    a product's prices and their changes
//	settings.go  the account's settings and the hosted page's preview
//	apiform.go   form fields read as the API reads its parameters
//	sessions.go  the list of Checkout Sessions
//	session.go   one Checkout Session
//	payments.go  the list of payments
//	payment.go   one payment, and its refund, capture and cancel
//	customers.go the list of customers, and one customer
//	lists.go     how a list reads its page and links to the next
//	parts.go     what several detail pages show: charges, metadata, events
//	developers.go the Developers section's first page, and what it reads
//	events.go    events, their deliveries, Resend
//	webhooks.go  webhook endpoints: list, create, enable, roll, test
//	apikeys.go   API keys: list, create, roll
//	logs.go      the request log
//	reveal.go    secrets shown once after the change that made them
//	format.go    how amounts, times and optional values read
//	errors.go    the error pages
package dashboard

import (
	"context"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"till"
	"till/static"
	"till/views"
)

// Store is what the dashboard reads; *db.Store implements it.
type Store interface {
	Sign(purpose, message string) string
	Verify(purpose, message, mac string) bool
	DashboardSessions(ctx context.Context, accountID string, f till.DashboardSessionFilter, page till.Page) ([]*till.Session, bool, error)
	FindSession(ctx context.Context, accountID, id string) (*till.Session, error)
	ListLineItems(ctx context.Context, sessionID string, page till.Page) ([]till.LineItem, bool, error)
	FindPaymentIntent(ctx context.Context, accountID, id string) (*till.PaymentIntent, error)
	ListCharges(ctx context.Context, caller till.Caller, customerID, paymentIntentID *string, page till.Page) ([]*till.Charge, bool, error)
	ListObjectEvents(ctx context.Context, accountID string, objectIDs []string, limit int) ([]till.Event, error)
	BeginIdempotent(ctx context.Context, req till.IdempotencyRequest) (till.IdempotentTx, *till.StoredResponse, error)
	RecordAudit(ctx context.Context, e till.AuditEntry) error
	ListAudit(ctx context.Context, accountID string, before *int64, limit int) ([]till.AuditEntry, bool, error)
	ExpireSession(ctx context.Context, accountID, id string, ev till.EventSource, renderers till.Renderers) (*till.Session, error)
	DashboardPayments(ctx context.Context, accountID string, f till.DashboardPaymentFilter, page till.Page) ([]till.PaymentSummary, bool, error)
	ListRefunds(ctx context.Context, caller till.Caller, chargeID, paymentIntentID *string, page till.Page) ([]*till.Refund, bool, error)
	DashboardCustomers(ctx context.Context, accountID, search string, page till.Page) ([]*till.Customer, bool, error)
	FindCustomer(ctx context.Context, accountID, id string) (*till.Customer, error)
	ListSessions(ctx context.Context, caller till.Caller, f till.SessionFilter, page till.Page) ([]*till.Session, bool, error)
	Now() int64

	HomeVolume(ctx context.Context, accountID string, p till.HomePeriod) (days, totals []till.PaymentVolume, err error)
	HomeSessions(ctx context.Context, accountID string, p till.HomePeriod) (today, period till.SessionCounts, err error)

	DashboardProducts(ctx context.Context, accountID string, f till.DashboardProductFilter, page till.Page) ([]*till.Product, bool, error)
	FindProduct(ctx context.Context, accountID, id string) (*till.Product, error)
	CreateProduct(ctx context.Context, p *till.Product) error
	UpdateProduct(ctx context.Context, accountID, id string, apply func(*till.Product) error) (*till.Product, error)
	FindPrice(ctx context.Context, accountID, id string) (*till.Price, error)
	ListPrices(ctx context.Context, caller till.Caller, f till.PriceFilter, page till.Page) ([]*till.Price, bool, error)
	CreatePrice(ctx context.Context, price *till.Price, newProduct *till.Product) error
	UpdatePrice(ctx context.Context, accountID, id string, apply func(*till.Price) error) (*till.Price, error)

	FindAccount(ctx context.Context, id string) (*till.Account, error)
	UpdateAccountSettings(ctx context.Context, id string, apply func(*till.Account) error) (*till.Account, error)

	// FailedDeliveries returns the account's latest webhook deliveries
	// that were tried and not delivered (being retried, or given up on),
	// newest first, each with its latest attempt only, its count of
	// attempts and, while retried, when the next is due: the home page's
	// failing deliveries and the Developers page's.
	FailedDeliveries(ctx context.Context, caller till.Caller, limit int) ([]till.DeliveryLog, error)
	DevelopersStore
}

// PaymentChanges captures, cancels and refunds payments: the domain's
// service (till.Payments), the same one the API's calls go through.
type PaymentChanges interface {
	Capture(ctx context.Context, accountID, id string, p till.CaptureParams, ev till.EventSource) (*till.PaymentIntent, error)
	Cancel(ctx context.Context, accountID, id string, reason *string, ev till.EventSource) (*till.PaymentIntent, error)
	Refund(ctx context.Context, accountID string, target till.RefundTarget, p till.RefundParams, ev till.EventSource) (*till.Refund, error)
}

// Metrics counts what the business cares about, as the API's do.
type Metrics interface {
	SessionExpired()
}

// Auth signs users in and out; *till.DashboardAuth implements it.
type Auth interface {
	SignIn(ctx context.Context, email, password, client string) (string, error)
	Session(ctx context.Context, token string) (*till.DashboardSession, error)
	SignOut(ctx context.Context, token string) error
}

// Config is what the dashboard handler is built from.
type Config struct {
	Store Store
	Auth  Auth
	// ClientIP is the address a request comes from (behind trusted
	// proxies, the client's), which failed sign-ins are counted by.
	ClientIP func(*fiber.Ctx) string
	// RequestID is the request's id, which the audit log and the events of
	// a change record.
	RequestID func(*fiber.Ctx) string
	// Renderers render the objects of the events a change writes, as the
	// API renders them.
	Renderers till.Renderers
	Metrics   Metrics
	// Payments makes the refunds, captures and cancels asked from the
	// payment pages.
	Payments PaymentChanges
	// HostedPreview renders the hosted page of a sample session with an
	// account's branding: the settings page's preview.
	HostedPreview func(c *fiber.Ctx, acct *till.Account) error
	// Webhooks creates and changes webhook endpoints as the API does.
	Webhooks WebhookChanges
	// RenderEvent renders an event as the API answers with it.
	RenderEvent func(*till.StoredEvent) ([]byte, error)
}

// Handler serves the dashboard.
type Handler struct {
	store       Store
	auth        Auth
	clientIP    func(*fiber.Ctx) string
	requestID   func(*fiber.Ctx) string
	renderers   till.Renderers
	metrics     Metrics
	payments    PaymentChanges
	preview     func(c *fiber.Ctx, acct *till.Account) error
	webhooks    WebhookChanges
	renderEvent func(*till.StoredEvent) ([]byte, error)
}

// New returns the dashboard handler.
func New(cfg Config) *Handler {
	return &Handler{store: cfg.Store, auth: cfg.Auth, clientIP: cfg.ClientIP, requestID: cfg.RequestID,
		renderers: cfg.Renderers, metrics: cfg.Metrics, payments: cfg.Payments, preview: cfg.HostedPreview,
		webhooks: cfg.Webhooks, renderEvent: cfg.RenderEvent}
}

// render writes a page with the request's context (which carries the CSP
// nonce).
func render(c *fiber.Ctx, status int, comp templ.Component) error {
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return comp.Render(c.UserContext(), c.Response().BodyWriter())
}

// frame is the part of every page's view model the layout draws: the
// page's title and navigation section, and for a signed-in request the
// account's name, the user and the sign-out form's token.
func (h *Handler) frame(c *fiber.Ctx, section, title string) views.DashboardFrame {
	f := views.DashboardFrame{Title: title + " · Till", Section: section, Stylesheet: static.URL("css/dashboard.css")}
	if s := signedIn(c); s != nil {
		f.SignedIn, f.AccountName, f.Email, f.CSRF = true, s.AccountName, s.Email, h.csrfToken(s)
	}
	return f
}

// caller is the signed-in account as the store's list methods take it.
func caller(s *till.DashboardSession) till.Caller {
	return till.Caller{AccountID: s.AccountID}
}

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
//	sessions.go  the list of Checkout Sessions
//	session.go   one Checkout Session
//	developers.go the Developers section's first page, and what it reads
//	events.go    events, their deliveries, Resend
//	webhooks.go  webhook endpoints: list, create, enable, roll, test
//	apikeys.go   API keys: list, create, roll
//	logs.go      the request log
//	reveal.go    secrets shown once after the change that made them
//	paging.go    lists' pages and their links
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
	Now() int64
	// FailedDeliveries returns the account's latest webhook deliveries
	// whose latest attempt failed (to be retried, or given up), newest
	// attempt first, each with that attempt only: the event, the endpoint,
	// when, and the answer's status or why none came.
	FailedDeliveries(ctx context.Context, caller till.Caller, limit int) ([]till.DeliveryLog, error)
	DevelopersStore
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
	webhooks    WebhookChanges
	renderEvent func(*till.StoredEvent) ([]byte, error)
}

// New returns the dashboard handler.
func New(cfg Config) *Handler {
	return &Handler{store: cfg.Store, auth: cfg.Auth, clientIP: cfg.ClientIP, requestID: cfg.RequestID,
		renderers: cfg.Renderers, metrics: cfg.Metrics, webhooks: cfg.Webhooks, renderEvent: cfg.RenderEvent}
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

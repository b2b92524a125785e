// Package api implements Till's Stripe-compatible JSON API under /v1: it
// decodes Stripe's bracket-encoded parameters, calls the domain and the
// store, and writes Stripe's object shapes. Handlers return errors; the web
// layer renders them as Stripe's error envelope.
package api

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/handlers/api/stripeform"
)

// Store is what the API needs from storage; *db.Store implements it.
type Store interface {
	EventStore
	StripeCLIStore
	PaymentMethodStore
	Now() int64
	ClientSecret(sessionID string) string
	Sign(purpose, message string) string

	CreateSession(ctx context.Context, caller till.Caller, p *till.CreateSessionParams, apiVersion string,
		idem *till.IdempotencyRequest, render func(*till.Session) ([]byte, error)) (*till.Session, []byte, *till.StoredResponse, error)
	FindSession(ctx context.Context, accountID, id string) (*till.Session, error)
	ListSessions(ctx context.Context, caller till.Caller, f till.SessionFilter, page till.Page) ([]*till.Session, bool, error)
	UpdateSessionMetadata(ctx context.Context, accountID, id string, update map[string]string, clear bool) (*till.Session, error)
	ExpireSession(ctx context.Context, accountID, id string, ev till.EventSource, renderers till.Renderers) (*till.Session, error)
	ListLineItems(ctx context.Context, sessionID string, page till.Page) ([]till.LineItem, bool, error)

	CreateProduct(ctx context.Context, p *till.Product) error
	FindProduct(ctx context.Context, accountID, id string) (*till.Product, error)
	UpdateProduct(ctx context.Context, accountID, id string, apply func(*till.Product) error) (*till.Product, error)
	ListProducts(ctx context.Context, caller till.Caller, active *bool, page till.Page) ([]*till.Product, bool, error)

	CreatePrice(ctx context.Context, price *till.Price, newProduct *till.Product) error
	FindPrice(ctx context.Context, accountID, id string) (*till.Price, error)
	UpdatePrice(ctx context.Context, accountID, id string, apply func(*till.Price) error) (*till.Price, error)
	ListPrices(ctx context.Context, caller till.Caller, f till.PriceFilter, page till.Page) ([]*till.Price, bool, error)

	CreateCustomer(ctx context.Context, c *till.Customer, ev till.EventSource, render func(*till.Customer) ([]byte, error)) error
	FindCustomer(ctx context.Context, accountID, id string) (*till.Customer, error)
	UpdateCustomer(ctx context.Context, accountID, id string, apply func(*till.Customer) error) (*till.Customer, error)
	DeleteCustomer(ctx context.Context, accountID, id string) error
	ListCustomers(ctx context.Context, caller till.Caller, email *string, page till.Page) ([]*till.Customer, bool, error)

	FindPaymentIntent(ctx context.Context, accountID, id string) (*till.PaymentIntent, error)
	ListPaymentIntents(ctx context.Context, caller till.Caller, customerID *string, page till.Page) ([]*till.PaymentIntent, bool, error)

	CreateTaxRate(ctx context.Context, r *till.TaxRate) error
	FindTaxRate(ctx context.Context, accountID, id string) (*till.TaxRate, error)
	UpdateTaxRate(ctx context.Context, accountID, id string, apply func(*till.TaxRate) error) (*till.TaxRate, error)
	ListTaxRates(ctx context.Context, caller till.Caller, active, inclusive *bool, page till.Page) ([]*till.TaxRate, bool, error)

	CreateShippingRate(ctx context.Context, r *till.ShippingRate) error
	FindShippingRate(ctx context.Context, accountID, id string) (*till.ShippingRate, error)
	UpdateShippingRate(ctx context.Context, accountID, id string, apply func(*till.ShippingRate) error) (*till.ShippingRate, error)
	ListShippingRates(ctx context.Context, caller till.Caller, f till.ShippingRateFilter, page till.Page) ([]*till.ShippingRate, bool, error)

	CreateCoupon(ctx context.Context, c *till.Coupon) error
	FindCoupon(ctx context.Context, accountID, id string) (*till.Coupon, error)
	UpdateCoupon(ctx context.Context, accountID, id string, apply func(*till.Coupon) error) (*till.Coupon, error)
	DeleteCoupon(ctx context.Context, accountID, id string) error
	ListCoupons(ctx context.Context, caller till.Caller, page till.Page) ([]*till.Coupon, bool, error)
	CreatePromotionCode(ctx context.Context, pc *till.PromotionCode) error
	FindPromotionCode(ctx context.Context, accountID, id string) (*till.PromotionCode, error)
	UpdatePromotionCode(ctx context.Context, accountID, id string, apply func(*till.PromotionCode) error) (*till.PromotionCode, error)
	ListPromotionCodes(ctx context.Context, caller till.Caller, f till.PromotionCodeFilter, page till.Page) ([]*till.PromotionCode, bool, error)

	FindCharge(ctx context.Context, accountID, id string) (*till.Charge, error)
	FindRefund(ctx context.Context, accountID, id string) (*till.Refund, error)
	ListRefunds(ctx context.Context, caller till.Caller, chargeID, paymentIntentID *string, page till.Page) ([]*till.Refund, bool, error)
	ListCharges(ctx context.Context, caller till.Caller, customerID, paymentIntentID *string, page till.Page) ([]*till.Charge, bool, error)
}

// Metrics counts what the business cares about, beside request metrics.
type Metrics interface {
	SessionCreated()
	SessionExpired()
	SessionCompleted()
}

// Handler serves the /v1 routes.
type Handler struct {
	store     Store
	metrics   Metrics
	publicURL string
	payments  Payments
	changes   PaymentChanges
	webhooks  *till.WebhookEndpoints
}

// New returns the API handler. publicURL is the base of hosted session URLs.
func New(store Store, metrics Metrics, publicURL string) *Handler {
	h := &Handler{store: store, metrics: metrics, publicURL: strings.TrimSuffix(publicURL, "/")}
	h.webhooks = till.NewWebhookEndpoints(store, h.EventRenderers())
	return h
}

// UsePayments gives the handler the checkout service that its payment page
// confirm pays through. It is set after New because the service renders
// its events with the handler's EventRenderers.
func (h *Handler) UsePayments(p Payments) { h.payments = p }

// request is the per-request state every handler starts from.
type request struct {
	ctx  context.Context
	info till.RequestInfo
}

func newRequest(c *fiber.Ctx) request {
	ctx := c.UserContext()
	return request{ctx: ctx, info: till.RequestInfoFromContext(ctx)}
}

func (r request) accountID() string { return r.info.Caller.AccountID }

// idempotency is the request's Idempotency-Key claim, nil without a key.
func (r request) idempotency(c *fiber.Ctx) *till.IdempotencyRequest {
	if r.info.IdempotencyFingerprint == "" {
		return nil
	}
	return &till.IdempotencyRequest{AccountID: r.info.Caller.AccountID, Livemode: r.info.Caller.Livemode,
		Key: r.info.IdempotencyKey, Method: c.Method(), Path: c.Path(), Fingerprint: r.info.IdempotencyFingerprint,
		RequestID: r.info.RequestID}
}

// WriteReplay answers a retried request with the first response to its
// Idempotency-Key, byte for byte.
func WriteReplay(c *fiber.Ctx, stored *till.StoredResponse) error {
	c.Set("Idempotent-Replayed", "true")
	c.Set("Original-Request", stored.RequestID)
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Status(stored.Status).Send(stored.Body)
}

func (r request) eventSource() till.EventSource {
	return till.EventSource{RequestID: r.info.RequestID, IdempotencyKey: r.info.IdempotencyKey}
}

// RawParams returns the request's parameters: the body of a POST, the query
// string otherwise, both in Stripe's encoding.
func RawParams(c *fiber.Ctx) []byte {
	if c.Method() == fiber.MethodPost {
		return c.Body()
	}
	return c.Request().URI().QueryString()
}

// decode parses the request's parameters into dst, answering Stripe's errors
// for unknown, malformed or oversized input.
func decode(c *fiber.Ctx, dst any) error {
	vals, err := ParseParams(c)
	if err != nil {
		return err
	}
	return decodeValues(vals, dst)
}

const localParams = "till.params"

// ParseParams parses the request's parameters once: the idempotency
// middleware fingerprints them and the handler decodes the same values.
func ParseParams(c *fiber.Ctx) (stripeform.Values, error) {
	if v, ok := c.Locals(localParams).(stripeform.Values); ok {
		return v, nil
	}
	v, err := stripeform.Parse(RawParams(c), stripeform.DefaultLimits)
	if err == nil {
		c.Locals(localParams, v)
	}
	return v, err
}

func decodeValues(vals stripeform.Values, dst any) error {
	return stripeform.Decode(vals, dst)
}

func parseInt(param, v string) (int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, till.Invalid(till.CodeParameterInvalidInteger, param, "Invalid integer: %s", v)
	}
	return n, nil
}

// writeJSON writes a Stripe object, indented as Stripe's API does.
func writeJSON(c *fiber.Ctx, status int, v any) error {
	b, err := marshal(v)
	if err != nil {
		return err
	}
	return writeBody(c, status, b)
}

func marshal(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	return append(b, '\n'), err
}

func writeBody(c *fiber.Ctx, status int, body []byte) error {
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(body)
}

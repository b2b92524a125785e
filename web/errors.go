package web

import (
	"errors"
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
)

// statusOf maps an error kind to its HTTP status.
var statusOf = map[till.ErrorKind]int{
	till.KindInvalid:      fiber.StatusBadRequest,
	till.KindIdempotency:  fiber.StatusBadRequest,
	till.KindUnauthorized: fiber.StatusUnauthorized,
	till.KindPayment:      fiber.StatusPaymentRequired,
	till.KindForbidden:    fiber.StatusForbidden,
	till.KindNotFound:     fiber.StatusNotFound,
	till.KindConflict:     fiber.StatusConflict,
	till.KindTooLarge:     fiber.StatusRequestEntityTooLarge,
	till.KindRateLimited:  fiber.StatusTooManyRequests,
	till.KindInternal:     fiber.StatusInternalServerError,
	till.KindUnavailable:  fiber.StatusServiceUnavailable,
}

// stripeTypeOf maps an error kind to Stripe's error type.
var stripeTypeOf = map[till.ErrorKind]string{
	till.KindIdempotency: "idempotency_error",
	till.KindPayment:     "card_error",
	till.KindRateLimited: "rate_limit_error",
	till.KindInternal:    "api_error",
	till.KindUnavailable: "api_error",
}

// toTillError turns any error a handler or Fiber returned into a till error:
// Fiber's own errors (unknown route, body too large) keep their status.
func toTillError(err error) *till.Error {
	var fe *fiber.Error
	if errors.As(err, &fe) {
		switch fe.Code {
		case fiber.StatusNotFound:
			return &till.Error{Kind: till.KindNotFound, Message: fe.Message}
		case fiber.StatusRequestEntityTooLarge:
			return &till.Error{Kind: till.KindTooLarge, Message: "The request body is too large."}
		case fiber.StatusRequestHeaderFieldsTooLarge, fiber.StatusRequestURITooLong:
			// A GET's parameters are its query string: too long a one is
			// the same fault as too large a body.
			return &till.Error{Kind: till.KindTooLarge, Message: "The request's headers or query string are too large."}
		}
		// Any other client error fasthttp reports (a malformed request, a
		// read timeout) is the client's fault, never a 500.
		if fe.Code >= 400 && fe.Code < 500 {
			return &till.Error{Kind: till.KindInvalid, Message: fe.Message}
		}
	}
	return till.AsError(err)
}

type stripeErrorBody struct {
	Error stripeError `json:"error"`
}

type stripeError struct {
	Type        string `json:"type"`
	Code        string `json:"code,omitempty"`
	DeclineCode string `json:"decline_code,omitempty"`
	DocURL      string `json:"doc_url,omitempty"`
	Message     string `json:"message"`
	Param       string `json:"param,omitempty"`
	RequestID   string `json:"request_id,omitempty"`
}

// classify returns err as a till.Error with its HTTP status, and logs it
// when the status is a 5xx: every error handler calls it once per error.
func (s *server) classify(c *fiber.Ctx, err error) (*till.Error, int) {
	te := toTillError(err)
	status := statusOf[te.Kind]
	if status == 0 {
		status = fiber.StatusInternalServerError
	}
	if te.Kind == till.KindConflict && te.Code == till.CodeLockTimeout {
		status = fiber.StatusTooManyRequests // Stripe's status for lock_timeout, which the SDKs retry
	}
	if status >= 500 {
		s.logServerError(c, status, err)
	}
	return te, status
}

// logServerError logs the error of a 5xx answer, once, with the request id:
// whichever way it is rendered, its text reaches only the log.
func (s *server) logServerError(c *fiber.Ctx, status int, err error) {
	s.log.Error("server error", "request_id", requestID(c), "method", c.Method(), "route", routePattern(c),
		"status", status, "error", err)
}

// renderAPIError writes err as Stripe's error envelope. Internal errors are
// logged here, once, with the request id; their text never reaches the client.
func (s *server) renderAPIError(c *fiber.Ctx, err error) error {
	if requestID(c) == "" {
		// Errors fasthttp raises while reading a request (headers too
		// large, a malformed request line) reach here without the
		// middleware having run; they get an id like every other answer.
		c.Locals(localRequestID, till.NewRequestID())
		c.Set("Request-Id", requestID(c))
	}
	te, status := s.classify(c, err)
	if te.Kind == till.KindInternal {
		te = &till.Error{Kind: till.KindInternal, Message: "An unknown error occurred"}
	}
	typ := stripeTypeOf[te.Kind]
	if typ == "" {
		typ = "invalid_request_error"
	}
	body := stripeError{Type: typ, Code: te.Code, DeclineCode: te.DeclineCode, Message: te.Message,
		Param: te.Param, RequestID: requestID(c)}
	if te.Code != "" {
		body.DocURL = "https://stripe.com/docs/error-codes/" + strings.ReplaceAll(te.Code, "_", "-")
	}
	// The SDKs retry on this header: only where a retry can succeed.
	retry := te.Kind == till.KindConflict || te.Kind == till.KindUnavailable || te.Kind == till.KindRateLimited || te.Kind == till.KindInternal
	c.Set("Stripe-Should-Retry", map[bool]string{true: "true", false: "false"}[retry])
	c.Response().ResetBody()
	return c.Status(status).JSON(stripeErrorBody{Error: body})
}

// logRequest writes one structured line per request. It names the route's
// pattern (/c/pay/:id), not the path: a page's path carries its session id,
// which with the logs of a shared host would be a way into the session.
func logRequest(log *slog.Logger, c *fiber.Ctx, status int, ms float64) {
	log.Info("request", "request_id", requestID(c), "method", c.Method(), "route", routePattern(c), "status", status, "duration_ms", ms)
}

// routePattern is the pattern of the route that answered the request, or
// "unmatched" when none did (a catch-all's prefix is no route of its own).
func routePattern(c *fiber.Ctx) string {
	route := c.Route().Path
	if route == "" || route == "/" && c.Path() != "/" {
		return "unmatched"
	}
	return route
}

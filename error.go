package till

import (
	"errors"
	"fmt"
)

// ErrorKind classifies an Error by what went wrong; each kind maps to one HTTP
// status and one Stripe error type when rendered.
type ErrorKind string

// The kinds of Error. Anything that is not an *Error is treated as Internal.
const (
	KindInvalid      ErrorKind = "invalid"      // 400 invalid_request_error
	KindIdempotency  ErrorKind = "idempotency"  // 400 idempotency_error
	KindUnauthorized ErrorKind = "unauthorized" // 401
	KindPayment      ErrorKind = "payment"      // 402 card_error
	KindForbidden    ErrorKind = "forbidden"    // 403
	KindNotFound     ErrorKind = "not_found"    // 404 resource_missing
	KindConflict     ErrorKind = "conflict"     // 409 (idempotency_key_in_use)
	KindTooLarge     ErrorKind = "too_large"    // 413
	KindRateLimited  ErrorKind = "rate_limited" // 429
	KindInternal     ErrorKind = "internal"     // 500 api_error
	KindUnavailable  ErrorKind = "unavailable"  // 503
)

// Stripe error codes Till returns. They are the strings of stripe-go's
// ErrorCode constants so SDK users can switch on them.
const (
	CodeParameterMissing             = "parameter_missing"
	CodeParameterUnknown             = "parameter_unknown"
	CodeParameterInvalidInteger      = "parameter_invalid_integer"
	CodeParameterInvalidEmpty        = "parameter_invalid_empty"
	CodeParametersExclusive          = "parameters_exclusive"
	CodeResourceMissing              = "resource_missing"
	CodeURLInvalid                   = "url_invalid"
	CodeAmountTooSmall               = "amount_too_small"
	CodeAmountTooLarge               = "amount_too_large"
	CodePaymentIntentUnexpectedState = "payment_intent_unexpected_state"
	CodeIdempotencyKeyInUse          = "idempotency_key_in_use"
	CodeAPIKeyInvalid                = "api_key_invalid"
	CodeAPIKeyExpired                = "api_key_expired"
	CodeRateLimit                    = "rate_limit"
	CodeLockTimeout                  = "lock_timeout"    // another request holds the object; Stripe answers 429
	CodeInvalidRequest               = "invalid_request" // a catch-all for rule violations without a finer Stripe code
)

// Error is the one error type of Till. Handlers return it; the API renders it
// as Stripe's {"error":{…}} envelope and the pages render it as HTML.
type Error struct {
	Kind    ErrorKind
	Code    string // Stripe's error code, may be empty
	Message string // safe to show to the caller
	Param   string // the offending parameter in bracket notation, may be empty

	// DeclineCode is set on payment errors raised by a declined card.
	DeclineCode string
}

func (e *Error) Error() string {
	if e.Param != "" {
		return fmt.Sprintf("till: %s (%s, param %s)", e.Message, e.Kind, e.Param)
	}
	return fmt.Sprintf("till: %s (%s)", e.Message, e.Kind)
}

// Invalid returns a 400 error about param.
func Invalid(code, param, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Code: code, Param: param, Message: fmt.Sprintf(format, args...)}
}

// Missing returns Stripe's error for a required parameter that was not sent.
func Missing(param string) *Error {
	return Invalid(CodeParameterMissing, param, "Missing required param: %s.", param)
}

// Exclusive returns Stripe's error for parameters that may not be sent together.
func Exclusive(a, b string) *Error {
	return Invalid(CodeParametersExclusive, a, "You may only specify one of these parameters: %s, %s.", a, b)
}

// NotFound returns Stripe's resource_missing error for an object of the given
// type ("checkout.session", "customer", …). Another account's object is
// reported the same way, so its existence never leaks.
func NotFound(objectType, id, param string) *Error {
	return &Error{Kind: KindNotFound, Code: CodeResourceMissing, Param: param,
		Message: fmt.Sprintf("No such %s: '%s'", objectType, id)}
}

// ErrorKindOf returns the kind of err, KindInternal when err is not an *Error.
func ErrorKindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// AsError returns err as an *Error; errors that are not one become an
// internal error whose message reveals nothing.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Kind: KindInternal, Message: "An unknown error occurred"}
}

package web

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/handlers/api"
)

const localRequestID = "till.request_id"

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

// assignRequestID gives every request a Stripe-style id, sent back in the
// Request-Id header of every response, errors included.
func assignRequestID(c *fiber.Ctx) error {
	id := till.NewRequestID()
	c.Locals(localRequestID, id)
	c.Set("Request-Id", id)
	return c.Next()
}

// observe logs one line and records metrics per request, after the error
// handler has settled the status. It also sets the per-request deadline.
func (s *server) observe(c *fiber.Ctx) error {
	start := time.Now()
	ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.RequestTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	if err := c.Next(); err != nil {
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			c.Status(fiber.StatusInternalServerError)
		}
	}
	d := time.Since(start)
	status := c.Response().StatusCode()
	s.metrics.observe(c, status, d)
	s.logAPIRequest(c, status)
	logRequest(s.log, c, status, float64(d.Microseconds())/1000)
	return nil
}

// apiErrors renders every error of the /v1 group as Stripe's envelope. It
// also marks every API answer uncacheable, as Stripe's are, and never to be
// sniffed into another type than its JSON.
func (s *server) apiErrors(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-cache, no-store")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	if err := c.Next(); err != nil {
		return s.renderAPIError(c, err)
	}
	return nil
}

// authenticate reads the secret key (Bearer, or Basic with the key as the
// user name), the Stripe-Version and the Idempotency-Key, and puts them in
// the request's context. A Stripe-Version must name one of Stripe's API
// versions; the first one an account's requests send pins the account's
// version, which the requests that send none then speak.
func (s *server) authenticate(c *fiber.Ctx) error {
	requested := c.Get("Stripe-Version")
	if requested != "" && !till.KnownAPIVersion(requested) {
		return till.Invalid("", "", "Invalid Stripe API version: %s", requested)
	}
	// Named before the key is checked, so that an authentication error
	// carries a version too; the account's replaces the default below.
	c.Set("Stripe-Version", cmp.Or(requested, till.DefaultAPIVersion))

	key, ok := apiKey(c.Get(fiber.HeaderAuthorization))
	if !ok {
		c.Set(fiber.HeaderWWWAuthenticate, `Basic realm="Stripe"`)
		return &till.Error{Kind: till.KindUnauthorized, Message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."}
	}
	caller, found, err := s.store.Authenticate(c.UserContext(), key)
	if err != nil {
		return err
	}
	if !found {
		if expired, err := s.store.APIKeyExpired(c.UserContext(), key); err != nil {
			return err
		} else if expired {
			return &till.Error{Kind: till.KindUnauthorized, Code: till.CodeAPIKeyExpired, Message: "Expired API Key provided: " + maskKey(key)}
		}
		return &till.Error{Kind: till.KindUnauthorized, Code: till.CodeAPIKeyInvalid, Message: "Invalid API Key provided: " + maskKey(key)}
	}
	if caller.KeyKind != till.KeySecret {
		return &till.Error{Kind: till.KindUnauthorized, Message: "This API call cannot be made with a publishable API key. Please use a secret API key."}
	}
	if requested != "" && caller.AccountAPIVersion == "" {
		if caller.AccountAPIVersion, err = s.store.PinAPIVersion(c.UserContext(), caller.AccountID, requested); err != nil {
			return err
		}
	}
	version := cmp.Or(requested, till.AccountAPIVersion(caller.AccountAPIVersion))
	c.Set("Stripe-Version", version)
	info := till.RequestInfo{Caller: caller, APIVersion: version, RequestID: requestID(c)}
	if c.Method() == fiber.MethodPost {
		info.IdempotencyKey = c.Get("Idempotency-Key")
	}
	c.SetUserContext(till.NewContextWithRequestInfo(c.UserContext(), info))
	return c.Next()
}

// apiKey extracts the key from an Authorization header.
func apiKey(header string) (string, bool) {
	scheme, cred, _ := strings.Cut(strings.TrimSpace(header), " ")
	cred = strings.TrimSpace(cred)
	switch strings.ToLower(scheme) {
	case "bearer":
		return cred, cred != ""
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(cred)
		if err != nil {
			return "", false
		}
		user, _, _ := strings.Cut(string(raw), ":")
		return user, user != ""
	}
	return "", false
}

// maskKey shows a key as Stripe does in errors: its prefix and last four.
func maskKey(key string) string {
	prefix := ""
	if i := strings.LastIndexByte(key, '_'); i >= 0 && i < 8 {
		prefix = key[:i+1]
	}
	last := key
	if len(last) > 4 {
		last = last[len(last)-4:]
	}
	if len(key) <= len(prefix)+4 {
		return prefix + "****"
	}
	return prefix + "********" + last
}

// idempotencyKey reads a POST's Idempotency-Key and fingerprints its
// parameters for comparison with later uses of the key. What the key then
// protects is up to the route: most run in idempotentTx; creating a session
// records its key in its own single statement (the API's hot path).
func (s *server) idempotencyKey(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodPost || c.Request().Header.Peek("Idempotency-Key") == nil {
		return c.Next()
	}
	info := till.RequestInfoFromContext(c.UserContext())
	key := info.IdempotencyKey
	if key == "" || len(key) > 255 {
		return till.Invalid("", "Idempotency-Key", "Invalid Idempotency-Key: it must be between 1 and 255 characters long.")
	}
	c.Set("Idempotency-Key", key)
	c.Set("Original-Request", requestID(c))
	vals, err := api.ParseParams(c)
	if err != nil {
		// The handler answers the same parse error; nothing is recorded.
		return c.Next()
	}
	info.IdempotencyFingerprint = vals.Fingerprint()
	c.SetUserContext(till.NewContextWithRequestInfo(c.UserContext(), info))
	return c.Next()
}

// idempotentTx makes a keyed POST safe to retry: the request runs inside a
// transaction that also records its response, so a retry gets the first
// response back byte for byte, and a concurrent retry gets a 409. Only
// successful responses are recorded: a request that fails validation or
// hits a conflict leaves nothing behind and may be retried as is.
func (s *server) idempotentTx(c *fiber.Ctx) error {
	info := till.RequestInfoFromContext(c.UserContext())
	if info.IdempotencyFingerprint == "" {
		return c.Next()
	}
	req := till.IdempotencyRequest{AccountID: info.Caller.AccountID, Livemode: info.Caller.Livemode,
		Key: info.IdempotencyKey, Method: c.Method(), Path: c.Path(), Fingerprint: info.IdempotencyFingerprint,
		RequestID: requestID(c)}
	tx, stored, err := s.store.BeginIdempotent(c.UserContext(), req)
	if err != nil {
		return err
	}
	if stored != nil {
		return api.WriteReplay(c, stored)
	}
	c.SetUserContext(tx.Context(c.UserContext()))
	if err := c.Next(); err != nil {
		tx.Rollback()
		return err
	}
	status := c.Response().StatusCode()
	if status < 200 || status > 299 {
		tx.Rollback()
		return nil
	}
	body := append([]byte(nil), c.Response().Body()...)
	if err := tx.Commit(status, body); err != nil {
		return fmt.Errorf("web: record idempotent response: %w", err)
	}
	return nil
}

// authenticatePublishable reads the publishable key of a call Stripe.js
// makes from the merchant's page: the form's key, as Stripe.js sends it (a
// form post with no custom header needs no CORS preflight), or Bearer. The
// answers are readable from any origin, as Stripe's are for publishable
// keys: they hold only what the key and the request already name.
func (s *server) authenticatePublishable(c *fiber.Ctx) error {
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	key := c.FormValue("key")
	if bearer, ok := apiKey(c.Get(fiber.HeaderAuthorization)); ok && key == "" {
		key = bearer
	}
	if key == "" {
		return &till.Error{Kind: till.KindUnauthorized, Message: "You did not provide an API key: Stripe.js sends your publishable key (pk_…) as the form's key."}
	}
	caller, found, err := s.store.Authenticate(c.UserContext(), key)
	if err != nil {
		return err
	}
	if !found || caller.KeyKind != till.KeyPublishable {
		return &till.Error{Kind: till.KindUnauthorized, Code: till.CodeAPIKeyInvalid, Message: "Invalid API Key provided: " + maskKey(key)}
	}
	info := till.RequestInfo{Caller: caller, RequestID: requestID(c)}
	c.SetUserContext(till.NewContextWithRequestInfo(c.UserContext(), info))
	return c.Next()
}

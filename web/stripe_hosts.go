package web

import (
	"net"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
)

// Stripe's hostnames, which `till serve --stripe-hosts` answers for so that
// integrations reach Till with their SDKs' and Stripe.js's default URLs.
const (
	StripeAPIHost      = "api.stripe.com"
	StripeCheckoutHost = "checkout.stripe.com"
	StripeJSHost       = "js.stripe.com"
)

// StripeHostNames are every name the drop-in mode answers for, the ones its
// TLS certificate must carry: the three above and the hosts Stripe.js
// reports to.
var StripeHostNames = []string{StripeAPIHost, StripeCheckoutHost, StripeJSHost, "m.stripe.com", "r.stripe.com", "q.stripe.com"}

// SessionURLBase is the base of a hosted session's url: Stripe's checkout
// host when Till answers for Stripe's names, so integrations that check
// where they redirect see what they would at Stripe; else PublicURL.
func (c Config) SessionURLBase() string {
	if c.StripeHosts {
		return "https://" + StripeCheckoutHost
	}
	return c.PublicURL
}

// stripeJSPath matches the paths pages load Stripe.js from: /v3 and /v3/,
// and /{release}/stripe.js for each named release (basil, clover, dahlia,
// …, and those to come).
var stripeJSPath = regexp.MustCompile(`^/(?:v3/?|[a-z][a-z0-9-]*/stripe\.js)$`)

// routeStripeHosts gives each of Stripe's hostnames its part of Till: the
// API on api.stripe.com, the shopper's pages (receipts too, which
// receipt_url puts on the same base as session.url) and their assets on
// checkout.stripe.com, till.js in place of Stripe.js on js.stripe.com, and
// an empty answer to Stripe.js's reporting hosts. Anything else asked of
// those names is not found, so no part answers under another's name. Other
// hosts (Till's own address) go on to the routes as ever.
// The Host header decides, never X-Forwarded-Host: these names are for
// clients on this machine, not behind a proxy.
func routeStripeHosts(tillJS fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		host := strings.ToLower(string(c.Request().Host()))
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		path := c.Path()
		switch host {
		case StripeAPIHost:
			if strings.HasPrefix(path, "/v1/") {
				return c.Next()
			}
		case StripeCheckoutHost:
			if strings.HasPrefix(path, "/c/") || strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/receipts/") {
				return c.Next()
			}
		case StripeJSHost:
			if stripeJSPath.MatchString(path) && (c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead) {
				return tillJS(c)
			}
		case "m.stripe.com", "r.stripe.com", "q.stripe.com":
			return answerTelemetry(c)
		default:
			return c.Next()
		}
		return &till.Error{Kind: till.KindNotFound, Message: "Unrecognized request URL (" + c.Method() + ": " + path + ")."}
	}
}

// answerTelemetry answers what Stripe.js sends its reporting hosts with an
// empty 204, preflights included, readable from any page (credentials too),
// so a page's reports neither fail nor leave the machine.
func answerTelemetry(c *fiber.Ctx) error {
	if origin := c.Get(fiber.HeaderOrigin); origin != "" {
		c.Set(fiber.HeaderAccessControlAllowOrigin, origin)
		c.Set(fiber.HeaderAccessControlAllowCredentials, "true")
		c.Set(fiber.HeaderVary, fiber.HeaderOrigin)
	}
	if c.Method() == fiber.MethodOptions {
		c.Set(fiber.HeaderAccessControlAllowMethods, "GET, POST, OPTIONS")
		if h := c.Get(fiber.HeaderAccessControlRequestHeaders); h != "" {
			c.Set(fiber.HeaderAccessControlAllowHeaders, h)
		}
		c.Set(fiber.HeaderAccessControlMaxAge, "86400")
	}
	return c.SendStatus(fiber.StatusNoContent)
}

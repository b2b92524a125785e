package pages

import (
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"
)

const localFormTargets = "till.form_targets"

// Secure sets the headers of every checkout page: a Content-Security-Policy
// with a fresh nonce per response and no inline script or style without it,
// no framing (the hosted page is never embedded), no referrer (the URL
// names the session), no sniffing, and no caching of pages that show a
// shopper's data.
func Secure(c *fiber.Ctx) error {
	b := make([]byte, 18)
	rand.Read(b)
	nonce := base64.RawStdEncoding.EncodeToString(b)
	c.SetUserContext(templ.WithNonce(c.UserContext(), nonce))
	c.Locals(localNonce, nonce)
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set(fiber.HeaderCacheControl, "no-store")
	setCSP(c)
	return c.Next()
}

const localNonce = "till.csp_nonce"

// setCSP writes the policy; form-action names 'self' and the merchant
// origins the form's submission may redirect to (browsers apply form-action
// to the redirect after a POST).
func setCSP(c *fiber.Ctx) {
	nonce, _ := c.Locals(localNonce).(string)
	targets := []string{"'self'"}
	if extra, ok := c.Locals(localFormTargets).([]string); ok {
		targets = append(targets, extra...)
	}
	c.Set("Content-Security-Policy", strings.Join([]string{
		"default-src 'none'",
		"script-src 'self' 'nonce-" + nonce + "'",
		"style-src 'self' 'nonce-" + nonce + "'",
		"img-src 'self' https: data:",
		"connect-src 'self'",
		"form-action " + strings.Join(targets, " "),
		"frame-ancestors " + frameAncestors(c),
		"base-uri 'none'",
	}, "; "))
}

// allowFormTarget lets the page's form end on a merchant URL (success_url).
func allowFormTarget(c *fiber.Ctx, target string) {
	u, err := url.Parse(target)
	if err != nil || u.Host == "" {
		return
	}
	targets, _ := c.Locals(localFormTargets).([]string)
	c.Locals(localFormTargets, append(targets, u.Scheme+"://"+u.Host))
	setCSP(c)
}

const localFrameAncestors = "till.frame_ancestors"

// SecureEmbed adapts Secure's headers for the embedded page, which lives in
// an iframe on the merchant's site: no X-Frame-Options (it cannot name
// origins, and any value would forbid the frame), and frame-ancestors 'none'
// until the handler knows the session and calls AllowFraming.
func SecureEmbed(c *fiber.Ctx) error {
	c.Response().Header.Del("X-Frame-Options")
	c.Locals(localFrameAncestors, []string{"'none'"})
	setCSP(c)
	return c.Next()
}

// SecurePreview adapts Secure's headers for the dashboard's preview of the
// hosted page (Preview), which only Till's own pages may frame.
func SecurePreview(c *fiber.Ctx) error {
	c.Set("X-Frame-Options", "SAMEORIGIN")
	c.Locals(localFrameAncestors, []string{"'self'"})
	setCSP(c)
	return c.Next()
}

// AllowFraming lets the listed origins frame the page; with none listed any
// origin may (as with Stripe while an account names no embed origins).
func AllowFraming(c *fiber.Ctx, origins []string) {
	if len(origins) == 0 {
		origins = []string{"*"}
	}
	c.Locals(localFrameAncestors, origins)
	setCSP(c)
}

// frameAncestors is the CSP source list of the pages that may frame this
// one: none, except on the embed routes and the dashboard's preview.
func frameAncestors(c *fiber.Ctx) string {
	if origins, ok := c.Locals(localFrameAncestors).([]string); ok && len(origins) > 0 {
		return strings.Join(origins, " ")
	}
	return "'none'"
}

package dashboard

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"till"
)

// CookieName is the session cookie's. The __Host- prefix makes browsers
// keep it only when it is Secure, for the whole site (Path=/) and set by
// Till's own host, so no sibling domain can plant or read one; browsers keep
// a Secure cookie on http://localhost and 127.0.0.1 too.
const CookieName = "__Host-till_dashboard"

const localSession = "till.dashboard_session"

// Secure sets the headers of every dashboard page: a Content-Security-Policy
// as strict as the checkout pages' (first-party script and style only, and
// no framing), no framing by old browsers either, no referrer (URLs name
// sessions and carry searches for emails), no sniffing, and no caching of
// pages that show an account's data.
func Secure(c *fiber.Ctx) error {
	b := make([]byte, 18)
	rand.Read(b)
	nonce := base64.RawStdEncoding.EncodeToString(b)
	c.SetUserContext(templ.WithNonce(c.UserContext(), nonce))
	c.Set("Content-Security-Policy", strings.Join([]string{
		"default-src 'none'",
		"script-src 'self' 'nonce-" + nonce + "'",
		"style-src 'self' 'nonce-" + nonce + "'",
		"img-src 'self' data:",
		"frame-src 'self'", // the settings' preview of the hosted page
		"form-action 'self'",
		"frame-ancestors 'none'",
		"base-uri 'none'",
	}, "; "))
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// RequireSession lets through requests of a live session, which the
// handlers after it find with signedIn; any other is sent to the sign-in
// page, which returns a GET to where it was going.
func (h *Handler) RequireSession(c *fiber.Ctx) error {
	s, err := h.auth.Session(c.UserContext(), c.Cookies(CookieName))
	if till.ErrorKindOf(err) == till.KindUnauthorized {
		if c.Cookies(CookieName) != "" {
			clearCookie(c)
		}
		to := "/dashboard/login"
		if c.Method() == fiber.MethodGet {
			to += "?next=" + url.QueryEscape(c.OriginalURL())
		}
		return c.Redirect(to, fiber.StatusSeeOther)
	}
	if err != nil {
		return err
	}
	c.Locals(localSession, s)
	return c.Next()
}

// signedIn is the request's session, nil before RequireSession.
func signedIn(c *fiber.Ctx) *till.DashboardSession {
	s, _ := c.Locals(localSession).(*till.DashboardSession)
	return s
}

// CheckCSRF refuses a form post of a signed-in session without the token
// bound to that session (the _csrf field every form of the dashboard
// carries): a page of another site can make the browser post with the
// cookie, but cannot read the token. It follows RequireSession.
func (h *Handler) CheckCSRF(c *fiber.Ctx) error {
	s := signedIn(c)
	if s == nil || !h.store.Verify(csrfPurpose, hex.EncodeToString(s.TokenHash), c.FormValue("_csrf")) {
		return &till.Error{Kind: till.KindForbidden, Message: "This form has expired or did not come from the dashboard. Go back, reload the page and try again."}
	}
	return c.Next()
}

const csrfPurpose = "dashboard-csrf"

// csrfToken is the session's form token: a MAC of the session, so it needs
// no storage and dies with the session.
func (h *Handler) csrfToken(s *till.DashboardSession) string {
	return h.store.Sign(csrfPurpose, hex.EncodeToString(s.TokenHash))
}

func setCookie(c *fiber.Ctx, token string) {
	c.Cookie(&fiber.Cookie{Name: CookieName, Value: token, Path: "/", Secure: true, HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode})
}

func clearCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: CookieName, Value: "", Path: "/", Secure: true, HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Unix(1, 0)})
}

package dashboard

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// LoginShow handles "GET /dashboard/login": the sign-in form, which returns
// to ?next= (a dashboard path) once signed in.
func (h *Handler) LoginShow(c *fiber.Ctx) error {
	return h.renderLogin(c, http.StatusOK, "", c.Query("next"), "")
}

// LoginSubmit handles "POST /dashboard/login": a right email and password
// begin a session (a fresh token, so no cookie planted before sign-in
// carries over) and go on to where the user was going; a wrong one, or a
// try past the rate limit, shows the form again with why.
func (h *Handler) LoginSubmit(c *fiber.Ctx) error {
	email, next := c.FormValue("email"), c.FormValue("next")
	token, err := h.auth.SignIn(c.UserContext(), email, c.FormValue("password"), h.clientIP(c))
	switch till.ErrorKindOf(err) {
	case till.KindUnauthorized:
		return h.renderLogin(c, http.StatusUnauthorized, email, next, till.AsError(err).Message)
	case till.KindRateLimited:
		return h.renderLogin(c, http.StatusTooManyRequests, email, next, till.AsError(err).Message)
	}
	if err != nil {
		return err
	}
	setCookie(c, token)
	return c.Redirect(till.DashboardReturnPath(next), fiber.StatusSeeOther)
}

func (h *Handler) renderLogin(c *fiber.Ctx, status int, email, next, problem string) error {
	return render(c, status, views.DashboardLoginPage(views.DashboardLogin{Frame: h.frame(c, "", "Sign in"),
		Email: email, Next: till.DashboardReturnPath(next), Error: problem}))
}

// Logout handles "POST /dashboard/logout": the session ends in the database,
// so the token stops working wherever a copy of it is, and the browser's
// cookie goes.
func (h *Handler) Logout(c *fiber.Ctx) error {
	if err := h.auth.SignOut(c.UserContext(), c.Cookies(CookieName)); err != nil {
		return err
	}
	clearCookie(c)
	return c.Redirect("/dashboard/login", fiber.StatusSeeOther)
}

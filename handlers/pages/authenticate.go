package pages

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/static"
	"till/views"
)

// The test authentication page: what a card's issuer shows when it asks
// the shopper to authenticate a payment (3-D Secure), as Stripe's test mode
// shows it, with a button that passes the authentication and one that
// fails it.
//
//	GET  /c/authenticate/:id?payment_intent=pi_…  the page, for the intent
//	                                              the session awaits
//	POST /c/authenticate/:id                      the shopper's result
//
// A hosted session's pay page redirects here and the result goes back to
// it, or on to success_url. The embedded page shows it inside its iframe
// and the result stays there. Custom mode's confirm() opens it in a modal
// frame over the merchant's page (origin names that page, as one of the
// account's embed origins) and gets the result by postMessage.

// authenticationPath is the page where the shopper authenticates the
// payment a session's intent awaits.
func authenticationPath(sessionID, intentID string) string {
	return "/c/authenticate/" + sessionID + "?payment_intent=" + url.QueryEscape(intentID)
}

// loadAuthentication loads the session of any mode for its authentication
// page and lets the frames of the embedded and custom ones show it; a
// hosted one's form may end on its success_url, as its pay page's does.
func (h *Handler) loadAuthentication(c *fiber.Ctx, forPayment bool) (*checkout, error) {
	co, err := h.load(c, "", forPayment)
	if err != nil {
		return nil, err
	}
	switch s := co.Session; {
	case s.UIMode != till.UIModeHosted:
		AllowFraming(c, co.Account.EmbedOrigins)
	case s.SuccessURL != nil:
		allowFormTarget(c, s.Filled(s.SuccessURL))
	}
	return co, nil
}

// AuthenticateShow handles "GET /c/authenticate/:id": the challenge of the
// payment the session awaits the authentication of; anything else (paid,
// expired, another card tried meanwhile) goes back to where the session
// stands.
func (h *Handler) AuthenticateShow(c *fiber.Ctx) error {
	co, err := h.loadAuthentication(c, false)
	if err != nil {
		return err
	}
	intentID := c.Query("payment_intent")
	origin := c.Query("origin")
	if co.Session.UIMode == till.UIModeCustom && !validOrigin(co.Account, origin) {
		return &till.Error{Kind: till.KindForbidden, Message: "origin not allowed"}
	}
	if !awaitsAuthentication(co, intentID) {
		return h.notAwaiting(c, co)
	}
	return Render(c, http.StatusOK, views.AuthenticatePageView(h.authenticatePage(co, "", origin)))
}

// validOrigin reports whether origin may open custom mode's modal: one of
// the account's embed origins (any web origin while it names none).
func validOrigin(a *till.Account, origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" {
		return false
	}
	return originAllowed(a.EmbedOrigins, origin)
}

// awaitsAuthentication reports whether the checkout's intent is intentID
// and awaits its authentication.
func awaitsAuthentication(co *checkout, intentID string) bool {
	return co.Intent != nil && co.Intent.ID == intentID && co.Intent.Status == till.PaymentIntentRequiresAction
}

// notAwaiting answers a page or result for an authentication the session
// no longer awaits: the hosted page shows where the session stands; the
// frames get the not-found page, their own pages being reachable only from
// the merchant's.
func (h *Handler) notAwaiting(c *fiber.Ctx, co *checkout) error {
	if co.Session.UIMode == till.UIModeHosted {
		return c.Redirect("/c/pay/"+co.Session.ID, fiber.StatusSeeOther)
	}
	return h.embedError(c, till.NotFound("checkout.session", co.Session.ID, "session"))
}

func (h *Handler) authenticatePage(co *checkout, secret, origin string) views.AuthenticatePage {
	s := co.Session
	page := h.basePage(co)
	page.BackURL = ""
	heading := co.t("auth_title")
	page.Title = heading
	return views.AuthenticatePage{Page: page, Heading: heading,
		Message:    fill(co.t("auth_message"), "{amount}", till.FormatAmount(s.AmountTotal, s.Currency, co.locale)),
		FormAction: "/c/authenticate/" + s.ID, CSRFToken: h.formToken(s.ID), PaymentIntent: co.Intent.ID,
		ClientSecret: secret, Origin: origin, CompleteLabel: co.t("auth_complete"), FailLabel: co.t("auth_fail"),
		Framed: s.UIMode != till.UIModeHosted, EmbedScript: static.URL("js/embed.js")}
}

// AuthenticateSubmit handles "POST /c/authenticate/:id": the shopper's
// result, through the checkout service, answered in the session's mode as
// its pay submit is: paid, declined (the form again, with the message),
// or failed authentication (likewise, with Stripe's message).
func (h *Handler) AuthenticateSubmit(c *fiber.Ctx) error {
	co, err := h.loadAuthentication(c, true)
	if err != nil {
		return err
	}
	if !h.validToken(co.Session.ID, c.FormValue("csrf_token")) {
		return &till.Error{Kind: till.KindForbidden, Message: "invalid form token"}
	}
	mode := co.Session.UIMode
	secret, origin := "", c.FormValue("origin")
	switch mode {
	case till.UIModeEmbedded:
		if secret, err = h.embedSecret(c, co); err != nil {
			return h.embedError(c, err)
		}
	case till.UIModeCustom:
		if !validOrigin(co.Account, origin) {
			return &till.Error{Kind: till.KindForbidden, Message: "origin not allowed"}
		}
	}
	if h.closedKind(co) == "" && !awaitsAuthentication(co, c.FormValue("payment_intent")) {
		return h.notAwaiting(c, co)
	}
	form := awaitedForm(co)
	var sub *submission
	if h.closedKind(co) == "" {
		sub, err = h.authenticate(c, co, c.FormValue("result") == "complete", form)
	}
	switch mode {
	case till.UIModeCustom:
		return h.customAuthenticated(c, co, sub, err, origin)
	case till.UIModeEmbedded:
		return h.embedAnswer(c, co, secret, sub, err)
	}
	return h.hostedAnswer(c, co, sub, err)
}

// authenticate finishes the awaited attempt with the shopper's result.
func (h *Handler) authenticate(c *fiber.Ctx, co *checkout, authenticated bool, form till.CheckoutForm) (*submission, error) {
	res, err := h.payments.Authenticate(c.UserContext(), co.Checkout, co.Intent.ID, authenticated, h.clientIP(c))
	if err != nil {
		return nil, err
	}
	if res.Completed {
		h.metrics.SessionCompleted()
	}
	co.Checkout = res.Checkout
	return &submission{form: form, problems: till.FieldErrors{}, result: res}, nil
}

// awaitedForm is the form as the shopper filled it in for the attempt
// that awaits its authentication, but for the card, to show again after a
// failure.
func awaitedForm(co *checkout) till.CheckoutForm {
	var f till.CheckoutForm
	p := co.Attempts.Awaiting
	if p == nil {
		return f
	}
	str := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	f.Email, f.Phone, f.CardName = str(p.Email), str(p.Phone), str(p.Name)
	if a := p.Address; a != nil {
		f.Country, f.Line1, f.Line2, f.City, f.State, f.PostalCode = str(a.Country), str(a.Line1), str(a.Line2),
			str(a.City), str(a.State), str(a.PostalCode)
	}
	return f
}

// customAuthenticated hands custom mode's result to the page that opened
// the modal: confirm()'s answer, as the confirm endpoint gives it.
func (h *Handler) customAuthenticated(c *fiber.Ctx, co *checkout, sub *submission, err error, origin string) error {
	status, answer, err := h.customAnswer(co, sub, err)
	if err != nil {
		return err
	}
	b, err := json.Marshal(answer)
	if err != nil {
		return err
	}
	AllowFraming(c, co.Account.EmbedOrigins)
	return Render(c, status, views.AuthenticationResultView(views.AuthenticationResult{Lang: co.locale,
		Title: co.t("auth_title"), Stylesheet: static.URL("css/checkout.css"), Script: static.URL("js/authenticate.js"),
		Origin: origin, Result: string(b)}))
}

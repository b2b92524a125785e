package pages

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// loadHosted loads a hosted session and lets its form post on to its
// success_url.
func (h *Handler) loadHosted(c *fiber.Ctx, forPayment bool) (*checkout, error) {
	co, err := h.load(c, till.UIModeHosted, forPayment)
	if err != nil {
		return nil, err
	}
	if s := co.Session; s.SuccessURL != nil {
		allowFormTarget(c, s.Filled(s.SuccessURL))
	}
	return co, nil
}

// PayShow handles "GET /c/pay/:id": the form of an open session, or the page
// saying why it cannot be paid.
func (h *Handler) PayShow(c *fiber.Ctx) error {
	co, err := h.loadHosted(c, false)
	if err != nil {
		return err
	}
	if kind := h.closedKind(co); kind != "" {
		return Render(c, http.StatusOK, views.ResultPageView(h.resultPage(co, kind)))
	}
	return Render(c, http.StatusOK, views.PayPageView(h.payPage(co, blankForm(c), till.FieldErrors{}, "")))
}

// PaySubmit handles "POST /c/pay/:id": the form's checks and one payment
// attempt. Success is a 303 to success_url; a failed check or a decline
// renders the form again with the messages, keeping what was typed except
// the card number and security code. A session that another attempt paid
// answers as that attempt did.
func (h *Handler) PaySubmit(c *fiber.Ctx) error {
	co, answered, err := h.hostedForm(c, true)
	if answered || err != nil {
		return err
	}
	sub, err := h.submit(c, co, formOf(c, co.Session), updateOnly(c))
	return h.hostedAnswer(c, co, sub, err)
}

// hostedForm loads a hosted session for a post of one of its page's forms
// (pay, promotion code, quantity): the form's token must be the session's,
// and a session that cannot be paid is answered at once (answered).
func (h *Handler) hostedForm(c *fiber.Ctx, forPayment bool) (co *checkout, answered bool, err error) {
	if co, err = h.loadHosted(c, forPayment); err != nil {
		return nil, false, err
	}
	if !h.validToken(co.Session.ID, c.FormValue("csrf_token")) {
		return nil, false, &till.Error{Kind: till.KindForbidden, Message: "invalid form token"}
	}
	answered, err = h.hostedClosed(c, co)
	return co, answered, err
}

// hostedAnswer is the hosted page's answer to an attempt (a submit, or an
// authentication's result): the form again with the problems or the
// decline, the authentication page the issuer asks for, or where the
// session stands now (paid: success_url).
func (h *Handler) hostedAnswer(c *fiber.Ctx, co *checkout, sub *submission, err error) error {
	if kind, status, ok := refusal(err); ok {
		return Render(c, status, views.ResultPageView(h.resultPage(co, kind)))
	}
	switch {
	case err != nil:
		return err
	case sub == nil:
	case sub.result == nil:
		return Render(c, sub.formStatus(), views.PayPageView(h.payPage(co, sub.form, sub.problems, "")))
	case sub.declined():
		return Render(c, http.StatusPaymentRequired, views.PayPageView(h.payPage(co, sub.form, sub.problems, declineMessage(co.t, sub.result.Decline))))
	case sub.result.RequiresAction:
		return c.Redirect(authenticationPath(co.Session.ID, co.Intent.ID), fiber.StatusSeeOther)
	case sub.result.TotalChanged:
		return Render(c, http.StatusConflict, views.PayPageView(h.payPage(co, sub.form, sub.problems, totalChanged(co))))
	}
	_, err = h.hostedClosed(c, co)
	return err
}

// hostedClosed answers a submit of a session that cannot be paid: a paid
// one goes to success_url (as the payment that won did), an expired or
// locked one gets its page; it reports false for a payable one.
func (h *Handler) hostedClosed(c *fiber.Ctx, co *checkout) (bool, error) {
	switch kind := h.closedKind(co); kind {
	case "":
		return false, nil
	case "complete":
		return true, redirectToSuccess(c, co.Session)
	default:
		return true, Render(c, closedStatus(kind), views.ResultPageView(h.resultPage(co, kind)))
	}
}

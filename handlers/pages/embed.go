package pages

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/static"
	"till/views"
)

// The embedded checkout: the page inside the iframe that till.js mounts on
// the merchant's site.
//
//	GET  /c/embed/:id       a page holding nothing of the session; embed.js
//	                        reads the client secret from the URL fragment
//	                        (never a query string) and posts it to …/open
//	POST /c/embed/:id/open  the form, for the right client secret only
//	POST /c/embed/:id/pay   the hosted page's validation and exactly-once
//	                        payment, the client secret posted again with
//	                        the form token
//	POST /c/embed/:id/promotion_code, …/quantity  the summary's forms
//	                        (promotion.go, quantity.go), the same way
//
// No cookie is involved, so it works with third-party cookies blocked.
// Framing follows the account's embed origins (AllowFraming); embed.js and
// till.js talk by postMessage, each checking the other's origin.

// loadEmbedded loads an embedded session and lets the account's embed
// origins frame the page.
func (h *Handler) loadEmbedded(c *fiber.Ctx, forPayment bool) (*checkout, error) {
	return h.loadFramed(c, till.UIModeEmbedded, forPayment)
}

// loadFramed loads a session of uiMode for a page of Till's in a
// merchant's iframe, and lets the account's embed origins frame it. Any
// other id is not found, and its page, naming nothing, may be framed by
// anyone.
func (h *Handler) loadFramed(c *fiber.Ctx, uiMode string, forPayment bool) (*checkout, error) {
	co, err := h.load(c, uiMode, forPayment)
	if err != nil {
		if till.ErrorKindOf(err) == till.KindNotFound {
			AllowFraming(c, nil)
		}
		return nil, err
	}
	AllowFraming(c, co.Account.EmbedOrigins)
	return co, nil
}

// openEmbedded is loadEmbedded for a request that must carry the session's
// client secret in its body: a missing, wrong, truncated or other session's
// secret is "not found", the same page an unknown id gets.
func (h *Handler) openEmbedded(c *fiber.Ctx, forPayment bool) (*checkout, string, error) {
	co, err := h.loadEmbedded(c, forPayment)
	if err != nil {
		return nil, "", err
	}
	secret, err := h.embedSecret(c, co)
	return co, secret, err
}

// embedSecret is the client secret the request's body carries, if it is
// the embedded session's.
func (h *Handler) embedSecret(c *fiber.Ctx, co *checkout) (string, error) {
	secret := string(c.Request().PostArgs().Peek("client_secret"))
	if id, ok := h.store.SessionIDFromClientSecret(secret); !ok || id != co.Session.ID {
		return "", till.NotFound("checkout.session", co.Session.ID, "session")
	}
	return secret, nil
}

// EmbedShow handles "GET /c/embed/:id": the page that loads the form once
// embed.js has the client secret. It shows nothing of the session; finding
// the session only decides who may frame it.
func (h *Handler) EmbedShow(c *fiber.Ctx) error {
	if _, err := h.loadEmbedded(c, false); err != nil {
		return h.embedError(c, err)
	}
	return renderShell(c, "page_title", "/c/embed/"+c.Params("id")+"/open")
}

// renderShell is the first page of an iframe that loads with the client
// secret (the embedded checkout, custom mode's Terms Element): titled by
// titleKey's text, nothing of the session, and a form embed.js posts the
// secret from the URL fragment with, to openAction.
func renderShell(c *fiber.Ctx, titleKey, openAction string) error {
	locale := pageLocale(nil, c.Get(fiber.HeaderAcceptLanguage))
	t := translator(locale)
	return Render(c, http.StatusOK, views.EmbedShellView(views.EmbedShell{
		Lang: locale, Title: t(titleKey), Stylesheet: static.URL("css/checkout.css"),
		EmbedScript: static.URL("js/embed.js"), OpenAction: openAction,
		Loading: t("embed_loading"), MissingSecret: t("embed_missing_secret"),
	}))
}

// EmbedOpen handles "POST /c/embed/:id/open": the form of an open session,
// or the page saying it is paid or expired.
func (h *Handler) EmbedOpen(c *fiber.Ctx) error {
	co, secret, err := h.openEmbedded(c, false)
	if err != nil {
		return h.embedError(c, err)
	}
	if kind := h.closedKind(co); kind != "" {
		return Render(c, http.StatusOK, views.EmbedResultView(h.embedResultPage(co, kind)))
	}
	return h.renderEmbedForm(c, co, secret, blankForm(c), till.FieldErrors{}, "", http.StatusOK)
}

// EmbedSubmit handles "POST /c/embed/:id/pay": the hosted page's checks
// and payment attempt. Success is the paid page, which embed.js announces
// to till.js.
func (h *Handler) EmbedSubmit(c *fiber.Ctx) error {
	co, secret, answered, err := h.embedForm(c, true)
	if answered || err != nil {
		return err
	}
	sub, err := h.submit(c, co, formOf(c, co.Session), updateOnly(c))
	return h.embedAnswer(c, co, secret, sub, err)
}

// embedForm is hostedForm for the iframe's forms, which carry the client
// secret: a refused one gets the iframe's own error page.
func (h *Handler) embedForm(c *fiber.Ctx, forPayment bool) (co *checkout, secret string, answered bool, err error) {
	if co, secret, err = h.openEmbedded(c, forPayment); err != nil {
		return nil, "", true, h.embedError(c, err)
	}
	if !h.validToken(co.Session.ID, c.FormValue("csrf_token")) {
		return nil, "", true, h.embedError(c, &till.Error{Kind: till.KindForbidden, Message: "invalid form token"})
	}
	answered, err = h.embedClosed(c, co)
	return co, secret, answered, err
}

// embedAnswer is the iframe's answer to an attempt (a submit, or an
// authentication's result), as hostedAnswer is the hosted page's: the
// authentication page shows in the frame itself.
func (h *Handler) embedAnswer(c *fiber.Ctx, co *checkout, secret string, sub *submission, err error) error {
	if kind, status, ok := refusal(err); ok {
		return Render(c, status, views.EmbedResultView(h.embedResultPage(co, kind)))
	}
	switch {
	case err != nil:
		return err
	case sub == nil:
	case sub.result == nil:
		return h.renderEmbedForm(c, co, secret, sub.form, sub.problems, "", sub.formStatus())
	case sub.declined():
		return h.renderEmbedForm(c, co, secret, sub.form, sub.problems, declineMessage(co.t, sub.result.Decline), http.StatusPaymentRequired)
	case sub.result.RequiresAction:
		return Render(c, http.StatusOK, views.AuthenticatePageView(h.authenticatePage(co, secret, "")))
	case sub.result.TotalChanged:
		return h.renderEmbedForm(c, co, secret, sub.form, sub.problems, totalChanged(co), http.StatusConflict)
	}
	_, err = h.embedClosed(c, co)
	return err
}

// embedClosed answers a submit of a session that cannot be paid in the
// iframe with its page: paid (200, as the payment that won got), expired
// (410) or locked (429); it reports false for a payable one.
func (h *Handler) embedClosed(c *fiber.Ctx, co *checkout) (bool, error) {
	kind := h.closedKind(co)
	if kind == "" {
		return false, nil
	}
	return true, Render(c, closedStatus(kind), views.EmbedResultView(h.embedResultPage(co, kind)))
}

func (h *Handler) renderEmbedForm(c *fiber.Ctx, co *checkout, secret string, form till.CheckoutForm, problems till.FieldErrors, cardError string, status int) error {
	return Render(c, status, views.EmbedPayPageView(h.embedPayPage(co, secret, form, problems, cardError)))
}

// embedPayPage is the hosted form's view model as the iframe shows it: its
// forms post to the embed routes with the client secret.
func (h *Handler) embedPayPage(co *checkout, secret string, form till.CheckoutForm, problems till.FieldErrors, cardError string) views.EmbedPayPage {
	vm := h.payPage(co, form, problems, cardError)
	vm.FormAction = "/c/embed/" + co.Session.ID + "/pay"
	vm.AddressAction = "/c/embed/" + co.Session.ID + "/address-fields"
	if vm.TaxAction != "" {
		vm.TaxAction = "/c/embed/" + co.Session.ID + "/address"
	}
	vm.BackURL = ""
	if p := vm.Summary.Promotion; p != nil {
		p.Action, p.ClientSecret = "/c/embed/"+co.Session.ID+"/promotion_code", secret
	}
	for _, row := range vm.Summary.Items {
		if st := row.Stepper; st != nil {
			st.FormAction, st.ClientSecret = "/c/embed/"+co.Session.ID+"/quantity", secret
		}
	}
	return views.EmbedPayPage{PayPage: vm, ClientSecret: secret, EmbedScript: static.URL("js/embed.js")}
}

// embedResultPage is the iframe's page of a session that cannot be paid
// (kind as for resultPage), with no way out of the frame but for a paid
// session: return_url with the session id for
// redirect_on_completion=always, nothing (till.js calls onComplete) for
// if_required and never, as card payments never need a redirect.
func (h *Handler) embedResultPage(co *checkout, kind string) views.EmbedResult {
	s := co.Session
	page := views.EmbedResult{ResultPage: h.resultPage(co, kind), EmbedScript: static.URL("js/embed.js")}
	page.BackURL, page.LinkURL, page.LinkLabel = "", "", ""
	if kind == "complete" {
		page.Heading, page.Message = co.t("embed_paid_title"), co.t("embed_paid_message")
		page.Title, page.Complete = page.Heading, true
		if s.RedirectOnCompletion == nil || *s.RedirectOnCompletion == "always" {
			page.ReturnURL = s.Filled(s.ReturnURL)
		}
	}
	return page
}

// embedError shows a not found or refused request inside the iframe, sized
// like the other embed pages; other errors go to the error page.
func (h *Handler) embedError(c *fiber.Ctx, err error) error {
	kind := till.ErrorKindOf(err)
	if kind != till.KindNotFound && kind != till.KindForbidden {
		return err
	}
	locale := pageLocale(nil, c.Get(fiber.HeaderAcceptLanguage))
	t := translator(locale)
	page := views.EmbedResult{EmbedScript: static.URL("js/embed.js"), ResultPage: views.ResultPage{Page: views.Page{
		Lang: locale, T: t, AccentColor: till.DefaultAccentColor, AccentText: till.TextOn(till.DefaultAccentColor),
		Stylesheet: static.URL("css/checkout.css"), Script: static.URL("js/checkout.js")}}}
	status := http.StatusNotFound
	page.Kind, page.Heading, page.Message = "not_found", t("not_found_title"), t("not_found_message")
	if kind == till.KindForbidden {
		status = http.StatusForbidden
		page.Kind, page.Heading, page.Message = "forbidden", t("forbidden_title"), t("forbidden_message")
	}
	page.Title = page.Heading
	return Render(c, status, views.EmbedResultView(page))
}

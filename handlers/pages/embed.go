package pages

import (
	"net/http"
	"strings"

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
//
// No cookie is involved, so it works with third-party cookies blocked.
// Framing follows the account's embed origins (AllowFraming); embed.js and
// till.js talk by postMessage, each checking the other's origin.

// findEmbedded finds an embedded session and its account, and lets the
// account's embed origins frame the page. Any other id is not found, and
// its page, naming nothing, may be framed by anyone.
func (h *Handler) findEmbedded(c *fiber.Ctx) (*till.Session, *till.Account, error) {
	id := c.Params("id")
	s, err := h.store.FindSessionByID(c.UserContext(), id)
	if err == nil && s.UIMode != till.UIModeEmbedded {
		err = till.NotFound("checkout.session", id, "session")
	}
	if err != nil {
		if till.ErrorKindOf(err) == till.KindNotFound {
			AllowFraming(c, nil)
		}
		return nil, nil, err
	}
	a, err := h.store.FindAccount(c.UserContext(), s.AccountID)
	if err != nil {
		return nil, nil, err
	}
	AllowFraming(c, a.EmbedOrigins)
	return s, a, nil
}

// loadEmbedded is findEmbedded for a request that must carry the session's
// client secret in its body: a missing, wrong, truncated or other session's
// secret is "not found", the same page an unknown id gets.
func (h *Handler) loadEmbedded(c *fiber.Ctx) (*checkout, string, error) {
	s, a, err := h.findEmbedded(c)
	if err != nil {
		return nil, "", err
	}
	secret := string(c.Request().PostArgs().Peek("client_secret"))
	if id, ok := h.store.SessionIDFromClientSecret(secret); !ok || id != s.ID {
		return nil, "", till.NotFound("checkout.session", s.ID, "session")
	}
	locale := pageLocale(s.Locale, c.Get(fiber.HeaderAcceptLanguage))
	return &checkout{session: s, account: a, locale: locale, t: translator(locale)}, secret, nil
}

// EmbedShow handles "GET /c/embed/:id": the page that loads the form once
// embed.js has the client secret. It shows nothing of the session; finding
// the session only decides who may frame it.
func (h *Handler) EmbedShow(c *fiber.Ctx) error {
	if _, _, err := h.findEmbedded(c); err != nil {
		return h.embedError(c, err)
	}
	locale := pageLocale(nil, c.Get(fiber.HeaderAcceptLanguage))
	t := translator(locale)
	return Render(c, http.StatusOK, views.EmbedShellView(views.EmbedShell{
		Lang: locale, Title: t("page_title"), Stylesheet: static.URL("css/checkout.css"),
		EmbedScript: static.URL("js/embed.js"), OpenAction: "/c/embed/" + c.Params("id") + "/open",
		Loading: t("embed_loading"), MissingSecret: t("embed_missing_secret"),
	}))
}

// EmbedOpen handles "POST /c/embed/:id/open": the form of an open session,
// or the page saying it is paid or expired.
func (h *Handler) EmbedOpen(c *fiber.Ctx) error {
	co, secret, err := h.loadEmbedded(c)
	if err != nil {
		return h.embedError(c, err)
	}
	if page := h.embedClosedPage(co); page != nil {
		return Render(c, http.StatusOK, views.EmbedResultView(*page))
	}
	return h.renderEmbedForm(c, co, secret, till.CheckoutForm{Country: defaultCountry(c)}, till.FieldErrors{}, "", http.StatusOK)
}

// EmbedSubmit handles "POST /c/embed/:id/pay": the hosted page's checks,
// test charge and exactly-once completion. Success is the paid page, which
// embed.js announces to till.js.
func (h *Handler) EmbedSubmit(c *fiber.Ctx) error {
	co, secret, err := h.loadEmbedded(c)
	if err != nil {
		return h.embedError(c, err)
	}
	if !h.validToken(co.session.ID, c.FormValue("csrf_token")) {
		return h.embedError(c, &till.Error{Kind: till.KindForbidden, Message: "invalid form token"})
	}
	if answered, err := h.embedClosed(c, co); answered {
		return err
	}
	done, again, err := h.submitPayment(c, co)
	switch {
	case err != nil:
		return h.afterConflict(c, co, err, h.embedClosed)
	case again != nil:
		return h.renderEmbedForm(c, co, secret, again.form, again.problems, again.cardError, again.status)
	}
	co.session = done
	return Render(c, http.StatusOK, views.EmbedResultView(*h.embedClosedPage(co)))
}

// embedClosed answers a submit of a closed session in the iframe with its
// page: paid (200, as the payment that won got) or expired (410); it
// reports false for an open session.
func (h *Handler) embedClosed(c *fiber.Ctx, co *checkout) (bool, error) {
	page := h.embedClosedPage(co)
	if page == nil {
		return false, nil
	}
	status := http.StatusGone
	if page.Complete {
		status = http.StatusOK
	}
	return true, Render(c, status, views.EmbedResultView(*page))
}

func (h *Handler) renderEmbedForm(c *fiber.Ctx, co *checkout, secret string, form till.CheckoutForm, problems till.FieldErrors, cardError string, status int) error {
	vm, err := h.payPage(c, co, form, problems, cardError)
	if err != nil {
		return err
	}
	vm.FormAction = "/c/embed/" + co.session.ID + "/pay"
	vm.BackURL = ""
	return Render(c, status, views.EmbedPayPageView(views.EmbedPayPage{PayPage: vm, ClientSecret: secret,
		EmbedScript: static.URL("js/embed.js")}))
}

// embedClosedPage is the page of a paid or expired session, nil for an open
// one. A paid session's page carries where the shopper goes next: return_url
// with the session id for redirect_on_completion=always, nothing (till.js
// calls onComplete) for if_required and never, as card payments never need
// a redirect.
func (h *Handler) embedClosedPage(co *checkout) *views.EmbedResult {
	s := co.session
	page := &views.EmbedResult{ResultPage: views.ResultPage{Page: h.basePage(co)}, EmbedScript: static.URL("js/embed.js")}
	page.BackURL = ""
	switch {
	case s.Status == till.SessionComplete:
		page.Kind, page.Heading, page.Message = "complete", co.t("embed_paid_title"), co.t("embed_paid_message")
		page.Complete = true
		if s.ReturnURL != nil && (s.RedirectOnCompletion == nil || *s.RedirectOnCompletion == "always") {
			page.ReturnURL = strings.ReplaceAll(*s.ReturnURL, "{CHECKOUT_SESSION_ID}", s.ID)
		}
	case s.Status == till.SessionExpired || h.store.Now() >= s.ExpiresAt:
		page.Kind, page.Heading, page.Message = "expired", co.t("expired_title"), co.t("expired_message")
	default:
		return nil
	}
	page.Title = page.Heading
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

package pages

import (
	"github.com/gofiber/fiber/v2"

	"till"
	"till/static"
	"till/views"
)

// closedKind names why a checkout's form cannot be shown: "complete",
// "expired", or "locked" (too many declines); "" for a payable one. Expiry
// counts from expires_at, before any sweeper ran.
func (h *Handler) closedKind(co *checkout) string {
	if err := co.Session.Payable(h.store.Now()); err != nil {
		if co.Session.Status == till.SessionComplete {
			return "complete"
		}
		return "expired"
	}
	if kind, _, ok := refusal(h.payments.CanAttempt(co.Checkout)); ok && kind == "locked" {
		return "locked"
	}
	return ""
}

// closedStatus is the status a submit of a closed session gets, by
// closedKind: the paid page answers as the payment that won was answered.
func closedStatus(kind string) int {
	switch kind {
	case "complete":
		return fiber.StatusOK
	case "locked":
		return fiber.StatusTooManyRequests
	}
	return fiber.StatusGone
}

// resultPage is the page of a checkout that cannot take a payment (kind:
// closedKind's, or a refusal's), with the way on: success_url for a paid
// session, cancel_url otherwise.
func (h *Handler) resultPage(co *checkout, kind string) views.ResultPage {
	s := co.Session
	page := views.ResultPage{Page: h.basePage(co), Kind: kind,
		Heading: co.t(kind + "_title"), Message: co.t(kind + "_message")}
	switch {
	case kind == "complete" && s.SuccessURL != nil:
		page.LinkURL, page.LinkLabel = s.Filled(s.SuccessURL), co.t("continue")
	case kind != "complete" && s.CancelURL != nil:
		page.LinkURL, page.LinkLabel = *s.CancelURL, co.t("return_to_merchant")
	}
	page.Title = page.Heading
	return page
}

func (h *Handler) basePage(co *checkout) views.Page {
	p := brandedPage(co.Account, co.locale, co.t, co.Session.Livemode)
	p.Title, p.Script = co.t("page_title")+" – "+co.Account.ShownName(), static.URL("js/checkout.js")
	if co.Session.CancelURL != nil && co.Session.Status == till.SessionOpen {
		p.BackURL = *co.Session.CancelURL
	}
	return p
}

// brandedPage is what every page of an account's shares, in locale: the
// account's name, logo and accent colour, the test-mode badge and the
// stylesheet.
func brandedPage(acct *till.Account, locale string, t func(string) string, livemode bool) views.Page {
	accent := till.DefaultAccentColor
	if acct.AccentColor != nil {
		accent = *acct.AccentColor
	}
	p := views.Page{Lang: locale, T: t, MerchantName: acct.ShownName(), AccentColor: accent,
		AccentText: till.TextOn(accent), TestMode: !livemode, Stylesheet: static.URL("css/checkout.css")}
	if acct.LogoURL != nil {
		p.LogoURL = *acct.LogoURL
	}
	return p
}

// redirectToSuccess sends the shopper of a paid session to its success_url.
func redirectToSuccess(c *fiber.Ctx, s *till.Session) error {
	return c.Redirect(s.Filled(s.SuccessURL), fiber.StatusSeeOther)
}

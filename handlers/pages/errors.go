package pages

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/static"
	"till/views"
)

// RenderError shows an error as a page in the shopper's language: not
// found, a refused form, a conflict with another request (409: the shopper
// may simply try again), the database out of reach (503: nothing was
// charged, try again shortly) or an internal error (500). The web layer logs
// each 5xx once, with its request id, before calling it.
func (h *Handler) RenderError(c *fiber.Ctx, err error) error {
	locale := pageLocale(nil, c.Get(fiber.HeaderAcceptLanguage))
	t := translator(locale)
	page := views.ResultPage{Page: views.Page{Lang: locale, T: t, AccentColor: till.DefaultAccentColor,
		AccentText: till.TextOn(till.DefaultAccentColor), Stylesheet: static.URL("css/checkout.css"),
		Script: static.URL("js/checkout.js")}}
	status := http.StatusInternalServerError
	var fe *fiber.Error
	switch kind := till.ErrorKindOf(err); {
	case kind == till.KindNotFound || (errors.As(err, &fe) && fe.Code == http.StatusNotFound):
		status, page.Kind, page.Heading, page.Message = http.StatusNotFound, "not_found", t("not_found_title"), t("not_found_message")
	case kind == till.KindForbidden:
		status, page.Kind, page.Heading, page.Message = http.StatusForbidden, "forbidden", t("forbidden_title"), t("forbidden_message")
	case kind == till.KindConflict:
		status, page.Kind, page.Heading, page.Message = http.StatusConflict, "conflict", t("conflict_title"), t("conflict_message")
	case kind == till.KindUnavailable:
		status, page.Kind, page.Heading, page.Message = http.StatusServiceUnavailable, "unavailable", t("unavailable_title"), t("unavailable_message")
	default:
		page.Kind, page.Heading, page.Message = "error", t("error_title"), t("error_message")
	}
	page.Title = page.Heading
	c.Response().ResetBody()
	return Render(c, status, views.ResultPageView(page))
}

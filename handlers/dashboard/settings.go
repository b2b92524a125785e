package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/static"
	"till/views"
)

// settingsPath is the settings page's address; each group of settings
// posts to its own path under it.
const settingsPath = "/dashboard/settings"

// brandingFields are the branding form's fields, named as `till accounts
// update` names its flags.
var brandingFields = []string{"display_name", "logo_url", "accent_color"}

// Settings handles "GET /dashboard/settings": the account's branding, with
// a preview of the hosted page in it; the origins that may frame the
// embedded page; the API version requests without a Stripe-Version are
// answered in; the terms of service URL; and the way to the audit log. Each
// form is filled in with what is stored, or with what was typed before a
// refusal.
func (h *Handler) Settings(c *fiber.Ctx) error {
	s := signedIn(c)
	acct, err := h.store.FindAccount(c.UserContext(), s.AccountID)
	if err != nil {
		return err
	}
	vm := views.DashboardSettings{Frame: h.frame(c, "settings", "Settings"),
		Branding: h.form(c, settingsPath+"/branding"), AccountName: acct.Name, DisplayName: deref(acct.DisplayName),
		LogoURL: deref(acct.LogoURL), AccentColor: deref(acct.AccentColor), DefaultAccent: till.DefaultAccentColor,
		PreviewURL: settingsPath + "/preview", Script: static.URL("js/dashboard-settings.js"),
		Origins: h.form(c, settingsPath+"/embed-origins"), EmbedOrigins: strings.Join(acct.EmbedOrigins, "\n"),
		Version: h.form(c, settingsPath+"/api-version"), CurrentVersion: till.AccountAPIVersion(acct.APIVersion),
		Terms: h.form(c, settingsPath+"/terms-url"), TermsURL: deref(acct.TermsURL), AuditURL: auditPath}
	if v, ok := refill(c, brandingFields...); ok {
		vm.DisplayName, vm.LogoURL, vm.AccentColor = v.Get("display_name"), v.Get("logo_url"), v.Get("accent_color")
	}
	if v, ok := refill(c, "embed_origins"); ok {
		vm.EmbedOrigins = v.Get("embed_origins")
	}
	if v, ok := refill(c, "terms_url"); ok {
		vm.TermsURL = v.Get("terms_url")
	}
	for _, v := range till.APIVersions() {
		vm.Versions = append(vm.Versions, views.DashboardOption{Value: v, Label: v, Selected: v == vm.CurrentVersion})
	}
	return render(c, http.StatusOK, views.DashboardSettingsPage(vm))
}

// SettingsPreview handles "GET /dashboard/settings/preview": the hosted
// page of a sample session with the account's branding, or with the
// branding of the query (?display_name=, ?logo_url=, ?accent_color=: what
// is being typed), each part of it only if `till accounts update` would
// take it. Only the dashboard frames it (pages.SecurePreview).
func (h *Handler) SettingsPreview(c *fiber.Ctx) error {
	acct, err := h.store.FindAccount(c.UserContext(), signedIn(c).AccountID)
	if err != nil {
		return err
	}
	typed, _ := refill(c, brandingFields...)
	for _, u := range brandingUpdates(typed) {
		if next := *acct; till.ApplyAccountUpdate(&next, u) == nil {
			acct = &next
		}
	}
	return h.preview(c, acct)
}

// brandingUpdates are the changes of the branding fields given, one each.
func brandingUpdates(form url.Values) []till.AccountUpdate {
	return []till.AccountUpdate{{DisplayName: given(form, "display_name")}, {LogoURL: given(form, "logo_url")},
		{AccentColor: given(form, "accent_color")}}
}

// SettingsBranding handles "POST /dashboard/settings/branding": the
// display name, logo URL and accent colour the hosted page, the embedded
// page and receipts show, set as `till accounts update` sets them (an empty
// one clears it).
func (h *Handler) SettingsBranding(c *fiber.Ctx) error {
	form := posted(c, brandingFields...)
	return h.changeAccount(c, "account.update_branding", form, "#branding", till.AccountUpdate{
		DisplayName: given(form, "display_name"), LogoURL: given(form, "logo_url"), AccentColor: given(form, "accent_color")})
}

// SettingsEmbedOrigins handles "POST /dashboard/settings/embed-origins":
// the sites allowed to frame the embedded page (one a line, or separated by
// commas as `till accounts update --embed-origins` takes them; none: any).
func (h *Handler) SettingsEmbedOrigins(c *fiber.Ctx) error {
	form := posted(c, "embed_origins")
	origins := strings.FieldsFunc(form.Get("embed_origins"), func(r rune) bool { return r == '\n' || r == '\r' || r == ',' })
	return h.changeAccount(c, "account.update_embed_origins", form, "#embed-origins", till.AccountUpdate{EmbedOrigins: &origins})
}

// SettingsAPIVersion handles "POST /dashboard/settings/api-version": the
// version requests without a Stripe-Version are answered in and events are
// created in, one of Stripe's; once pinned it can be changed, not cleared.
func (h *Handler) SettingsAPIVersion(c *fiber.Ctx) error {
	form := posted(c, "api_version")
	v := form.Get("api_version")
	return h.changeAccount(c, "account.update_api_version", url.Values{}, "#api-version", till.AccountUpdate{APIVersion: &v})
}

// SettingsTermsURL handles "POST /dashboard/settings/terms-url": the terms
// of service a session's consent_collection[terms_of_service] links to (an
// empty one clears it, and such sessions are refused again).
func (h *Handler) SettingsTermsURL(c *fiber.Ctx) error {
	form := posted(c, "terms_url")
	return h.changeAccount(c, "account.update_terms_url", form, "#terms-url", till.AccountUpdate{TermsURL: given(form, "terms_url")})
}

// changeAccount applies a change to the signed-in account's settings with
// the same rules as `till accounts update`, in the audit log as name; a
// refusal links back to the settings with the form's fields as typed, and
// a change goes back to its section of the settings.
func (h *Handler) changeAccount(c *fiber.Ctx, name string, form url.Values, section string, u till.AccountUpdate) error {
	s := signedIn(c)
	return h.act(c, action{name: name, objectID: s.AccountID, back: withQuery(settingsPath, form) + section,
		do: func(ctx context.Context, _ till.EventSource) (string, error) {
			_, err := h.store.UpdateAccountSettings(ctx, s.AccountID, func(a *till.Account) error {
				return till.ApplyAccountUpdate(a, u)
			})
			return settingsPath + section, err
		}})
}

// given is a field of the form, nil when it was not sent.
func given(form url.Values, name string) *string {
	if !form.Has(name) {
		return nil
	}
	v := form.Get(name)
	return &v
}

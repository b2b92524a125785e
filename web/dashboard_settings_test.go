package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/stripe/stripe-go/v82"
)

// The account's settings from the dashboard: each change made with the
// rules `till accounts update` uses, seen afterwards where it matters (the
// hosted page, the embedded page's framing, the API's version, consent to
// terms), refused with those rules' messages, and in the audit log; and the
// preview of the hosted page, framed by the dashboard only.

func TestDashboardSettings(t *testing.T) {
	srv, _ := dashboardServer(t)
	a, b := srv.newAccount(t), srv.newAccount(t)
	c := signedInAs(t, srv, a, "owner@a.example")
	const settings = "/dashboard/settings"
	doc := c.page(settings, http.StatusOK)
	if doc.Find(`[data-testid="audit-log-link"]`).AttrOr("href", "") != "/dashboard/settings/audit-log" ||
		doc.Find(`nav a[aria-current="page"]`).Text() != "Settings" {
		t.Error("the settings page does not lead to the audit log, or the navigation does not mark Settings")
	}
	if cur := c.page("/dashboard/settings/audit-log", http.StatusOK).Find(`nav a[aria-current="page"]`).Text(); cur != "Settings" {
		t.Errorf("the audit log's navigation marks %q", cur)
	}

	// Branding: on the hosted page afterwards; a wrong colour is refused
	// with its rule's message, and the form comes back as typed.
	const branding = `form[data-testid="branding-form"]`
	back := c.refused(settings, branding, url.Values{"display_name": {"Corner Shop"}, "logo_url": {"https://shop.example/logo.png"},
		"accent_color": {"green"}}, `The accent colour must look like #RRGGBB, got "green".`)
	if back.Find("#display_name").AttrOr("value", "") != "Corner Shop" || back.Find("#accent_color").AttrOr("value", "") != "green" {
		t.Error("the branding form lost what was typed")
	}
	c.refused(settings, branding, url.Values{"logo_url": {"javascript:alert(1)"}}, "Not a valid URL")
	if loc := c.changed(settings, branding, url.Values{"display_name": {"Corner Shop"}, "logo_url": {"https://shop.example/logo.png"},
		"accent_color": {"#0A7C59"}}); loc != settings+"#branding" {
		t.Errorf("saving the branding goes to %q", loc)
	}
	hosted := newSession(t, a, nil)
	page := srv.do(t, "GET", "/c/pay/"+hosted.ID, "", "")
	pageDoc, _ := goquery.NewDocumentFromReader(strings.NewReader(page.Body))
	if pageDoc.Find(`[data-testid="merchant-name"]`).Text() != "Corner Shop" ||
		pageDoc.Find(`img.merchant-logo`).AttrOr("src", "") != "https://shop.example/logo.png" ||
		!strings.Contains(page.Body, "--accent:#0A7C59") {
		t.Errorf("the hosted page after the branding changed:\n%.2000s", page.Body)
	}
	if name := c.page(settings, http.StatusOK).Find(`[data-testid="account-name"]`).Text(); name != "Corner Shop" {
		t.Errorf("the header names the account %q", name)
	}

	// Embed origins: what the embedded page's frame-ancestors lists.
	const origins = `form[data-testid="embed-origins-form"]`
	c.refused(settings, origins, url.Values{"embed_origins": {"https://shop.example/path"}},
		`"https://shop.example/path" is not an origin like https://shop.example.`)
	c.changed(settings, origins, url.Values{"embed_origins": {" https://shop.example/\r\nhttp://localhost:4243\r\n\r\n"}})
	embedded := embeddedSession(t, a, "https://shop.example/return", "")
	if fa := frameAncestors(srv.do(t, "GET", "/c/embed/"+embedded.ID, "", "")); fa != "https://shop.example http://localhost:4243" {
		t.Errorf("frame-ancestors = %q after the change", fa)
	}
	if got := c.page(settings, http.StatusOK).Find("#embed_origins").Text(); got != "https://shop.example\nhttp://localhost:4243" {
		t.Errorf("the form shows the origins as %q", got)
	}

	// API version: events are created in it, and requests without a
	// Stripe-Version are answered in it at once.
	const version = `form[data-testid="api-version-form"]`
	c.refused(settings, version, url.Values{"api_version": {"2099-01-01.zzz"}},
		`"2099-01-01.zzz" is not a Stripe API version (for example 2025-08-27.basil).`)
	c.changed(settings, version, url.Values{"api_version": {"2025-12-15.clover"}})
	if _, err := a.Stripe.V1CheckoutSessions.Expire(bg, hosted.ID, nil); err != nil {
		t.Fatal(err)
	}
	for ev, err := range a.Stripe.V1Events.List(bg, &stripe.EventListParams{Type: stripe.String("checkout.session.expired")}) {
		if err != nil || ev.APIVersion != "2025-12-15.clover" {
			t.Errorf("the expiry's event is in %q (%v)", ev.APIVersion, err)
		}
	}
	// dahlia names an embedded session's ui_mode embedded_page, so an
	// answer in dahlia shows the change.
	c.changed(settings, version, url.Values{"api_version": {"2026-03-25.dahlia"}})
	var answered struct {
		UIMode string `json:"ui_mode"`
	}
	r := srv.do(t, "GET", "/v1/checkout/sessions/"+embedded.ID, a.SecretKey, "")
	if err := json.Unmarshal([]byte(r.Body), &answered); err != nil || answered.UIMode != "embedded_page" {
		t.Errorf("a request without Stripe-Version after the change: ui_mode %q (%v)", answered.UIMode, err)
	}
	doc = c.page(settings, http.StatusOK)
	if doc.Find(`#api_version option[selected]`).AttrOr("value", "") != "2026-03-25.dahlia" ||
		doc.Find(`[data-testid="current-api-version"]`).Text() != "2026-03-25.dahlia" {
		t.Error("the settings do not show the version chosen")
	}

	// Terms URL: consent to terms needs it.
	const terms = `form[data-testid="terms-url-form"]`
	consent := func() error {
		p := basicSession()
		p.ConsentCollection = &stripe.CheckoutSessionCreateConsentCollectionParams{TermsOfService: stripe.String("required")}
		s, err := a.Stripe.V1CheckoutSessions.Create(bg, p)
		if err == nil {
			if link := srv.do(t, "GET", "/c/pay/"+s.ID, "", ""); !strings.Contains(link.Body, `href="https://shop.example/terms"`) {
				t.Error("the hosted page does not link to the terms")
			}
		}
		return err
	}
	if consent() == nil {
		t.Fatal("consent to terms accepted before a terms URL is set")
	}
	c.refused(settings, terms, url.Values{"terms_url": {"ftp://shop.example/terms"}}, "Not a valid URL")
	c.changed(settings, terms, url.Values{"terms_url": {"https://shop.example/terms"}})
	if err := consent(); err != nil {
		t.Errorf("consent to terms with a terms URL: %v", err)
	}
	c.changed(settings, terms, url.Values{"terms_url": {""}})
	if consent() == nil {
		t.Error("consent to terms accepted after the terms URL was cleared")
	}

	// The other account is as it was.
	other, err := srv.Store.FindAccount(bg, b.ID)
	if err != nil || other.DisplayName != nil || other.LogoURL != nil || len(other.EmbedOrigins) != 0 || other.TermsURL != nil {
		t.Errorf("the other account changed: %+v %v", other, err)
	}
	want := []string{"account.update_terms_url", "account.update_terms_url", "account.update_api_version",
		"account.update_api_version", "account.update_embed_origins", "account.update_branding"}
	for i := range want {
		want[i] += " " + a.ID + " owner@a.example"
	}
	if got := auditActions(c); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDashboardSettingsPreview(t *testing.T) {
	srv, _ := dashboardServer(t)
	a := srv.newAccount(t)
	c := signedInAs(t, srv, a, "owner@a.example")
	c.changed("/dashboard/settings", `form[data-testid="branding-form"]`, url.Values{"display_name": {"Corner Shop"},
		"logo_url": {""}, "accent_color": {"#0A7C59"}})
	frame := c.page("/dashboard/settings", http.StatusOK).Find(`iframe[data-testid="preview"]`)
	if frame.AttrOr("src", "") != "/dashboard/settings/preview" || frame.AttrOr("sandbox", "x") != "allow-same-origin" ||
		frame.AttrOr("title", "") == "" {
		t.Errorf("preview frame %v", frame.Nodes)
	}
	res, body := c.do("GET", "/dashboard/settings", nil)
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("the settings page's CSP %q", csp)
	}
	if strings.Contains(body, "cs_test_preview") {
		t.Error("the settings page holds the sample session")
	}

	// The saved branding, on the hosted page's own template, with a sample
	// session; only Till's pages may frame it.
	res, body = c.do("GET", "/dashboard/settings/preview", nil)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if res.StatusCode != http.StatusOK || doc.Find(`[data-testid="merchant-name"]`).Text() != "Corner Shop" ||
		!strings.Contains(body, "--accent:#0A7C59") || doc.Find(`[data-testid="pay-form"]`).Length() != 1 ||
		!strings.Contains(body, "Sample item") {
		t.Fatalf("preview: %d\n%.1500s", res.StatusCode, body)
	}
	if fa, xfo := frameAncestorsOf(res.Header), res.Header.Get("X-Frame-Options"); fa != "'self'" || xfo != "SAMEORIGIN" {
		t.Errorf("the preview may be framed by %q (X-Frame-Options %q)", fa, xfo)
	}
	if strings.Contains(res.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("the preview's CSP allows inline script or style")
	}

	// The branding being typed, each part only if it would be saved.
	_, body = c.do("GET", "/dashboard/settings/preview?"+url.Values{"display_name": {"Typed Name"}, "accent_color": {"green"},
		"logo_url": {"https://shop.example/new.png"}}.Encode(), nil)
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(body))
	if doc.Find(`[data-testid="merchant-name"]`).Text() != "Typed Name" || !strings.Contains(body, "--accent:#0A7C59") ||
		doc.Find(`img.merchant-logo`).AttrOr("src", "") != "https://shop.example/new.png" {
		t.Errorf("preview of typed branding:\n%.1500s", body)
	}
	// Nothing was saved by it.
	if acct, _ := srv.Store.FindAccount(bg, a.ID); acct.DisplayName == nil || *acct.DisplayName != "Corner Shop" {
		t.Error("the preview changed the account")
	}
	signedOut := &browserless{t: t, srv: srv}
	if !signedOut.signedOut("/dashboard/settings/preview") {
		t.Error("the preview shows signed out")
	}
}

// frameAncestorsOf is the CSP frame-ancestors directive of headers.
func frameAncestorsOf(h http.Header) string {
	return frameAncestors(response{Header: h})
}

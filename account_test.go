package till

import (
	"strings"
	"testing"
)

func TestTextOn(t *testing.T) {
	for bg, want := range map[string]string{
		"#000000": "#FFFFFF", "#FFFFFF": "#000000", "#3D4EAC": "#FFFFFF", "#FFD700": "#000000",
		"#0A7C59": "#FFFFFF", "#7FDBFF": "#000000", "not-a-colour": "#FFFFFF",
	} {
		if got := TextOn(bg); got != want {
			t.Errorf("TextOn(%s) = %s, want %s", bg, got, want)
		}
	}
}

func TestCheckBrandingAndOrigins(t *testing.T) {
	s := func(v string) *string { return &v }
	for _, b := range []Branding{{AccentColor: s("green")}, {AccentColor: s("#12345")}, {LogoURL: s("javascript:alert(1)")}} {
		if err := CheckBranding(b); err == nil {
			t.Errorf("CheckBranding(%+v) accepted", b)
		}
	}
	if err := CheckBranding(Branding{AccentColor: s("#0a7c59"), LogoURL: s("https://shop.example/logo.png")}); err != nil {
		t.Errorf("valid branding refused: %v", err)
	}
	for _, o := range []string{"https://shop.example/path", "shop.example", "https://a.example; script-src *", "ftp://x.example"} {
		if err := CheckEmbedOrigins([]string{o}); err == nil {
			t.Errorf("origin %q accepted", o)
		}
	}
	if err := CheckEmbedOrigins([]string{"https://shop.example", "http://localhost:4243"}); err != nil {
		t.Errorf("valid origins refused: %v", err)
	}
}

func TestApplyAccountUpdate(t *testing.T) {
	s := func(v string) *string { return &v }
	origins := []string{" https://shop.example/ ", "", "http://localhost:4243"}
	a := Account{ID: "acct_1", Name: "Shop", Branding: Branding{DisplayName: s("Old"), LogoURL: s("https://shop.example/old.png")},
		APIVersion: "2025-08-27.basil"}
	err := ApplyAccountUpdate(&a, AccountUpdate{DisplayName: s("Corner Shop"), LogoURL: s(""), AccentColor: s("#0A7C59"),
		EmbedOrigins: &origins, TermsURL: s("https://shop.example/terms"), APIVersion: s("2025-12-15.clover")})
	if err != nil || *a.DisplayName != "Corner Shop" || a.LogoURL != nil || *a.AccentColor != "#0A7C59" ||
		strings.Join(a.EmbedOrigins, " ") != "https://shop.example http://localhost:4243" || *a.TermsURL != "https://shop.example/terms" ||
		a.APIVersion != "2025-12-15.clover" {
		t.Fatalf("applied: %+v %v", a, err)
	}
	// Fields not given stay; a refused change leaves the account as it was.
	before := a
	for _, tc := range []struct {
		u     AccountUpdate
		param string
	}{
		{AccountUpdate{AccentColor: s("green")}, "accent_color"},
		{AccountUpdate{LogoURL: s("javascript:alert(1)")}, "logo_url"},
		{AccountUpdate{DisplayName: s(strings.Repeat("x", 101))}, "display_name"},
		{AccountUpdate{EmbedOrigins: &[]string{"https://shop.example/path"}}, "embed_origins"},
		{AccountUpdate{TermsURL: s("ftp://shop.example/terms")}, "terms_url"},
		{AccountUpdate{APIVersion: s("")}, "api_version"},
		{AccountUpdate{APIVersion: s("2099-01-01.zzz"), DisplayName: s("New")}, "api_version"},
	} {
		err := ApplyAccountUpdate(&a, tc.u)
		if AsError(err) == nil || AsError(err).Param != tc.param {
			t.Errorf("%+v: %v, want a refusal of %s", tc.u, err, tc.param)
		}
		if a.DisplayName != before.DisplayName || a.AccentColor != before.AccentColor || a.APIVersion != before.APIVersion {
			t.Errorf("%+v changed the account: %+v", tc.u, a)
		}
	}
}

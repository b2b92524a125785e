package till

import "testing"

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

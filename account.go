package till

import (
	"net/url"
	"regexp"
	"strings"
)

var hexColor = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// CheckBranding validates an account's branding: a #RRGGBB accent colour and
// an absolute http(s) logo URL.
func CheckBranding(b Branding) error {
	if b.AccentColor != nil && *b.AccentColor != "" && !hexColor.MatchString(*b.AccentColor) {
		return Invalid(CodeInvalidRequest, "accent_color", "The accent colour must look like #RRGGBB, got %q.", *b.AccentColor)
	}
	if b.LogoURL != nil && *b.LogoURL != "" {
		if err := CheckRedirectURL("logo_url", *b.LogoURL); err != nil {
			return err
		}
	}
	return maxLen("display_name", b.DisplayName, 100)
}

// CheckEmbedOrigins validates the origins allowed to frame the embedded
// page: each scheme://host[:port], nothing more, so it can stand in a
// Content-Security-Policy frame-ancestors list as it is.
func CheckEmbedOrigins(origins []string) error {
	for _, o := range origins {
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(o, " ;,'\"") {
			return Invalid(CodeInvalidRequest, "embed_origins", "%q is not an origin like https://shop.example.", o)
		}
	}
	return nil
}

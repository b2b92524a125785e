package till

import (
	"math"
	"net/url"
	"regexp"
	"strconv"
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

// AccountUpdate is a change to an account's settings, made with `till
// accounts update` or from the dashboard: each field given (non-nil)
// replaces the account's, an empty text clearing it. The API version can be
// changed but not cleared: once pinned it stays pinned, as at Stripe.
type AccountUpdate struct {
	DisplayName *string
	LogoURL     *string
	AccentColor *string
	TermsURL    *string
	// EmbedOrigins, when given, replaces the list; each origin is taken
	// without surrounding spaces or a trailing slash, and empty ones are
	// dropped.
	EmbedOrigins *[]string
	APIVersion   *string
}

// ApplyAccountUpdate checks u and applies it to a: the branding's rules
// (CheckBranding), origins that can stand in a frame-ancestors list, an
// absolute http(s) terms URL and one of Stripe's API versions.
func ApplyAccountUpdate(a *Account, u AccountUpdate) error {
	if u.APIVersion != nil && !KnownAPIVersion(*u.APIVersion) {
		return Invalid(CodeInvalidRequest, "api_version", "%q is not a Stripe API version (for example %s).", *u.APIVersion, DefaultAPIVersion)
	}
	next := *a
	setOptional(&next.DisplayName, u.DisplayName)
	setOptional(&next.LogoURL, u.LogoURL)
	setOptional(&next.AccentColor, u.AccentColor)
	setOptional(&next.TermsURL, u.TermsURL)
	if u.EmbedOrigins != nil {
		next.EmbedOrigins = nil
		for _, o := range *u.EmbedOrigins {
			if o = strings.TrimSuffix(strings.TrimSpace(o), "/"); o != "" {
				next.EmbedOrigins = append(next.EmbedOrigins, o)
			}
		}
	}
	if u.APIVersion != nil {
		next.APIVersion = *u.APIVersion
	}
	if err := CheckBranding(next.Branding); err != nil {
		return err
	}
	if err := CheckEmbedOrigins(next.EmbedOrigins); err != nil {
		return err
	}
	if next.TermsURL != nil {
		if err := CheckRedirectURL("terms_url", *next.TermsURL); err != nil {
			return err
		}
	}
	*a = next
	return nil
}

// DefaultAccentColor is the accent of accounts that chose none.
const DefaultAccentColor = "#3D4EAC"

// TextOn returns the text colour, black or white, that contrasts more with
// a #RRGGBB background (WCAG relative luminance), so a merchant's accent
// colour never makes the Pay button unreadable.
func TextOn(background string) string {
	if !hexColor.MatchString(background) {
		return "#FFFFFF"
	}
	channel := func(hex string) float64 {
		v, _ := strconv.ParseUint(hex, 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	l := 0.2126*channel(background[1:3]) + 0.7152*channel(background[3:5]) + 0.0722*channel(background[5:7])
	// Contrast with white is 1.05/(l+0.05), with black (l+0.05)/0.05.
	if 1.05/(l+0.05) >= (l+0.05)/0.05 {
		return "#FFFFFF"
	}
	return "#000000"
}

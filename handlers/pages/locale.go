package pages

import (
	"golang.org/x/text/language"

	"till"
)

// stripeLocales are Checkout's locales (without "auto") as language tags,
// for matching a shopper's Accept-Language; English comes first, as the
// matcher's fallback.
var stripeLocales = func() []language.Tag {
	tags := []language.Tag{language.English}
	for _, l := range till.Locales {
		if l != "auto" && l != "en" {
			tags = append(tags, language.MustParse(l))
		}
	}
	return tags
}()

var localeMatcher = language.NewMatcher(stripeLocales)

// pageLocale is the locale a session's page speaks: the session's locale,
// or for "auto" and none, the best match for the browser's Accept-Language
// among Stripe's locales (English when nothing matches).
func pageLocale(sessionLocale *string, acceptLanguage string) string {
	if sessionLocale != nil && *sessionLocale != "auto" {
		return *sessionLocale
	}
	_, i := language.MatchStrings(localeMatcher, acceptLanguage)
	return stripeLocales[i].String()
}

// translator returns the T of a locale: its catalog, and the key itself for
// a key with no text, so that a missing text is visible. Every locale
// pageLocale gives has a catalog, as session creation accepts only
// Checkout's; a locale without one (a guard, not a path) gets English.
func translator(locale string) func(string) string {
	m, ok := messages[locale]
	if !ok {
		m = messages["en"]
	}
	return func(key string) string {
		if s, ok := m[key]; ok {
			return s
		}
		return key
	}
}

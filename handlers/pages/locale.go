package pages

import (
	"strings"

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

// catalog picks the message catalog for a locale: its own, else its
// language's (fr-CA → fr, es-419 → es, pt → pt-BR, zh-TW → zh), else English.
func catalog(locale string) map[string]string {
	if m, ok := messages[locale]; ok {
		return m
	}
	base, _, _ := strings.Cut(locale, "-")
	if base == "pt" {
		return messages["pt-BR"]
	}
	if m, ok := messages[base]; ok {
		return m
	}
	return messages["en"]
}

// translator returns the T of a locale: its catalog, falling back to
// English per key, and to the key itself so a missing text is visible.
func translator(locale string) func(string) string {
	m := catalog(locale)
	return func(key string) string {
		if s, ok := m[key]; ok {
			return s
		}
		if s, ok := messages["en"][key]; ok {
			return s
		}
		return key
	}
}

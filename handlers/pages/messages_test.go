package pages

import (
	"slices"
	"sort"
	"testing"
)

// pageLanguages are the catalogs the pages speak, hosted and embedded alike.
var pageLanguages = []string{"de", "en", "es", "fr", "it", "ja", "nl", "pt-BR", "zh"}

// TestMessagesComplete: every key of every catalog is in all nine, with a
// text, so no page falls back to English midway through a sentence.
func TestMessagesComplete(t *testing.T) {
	var langs []string
	keys := map[string]bool{}
	for lang, m := range messages {
		langs = append(langs, lang)
		for k := range m {
			keys[k] = true
		}
	}
	sort.Strings(langs)
	if !slices.Equal(langs, pageLanguages) {
		t.Fatalf("catalogs %v, want %v", langs, pageLanguages)
	}
	for k := range keys {
		for _, lang := range langs {
			if messages[lang][k] == "" {
				t.Errorf("%s: no %q", lang, k)
			}
		}
	}
}

// TestEmbedMessagesTranslated: the embed pages' own texts are translated in
// every language, regional locales included.
func TestEmbedMessagesTranslated(t *testing.T) {
	en := translator("en")
	for _, locale := range []string{"de", "es", "es-419", "fr", "fr-CA", "it", "ja", "nl", "pt", "pt-BR", "zh", "zh-TW"} {
		tr := translator(locale)
		for _, k := range []string{"embed_loading", "embed_missing_secret", "embed_paid_title", "embed_paid_message"} {
			if got := tr(k); got == en(k) || got == k {
				t.Errorf("%s: %s is %q, not translated", locale, k, got)
			}
		}
	}
}

package pages

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"testing"
	"testing/fstest"
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

// TestLoadMessages: a catalog that is missing, not a flat object of texts,
// empty, or for no locale stops the start-up (the embedded ones are loaded
// by the package's initialisation, so a bad one fails every test too).
func TestLoadMessages(t *testing.T) {
	good := `{"pay": "Pay"}`
	tests := []struct {
		name  string
		files fstest.MapFS
		ok    bool
	}{
		{"OK", fstest.MapFS{"en.json": {Data: []byte(good)}, "de.json": {Data: []byte(`{"pay": "Bezahlen"}`)}}, true},
		{"ErrMissing", fstest.MapFS{"en.json": {Data: []byte(good)}}, false},
		{"ErrMalformed", fstest.MapFS{"en.json": {Data: []byte(good)}, "de.json": {Data: []byte(`{"pay": "Bezahlen",}`)}}, false},
		{"ErrNotText", fstest.MapFS{"en.json": {Data: []byte(good)}, "de.json": {Data: []byte(`{"pay": {"de": "Bezahlen"}}`)}}, false},
		{"ErrEmpty", fstest.MapFS{"en.json": {Data: []byte(good)}, "de.json": {Data: []byte(`{}`)}}, false},
		{"ErrNull", fstest.MapFS{"en.json": {Data: []byte(good)}, "de.json": {Data: []byte(`null`)}}, false},
		{"ErrUnknownLocale", fstest.MapFS{"en.json": {Data: []byte(good)}, "de.json": {Data: []byte(good)}, "xx.json": {Data: []byte(good)}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := loadMessages(tt.files, []string{"de", "en"})
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
			if tt.ok && m["de"]["pay"] != "Bezahlen" {
				t.Errorf("de pay = %q", m["de"]["pay"])
			}
		})
	}
}

// TestMessageFilesCanonical: each catalog file is written the one way, keys
// sorted, two-space indent, UTF-8 as it is (no \u escapes), one key once, so
// that a diff between two catalogs shows only what differs.
func TestMessageFilesCanonical(t *testing.T) {
	for _, l := range catalogLocales {
		file, err := localeFiles.ReadFile("locales/" + l + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(messages[l]); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(file, b.Bytes()) {
			t.Errorf("locales/%s.json is not in canonical form (sorted keys, two-space indent, one key once); it should read:\n%s", l, b.Bytes())
		}
	}
}

package pages

import (
	"bytes"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"

	"till"
)

// TestMessagesComplete: one catalog for each of Checkout's locales but
// "auto", each with every key any catalog has, a text for each, and the
// English text's {placeholders}, so that no page falls back midway through
// a sentence or loses the amount it should show.
func TestMessagesComplete(t *testing.T) {
	want := slices.DeleteFunc(slices.Clone(till.Locales), func(l string) bool { return l == "auto" })
	slices.Sort(want)
	langs := slices.Sorted(maps.Keys(messages))
	if !slices.Equal(langs, want) {
		t.Fatalf("catalogs %v, want %v", langs, want)
	}
	keys := map[string]bool{}
	for _, m := range messages {
		for k := range m {
			keys[k] = true
		}
	}
	holes := func(s string) []string {
		h := placeholder.FindAllString(s, -1)
		slices.Sort(h)
		return h
	}
	for _, lang := range langs {
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			text := messages[lang][k]
			if strings.TrimSpace(text) == "" {
				t.Errorf("%s: no %q", lang, k)
			} else if got, want := holes(text), holes(messages["en"][k]); !slices.Equal(got, want) {
				t.Errorf("%s: %s has placeholders %v, want %v", lang, k, got, want)
			}
		}
	}
	for _, tag := range stripeLocales { // what pageLocale answers for "auto"
		if messages[tag.String()] == nil {
			t.Errorf("pageLocale can answer %q, which has no catalog", tag)
		}
	}
}

// placeholder is a text's {name}, which the page fills in.
var placeholder = regexp.MustCompile(`\{[a-z0-9_]+\}`)

// TestDateFormats: each date_format writes the day, the month and the year,
// and only English names the month, since Go knows no other month names;
// every other locale writes its date in numbers.
func TestDateFormats(t *testing.T) {
	d := time.Date(2024, time.March, 25, 21, 47, 58, 0, time.UTC)
	for lang, m := range messages {
		got := d.Format(m["date_format"])
		english := lang == "en" || strings.HasPrefix(lang, "en-")
		letters := strings.ContainsFunc(got, func(r rune) bool { return r < unicode.MaxASCII && unicode.IsLetter(r) })
		month := strings.Contains(got, "Mar")
		if !english {
			month = strings.Contains(got, "3")
		}
		if !strings.Contains(got, "2024") || !strings.Contains(got, "25") || !month || letters != english ||
			got != d.Add(-7*time.Hour-13*time.Minute-11*time.Second).Format(m["date_format"]) { // no time of day slipped in
			t.Errorf("%s: date_format %q writes %q", lang, m["date_format"], got)
		}
	}
	for lang, want := range map[string]string{
		"en": "Mar 25, 2024", "en-GB": "25 Mar 2024", "de": "25.03.2024", "fr": "25/03/2024", "fr-CA": "2024-03-25",
		"sv": "2024-03-25", "hu": "2024. 03. 25.", "bg": "25.03.2024 г.", "ja": "2024年3月25日", "ko": "2024년 3월 25일",
		"zh-TW": "2024年3月25日",
	} {
		if got := d.Format(messages[lang]["date_format"]); got != want {
			t.Errorf("%s: date %q, want %q", lang, got, want)
		}
	}
}

// TestEmbedMessagesTranslated: the embed pages' own texts are translated in
// every language but English, each regional locale in its own catalog.
func TestEmbedMessagesTranslated(t *testing.T) {
	en := translator("en")
	for locale := range messages {
		if locale == "en" || strings.HasPrefix(locale, "en-") {
			continue
		}
		tr := translator(locale)
		for _, k := range []string{"embed_loading", "embed_missing_secret", "embed_paid_title", "embed_paid_message"} {
			if got := tr(k); got == en(k) || got == k {
				t.Errorf("%s: %s is %q, not translated", locale, k, got)
			}
		}
	}
	// Regional locales speak their region's words, not their language's.
	for _, tt := range []struct{ locale, key, want string }{
		{"fr-CA", "email", "Courriel"}, {"pt", "billing_address", "Morada de faturação"},
		{"pt-BR", "billing_address", "Endereço de cobrança"}, {"zh-TW", "page_title", "結帳"},
		{"zh-HK", "email", "電郵"}, {"es-419", "email_required", "Ingresa tu correo electrónico."},
		{"en-GB", "card_expiry", "Expiry date (MM / YY)"},
	} {
		if got := translator(tt.locale)(tt.key); got != tt.want {
			t.Errorf("%s: %s is %q, want %q", tt.locale, tt.key, got, tt.want)
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

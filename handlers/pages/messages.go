package pages

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"

	"till"
)

// messages holds the pages' texts (hosted, embedded and custom checkout,
// the receipt, the 3-D Secure test page and the error pages), one catalog
// for each of Checkout's locales, read at start-up from
// locales/<locale>.json: a flat JSON object of key → text, keys sorted.
// Every key has every language (TestMessagesComplete); regional locales
// (en-GB, es-419, fr-CA, pt, zh-HK, zh-TW) have catalogs of their own.
// Stripe's decline messages keep Stripe's English wording in English. A
// text's {placeholders} are filled in by the page (fill), and every
// translation has the English text's placeholders. date_format is a Go time
// layout, the way the locale writes a date: Go prints month names in English
// only, so every locale but English writes dates in numbers (CLDR's short
// or medium date, or 年月日 and 년 월 일 with numbers).
var messages = mustLoadMessages(localeFiles, catalogLocales)

// localeFiles are the catalogs, embedded so that a malformed or missing one
// stops Till at start-up rather than showing a shopper a key.
//
//go:embed locales/*.json
var localeFiles embed.FS

// catalogLocales are the locales with a catalog: Checkout's, but "auto",
// which means the shopper's browser chooses among them.
var catalogLocales = slices.DeleteFunc(slices.Clone(till.Locales), func(l string) bool { return l == "auto" })

// mustLoadMessages is loadMessages on the embedded files, which cannot be
// wrong at run time if they were right at build time: it panics.
func mustLoadMessages(files embed.FS, locales []string) map[string]map[string]string {
	sub, err := fs.Sub(files, "locales")
	if err == nil {
		var m map[string]map[string]string
		if m, err = loadMessages(sub, locales); err == nil {
			return m
		}
	}
	panic(err)
}

// loadMessages reads one catalog per locale from fsys (<locale>.json, an
// object of strings) and refuses a missing, malformed or empty file, and a
// file for a locale that is not in the list.
func loadMessages(fsys fs.FS, locales []string) (map[string]map[string]string, error) {
	m := make(map[string]map[string]string, len(locales))
	for _, l := range locales {
		b, err := fs.ReadFile(fsys, l+".json")
		if err != nil {
			return nil, fmt.Errorf("pages: catalog %s: %w", l, err)
		}
		var texts map[string]string
		if err := json.Unmarshal(b, &texts); err != nil {
			return nil, fmt.Errorf("pages: catalog %s.json: %w", l, err)
		}
		if len(texts) == 0 {
			return nil, fmt.Errorf("pages: catalog %s.json has no texts", l)
		}
		m[l] = texts
	}
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if l := name[:len(name)-len(path.Ext(name))]; m[l] == nil {
			return nil, fmt.Errorf("pages: catalog %s is for no locale of Checkout", name)
		}
	}
	return m, nil
}

package pages

import (
	"slices"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"till"
	"till/views"
)

// defaultCountry guesses the shopper's country from Accept-Language.
func defaultCountry(c *fiber.Ctx) string {
	tags, _, err := language.ParseAcceptLanguage(c.Get(fiber.HeaderAcceptLanguage))
	if err == nil {
		for _, tag := range tags {
			if region, conf := tag.Region(); conf == language.Exact && till.IsCountry(region.String()) {
				return region.String()
			}
		}
	}
	return "US"
}

// countryCache holds the sorted country list per locale, rendered.
type countryCache struct {
	byLocale sync.Map // locale → views.Options
}

// options lists the countries named in the page's language, sorted, with
// selected marked.
func (cc *countryCache) options(locale, selected string) views.Options {
	cached, ok := cc.byLocale.Load(locale)
	if !ok {
		cached, _ = cc.byLocale.LoadOrStore(locale, views.RenderOptions(namedCountries(locale)))
	}
	return cached.(views.Options).Select(selected)
}

// only lists the given countries (a session's allowed_countries), named
// in the page's language and sorted, with selected marked: a short list,
// named per page.
func (cc *countryCache) only(locale string, codes []string, selected string) views.Options {
	return views.RenderOptions(countryOptions(locale, codes)).Select(selected)
}

func namedCountries(locale string) []views.Option {
	return countryOptions(locale, till.Countries)
}

func countryOptions(locale string, codes []string) []views.Option {
	namer := display.Regions(language.Make(locale))
	opts := make([]views.Option, 0, len(codes))
	for _, code := range codes {
		name := code
		if r, err := language.ParseRegion(code); err == nil {
			if n := namer.Name(r); n != "" {
				name = n
			}
		}
		opts = append(opts, views.Option{Value: code, Label: name})
	}
	slices.SortFunc(opts, func(a, b views.Option) int { return strings.Compare(a.Label, b.Label) })
	return opts
}

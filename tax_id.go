package till

import (
	"regexp"
	"strings"
)

// TaxID is a tax ID the shopper gave, purchasing as a business: Stripe's
// customer_details.tax_ids[] entry.
type TaxID struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// TaxIDCollectionParams is tax_id_collection of a create.
type TaxIDCollectionParams struct {
	Enabled  *bool   `form:"enabled"`
	Required *string `form:"required"`
}

// taxIDFormats are the tax ID types the page offers, each with a loose
// check of its shape (spaces removed, upper case): enough to catch a value
// typed in the wrong box, not a registry lookup.
var taxIDFormats = map[string]*regexp.Regexp{
	"au_abn": regexp.MustCompile(`^\d{11}$`),
	"ca_bn":  regexp.MustCompile(`^\d{9}$`),
	"ch_vat": regexp.MustCompile(`^CHE-?\d{3}\.?\d{3}\.?\d{3}(MWST|TVA|IVA)?$`),
	"eu_vat": regexp.MustCompile(`^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)[0-9A-Z+*]{2,12}$`),
	"gb_vat": regexp.MustCompile(`^(GB)?(\d{9}|\d{12}|GD\d{3}|HA\d{3})$`),
	"no_vat": regexp.MustCompile(`^\d{9}MVA$`),
	"us_ein": regexp.MustCompile(`^\d{2}-?\d{7}$`),
}

// TaxIDTypes are the types the page offers, in the order its select lists
// them.
var TaxIDTypes = []string{"eu_vat", "gb_vat", "us_ein", "au_abn", "ca_bn", "ch_vat", "no_vat"}

// NormalizeTaxID is a tax ID as it is checked and kept: trimmed, without
// inner spaces, upper case.
func NormalizeTaxID(v string) string {
	return strings.ToUpper(strings.Join(strings.Fields(v), ""))
}

// ValidTaxID reports whether a normalized value has the shape of its type.
func ValidTaxID(typ, value string) bool {
	re, ok := taxIDFormats[typ]
	return ok && re.MatchString(value)
}

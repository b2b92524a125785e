package till

import (
	"regexp"
	"strings"
)

// AddressField is one part of a postal address as a country writes it.
type AddressField string

// Address parts, as the domain names them (the keys of their FieldErrors);
// a page gives its inputs names of its own.
const (
	FieldLine1      AddressField = "line1"
	FieldLine2      AddressField = "line2"
	FieldCity       AddressField = "city"
	FieldState      AddressField = "state"
	FieldPostalCode AddressField = "postal_code"
)

// AddressFormat is how a country writes addresses: the order of the parts
// after the country, which are required, and what its postal code and state
// are called (message keys: "zip", "postcode", "postal_code"; "state",
// "province", "prefecture", "county", "region").
type AddressFormat struct {
	Order       []AddressField
	Required    map[AddressField]bool
	PostalLabel string
	StateLabel  string
	// Postal validates a normalized postal code; nil when the country has none.
	Postal *regexp.Regexp
}

var (
	lineCityStateZip = []AddressField{FieldLine1, FieldLine2, FieldCity, FieldState, FieldPostalCode}
	lineZipCity      = []AddressField{FieldLine1, FieldLine2, FieldPostalCode, FieldCity}
	lineCityZip      = []AddressField{FieldLine1, FieldLine2, FieldCity, FieldPostalCode}
	zipStateCityLine = []AddressField{FieldPostalCode, FieldState, FieldCity, FieldLine1, FieldLine2}
)

func required(fields ...AddressField) map[AddressField]bool {
	m := map[AddressField]bool{}
	for _, f := range fields {
		m[f] = true
	}
	return m
}

// addressFormats follow the field order and names of Google's
// libaddressinput data for the countries most shoppers come from; others use
// defaultAddressFormat. Postal code patterns apply after NormalizePostalCode.
var addressFormats = map[string]AddressFormat{
	"US": {lineCityStateZip, required(FieldLine1, FieldCity, FieldState, FieldPostalCode), "zip", "state", regexp.MustCompile(`^\d{5}(-\d{4})?$`)},
	"CA": {lineCityStateZip, required(FieldLine1, FieldCity, FieldState, FieldPostalCode), "postal_code", "province", regexp.MustCompile(`^[A-Z]\d[A-Z] \d[A-Z]\d$`)},
	"AU": {lineCityStateZip, required(FieldLine1, FieldCity, FieldState, FieldPostalCode), "postcode", "state", regexp.MustCompile(`^\d{4}$`)},
	"GB": {lineCityZip, required(FieldLine1, FieldCity, FieldPostalCode), "postcode", "county", regexp.MustCompile(`^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$`)},
	"IE": {lineCityZip, required(FieldLine1, FieldCity), "postal_code", "county", regexp.MustCompile(`^[A-Z]\d[\dW] [A-Z\d]{4}$`)},
	"DE": {lineZipCity, required(FieldLine1, FieldPostalCode, FieldCity), "postal_code", "", regexp.MustCompile(`^\d{5}$`)},
	"AT": {lineZipCity, required(FieldLine1, FieldPostalCode, FieldCity), "postal_code", "", regexp.MustCompile(`^\d{4}$`)},
	"CH": {lineZipCity, required(FieldLine1, FieldPostalCode, FieldCity), "postal_code", "", regexp.MustCompile(`^\d{4}$`)},
	"FR": {lineZipCity, required(FieldLine1, FieldPostalCode, FieldCity), "postal_code", "", regexp.MustCompile(`^\d{5}$`)},
	"NL": {lineZipCity, required(FieldLine1, FieldPostalCode, FieldCity), "postal_code", "", regexp.MustCompile(`^\d{4} ?[A-Z]{2}$`)},
	"BE": {lineZipCity, required(FieldLine1, FieldPostalCode, FieldCity), "postal_code", "", regexp.MustCompile(`^\d{4}$`)},
	"IT": {[]AddressField{FieldLine1, FieldLine2, FieldPostalCode, FieldCity, FieldState}, required(FieldLine1, FieldPostalCode, FieldCity, FieldState), "postal_code", "province", regexp.MustCompile(`^\d{5}$`)},
	"ES": {[]AddressField{FieldLine1, FieldLine2, FieldPostalCode, FieldCity, FieldState}, required(FieldLine1, FieldPostalCode, FieldCity, FieldState), "postal_code", "province", regexp.MustCompile(`^\d{5}$`)},
	"PT": {lineZipCity, required(FieldLine1, FieldPostalCode, FieldCity), "postal_code", "", regexp.MustCompile(`^\d{4}-\d{3}$`)},
	"SE": {lineZipCity, required(FieldLine1, FieldPostalCode, FieldCity), "postal_code", "", regexp.MustCompile(`^\d{3} ?\d{2}$`)},
	"DK": {lineZipCity, required(FieldLine1, FieldPostalCode, FieldCity), "postal_code", "", regexp.MustCompile(`^\d{4}$`)},
	"NO": {lineZipCity, required(FieldLine1, FieldPostalCode, FieldCity), "postal_code", "", regexp.MustCompile(`^\d{4}$`)},
	"PL": {lineZipCity, required(FieldLine1, FieldPostalCode, FieldCity), "postal_code", "", regexp.MustCompile(`^\d{2}-\d{3}$`)},
	"JP": {zipStateCityLine, required(FieldPostalCode, FieldState, FieldCity, FieldLine1), "postal_code", "prefecture", regexp.MustCompile(`^\d{3}-\d{4}$`)},
	"BR": {[]AddressField{FieldPostalCode, FieldLine1, FieldLine2, FieldCity, FieldState}, required(FieldPostalCode, FieldLine1, FieldCity, FieldState), "postal_code", "state", regexp.MustCompile(`^\d{5}-\d{3}$`)},
	"CN": {zipStateCityLine, required(FieldState, FieldCity, FieldLine1), "postal_code", "province", regexp.MustCompile(`^\d{6}$`)},
	"IN": {lineCityStateZip, required(FieldLine1, FieldCity, FieldState, FieldPostalCode), "postal_code", "state", regexp.MustCompile(`^\d{6}$`)},
	"MX": {lineCityStateZip, required(FieldLine1, FieldCity, FieldState, FieldPostalCode), "postal_code", "state", regexp.MustCompile(`^\d{5}$`)},
	"NZ": {lineCityZip, required(FieldLine1, FieldCity, FieldPostalCode), "postcode", "region", regexp.MustCompile(`^\d{4}$`)},
	"HK": {[]AddressField{FieldLine1, FieldLine2, FieldCity}, required(FieldLine1), "", "", nil},
	"MO": {[]AddressField{FieldLine1, FieldLine2, FieldCity}, required(FieldLine1), "", "", nil},
}

var defaultAddressFormat = AddressFormat{lineCityZip, required(FieldLine1, FieldCity), "postal_code", "",
	regexp.MustCompile(`^[A-Z0-9][A-Z0-9 -]{1,9}$`)}

// AddressFormatOf returns a country's address format.
func AddressFormatOf(country string) AddressFormat {
	if f, ok := addressFormats[country]; ok {
		return f
	}
	return defaultAddressFormat
}

// HasPostalCode reports whether a country uses postal codes.
func (f AddressFormat) HasPostalCode() bool { return f.Postal != nil }

// NormalizePostalCode trims, upper-cases and collapses spaces, and puts in
// the hyphen Japanese and Brazilian codes are often typed without.
func NormalizePostalCode(country, code string) string {
	code = strings.ToUpper(strings.Join(strings.Fields(code), " "))
	digits := strings.ReplaceAll(code, " ", "")
	switch {
	case country == "JP" && len(digits) == 7 && !strings.Contains(digits, "-"):
		return digits[:3] + "-" + digits[3:]
	case country == "BR" && len(digits) == 8 && !strings.Contains(digits, "-"):
		return digits[:5] + "-" + digits[5:]
	case country == "CA" && len(digits) == 6:
		return digits[:3] + " " + digits[3:]
	case country == "GB" && len(digits) >= 5 && len(digits) <= 7 && !strings.Contains(code, " "):
		return digits[:len(digits)-3] + " " + digits[len(digits)-3:]
	}
	return code
}

// ValidPostalCode reports whether a normalized postal code fits the country.
func ValidPostalCode(country, code string) bool {
	f := AddressFormatOf(country)
	return f.Postal == nil || f.Postal.MatchString(code)
}

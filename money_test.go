package till

import (
	"errors"
	"math"
	"math/big"
	"slices"
	"testing"
)

// nb is CLDR's non-breaking space, nnb its narrow variant (French grouping).
const (
	nb  = "\u00a0"
	nnb = "\u202f"
)

func TestIsSupportedCurrency(t *testing.T) {
	tests := []struct {
		cur  string
		want bool
	}{
		{"usd", true},
		{"eur", true},
		{"jpy", true}, // zero-decimal
		{"kwd", true}, // three-decimal, supported by the API though not in the card list
		{"isk", true}, // special cases
		{"huf", true},
		{"twd", true},
		{"ugx", true},
		{"ang", true},  // still on Stripe's list although CLDR dropped it
		{"USD", false}, // Stripe wants lowercase codes
		{"zzz", false},
		{"usdx", false},
		{"", false},
		{"xau", false}, // ISO 4217, but not a Stripe presentment currency
	}
	for _, tt := range tests {
		if got := IsSupportedCurrency(tt.cur); got != tt.want {
			t.Errorf("IsSupportedCurrency(%q) = %v, want %v", tt.cur, got, tt.want)
		}
	}
}

func TestCurrencyExponents(t *testing.T) {
	tests := []struct {
		cur            string
		minor, display int
	}{
		{"usd", 2, 2},
		{"eur", 2, 2},
		{"jpy", 0, 0},
		{"JPY", 0, 0}, // case never turns a yen into a hundredth
		{"krw", 0, 0},
		{"mga", 0, 0}, // CLDR says 2; Stripe says zero-decimal
		{"xof", 0, 0},
		{"bhd", 3, 3},
		{"kwd", 3, 3},
		{"tnd", 3, 3},
		{"isk", 2, 0}, // whole units, two decimals in the API
		{"ugx", 2, 0},
		{"huf", 2, 0}, // zero-decimal for payouts only
		{"twd", 2, 0},
		{"zzz", 2, 2}, // Stripe's default is two decimals
	}
	for _, tt := range tests {
		if got := MinorUnitExponent(tt.cur); got != tt.minor {
			t.Errorf("MinorUnitExponent(%q) = %d, want %d", tt.cur, got, tt.minor)
		}
		if got := DisplayExponent(tt.cur); got != tt.display {
			t.Errorf("DisplayExponent(%q) = %d, want %d", tt.cur, got, tt.display)
		}
	}
}

// wantErr checks that err is a till *Error with the given code, param and
// (when msg is not empty) message.
func wantErr(t *testing.T, err error, code, param, msg string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want *Error with code %q", err, code)
	}
	if e.Kind != KindInvalid || e.Code != code || e.Param != param {
		t.Errorf("error = {%s %q %q}, want {%s %q %q}", e.Kind, e.Code, e.Param, KindInvalid, code, param)
	}
	if msg != "" && e.Message != msg {
		t.Errorf("message = %q, want %q", e.Message, msg)
	}
}

func TestValidateUnitAmount(t *testing.T) {
	const param = "line_items[0][price_data][unit_amount]"
	tests := []struct {
		name   string
		cur    string
		amount int64
		code   string // "" means valid
		msg    string
	}{
		{"zero", "usd", 0, "", ""},
		{"max", "usd", 99999999, "", ""},
		{"above max", "usd", 100000000, CodeAmountTooLarge, "This value must be less than or equal to 99999999."},
		{"int64 max", "usd", math.MaxInt64, CodeAmountTooLarge, ""},
		{"negative", "usd", -1, CodeAmountTooSmall, "This value must be greater than or equal to 0."},
		{"zero-decimal any", "jpy", 501, "", ""},
		{"three-decimal ends in 0", "kwd", 1010, "", ""},
		{"three-decimal last digit 5", "kwd", 1005, CodeInvalidRequest, ""},
		{"three-decimal bhd", "bhd", 5124, CodeInvalidRequest, ""},
		{"three-decimal max", "kwd", 99999990, "", ""},
		{"three-decimal above max wins", "kwd", 100000001, CodeAmountTooLarge, ""},
		{"isk whole", "isk", 500, "", ""},
		{"isk fraction", "isk", 550, CodeInvalidRequest, ""},
		{"ugx whole", "ugx", 100, "", ""},
		{"ugx fraction", "ugx", 101, CodeInvalidRequest, ""},
		{"huf fraction allowed in charges", "huf", 1045, "", ""},
		{"twd fraction allowed in charges", "twd", 80045, "", ""},
		{"usd odd cent", "usd", 1999, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateUnitAmount(tt.cur, tt.amount, param)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("ValidateUnitAmount(%q, %d) = %v, want nil", tt.cur, tt.amount, err)
				}
				return
			}
			wantErr(t, err, tt.code, param, tt.msg)
		})
	}
}

func TestValidateUnitAmountDivisibilityMessages(t *testing.T) {
	err := ValidateUnitAmount("kwd", 1005, "unit_amount")
	wantErr(t, err, CodeInvalidRequest, "unit_amount",
		"This value must be a multiple of 10: kwd is a three-decimal currency and its amounts must end in 0 (round 1005 to 1000 or 1010).")
	err = ValidateUnitAmount("isk", 550, "unit_amount")
	wantErr(t, err, CodeInvalidRequest, "unit_amount",
		"This value must be a multiple of 100: isk amounts are sent with two decimals but fractions of a unit cannot be charged (to charge 5 ISK, send 500).")
}

func TestParseDecimalAmount(t *testing.T) {
	const param = "line_items[0][price_data][unit_amount_decimal]"
	tests := []struct {
		in   string
		want string // exact value as a fraction; "" means an error
		code string
	}{
		{"12.5", "25/2", ""},
		{"1000", "1000/1", ""},
		{"0", "0/1", ""},
		{"-0", "0/1", ""},
		{"0.000000000001", "1/1000000000000", ""},         // 12 places
		{"99999999.999999999999", "", CodeAmountTooLarge}, // 12 places but above the limit
		{"99999998.999999999999", "99999998999999999999/1000000000000", ""},
		{"0.0000000000001", "", CodeInvalidRequest}, // 13 places
		{"1.1000000000000", "", CodeInvalidRequest}, // 13 places, even if trailing zeros
		{"00012.50", "25/2", ""},
		{"99999999", "99999999/1", ""},
		{"100000000", "", CodeAmountTooLarge},
		{"99999999.5", "", CodeAmountTooLarge},
		{"123456789012345678901234567890", "", CodeAmountTooLarge},
		{"-1", "", CodeAmountTooSmall},
		{"-0.5", "", CodeAmountTooSmall},
		{"", "", CodeParameterInvalidEmpty},
		{"abc", "", CodeInvalidRequest},
		{"1e3", "", CodeInvalidRequest},
		{"+1", "", CodeInvalidRequest},
		{".5", "", CodeInvalidRequest},
		{"5.", "", CodeInvalidRequest},
		{"1.2.3", "", CodeInvalidRequest},
		{" 1", "", CodeInvalidRequest},
		{"1,5", "", CodeInvalidRequest},
		{"-", "", CodeInvalidRequest},
		{"--1", "", CodeInvalidRequest},
		{"NaN", "", CodeInvalidRequest},
		{"1/2", "", CodeInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDecimalAmount(tt.in, param)
			if tt.want == "" {
				if got != nil {
					t.Errorf("ParseDecimalAmount(%q) = %v, want nil", tt.in, got)
				}
				wantErr(t, err, tt.code, param, "")
				return
			}
			if err != nil {
				t.Fatalf("ParseDecimalAmount(%q) error %v", tt.in, err)
			}
			if got.String() != tt.want {
				t.Errorf("ParseDecimalAmount(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseDecimalAmountMessages(t *testing.T) {
	tests := []struct{ in, code, msg string }{
		{"abc", CodeInvalidRequest, "Invalid decimal: abc"},
		{"0.0000000000001", CodeInvalidRequest, "Invalid decimal: 0.0000000000001. The value can have at most 12 decimal places."},
		{"-1", CodeAmountTooSmall, "This value must be greater than or equal to 0."},
		{"100000000", CodeAmountTooLarge, "This value must be less than or equal to 99999999."},
		{"", CodeParameterInvalidEmpty, "You passed an empty string for 'unit_amount_decimal'. We assume empty values are an attempt to unset a parameter; however 'unit_amount_decimal' cannot be unset. You should remove 'unit_amount_decimal' from your request or supply a non-empty value."},
	}
	for _, tt := range tests {
		_, err := ParseDecimalAmount(tt.in, "unit_amount_decimal")
		wantErr(t, err, tt.code, "unit_amount_decimal", tt.msg)
	}
}

func TestLineAmount(t *testing.T) {
	rat := func(s string) *big.Rat {
		r, ok := new(big.Rat).SetString(s)
		if !ok {
			t.Fatalf("bad rat %q", s)
		}
		return r
	}
	tests := []struct {
		unit   string
		qty    int64
		want   int64
		wantOK bool
	}{
		{"1999", 3, 5997, true},
		{"12.5", 1, 13, true}, // 0.5 rounds up
		{"12.5", 2, 25, true}, // exact
		{"12.5", 3, 38, true}, // 37.5 rounds up
		{"12.4", 1, 12, true}, // below half rounds down
		{"12.49", 1, 12, true},
		{"12.51", 1, 13, true},
		{"0.5", 1, 1, true},
		{"0.4999999999", 1, 0, true},
		{"0.000000000001", 1, 0, true},
		{"0.000000000001", 500000000000, 1, true}, // exactly 0.5
		{"0.1", 3, 0, true},                       // 0.3, no float error
		{"0.333333333333", 3, 1, true},            // 0.999999999999
		{"99999999", 1, 99999999, true},
		{"99999999", 100, 9999999900, true}, // limits are the caller's job
		{"0", 5, 0, true},
		{"-12.5", 1, -13, true}, // symmetric: half away from zero
		{"99999999", math.MaxInt64, 0, false},
		{"9223372036854775807", 1, math.MaxInt64, true},
		{"9223372036854775807.5", 1, 0, false}, // rounds past int64
	}
	for _, tt := range tests {
		got, ok := LineAmount(rat(tt.unit), tt.qty)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("LineAmount(%s, %d) = %d, %v; want %d, %v", tt.unit, tt.qty, got, ok, tt.want, tt.wantOK)
		}
	}
	if _, ok := LineAmount(nil, 1); ok {
		t.Error("LineAmount(nil, 1) ok = true, want false")
	}
}

func TestLineAmountFromParsedDecimal(t *testing.T) {
	unit, err := ParseDecimalAmount("12.5", "unit_amount_decimal")
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := LineAmount(unit, 3); !ok || got != 38 {
		t.Errorf("LineAmount(12.5, 3) = %d, %v; want 38, true", got, ok)
	}
	// The caller's Rat must not be changed.
	if unit.String() != "25/2" {
		t.Errorf("unit changed to %s", unit)
	}
}

func TestMinimumCharge(t *testing.T) {
	tests := []struct {
		cur  string
		want int64
	}{
		{"usd", 50},
		{"eur", 50},
		{"gbp", 30},
		{"jpy", 50},
		{"krw", 50},
		{"hkd", 400},
		{"mxn", 1000},
		{"huf", 17500},
		{"czk", 1500},
		{"thb", 1000},
		{"USD", 50},
		// Not in Stripe's table: half a major unit, rounded up to what can be charged.
		{"twd", 50},
		{"cny", 50},
		{"vnd", 1},
		{"kwd", 500},
		{"isk", 100},
		{"ugx", 100},
		{"zzz", 50},
	}
	for _, tt := range tests {
		if got := MinimumCharge(tt.cur); got != tt.want {
			t.Errorf("MinimumCharge(%q) = %d, want %d", tt.cur, got, tt.want)
		}
	}
}

func TestCheckMinimumTotal(t *testing.T) {
	const prefix = "The Checkout Session's total amount due must add up to at least "
	tests := []struct {
		cur   string
		total int64
		msg   string // "" means allowed
	}{
		{"usd", 0, ""}, // nothing to pay
		{"usd", 50, ""},
		{"usd", 49, prefix + "$0.50 usd"},
		{"usd", 1, prefix + "$0.50 usd"},
		{"eur", 49, prefix + "€0.50 eur"},
		{"eur", 50, ""},
		{"gbp", 29, prefix + "£0.30 gbp"},
		{"gbp", 30, ""},
		{"jpy", 49, prefix + "¥50 jpy"},
		{"jpy", 50, ""},
		// Texts Stripe returned, quoted in public reports.
		{"hkd", 399, prefix + "$4.00 hkd"},
		{"mxn", 999, prefix + "$10.00 mxn"},
		{"huf", 17499, prefix + "175.00 Ft huf"},
		// From the docs' table, and CLDR English where Stripe shows nothing.
		{"chf", 49, prefix + "0.50 Fr chf"},
		{"inr", 49, prefix + "₹0.50 inr"},
		{"kwd", 490, prefix + "KWD 0.500 kwd"},
		{"isk", 99, prefix + "ISK 1 isk"},
		{"ang", 49, prefix + "ANG 0.50 ang"},
		{"usd", -5, prefix + "$0.50 usd"},
	}
	for _, tt := range tests {
		err := CheckMinimumTotal(tt.cur, tt.total)
		if tt.msg == "" {
			if err != nil {
				t.Errorf("CheckMinimumTotal(%q, %d) = %v, want nil", tt.cur, tt.total, err)
			}
			continue
		}
		wantErr(t, err, CodeAmountTooSmall, "", tt.msg)
	}
}

func TestFormatAmount(t *testing.T) {
	tests := []struct {
		amount int64
		cur    string
		locale string
		want   string
	}{
		// en
		{3998, "usd", "en", "$39.98"},
		{3998, "usd", "en-US", "$39.98"},
		{123456, "eur", "en", "€1,234.56"},
		{0, "usd", "en", "$0.00"},
		{-3998, "usd", "en", "-$39.98"},
		{500, "jpy", "en", "¥500"},
		{1234500, "kwd", "en", "KWD" + nb + "1,234.500"},
		{5120, "kwd", "en", "KWD" + nb + "5.120"},
		{1000, "isk", "en", "ISK" + nb + "10"}, // not "ISK 1,000"
		{50000, "ugx", "en", "UGX" + nb + "500"},
		{17500, "huf", "en", "HUF" + nb + "175"},
		{1045, "huf", "en", "HUF" + nb + "10.45"}, // a charged fraction is never hidden
		{1050, "huf", "en", "HUF" + nb + "10.50"},
		{123400, "twd", "en", "NT$1,234"},
		{500, "mga", "en", "MGA" + nb + "500"},  // Stripe's zero decimals, not CLDR's two
		{99999999, "usd", "en", "$999,999.99"},  // the eight-digit maximum
		{500, "ang", "en", "ANG" + nb + "5.00"}, // code CLDR no longer knows
		{3998, "usd", "", "$39.98"},             // empty locale
		{3998, "usd", "xx", "$39.98"},           // unknown locale
		{7, "usd", "en", "$0.07"},
		{math.MinInt64, "jpy", "en", "-¥9,223,372,036,854,775,808"}, // no overflow
		// de
		{3998, "usd", "de", "39,98" + nb + "$"},
		{123456, "eur", "de", "1.234,56" + nb + "€"},
		{500, "jpy", "de", "500" + nb + "¥"},
		{1234500, "kwd", "de", "1.234,500" + nb + "KWD"},
		// ja
		{500, "jpy", "ja", "￥500"},
		{3998, "usd", "ja", "$39.98"},
		// fr
		{3998, "usd", "fr", "39,98" + nb + "$US"},
		{123456, "eur", "fr", "1" + nnb + "234,56" + nb + "€"},
		{500, "jpy", "fr", "500" + nb + "¥"},
		{17500, "huf", "fr", "175" + nb + "HUF"},
		// Checkout's locales that CLDR knows by another name (cldrLocales)
		{123456, "eur", "pt", "1234,56" + nb + "€"},
		{123456, "eur", "pt-BR", "€" + nb + "1.234,56"},
		{123400, "twd", "zh-TW", "$1,234"},
		{123400, "twd", "zh", "NT$1,234"},
		{123456, "hkd", "zh-HK", "HK$1,234.56"},
	}
	for _, tt := range tests {
		if got := FormatAmount(tt.amount, tt.cur, tt.locale); got != tt.want {
			t.Errorf("FormatAmount(%d, %q, %q) = %q, want %q", tt.amount, tt.cur, tt.locale, got, tt.want)
		}
	}
}

// TestFormatAmountLocales formats 1,234.56 dollars and 1,000 yen in each of
// Checkout's locales, the way CLDR 48 (bojanz/currency v1.4.2) writes them.
// A locale the library did not know would get English's "$1,234.56" and
// "¥1,000", so those are allowed only where CLDR writes amounts as English
// does (likeEnglish). Some details that are CLDR's, not slips: Spanish,
// Polish, European Portuguese and others group only from five digits
// ("1234,56"), ja writes the yen full-width, pt is European Portuguese
// (cldrLocales), and zh-HK and zh-TW write the yen as Traditional Chinese
// does ("¥", not zh's "JP¥").
func TestFormatAmountLocales(t *testing.T) {
	tests := []struct{ locale, usd, jpy string }{
		{"bg", "1234,56" + nb + "щ.д.", "1000" + nb + "¥"},
		{"cs", "1" + nb + "234,56" + nb + "US$", "1" + nb + "000" + nb + "JP¥"},
		{"da", "1.234,56" + nb + "US$", "1.000" + nb + "JP¥"},
		{"de", "1.234,56" + nb + "$", "1.000" + nb + "¥"},
		{"el", "1.234,56" + nb + "$", "1.000" + nb + "JP¥"},
		{"en", "$1,234.56", "¥1,000"},
		{"en-GB", "US$1,234.56", "JP¥1,000"},
		{"es", "1234,56" + nb + "US$", "1000" + nb + "¥"},
		{"es-419", "$1,234.56", "¥1,000"},
		{"et", "1234,56" + nb + "$", "1000" + nb + "¥"},
		{"fi", "1" + nb + "234,56" + nb + "$", "1" + nb + "000" + nb + "¥"},
		{"fil", "$1,234.56", "¥1,000"},
		{"fr", "1" + nnb + "234,56" + nb + "$US", "1" + nnb + "000" + nb + "¥"},
		{"fr-CA", "1" + nb + "234,56" + nb + "$" + nb + "US", "1" + nb + "000" + nb + "¥"},
		{"hr", "1.234,56" + nb + "$", "1.000" + nb + "¥"},
		{"hu", "1234,56" + nb + "$", "1000" + nb + "¥"},
		{"id", "US$1.234,56", "JP¥1.000"},
		{"it", "1234,56" + nb + "$", "1000" + nb + "¥"},
		{"ja", "$1,234.56", "￥1,000"},
		{"ko", "US$1,234.56", "JP¥1,000"},
		{"lt", "1" + nb + "234,56" + nb + "$", "1" + nb + "000" + nb + "¥"},
		{"lv", "1234,56" + nb + "$", "1000" + nb + "¥"},
		{"ms", "$1,234.56", "JP¥1,000"},
		{"mt", "$1,234.56", "¥1,000"},
		{"nb", "1" + nb + "234,56" + nb + "$", "1" + nb + "000" + nb + "¥"},
		{"nl", "US$" + nb + "1.234,56", "JP¥" + nb + "1.000"},
		{"pl", "1234,56" + nb + "$", "1000" + nb + "¥"},
		{"pt", "1234,56" + nb + "US$", "1000" + nb + "JP¥"},
		{"pt-BR", "US$" + nb + "1.234,56", "JP¥" + nb + "1.000"},
		{"ro", "1.234,56" + nb + "$", "1.000" + nb + "¥"},
		{"ru", "1" + nb + "234,56" + nb + "$", "1" + nb + "000" + nb + "¥"},
		{"sk", "1" + nb + "234,56" + nb + "$", "1" + nb + "000" + nb + "¥"},
		{"sl", "1234,56" + nb + "$", "1000" + nb + "¥"},
		{"sv", "1" + nb + "234,56" + nb + "US$", "1" + nb + "000" + nb + "¥"},
		{"th", "US$1,234.56", "¥1,000"},
		{"tr", "$1.234,56", "¥1.000"},
		{"vi", "1.234,56" + nb + "US$", "1.000" + nb + "¥"},
		{"zh", "US$1,234.56", "JP¥1,000"},
		{"zh-HK", "US$1,234.56", "¥1,000"},
		{"zh-TW", "US$1,234.56", "¥1,000"},
	}
	likeEnglish := map[string]bool{"en": true, "es-419": true, "fil": true, "mt": true}
	want := slices.DeleteFunc(slices.Clone(Locales), func(l string) bool { return l == "auto" })
	var got []string
	for _, tt := range tests {
		got = append(got, tt.locale)
		usd, jpy := FormatAmount(123456, "usd", tt.locale), FormatAmount(1000, "jpy", tt.locale)
		if usd != tt.usd || jpy != tt.jpy {
			t.Errorf("%s: %q and %q, want %q and %q", tt.locale, usd, jpy, tt.usd, tt.jpy)
		}
		naive := usd == FormatAmount(123456, "usd", "xx") && jpy == FormatAmount(1000, "jpy", "xx")
		if naive != likeEnglish[tt.locale] {
			t.Errorf("%s: %q and %q, English's fallback is %v, want %v", tt.locale, usd, jpy, naive, likeEnglish[tt.locale])
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("locales %v, want Checkout's %v", got, want)
	}
}

// TestCurrencyTablesConsistent guards the hand-written tables against each
// other: every special currency is supported, and every minimum is an amount
// Stripe would accept in its currency.
func TestCurrencyTablesConsistent(t *testing.T) {
	for _, set := range []map[string]struct{}{zeroDecimal, threeDecimal, wholeUnitOnly, payoutZeroDecimal} {
		for cur := range set {
			if !IsSupportedCurrency(cur) {
				t.Errorf("%s has special rules but is not supported", cur)
			}
		}
	}
	for cur := range supportedCurrencies {
		if err := ValidateUnitAmount(cur, MinimumCharge(cur), "amount"); err != nil {
			t.Errorf("minimum for %s is not a valid amount: %v", cur, err)
		}
		if FormatAmount(MinimumCharge(cur), cur, "en") == "" {
			t.Errorf("FormatAmount of the %s minimum is empty", cur)
		}
	}
	for cur := range minimumCharges {
		if !IsSupportedCurrency(cur) {
			t.Errorf("minimum listed for unsupported %s", cur)
		}
	}
	if n := len(supportedCurrencies); n != 139 {
		t.Errorf("%d supported currencies, want 139 (134 on Stripe's list + 5 three-decimal)", n)
	}
}

func TestParseMajorAmount(t *testing.T) {
	for _, tc := range []struct {
		in, cur string
		want    int64
		err     string
	}{
		{"19.99", "usd", 1999, ""},
		{" 19.9 ", "usd", 1990, ""},
		{"19", "USD", 1900, ""},
		{"19.990", "usd", 1999, ""},
		{"500", "jpy", 500, ""},
		{"500.0", "jpy", 500, ""},
		{"5", "isk", 500, ""},
		{"1.234", "kwd", 1234, ""},
		{"999999.99", "usd", 99999999, ""},
		{"0", "usd", 0, ""},
		{"12.345", "usd", 0, "Invalid amount: 12.345. USD amounts have at most 2 decimal places."},
		{"5.5", "jpy", 0, "Invalid amount: 5.5. JPY amounts are whole numbers."},
		{"1000000", "usd", 0, "This value must be less than or equal to 999999.99."},
		{"100000000", "jpy", 0, "This value must be less than or equal to 99999999."},
		{"99999999999999999999", "usd", 0, "This value must be less than or equal to 999999.99."},
		{"-5", "usd", 0, "This value must be greater than or equal to 0."},
		{"1,000", "usd", 0, "Invalid decimal: 1,000"},
		{"$5", "usd", 0, "Invalid decimal: $5"},
	} {
		got, err := ParseMajorAmount(tc.in, tc.cur, "unit_amount")
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("ParseMajorAmount(%q, %s) = %d, %v; want %d", tc.in, tc.cur, got, err, tc.want)
		case tc.err != "" && (err == nil || AsError(err).Message != tc.err || AsError(err).Param != "unit_amount"):
			t.Errorf("ParseMajorAmount(%q, %s) = %d, %v; want %q", tc.in, tc.cur, got, err, tc.err)
		}
	}
}

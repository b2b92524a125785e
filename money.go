package till

// Stripe's money rules: which currencies exist, how many decimals an API
// amount carries, which amounts are allowed, the minimum a payment may total,
// and how an amount is shown to a shopper.
//
// Sources (read 2026; wording paraphrased, not copied):
//   - "Supported currencies", https://docs.stripe.com/currencies (sections
//     "Supported presentment currencies", "Zero-decimal currencies",
//     "Three-decimal currencies", "Special cases", "Minimum and maximum charge
//     amounts"), in its current form and in a 2023 snapshot that still
//     printed the full presentment list and a rendered minimum table.
//   - The API reference's amount fields: "The amount value supports up to
//     eight digits (e.g., a value of 99999999 for a USD charge of $999,999.99)"
//     and, for unit_amount_decimal, "at most 12 decimal places".
//   - Error texts that Stripe returned to users, quoted in public issues and
//     code: "The Checkout Session's total amount due must add up to at least
//     $0.50 usd" (also "$4.00 hkd", "$10.00 mxn", "175.00 Ft huf"), and the
//     raw charge error {code: amount_too_small, message: "Amount must be at
//     least €0.50 eur", type: invalid_request_error} with no param.
//
// Where Stripe says nothing, the choice made is written next to the code and
// starts with "Choice:".

import (
	"math/big"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bojanz/currency"
)

// maxEightDigitAmount is the largest value one amount parameter may carry:
// Stripe's API reference says amount values support up to eight digits.
// (Its currency page now allows up to 12 digits for most card charges, but
// the field documentation still says eight; Till keeps the stricter limit so
// that anything Till accepts Stripe accepts too.)
const maxEightDigitAmount = 99999999

// maxAmountDecimalPlaces is the precision Stripe documents for unit_amount_decimal.
const maxAmountDecimalPlaces = 12

// supportedCurrencies lists the presentment currencies Stripe documents for
// card payments ("Supported presentment currencies"; the page shows the same
// list to accounts in most countries, with an asterisk on those American
// Express does not take, which does not matter here).
//
// Choice: the five three-decimal currencies are added although that list does
// not print them, because the same page says the API supports them for the
// standard payment flows (Payment Intents, Refunds, Disputes).
//
// Choice: codes that ISO 4217 or CLDR have since retired but Stripe still
// lists (ang, bgn, std) stay accepted; merchants who integrated against
// Stripe's list should not be refused by Till.
var supportedCurrencies = newCurrencySet(
	"usd", "aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg",
	"azn", "bam", "bbd", "bdt", "bgn", "bif", "bmd", "bnd", "bob", "brl",
	"bsd", "bwp", "byn", "bzd", "cad", "cdf", "chf", "clp", "cny", "cop",
	"crc", "cve", "czk", "djf", "dkk", "dop", "dzd", "egp", "etb", "eur",
	"fjd", "fkp", "gbp", "gel", "gip", "gmd", "gnf", "gtq", "gyd", "hkd",
	"hnl", "htg", "huf", "idr", "ils", "inr", "isk", "jmd", "jpy", "kes",
	"kgs", "khr", "kmf", "krw", "kyd", "kzt", "lak", "lbp", "lkr", "lrd",
	"lsl", "mad", "mdl", "mga", "mkd", "mmk", "mnt", "mop", "mur", "mvr",
	"mwk", "mxn", "myr", "mzn", "nad", "ngn", "nio", "nok", "npr", "nzd",
	"pab", "pen", "pgk", "php", "pkr", "pln", "pyg", "qar", "ron", "rsd",
	"rub", "rwf", "sar", "sbd", "scr", "sek", "sgd", "shp", "sle", "sos",
	"srd", "std", "szl", "thb", "tjs", "top", "try", "ttd", "twd", "tzs",
	"uah", "ugx", "uyu", "uzs", "vnd", "vuv", "wst", "xaf", "xcd", "xof",
	"xpf", "yer", "zar", "zmw",
	"bhd", "jod", "kwd", "omr", "tnd",
)

// zeroDecimal lists Stripe's zero-decimal currencies: the API amount is the
// major unit (500 jpy means ¥500).
//
// UGX is left out on purpose. Stripe's zero-decimal list still names it, but
// the "Special cases" table, which is newer and more specific, says that for
// backward compatibility UGX amounts are two-decimal in the API (5 UGX is
// sent as 500). ISK is handled the same way; see wholeUnitOnly.
var zeroDecimal = newCurrencySet(
	"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf",
	"vnd", "vuv", "xaf", "xof", "xpf",
)

// threeDecimal lists Stripe's three-decimal currencies. Stripe requires the
// last digit of their amounts to be 0 for compatibility with its partners
// ("5.124 KWD must be rounded to 5120 or 5130").
var threeDecimal = newCurrencySet("bhd", "jod", "kwd", "omr", "tnd")

// wholeUnitOnly lists the currencies that became zero-decimal but stay
// two-decimal in the API for backward compatibility: the amount must be a
// multiple of 100 because fractions of the unit cannot be charged.
var wholeUnitOnly = newCurrencySet("isk", "ugx")

// payoutZeroDecimal lists currencies that Stripe treats as zero-decimal only
// for payouts; charges may carry two decimals, so they get no divisibility
// rule, but shoppers are shown whole units (see DisplayExponent).
var payoutZeroDecimal = newCurrencySet("huf", "twd")

// minimumCharges is Stripe's minimum-charge table ("Minimum charge amount by
// currency"), in minor units. Stripe applies it in the account's settlement
// currency after conversion; Till has no exchange rates or settlement
// currency, so it applies the row of the charge currency itself.
//
// bgn comes from the 2023 version of the table; the current one dropped it
// (Bulgaria adopted the euro). It is kept for merchants still charging it.
var minimumCharges = map[string]int64{
	"usd": 50, "aed": 200, "ars": 50, "aud": 50, "bgn": 100, "brl": 50,
	"cad": 50, "chf": 50, "cop": 50, "czk": 1500, "dkk": 250, "eur": 50,
	"gbp": 30, "hkd": 400, "huf": 17500, "idr": 50, "ils": 50, "inr": 50,
	"jpy": 50, "krw": 50, "mxn": 1000, "myr": 200, "nok": 300, "nzd": 50,
	"php": 50, "pln": 200, "ron": 200, "rub": 50, "sek": 300, "sgd": 50,
	"thb": 1000, "zar": 50,
}

// IsSupportedCurrency reports whether cur (lowercase ISO 4217) is a currency
// Stripe accepts for card payments. It is the gate for the currency
// parameter, so it is exact: Stripe asks for lowercase codes and "USD" is
// reported as unsupported; callers that want leniency lowercase first.
func IsSupportedCurrency(cur string) bool {
	_, ok := supportedCurrencies[cur]
	return ok
}

// SupportedCurrencies are the currencies IsSupportedCurrency accepts, in
// alphabetical order: the choices a form offers.
func SupportedCurrencies() []string {
	out := make([]string, 0, len(supportedCurrencies))
	for c := range supportedCurrencies {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// MinorUnitExponent is the number of decimals Stripe's API amounts carry for
// cur: 0 for zero-decimal currencies such as jpy, 3 for bhd/jod/kwd/omr/tnd,
// and 2 otherwise, including isk and ugx, which Stripe keeps two-decimal in
// the API although they are whole-unit currencies. Stripe's rule is "two
// decimals unless otherwise specified", so unknown codes get 2 as well.
//
// The lookup ignores case, because getting this wrong for "JPY" would be a
// hundredfold error.
func MinorUnitExponent(cur string) int {
	cur = strings.ToLower(cur)
	switch {
	case inCurrencySet(zeroDecimal, cur):
		return 0
	case inCurrencySet(threeDecimal, cur):
		return 3
	default:
		return 2
	}
}

// DisplayExponent is the number of decimals shown to shoppers for cur. It
// equals MinorUnitExponent except for Stripe's special cases: isk and ugx
// cannot be charged in fractions, and Stripe treats huf and twd as
// zero-decimal outside charges (payouts must be whole units), so all four
// are shown in whole units.
// FormatAmount still shows the decimals of an amount that has a fraction,
// so nothing charged is ever hidden.
func DisplayExponent(cur string) int {
	c := strings.ToLower(cur)
	if inCurrencySet(wholeUnitOnly, c) || inCurrencySet(payoutZeroDecimal, c) {
		return 0
	}
	return MinorUnitExponent(c)
}

// ValidateUnitAmount checks one integer amount parameter (param is its
// bracket name, used in the error) against Stripe's rules: 0 ≤ amount ≤
// 99999999, a multiple of 10 in three-decimal currencies, and a multiple of
// 100 in isk and ugx. The range messages are Stripe's; the divisibility
// rules are documented by Stripe but their messages are not, so those texts
// are Till's, written in the same style.
//
// Choice: the divisibility errors carry CodeInvalidRequest, as Stripe has no
// finer code for them.
func ValidateUnitAmount(cur string, amount int64, param string) error {
	if amount < 0 {
		return Invalid(CodeAmountTooSmall, param, "This value must be greater than or equal to 0.")
	}
	if amount > maxEightDigitAmount {
		return Invalid(CodeAmountTooLarge, param, "This value must be less than or equal to %d.", maxEightDigitAmount)
	}
	c := strings.ToLower(cur)
	switch {
	case inCurrencySet(threeDecimal, c) && amount%10 != 0:
		return Invalid(CodeInvalidRequest, param,
			"This value must be a multiple of 10: %s is a three-decimal currency and its amounts must end in 0 (round %d to %d or %d).",
			c, amount, amount/10*10, amount/10*10+10)
	case inCurrencySet(wholeUnitOnly, c) && amount%100 != 0:
		return Invalid(CodeInvalidRequest, param,
			"This value must be a multiple of 100: %s amounts are sent with two decimals but fractions of a unit cannot be charged (to charge 5 %s, send 500).",
			c, strings.ToUpper(c))
	}
	return nil
}

// ParseDecimalAmount parses a unit_amount_decimal value: a non-negative
// decimal string in minor units with at most 12 decimal places, such as
// "12.5", "1000" or "0.000000000001". The result is exact, so sub-cent
// prices multiply without float error.
//
// Choices, where Stripe documents only the 12 places:
//   - The grammar is strict: digits, optionally a point and at least one more
//     digit. No sign, exponent, spaces, ".5" or "5."; stripe-go, which
//     writes the float with strconv's 'f' format, never sends those. A
//     malformed value gets the wording "Invalid decimal: …" (modelled on
//     Stripe's "Invalid integer: …") and CodeInvalidRequest, as the
//     stripe-go error codes have no decimal code.
//   - More than 12 places is the same error, naming the limit.
//   - A negative value and a value above 99999999 get the same errors and
//     codes as unit_amount, so the two ways to give a price behave alike.
//     "-0" is zero and accepted.
//   - An empty string gets Stripe's parameter_invalid_empty error.
func ParseDecimalAmount(s, param string) (*big.Rat, error) {
	if s == "" {
		return nil, Invalid(CodeParameterInvalidEmpty, param,
			"You passed an empty string for '%s'. We assume empty values are an attempt to unset a parameter; however '%s' cannot be unset. You should remove '%s' from your request or supply a non-empty value.",
			param, param, param)
	}
	body, negative := strings.CutPrefix(s, "-")
	intPart, fracPart, hasPoint := strings.Cut(body, ".")
	if !allASCIIDigits(intPart) || (hasPoint && !allASCIIDigits(fracPart)) {
		return nil, Invalid(CodeInvalidRequest, param, "Invalid decimal: %s", s)
	}
	if len(fracPart) > maxAmountDecimalPlaces {
		return nil, Invalid(CodeInvalidRequest, param,
			"Invalid decimal: %s. The value can have at most %d decimal places.", s, maxAmountDecimalPlaces)
	}
	// Checking the length of the integer part first keeps a huge input from
	// being parsed into a huge number.
	significant := strings.TrimLeft(intPart, "0")
	isZero := significant == "" && strings.Trim(fracPart, "0") == ""
	if negative && !isZero {
		return nil, Invalid(CodeAmountTooSmall, param, "This value must be greater than or equal to 0.")
	}
	tooLarge := Invalid(CodeAmountTooLarge, param, "This value must be less than or equal to %d.", maxEightDigitAmount)
	if len(significant) > len(strconv.Itoa(maxEightDigitAmount)) {
		return nil, tooLarge
	}
	r, ok := new(big.Rat).SetString(body)
	if !ok { // unreachable after the checks above, kept as a guard
		return nil, Invalid(CodeInvalidRequest, param, "Invalid decimal: %s", s)
	}
	if r.Cmp(new(big.Rat).SetInt64(maxEightDigitAmount)) > 0 {
		return nil, tooLarge
	}
	return r, nil
}

// ParseMajorAmount parses an amount a person typed in cur's major units
// ("12.50" dollars, "500" yen) into the API's minor units (1250, 500): the
// dashboard's amount fields, which a merchant fills in as money, not as
// the API's integers. The grammar is ParseDecimalAmount's (digits,
// optionally a point and at least one more digit), with at most as many
// decimals as the API's amounts of cur carry (none for jpy, three for
// kwd); the result then meets ValidateUnitAmount's range and divisibility
// rules (isk: whole krónur; kwd: a last digit of 0).
//
// Choice: Stripe's Dashboard has no documented wording for these fields,
// so the texts are Till's; an empty field is left to the caller (it means
// "all" for a refund or a capture).
func ParseMajorAmount(s, cur, param string) (int64, error) {
	s = strings.TrimSpace(s)
	exp := MinorUnitExponent(cur)
	intPart, fracPart, hasPoint := strings.Cut(s, ".")
	if !allASCIIDigits(intPart) || (hasPoint && !allASCIIDigits(fracPart)) {
		return 0, Invalid(CodeInvalidRequest, param, "Invalid amount: %s. Write it in %s, such as %s.", s,
			strings.ToUpper(cur), minorToDecimal(1250, exp))
	}
	if len(fracPart) > exp {
		if exp == 0 {
			return 0, Invalid(CodeInvalidRequest, param, "Invalid amount: %s. %s amounts are whole numbers.", s, strings.ToUpper(cur))
		}
		return 0, Invalid(CodeInvalidRequest, param, "Invalid amount: %s. %s amounts have at most %d decimal places.",
			s, strings.ToUpper(cur), exp)
	}
	// The length check keeps a huge input from overflowing int64.
	if len(strings.TrimLeft(intPart, "0"))+exp > len(strconv.Itoa(maxEightDigitAmount)) {
		return 0, Invalid(CodeAmountTooLarge, param, "This value must be less than or equal to %s.",
			FormatAmount(maxEightDigitAmount, cur, "en"))
	}
	whole, _ := strconv.ParseInt(intPart, 10, 64)
	frac, _ := strconv.ParseInt(fracPart+strings.Repeat("0", exp-len(fracPart)), 10, 64)
	amount := whole*pow10Int64(exp) + frac
	if err := ValidateUnitAmount(cur, amount, param); err != nil {
		return 0, err
	}
	return amount, nil
}

// LineAmount returns unit × quantity in minor units, rounded half-up to an
// integer, since a decimal unit price can produce a fraction of the smallest
// unit and Stripe charges whole minor units. The product is computed exactly
// with big.Rat. ok is false when unit is nil or the result does not fit in an
// int64; enforcing Stripe's per-line and total limits is the caller's job.
//
// Choice: Stripe does not document its rounding mode; half-up (x.5 goes up)
// is what a shopper expects. A negative product, which Till never forms,
// rounds half away from zero so that the rule is symmetric.
func LineAmount(unit *big.Rat, quantity int64) (int64, bool) {
	if unit == nil {
		return 0, false
	}
	p := new(big.Rat).Mul(unit, new(big.Rat).SetInt64(quantity))
	num := new(big.Int).Abs(p.Num())
	den := p.Denom()
	// floor((2·|num| + den) / (2·den)) rounds |p| half-up.
	n := new(big.Int).Lsh(num, 1)
	n.Add(n, den)
	d := new(big.Int).Lsh(den, 1)
	n.Quo(n, d)
	if p.Sign() < 0 {
		n.Neg(n)
	}
	if !n.IsInt64() {
		return 0, false
	}
	return n.Int64(), true
}

// MinimumCharge returns the smallest non-zero total, in minor units, that
// Stripe accepts for a payment in cur, from Stripe's minimum-charge table
// (usd 50, eur 50, gbp 30, jpy 50, hkd 400, huf 17500, …).
//
// Choice: Stripe's table covers only settlement currencies; a charge in any
// other currency must reach the settlement currency's minimum after
// conversion. Without exchange rates Till uses half a major unit (the 0.50
// that most rows of the table use), rounded up to the smallest amount the
// currency can charge: 50 for two-decimal currencies, 500 for three-decimal
// ones, 1 for zero-decimal ones and 100 for isk and ugx.
func MinimumCharge(cur string) int64 {
	c := strings.ToLower(cur)
	if m, ok := minimumCharges[c]; ok {
		return m
	}
	switch {
	case inCurrencySet(wholeUnitOnly, c):
		return 100
	case inCurrencySet(zeroDecimal, c):
		return 1
	case inCurrencySet(threeDecimal, c):
		return 500
	default:
		return 50
	}
}

// CheckMinimumTotal returns Stripe's error when a Checkout Session's total is
// below the minimum charge for cur. A total of 0 needs no payment and is
// allowed, as Stripe allows free sessions.
//
// The message copies Stripe's: "The Checkout Session's total amount due must
// add up to at least $0.50 usd", the minimum formatted in English followed by
// the lowercase code (see minimumText).
//
// Choice: the error has no param. Stripe's minimum-amount errors seen in
// public reports carry a code and a message but no param, and the total
// belongs to the whole session, not to one line item.
func CheckMinimumTotal(cur string, total int64) error {
	if total == 0 {
		return nil
	}
	minimum := MinimumCharge(cur)
	if total >= minimum {
		return nil
	}
	c := strings.ToLower(cur)
	return Invalid(CodeAmountTooSmall, "",
		"The Checkout Session's total amount due must add up to at least %s %s", minimumText(c, minimum), c)
}

// stripeMessageSymbol is how Stripe writes a currency in its English error texts
// when that differs from CLDR's English symbol.
type stripeMessageSymbol struct {
	symbol string
	after  bool // written after the number, separated by a space
}

// stripeMessageSymbols holds the symbols Stripe uses in its error texts and in the
// rendered minimum-charge table of its docs, where they differ from CLDR
// English: "$4.00 hkd" rather than "HK$4.00", "175.00 Ft huf" rather than
// "HUF 175.00". hkd, mxn and huf are taken from error texts Stripe returned;
// the rest from the docs' table. Currencies not listed use CLDR English.
var stripeMessageSymbols = map[string]stripeMessageSymbol{
	"hkd": {symbol: "$"}, "mxn": {symbol: "$"}, "aud": {symbol: "$"},
	"cad": {symbol: "$"}, "nzd": {symbol: "$"}, "sgd": {symbol: "$"},
	"thb": {symbol: "฿"}, "myr": {symbol: "RM"}, "bgn": {symbol: "лв"},
	"ron": {symbol: "lei"},
	"huf": {symbol: "Ft", after: true}, "chf": {symbol: "Fr", after: true},
	"czk": {symbol: "Kč", after: true}, "dkk": {symbol: "kr.", after: true},
	"nok": {symbol: "kr.", after: true}, "sek": {symbol: "kr.", after: true},
	"pln": {symbol: "zł", after: true}, "aed": {symbol: "د.إ", after: true},
}

// minimumText formats amount the way Stripe's minimum-amount messages do:
// English, with every decimal the API carries ("175.00 Ft", not "175 Ft"),
// except for isk and ugx, which have no fractions to show, and with plain
// spaces, since an API message is plain text, not typeset.
func minimumText(cur string, amount int64) string {
	digits := MinorUnitExponent(cur)
	if inCurrencySet(wholeUnitOnly, cur) {
		digits = 0
	}
	var s string
	if ms, ok := stripeMessageSymbols[cur]; ok && ms.after {
		s = formatMinor(amount, cur, "en", digits, currency.DisplayNone, "") + " " + ms.symbol
	} else {
		s = formatMinor(amount, cur, "en", digits, currency.DisplaySymbol, ms.symbol)
	}
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
}

// FormatAmount formats an amount in minor units for a shopper in a BCP 47
// locale with CLDR's rules (through bojanz/currency): FormatAmount(3998,
// "usd", "en") is "$39.98", (500, "jpy", "ja") is "￥500" and (1234500,
// "kwd", "en") is "KWD 1,234.500". Spaces are CLDR's non-breaking ones, so
// an amount never wraps across lines.
//
// Stripe's decimals are used, not ISO's: CLDR gives isk none, and read as
// ISO, 1000 isk would show as "ISK 1,000" instead of "ISK 10". The number of
// decimals shown is DisplayExponent, unless the amount has a fraction below
// that (10.45 huf), in which case all of the API's decimals are shown rather
// than rounding away money that is charged.
//
// Each of Checkout's locales gets its own CLDR data (TestFormatAmountLocales);
// the three whose Stripe name means something else to the library are
// renamed first (cldrLocales). An empty or unknown locale falls back to
// CLDR's root/English data. A code CLDR no longer knows (ang, bgn, std) is
// shown by its uppercase code.
//
// Results are remembered (formattedAmounts): formatting through the library
// builds a formatter and a strings.Replacer per call, which was half the
// Go time of a hosted page's view model, and a shop shows its few prices
// and totals again and again.
func FormatAmount(amount int64, cur, locale string) string {
	key := amountKey{amount, cur, locale}
	if s, ok := formattedAmounts.Load(key); ok {
		return s.(string)
	}
	s := formatAmount(amount, cur, locale)
	if formattedAmounts.size.Add(1) > maxFormattedAmounts {
		formattedAmounts.Clear()
		formattedAmounts.size.Store(1)
	}
	formattedAmounts.Store(key, s)
	return s
}

type amountKey struct {
	amount      int64
	cur, locale string
}

// formattedAmounts are FormatAmount's results, forgotten all at once when
// there are more than maxFormattedAmounts (a bound on memory, counted
// roughly: entries stored twice by racing callers count twice).
var formattedAmounts struct {
	sync.Map
	size atomic.Int64
}

const maxFormattedAmounts = 10000

func formatAmount(amount int64, cur, locale string) string {
	exp := MinorUnitExponent(cur)
	digits := DisplayExponent(cur)
	if amount%pow10Int64(exp-digits) != 0 {
		digits = exp
	}
	return formatMinor(amount, cur, cldrLocale(locale), digits, currency.DisplaySymbol, "")
}

// FormatPercent formats a tax rate's percentage in a Checkout locale with
// the decimals it was given with and the locale's decimal separator:
// "8.875%" in English, "8,875%" in German.
func FormatPercent(p float64, locale string) string {
	number := strconv.FormatFloat(p, 'f', -1, 64)
	digits := 0
	if i := strings.IndexByte(number, '.'); i >= 0 {
		digits = len(number) - i - 1
	}
	f := currency.NewFormatter(currency.NewLocale(cldrLocale(locale)))
	f.MinDigits, f.MaxDigits = uint8(digits), uint8(digits)
	f.CurrencyDisplay = currency.DisplayNone
	a, err := currency.NewAmount(number, "USD") // any currency: none is shown
	if err != nil {
		return number + "%"
	}
	return f.Format(a) + "%"
}

// cldrLocale is the CLDR locale of a Checkout locale (cldrLocales), English
// for none.
func cldrLocale(locale string) string {
	if strings.TrimSpace(locale) == "" {
		return "en"
	}
	if l, ok := cldrLocales[currency.NewLocale(locale).String()]; ok {
		return l
	}
	return locale
}

// cldrLocales renames the Checkout locales whose CLDR data bojanz/currency
// would not find under Stripe's name. Stripe's pt is European Portuguese,
// but CLDR's pt is Brazilian (pt-BR's parent) and European Portuguese is
// pt-PT: without the rename, a Lisbon shopper would read "US$ 1.234,56"
// instead of "1234,56 US$". zh-HK and zh-TW are Traditional Chinese, which
// CLDR files under zh-Hant (reached from zh-TW only through CLDR's likely
// subtags, which the library does not apply): the rename gives Taiwan "$"
// for its own dollar and both "¥" for the yen, where zh (Simplified) has
// "NT$" and "JP¥". Every other Checkout locale is in the library's data,
// directly or through CLDR's parent locales (nb → no, es-419 is its own).
var cldrLocales = map[string]string{"pt": "pt-PT", "zh-HK": "zh-Hant-HK", "zh-TW": "zh-Hant-TW"}

// formatMinor formats amount (minor units of cur) in locale with exactly
// digits decimals (digits ≤ MinorUnitExponent(cur)); symbol, when not
// empty, replaces the locale's currency symbol.
func formatMinor(amount int64, cur, locale string, digits int, display currency.Display, symbol string) string {
	code := strings.ToUpper(cur)
	number := minorToDecimal(amount, MinorUnitExponent(cur))
	f := currency.NewFormatter(currency.NewLocale(locale))
	f.MinDigits = uint8(digits)
	f.MaxDigits = uint8(digits)
	f.CurrencyDisplay = display
	a, err := currency.NewAmount(number, code)
	if err != nil {
		// CLDR does not know the code. Format the number as a currency it
		// knows (the decimals are set above, so which one does not matter)
		// and show our code in place of its symbol; the locale's pattern
		// still decides where the code goes.
		const proxy = "USD"
		a, _ = currency.NewAmount(number, proxy)
		if symbol == "" {
			symbol = code
		}
		code = proxy
	}
	if symbol != "" {
		f.SymbolMap[code] = symbol
	}
	return f.Format(a)
}

// minorToDecimal writes amount/10^exp as an exact decimal string.
func minorToDecimal(amount int64, exp int) string {
	neg := amount < 0
	digits := new(big.Int).Abs(big.NewInt(amount)).String()
	if exp > 0 {
		if len(digits) <= exp {
			digits = strings.Repeat("0", exp-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-exp] + "." + digits[len(digits)-exp:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// pow10Int64 returns 10^n for small n ≥ 0.
func pow10Int64(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// allASCIIDigits reports whether s is a non-empty run of ASCII digits.
func allASCIIDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func newCurrencySet(items ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(items))
	for _, it := range items {
		m[it] = struct{}{}
	}
	return m
}

func inCurrencySet(set map[string]struct{}, key string) bool {
	_, ok := set[key]
	return ok
}

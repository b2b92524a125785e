package till

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// The API versions the tests speak: the stripe-go v82 pin and the first
// dahlia release, where ui_mode values were renamed.
const (
	basilVersion  = "2025-08-27.basil"
	dahliaVersion = "2026-03-25.dahlia"
)

// testNow is the creation time the tests pass; nothing reads the clock.
const testNow int64 = 1_700_000_000

var testCaller = Caller{AccountID: "acct_test", KeyKind: KeySecret}

func ptr[T any](v T) *T { return &v }

// checkErr checks err against a wanted code and param: nil when code is
// empty, otherwise an *Error of Kind invalid with that code and param (see
// wantErr), and that message when msg is not empty.
func checkErr(t *testing.T, err error, code, param, msg string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("err = %v, want nil", err)
		}
		return
	}
	wantErr(t, err, code, param, msg)
}

// validParams returns a hosted session with one inline line item that
// CheckCreateSession accepts; each case changes one thing.
func validParams() *CreateSessionParams {
	return &CreateSessionParams{
		Mode:       ptr("payment"),
		SuccessURL: ptr("https://shop.example/success?session_id={CHECKOUT_SESSION_ID}"),
		LineItems:  []LineItemParams{inlineItem("usd", 2000, 1)},
	}
}

// inlineItem is a price_data line item with a product_data product.
func inlineItem(currency string, unitAmount, quantity int64) LineItemParams {
	return LineItemParams{
		PriceData: &PriceDataParams{Currency: ptr(currency), UnitAmount: ptr(unitAmount),
			ProductData: &ProductDataParams{Name: ptr("T-shirt")}},
		Quantity: ptr(quantity),
	}
}

// embedded turns p into an embedded (or custom, …) session: no success_url,
// a return_url.
func embedded(p *CreateSessionParams, uiMode string) {
	p.UIMode = ptr(uiMode)
	p.SuccessURL = nil
	p.ReturnURL = ptr("https://shop.example/return?session_id={CHECKOUT_SESSION_ID}")
}

func keys(n int) map[string]string {
	m := make(map[string]string, n)
	for i := range n {
		m["k"+strings.Repeat("x", i%3)+string(rune('a'+i%26))+string(rune('a'+i/26))] = "v"
	}
	return m
}

type createCase struct {
	name    string
	version string // basilVersion when empty
	edit    func(p *CreateSessionParams)
	code    string // the wanted error code; "" when the request is valid
	param   string
	msg     string // checked when not empty
}

func runCreateCases(t *testing.T, tests []createCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validParams()
			if tt.edit != nil {
				tt.edit(p)
			}
			version := tt.version
			if version == "" {
				version = basilVersion
			}
			checkErr(t, CheckCreateSession(p, version, testNow), tt.code, tt.param, tt.msg)
		})
	}
}

func TestCheckCreateSessionMode(t *testing.T) {
	runCreateCases(t, []createCase{
		{name: "OK"},
		{name: "ErrModeMissing", edit: func(p *CreateSessionParams) { p.Mode = nil },
			code: CodeParameterMissing, param: "mode", msg: "Missing required param: mode."},
		{name: "ErrModeInvalid", edit: func(p *CreateSessionParams) { p.Mode = ptr("purchase") },
			code: CodeInvalidRequest, param: "mode", msg: "Invalid mode: must be one of payment, setup, or subscription"},
		{name: "ErrModeSetup", edit: func(p *CreateSessionParams) { p.Mode = ptr("setup") },
			code: CodeInvalidRequest, param: "mode"},
		{name: "ErrModeSubscription", edit: func(p *CreateSessionParams) { p.Mode = ptr("subscription") },
			code: CodeInvalidRequest, param: "mode"},
	})
}

func TestCheckCreateSessionUIMode(t *testing.T) {
	runCreateCases(t, []createCase{
		{name: "OKHostedBasil", edit: func(p *CreateSessionParams) { p.UIMode = ptr("hosted") }},
		{name: "OKEmbeddedBasil", edit: func(p *CreateSessionParams) { embedded(p, "embedded") }},
		{name: "OKCustomBasil", edit: func(p *CreateSessionParams) { embedded(p, "custom") }},
		// A basil caller may use a newer SDK's dahlia constants.
		{name: "OKHostedPageBasil", edit: func(p *CreateSessionParams) { p.UIMode = ptr("hosted_page") }},
		{name: "OKEmbeddedPageBasil", edit: func(p *CreateSessionParams) { embedded(p, "embedded_page") }},
		{name: "OKHostedPageDahlia", version: dahliaVersion, edit: func(p *CreateSessionParams) { p.UIMode = ptr("hosted_page") }},
		{name: "OKEmbeddedPageDahlia", version: dahliaVersion, edit: func(p *CreateSessionParams) { embedded(p, "embedded_page") }},
		{name: "OKElementsDahlia", version: dahliaVersion, edit: func(p *CreateSessionParams) { embedded(p, "elements") }},
		{name: "OKElementsLaterDahlia", version: "2026-07-29.dahlia", edit: func(p *CreateSessionParams) { embedded(p, "elements") }},
		{name: "OKDefaultHostedDahlia", version: dahliaVersion},
		{name: "ErrUnknownBasil", edit: func(p *CreateSessionParams) { p.UIMode = ptr("popup") },
			code: CodeInvalidRequest, param: "ui_mode", msg: "Invalid ui_mode: must be one of hosted, embedded, or custom"},
		// dahlia rejects the old names, as Stripe does.
		{name: "ErrHostedDahlia", version: dahliaVersion, edit: func(p *CreateSessionParams) { p.UIMode = ptr("hosted") },
			code: CodeInvalidRequest, param: "ui_mode", msg: "Invalid ui_mode: must be one of hosted_page, embedded_page, or elements"},
		{name: "ErrEmbeddedDahlia", version: dahliaVersion, edit: func(p *CreateSessionParams) { embedded(p, "embedded") },
			code: CodeInvalidRequest, param: "ui_mode"},
		{name: "ErrCustomDahlia", version: dahliaVersion, edit: func(p *CreateSessionParams) { embedded(p, "custom") },
			code: CodeInvalidRequest, param: "ui_mode"},
		{name: "ErrFormDahlia", version: dahliaVersion, edit: func(p *CreateSessionParams) { embedded(p, "form") },
			code: CodeInvalidRequest, param: "ui_mode"},
		{name: "ErrCaseBasil", edit: func(p *CreateSessionParams) { p.UIMode = ptr("Hosted") },
			code: CodeInvalidRequest, param: "ui_mode"},
	})
}

func TestCheckCreateSessionRedirects(t *testing.T) {
	runCreateCases(t, []createCase{
		{name: "OKHostedCancelURL", edit: func(p *CreateSessionParams) { p.CancelURL = ptr("https://shop.example/cart") }},
		{name: "ErrHostedMissingSuccessURL", edit: func(p *CreateSessionParams) { p.SuccessURL = nil },
			code: CodeParameterMissing, param: "success_url", msg: "Missing required param: success_url."},
		{name: "ErrHostedReturnURL", edit: func(p *CreateSessionParams) { p.ReturnURL = ptr("https://shop.example/r") },
			code: CodeInvalidRequest, param: "return_url",
			msg: "The following parameters are not supported with 'ui_mode: hosted': return_url."},
		{name: "ErrHostedRedirectOnCompletion", edit: func(p *CreateSessionParams) { p.RedirectOnCompletion = ptr("always") },
			code: CodeInvalidRequest, param: "redirect_on_completion",
			msg: "The following parameters are not supported with 'ui_mode: hosted': redirect_on_completion."},
		{name: "ErrHostedReturnURLAndRedirectOnCompletion", edit: func(p *CreateSessionParams) {
			p.ReturnURL, p.RedirectOnCompletion = ptr("https://shop.example/r"), ptr("never")
		}, code: CodeInvalidRequest, param: "redirect_on_completion",
			msg: "The following parameters are not supported with 'ui_mode: hosted': redirect_on_completion, return_url."},
		{name: "ErrHostedPageReturnURLDahlia", version: dahliaVersion, edit: func(p *CreateSessionParams) {
			p.UIMode, p.ReturnURL = ptr("hosted_page"), ptr("https://shop.example/r")
		}, code: CodeInvalidRequest, param: "return_url",
			msg: "The following parameters are not supported with 'ui_mode: hosted_page': return_url."},

		{name: "ErrEmbeddedSuccessURL", edit: func(p *CreateSessionParams) {
			embedded(p, "embedded")
			p.SuccessURL = ptr("https://shop.example/ok")
		}, code: CodeInvalidRequest, param: "success_url",
			msg: "The following parameters are not supported with 'ui_mode: embedded': success_url."},
		{name: "ErrEmbeddedCancelURL", edit: func(p *CreateSessionParams) {
			embedded(p, "embedded")
			p.CancelURL = ptr("https://shop.example/cart")
		}, code: CodeInvalidRequest, param: "cancel_url"},
		// The reference quotes this message for custom.
		{name: "ErrCustomSuccessAndCancelURL", edit: func(p *CreateSessionParams) {
			embedded(p, "custom")
			p.SuccessURL, p.CancelURL = ptr("https://shop.example/ok"), ptr("https://shop.example/cart")
		}, code: CodeInvalidRequest, param: "cancel_url",
			msg: "The following parameters are not supported with 'ui_mode: custom': cancel_url, success_url."},
		// Stripe's API reference: "You can't set this parameter if
		// ui_mode is custom."
		{name: "ErrCustomCustomFields", edit: func(p *CreateSessionParams) {
			embedded(p, "custom")
			p.CustomFields = []CustomFieldParams{{Key: ptr("engraving")}}
		}, code: CodeInvalidRequest, param: "custom_fields",
			msg: "The following parameters are not supported with 'ui_mode: custom': custom_fields."},
		{name: "ErrElementsCustomTextAndSuccessURLDahlia", version: dahliaVersion, edit: func(p *CreateSessionParams) {
			embedded(p, "elements")
			p.CustomText = &CustomTextParams{}
			p.SuccessURL = ptr("https://shop.example/ok")
		}, code: CodeInvalidRequest, param: "custom_text",
			msg: "The following parameters are not supported with 'ui_mode: elements': custom_text, success_url."},
		{name: "OKEmbeddedCustomText", edit: func(p *CreateSessionParams) {
			embedded(p, "embedded")
			p.CustomText = &CustomTextParams{}
		}},
		{name: "ErrElementsSuccessURLDahlia", version: dahliaVersion, edit: func(p *CreateSessionParams) {
			embedded(p, "elements")
			p.SuccessURL = ptr("https://shop.example/ok")
		}, code: CodeInvalidRequest, param: "success_url",
			msg: "The following parameters are not supported with 'ui_mode: elements': success_url."},
		{name: "ErrEmbeddedMissingReturnURL", edit: func(p *CreateSessionParams) {
			embedded(p, "embedded")
			p.ReturnURL = nil
		}, code: CodeParameterMissing, param: "return_url"},
		{name: "ErrCustomMissingReturnURL", edit: func(p *CreateSessionParams) {
			embedded(p, "custom")
			p.ReturnURL = nil
		}, code: CodeParameterMissing, param: "return_url"},
		{name: "ErrEmbeddedAlwaysMissingReturnURL", edit: func(p *CreateSessionParams) {
			embedded(p, "embedded")
			p.ReturnURL, p.RedirectOnCompletion = nil, ptr("always")
		}, code: CodeParameterMissing, param: "return_url"},
		{name: "ErrEmbeddedIfRequiredMissingReturnURL", edit: func(p *CreateSessionParams) {
			embedded(p, "embedded")
			p.ReturnURL, p.RedirectOnCompletion = nil, ptr("if_required")
		}, code: CodeParameterMissing, param: "return_url"},
		{name: "OKEmbeddedIfRequired", edit: func(p *CreateSessionParams) {
			embedded(p, "embedded")
			p.RedirectOnCompletion = ptr("if_required")
		}},
		{name: "OKEmbeddedNeverWithoutReturnURL", edit: func(p *CreateSessionParams) {
			embedded(p, "embedded")
			p.ReturnURL, p.RedirectOnCompletion = nil, ptr("never")
		}},
		{name: "OKCustomNeverWithoutReturnURL", edit: func(p *CreateSessionParams) {
			embedded(p, "custom")
			p.ReturnURL, p.RedirectOnCompletion = nil, ptr("never")
		}},
		{name: "ErrEmbeddedNeverWithReturnURL", edit: func(p *CreateSessionParams) {
			embedded(p, "embedded")
			p.RedirectOnCompletion = ptr("never")
		}, code: CodeInvalidRequest, param: "return_url"},
		{name: "ErrEmbeddedRedirectOnCompletionInvalid", edit: func(p *CreateSessionParams) {
			embedded(p, "embedded")
			p.RedirectOnCompletion = ptr("sometimes")
		}, code: CodeInvalidRequest, param: "redirect_on_completion",
			msg: "Invalid redirect_on_completion: must be one of always, if_required, or never"},
	})
}

// TestCheckCreateSessionURLs is the domain half of T23: each bad redirect
// URL is a 400 url_invalid naming the parameter it was sent in.
func TestCheckCreateSessionURLs(t *testing.T) {
	bad := []struct{ name, url string }{
		{"JavaScript", "javascript:alert(1)"},
		{"Data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="},
		{"Relative", "/relative"},
		{"SchemeRelative", "//evil.example"},
		{"EncodedCRLF", "https://a.example/%0d%0aSet-Cookie:x"},
		{"EncodedCRLFUpper", "https://a.example/?q=%0D%0ASet-Cookie:x"},
		{"RawCRLF", "https://a.example/\r\nSet-Cookie: x"},
		{"RawLF", "https://a.example/\nx"},
		{"RawTab", "https://a.example/\tx"},
		{"NUL", "https://a.example/\x00"},
		{"Credentials", "https://user:pw@a.example"},
		{"User", "https://user@a.example/"},
		{"TooLong", "https://a.example/" + strings.Repeat("a", 5001-len("https://a.example/"))},
		{"FTP", "ftp://a.example/file"},
		{"NoHost", "https://"},
		{"Opaque", "https:a.example"},
		{"Empty", ""},
	}
	good := []struct{ name, url string }{
		{"HTTPS", "https://shop.example/thanks"},
		{"HTTPLocalhost", "http://localhost:3000/ok"},
		{"SessionIDPlaceholder", "https://shop.example/ok?session_id={CHECKOUT_SESSION_ID}"},
		{"SessionIDPlaceholderInPath", "https://shop.example/orders/{CHECKOUT_SESSION_ID}/done"},
		{"EncodedSpace", "https://shop.example/a%20b"},
		{"Max5000", "https://a.example/" + strings.Repeat("a", 5000-len("https://a.example/"))},
	}
	var tests []createCase
	for _, u := range bad {
		tests = append(tests,
			createCase{name: "ErrSuccessURL" + u.name, edit: func(p *CreateSessionParams) { p.SuccessURL = ptr(u.url) },
				code: CodeURLInvalid, param: "success_url", msg: "Not a valid URL"},
			createCase{name: "ErrCancelURL" + u.name, edit: func(p *CreateSessionParams) { p.CancelURL = ptr(u.url) },
				code: CodeURLInvalid, param: "cancel_url"},
			createCase{name: "ErrReturnURL" + u.name, edit: func(p *CreateSessionParams) {
				embedded(p, "embedded")
				p.ReturnURL = ptr(u.url)
			}, code: CodeURLInvalid, param: "return_url"},
		)
	}
	for _, u := range good {
		tests = append(tests,
			createCase{name: "OKSuccessURL" + u.name, edit: func(p *CreateSessionParams) { p.SuccessURL = ptr(u.url) }},
			createCase{name: "OKReturnURL" + u.name, edit: func(p *CreateSessionParams) {
				embedded(p, "custom")
				p.ReturnURL = ptr(u.url)
			}},
		)
	}
	runCreateCases(t, tests)
}

func TestCheckCreateSessionLineItems(t *testing.T) {
	item := func(p *CreateSessionParams) *LineItemParams { return &p.LineItems[0] }
	pd := func(p *CreateSessionParams) *PriceDataParams { return p.LineItems[0].PriceData }
	const li, pp = "line_items[0]", "line_items[0][price_data]"
	runCreateCases(t, []createCase{
		{name: "ErrMissingLineItems", edit: func(p *CreateSessionParams) { p.LineItems = nil },
			code: CodeParameterMissing, param: "line_items", msg: "Missing required param: line_items."},
		{name: "ErrEmptyLineItems", edit: func(p *CreateSessionParams) { p.LineItems = []LineItemParams{} },
			code: CodeParameterMissing, param: "line_items"},
		{name: "OK100LineItems", edit: func(p *CreateSessionParams) {
			for range 99 {
				p.LineItems = append(p.LineItems, inlineItem("usd", 100, 1))
			}
		}},
		{name: "Err101LineItems", edit: func(p *CreateSessionParams) {
			for range 100 {
				p.LineItems = append(p.LineItems, inlineItem("usd", 100, 1))
			}
		}, code: CodeInvalidRequest, param: "line_items"},
		{name: "OKPrice", edit: func(p *CreateSessionParams) {
			p.LineItems[0] = LineItemParams{Price: ptr("price_123"), Quantity: ptr(int64(2))}
		}},
		{name: "ErrPriceTooLong", edit: func(p *CreateSessionParams) {
			p.LineItems[0] = LineItemParams{Price: ptr(strings.Repeat("p", 5001)), Quantity: ptr(int64(1))}
		}, code: CodeInvalidRequest, param: li + "[price]"},
		{name: "ErrPriceAndPriceData", edit: func(p *CreateSessionParams) { item(p).Price = ptr("price_123") },
			code: CodeParametersExclusive, param: li + "[price]",
			msg: "You may only specify one of these parameters: line_items[0][price], line_items[0][price_data]."},
		{name: "ErrNeitherPriceNorPriceData", edit: func(p *CreateSessionParams) { item(p).PriceData = nil },
			code: CodeParameterMissing, param: li},
		{name: "ErrSecondItemNamedByIndex", edit: func(p *CreateSessionParams) {
			second := inlineItem("usd", 100, 1)
			second.Quantity = nil
			p.LineItems = append(p.LineItems, second)
		}, code: CodeParameterMissing, param: "line_items[1][quantity]"},

		// quantity
		{name: "ErrQuantityMissing", edit: func(p *CreateSessionParams) { item(p).Quantity = nil },
			code: CodeParameterMissing, param: li + "[quantity]", msg: "Missing required param: line_items[0][quantity]."},
		{name: "ErrQuantityZero", edit: func(p *CreateSessionParams) { item(p).Quantity = ptr(int64(0)) },
			code: CodeInvalidRequest, param: li + "[quantity]"},
		{name: "ErrQuantityNegative", edit: func(p *CreateSessionParams) { item(p).Quantity = ptr(int64(-2)) },
			code: CodeInvalidRequest, param: li + "[quantity]"},
		{name: "OKQuantity999999", edit: func(p *CreateSessionParams) { item(p).Quantity = ptr(int64(999999)) }},
		{name: "ErrQuantity1000000", edit: func(p *CreateSessionParams) { item(p).Quantity = ptr(int64(1000000)) },
			code: CodeInvalidRequest, param: li + "[quantity]"},

		// adjustable_quantity
		{name: "OKAdjustableDefaults", edit: func(p *CreateSessionParams) {
			item(p).AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(true)}
		}},
		{name: "ErrAdjustableEnabledMissing", edit: func(p *CreateSessionParams) {
			item(p).AdjustableQuantity = &AdjustableQuantityParams{Maximum: ptr(int64(5))}
		}, code: CodeParameterMissing, param: li + "[adjustable_quantity][enabled]"},
		{name: "ErrAdjustableMinimumAboveMaximum", edit: func(p *CreateSessionParams) {
			item(p).Quantity = ptr(int64(4))
			item(p).AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(true), Minimum: ptr(int64(5)), Maximum: ptr(int64(3))}
		}, code: CodeInvalidRequest, param: li + "[adjustable_quantity][minimum]"},
		{name: "ErrAdjustableMinimumAboveDefaultMaximum", edit: func(p *CreateSessionParams) {
			item(p).Quantity = ptr(int64(150))
			item(p).AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(true), Minimum: ptr(int64(100))}
		}, code: CodeInvalidRequest, param: li + "[adjustable_quantity][minimum]"},
		{name: "ErrAdjustableMinimumNegative", edit: func(p *CreateSessionParams) {
			item(p).AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(true), Minimum: ptr(int64(-1))}
		}, code: CodeInvalidRequest, param: li + "[adjustable_quantity][minimum]"},
		{name: "ErrAdjustableQuantityBelowMinimum", edit: func(p *CreateSessionParams) {
			item(p).AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(true), Minimum: ptr(int64(2))}
		}, code: CodeInvalidRequest, param: li + "[quantity]"},
		{name: "ErrAdjustableQuantityAboveMaximum", edit: func(p *CreateSessionParams) {
			item(p).Quantity = ptr(int64(11))
			item(p).AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(true), Maximum: ptr(int64(10))}
		}, code: CodeInvalidRequest, param: li + "[quantity]"},
		{name: "ErrAdjustableQuantityAboveDefaultMaximum99", edit: func(p *CreateSessionParams) {
			item(p).Quantity = ptr(int64(100))
			item(p).AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(true)}
		}, code: CodeInvalidRequest, param: li + "[quantity]"},
		{name: "OKAdjustableMaximum999999", edit: func(p *CreateSessionParams) {
			item(p).AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(true), Maximum: ptr(int64(999999))}
		}},
		{name: "ErrAdjustableMaximum1000000", edit: func(p *CreateSessionParams) {
			item(p).AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(true), Maximum: ptr(int64(1000000))}
		}, code: CodeInvalidRequest, param: li + "[adjustable_quantity][maximum]"},
		// Choice: a shopper who can raise the quantity may start at the
		// default minimum of 0.
		{name: "OKAdjustableQuantityZero", edit: func(p *CreateSessionParams) {
			item(p).Quantity = ptr(int64(0))
			item(p).AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(true)}
		}},
		{name: "ErrAdjustableDisabledQuantityZero", edit: func(p *CreateSessionParams) {
			item(p).Quantity = ptr(int64(0))
			item(p).AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(false)}
		}, code: CodeInvalidRequest, param: li + "[quantity]"},

		// price_data
		{name: "ErrCurrencyMissing", edit: func(p *CreateSessionParams) { pd(p).Currency = nil },
			code: CodeParameterMissing, param: pp + "[currency]"},
		{name: "ErrCurrencyUnsupported", edit: func(p *CreateSessionParams) { pd(p).Currency = ptr("zzz") },
			code: CodeInvalidRequest, param: pp + "[currency]"},
		{name: "ErrCurrencyFourLetters", edit: func(p *CreateSessionParams) { pd(p).Currency = ptr("usdx") },
			code: CodeInvalidRequest, param: pp + "[currency]"},
		{name: "OKCurrencyZeroDecimal", edit: func(p *CreateSessionParams) { pd(p).Currency = ptr("jpy") }},
		{name: "ErrRecurringInPaymentMode", edit: func(p *CreateSessionParams) {
			pd(p).Recurring = &RecurringParams{Interval: ptr("month")}
		}, code: CodeInvalidRequest, param: pp + "[recurring]",
			msg: "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices."},
		{name: "ErrUnitAmountAndDecimal", edit: func(p *CreateSessionParams) { pd(p).UnitAmountDecimal = ptr("12.5") },
			code: CodeParametersExclusive, param: pp + "[unit_amount]",
			msg: "You may only specify one of these parameters: line_items[0][price_data][unit_amount], line_items[0][price_data][unit_amount_decimal]."},
		{name: "ErrNeitherUnitAmountNorDecimal", edit: func(p *CreateSessionParams) { pd(p).UnitAmount = nil },
			code: CodeParameterMissing, param: pp + "[unit_amount]"},
		{name: "OKUnitAmountZero", edit: func(p *CreateSessionParams) { pd(p).UnitAmount = ptr(int64(0)) }},
		{name: "OKUnitAmount99999999", edit: func(p *CreateSessionParams) { pd(p).UnitAmount = ptr(int64(99999999)) }},
		{name: "ErrUnitAmountNegative", edit: func(p *CreateSessionParams) { pd(p).UnitAmount = ptr(int64(-1)) },
			code: CodeAmountTooSmall, param: pp + "[unit_amount]", msg: "This value must be greater than or equal to 0."},
		{name: "ErrUnitAmount100000000", edit: func(p *CreateSessionParams) { pd(p).UnitAmount = ptr(int64(100000000)) },
			code: CodeAmountTooLarge, param: pp + "[unit_amount]", msg: "This value must be less than or equal to 99999999."},
		{name: "ErrUnitAmountThreeDecimalNotMultipleOf10", edit: func(p *CreateSessionParams) {
			pd(p).Currency, pd(p).UnitAmount = ptr("kwd"), ptr(int64(1235))
		}, code: CodeInvalidRequest, param: pp + "[unit_amount]"},
		{name: "OKUnitAmountDecimal", edit: func(p *CreateSessionParams) {
			pd(p).UnitAmount, pd(p).UnitAmountDecimal = nil, ptr("12.5")
		}},
		{name: "OKUnitAmountDecimal12Places", edit: func(p *CreateSessionParams) {
			pd(p).UnitAmount, pd(p).UnitAmountDecimal = nil, ptr("0.123456789012")
		}},
		{name: "ErrUnitAmountDecimal13Places", edit: func(p *CreateSessionParams) {
			pd(p).UnitAmount, pd(p).UnitAmountDecimal = nil, ptr("0.1234567890123")
		}, code: CodeInvalidRequest, param: pp + "[unit_amount_decimal]"},
		{name: "ErrUnitAmountDecimalExponent", edit: func(p *CreateSessionParams) {
			pd(p).UnitAmount, pd(p).UnitAmountDecimal = nil, ptr("1e3")
		}, code: CodeInvalidRequest, param: pp + "[unit_amount_decimal]"},
		{name: "ErrUnitAmountDecimalNegative", edit: func(p *CreateSessionParams) {
			pd(p).UnitAmount, pd(p).UnitAmountDecimal = nil, ptr("-1.5")
		}, code: CodeAmountTooSmall, param: pp + "[unit_amount_decimal]"},
		{name: "ErrTaxBehaviorInvalid", edit: func(p *CreateSessionParams) { pd(p).TaxBehavior = ptr("included") },
			code: CodeInvalidRequest, param: pp + "[tax_behavior]"},
		{name: "OKTaxBehavior", edit: func(p *CreateSessionParams) { pd(p).TaxBehavior = ptr("inclusive") }},

		// product / product_data
		{name: "OKProduct", edit: func(p *CreateSessionParams) { pd(p).Product, pd(p).ProductData = ptr("prod_123"), nil }},
		{name: "ErrProductAndProductData", edit: func(p *CreateSessionParams) { pd(p).Product = ptr("prod_123") },
			code: CodeParametersExclusive, param: pp + "[product]",
			msg: "You may only specify one of these parameters: line_items[0][price_data][product], line_items[0][price_data][product_data]."},
		{name: "ErrNeitherProductNorProductData", edit: func(p *CreateSessionParams) { pd(p).ProductData = nil },
			code: CodeParameterMissing, param: pp + "[product_data]"},
		{name: "ErrProductDataNameMissing", edit: func(p *CreateSessionParams) { pd(p).ProductData.Name = nil },
			code: CodeParameterMissing, param: pp + "[product_data][name]"},
		{name: "OKProductData8Images", edit: func(p *CreateSessionParams) {
			pd(p).ProductData.Images = slices.Repeat([]string{"https://img.example/a.png"}, 8)
		}},
		{name: "ErrProductData9Images", edit: func(p *CreateSessionParams) {
			pd(p).ProductData.Images = slices.Repeat([]string{"https://img.example/a.png"}, 9)
		}, code: CodeInvalidRequest, param: pp + "[product_data][images]"},
		{name: "ErrProductDataBadImage", edit: func(p *CreateSessionParams) {
			pd(p).ProductData.Images = []string{"https://img.example/a.png", "javascript:alert(1)"}
		}, code: CodeURLInvalid, param: pp + "[product_data][images][1]"},
		{name: "ErrProductDataDescriptionTooLong", edit: func(p *CreateSessionParams) {
			pd(p).ProductData.Description = ptr(strings.Repeat("d", 40001))
		}, code: CodeInvalidRequest, param: pp + "[product_data][description]"},
		{name: "ErrProductDataUnitLabelTooLong", edit: func(p *CreateSessionParams) {
			pd(p).ProductData.UnitLabel = ptr(strings.Repeat("u", 13))
		}, code: CodeInvalidRequest, param: pp + "[product_data][unit_label]"},
		{name: "ErrProductDataMetadataKeyTooLong", edit: func(p *CreateSessionParams) {
			pd(p).ProductData.Metadata = map[string]string{strings.Repeat("k", 41): "v"}
		}, code: CodeInvalidRequest, param: pp + "[product_data][metadata][" + strings.Repeat("k", 41) + "]"},
	})
}

func TestCheckCreateSessionCustomer(t *testing.T) {
	runCreateCases(t, []createCase{
		{name: "OKCustomer", edit: func(p *CreateSessionParams) { p.Customer = ptr("cus_123") }},
		{name: "OKCustomerEmail", edit: func(p *CreateSessionParams) { p.CustomerEmail = ptr("jane@example.com") }},
		{name: "ErrCustomerAndCustomerEmail", edit: func(p *CreateSessionParams) {
			p.Customer, p.CustomerEmail = ptr("cus_123"), ptr("jane@example.com")
		}, code: CodeParametersExclusive, param: "customer",
			msg: "You may only specify one of these parameters: customer, customer_email."},
		{name: "ErrCustomerAndCustomerCreation", edit: func(p *CreateSessionParams) {
			p.Customer, p.CustomerCreation = ptr("cus_123"), ptr("always")
		}, code: CodeParametersExclusive, param: "customer",
			msg: "You may only specify one of these parameters: customer, customer_creation."},
		{name: "ErrCustomerEmailInvalid", edit: func(p *CreateSessionParams) { p.CustomerEmail = ptr("not-an-email") },
			code: "email_invalid", param: "customer_email", msg: "Invalid email address: not-an-email"},
		{name: "ErrCustomerEmailWithName", edit: func(p *CreateSessionParams) { p.CustomerEmail = ptr("Jane <jane@example.com>") },
			code: "email_invalid", param: "customer_email"},
		{name: "ErrCustomerEmailSpaces", edit: func(p *CreateSessionParams) { p.CustomerEmail = ptr(" jane@example.com") },
			code: "email_invalid", param: "customer_email"},
		{name: "ErrCustomerTooLong", edit: func(p *CreateSessionParams) { p.Customer = ptr("cus_" + strings.Repeat("x", 4997)) },
			code: CodeInvalidRequest, param: "customer"},
		{name: "OKCustomerCreationAlways", edit: func(p *CreateSessionParams) { p.CustomerCreation = ptr("always") }},
		{name: "OKCustomerCreationIfRequired", edit: func(p *CreateSessionParams) { p.CustomerCreation = ptr("if_required") }},
		{name: "ErrCustomerCreationInvalid", edit: func(p *CreateSessionParams) { p.CustomerCreation = ptr("never") },
			code: CodeInvalidRequest, param: "customer_creation", msg: "Invalid customer_creation: must be one of always or if_required"},
	})
}

func TestCheckCreateSessionFields(t *testing.T) {
	runCreateCases(t, []createCase{
		// currency
		{name: "OKCurrency", edit: func(p *CreateSessionParams) { p.Currency = ptr("usd") }},
		{name: "ErrCurrencyUnsupported", edit: func(p *CreateSessionParams) { p.Currency = ptr("usdx") },
			code: CodeInvalidRequest, param: "currency"},
		{name: "ErrCurrencyUnknown", edit: func(p *CreateSessionParams) { p.Currency = ptr("ZZZ") },
			code: CodeInvalidRequest, param: "currency"},

		// expires_at, relative to the creation time
		{name: "ErrExpiresAtPast", edit: func(p *CreateSessionParams) { p.ExpiresAt = ptr(testNow - 1) },
			code: CodeInvalidRequest, param: "expires_at"},
		{name: "ErrExpiresAt10Minutes", edit: func(p *CreateSessionParams) { p.ExpiresAt = ptr(testNow + 10*60) },
			code: CodeInvalidRequest, param: "expires_at"},
		{name: "ErrExpiresAt29Minutes", edit: func(p *CreateSessionParams) { p.ExpiresAt = ptr(testNow + 29*60) },
			code: CodeInvalidRequest, param: "expires_at",
			msg: "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation."},
		{name: "ErrExpiresAt30MinutesMinus1s", edit: func(p *CreateSessionParams) { p.ExpiresAt = ptr(testNow + 30*60 - 1) },
			code: CodeInvalidRequest, param: "expires_at"},
		{name: "OKExpiresAt30Minutes", edit: func(p *CreateSessionParams) { p.ExpiresAt = ptr(testNow + 30*60) }},
		{name: "OKExpiresAt24Hours", edit: func(p *CreateSessionParams) { p.ExpiresAt = ptr(testNow + 24*3600) }},
		{name: "ErrExpiresAt24HoursPlus1s", edit: func(p *CreateSessionParams) { p.ExpiresAt = ptr(testNow + 24*3600 + 1) },
			code: CodeInvalidRequest, param: "expires_at",
			msg: "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation."},
		{name: "ErrExpiresAt25Hours", edit: func(p *CreateSessionParams) { p.ExpiresAt = ptr(testNow + 25*3600) },
			code: CodeInvalidRequest, param: "expires_at"},

		// phone_number_collection
		{name: "OKPhoneNumberCollection", edit: func(p *CreateSessionParams) {
			p.PhoneNumberCollection = &PhoneNumberCollection{Enabled: ptr(false)}
		}},
		{name: "ErrPhoneNumberCollectionWithoutEnabled", edit: func(p *CreateSessionParams) {
			p.PhoneNumberCollection = &PhoneNumberCollection{}
		}, code: CodeParameterMissing, param: "phone_number_collection[enabled]"},

		// payment_method_types
		{name: "OKPaymentMethodTypesCard", edit: func(p *CreateSessionParams) { p.PaymentMethodTypes = []string{"card"} }},
		{name: "ErrPaymentMethodTypesPayPal", edit: func(p *CreateSessionParams) { p.PaymentMethodTypes = []string{"card", "paypal"} },
			code: CodeInvalidRequest, param: "payment_method_types[1]"},
		{name: "ErrPaymentMethodTypesUnknown", edit: func(p *CreateSessionParams) { p.PaymentMethodTypes = []string{"cash"} },
			code: CodeInvalidRequest, param: "payment_method_types[0]"},

		// enums
		{name: "OKBillingAddressCollectionAuto", edit: func(p *CreateSessionParams) { p.BillingAddressCollection = ptr("auto") }},
		{name: "OKBillingAddressCollectionRequired", edit: func(p *CreateSessionParams) { p.BillingAddressCollection = ptr("required") }},
		{name: "ErrBillingAddressCollectionInvalid", edit: func(p *CreateSessionParams) { p.BillingAddressCollection = ptr("always") },
			code: CodeInvalidRequest, param: "billing_address_collection",
			msg: "Invalid billing_address_collection: must be one of auto or required"},
		{name: "ErrLocaleArabic", edit: func(p *CreateSessionParams) { p.Locale = ptr("ar") },
			code: CodeInvalidRequest, param: "locale"},
		{name: "ErrLocaleNorwegianNo", edit: func(p *CreateSessionParams) { p.Locale = ptr("no") },
			code: CodeInvalidRequest, param: "locale"},
		{name: "ErrLocaleCase", edit: func(p *CreateSessionParams) { p.Locale = ptr("en-gb") },
			code: CodeInvalidRequest, param: "locale"},
		{name: "OKSubmitTypeAuto", edit: func(p *CreateSessionParams) { p.SubmitType = ptr("auto") }},
		{name: "OKSubmitTypeBook", edit: func(p *CreateSessionParams) { p.SubmitType = ptr("book") }},
		{name: "OKSubmitTypeDonate", edit: func(p *CreateSessionParams) { p.SubmitType = ptr("donate") }},
		{name: "OKSubmitTypePay", edit: func(p *CreateSessionParams) { p.SubmitType = ptr("pay") }},
		{name: "ErrSubmitTypeInvalid", edit: func(p *CreateSessionParams) { p.SubmitType = ptr("buy") },
			code: CodeInvalidRequest, param: "submit_type"},

		// client_reference_id, counted in characters
		{name: "OKClientReferenceID200", edit: func(p *CreateSessionParams) { p.ClientReferenceID = ptr(strings.Repeat("r", 200)) }},
		{name: "OKClientReferenceID200Runes", edit: func(p *CreateSessionParams) { p.ClientReferenceID = ptr(strings.Repeat("é", 200)) }},
		{name: "ErrClientReferenceID201", edit: func(p *CreateSessionParams) { p.ClientReferenceID = ptr(strings.Repeat("r", 201)) },
			code: CodeInvalidRequest, param: "client_reference_id"},

		// metadata
		{name: "OKMetadata50Keys", edit: func(p *CreateSessionParams) { p.Metadata = keys(50) }},
		{name: "ErrMetadata51Keys", edit: func(p *CreateSessionParams) { p.Metadata = keys(51) },
			code: CodeInvalidRequest, param: "metadata", msg: "Metadata can have up to 50 keys, but you've set 51."},
		{name: "OKMetadataKey40", edit: func(p *CreateSessionParams) { p.Metadata = map[string]string{strings.Repeat("k", 40): "v"} }},
		{name: "ErrMetadataKey41", edit: func(p *CreateSessionParams) { p.Metadata = map[string]string{strings.Repeat("k", 41): "v"} },
			code: CodeInvalidRequest, param: "metadata[" + strings.Repeat("k", 41) + "]"},
		{name: "OKMetadataValue500", edit: func(p *CreateSessionParams) { p.Metadata = map[string]string{"k": strings.Repeat("v", 500)} }},
		{name: "ErrMetadataValue501", edit: func(p *CreateSessionParams) { p.Metadata = map[string]string{"k": strings.Repeat("v", 501)} },
			code: CodeInvalidRequest, param: "metadata[k]"},
		{name: "OKMetadataEmptyValue", edit: func(p *CreateSessionParams) { p.Metadata = map[string]string{"k": ""} }},
	})
}

// TestCheckCreateSessionLocales accepts every locale of Stripe's list.
func TestCheckCreateSessionLocales(t *testing.T) {
	want := "auto,bg,cs,da,de,el,en,en-GB,es,es-419,et,fi,fil,fr,fr-CA,hr,hu,id,it,ja,ko,lt,lv,ms,mt,nb,nl,pl,pt,pt-BR,ro,ru,sk,sl,sv,th,tr,vi,zh,zh-HK,zh-TW"
	if got := strings.Join(Locales, ","); got != want {
		t.Errorf("Locales = %s, want %s", got, want)
	}
	for _, l := range strings.Split(want, ",") {
		t.Run(l, func(t *testing.T) {
			p := validParams()
			p.Locale = ptr(l)
			if err := CheckCreateSession(p, basilVersion, testNow); err != nil {
				t.Fatalf("err = %v, want nil", err)
			}
		})
	}
}

func TestCheckCreateSessionPaymentIntentData(t *testing.T) {
	const pi = "payment_intent_data"
	withPI := func(edit func(d *PaymentIntentDataParams)) func(p *CreateSessionParams) {
		return func(p *CreateSessionParams) {
			p.PaymentIntentData = &PaymentIntentDataParams{}
			edit(p.PaymentIntentData)
		}
	}
	shipping := func(name, line1 *string) *Shipping {
		return &Shipping{Name: name, Address: Address{Line1: line1, City: ptr("Berlin"), Country: ptr("DE")}}
	}
	tests := []createCase{
		{name: "OKEmpty", edit: withPI(func(d *PaymentIntentDataParams) {})},
		{name: "ErrCaptureMethodInvalid", edit: withPI(func(d *PaymentIntentDataParams) { d.CaptureMethod = ptr("later") }),
			code: CodeInvalidRequest, param: pi + "[capture_method]",
			msg: "Invalid payment_intent_data[capture_method]: must be one of automatic, automatic_async, or manual"},
		{name: "ErrSetupFutureUsageInvalid", edit: withPI(func(d *PaymentIntentDataParams) { d.SetupFutureUsage = ptr("always") }),
			code: CodeInvalidRequest, param: pi + "[setup_future_usage]"},
		{name: "OKDescription1000", edit: withPI(func(d *PaymentIntentDataParams) { d.Description = ptr(strings.Repeat("d", 1000)) })},
		{name: "ErrDescription1001", edit: withPI(func(d *PaymentIntentDataParams) { d.Description = ptr(strings.Repeat("d", 1001)) }),
			code: CodeInvalidRequest, param: pi + "[description]"},
		{name: "OKStatementDescriptor22", edit: withPI(func(d *PaymentIntentDataParams) { d.StatementDescriptor = ptr(strings.Repeat("S", 22)) })},
		{name: "ErrStatementDescriptor23", edit: withPI(func(d *PaymentIntentDataParams) { d.StatementDescriptor = ptr(strings.Repeat("S", 23)) }),
			code: CodeInvalidRequest, param: pi + "[statement_descriptor]"},
		{name: "OKStatementDescriptorSuffix22", edit: withPI(func(d *PaymentIntentDataParams) {
			d.StatementDescriptorSuffix = ptr(strings.Repeat("S", 22))
		})},
		{name: "ErrStatementDescriptorSuffix23", edit: withPI(func(d *PaymentIntentDataParams) {
			d.StatementDescriptorSuffix = ptr(strings.Repeat("S", 23))
		}), code: CodeInvalidRequest, param: pi + "[statement_descriptor_suffix]"},
		{name: "OKReceiptEmail", edit: withPI(func(d *PaymentIntentDataParams) { d.ReceiptEmail = ptr("jane@example.com") })},
		{name: "ErrReceiptEmailInvalid", edit: withPI(func(d *PaymentIntentDataParams) { d.ReceiptEmail = ptr("jane@") }),
			code: "email_invalid", param: pi + "[receipt_email]"},
		{name: "ErrMetadata51Keys", edit: withPI(func(d *PaymentIntentDataParams) { d.Metadata = keys(51) }),
			code: CodeInvalidRequest, param: pi + "[metadata]"},
		{name: "OKShipping", edit: withPI(func(d *PaymentIntentDataParams) { d.Shipping = shipping(ptr("Jane"), ptr("Main St 1")) })},
		{name: "ErrShippingWithoutName", edit: withPI(func(d *PaymentIntentDataParams) { d.Shipping = shipping(nil, ptr("Main St 1")) }),
			code: CodeParameterMissing, param: pi + "[shipping][name]"},
		{name: "ErrShippingWithoutLine1", edit: withPI(func(d *PaymentIntentDataParams) { d.Shipping = shipping(ptr("Jane"), nil) }),
			code: CodeParameterMissing, param: pi + "[shipping][address][line1]"},
	}
	for _, v := range []string{"automatic", "automatic_async", "manual"} {
		tests = append(tests, createCase{name: "OKCaptureMethod_" + v,
			edit: withPI(func(d *PaymentIntentDataParams) { d.CaptureMethod = ptr(v) })})
	}
	for _, v := range []string{"on_session", "off_session"} {
		tests = append(tests, createCase{name: "OKSetupFutureUsage_" + v,
			edit: withPI(func(d *PaymentIntentDataParams) { d.SetupFutureUsage = ptr(v) })})
	}
	runCreateCases(t, tests)
}

// fakeLookup is a Lookup over in-memory maps, answering NotFound for
// unknown IDs as the interface asks.
type fakeLookup struct {
	prices    map[string]*Price
	products  map[string]*Product
	customers map[string]*Customer
	coupons   map[string]*Coupon
	codes     map[string]*PromotionCode
	termsURL  *string
}

func (l *fakeLookup) TermsURL() (*string, error)           { return l.termsURL, nil }
func (l *fakeLookup) CustomerHasPaid(string) (bool, error) { return false, nil }

func (l *fakeLookup) TaxRate(id string) (*TaxRate, error) {
	return nil, NotFound("tax_rate", id, "tax_rate")
}

func (l *fakeLookup) ShippingRate(id string) (*ShippingRate, error) {
	return nil, NotFound("shipping_rate", id, "shipping_rate")
}

func (l *fakeLookup) Coupon(id string) (*Coupon, error) {
	if c, ok := l.coupons[id]; ok {
		return c, nil
	}
	return nil, NotFound("coupon", id, "coupon")
}

func (l *fakeLookup) PromotionCode(id string) (*PromotionCode, error) {
	if c, ok := l.codes[id]; ok {
		return c, nil
	}
	return nil, NotFound("promotion_code", id, "promotion_code")
}

func (l *fakeLookup) Price(id string) (*Price, error) {
	if p, ok := l.prices[id]; ok {
		return p, nil
	}
	return nil, NotFound("price", id, "price")
}

func (l *fakeLookup) Product(id string) (*Product, error) {
	if p, ok := l.products[id]; ok {
		return p, nil
	}
	return nil, NotFound("product", id, "product")
}

func (l *fakeLookup) Customer(id string) (*Customer, error) {
	if c, ok := l.customers[id]; ok {
		return c, nil
	}
	return nil, NotFound("customer", id, "customer")
}

// newCatalog returns a lookup holding a small account: a T-shirt product
// with an active and an inactive usd price, a eur price, a decimal price
// and a customer.
func newCatalog() *fakeLookup {
	price := func(id, currency string, amount int64, active bool) *Price {
		return &Price{ID: id, AccountID: testCaller.AccountID, ProductID: "prod_shirt", Active: active,
			Currency: currency, UnitAmount: ptr(amount), UnitAmountDecimal: "", Metadata: map[string]string{}}
	}
	return &fakeLookup{
		products: map[string]*Product{
			"prod_shirt": {ID: "prod_shirt", AccountID: testCaller.AccountID, Active: true, Name: "T-shirt"},
		},
		prices: map[string]*Price{
			"price_shirt": price("price_shirt", "usd", 2000, true),
			"price_old":   price("price_old", "usd", 1500, false),
			"price_eur":   price("price_eur", "eur", 1800, true),
			"price_dec": {ID: "price_dec", AccountID: testCaller.AccountID, ProductID: "prod_shirt", Active: true,
				Currency: "usd", UnitAmountDecimal: "12.5"},
		},
		customers: map[string]*Customer{
			"cus_jane": {ID: "cus_jane", AccountID: testCaller.AccountID, Email: ptr("jane@example.com")},
		},
	}
}

func priceItem(id string, quantity int64) LineItemParams {
	return LineItemParams{Price: ptr(id), Quantity: ptr(quantity)}
}

// plan checks p as the handler does, then plans it; the checks are the
// premise of every PlanSession test.
func plan(t *testing.T, p *CreateSessionParams, version string, lookup Lookup) (*SessionPlan, error) {
	t.Helper()
	if err := CheckCreateSession(p, version, testNow); err != nil {
		t.Fatalf("CheckCreateSession: %v", err)
	}
	return PlanSession(p, testCaller, version, testNow, lookup)
}

func mustPlan(t *testing.T, p *CreateSessionParams, version string) *SessionPlan {
	t.Helper()
	pl, err := plan(t, p, version, newCatalog())
	if err != nil {
		t.Fatalf("PlanSession: %v", err)
	}
	return pl
}

func TestPlanSessionTotals(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p := validParams()
		dec := inlineItem("usd", 0, 3)
		dec.PriceData.UnitAmount, dec.PriceData.UnitAmountDecimal = nil, ptr("12.5")
		sticker := inlineItem("usd", 550, 1)
		sticker.PriceData.ProductData.Name = ptr("Sticker")
		p.LineItems = []LineItemParams{priceItem("price_shirt", 2), sticker, dec, priceItem("price_dec", 1)}
		s := mustPlan(t, p, basilVersion).Session

		// 2000×2 + 550×1 + round(12.5×3 = 37.5) + round(12.5×1 = 12.5).
		if got, want := s.AmountSubtotal, int64(4000+550+38+13); got != want {
			t.Errorf("AmountSubtotal = %d, want %d", got, want)
		}
		if got, want := s.AmountTotal, s.AmountSubtotal; got != want {
			t.Errorf("AmountTotal = %d, want %d", got, want)
		}
		if got, want := s.Currency, "usd"; got != want {
			t.Errorf("Currency = %q, want %q", got, want)
		}
		wantLines := []struct {
			amount      int64
			quantity    int64
			description string
		}{{4000, 2, "T-shirt"}, {550, 1, "Sticker"}, {38, 3, "T-shirt"}, {13, 1, "T-shirt"}}
		if got, want := len(s.LineItems), len(wantLines); got != want {
			t.Fatalf("len(LineItems) = %d, want %d", got, want)
		}
		for i, w := range wantLines {
			li := s.LineItems[i]
			if li.AmountSubtotal != w.amount || li.AmountTotal != w.amount || li.Quantity != w.quantity {
				t.Errorf("line %d = {subtotal %d, total %d, quantity %d}, want {%d, %d, %d}",
					i, li.AmountSubtotal, li.AmountTotal, li.Quantity, w.amount, w.amount, w.quantity)
			}
			if li.Description == nil || *li.Description != w.description {
				t.Errorf("line %d description = %v, want %q", i, li.Description, w.description)
			}
			if li.Position != i || li.SessionID != s.ID || li.Currency != "usd" || !strings.HasPrefix(li.ID, "li_") {
				t.Errorf("line %d = {position %d, session %q, currency %q, id %q}, want {%d, %q, usd, li_…}",
					i, li.Position, li.SessionID, li.Currency, li.ID, i, s.ID)
			}
		}
	})
	t.Run("OKUnitAmountDecimalRoundsHalfUp", func(t *testing.T) {
		p := validParams()
		p.LineItems[0].Quantity = ptr(int64(3))
		p.LineItems[0].PriceData.UnitAmount, p.LineItems[0].PriceData.UnitAmountDecimal = nil, ptr("12.5")
		// A second line lifts the total over usd's minimum charge.
		p.LineItems = append(p.LineItems, inlineItem("usd", 1000, 1))
		pl := mustPlan(t, p, basilVersion)
		if got, want := pl.Session.LineItems[0].AmountTotal, int64(38); got != want {
			t.Errorf("line AmountTotal = %d, want %d (37.5 rounded half-up)", got, want)
		}
		if got, want := pl.Session.AmountTotal, int64(1038); got != want {
			t.Errorf("AmountTotal = %d, want %d", got, want)
		}
		price := pl.NewPrices[0]
		if price.UnitAmount != nil {
			t.Errorf("UnitAmount = %d, want nil for a fractional decimal", *price.UnitAmount)
		}
		if got, want := price.UnitAmountDecimal, "12.5"; got != want {
			t.Errorf("UnitAmountDecimal = %q, want %q", got, want)
		}
	})
	t.Run("OKUnitAmountDecimalWholeFillsUnitAmount", func(t *testing.T) {
		p := validParams()
		p.LineItems[0].PriceData.UnitAmount, p.LineItems[0].PriceData.UnitAmountDecimal = nil, ptr("1200.000")
		pl := mustPlan(t, p, basilVersion)
		price := pl.NewPrices[0]
		if price.UnitAmount == nil || *price.UnitAmount != 1200 {
			t.Errorf("UnitAmount = %v, want 1200", price.UnitAmount)
		}
		if got, want := price.UnitAmountDecimal, "1200"; got != want {
			t.Errorf("UnitAmountDecimal = %q, want %q", got, want)
		}
		if got, want := pl.Session.AmountTotal, int64(1200); got != want {
			t.Errorf("AmountTotal = %d, want %d", got, want)
		}
	})
	t.Run("OKUnitAmountFillsDecimal", func(t *testing.T) {
		price := mustPlan(t, validParams(), basilVersion).NewPrices[0]
		if got, want := price.UnitAmountDecimal, "2000"; got != want {
			t.Errorf("UnitAmountDecimal = %q, want %q", got, want)
		}
	})
	t.Run("OKZeroTotal", func(t *testing.T) {
		p := validParams()
		p.LineItems[0].PriceData.UnitAmount = ptr(int64(0))
		if got, want := mustPlan(t, p, basilVersion).Session.AmountTotal, int64(0); got != want {
			t.Errorf("AmountTotal = %d, want %d", got, want)
		}
	})
	t.Run("OKMinimumCharge", func(t *testing.T) {
		p := validParams()
		p.LineItems[0].PriceData.UnitAmount = ptr(int64(50))
		mustPlan(t, p, basilVersion)
	})
	t.Run("OKMaximumTotal", func(t *testing.T) {
		p := validParams()
		p.LineItems = []LineItemParams{inlineItem("usd", 99999998, 1), inlineItem("usd", 1, 1)}
		if got, want := mustPlan(t, p, basilVersion).Session.AmountTotal, int64(99999999); got != want {
			t.Errorf("AmountTotal = %d, want %d", got, want)
		}
	})
	t.Run("OKCurrencyMatches", func(t *testing.T) {
		p := validParams()
		p.Currency = ptr("usd")
		mustPlan(t, p, basilVersion)
	})
}

func TestPlanSessionErrors(t *testing.T) {
	tests := []struct {
		name        string
		edit        func(p *CreateSessionParams)
		code, param string
		msg         string
	}{
		{name: "ErrMinimumCharge", edit: func(p *CreateSessionParams) { p.LineItems[0].PriceData.UnitAmount = ptr(int64(49)) },
			code: CodeAmountTooSmall, param: "",
			msg: "The Checkout Session's total amount due must add up to at least $0.50 usd"},
		{name: "ErrMinimumChargeAcrossLines", edit: func(p *CreateSessionParams) {
			p.LineItems = []LineItemParams{inlineItem("usd", 20, 1), inlineItem("usd", 29, 1)}
		}, code: CodeAmountTooSmall, param: ""},
		{name: "ErrTotalOver99999999", edit: func(p *CreateSessionParams) {
			p.LineItems = []LineItemParams{inlineItem("usd", 60000000, 1), inlineItem("usd", 40000000, 1)}
		}, code: CodeAmountTooLarge, param: "line_items"},
		{name: "ErrLineOver99999999", edit: func(p *CreateSessionParams) {
			p.LineItems = []LineItemParams{inlineItem("usd", 99999999, 2)}
		}, code: CodeAmountTooLarge, param: "line_items[0]"},
		{name: "ErrMixedCurrencies", edit: func(p *CreateSessionParams) {
			p.LineItems = []LineItemParams{priceItem("price_shirt", 1), priceItem("price_eur", 1)}
		}, code: CodeInvalidRequest, param: "line_items[1]"},
		{name: "ErrMixedInlineCurrencies", edit: func(p *CreateSessionParams) {
			p.LineItems = append(p.LineItems, inlineItem("eur", 2000, 1))
		}, code: CodeInvalidRequest, param: "line_items[1]"},
		{name: "ErrCurrencyMismatch", edit: func(p *CreateSessionParams) { p.Currency = ptr("eur") },
			code: CodeInvalidRequest, param: "currency"},
		{name: "ErrInactivePrice", edit: func(p *CreateSessionParams) { p.LineItems[0] = priceItem("price_old", 1) },
			code: CodeInvalidRequest, param: "line_items[0][price]",
			msg: "The price specified is inactive. This field only accepts active prices."},
		{name: "ErrUnknownPrice", edit: func(p *CreateSessionParams) { p.LineItems[0] = priceItem("price_nope", 1) },
			code: CodeResourceMissing, param: "line_items[0][price]", msg: "No such price: 'price_nope'"},
		{name: "ErrUnknownPriceSecondLine", edit: func(p *CreateSessionParams) {
			p.LineItems = append(p.LineItems, priceItem("price_nope", 1))
		}, code: CodeResourceMissing, param: "line_items[1][price]"},
		{name: "ErrUnknownProduct", edit: func(p *CreateSessionParams) {
			p.LineItems[0].PriceData.ProductData, p.LineItems[0].PriceData.Product = nil, ptr("prod_nope")
		}, code: CodeResourceMissing, param: "line_items[0][price_data][product]", msg: "No such product: 'prod_nope'"},
		{name: "ErrUnknownCustomer", edit: func(p *CreateSessionParams) { p.Customer = ptr("cus_nope") },
			code: CodeResourceMissing, param: "customer", msg: "No such customer: 'cus_nope'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validParams()
			tt.edit(p)
			pl, err := plan(t, p, basilVersion, newCatalog())
			wantErr(t, err, tt.code, tt.param, tt.msg)
			if pl != nil {
				t.Errorf("plan = %+v, want nil with an error", pl)
			}
		})
	}
}

func TestPlanSessionFields(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p := validParams()
		p.CancelURL = ptr("https://shop.example/cart")
		p.ClientReferenceID = ptr("order-42")
		p.CustomerEmail = ptr("jane@example.com")
		p.BillingAddressCollection = ptr("required")
		p.Locale = ptr("de")
		p.SubmitType = ptr("donate")
		p.PhoneNumberCollection = &PhoneNumberCollection{Enabled: ptr(true)}
		p.PaymentIntentData = &PaymentIntentDataParams{Description: ptr("Order 42")}
		p.Metadata = map[string]string{"order": "42", "gone": ""}
		s := mustPlan(t, p, basilVersion).Session

		if !strings.HasPrefix(s.ID, "cs_test_a1") || len(s.ID) != 66 {
			t.Errorf("ID = %q, want cs_test_a1… of 66 characters", s.ID)
		}
		if s.AccountID != testCaller.AccountID || s.Livemode {
			t.Errorf("account = {%q, livemode %v}, want {%q, false}", s.AccountID, s.Livemode, testCaller.AccountID)
		}
		if s.Status != SessionOpen || s.PaymentStatus != PaymentUnpaid || s.Mode != "payment" || s.UIMode != UIModeHosted {
			t.Errorf("state = {%s %s %s %s}, want {open unpaid payment hosted}", s.Status, s.PaymentStatus, s.Mode, s.UIMode)
		}
		if got, want := s.Created, testNow; got != want {
			t.Errorf("Created = %d, want %d", got, want)
		}
		if got, want := s.ExpiresAt, testNow+24*3600; got != want {
			t.Errorf("ExpiresAt = %d, want %d (default 24 h)", got, want)
		}
		if s.CustomerCreation == nil || *s.CustomerCreation != "if_required" {
			t.Errorf("CustomerCreation = %v, want if_required (the payment-mode default)", s.CustomerCreation)
		}
		if s.CustomerID != nil {
			t.Errorf("CustomerID = %q, want nil", *s.CustomerID)
		}
		if s.RedirectOnCompletion != nil {
			t.Errorf("RedirectOnCompletion = %q, want nil for hosted", *s.RedirectOnCompletion)
		}
		for _, f := range []struct {
			name      string
			got, want *string
		}{
			{"SuccessURL", s.SuccessURL, p.SuccessURL}, {"CancelURL", s.CancelURL, p.CancelURL},
			{"ClientReferenceID", s.ClientReferenceID, p.ClientReferenceID}, {"CustomerEmail", s.CustomerEmail, p.CustomerEmail},
			{"BillingAddressCollection", s.BillingAddressCollection, p.BillingAddressCollection},
			{"Locale", s.Locale, p.Locale}, {"SubmitType", s.SubmitType, p.SubmitType},
		} {
			if f.got == nil || *f.got != *f.want {
				t.Errorf("%s = %v, want %q", f.name, f.got, *f.want)
			}
		}
		if s.ReturnURL != nil {
			t.Errorf("ReturnURL = %q, want nil", *s.ReturnURL)
		}
		if !s.PhoneNumberCollection {
			t.Error("PhoneNumberCollection = false, want true")
		}
		if got, want := strings.Join(s.PaymentMethodTypes, ","), "card"; got != want {
			t.Errorf("PaymentMethodTypes = %s, want %s", got, want)
		}
		if s.PaymentIntentData != p.PaymentIntentData {
			t.Errorf("PaymentIntentData = %+v, want the request's", s.PaymentIntentData)
		}
		if got, want := len(s.Metadata), 1; got != want || s.Metadata["order"] != "42" {
			t.Errorf("Metadata = %v, want map[order:42] (empty values dropped)", s.Metadata)
		}
	})
	t.Run("OKMetadataNeverNil", func(t *testing.T) {
		if s := mustPlan(t, validParams(), basilVersion).Session; s.Metadata == nil {
			t.Error("Metadata = nil, want an empty map")
		}
	})
	t.Run("OKExpiresAt", func(t *testing.T) {
		p := validParams()
		p.ExpiresAt = ptr(testNow + 3600)
		if got, want := mustPlan(t, p, basilVersion).Session.ExpiresAt, testNow+3600; got != want {
			t.Errorf("ExpiresAt = %d, want %d", got, want)
		}
	})
	t.Run("OKCustomer", func(t *testing.T) {
		p := validParams()
		p.Customer = ptr("cus_jane")
		s := mustPlan(t, p, basilVersion).Session
		if s.CustomerID == nil || *s.CustomerID != "cus_jane" {
			t.Errorf("CustomerID = %v, want cus_jane", s.CustomerID)
		}
		if s.CustomerEmail == nil || *s.CustomerEmail != "jane@example.com" {
			t.Errorf("CustomerEmail = %v, want the customer's jane@example.com", s.CustomerEmail)
		}
		if s.CustomerCreation != nil {
			t.Errorf("CustomerCreation = %q, want nil with a customer", *s.CustomerCreation)
		}
	})
	t.Run("OKCustomerWithoutEmail", func(t *testing.T) {
		p := validParams()
		p.Customer = ptr("cus_noemail")
		lookup := newCatalog()
		lookup.customers["cus_noemail"] = &Customer{ID: "cus_noemail", AccountID: testCaller.AccountID}
		pl, err := plan(t, p, basilVersion, lookup)
		if err != nil {
			t.Fatalf("PlanSession: %v", err)
		}
		if pl.Session.CustomerEmail != nil {
			t.Errorf("CustomerEmail = %q, want nil", *pl.Session.CustomerEmail)
		}
	})
	t.Run("OKCustomerCreationAlways", func(t *testing.T) {
		p := validParams()
		p.CustomerCreation = ptr("always")
		if s := mustPlan(t, p, basilVersion).Session; s.CustomerCreation == nil || *s.CustomerCreation != "always" {
			t.Errorf("CustomerCreation = %v, want always", s.CustomerCreation)
		}
	})

	redirects := []struct {
		name, version, uiMode string
		redirect              *string
		wantUIMode            string
		wantRedirect          string
	}{
		{"OKEmbeddedDefaultsToAlways", basilVersion, "embedded", nil, UIModeEmbedded, "always"},
		{"OKEmbeddedIfRequired", basilVersion, "embedded", ptr("if_required"), UIModeEmbedded, "if_required"},
		{"OKEmbeddedNever", basilVersion, "embedded", ptr("never"), UIModeEmbedded, "never"},
		{"OKCustomDefaultsToAlways", basilVersion, "custom", nil, UIModeCustom, "always"},
		{"OKEmbeddedPageDahlia", dahliaVersion, "embedded_page", nil, UIModeEmbedded, "always"},
		{"OKElementsDahlia", dahliaVersion, "elements", nil, UIModeCustom, "always"},
		{"OKEmbeddedPageBasil", basilVersion, "embedded_page", nil, UIModeEmbedded, "always"},
	}
	for _, tt := range redirects {
		t.Run(tt.name, func(t *testing.T) {
			p := validParams()
			embedded(p, tt.uiMode)
			p.RedirectOnCompletion = tt.redirect
			if tt.redirect != nil && *tt.redirect == "never" {
				p.ReturnURL = nil
			}
			s := mustPlan(t, p, tt.version).Session
			if got, want := s.UIMode, tt.wantUIMode; got != want {
				t.Errorf("UIMode = %q, want %q (stored in the basil spelling)", got, want)
			}
			if s.RedirectOnCompletion == nil || *s.RedirectOnCompletion != tt.wantRedirect {
				t.Errorf("RedirectOnCompletion = %v, want %q", s.RedirectOnCompletion, tt.wantRedirect)
			}
			if s.SuccessURL != nil {
				t.Errorf("SuccessURL = %q, want nil", *s.SuccessURL)
			}
		})
	}

	t.Run("OKAdjustableQuantity", func(t *testing.T) {
		p := validParams()
		p.LineItems[0].AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(true)}
		p.LineItems = append(p.LineItems, inlineItem("usd", 100, 2))
		p.LineItems[1].AdjustableQuantity = &AdjustableQuantityParams{Enabled: ptr(true), Minimum: ptr(int64(1)), Maximum: ptr(int64(5))}
		s := mustPlan(t, p, basilVersion).Session
		want := []AdjustableQuantity{{Enabled: true, Minimum: 0, Maximum: 99}, {Enabled: true, Minimum: 1, Maximum: 5}}
		for i, w := range want {
			if got := s.LineItems[i].AdjustableQuantity; got == nil || *got != w {
				t.Errorf("line %d AdjustableQuantity = %+v, want %+v", i, got, w)
			}
		}
	})
	t.Run("OKNotAdjustable", func(t *testing.T) {
		if got := mustPlan(t, validParams(), basilVersion).Session.LineItems[0].AdjustableQuantity; got != nil {
			t.Errorf("AdjustableQuantity = %+v, want nil", got)
		}
	})
}

// TestPlanSessionInlineObjects checks what a session's price_data writes.
// Inline prices and products are ad-hoc objects and inactive, which is what
// the reference believes Stripe does (its open point): they cannot be sold
// again from a price ID and do not show among the active catalog.
func TestPlanSessionInlineObjects(t *testing.T) {
	t.Run("OKProductData", func(t *testing.T) {
		p := validParams()
		d := p.LineItems[0].PriceData.ProductData
		d.Description, d.Metadata = ptr("Organic cotton"), map[string]string{"sku": "TS-1", "gone": ""}
		p.LineItems[0].PriceData.TaxBehavior = ptr("exclusive")
		pl := mustPlan(t, p, basilVersion)
		if got, want := len(pl.NewProducts), 1; got != want {
			t.Fatalf("len(NewProducts) = %d, want %d", got, want)
		}
		if got, want := len(pl.NewPrices), 1; got != want {
			t.Fatalf("len(NewPrices) = %d, want %d", got, want)
		}
		prod, price := pl.NewProducts[0], pl.NewPrices[0]
		if prod.Active || price.Active {
			t.Errorf("active = {product %v, price %v}, want both inactive", prod.Active, price.Active)
		}
		if !strings.HasPrefix(prod.ID, "prod_") || !strings.HasPrefix(price.ID, "price_") {
			t.Errorf("IDs = {%q, %q}, want prod_…, price_…", prod.ID, price.ID)
		}
		if prod.Name != "T-shirt" || prod.Description == nil || *prod.Description != "Organic cotton" {
			t.Errorf("product = {%q, %v}, want {T-shirt, Organic cotton}", prod.Name, prod.Description)
		}
		if prod.Images == nil || len(prod.Images) != 0 {
			t.Errorf("Images = %#v, want an empty list", prod.Images)
		}
		if len(prod.Metadata) != 1 || prod.Metadata["sku"] != "TS-1" {
			t.Errorf("product Metadata = %v, want map[sku:TS-1]", prod.Metadata)
		}
		if prod.AccountID != testCaller.AccountID || price.AccountID != testCaller.AccountID {
			t.Errorf("accounts = {%q, %q}, want %q", prod.AccountID, price.AccountID, testCaller.AccountID)
		}
		if price.ProductID != prod.ID || price.Currency != "usd" || price.UnitAmount == nil || *price.UnitAmount != 2000 {
			t.Errorf("price = {product %q, %q, %v}, want {%q, usd, 2000}", price.ProductID, price.Currency, price.UnitAmount, prod.ID)
		}
		if price.TaxBehavior == nil || *price.TaxBehavior != "exclusive" {
			t.Errorf("TaxBehavior = %v, want exclusive", price.TaxBehavior)
		}
		if price.Metadata == nil {
			t.Error("price Metadata = nil, want an empty map")
		}
		if got := pl.Session.LineItems[0].Price; got != price {
			t.Errorf("line item price = %+v, want the new price", got)
		}
	})
	t.Run("OKProductDataImages", func(t *testing.T) {
		p := validParams()
		p.LineItems[0].PriceData.ProductData.Images = []string{"https://img.example/a.png"}
		prod := mustPlan(t, p, basilVersion).NewProducts[0]
		if got, want := strings.Join(prod.Images, ","), "https://img.example/a.png"; got != want {
			t.Errorf("Images = %s, want %s", got, want)
		}
	})
	t.Run("OKExistingProduct", func(t *testing.T) {
		p := validParams()
		p.LineItems[0].PriceData.ProductData, p.LineItems[0].PriceData.Product = nil, ptr("prod_shirt")
		pl := mustPlan(t, p, basilVersion)
		if got := len(pl.NewProducts); got != 0 {
			t.Errorf("len(NewProducts) = %d, want 0", got)
		}
		if got, want := len(pl.NewPrices), 1; got != want {
			t.Fatalf("len(NewPrices) = %d, want %d", got, want)
		}
		if got, want := pl.NewPrices[0].ProductID, "prod_shirt"; got != want {
			t.Errorf("ProductID = %q, want %q", got, want)
		}
		if d := pl.Session.LineItems[0].Description; d == nil || *d != "T-shirt" {
			t.Errorf("Description = %v, want T-shirt", d)
		}
	})
	t.Run("OKPriceID", func(t *testing.T) {
		p := validParams()
		p.LineItems[0] = priceItem("price_shirt", 1)
		lookup := newCatalog()
		pl, err := plan(t, p, basilVersion, lookup)
		if err != nil {
			t.Fatalf("PlanSession: %v", err)
		}
		if len(pl.NewProducts) != 0 || len(pl.NewPrices) != 0 {
			t.Errorf("new objects = {%d products, %d prices}, want none", len(pl.NewProducts), len(pl.NewPrices))
		}
		if got, want := pl.Session.LineItems[0].Price, lookup.prices["price_shirt"]; got != want {
			t.Errorf("line item price = %+v, want the stored price", got)
		}
	})
}

// mustBeInvalid fails unless err is a *Error of Kind invalid: a request, however
// malformed, is never a 500.
func mustBeInvalid(t *testing.T, where string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: error %v (%T) is not a *till.Error", where, err, err)
	}
	if e.Kind != KindInvalid {
		t.Fatalf("%s: Kind = %s, want %s (%v)", where, e.Kind, KindInvalid, err)
	}
}

// FuzzCheckCreateSession builds sessions from a handful of fuzzed fields and
// checks that validation and planning never panic and answer every bad
// request with a 400-kind *Error, and that what they accept is sound.
func FuzzCheckCreateSession(f *testing.F) {
	type seed struct {
		mode, uiMode, url, currency string
		unitAmount                  int64
		decimal                     string
		quantity, expiresIn         int64
		metaKey, metaValue, email   string
		dahlia                      bool
	}
	for _, s := range []seed{
		{"payment", "hosted", "https://shop.example/ok?s={CHECKOUT_SESSION_ID}", "usd", 2000, "", 1, 3600, "order", "42", "", false},
		{"payment", "embedded", "https://shop.example/return", "eur", 0, "12.5", 3, 1800, "k", "", "jane@example.com", false},
		{"payment", "elements", "http://localhost:3000/r", "jpy", 50, "", 999999, 86400, "", "", "", true},
		{"payment", "hosted_page", "https://a.example/%0d%0aSet-Cookie:x", "usd", 100, "", 1, 3600, "k", "v", "", true},
		{"payment", "custom", "javascript:alert(1)", "usd", 100, "", 1, 3600, "k", "v", "", false},
		{"payment", "hosted", "//evil.example", "USD", -1, "", 0, 60, strings.Repeat("k", 41), "v", "x", false},
		{"payment", "hosted", "https://user:pw@a.example", "usdx", 100000000, "", -2, 90000, "k[0]", strings.Repeat("v", 501), "a@b", false},
		{"payment", "hosted", "https://a.example/", "kwd", 1235, "0.1234567890123", 1000000, 1799, "k", "v", "Jane <j@x.io>", false},
		{"payment", "hosted", "https://a.example/", "usd", 99999999, "", 999999, 3600, "k", "v", "", false},
		{"payment", "hosted", "https://a.example/", "usd", 0, "99999999.999999999999", 999999, 3600, "k", "v", "", false},
		{"payment", "hosted", "https://a.example/", "usd", 0, "-0", 1, 3600, "k", "v", "", false},
		{"payment", "hosted", "https://a.example/", "usd", 0, "1e3", 1, 3600, "k", "v", "", false},
		{"setup", "hosted", "https://a.example/", "usd", 100, "", 1, 3600, "", "", "", false},
		{"", "", "", "", 0, "", 0, 0, "", "", "", false},
		{"payment", "hosted", "https://a.example/\r\n", "usd", 100, "", 1, -1 << 62, "k", "v", "", false},
		{"payment", "embedded", strings.Repeat("a", 5001), "usd", 100, "", 1, 1 << 62, "\x00", "\xff", "\xff@x.io", false},
	} {
		f.Add(s.mode, s.uiMode, s.url, s.currency, s.unitAmount, s.decimal, s.quantity, s.expiresIn,
			s.metaKey, s.metaValue, s.email, s.dahlia)
	}
	f.Fuzz(func(t *testing.T, mode, uiMode, url, currency string, unitAmount int64, decimal string,
		quantity, expiresIn int64, metaKey, metaValue, email string, dahlia bool) {
		version := basilVersion
		if dahlia {
			version = dahliaVersion
		}
		pd := &PriceDataParams{Currency: &currency,
			ProductData: &ProductDataParams{Name: ptr("Item"), Images: []string{url}}}
		if decimal == "" {
			pd.UnitAmount = &unitAmount
		} else {
			pd.UnitAmountDecimal = &decimal
		}
		expiresAt := testNow + expiresIn
		p := &CreateSessionParams{Mode: &mode, UIMode: &uiMode, ExpiresAt: &expiresAt,
			LineItems: []LineItemParams{{PriceData: pd, Quantity: &quantity}},
			Metadata:  map[string]string{metaKey: metaValue}}
		// The URL goes where the ui_mode takes one, so both paths are reached.
		if uiMode == "hosted" || uiMode == "hosted_page" {
			p.SuccessURL = &url
		} else {
			p.ReturnURL = &url
		}
		if email != "" {
			p.CustomerEmail = &email
		}

		if err := CheckCreateSession(p, version, testNow); err != nil {
			mustBeInvalid(t, "CheckCreateSession", err)
			return
		}
		if u := strings.ToLower(url); !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") ||
			strings.ContainsFunc(url, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			t.Fatalf("accepted redirect URL %q", url)
		}
		if expiresIn < MinSessionLifetime || expiresIn > MaxSessionLifetime {
			t.Fatalf("accepted expires_at %d s after creation", expiresIn)
		}
		pl, err := PlanSession(p, testCaller, version, testNow, &fakeLookup{})
		if err != nil {
			mustBeInvalid(t, "PlanSession", err)
			return
		}
		s := pl.Session
		if s.AmountTotal < 0 || s.AmountTotal > 99999999 || s.AmountTotal != s.LineItems[0].AmountTotal {
			t.Fatalf("AmountTotal = %d, line = %d", s.AmountTotal, s.LineItems[0].AmountTotal)
		}
		if s.Currency != currency {
			t.Fatalf("Currency = %q, want %q", s.Currency, currency)
		}
	})
}

package till

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Session statuses.
const (
	SessionOpen     = "open"
	SessionComplete = "complete"
	SessionExpired  = "expired"
)

// Payment statuses.
const (
	PaymentUnpaid            = "unpaid"
	PaymentPaid              = "paid"
	PaymentNoPaymentRequired = "no_payment_required"
)

// UI modes, in their basil spelling; Till stores these and renders the dahlia
// spelling to callers that use a dahlia or later API version.
const (
	UIModeHosted   = "hosted"
	UIModeEmbedded = "embedded"
	UIModeCustom   = "custom"
)

// Session lifetimes Stripe allows: expires_at between 30 minutes and 24 hours
// after creation, 24 hours by default.
const (
	MinSessionLifetime     = 30 * 60
	MaxSessionLifetime     = 24 * 60 * 60
	DefaultSessionLifetime = MaxSessionLifetime
)

// Session is a Checkout Session.
type Session struct {
	ID             string
	AccountID      string
	Livemode       bool
	Status         string
	PaymentStatus  string
	Mode           string
	UIMode         string
	Currency       string
	AmountSubtotal int64
	AmountTotal    int64
	// AmountDiscount is what the discount takes off the subtotal;
	// AmountTax the line items' taxes, included or added.
	AmountDiscount int64
	AmountTax      int64
	// AmountShipping is the chosen shipping option's amount, in the total.
	AmountShipping int64
	// ShippingAddressCollection lists the countries the page ships to;
	// nil when it asks for no shipping address.
	ShippingAddressCollection []string
	// ShippingOptions are the rates the shopper chooses from, and
	// ShippingRateID the chosen one (the first until the shopper chooses).
	ShippingOptions []ShippingOption
	ShippingRateID  *string
	// ShippingDetails are the shopper's shipping name and address, once paid.
	ShippingDetails *ShippingDetails
	// AllowPromotionCodes offers the shopper a promotion code field.
	AllowPromotionCodes bool
	// Discount is the session's discount, nil when none.
	Discount                 *SessionDiscount
	CustomerID               *string
	CustomerEmail            *string
	CustomerCreation         *string
	CustomerDetails          *CustomerDetails
	BillingAddressCollection *string
	ClientReferenceID        *string
	SuccessURL               *string
	CancelURL                *string
	ReturnURL                *string
	RedirectOnCompletion     *string
	Locale                   *string
	SubmitType               *string
	PhoneNumberCollection    bool
	PaymentMethodTypes       []string
	PaymentIntentData        *PaymentIntentDataParams
	PaymentIntentID          *string
	Metadata                 map[string]string
	Created                  int64
	ExpiresAt                int64
	CompletedAt              *int64
	// CustomFields are the fields the page asks for, with the shopper's
	// values once completed; CustomText the merchant's texts on the page.
	CustomFields []CustomField
	CustomText   CustomText
	// ConsentCollection is what the shopper must agree to, nil when
	// nothing; Consent what they agreed to, once completed.
	ConsentCollection *ConsentCollection
	Consent           *Consent
	// TaxIDCollection offers the shopper a business's tax ID.
	TaxIDCollection bool

	LineItems []LineItem
}

// CustomerDetails is what the shopper entered at checkout.
type CustomerDetails struct {
	Address *Address `json:"address"`
	Email   *string  `json:"email"`
	Name    *string  `json:"name"`
	Phone   *string  `json:"phone"`
	// TaxIDs and BusinessName are what a shopper purchasing as a business
	// gave, on a session with tax ID collection.
	TaxIDs       []TaxID `json:"tax_ids,omitempty"`
	BusinessName *string `json:"business_name,omitempty"`
}

// LineItem is one line of a session: a price times a quantity.
type LineItem struct {
	ID                 string
	SessionID          string
	Position           int
	Price              *Price
	Quantity           int64
	Description        *string
	Currency           string
	AmountSubtotal     int64
	AmountDiscount     int64
	AmountTax          int64
	AmountTotal        int64
	AdjustableQuantity *AdjustableQuantity
	// TaxRates are the line's tax rates as they were when the session was
	// made; Taxes what each comes to.
	TaxRates []*TaxRate
	Taxes    []LineTax
	// DynamicTaxRates are the rates one of which applies by the shopper's
	// address; DynamicRate the one that does for the address given last,
	// nil before an address or when none matches.
	DynamicTaxRates []*TaxRate
	DynamicRate     *TaxRate
}

// AdjustableQuantity lets the shopper change a line's quantity.
type AdjustableQuantity struct {
	Enabled bool  `json:"enabled"`
	Maximum int64 `json:"maximum"`
	Minimum int64 `json:"minimum"`
}

// CreateSessionParams are the parameters of POST /v1/checkout/sessions that
// Till accepts: every one of the seed and of Stripe's payment-mode table.
type CreateSessionParams struct {
	Mode                      *string                          `form:"mode"`
	LineItems                 []LineItemParams                 `form:"line_items"`
	SuccessURL                *string                          `form:"success_url"`
	CancelURL                 *string                          `form:"cancel_url"`
	ReturnURL                 *string                          `form:"return_url"`
	RedirectOnCompletion      *string                          `form:"redirect_on_completion"`
	UIMode                    *string                          `form:"ui_mode"`
	Customer                  *string                          `form:"customer"`
	CustomerEmail             *string                          `form:"customer_email"`
	CustomerCreation          *string                          `form:"customer_creation"`
	BillingAddressCollection  *string                          `form:"billing_address_collection"`
	ClientReferenceID         *string                          `form:"client_reference_id"`
	PaymentIntentData         *PaymentIntentDataParams         `form:"payment_intent_data"`
	Currency                  *string                          `form:"currency"`
	ExpiresAt                 *int64                           `form:"expires_at"`
	Metadata                  map[string]string                `form:"metadata"`
	Locale                    *string                          `form:"locale"`
	SubmitType                *string                          `form:"submit_type"`
	PhoneNumberCollection     *PhoneNumberCollection           `form:"phone_number_collection"`
	PaymentMethodTypes        []string                         `form:"payment_method_types"`
	AllowPromotionCodes       *bool                            `form:"allow_promotion_codes"`
	AutomaticTax              *AutomaticTaxParams              `form:"automatic_tax"`
	Discounts                 []DiscountParams                 `form:"discounts"`
	CustomFields              []CustomFieldParams              `form:"custom_fields"`
	CustomText                *CustomTextParams                `form:"custom_text"`
	ConsentCollection         *ConsentCollectionParams         `form:"consent_collection"`
	TaxIDCollection           *TaxIDCollectionParams           `form:"tax_id_collection"`
	ShippingAddressCollection *ShippingAddressCollectionParams `form:"shipping_address_collection"`
	ShippingOptions           []ShippingOptionParams           `form:"shipping_options"`
	Expand                    []string                         `form:"expand"`
}

// AutomaticTaxParams is automatic_tax.
type AutomaticTaxParams struct {
	Enabled *bool `form:"enabled"`
}

// PhoneNumberCollection turns the phone field of the page on.
type PhoneNumberCollection struct {
	Enabled *bool `form:"enabled"`
}

// LineItemParams is one line_items[i].
type LineItemParams struct {
	TaxRates           []string                  `form:"tax_rates"`
	DynamicTaxRates    []string                  `form:"dynamic_tax_rates"`
	Price              *string                   `form:"price"`
	PriceData          *PriceDataParams          `form:"price_data"`
	Quantity           *int64                    `form:"quantity"`
	AdjustableQuantity *AdjustableQuantityParams `form:"adjustable_quantity"`
}

// AdjustableQuantityParams is line_items[i][adjustable_quantity].
type AdjustableQuantityParams struct {
	Enabled *bool  `form:"enabled"`
	Maximum *int64 `form:"maximum"`
	Minimum *int64 `form:"minimum"`
}

// PriceDataParams is an inline price: line_items[i][price_data].
type PriceDataParams struct {
	Currency          *string            `form:"currency"`
	UnitAmount        *int64             `form:"unit_amount"`
	UnitAmountDecimal *string            `form:"unit_amount_decimal"`
	Product           *string            `form:"product"`
	ProductData       *ProductDataParams `form:"product_data"`
	TaxBehavior       *string            `form:"tax_behavior"`
	Recurring         *RecurringParams   `form:"recurring"`
}

// RecurringParams exists only so that a recurring price in payment mode is
// answered with Stripe's rule rather than as an unknown parameter.
type RecurringParams struct {
	Interval      *string `form:"interval"`
	IntervalCount *int64  `form:"interval_count"`
}

// ProductDataParams is an inline product.
type ProductDataParams struct {
	Name        *string           `form:"name"`
	Description *string           `form:"description"`
	Images      []string          `form:"images"`
	Metadata    map[string]string `form:"metadata"`
	TaxCode     *string           `form:"tax_code"`
	UnitLabel   *string           `form:"unit_label"`
}

// PaymentIntentDataParams is copied onto the PaymentIntent the session creates.
type PaymentIntentDataParams struct {
	CaptureMethod             *string           `json:"capture_method,omitempty" form:"capture_method"`
	Description               *string           `json:"description,omitempty" form:"description"`
	Metadata                  map[string]string `json:"metadata,omitempty" form:"metadata"`
	ReceiptEmail              *string           `json:"receipt_email,omitempty" form:"receipt_email"`
	SetupFutureUsage          *string           `json:"setup_future_usage,omitempty" form:"setup_future_usage"`
	StatementDescriptor       *string           `json:"statement_descriptor,omitempty" form:"statement_descriptor"`
	StatementDescriptorSuffix *string           `json:"statement_descriptor_suffix,omitempty" form:"statement_descriptor_suffix"`
	Shipping                  *Shipping         `json:"shipping,omitempty" form:"shipping"`
}

// Locales Stripe Checkout accepts for `locale`.
var Locales = []string{"auto", "bg", "cs", "da", "de", "el", "en", "en-GB", "es", "es-419", "et", "fi", "fil", "fr",
	"fr-CA", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "mt", "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru",
	"sk", "sl", "sv", "th", "tr", "vi", "zh", "zh-HK", "zh-TW"}

// dahliaUIModes maps the basil ui_mode names to the names Stripe uses from the
// 2026-03-25.dahlia release on.
var dahliaUIModes = map[string]string{UIModeHosted: "hosted_page", UIModeEmbedded: "embedded_page", UIModeCustom: "elements"}

// UIModeForVersion spells a stored ui_mode the way the caller's API version does.
func UIModeForVersion(uiMode, apiVersion string) string {
	if IsDahliaOrLater(apiVersion) {
		return dahliaUIModes[uiMode]
	}
	return uiMode
}

// IsDahliaOrLater reports whether an API version belongs to the dahlia
// release train or a later one, where ui_mode values were renamed.
func IsDahliaOrLater(apiVersion string) bool {
	return apiVersion >= "2026-03-25"
}

// parseUIMode accepts the spelling of the caller's version. Basil callers may
// also use the dahlia names (a newer SDK's constants against an older
// pinned version); dahlia callers may not use the old names, as at Stripe.
func parseUIMode(v, apiVersion string) (string, bool) {
	for basil, dahlia := range dahliaUIModes {
		if v == dahlia {
			return basil, true
		}
		if v == basil && !IsDahliaOrLater(apiVersion) {
			return basil, true
		}
	}
	return "", false
}

// oneOf refuses a value outside an enum with Stripe's wording, which lists
// the values as English does: "Invalid ui_mode: must be one of hosted or
// embedded", "Invalid mode: must be one of payment, setup, or subscription".
func oneOf(param string, v *string, allowed ...string) error {
	if v == nil || slices.Contains(allowed, *v) {
		return nil
	}
	return Invalid(CodeInvalidRequest, param, "Invalid %s: must be one of %s", param, orList(allowed))
}

// orList joins values as "a", "a or b", "a, b, or c".
func orList(values []string) string {
	switch n := len(values); n {
	case 0, 1:
		return strings.Join(values, "")
	case 2:
		return values[0] + " or " + values[1]
	default:
		return strings.Join(values[:n-1], ", ") + ", or " + values[n-1]
	}
}

func maxLen(param string, v *string, n int) error {
	if v != nil && utf8.RuneCountInString(*v) > n {
		return Invalid(CodeInvalidRequest, param, "Invalid %s: must be at most %d characters", param, n)
	}
	return nil
}

// CheckRedirectURL validates a merchant URL the shopper will be sent to:
// absolute http(s), no credentials, no control characters, at most 5000
// characters (counted as maxLen counts, not in bytes). {CHECKOUT_SESSION_ID}
// is allowed anywhere.
//
// Control characters are refused percent-encoded too (…/%0d%0aSet-Cookie:x),
// as the acceptance suite's redirect test (T23) requires: whatever later
// decodes the URL must never find a line break in it.
func CheckRedirectURL(param, raw string) error {
	bad := Invalid(CodeURLInvalid, param, "Not a valid URL")
	if utf8.RuneCountInString(raw) > 5000 || strings.ContainsFunc(raw, func(r rune) bool { return r < 0x20 || r == 0x7f }) ||
		hasEncodedControl(raw) {
		return bad
	}
	u, err := url.Parse(strings.ReplaceAll(raw, "{CHECKOUT_SESSION_ID}", "x"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return bad
	}
	return nil
}

// hasEncodedControl reports whether s percent-encodes a control character
// (%00–%1F or %7F).
func hasEncodedControl(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if b, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil && (b < 0x20 || b == 0x7f) {
			return true
		}
	}
	return false
}

// CheckMetadata applies Stripe's metadata limits: 50 keys, keys up to 40
// characters without brackets, values up to 500 characters. The messages
// are the ones Stripe returns ("Metadata keys can have up to 40 characters,
// but you passed in a key that is 41 characters. Invalid key: …"); the one
// for brackets, which Stripe's documentation forbids without quoting an
// error, is Till's.
func CheckMetadata(param string, m map[string]string) error {
	if len(m) > 50 {
		return Invalid(CodeInvalidRequest, param, "Metadata can have up to 50 keys, but you've set %d.", len(m))
	}
	for k, v := range m {
		p := fmt.Sprintf("%s[%s]", param, k)
		if n := utf8.RuneCountInString(k); n > 40 {
			return Invalid(CodeInvalidRequest, p, "Metadata keys can have up to 40 characters, but you passed in a key that is %d characters. Invalid key: %s", n, k)
		}
		if strings.ContainsAny(k, "[]") {
			return Invalid(CodeInvalidRequest, p, "Metadata keys cannot contain '[' or ']'. Invalid key: %s", k)
		}
		if n := utf8.RuneCountInString(v); n > 500 {
			return Invalid(CodeInvalidRequest, p, "Metadata values can have up to 500 characters, but you passed in a value that is %d characters. Invalid value: %s", n, v)
		}
	}
	return nil
}

// CleanMetadata drops the keys a create request sent empty: an empty value
// means "unset", which on a new object means "absent".
func CleanMetadata(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

// MergeMetadata applies a metadata update as Stripe does: keys sent empty are
// removed, others set; clear (the request sent `metadata=`) removes all first.
func MergeMetadata(current, update map[string]string, clear bool) map[string]string {
	out := map[string]string{}
	if !clear {
		for k, v := range current {
			out[k] = v
		}
	}
	for k, v := range update {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

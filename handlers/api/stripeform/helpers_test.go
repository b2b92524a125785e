package stripeform

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"till"
)

// The params structs below mirror what the create-session handler will
// declare: the shape of stripe-go's CheckoutSessionParams, reduced to the
// fields the test bodies send.

// baseParams is embedded like stripe-go's Params, to exercise promotion of
// an untagged embedded struct's fields.
type baseParams struct {
	Expand   []string          `form:"expand"`
	Metadata map[string]string `form:"metadata"`
}

type sessionParams struct {
	baseParams
	AllowPromotionCodes   *bool                 `form:"allow_promotion_codes"`
	CancelURL             *string               `form:"cancel_url"`
	ClientReferenceID     *string               `form:"client_reference_id,emptyok"`
	CustomerEmail         *string               `form:"customer_email"`
	ExpiresAt             *int64                `form:"expires_at"`
	LineItems             []lineItemParams      `form:"line_items"`
	Mode                  string                `form:"mode"`
	PaymentMethodTypes    []string              `form:"payment_method_types"`
	PhoneNumberCollection *phoneNumberParams    `form:"phone_number_collection"`
	ShippingOptions       []*shippingOptionItem `form:"shipping_options"`
	SuccessURL            string                `form:"success_url"`
	Internal              string                // untagged: never a parameter
}

type lineItemParams struct {
	AdjustableQuantity *adjustableQuantityParams `form:"adjustable_quantity"`
	Price              *string                   `form:"price"`
	PriceData          *priceDataParams          `form:"price_data"`
	Quantity           *int64                    `form:"quantity"`
}

type adjustableQuantityParams struct {
	Enabled bool   `form:"enabled"`
	Maximum *int64 `form:"maximum"`
	Minimum *int64 `form:"minimum"`
}

type priceDataParams struct {
	Currency          string             `form:"currency"`
	Product           *string            `form:"product"`
	ProductData       *productDataParams `form:"product_data"`
	UnitAmount        *int64             `form:"unit_amount"`
	UnitAmountDecimal *float64           `form:"unit_amount_decimal"`
}

type productDataParams struct {
	Description *string           `form:"description"`
	Images      []string          `form:"images"`
	Metadata    map[string]string `form:"metadata"`
	Name        string            `form:"name"`
}

type phoneNumberParams struct {
	Enabled *bool `form:"enabled"`
}

type shippingOptionItem struct {
	ShippingRate string `form:"shipping_rate"`
}

// Named types of the supported kinds, as domain packages declare them.
type (
	modeName string
	labels   map[string]string
)

// sinkParams covers the remaining supported kinds.
type sinkParams struct {
	Count     int                         `form:"count"`
	Small     uint8                       `form:"small"`
	Big       uint64                      `form:"big"`
	Ratio     float32                     `form:"ratio"`
	Flag      bool                        `form:"flag"`
	Mode      modeName                    `form:"mode"`
	Labels    labels                      `form:"labels"`
	Amounts   []int64                     `form:"amounts"`
	Matrix    [][]string                  `form:"matrix"`
	Maybe     *float64                    `form:"maybe,emptyok"`
	MaybeInt  *int64                      `form:"maybe_int,emptyok"`
	Note      string                      `form:"note,emptyok"`
	Opt       *adjustableQtyAlt           `form:"opt,emptyok"`
	Tree      *treeParams                 `form:"tree"`
	Options   map[string]adjustableQtyAlt `form:"options"`
	Skipped   string                      `form:"-"`
	NotAParam string
}

type adjustableQtyAlt struct {
	Enabled bool `form:"enabled"`
}

// treeParams is recursive, to check that planning terminates.
type treeParams struct {
	Name     string       `form:"name"`
	Children []treeParams `form:"children"`
}

func ptr[T any](v T) *T { return &v }

// stripeGoBody is the exact body stripe-go v82.5.1 sends for a create call
// (captured from form.AppendTo + Values.Encode on a CheckoutSessionParams;
// it extends the one quoted in stripe-checkout-api.md §4 with the part
// elided there).
const stripeGoBody = `allow_promotion_codes=false&cancel_url=https%3A%2F%2Fex.com%2Fcancel&expand[0]=line_items&expand[1]=payment_intent&expires_at=1700000000&line_items[0][price]=price_123&line_items[0][quantity]=2&line_items[1][adjustable_quantity][enabled]=true&line_items[1][adjustable_quantity][maximum]=10&line_items[1][price_data][currency]=usd&line_items[1][price_data][product_data][images][0]=https%3A%2F%2Fimg%2F1.png&line_items[1][price_data][product_data][metadata][sku]=A1&line_items[1][price_data][product_data][name]=T-shirt&line_items[1][price_data][unit_amount]=1999&line_items[1][quantity]=1&line_items[2][price_data][currency]=eur&line_items[2][price_data][product_data][description]=%C3%BCn%C3%AFcode+%F0%9F%8E%81&line_items[2][price_data][product_data][name]=Gift+wrap+%26+bow&line_items[2][price_data][unit_amount_decimal]=12.5&line_items[2][quantity]=3&metadata[a+b]=c%26d&metadata[order]=42&mode=payment&payment_method_types[0]=card&phone_number_collection[enabled]=true&success_url=https%3A%2F%2Fex.com%2Fs%3Fid%3D%7BCHECKOUT_SESSION_ID%7D`

// stripeGoWant is what stripeGoBody must decode to.
func stripeGoWant() sessionParams {
	return sessionParams{
		baseParams: baseParams{
			Expand:   []string{"line_items", "payment_intent"},
			Metadata: map[string]string{"a b": "c&d", "order": "42"},
		},
		AllowPromotionCodes: ptr(false),
		CancelURL:           ptr("https://ex.com/cancel"),
		ExpiresAt:           ptr(int64(1700000000)),
		LineItems: []lineItemParams{
			{Price: ptr("price_123"), Quantity: ptr(int64(2))},
			{
				AdjustableQuantity: &adjustableQuantityParams{Enabled: true, Maximum: ptr(int64(10))},
				PriceData: &priceDataParams{
					Currency:   "usd",
					UnitAmount: ptr(int64(1999)),
					ProductData: &productDataParams{
						Name:     "T-shirt",
						Images:   []string{"https://img/1.png"},
						Metadata: map[string]string{"sku": "A1"},
					},
				},
				Quantity: ptr(int64(1)),
			},
			{
				PriceData: &priceDataParams{
					Currency:          "eur",
					UnitAmountDecimal: ptr(12.5),
					ProductData: &productDataParams{
						Name:        "Gift wrap & bow",
						Description: ptr("ünïcode 🎁"),
					},
				},
				Quantity: ptr(int64(3)),
			},
		},
		Mode:                  "payment",
		PaymentMethodTypes:    []string{"card"},
		PhoneNumberCollection: &phoneNumberParams{Enabled: ptr(true)},
		SuccessURL:            "https://ex.com/s?id={CHECKOUT_SESSION_ID}",
	}
}

// stripeNodeBody is the same kind of request as stripe-node 23 sends it:
// qs.stringify with indices, brackets restored, spaces as %20, keys in
// object order.
const stripeNodeBody = `mode=payment&success_url=https%3A%2F%2Fex.com%2Fs%3Fid%3D%7BCHECKOUT_SESSION_ID%7D&line_items[0][price_data][currency]=usd&line_items[0][price_data][product_data][name]=Blue%20T%20shirt&line_items[0][price_data][product_data][metadata][size%20label]=L&line_items[0][price_data][unit_amount]=1999&line_items[0][quantity]=2&metadata[a%20b]=c%26d&payment_method_types[0]=card&expand[0]=payment_intent`

func stripeNodeWant() sessionParams {
	return sessionParams{
		baseParams: baseParams{
			Expand:   []string{"payment_intent"},
			Metadata: map[string]string{"a b": "c&d"},
		},
		LineItems: []lineItemParams{{
			PriceData: &priceDataParams{
				Currency:   "usd",
				UnitAmount: ptr(int64(1999)),
				ProductData: &productDataParams{
					Name:     "Blue T shirt",
					Metadata: map[string]string{"size label": "L"},
				},
			},
			Quantity: ptr(int64(2)),
		}},
		Mode:               "payment",
		PaymentMethodTypes: []string{"card"},
		SuccessURL:         "https://ex.com/s?id={CHECKOUT_SESSION_ID}",
	}
}

// show renders a params value for failure messages (pointers dereferenced).
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func mustParse(t testing.TB, body string) Values {
	t.Helper()
	v, err := Parse([]byte(body), DefaultLimits)
	if err != nil {
		t.Fatalf("Parse(%q): %v", body, err)
	}
	return v
}

// wantErr describes an expected *till.Error; empty fields are not checked,
// except Param, which is always compared.
type wantErr struct {
	kind    till.ErrorKind // defaults to KindInvalid
	code    string
	param   string
	message string // exact when it does not end in "…", else a prefix
}

func checkErr(t testing.TB, err error, want wantErr) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %+v", want)
	}
	var e *till.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %T %v, want a *till.Error", err, err)
	}
	wantKind := want.kind
	if wantKind == "" {
		wantKind = till.KindInvalid
	}
	if got := e.Kind; got != wantKind {
		t.Errorf("kind: got %q, want %q (%v)", got, wantKind, err)
	}
	if want.code != "-" {
		if got := e.Code; got != want.code {
			t.Errorf("code: got %q, want %q (%v)", got, want.code, err)
		}
	}
	if got := e.Param; got != want.param {
		t.Errorf("param: got %q, want %q (%v)", got, want.param, err)
	}
	if want.message != "" {
		if prefix, ok := strings.CutSuffix(want.message, "…"); ok {
			if !strings.HasPrefix(e.Message, prefix) {
				t.Errorf("message: got %q, want prefix %q", e.Message, prefix)
			}
		} else if e.Message != want.message {
			t.Errorf("message: got %q, want %q", e.Message, want.message)
		}
	}
}

// checkClientError asserts the fuzz contract for errors: a *till.Error (not
// wrapped) of a 4xx kind whose text can be rendered as JSON unchanged.
func checkClientError(t testing.TB, err error) {
	t.Helper()
	e, ok := err.(*till.Error)
	if !ok {
		t.Fatalf("got %T %v, want a *till.Error", err, err)
	}
	if e.Kind != till.KindInvalid && e.Kind != till.KindTooLarge {
		t.Fatalf("kind: got %q, want invalid or too_large (%v)", e.Kind, err)
	}
	if e.Message == "" || !utf8.ValidString(e.Message) || !utf8.ValidString(e.Param) {
		t.Fatalf("message/param not valid UTF-8 or empty: %q %q", e.Message, e.Param)
	}
}

package db

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"

	"github.com/lib/pq"

	"till"
)

// Row structs mirror the tables; the to*/from* functions map them to the
// domain types, so the schema may differ from Stripe's nested wire shapes.

func toJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// fromJSON decodes a jsonb column; NULL leaves dst unchanged.
func fromJSON(b []byte, dst any) {
	if len(b) > 0 {
		json.Unmarshal(b, dst)
	}
}

func metadataJSON(m map[string]string) []byte {
	if m == nil {
		m = map[string]string{}
	}
	return toJSON(m)
}

func metadataFrom(b []byte) map[string]string {
	m := map[string]string{}
	fromJSON(b, &m)
	return m
}

// nullableJSON stores nil as SQL NULL rather than JSON null.
func nullableJSON[T any](v *T) []byte {
	if v == nil {
		return nil
	}
	return toJSON(v)
}

func jsonPtr[T any](b []byte) *T {
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	v := new(T)
	fromJSON(b, v)
	return v
}

type productRow struct {
	ID           string  `db:"id" json:"id"`
	AccountID    string  `db:"account_id" json:"account_id"`
	Livemode     bool    `db:"livemode" json:"livemode"`
	Active       bool    `db:"active" json:"active"`
	Name         string  `db:"name" json:"name"`
	Description  *string `db:"description" json:"description"`
	Images       jsonb   `db:"images" json:"images"`
	Metadata     jsonb   `db:"metadata" json:"metadata"`
	DefaultPrice *string `db:"default_price" json:"default_price"`
	TaxCode      *string `db:"tax_code" json:"tax_code"`
	UnitLabel    *string `db:"unit_label" json:"unit_label"`
	URL          *string `db:"url" json:"url"`
	Created      int64   `db:"created" json:"created"`
	Updated      int64   `db:"updated" json:"updated"`
}

func productToRow(p *till.Product) productRow {
	images := p.Images
	if images == nil {
		images = []string{}
	}
	return productRow{ID: p.ID, AccountID: p.AccountID, Livemode: p.Livemode, Active: p.Active, Name: p.Name,
		Description: p.Description, Images: toJSON(images), Metadata: metadataJSON(p.Metadata),
		DefaultPrice: p.DefaultPrice, TaxCode: p.TaxCode, UnitLabel: p.UnitLabel, URL: p.URL,
		Created: p.Created, Updated: p.Updated}
}

func (r productRow) product() *till.Product {
	p := &till.Product{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, Active: r.Active, Name: r.Name,
		Description: r.Description, Images: []string{}, Metadata: metadataFrom(r.Metadata),
		DefaultPrice: r.DefaultPrice, TaxCode: r.TaxCode, UnitLabel: r.UnitLabel, URL: r.URL,
		Created: r.Created, Updated: r.Updated}
	fromJSON(r.Images, &p.Images)
	return p
}

type priceRow struct {
	ID                string  `db:"id" json:"id"`
	AccountID         string  `db:"account_id" json:"account_id"`
	Livemode          bool    `db:"livemode" json:"livemode"`
	ProductID         string  `db:"product_id" json:"product_id"`
	Active            bool    `db:"active" json:"active"`
	Currency          string  `db:"currency" json:"currency"`
	UnitAmount        *int64  `db:"unit_amount" json:"unit_amount"`
	UnitAmountDecimal string  `db:"unit_amount_decimal" json:"unit_amount_decimal"`
	Nickname          *string `db:"nickname" json:"nickname"`
	LookupKey         *string `db:"lookup_key" json:"lookup_key"`
	TaxBehavior       *string `db:"tax_behavior" json:"tax_behavior"`
	Metadata          jsonb   `db:"metadata" json:"metadata"`
	Created           int64   `db:"created" json:"created"`
}

func priceToRow(p *till.Price) priceRow {
	return priceRow{ID: p.ID, AccountID: p.AccountID, Livemode: p.Livemode, ProductID: p.ProductID,
		Active: p.Active, Currency: p.Currency, UnitAmount: p.UnitAmount, UnitAmountDecimal: p.UnitAmountDecimal,
		Nickname: p.Nickname, LookupKey: p.LookupKey, TaxBehavior: p.TaxBehavior,
		Metadata: metadataJSON(p.Metadata), Created: p.Created}
}

func (r priceRow) price() *till.Price {
	return &till.Price{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, ProductID: r.ProductID,
		Active: r.Active, Currency: r.Currency, UnitAmount: r.UnitAmount, UnitAmountDecimal: r.UnitAmountDecimal,
		Nickname: r.Nickname, LookupKey: r.LookupKey, TaxBehavior: r.TaxBehavior,
		Metadata: metadataFrom(r.Metadata), Created: r.Created}
}

type customerRow struct {
	ID          string  `db:"id" json:"id"`
	AccountID   string  `db:"account_id" json:"account_id"`
	Livemode    bool    `db:"livemode" json:"livemode"`
	Email       *string `db:"email" json:"email"`
	Name        *string `db:"name" json:"name"`
	Phone       *string `db:"phone" json:"phone"`
	Description *string `db:"description" json:"description"`
	Address     jsonb   `db:"address" json:"address"`
	Shipping    jsonb   `db:"shipping" json:"shipping"`
	Metadata    jsonb   `db:"metadata" json:"metadata"`
	Created     int64   `db:"created" json:"created"`
	Deleted     bool    `db:"deleted" json:"deleted"`
}

func customerToRow(c *till.Customer) customerRow {
	return customerRow{ID: c.ID, AccountID: c.AccountID, Livemode: c.Livemode, Email: c.Email, Name: c.Name,
		Phone: c.Phone, Description: c.Description, Address: nullableJSON(c.Address),
		Shipping: nullableJSON(c.Shipping), Metadata: metadataJSON(c.Metadata), Created: c.Created}
}

func (r customerRow) customer() *till.Customer {
	return &till.Customer{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, Email: r.Email, Name: r.Name,
		Phone: r.Phone, Description: r.Description, Address: jsonPtr[till.Address](r.Address),
		Shipping: jsonPtr[till.Shipping](r.Shipping), Metadata: metadataFrom(r.Metadata), Created: r.Created,
		Deleted: r.Deleted}
}

type paymentIntentRow struct {
	ID                        string  `db:"id" json:"id"`
	AccountID                 string  `db:"account_id" json:"account_id"`
	Livemode                  bool    `db:"livemode" json:"livemode"`
	CheckoutSessionID         string  `db:"checkout_session_id" json:"checkout_session_id"`
	Status                    string  `db:"status" json:"status"`
	Amount                    int64   `db:"amount" json:"amount"`
	AmountReceived            int64   `db:"amount_received" json:"amount_received"`
	AmountCapturable          int64   `db:"amount_capturable" json:"amount_capturable"`
	Currency                  string  `db:"currency" json:"currency"`
	CustomerID                *string `db:"customer_id" json:"customer_id"`
	Description               *string `db:"description" json:"description"`
	CaptureMethod             string  `db:"capture_method" json:"capture_method"`
	ReceiptEmail              *string `db:"receipt_email" json:"receipt_email"`
	SetupFutureUsage          *string `db:"setup_future_usage" json:"setup_future_usage"`
	StatementDescriptor       *string `db:"statement_descriptor" json:"statement_descriptor"`
	StatementDescriptorSuffix *string `db:"statement_descriptor_suffix" json:"statement_descriptor_suffix"`
	Shipping                  jsonb   `db:"shipping" json:"shipping"`
	Metadata                  jsonb   `db:"metadata" json:"metadata"`
	LastPaymentError          jsonb   `db:"last_payment_error" json:"last_payment_error"`
	PaymentMethodCard         jsonb   `db:"payment_method_card" json:"payment_method_card"`
	CanceledAt                *int64  `db:"canceled_at" json:"canceled_at"`
	CancellationReason        *string `db:"cancellation_reason" json:"cancellation_reason"`
	LatestChargeID            *string `db:"latest_charge_id" json:"latest_charge_id"`
	AuthenticationReference   string  `db:"authentication_reference" json:"authentication_reference"`
	Created                   int64   `db:"created" json:"created"`
}

func paymentIntentToRow(pi *till.PaymentIntent) paymentIntentRow {
	return paymentIntentRow{ID: pi.ID, AccountID: pi.AccountID, Livemode: pi.Livemode,
		CheckoutSessionID: pi.CheckoutSessionID, Status: pi.Status, Amount: pi.Amount,
		AmountReceived: pi.AmountReceived, AmountCapturable: pi.AmountCapturable, Currency: pi.Currency, CustomerID: pi.CustomerID,
		Description: pi.Description, CaptureMethod: pi.CaptureMethod, ReceiptEmail: pi.ReceiptEmail,
		SetupFutureUsage: pi.SetupFutureUsage, StatementDescriptor: pi.StatementDescriptor,
		StatementDescriptorSuffix: pi.StatementDescriptorSuffix, Shipping: nullableJSON(pi.Shipping),
		Metadata: metadataJSON(pi.Metadata), LastPaymentError: nullableJSON(pi.LastPaymentError),
		PaymentMethodCard: nullableJSON(pi.Card), CanceledAt: pi.CanceledAt, CancellationReason: pi.CancellationReason,
		LatestChargeID: pi.LatestChargeID, AuthenticationReference: pi.AuthenticationReference, Created: pi.Created}
}

func (r paymentIntentRow) paymentIntent() *till.PaymentIntent {
	return &till.PaymentIntent{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode,
		CheckoutSessionID: r.CheckoutSessionID, Status: r.Status, Amount: r.Amount, AmountReceived: r.AmountReceived,
		AmountCapturable: r.AmountCapturable,
		Currency:         r.Currency, CustomerID: r.CustomerID, Description: r.Description, CaptureMethod: r.CaptureMethod,
		ReceiptEmail: r.ReceiptEmail, SetupFutureUsage: r.SetupFutureUsage, StatementDescriptor: r.StatementDescriptor,
		StatementDescriptorSuffix: r.StatementDescriptorSuffix, Shipping: jsonPtr[till.Shipping](r.Shipping),
		Metadata: metadataFrom(r.Metadata), LastPaymentError: jsonPtr[till.PaymentError](r.LastPaymentError),
		Card: jsonPtr[till.Card](r.PaymentMethodCard), CanceledAt: r.CanceledAt, CancellationReason: r.CancellationReason,
		LatestChargeID: r.LatestChargeID, AuthenticationReference: r.AuthenticationReference, Created: r.Created}
}

type chargeRow struct {
	ID                        string  `db:"id" json:"id"`
	AccountID                 string  `db:"account_id" json:"account_id"`
	Livemode                  bool    `db:"livemode" json:"livemode"`
	PaymentIntentID           string  `db:"payment_intent_id" json:"payment_intent_id"`
	CustomerID                *string `db:"customer_id" json:"customer_id"`
	Status                    string  `db:"status" json:"status"`
	Amount                    int64   `db:"amount" json:"amount"`
	AmountCaptured            int64   `db:"amount_captured" json:"amount_captured"`
	AmountRefunded            int64   `db:"amount_refunded" json:"amount_refunded"`
	Captured                  bool    `db:"captured" json:"captured"`
	Currency                  string  `db:"currency" json:"currency"`
	Description               *string `db:"description" json:"description"`
	ReceiptEmail              *string `db:"receipt_email" json:"receipt_email"`
	StatementDescriptor       *string `db:"statement_descriptor" json:"statement_descriptor"`
	StatementDescriptorSuffix *string `db:"statement_descriptor_suffix" json:"statement_descriptor_suffix"`
	Shipping                  jsonb   `db:"shipping" json:"shipping"`
	BillingDetails            jsonb   `db:"billing_details" json:"billing_details"`
	PaymentMethodCard         jsonb   `db:"payment_method_card" json:"payment_method_card"`
	CaptureBefore             *int64  `db:"capture_before" json:"capture_before"`
	Outcome                   jsonb   `db:"outcome" json:"outcome"`
	FailureCode               *string `db:"failure_code" json:"failure_code"`
	FailureMessage            *string `db:"failure_message" json:"failure_message"`
	Metadata                  jsonb   `db:"metadata" json:"metadata"`
	ProcessorReference        string  `db:"processor_reference" json:"processor_reference"`
	Created                   int64   `db:"created" json:"created"`
}

func chargeToRow(c *till.Charge) chargeRow {
	return chargeRow{ID: c.ID, AccountID: c.AccountID, Livemode: c.Livemode, PaymentIntentID: c.PaymentIntentID,
		CustomerID: c.CustomerID, Status: c.Status, Amount: c.Amount, AmountCaptured: c.AmountCaptured,
		AmountRefunded: c.AmountRefunded, Captured: c.Captured, Currency: c.Currency, Description: c.Description,
		ReceiptEmail: c.ReceiptEmail, StatementDescriptor: c.StatementDescriptor,
		StatementDescriptorSuffix: c.StatementDescriptorSuffix, Shipping: nullableJSON(c.Shipping),
		BillingDetails: toJSON(c.BillingDetails), PaymentMethodCard: toJSON(c.Card), CaptureBefore: c.CaptureBefore,
		Outcome: toJSON(c.Outcome), FailureCode: c.FailureCode, FailureMessage: c.FailureMessage,
		Metadata: metadataJSON(c.Metadata), ProcessorReference: c.ProcessorReference, Created: c.Created}
}

func (r chargeRow) charge() *till.Charge {
	c := &till.Charge{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, PaymentIntentID: r.PaymentIntentID,
		CustomerID: r.CustomerID, Status: r.Status, Amount: r.Amount, AmountCaptured: r.AmountCaptured,
		AmountRefunded: r.AmountRefunded, Captured: r.Captured, Currency: r.Currency, Description: r.Description,
		ReceiptEmail: r.ReceiptEmail, StatementDescriptor: r.StatementDescriptor,
		StatementDescriptorSuffix: r.StatementDescriptorSuffix, Shipping: jsonPtr[till.Shipping](r.Shipping),
		CaptureBefore: r.CaptureBefore, FailureCode: r.FailureCode, FailureMessage: r.FailureMessage,
		Metadata: metadataFrom(r.Metadata), ProcessorReference: r.ProcessorReference, Created: r.Created}
	fromJSON(r.BillingDetails, &c.BillingDetails)
	fromJSON(r.PaymentMethodCard, &c.Card)
	fromJSON(r.Outcome, &c.Outcome)
	return c
}

type refundRow struct {
	ID                 string  `db:"id" json:"id"`
	AccountID          string  `db:"account_id" json:"account_id"`
	Livemode           bool    `db:"livemode" json:"livemode"`
	ChargeID           string  `db:"charge_id" json:"charge_id"`
	PaymentIntentID    string  `db:"payment_intent_id" json:"payment_intent_id"`
	Amount             int64   `db:"amount" json:"amount"`
	Currency           string  `db:"currency" json:"currency"`
	Status             string  `db:"status" json:"status"`
	Reason             *string `db:"reason" json:"reason"`
	FailureReason      *string `db:"failure_reason" json:"failure_reason"`
	Metadata           jsonb   `db:"metadata" json:"metadata"`
	LaterAt            *int64  `db:"later_at" json:"later_at"`
	LaterStatus        *string `db:"later_status" json:"later_status"`
	LaterFailureReason *string `db:"later_failure_reason" json:"later_failure_reason"`
	Reversal           bool    `db:"reversal" json:"reversal"`
	Created            int64   `db:"created" json:"created"`
}

func refundToRow(r *till.Refund) refundRow {
	row := refundRow{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, ChargeID: r.ChargeID,
		PaymentIntentID: r.PaymentIntentID, Amount: r.Amount, Currency: r.Currency, Status: r.Status,
		Reason: r.Reason, FailureReason: r.FailureReason, Metadata: metadataJSON(r.Metadata), Reversal: r.Reversal,
		Created: r.Created}
	if l := r.Later; l != nil {
		row.LaterAt, row.LaterStatus = &l.At, &l.Status
		if l.FailureReason != "" {
			row.LaterFailureReason = &l.FailureReason
		}
	}
	return row
}

func (r refundRow) refund() *till.Refund {
	out := &till.Refund{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, ChargeID: r.ChargeID,
		PaymentIntentID: r.PaymentIntentID, Amount: r.Amount, Currency: r.Currency, Status: r.Status,
		Reason: r.Reason, FailureReason: r.FailureReason, Metadata: metadataFrom(r.Metadata), Reversal: r.Reversal,
		Created: r.Created}
	if r.LaterAt != nil && r.LaterStatus != nil {
		out.Later = &till.RefundLater{At: *r.LaterAt, Status: *r.LaterStatus}
		if r.LaterFailureReason != nil {
			out.Later.FailureReason = *r.LaterFailureReason
		}
	}
	return out
}

type sessionRow struct {
	ID                        string         `db:"id" json:"id"`
	AccountID                 string         `db:"account_id" json:"account_id"`
	Livemode                  bool           `db:"livemode" json:"livemode"`
	Status                    string         `db:"status" json:"status"`
	PaymentStatus             string         `db:"payment_status" json:"payment_status"`
	Mode                      string         `db:"mode" json:"mode"`
	UIMode                    string         `db:"ui_mode" json:"ui_mode"`
	Currency                  string         `db:"currency" json:"currency"`
	AmountSubtotal            int64          `db:"amount_subtotal" json:"amount_subtotal"`
	AmountTotal               int64          `db:"amount_total" json:"amount_total"`
	CustomerID                *string        `db:"customer_id" json:"customer_id"`
	CustomerEmail             *string        `db:"customer_email" json:"customer_email"`
	CustomerCreation          *string        `db:"customer_creation" json:"customer_creation"`
	CustomerDetails           jsonb          `db:"customer_details" json:"customer_details"`
	BillingAddressCollection  *string        `db:"billing_address_collection" json:"billing_address_collection"`
	ClientReferenceID         *string        `db:"client_reference_id" json:"client_reference_id"`
	SuccessURL                *string        `db:"success_url" json:"success_url"`
	CancelURL                 *string        `db:"cancel_url" json:"cancel_url"`
	ReturnURL                 *string        `db:"return_url" json:"return_url"`
	RedirectOnCompletion      *string        `db:"redirect_on_completion" json:"redirect_on_completion"`
	Locale                    *string        `db:"locale" json:"locale"`
	SubmitType                *string        `db:"submit_type" json:"submit_type"`
	PhoneNumberCollection     bool           `db:"phone_number_collection" json:"phone_number_collection"`
	PaymentMethodTypes        pq.StringArray `db:"payment_method_types" json:"payment_method_types"`
	PaymentIntentData         jsonb          `db:"payment_intent_data" json:"payment_intent_data"`
	PaymentIntentID           *string        `db:"payment_intent_id" json:"payment_intent_id"`
	Metadata                  jsonb          `db:"metadata" json:"metadata"`
	Created                   int64          `db:"created" json:"created"`
	ExpiresAt                 int64          `db:"expires_at" json:"expires_at"`
	CompletedAt               *int64         `db:"completed_at" json:"completed_at"`
	AmountDiscount            int64          `db:"amount_discount" json:"amount_discount"`
	AmountTax                 int64          `db:"amount_tax" json:"amount_tax"`
	AllowPromotionCodes       bool           `db:"allow_promotion_codes" json:"allow_promotion_codes"`
	Discount                  jsonb          `db:"discount" json:"discount"`
	CustomFields              jsonb          `db:"custom_fields" json:"custom_fields"`
	CustomText                jsonb          `db:"custom_text" json:"custom_text"`
	ConsentCollection         jsonb          `db:"consent_collection" json:"consent_collection"`
	Consent                   jsonb          `db:"consent" json:"consent"`
	TaxIDCollection           bool           `db:"tax_id_collection" json:"tax_id_collection"`
	ShippingAddressCollection jsonb          `db:"shipping_address_collection" json:"shipping_address_collection"`
	ShippingOptions           jsonb          `db:"shipping_options" json:"shipping_options"`
	ShippingRate              *string        `db:"shipping_rate" json:"shipping_rate"`
	AmountShipping            int64          `db:"amount_shipping" json:"amount_shipping"`
	ShippingDetails           jsonb          `db:"shipping_details" json:"shipping_details"`
}

// shippingOptionRow is a session's shipping option as its row keeps it:
// the rate as it was, and its amount in the session's currency.
type shippingOptionRow struct {
	Rate   shippingRateRow `json:"rate"`
	Amount int64           `json:"amount"`
}

func shippingOptionsJSON(opts []till.ShippingOption) []byte {
	rows := make([]shippingOptionRow, len(opts))
	for i, o := range opts {
		rows[i] = shippingOptionRow{Rate: shippingRateToRow(o.Rate), Amount: o.Amount}
	}
	return toJSON(rows)
}

func shippingOptionsFrom(b []byte) []till.ShippingOption {
	var rows []shippingOptionRow
	fromJSON(b, &rows)
	var out []till.ShippingOption
	for _, r := range rows {
		out = append(out, till.ShippingOption{Rate: r.Rate.shippingRate(), Amount: r.Amount})
	}
	return out
}

// allowedCountriesJSON is shipping_address_collection's countries, NULL
// for none.
func allowedCountriesJSON(countries []string) []byte {
	if countries == nil {
		return nil
	}
	return toJSON(countries)
}

func sessionToRow(s *till.Session) sessionRow {
	return sessionRow{ID: s.ID, AccountID: s.AccountID, Livemode: s.Livemode, Status: s.Status,
		PaymentStatus: s.PaymentStatus, Mode: s.Mode, UIMode: s.UIMode, Currency: s.Currency,
		AmountSubtotal: s.AmountSubtotal, AmountTotal: s.AmountTotal, CustomerID: s.CustomerID,
		CustomerEmail: s.CustomerEmail, CustomerCreation: s.CustomerCreation,
		CustomerDetails: nullableJSON(s.CustomerDetails), BillingAddressCollection: s.BillingAddressCollection,
		ClientReferenceID: s.ClientReferenceID, SuccessURL: s.SuccessURL, CancelURL: s.CancelURL,
		ReturnURL: s.ReturnURL, RedirectOnCompletion: s.RedirectOnCompletion, Locale: s.Locale,
		SubmitType: s.SubmitType, PhoneNumberCollection: s.PhoneNumberCollection,
		PaymentMethodTypes: s.PaymentMethodTypes, PaymentIntentData: nullableJSON(s.PaymentIntentData),
		PaymentIntentID: s.PaymentIntentID, Metadata: metadataJSON(s.Metadata), Created: s.Created,
		ExpiresAt: s.ExpiresAt, CompletedAt: s.CompletedAt, AmountDiscount: s.AmountDiscount, AmountTax: s.AmountTax,
		AllowPromotionCodes: s.AllowPromotionCodes, Discount: nullableJSON(s.Discount),
		CustomFields: customFieldsJSON(s.CustomFields), CustomText: toJSON(s.CustomText),
		ConsentCollection: nullableJSON(s.ConsentCollection), Consent: nullableJSON(s.Consent),
		TaxIDCollection:           s.TaxIDCollection,
		ShippingAddressCollection: allowedCountriesJSON(s.ShippingAddressCollection),
		ShippingOptions:           shippingOptionsJSON(s.ShippingOptions), ShippingRate: s.ShippingRateID,
		AmountShipping: s.AmountShipping, ShippingDetails: nullableJSON(s.ShippingDetails)}
}

// customFieldsJSON keeps a session without custom fields as [], never null.
func customFieldsJSON(fields []till.CustomField) []byte {
	if fields == nil {
		fields = []till.CustomField{}
	}
	return toJSON(fields)
}

func (r sessionRow) session() *till.Session {
	s := &till.Session{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, Status: r.Status,
		PaymentStatus: r.PaymentStatus, Mode: r.Mode, UIMode: r.UIMode, Currency: r.Currency,
		AmountSubtotal: r.AmountSubtotal, AmountTotal: r.AmountTotal, CustomerID: r.CustomerID,
		CustomerEmail: r.CustomerEmail, CustomerCreation: r.CustomerCreation,
		CustomerDetails:          jsonPtr[till.CustomerDetails](r.CustomerDetails),
		BillingAddressCollection: r.BillingAddressCollection, ClientReferenceID: r.ClientReferenceID,
		SuccessURL: r.SuccessURL, CancelURL: r.CancelURL, ReturnURL: r.ReturnURL,
		RedirectOnCompletion: r.RedirectOnCompletion, Locale: r.Locale, SubmitType: r.SubmitType,
		PhoneNumberCollection: r.PhoneNumberCollection, PaymentMethodTypes: r.PaymentMethodTypes,
		PaymentIntentData: jsonPtr[till.PaymentIntentDataParams](r.PaymentIntentData),
		PaymentIntentID:   r.PaymentIntentID, Metadata: metadataFrom(r.Metadata), Created: r.Created,
		ExpiresAt: r.ExpiresAt, CompletedAt: r.CompletedAt, AmountDiscount: r.AmountDiscount, AmountTax: r.AmountTax,
		AllowPromotionCodes: r.AllowPromotionCodes, Discount: jsonPtr[till.SessionDiscount](r.Discount),
		ConsentCollection: jsonPtr[till.ConsentCollection](r.ConsentCollection), Consent: jsonPtr[till.Consent](r.Consent),
		TaxIDCollection: r.TaxIDCollection,
		ShippingOptions: shippingOptionsFrom(r.ShippingOptions), ShippingRateID: r.ShippingRate,
		AmountShipping: r.AmountShipping, ShippingDetails: jsonPtr[till.ShippingDetails](r.ShippingDetails),
		ShippingAddressCollection: jsonSlice[string](r.ShippingAddressCollection)}
	fromJSON(r.CustomFields, &s.CustomFields)
	fromJSON(r.CustomText, &s.CustomText)
	return s
}

// jsonSlice decodes a jsonb array column, nil for NULL.
func jsonSlice[T any](b []byte) []T {
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	out := []T{}
	fromJSON(b, &out)
	return out
}

type lineItemRow struct {
	ID                 string   `db:"id" json:"id"`
	SessionID          string   `db:"session_id" json:"session_id"`
	Position           int      `db:"position" json:"position"`
	PriceID            string   `db:"price_id" json:"price_id"`
	Quantity           int64    `db:"quantity" json:"quantity"`
	Description        *string  `db:"description" json:"description"`
	Currency           string   `db:"currency" json:"currency"`
	AmountSubtotal     int64    `db:"amount_subtotal" json:"amount_subtotal"`
	AmountDiscount     int64    `db:"amount_discount" json:"amount_discount"`
	AmountTax          int64    `db:"amount_tax" json:"amount_tax"`
	AmountTotal        int64    `db:"amount_total" json:"amount_total"`
	AdjustableQuantity jsonb    `db:"adjustable_quantity" json:"adjustable_quantity"`
	TaxRates           jsonb    `db:"tax_rates" json:"tax_rates"`
	Taxes              jsonb    `db:"taxes" json:"taxes"`
	DynamicTaxRates    jsonb    `db:"dynamic_tax_rates" json:"dynamic_tax_rates"`
	DynamicRate        jsonb    `db:"dynamic_rate" json:"dynamic_rate"`
	Price              priceRow `db:"price" json:"-"`
}

func lineItemToRow(li *till.LineItem) lineItemRow {
	row := lineItemRow{ID: li.ID, SessionID: li.SessionID, Position: li.Position, PriceID: li.Price.ID,
		Quantity: li.Quantity, Description: li.Description, Currency: li.Currency,
		AmountSubtotal: li.AmountSubtotal, AmountDiscount: li.AmountDiscount, AmountTax: li.AmountTax,
		AmountTotal: li.AmountTotal, AdjustableQuantity: nullableJSON(li.AdjustableQuantity),
		TaxRates: taxRatesJSON(li.TaxRates), Taxes: lineTaxesJSON(li.Taxes),
		DynamicTaxRates: taxRatesJSON(li.DynamicTaxRates)}
	if li.DynamicRate != nil {
		row.DynamicRate = toJSON(taxRateToRow(li.DynamicRate))
	}
	return row
}

func (r lineItemRow) lineItem() till.LineItem {
	li := till.LineItem{ID: r.ID, SessionID: r.SessionID, Position: r.Position, Price: r.Price.price(),
		Quantity: r.Quantity, Description: r.Description, Currency: r.Currency, AmountSubtotal: r.AmountSubtotal,
		AmountDiscount: r.AmountDiscount, AmountTax: r.AmountTax, AmountTotal: r.AmountTotal,
		AdjustableQuantity: jsonPtr[till.AdjustableQuantity](r.AdjustableQuantity)}
	li.TaxRates, li.DynamicTaxRates = taxRatesFrom(r.TaxRates), taxRatesFrom(r.DynamicTaxRates)
	if dr := jsonPtr[taxRateRow](r.DynamicRate); dr != nil {
		li.DynamicRate = dr.taxRate()
	}
	fromJSON(r.Taxes, &li.Taxes)
	return li
}

// taxRatesFrom reads a line's tax rates as its row keeps them.
func taxRatesFrom(b []byte) []*till.TaxRate {
	var rows []taxRateRow
	fromJSON(b, &rows)
	var out []*till.TaxRate
	for _, tr := range rows {
		out = append(out, tr.taxRate())
	}
	return out
}

// taxRatesJSON is a line's tax rates as its row keeps them.
func taxRatesJSON(rates []*till.TaxRate) []byte {
	rows := make([]taxRateRow, len(rates))
	for i, r := range rates {
		rows[i] = taxRateToRow(r)
	}
	return toJSON(rows)
}

func lineTaxesJSON(taxes []till.LineTax) []byte {
	if taxes == nil {
		taxes = []till.LineTax{}
	}
	return toJSON(taxes)
}

// jsonb holds a jsonb column: scanned as its bytes (NULL as nil), bound as
// them, and rendered into JSON as the JSON it holds.
type jsonb []byte

// Scan implements sql.Scanner.
func (j *jsonb) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*j = nil
	case []byte:
		*j = append(jsonb(nil), v...)
	case string:
		*j = jsonb(v)
	default:
		return fmt.Errorf("db: cannot scan %T into jsonb", src)
	}
	return nil
}

// Value implements driver.Valuer.
func (j jsonb) Value() (driver.Value, error) {
	if j == nil {
		return nil, nil
	}
	return []byte(j), nil
}

// MarshalJSON implements json.Marshaler.
func (j jsonb) MarshalJSON() ([]byte, error) {
	if j == nil {
		return []byte("null"), nil
	}
	return j, nil
}

// UnmarshalJSON implements json.Unmarshaler, for rows read as JSON: the
// column's JSON as it is, null as NULL.
func (j *jsonb) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*j = nil
		return nil
	}
	*j = append(jsonb(nil), b...)
	return nil
}

// rowJSON renders a row struct as a JSON object keyed by its column names,
// the input of jsonb_populate_record; its jsonb columns go in as JSON.
func rowJSON(row any) json.RawMessage { return toJSON(row) }

// rawJSON is rendered JSON as it goes into a JSON document: null when
// there is none.
func rawJSON(b []byte) []byte {
	if len(b) == 0 {
		return []byte("null")
	}
	return b
}

// jsonArray joins rendered JSON values into an array.
func jsonArray(values [][]byte) []byte {
	out := []byte{'['}
	for i, v := range values {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, v...)
	}
	return append(out, ']')
}

// rowsJSON renders row structs as a JSON array for jsonb_populate_recordset.
// rows must not be nil: that renders as null, not [].
func rowsJSON[T any](rows []T) json.RawMessage { return toJSON(rows) }

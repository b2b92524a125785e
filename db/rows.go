package db

import (
	"encoding/json"
	"reflect"

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
	ID           string  `db:"id"`
	AccountID    string  `db:"account_id"`
	Livemode     bool    `db:"livemode"`
	Active       bool    `db:"active"`
	Name         string  `db:"name"`
	Description  *string `db:"description"`
	Images       []byte  `db:"images"`
	Metadata     []byte  `db:"metadata"`
	DefaultPrice *string `db:"default_price"`
	TaxCode      *string `db:"tax_code"`
	UnitLabel    *string `db:"unit_label"`
	URL          *string `db:"url"`
	Created      int64   `db:"created"`
	Updated      int64   `db:"updated"`
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
	ID                string  `db:"id"`
	AccountID         string  `db:"account_id"`
	Livemode          bool    `db:"livemode"`
	ProductID         string  `db:"product_id"`
	Active            bool    `db:"active"`
	Currency          string  `db:"currency"`
	UnitAmount        *int64  `db:"unit_amount"`
	UnitAmountDecimal string  `db:"unit_amount_decimal"`
	Nickname          *string `db:"nickname"`
	LookupKey         *string `db:"lookup_key"`
	TaxBehavior       *string `db:"tax_behavior"`
	Metadata          []byte  `db:"metadata"`
	Created           int64   `db:"created"`
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
	ID          string  `db:"id"`
	AccountID   string  `db:"account_id"`
	Livemode    bool    `db:"livemode"`
	Email       *string `db:"email"`
	Name        *string `db:"name"`
	Phone       *string `db:"phone"`
	Description *string `db:"description"`
	Address     []byte  `db:"address"`
	Shipping    []byte  `db:"shipping"`
	Metadata    []byte  `db:"metadata"`
	Created     int64   `db:"created"`
	Deleted     bool    `db:"deleted"`
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
	ID                        string  `db:"id"`
	AccountID                 string  `db:"account_id"`
	Livemode                  bool    `db:"livemode"`
	CheckoutSessionID         string  `db:"checkout_session_id"`
	Status                    string  `db:"status"`
	Amount                    int64   `db:"amount"`
	AmountReceived            int64   `db:"amount_received"`
	Currency                  string  `db:"currency"`
	CustomerID                *string `db:"customer_id"`
	Description               *string `db:"description"`
	CaptureMethod             string  `db:"capture_method"`
	ReceiptEmail              *string `db:"receipt_email"`
	SetupFutureUsage          *string `db:"setup_future_usage"`
	StatementDescriptor       *string `db:"statement_descriptor"`
	StatementDescriptorSuffix *string `db:"statement_descriptor_suffix"`
	Shipping                  []byte  `db:"shipping"`
	Metadata                  []byte  `db:"metadata"`
	LastPaymentError          []byte  `db:"last_payment_error"`
	PaymentMethodCard         []byte  `db:"payment_method_card"`
	Created                   int64   `db:"created"`
}

func paymentIntentToRow(pi *till.PaymentIntent, card *till.Card) paymentIntentRow {
	return paymentIntentRow{ID: pi.ID, AccountID: pi.AccountID, Livemode: pi.Livemode,
		CheckoutSessionID: pi.CheckoutSessionID, Status: pi.Status, Amount: pi.Amount,
		AmountReceived: pi.AmountReceived, Currency: pi.Currency, CustomerID: pi.CustomerID,
		Description: pi.Description, CaptureMethod: pi.CaptureMethod, ReceiptEmail: pi.ReceiptEmail,
		SetupFutureUsage: pi.SetupFutureUsage, StatementDescriptor: pi.StatementDescriptor,
		StatementDescriptorSuffix: pi.StatementDescriptorSuffix, Shipping: nullableJSON(pi.Shipping),
		Metadata: metadataJSON(pi.Metadata), LastPaymentError: nullableJSON(pi.LastPaymentError),
		PaymentMethodCard: nullableJSON(card), Created: pi.Created}
}

func (r paymentIntentRow) paymentIntent() *till.PaymentIntent {
	return &till.PaymentIntent{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode,
		CheckoutSessionID: r.CheckoutSessionID, Status: r.Status, Amount: r.Amount, AmountReceived: r.AmountReceived,
		Currency: r.Currency, CustomerID: r.CustomerID, Description: r.Description, CaptureMethod: r.CaptureMethod,
		ReceiptEmail: r.ReceiptEmail, SetupFutureUsage: r.SetupFutureUsage, StatementDescriptor: r.StatementDescriptor,
		StatementDescriptorSuffix: r.StatementDescriptorSuffix, Shipping: jsonPtr[till.Shipping](r.Shipping),
		Metadata: metadataFrom(r.Metadata), LastPaymentError: jsonPtr[till.PaymentError](r.LastPaymentError),
		Created: r.Created}
}

type sessionRow struct {
	ID                       string         `db:"id"`
	AccountID                string         `db:"account_id"`
	Livemode                 bool           `db:"livemode"`
	Status                   string         `db:"status"`
	PaymentStatus            string         `db:"payment_status"`
	Mode                     string         `db:"mode"`
	UIMode                   string         `db:"ui_mode"`
	Currency                 string         `db:"currency"`
	AmountSubtotal           int64          `db:"amount_subtotal"`
	AmountTotal              int64          `db:"amount_total"`
	CustomerID               *string        `db:"customer_id"`
	CustomerEmail            *string        `db:"customer_email"`
	CustomerCreation         *string        `db:"customer_creation"`
	CustomerDetails          []byte         `db:"customer_details"`
	BillingAddressCollection *string        `db:"billing_address_collection"`
	ClientReferenceID        *string        `db:"client_reference_id"`
	SuccessURL               *string        `db:"success_url"`
	CancelURL                *string        `db:"cancel_url"`
	ReturnURL                *string        `db:"return_url"`
	RedirectOnCompletion     *string        `db:"redirect_on_completion"`
	Locale                   *string        `db:"locale"`
	SubmitType               *string        `db:"submit_type"`
	PhoneNumberCollection    bool           `db:"phone_number_collection"`
	PaymentMethodTypes       pq.StringArray `db:"payment_method_types"`
	PaymentIntentData        []byte         `db:"payment_intent_data"`
	PaymentIntentID          *string        `db:"payment_intent_id"`
	Metadata                 []byte         `db:"metadata"`
	Created                  int64          `db:"created"`
	ExpiresAt                int64          `db:"expires_at"`
	CompletedAt              *int64         `db:"completed_at"`
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
		ExpiresAt: s.ExpiresAt, CompletedAt: s.CompletedAt}
}

func (r sessionRow) session() *till.Session {
	return &till.Session{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, Status: r.Status,
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
		ExpiresAt: r.ExpiresAt, CompletedAt: r.CompletedAt}
}

type lineItemRow struct {
	ID                 string   `db:"id"`
	SessionID          string   `db:"session_id"`
	Position           int      `db:"position"`
	PriceID            string   `db:"price_id"`
	Quantity           int64    `db:"quantity"`
	Description        *string  `db:"description"`
	Currency           string   `db:"currency"`
	AmountSubtotal     int64    `db:"amount_subtotal"`
	AmountTotal        int64    `db:"amount_total"`
	AdjustableQuantity []byte   `db:"adjustable_quantity"`
	Price              priceRow `db:"price"`
}

func lineItemToRow(li *till.LineItem) lineItemRow {
	return lineItemRow{ID: li.ID, SessionID: li.SessionID, Position: li.Position, PriceID: li.Price.ID,
		Quantity: li.Quantity, Description: li.Description, Currency: li.Currency,
		AmountSubtotal: li.AmountSubtotal, AmountTotal: li.AmountTotal,
		AdjustableQuantity: nullableJSON(li.AdjustableQuantity)}
}

func (r lineItemRow) lineItem() till.LineItem {
	return till.LineItem{ID: r.ID, SessionID: r.SessionID, Position: r.Position, Price: r.Price.price(),
		Quantity: r.Quantity, Description: r.Description, Currency: r.Currency, AmountSubtotal: r.AmountSubtotal,
		AmountTotal: r.AmountTotal, AdjustableQuantity: jsonPtr[till.AdjustableQuantity](r.AdjustableQuantity)}
}

// rowJSON renders a row struct as a JSON object keyed by its db tags, the
// input of jsonb_populate_record: []byte fields are jsonb columns and go in
// as JSON, not as base64. Nested structs (joined rows) are left out.
func rowJSON(row any) json.RawMessage {
	v := reflect.ValueOf(row)
	out := make(map[string]any, v.NumField())
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		name := f.Tag.Get("db")
		if name == "" || f.Type.Kind() == reflect.Struct {
			continue
		}
		switch fv := v.Field(i).Interface().(type) {
		case []byte:
			if fv == nil {
				out[name] = nil
			} else {
				out[name] = json.RawMessage(fv)
			}
		default:
			out[name] = fv
		}
	}
	return toJSON(out)
}

// rowsJSON renders row structs as a JSON array for jsonb_populate_recordset.
func rowsJSON[T any](rows []T) json.RawMessage {
	out := make([]json.RawMessage, len(rows))
	for i, r := range rows {
		out[i] = rowJSON(r)
	}
	return toJSON(out)
}

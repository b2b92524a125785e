package api

import (
	"encoding/json"
	"slices"
	"strings"

	"till"
)

// The Stripe object shapes Till writes. Fields follow Stripe's basil objects
// (id and object first, the rest in alphabetical order); fields for features
// Till does not offer are present with Stripe's empty values, so SDK types
// and merchants' code that read them see what Stripe would send.

// listObject is Stripe's list envelope.
type listObject struct {
	Object  string `json:"object"`
	Data    any    `json:"data"`
	HasMore bool   `json:"has_more"`
	URL     string `json:"url"`
}

func newList[T any](url string, data []T, more bool) listObject {
	if data == nil {
		data = []T{}
	}
	return listObject{Object: "list", Data: data, HasMore: more, URL: url}
}

type automaticTax struct {
	Enabled   bool    `json:"enabled"`
	Liability *string `json:"liability"`
	Provider  *string `json:"provider"`
	Status    *string `json:"status"`
}

type customText struct {
	AfterSubmit              *textMessage `json:"after_submit"`
	ShippingAddress          *textMessage `json:"shipping_address"`
	Submit                   *textMessage `json:"submit"`
	TermsOfServiceAcceptance *textMessage `json:"terms_of_service_acceptance"`
}

type invoiceData struct {
	AccountTaxIDs    *[]string         `json:"account_tax_ids"`
	CustomFields     *[]nameValue      `json:"custom_fields"`
	Description      *string           `json:"description"`
	Footer           *string           `json:"footer"`
	Issuer           *string           `json:"issuer"`
	Metadata         map[string]string `json:"metadata"`
	RenderingOptions *string           `json:"rendering_options"`
}

type invoiceCreation struct {
	Enabled     bool        `json:"enabled"`
	InvoiceData invoiceData `json:"invoice_data"`
}

type enabledFlag struct {
	Enabled bool `json:"enabled"`
}

type totalDetails struct {
	AmountDiscount int64      `json:"amount_discount"`
	AmountShipping int64      `json:"amount_shipping"`
	AmountTax      int64      `json:"amount_tax"`
	Breakdown      *breakdown `json:"breakdown,omitempty"`
}

// breakdown is total_details.breakdown: the discount and the taxes that
// make up the amounts, present only when expanded.
type breakdown struct {
	Discounts []breakdownDiscount `json:"discounts"`
	Taxes     []breakdownTax      `json:"taxes"`
}

type breakdownDiscount struct {
	Amount   int64           `json:"amount"`
	Discount *discountObject `json:"discount"`
}

type breakdownTax struct {
	Amount           int64          `json:"amount"`
	Rate             *taxRateObject `json:"rate"`
	TaxabilityReason *string        `json:"taxability_reason"`
	TaxableAmount    int64          `json:"taxable_amount"`
}

// discountObject is a discount a session applied: Stripe's discount object,
// named after its session.
type discountObject struct {
	ID               string        `json:"id"`
	Object           string        `json:"object"`
	CheckoutSession  string        `json:"checkout_session"`
	Coupon           *couponObject `json:"coupon"`
	Customer         any           `json:"customer"`
	End              *int64        `json:"end"`
	Invoice          *string       `json:"invoice"`
	InvoiceItem      *string       `json:"invoice_item"`
	PromotionCode    *string       `json:"promotion_code"`
	Start            int64         `json:"start"`
	Subscription     *string       `json:"subscription"`
	SubscriptionItem *string       `json:"subscription_item"`
}

type customerDetails struct {
	Address   *till.Address `json:"address"`
	Email     *string       `json:"email"`
	Name      *string       `json:"name"`
	Phone     *string       `json:"phone"`
	TaxExempt string        `json:"tax_exempt"`
	TaxIDs    []till.TaxID  `json:"tax_ids"`
}

type sessionObject struct {
	ID                                string                      `json:"id"`
	Object                            string                      `json:"object"`
	AdaptivePricing                   enabledFlag                 `json:"adaptive_pricing"`
	AfterExpiration                   *string                     `json:"after_expiration"`
	AllowPromotionCodes               *bool                       `json:"allow_promotion_codes"`
	AmountSubtotal                    int64                       `json:"amount_subtotal"`
	AmountTotal                       int64                       `json:"amount_total"`
	AutomaticTax                      automaticTax                `json:"automatic_tax"`
	BillingAddressCollection          *string                     `json:"billing_address_collection"`
	CancelURL                         *string                     `json:"cancel_url"`
	ClientReferenceID                 *string                     `json:"client_reference_id"`
	ClientSecret                      *string                     `json:"client_secret"`
	CollectedInformation              *collectedInformation       `json:"collected_information"`
	Consent                           *consentObject              `json:"consent"`
	ConsentCollection                 *consentCollection          `json:"consent_collection"`
	Created                           int64                       `json:"created"`
	Currency                          string                      `json:"currency"`
	CurrencyConversion                *string                     `json:"currency_conversion"`
	CustomFields                      []customField               `json:"custom_fields"`
	CustomText                        customText                  `json:"custom_text"`
	Customer                          any                         `json:"customer"`
	CustomerCreation                  *string                     `json:"customer_creation"`
	CustomerDetails                   *customerDetails            `json:"customer_details"`
	CustomerEmail                     *string                     `json:"customer_email"`
	Discounts                         []discount                  `json:"discounts"`
	ExpiresAt                         int64                       `json:"expires_at"`
	Invoice                           *string                     `json:"invoice"`
	InvoiceCreation                   invoiceCreation             `json:"invoice_creation"`
	LineItems                         *listObject                 `json:"line_items,omitempty"`
	Livemode                          bool                        `json:"livemode"`
	Locale                            *string                     `json:"locale"`
	Metadata                          map[string]string           `json:"metadata"`
	Mode                              string                      `json:"mode"`
	OptionalItems                     []optionalItem              `json:"optional_items"`
	OriginContext                     *string                     `json:"origin_context"`
	PaymentIntent                     any                         `json:"payment_intent"`
	PaymentLink                       *string                     `json:"payment_link"`
	PaymentMethodCollection           string                      `json:"payment_method_collection"`
	PaymentMethodConfigurationDetails *string                     `json:"payment_method_configuration_details"`
	PaymentMethodOptions              sessionPaymentMethodOptions `json:"payment_method_options"`
	PaymentMethodTypes                []string                    `json:"payment_method_types"`
	PaymentStatus                     string                      `json:"payment_status"`
	Permissions                       *string                     `json:"permissions"`
	PhoneNumberCollection             enabledFlag                 `json:"phone_number_collection"`
	PresentmentDetails                *presentmentDetails         `json:"presentment_details"`
	RecoveredFrom                     *string                     `json:"recovered_from"`
	*RedirectSettings
	SavedPaymentMethodOptions *string                    `json:"saved_payment_method_options"`
	SetupIntent               *string                    `json:"setup_intent"`
	ShippingAddressCollection *shippingAddressCollection `json:"shipping_address_collection"`
	ShippingCost              *shippingCost              `json:"shipping_cost"`
	ShippingOptions           []shippingOption           `json:"shipping_options"`
	Status                    string                     `json:"status"`
	SubmitType                *string                    `json:"submit_type"`
	Subscription              *string                    `json:"subscription"`
	SuccessURL                *string                    `json:"success_url"`
	TaxIDCollection           taxIDCollection            `json:"tax_id_collection"`
	TotalDetails              totalDetails               `json:"total_details"`
	UIMode                    string                     `json:"ui_mode"`
	URL                       *string                    `json:"url"`
	WalletOptions             *string                    `json:"wallet_options"`
}

// sessionJSON renders a session for apiVersion; expansions are filled in by
// the caller.
func (h *Handler) sessionJSON(s *till.Session, apiVersion string) *sessionObject {
	o := &sessionObject{
		ID: s.ID, Object: "checkout.session", AmountSubtotal: s.AmountSubtotal, AmountTotal: s.AmountTotal,
		BillingAddressCollection: s.BillingAddressCollection, CancelURL: s.CancelURL,
		ClientReferenceID: s.ClientReferenceID, CollectedInformation: &collectedInformation{}, Created: s.Created,
		Currency: s.Currency, CustomFields: []customField{}, CustomerCreation: s.CustomerCreation,
		CustomerEmail: s.CustomerEmail, Discounts: []discount{}, ExpiresAt: s.ExpiresAt,
		InvoiceCreation: invoiceCreation{InvoiceData: invoiceData{Metadata: map[string]string{}}},
		Livemode:        s.Livemode, Locale: s.Locale, Metadata: s.Metadata, Mode: s.Mode,
		PaymentMethodCollection: "always", PaymentMethodTypes: s.PaymentMethodTypes,
		PaymentStatus: s.PaymentStatus, PhoneNumberCollection: enabledFlag{s.PhoneNumberCollection},
		ShippingOptions: []shippingOption{}, Status: s.Status, SubmitType: s.SubmitType, SuccessURL: s.SuccessURL,
		TaxIDCollection: taxIDCollection{Enabled: s.TaxIDCollection, Required: "never"}, UIMode: till.UIModeForVersion(s.UIMode, apiVersion),
	}
	if slices.Contains(s.PaymentMethodTypes, "card") {
		o.PaymentMethodOptions.Card = &sessionCardOptions{RequestThreeDSecure: "automatic"}
	}
	if s.AllowPromotionCodes {
		o.AllowPromotionCodes = &s.AllowPromotionCodes
	}
	if d := s.Discount; d != nil {
		o.Discounts = []discount{{Coupon: &d.CouponID, PromotionCode: d.PromotionCodeID}}
	}
	o.TotalDetails.AmountDiscount, o.TotalDetails.AmountTax = s.AmountDiscount, s.AmountTax
	shippingJSON(o, s)
	if s.CustomerID != nil {
		o.Customer = *s.CustomerID
	}
	if s.PaymentIntentID != nil {
		o.PaymentIntent = *s.PaymentIntentID
	}
	if d := s.CustomerDetails; d != nil {
		o.CustomerDetails = &customerDetails{Address: d.Address, Email: d.Email, Name: d.Name, Phone: d.Phone,
			TaxExempt: "none", TaxIDs: d.TaxIDs}
		if d.TaxIDs == nil {
			o.CustomerDetails.TaxIDs = []till.TaxID{}
		}
	}
	pageOptionsJSON(o, s)
	if s.UIMode == till.UIModeHosted {
		if s.Status == till.SessionOpen {
			u := h.sessionURL(s.ID)
			o.URL = &u
		}
	} else {
		secret := h.store.ClientSecret(s.ID)
		o.ClientSecret = &secret
		o.RedirectSettings = &RedirectSettings{RedirectOnCompletion: s.RedirectOnCompletion, ReturnURL: s.ReturnURL}
	}
	return o
}

// sessionURL is a hosted session's url: its page, and after the "#" an
// opaque fragment as Stripe's url always has (integrations and their tests
// look for it). Stripe keeps page state there; Till's page needs none, so it
// is a MAC of the session id, the same on every retrieve and in every
// process, URL-safe and free of the id itself.
func (h *Handler) sessionURL(id string) string {
	return h.publicURL + "/c/pay/" + id + "#" + h.store.Sign("checkout.session.url", id)
}

type productObject struct {
	ID                  string            `json:"id"`
	Object              string            `json:"object"`
	Active              bool              `json:"active"`
	Attributes          []string          `json:"attributes"`
	Created             int64             `json:"created"`
	DefaultPrice        *string           `json:"default_price"`
	Description         *string           `json:"description"`
	Images              []string          `json:"images"`
	Livemode            bool              `json:"livemode"`
	MarketingFeatures   []string          `json:"marketing_features"`
	Metadata            map[string]string `json:"metadata"`
	Name                string            `json:"name"`
	PackageDimensions   *string           `json:"package_dimensions"`
	Shippable           *bool             `json:"shippable"`
	StatementDescriptor *string           `json:"statement_descriptor"`
	TaxCode             *string           `json:"tax_code"`
	Type                string            `json:"type"`
	UnitLabel           *string           `json:"unit_label"`
	Updated             int64             `json:"updated"`
	URL                 *string           `json:"url"`
}

func productJSON(p *till.Product) *productObject {
	return &productObject{ID: p.ID, Object: "product", Active: p.Active, Attributes: []string{}, Created: p.Created,
		DefaultPrice: p.DefaultPrice, Description: p.Description, Images: p.Images, Livemode: p.Livemode,
		MarketingFeatures: []string{}, Metadata: p.Metadata, Name: p.Name, TaxCode: p.TaxCode, Type: "service",
		UnitLabel: p.UnitLabel, Updated: p.Updated, URL: p.URL}
}

type priceObject struct {
	ID                string            `json:"id"`
	Object            string            `json:"object"`
	Active            bool              `json:"active"`
	BillingScheme     string            `json:"billing_scheme"`
	Created           int64             `json:"created"`
	Currency          string            `json:"currency"`
	CustomUnitAmount  *string           `json:"custom_unit_amount"`
	Livemode          bool              `json:"livemode"`
	LookupKey         *string           `json:"lookup_key"`
	Metadata          map[string]string `json:"metadata"`
	Nickname          *string           `json:"nickname"`
	Product           any               `json:"product"`
	Recurring         *string           `json:"recurring"`
	TaxBehavior       string            `json:"tax_behavior"`
	TiersMode         *string           `json:"tiers_mode"`
	TransformQuantity *string           `json:"transform_quantity"`
	Type              string            `json:"type"`
	UnitAmount        *int64            `json:"unit_amount"`
	UnitAmountDecimal string            `json:"unit_amount_decimal"`
}

func priceJSON(p *till.Price) *priceObject {
	tax := "unspecified"
	if p.TaxBehavior != nil {
		tax = *p.TaxBehavior
	}
	return &priceObject{ID: p.ID, Object: "price", Active: p.Active, BillingScheme: "per_unit", Created: p.Created,
		Currency: p.Currency, Livemode: p.Livemode, LookupKey: p.LookupKey, Metadata: p.Metadata,
		Nickname: p.Nickname, Product: p.ProductID, TaxBehavior: tax, Type: "one_time", UnitAmount: p.UnitAmount,
		UnitAmountDecimal: p.UnitAmountDecimal}
}

type invoiceSettings struct {
	CustomFields         *string `json:"custom_fields"`
	DefaultPaymentMethod *string `json:"default_payment_method"`
	Footer               *string `json:"footer"`
	RenderingOptions     *string `json:"rendering_options"`
}

type customerObject struct {
	ID                  string            `json:"id"`
	Object              string            `json:"object"`
	Address             *till.Address     `json:"address"`
	Balance             int64             `json:"balance"`
	Created             int64             `json:"created"`
	Currency            *string           `json:"currency"`
	DefaultSource       *string           `json:"default_source"`
	Delinquent          bool              `json:"delinquent"`
	Description         *string           `json:"description"`
	Discount            *string           `json:"discount"`
	Email               *string           `json:"email"`
	InvoicePrefix       string            `json:"invoice_prefix"`
	InvoiceSettings     invoiceSettings   `json:"invoice_settings"`
	Livemode            bool              `json:"livemode"`
	Metadata            map[string]string `json:"metadata"`
	Name                *string           `json:"name"`
	NextInvoiceSequence int               `json:"next_invoice_sequence"`
	Phone               *string           `json:"phone"`
	PreferredLocales    []string          `json:"preferred_locales"`
	Shipping            *till.Shipping    `json:"shipping"`
	TaxExempt           string            `json:"tax_exempt"`
	TestClock           *string           `json:"test_clock"`
}

// deletedObject is what Stripe answers for a deleted object.
type deletedObject struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

func customerJSON(c *till.Customer) any {
	if c.Deleted {
		return &deletedObject{ID: c.ID, Object: "customer", Deleted: true}
	}
	return &customerObject{ID: c.ID, Object: "customer", Address: c.Address, Created: c.Created,
		Description: c.Description, Email: c.Email, InvoicePrefix: invoicePrefix(c.ID), Livemode: c.Livemode,
		Metadata: c.Metadata, Name: c.Name, NextInvoiceSequence: 1, Phone: c.Phone, PreferredLocales: []string{}, Shipping: c.Shipping,
		TaxExempt: "none"}
}

// invoicePrefix is the prefix of a customer's invoice numbers, which Stripe
// gives every customer: eight capitals and digits. Till issues no invoices;
// the prefix comes from the id so that it is the same on every read.
func invoicePrefix(customerID string) string {
	return strings.ToUpper(customerID[len(customerID)-8:])
}

// amountDetails are a PaymentIntent's amount broken down; Stripe sends an
// empty tip when there was none, and Checkout takes no tips.
type amountDetails struct {
	Tip struct{} `json:"tip"`
}

// paymentIntentPaymentMethodOptions are a PaymentIntent's options per
// method: Checkout's PaymentIntents are card-only, with Stripe's defaults.
type paymentIntentPaymentMethodOptions struct {
	Card paymentIntentCardOptions `json:"card"`
}

type paymentIntentCardOptions struct {
	Installments        *string `json:"installments"`
	MandateOptions      *string `json:"mandate_options"`
	Network             *string `json:"network"`
	RequestThreeDSecure string  `json:"request_three_d_secure"`
}

type paymentIntentObject struct {
	ID                                string                            `json:"id"`
	Object                            string                            `json:"object"`
	Amount                            int64                             `json:"amount"`
	AmountCapturable                  int64                             `json:"amount_capturable"`
	AmountDetails                     amountDetails                     `json:"amount_details"`
	AmountReceived                    int64                             `json:"amount_received"`
	Application                       *string                           `json:"application"`
	ApplicationFeeAmount              *int64                            `json:"application_fee_amount"`
	AutomaticPaymentMethods           *string                           `json:"automatic_payment_methods"`
	CanceledAt                        *int64                            `json:"canceled_at"`
	CancellationReason                *string                           `json:"cancellation_reason"`
	CaptureMethod                     string                            `json:"capture_method"`
	ClientSecret                      string                            `json:"client_secret"`
	ConfirmationMethod                string                            `json:"confirmation_method"`
	Created                           int64                             `json:"created"`
	Currency                          string                            `json:"currency"`
	Customer                          any                               `json:"customer"`
	Description                       *string                           `json:"description"`
	ExcludedPaymentMethodTypes        *[]string                         `json:"excluded_payment_method_types"`
	LastPaymentError                  *till.PaymentError                `json:"last_payment_error"`
	LatestCharge                      any                               `json:"latest_charge"`
	Livemode                          bool                              `json:"livemode"`
	Metadata                          map[string]string                 `json:"metadata"`
	NextAction                        *nextAction                       `json:"next_action"`
	OnBehalfOf                        *string                           `json:"on_behalf_of"`
	PaymentMethod                     *string                           `json:"payment_method"`
	PaymentMethodConfigurationDetails *string                           `json:"payment_method_configuration_details"`
	PaymentMethodOptions              paymentIntentPaymentMethodOptions `json:"payment_method_options"`
	PaymentMethodTypes                []string                          `json:"payment_method_types"`
	PresentmentDetails                *presentmentDetails               `json:"presentment_details"`
	Processing                        *string                           `json:"processing"`
	ReceiptEmail                      *string                           `json:"receipt_email"`
	Review                            *string                           `json:"review"`
	SetupFutureUsage                  *string                           `json:"setup_future_usage"`
	Shipping                          *till.Shipping                    `json:"shipping"`
	Source                            *string                           `json:"source"`
	StatementDescriptor               *string                           `json:"statement_descriptor"`
	StatementDescriptorSuffix         *string                           `json:"statement_descriptor_suffix"`
	Status                            string                            `json:"status"`
	TransferData                      *string                           `json:"transfer_data"`
	TransferGroup                     *string                           `json:"transfer_group"`
}

// nextAction is a PaymentIntent's next_action: the page where the shopper
// authenticates (3-D Secure), and where they come back to.
type nextAction struct {
	Type          string `json:"type"`
	RedirectToURL struct {
		ReturnURL string `json:"return_url"`
		URL       string `json:"url"`
	} `json:"redirect_to_url"`
}

// AuthenticationPath is the path of the page where the shopper
// authenticates the payment a session's intent awaits.
func AuthenticationPath(sessionID, intentID string) string {
	return "/c/authenticate/" + sessionID + "?payment_intent=" + intentID
}

// paymentIntentJSON renders an intent; one awaiting its authentication
// sends the shopper to Till's test authentication page.
func (h *Handler) paymentIntentJSON(pi *till.PaymentIntent) *paymentIntentObject {
	o := &paymentIntentObject{ID: pi.ID, Object: "payment_intent", Amount: pi.Amount,
		AmountCapturable: pi.AmountCapturable, AmountReceived: pi.AmountReceived, CanceledAt: pi.CanceledAt,
		CancellationReason: pi.CancellationReason, CaptureMethod: pi.CaptureMethod,
		// Checkout-owned PaymentIntents cannot be confirmed from a browser, so
		// the secret is a placeholder that opens nothing; it is never stored.
		ClientSecret: pi.ID + "_secret_checkout", ConfirmationMethod: "automatic", Created: pi.Created,
		Currency: pi.Currency, Description: pi.Description, LastPaymentError: pi.LastPaymentError,
		Livemode: pi.Livemode, Metadata: pi.Metadata,
		PaymentMethodOptions: paymentIntentPaymentMethodOptions{Card: paymentIntentCardOptions{RequestThreeDSecure: "automatic"}},
		PaymentMethodTypes:   []string{"card"},
		ReceiptEmail:         pi.ReceiptEmail, SetupFutureUsage: pi.SetupFutureUsage, Shipping: pi.Shipping,
		StatementDescriptor: pi.StatementDescriptor, StatementDescriptorSuffix: pi.StatementDescriptorSuffix,
		Status: pi.Status}
	if pi.CustomerID != nil {
		o.Customer = *pi.CustomerID
	}
	if pi.LatestChargeID != nil {
		o.LatestCharge = *pi.LatestChargeID
	}
	if pi.Status == till.PaymentIntentRequiresAction {
		a := &nextAction{Type: "redirect_to_url"}
		a.RedirectToURL.URL = h.publicURL + AuthenticationPath(pi.CheckoutSessionID, pi.ID)
		a.RedirectToURL.ReturnURL = h.publicURL + "/c/pay/" + pi.CheckoutSessionID
		o.NextAction = a
	}
	return o
}

type lineItemObject struct {
	ID             string       `json:"id"`
	Object         string       `json:"object"`
	AmountDiscount int64        `json:"amount_discount"`
	AmountSubtotal int64        `json:"amount_subtotal"`
	AmountTax      int64        `json:"amount_tax"`
	AmountTotal    int64        `json:"amount_total"`
	Currency       string       `json:"currency"`
	Description    *string      `json:"description"`
	Price          *priceObject `json:"price"`
	Quantity       int64        `json:"quantity"`
}

func lineItemJSON(li *till.LineItem) *lineItemObject {
	return &lineItemObject{ID: li.ID, Object: "item", AmountSubtotal: li.AmountSubtotal, AmountDiscount: li.AmountDiscount,
		AmountTax:   li.AmountTax,
		AmountTotal: li.AmountTotal, Currency: li.Currency, Description: li.Description,
		Price: priceJSON(li.Price), Quantity: li.Quantity}
}

// eventJSON renders the data.object of an event.
func eventJSON(v any) ([]byte, error) { return json.Marshal(v) }

type eventData struct {
	Object json.RawMessage `json:"object"`
}

type eventRequest struct {
	ID             *string `json:"id"`
	IdempotencyKey *string `json:"idempotency_key"`
}

type eventObject struct {
	ID              string       `json:"id"`
	Object          string       `json:"object"`
	APIVersion      string       `json:"api_version"`
	Created         int64        `json:"created"`
	Data            eventData    `json:"data"`
	Livemode        bool         `json:"livemode"`
	PendingWebhooks int64        `json:"pending_webhooks"`
	Request         eventRequest `json:"request"`
	Type            string       `json:"type"`
}

// eventObjectJSON renders an event stamped with apiVersion. data.object is
// the object as it was rendered when the event happened, in apiVersion's
// shape.
func eventObjectJSON(ev *till.Event, apiVersion string, pending int64) (*eventObject, error) {
	object, err := objectInVersion(ev.Data, apiVersion)
	if err != nil {
		return nil, err
	}
	return &eventObject{ID: ev.ID, Object: "event", APIVersion: apiVersion, Created: ev.Created,
		Data: eventData{Object: object}, Livemode: ev.Livemode, PendingWebhooks: pending,
		Request: eventRequest{ID: ev.RequestID, IdempotencyKey: ev.IdempotencyKey}, Type: ev.Type}, nil
}

type webhookEndpointObject struct {
	ID            string            `json:"id"`
	Object        string            `json:"object"`
	APIVersion    *string           `json:"api_version"`
	Application   *string           `json:"application"`
	Created       int64             `json:"created"`
	Description   *string           `json:"description"`
	EnabledEvents []string          `json:"enabled_events"`
	Livemode      bool              `json:"livemode"`
	Metadata      map[string]string `json:"metadata"`
	Secret        *string           `json:"secret,omitempty"`
	Status        string            `json:"status"`
	URL           string            `json:"url"`
}

// webhookEndpointJSON renders an endpoint without its secret, which only the
// create answer shows.
func webhookEndpointJSON(e *till.WebhookEndpoint) *webhookEndpointObject {
	return &webhookEndpointObject{ID: e.ID, Object: "webhook_endpoint", APIVersion: e.APIVersion, Created: e.Created,
		Description: e.Description, EnabledEvents: e.EnabledEvents, Livemode: e.Livemode, Metadata: e.Metadata,
		Status: e.Status, URL: e.URL}
}

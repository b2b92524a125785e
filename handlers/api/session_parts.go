package api

import "till"

// The parts of a checkout.session for what Till does not offer (Adaptive
// Pricing, invoices) or offers only in some ui_modes, rendered with the
// values Stripe gives them then. The lists
// are typed as Stripe's objects, so that once filled they still decode into
// the SDKs' types.

// nameValue is a custom field of an invoice.
type nameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// customField is a field a session asks the shopper to fill in, with the
// shopper's value once the session completed: text and numeric fields
// under text or numeric, a dropdown's under dropdown.
type customField struct {
	Dropdown *customFieldDropdown `json:"dropdown"`
	Key      string               `json:"key"`
	Label    customFieldLabel     `json:"label"`
	Numeric  *customFieldInput    `json:"numeric"`
	Optional bool                 `json:"optional"`
	Text     *customFieldInput    `json:"text"`
	Type     string               `json:"type"`
}

type customFieldLabel struct {
	Custom *string `json:"custom"`
	Type   string  `json:"type"`
}

type customFieldDropdown struct {
	DefaultValue *string     `json:"default_value"`
	Options      []nameLabel `json:"options"`
	Value        *string     `json:"value"`
}

type nameLabel struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

type customFieldInput struct {
	DefaultValue  *string `json:"default_value"`
	MaximumLength *int64  `json:"maximum_length"`
	MinimumLength *int64  `json:"minimum_length"`
	Value         *string `json:"value"`
}

// discount is a coupon or promotion code applied to a session.
type discount struct {
	Coupon        *string `json:"coupon"`
	PromotionCode *string `json:"promotion_code"`
}

// shippingOption is a shipping rate a session offers, with its amount in
// the session's currency.
type shippingOption struct {
	ShippingAmount int64  `json:"shipping_amount"`
	ShippingRate   string `json:"shipping_rate"`
}

// shippingAddressCollection is the countries a session ships to.
type shippingAddressCollection struct {
	AllowedCountries []string `json:"allowed_countries"`
}

// shippingCost is what the chosen shipping option costs. Till taxes no
// shipping, so its tax is 0 and its taxes none.
type shippingCost struct {
	AmountSubtotal int64    `json:"amount_subtotal"`
	AmountTax      int64    `json:"amount_tax"`
	AmountTotal    int64    `json:"amount_total"`
	ShippingRate   *string  `json:"shipping_rate"`
	Taxes          []string `json:"taxes"`
}

// shippingJSON fills in a session's shipping: the countries it ships to,
// its options, the chosen one's cost, and once paid where the order goes.
func shippingJSON(o *sessionObject, s *till.Session) {
	if s.ShippingAddressCollection != nil {
		o.ShippingAddressCollection = &shippingAddressCollection{AllowedCountries: s.ShippingAddressCollection}
	}
	for _, opt := range s.ShippingOptions {
		o.ShippingOptions = append(o.ShippingOptions, shippingOption{ShippingAmount: opt.Amount, ShippingRate: opt.Rate.ID})
	}
	if s.ShippingRateID != nil {
		o.ShippingCost = &shippingCost{AmountSubtotal: s.AmountShipping, AmountTotal: s.AmountShipping,
			ShippingRate: s.ShippingRateID, Taxes: []string{}}
	}
	o.TotalDetails.AmountShipping = s.AmountShipping
	if d := s.ShippingDetails; d != nil {
		o.CollectedInformation.ShippingDetails = &shippingDetails{Address: d.Address, Name: d.Name}
	}
}

// optionalItem is an item a shopper may add to a session; Till offers none,
// and Stripe's optional_items is null then.
type optionalItem struct {
	AdjustableQuantity *till.AdjustableQuantity `json:"adjustable_quantity"`
	Price              string                   `json:"price"`
	Quantity           int64                    `json:"quantity"`
}

// presentmentDetails is what the shopper paid in their own currency with
// Adaptive Pricing, on a session and its PaymentIntent. Till converts no
// currency. Stripe then leaves the key out; Till sends null, which the SDKs
// read the same, so that the key stripe-go's structs have is there.
type presentmentDetails struct {
	PresentmentAmount   int64  `json:"presentment_amount"`
	PresentmentCurrency string `json:"presentment_currency"`
}

// collectedInformation is what a session collected beyond the customer's
// details: the shipping details, null until paid or when not collected.
type collectedInformation struct {
	ShippingDetails *shippingDetails `json:"shipping_details"`
}

type shippingDetails struct {
	Address till.Address `json:"address"`
	Name    string       `json:"name"`
}

// sessionPaymentMethodOptions are a session's options per payment method:
// Stripe lists only the methods the session accepts and, for cards, only
// request_three_d_secure until the merchant sets more.
type sessionPaymentMethodOptions struct {
	Card *sessionCardOptions `json:"card,omitempty"`
}

type sessionCardOptions struct {
	RequestThreeDSecure string `json:"request_three_d_secure"`
}

// taxIDCollection says whether the shopper may give a tax ID; Till never
// requires one.
type taxIDCollection struct {
	Enabled  bool   `json:"enabled"`
	Required string `json:"required"`
}

// RedirectSettings say where an embedded or custom session sends the shopper
// once paid. Stripe's hosted sessions carry neither key (they redirect to
// success_url), so a hosted session's are nil and left out. Exported only
// because encoding/json fills an embedded pointer to exported types alone,
// when events are rendered again in another API version.
type RedirectSettings struct {
	RedirectOnCompletion *string `json:"redirect_on_completion"`
	ReturnURL            *string `json:"return_url"`
}

// consentCollection is what a session asks the shopper to agree to; Till
// has no payment method reuse agreement (it saves no cards), so that is
// null.
type consentCollection struct {
	PaymentMethodReuseAgreement *string `json:"payment_method_reuse_agreement"`
	Promotions                  *string `json:"promotions"`
	TermsOfService              *string `json:"terms_of_service"`
}

// consentObject is what the shopper agreed to.
type consentObject struct {
	Promotions     *string `json:"promotions"`
	TermsOfService *string `json:"terms_of_service"`
}

// pageOptionsJSON fills in what a session's page asks beyond the payment.
func pageOptionsJSON(o *sessionObject, s *till.Session) {
	for _, f := range s.CustomFields {
		label := f.Label
		cf := customField{Key: f.Key, Label: customFieldLabel{Custom: &label, Type: "custom"}, Optional: f.Optional, Type: f.Type}
		switch f.Type {
		case till.CustomFieldDropdown:
			d := &customFieldDropdown{DefaultValue: f.DefaultValue, Options: []nameLabel{}, Value: f.Value}
			for _, opt := range f.Options {
				d.Options = append(d.Options, nameLabel{Label: opt.Label, Value: opt.Value})
			}
			cf.Dropdown = d
		default:
			in := &customFieldInput{DefaultValue: f.DefaultValue, MaximumLength: f.MaximumLength,
				MinimumLength: f.MinimumLength, Value: f.Value}
			if f.Type == till.CustomFieldNumeric {
				cf.Numeric = in
			} else {
				cf.Text = in
			}
		}
		o.CustomFields = append(o.CustomFields, cf)
	}
	t := s.CustomText
	o.CustomText = customText{AfterSubmit: message(t.AfterSubmit), ShippingAddress: message(t.ShippingAddress),
		Submit: message(t.Submit), TermsOfServiceAcceptance: message(t.TermsOfServiceAcceptance)}
	if c := s.ConsentCollection; c != nil {
		o.ConsentCollection = &consentCollection{Promotions: c.Promotions, TermsOfService: c.TermsOfService}
	}
	if c := s.Consent; c != nil {
		o.Consent = &consentObject{Promotions: c.Promotions, TermsOfService: c.TermsOfService}
	}
}

// textMessage is one custom text: {message}.
type textMessage struct {
	Message string `json:"message"`
}

func message(m *string) *textMessage {
	if m == nil {
		return nil
	}
	return &textMessage{Message: *m}
}

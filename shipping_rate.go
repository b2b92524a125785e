package till

import (
	"fmt"
	"strings"
)

// ShippingRate is a price for delivering an order, which a Checkout
// Session offers among its shipping_options: a fixed amount in a currency
// (and in others through CurrencyOptions), with how long delivery takes.
type ShippingRate struct {
	ID          string
	AccountID   string
	Livemode    bool
	DisplayName string
	Amount      int64
	Currency    string
	// CurrencyOptions are the rate's amounts in other currencies.
	CurrencyOptions  map[string]ShippingCurrencyOption
	DeliveryEstimate *DeliveryEstimate
	TaxBehavior      string
	TaxCode          *string
	Active           bool
	Metadata         map[string]string
	Created          int64
}

// ShippingCurrencyOption is a rate's amount in one more currency.
type ShippingCurrencyOption struct {
	Amount      int64  `json:"amount"`
	TaxBehavior string `json:"tax_behavior"`
}

// DeliveryEstimate is how long delivery takes, at least and at most; either
// bound may be absent.
type DeliveryEstimate struct {
	Minimum *DeliveryBound `json:"minimum"`
	Maximum *DeliveryBound `json:"maximum"`
}

// DeliveryBound is one bound of an estimate: a number of units.
type DeliveryBound struct {
	Unit  string `json:"unit"`
	Value int64  `json:"value"`
}

// DeliveryUnits are Stripe's units of a delivery estimate.
var DeliveryUnits = []string{"business_day", "day", "hour", "month", "week"}

// TaxBehaviors are Stripe's tax_behavior values.
var TaxBehaviors = []string{"exclusive", "inclusive", "unspecified"}

// NewShippingRateID returns a fresh shipping rate id.
func NewShippingRateID() string { return "shr_" + RandomString(24) }

// ShippingRateParams are the parameters of POST /v1/shipping_rates and
// POST /v1/shipping_rates/{id}, and a session's inline
// shipping_options[][shipping_rate_data].
type ShippingRateParams struct {
	DisplayName      *string                 `form:"display_name"`
	Type             *string                 `form:"type"`
	FixedAmount      *FixedAmountParams      `form:"fixed_amount"`
	DeliveryEstimate *DeliveryEstimateParams `form:"delivery_estimate"`
	TaxBehavior      *string                 `form:"tax_behavior"`
	TaxCode          *string                 `form:"tax_code"`
	Active           *bool                   `form:"active"`
	Metadata         map[string]string       `form:"metadata"`
	Expand           []string                `form:"expand"`
}

// FixedAmountParams is fixed_amount.
type FixedAmountParams struct {
	Amount          *int64                         `form:"amount"`
	Currency        *string                        `form:"currency"`
	CurrencyOptions map[string]CurrencyOptionParam `form:"currency_options"`
}

// CurrencyOptionParam is fixed_amount[currency_options][cur].
type CurrencyOptionParam struct {
	Amount      *int64  `form:"amount"`
	TaxBehavior *string `form:"tax_behavior"`
}

// DeliveryEstimateParams is delivery_estimate.
type DeliveryEstimateParams struct {
	Minimum *DeliveryBoundParams `form:"minimum"`
	Maximum *DeliveryBoundParams `form:"maximum"`
}

// DeliveryBoundParams is delivery_estimate[minimum] or [maximum].
type DeliveryBoundParams struct {
	Unit  *string `form:"unit"`
	Value *int64  `form:"value"`
}

// NewShippingRate checks a create's parameters (param prefixes their
// names: "" for POST /v1/shipping_rates, shipping_options[i][shipping_rate_data]
// for a session's inline rate) and returns the rate to store.
func NewShippingRate(p *ShippingRateParams, param string, caller Caller, now int64) (*ShippingRate, error) {
	name := func(n string) string {
		if param == "" {
			return n
		}
		head, rest, nested := strings.Cut(n, "[")
		if nested {
			return param + "[" + head + "][" + rest
		}
		return param + "[" + n + "]"
	}
	switch {
	case p.DisplayName == nil:
		return nil, Missing(name("display_name"))
	case strings.TrimSpace(*p.DisplayName) == "":
		return nil, Invalid(CodeParameterInvalidEmpty, name("display_name"), "%s may not be empty.", name("display_name"))
	}
	if p.Active != nil {
		return nil, Invalid(CodeParameterUnknown, name("active"), "Received unknown parameter: %s", name("active"))
	}
	for _, err := range []error{
		maxLen(name("display_name"), p.DisplayName, 100),
		oneOf(name("type"), p.Type, "fixed_amount"),
		oneOf(name("tax_behavior"), p.TaxBehavior, TaxBehaviors...),
		maxLen(name("tax_code"), p.TaxCode, 5000),
		CheckMetadata(name("metadata"), p.Metadata),
	} {
		if err != nil {
			return nil, err
		}
	}
	fa := p.FixedAmount
	switch {
	case fa == nil:
		return nil, Missing(name("fixed_amount"))
	case fa.Amount == nil:
		return nil, Missing(name("fixed_amount[amount]"))
	case fa.Currency == nil:
		return nil, Missing(name("fixed_amount[currency]"))
	case *fa.Amount < 0:
		return nil, Invalid(CodeParameterInvalidInteger, name("fixed_amount[amount]"), "This value must be greater than or equal to 0.")
	case *fa.Amount > 99999999:
		return nil, Invalid(CodeAmountTooLarge, name("fixed_amount[amount]"), "This value must be less than or equal to 99999999.")
	}
	cur := strings.ToLower(*fa.Currency)
	if !IsSupportedCurrency(cur) {
		return nil, Invalid(CodeInvalidRequest, name("fixed_amount[currency]"), "Invalid currency: %s.", *fa.Currency)
	}
	r := &ShippingRate{ID: NewShippingRateID(), AccountID: caller.AccountID, Livemode: caller.Livemode,
		DisplayName: *p.DisplayName, Amount: *fa.Amount, Currency: cur, CurrencyOptions: map[string]ShippingCurrencyOption{},
		TaxBehavior: "unspecified", TaxCode: p.TaxCode, Active: true, Metadata: CleanMetadata(p.Metadata), Created: now}
	if p.TaxBehavior != nil {
		r.TaxBehavior = *p.TaxBehavior
	}
	if err := r.applyCurrencyOptions(fa.CurrencyOptions, name("fixed_amount[currency_options]")); err != nil {
		return nil, err
	}
	if d := p.DeliveryEstimate; d != nil {
		r.DeliveryEstimate = &DeliveryEstimate{}
		for _, b := range []struct {
			param string
			in    *DeliveryBoundParams
			out   **DeliveryBound
		}{{"minimum", d.Minimum, &r.DeliveryEstimate.Minimum}, {"maximum", d.Maximum, &r.DeliveryEstimate.Maximum}} {
			if b.in == nil {
				continue
			}
			bp := name("delivery_estimate[" + b.param + "]")
			switch {
			case b.in.Unit == nil:
				return nil, Missing(bp + "[unit]")
			case b.in.Value == nil:
				return nil, Missing(bp + "[value]")
			case *b.in.Value < 1:
				return nil, Invalid(CodeParameterInvalidInteger, bp+"[value]", "This value must be greater than or equal to 1.")
			}
			if err := oneOf(bp+"[unit]", b.in.Unit, DeliveryUnits...); err != nil {
				return nil, err
			}
			*b.out = &DeliveryBound{Unit: *b.in.Unit, Value: *b.in.Value}
		}
	}
	return r, nil
}

// applyCurrencyOptions adds or changes the rate's amounts in other
// currencies; param names them in errors.
func (r *ShippingRate) applyCurrencyOptions(opts map[string]CurrencyOptionParam, param string) error {
	for cur, o := range opts {
		p := param + "[" + cur + "]"
		lower := strings.ToLower(cur)
		switch {
		case !IsSupportedCurrency(lower):
			return Invalid(CodeInvalidRequest, param, "Invalid currency: %s.", cur)
		case o.Amount == nil:
			return Missing(p + "[amount]")
		case *o.Amount < 0:
			return Invalid(CodeParameterInvalidInteger, p+"[amount]", "This value must be greater than or equal to 0.")
		}
		if err := oneOf(p+"[tax_behavior]", o.TaxBehavior, TaxBehaviors...); err != nil {
			return err
		}
		opt := ShippingCurrencyOption{Amount: *o.Amount, TaxBehavior: "unspecified"}
		if o.TaxBehavior != nil {
			opt.TaxBehavior = *o.TaxBehavior
		}
		r.CurrencyOptions[lower] = opt
	}
	return nil
}

// CheckShippingRateUpdate refuses what an update cannot change: a rate's
// name, amount, currency, estimate and tax code are fixed once it is made,
// as at Stripe.
func CheckShippingRateUpdate(p *ShippingRateParams) error {
	for param, set := range map[string]bool{"display_name": p.DisplayName != nil, "type": p.Type != nil,
		"delivery_estimate": p.DeliveryEstimate != nil, "tax_code": p.TaxCode != nil,
		"fixed_amount[amount]":   p.FixedAmount != nil && p.FixedAmount.Amount != nil,
		"fixed_amount[currency]": p.FixedAmount != nil && p.FixedAmount.Currency != nil} {
		if set {
			return Invalid(CodeParameterUnknown, param, "Received unknown parameter: %s", param)
		}
	}
	return nil
}

// ApplyShippingRateUpdate applies an update: active, metadata, the
// amounts in other currencies, and a tax behavior that was unspecified
// (Stripe fixes inclusive or exclusive once set).
func ApplyShippingRateUpdate(r *ShippingRate, p *ShippingRateParams) error {
	if err := oneOf("tax_behavior", p.TaxBehavior, TaxBehaviors...); err != nil {
		return err
	}
	if b := p.TaxBehavior; b != nil && *b != r.TaxBehavior {
		if r.TaxBehavior != "unspecified" {
			return Invalid(CodeInvalidRequest, "tax_behavior", "The tax_behavior of a shipping rate cannot be changed once it is set to inclusive or exclusive.")
		}
		r.TaxBehavior = *b
	}
	if p.FixedAmount != nil {
		if err := r.applyCurrencyOptions(p.FixedAmount.CurrencyOptions, "fixed_amount[currency_options]"); err != nil {
			return err
		}
	}
	if p.Active != nil {
		r.Active = *p.Active
	}
	metadata, err := applyMetadata(r.Metadata, p.Metadata)
	r.Metadata = metadata
	return err
}

// AmountIn is the rate's amount in a currency, false when it has none
// there.
func (r *ShippingRate) AmountIn(currency string) (int64, bool) {
	if r.Currency == currency {
		return r.Amount, true
	}
	o, ok := r.CurrencyOptions[currency]
	return o.Amount, ok
}

// ShippingRateFilter narrows GET /v1/shipping_rates.
type ShippingRateFilter struct {
	Active   *bool
	Currency *string
}

// MaxShippingOptions is how many shipping options a session may offer.
const MaxShippingOptions = 5

// ShippingOption is one shipping rate a session offers, as it was when the
// session was made, with its amount in the session's currency.
type ShippingOption struct {
	Rate   *ShippingRate
	Amount int64
}

// ShippingOptionParams is one shipping_options[i] of a create.
type ShippingOptionParams struct {
	ShippingRate     *string             `form:"shipping_rate"`
	ShippingRateData *ShippingRateParams `form:"shipping_rate_data"`
}

// ShippingAddressCollectionParams is shipping_address_collection.
type ShippingAddressCollectionParams struct {
	AllowedCountries []string `form:"allowed_countries"`
}

// ShippingDetails are where the shopper asked the order to go.
type ShippingDetails struct {
	Name    string  `json:"name"`
	Address Address `json:"address"`
}

// checkShipping applies a create's shipping rules that need nothing but
// the request: allowed countries that Checkout ships to, at most five
// options, each a rate or an inline rate's data.
func checkShipping(p *CreateSessionParams) error {
	if c := p.ShippingAddressCollection; c != nil {
		if len(c.AllowedCountries) == 0 {
			return Missing("shipping_address_collection[allowed_countries]")
		}
		for i, code := range c.AllowedCountries {
			if !IsCountry(code) {
				return Invalid(CodeInvalidRequest, fmt.Sprintf("shipping_address_collection[allowed_countries][%d]", i),
					"Invalid shipping_address_collection[allowed_countries][%d]: must be one of %s", i, orList(Countries))
			}
		}
	}
	if len(p.ShippingOptions) > MaxShippingOptions {
		return Invalid(CodeInvalidRequest, "shipping_options", "You may only specify up to %d shipping options.", MaxShippingOptions)
	}
	for i, o := range p.ShippingOptions {
		param := fmt.Sprintf("shipping_options[%d]", i)
		switch {
		case o.ShippingRate != nil && o.ShippingRateData != nil:
			return Exclusive(param+"[shipping_rate]", param+"[shipping_rate_data]")
		case o.ShippingRate == nil && o.ShippingRateData == nil:
			return Invalid(CodeParameterMissing, param, "Each shipping option must have either shipping_rate or shipping_rate_data: %s has neither.", param)
		}
	}
	return nil
}

// planShipping resolves a create's shipping options into the session's,
// each in the session's currency (an inline rate becomes a rate of its
// own, added to the plan), and selects the first, as Checkout does.
func planShipping(plan *SessionPlan, s *Session, p *CreateSessionParams, caller Caller, now int64, lookup Lookup) error {
	if c := p.ShippingAddressCollection; c != nil {
		s.ShippingAddressCollection = c.AllowedCountries
	}
	for i, o := range p.ShippingOptions {
		param := fmt.Sprintf("shipping_options[%d]", i)
		var rate *ShippingRate
		var err error
		if o.ShippingRate != nil {
			param += "[shipping_rate]"
			if rate, err = lookup.ShippingRate(*o.ShippingRate); err != nil {
				return withParam(err, param)
			}
			if !rate.Active {
				return Invalid(CodeInvalidRequest, param, "The shipping rate %s is inactive; only active shipping rates can be used.", rate.ID)
			}
		} else {
			param += "[shipping_rate_data]"
			if rate, err = NewShippingRate(o.ShippingRateData, param, caller, now); err != nil {
				return err
			}
			plan.NewShippingRates = append(plan.NewShippingRates, rate)
		}
		amount, ok := rate.AmountIn(s.Currency)
		if !ok {
			return Invalid(CodeInvalidRequest, param, "The shipping rate's currency (%s) does not match the Checkout Session's currency (%s); give it an amount in %s in fixed_amount[currency_options].",
				rate.Currency, s.Currency, s.Currency)
		}
		s.ShippingOptions = append(s.ShippingOptions, ShippingOption{Rate: rate, Amount: amount})
	}
	if len(s.ShippingOptions) > 0 {
		s.ShippingRateID = &s.ShippingOptions[0].Rate.ID
	}
	return nil
}

// ShippingOptionOf is the session's option of a rate, nil when it offers
// none of that id.
func (s *Session) ShippingOptionOf(rateID string) *ShippingOption {
	for i := range s.ShippingOptions {
		if s.ShippingOptions[i].Rate.ID == rateID {
			return &s.ShippingOptions[i]
		}
	}
	return nil
}

// SelectShippingRate makes one of the session's options the shopper's
// choice, and its totals follow.
func (s *Session) SelectShippingRate(rateID string) error {
	if s.ShippingOptionOf(rateID) == nil {
		return Invalid(CodeInvalidRequest, "shipping_rate", "This Checkout Session offers no shipping rate %s.", rateID)
	}
	s.ShippingRateID = &rateID
	s.computeTotals()
	return nil
}

// TotalWith is what the checkout would come to with another shipping
// option chosen: its shipping amount and total, for a page that shows each.
func (co *Checkout) TotalWith(rateID string) (shipping, total int64) {
	s := co.sessionWithItems()
	if s.SelectShippingRate(rateID) != nil {
		return co.Session.AmountShipping, co.Session.AmountTotal
	}
	return s.AmountShipping, s.AmountTotal
}

// ChooseShipping applies a shopper's choice of shipping option to an open
// checkout that no attempt holds: the one change of a session's amount
// outside a payment. The store writes it only while the attempt state is
// still the one read (CheckoutService.ChooseShipping).
func (co *Checkout) ChooseShipping(rateID string, now int64) error {
	if err := co.CanChangeTotals(now); err != nil {
		return err
	}
	s := co.sessionWithItems()
	if err := s.SelectShippingRate(rateID); err != nil {
		return err
	}
	s.LineItems = co.Session.LineItems
	co.Session = s
	return nil
}

package till

import (
	"math/big"
	"slices"
	"strings"
)

// Coupon is a discount a merchant defines: a percentage or an amount off,
// for some products or all, redeemable a number of times until a date.
// Checkout applies one to a session (discounts[][coupon]) or through a
// promotion code the shopper types.
type Coupon struct {
	ID        string
	AccountID string
	Livemode  bool
	Name      *string
	// PercentOff or AmountOff (in Currency, and in CurrencyOptions'
	// currencies), exactly one of them.
	PercentOff       *float64
	AmountOff        *int64
	Currency         *string
	CurrencyOptions  map[string]int64
	Duration         string
	DurationInMonths *int64
	MaxRedemptions   *int64
	RedeemBy         *int64
	// AppliesTo lists the products the coupon is for; empty: every product.
	AppliesTo     []string
	TimesRedeemed int64
	Metadata      map[string]string
	Created       int64
}

// Coupon durations, Stripe's: Checkout's one-time payments take the coupon
// once whatever its duration; the others matter for subscriptions.
var CouponDurations = []string{"once", "repeating", "forever"}

// CouponParams are the parameters of POST /v1/coupons and
// POST /v1/coupons/{id}.
type CouponParams struct {
	ID               *string                         `form:"id"`
	Name             *string                         `form:"name,emptyok"`
	PercentOff       *string                         `form:"percent_off"`
	AmountOff        *int64                          `form:"amount_off"`
	Currency         *string                         `form:"currency"`
	CurrencyOptions  map[string]CouponCurrencyOption `form:"currency_options"`
	Duration         *string                         `form:"duration"`
	DurationInMonths *int64                          `form:"duration_in_months"`
	MaxRedemptions   *int64                          `form:"max_redemptions"`
	RedeemBy         *int64                          `form:"redeem_by"`
	AppliesTo        *CouponAppliesTo                `form:"applies_to"`
	Metadata         map[string]string               `form:"metadata"`
	Expand           []string                        `form:"expand"`
}

// CouponCurrencyOption is currency_options[cur].
type CouponCurrencyOption struct {
	AmountOff *int64 `form:"amount_off"`
}

// CouponAppliesTo is applies_to.
type CouponAppliesTo struct {
	Products []string `form:"products"`
}

// NewCoupon checks create parameters and returns the coupon to store.
func NewCoupon(p *CouponParams, caller Caller, now int64) (*Coupon, error) {
	c := &Coupon{ID: RandomString(8), AccountID: caller.AccountID, Livemode: caller.Livemode, Duration: "once",
		Metadata: map[string]string{}, Created: now, AppliesTo: []string{}}
	if p.ID != nil {
		if *p.ID == "" || strings.ContainsAny(*p.ID, "/ ") {
			return nil, Invalid(CodeInvalidRequest, "id", "Invalid id: a coupon's id may not be empty or contain spaces or slashes.")
		}
		if err := maxLen("id", p.ID, 200); err != nil {
			return nil, err
		}
		c.ID = *p.ID
	}
	switch {
	case p.PercentOff != nil && p.AmountOff != nil:
		return nil, Exclusive("amount_off", "percent_off")
	case p.PercentOff == nil && p.AmountOff == nil:
		return nil, Invalid(CodeParameterMissing, "", "You must pass either percent_off or amount_off.")
	case p.PercentOff != nil:
		pct, ok := new(big.Rat).SetString(*p.PercentOff)
		if !ok || pct.Sign() <= 0 || pct.Cmp(big.NewRat(100, 1)) > 0 {
			return nil, Invalid(CodeInvalidRequest, "percent_off", "Invalid percent_off: must be greater than 0 and at most 100.")
		}
		f, _ := pct.Float64()
		c.PercentOff = &f
		if p.Currency != nil || p.CurrencyOptions != nil {
			return nil, Invalid(CodeInvalidRequest, "currency", "currency may only be set with amount_off.")
		}
	default:
		if *p.AmountOff < 1 {
			return nil, Invalid(CodeParameterInvalidInteger, "amount_off", "This value must be greater than or equal to 1.")
		}
		if p.Currency == nil {
			return nil, Invalid(CodeParameterMissing, "currency", "You must pass currency when passing amount_off.")
		}
		cur := strings.ToLower(*p.Currency)
		if !IsSupportedCurrency(cur) {
			return nil, Invalid(CodeInvalidRequest, "currency", "Invalid currency: %s.", *p.Currency)
		}
		c.AmountOff, c.Currency = p.AmountOff, &cur
	}
	if p.Duration != nil {
		if !slices.Contains(CouponDurations, *p.Duration) {
			return nil, Invalid(CodeInvalidRequest, "duration", "Invalid duration: must be one of once, repeating, or forever")
		}
		c.Duration = *p.Duration
	}
	switch {
	case c.Duration == "repeating" && p.DurationInMonths == nil:
		return nil, Invalid(CodeParameterMissing, "duration_in_months", "You must pass duration_in_months when duration is repeating.")
	case c.Duration != "repeating" && p.DurationInMonths != nil:
		return nil, Invalid(CodeInvalidRequest, "duration_in_months", "duration_in_months may only be set when duration is repeating.")
	case p.DurationInMonths != nil && *p.DurationInMonths < 1:
		return nil, Invalid(CodeParameterInvalidInteger, "duration_in_months", "This value must be greater than or equal to 1.")
	}
	c.DurationInMonths = p.DurationInMonths
	if p.MaxRedemptions != nil && *p.MaxRedemptions < 1 {
		return nil, Invalid(CodeParameterInvalidInteger, "max_redemptions", "This value must be greater than or equal to 1.")
	}
	c.MaxRedemptions = p.MaxRedemptions
	if p.RedeemBy != nil && *p.RedeemBy <= now {
		return nil, Invalid(CodeInvalidRequest, "redeem_by", "Invalid redeem_by: must be in the future.")
	}
	c.RedeemBy = p.RedeemBy
	if p.AppliesTo != nil && p.AppliesTo.Products != nil {
		c.AppliesTo = p.AppliesTo.Products
	}
	return c, ApplyCoupon(c, p)
}

// ApplyCoupon applies an update's fields to a coupon: only its name,
// metadata and currency options change after it is made, as at Stripe.
func ApplyCoupon(c *Coupon, p *CouponParams) error {
	if err := maxLen("name", p.Name, 40); err != nil {
		return err
	}
	setOptional(&c.Name, p.Name)
	if p.CurrencyOptions != nil {
		if c.AmountOff == nil {
			return Invalid(CodeInvalidRequest, "currency_options", "currency_options may only be set on a coupon with amount_off.")
		}
		if c.CurrencyOptions == nil {
			c.CurrencyOptions = map[string]int64{}
		}
		for cur, o := range p.CurrencyOptions {
			param := "currency_options[" + cur + "][amount_off]"
			switch {
			case !IsSupportedCurrency(strings.ToLower(cur)):
				return Invalid(CodeInvalidRequest, "currency_options", "Invalid currency: %s.", cur)
			case o.AmountOff == nil:
				return Missing(param)
			case *o.AmountOff < 1:
				return Invalid(CodeParameterInvalidInteger, param, "This value must be greater than or equal to 1.")
			}
			c.CurrencyOptions[strings.ToLower(cur)] = *o.AmountOff
		}
	}
	metadata, err := applyMetadata(c.Metadata, p.Metadata)
	c.Metadata = metadata
	return err
}

// CheckCouponUpdate refuses the fields a coupon cannot change after it is
// made.
func CheckCouponUpdate(p *CouponParams) error {
	for param, set := range map[string]bool{"id": p.ID != nil, "percent_off": p.PercentOff != nil,
		"amount_off": p.AmountOff != nil, "currency": p.Currency != nil, "duration": p.Duration != nil,
		"duration_in_months": p.DurationInMonths != nil, "max_redemptions": p.MaxRedemptions != nil,
		"redeem_by": p.RedeemBy != nil, "applies_to": p.AppliesTo != nil} {
		if set {
			return Invalid(CodeParameterUnknown, param, "Received unknown parameter: %s", param)
		}
	}
	return nil
}

// Valid reports whether the coupon can still be redeemed at now: Stripe's
// valid.
func (c *Coupon) Valid(now int64) bool {
	return (c.RedeemBy == nil || now < *c.RedeemBy) && (c.MaxRedemptions == nil || c.TimesRedeemed < *c.MaxRedemptions)
}

// AmountOffIn is the coupon's amount off in a currency, false when it has
// none there (a percentage coupon has one everywhere).
func (c *Coupon) AmountOffIn(currency string) (int64, bool) {
	if c.AmountOff == nil {
		return 0, false
	}
	if c.Currency != nil && *c.Currency == currency {
		return *c.AmountOff, true
	}
	amount, ok := c.CurrencyOptions[currency]
	return amount, ok
}

// appliesTo reports whether the coupon discounts a product.
func (c *Coupon) appliesTo(productID string) bool {
	return len(c.AppliesTo) == 0 || slices.Contains(c.AppliesTo, productID)
}

// errCouponInvalid is the refusal of a coupon that cannot be redeemed.
func errCouponInvalid(param, id string) error {
	return Invalid(CodeInvalidRequest, param, "This coupon (%s) is no longer valid: it expired or reached its maximum redemptions.", id)
}

// couponCurrencyError is the refusal of an amount-off coupon with no amount
// in the session's currency.
func couponCurrencyError(param string, c *Coupon, currency string) error {
	return Invalid(CodeInvalidRequest, param, "The coupon %s has no amount off in %s; add one in its currency_options.", c.ID, currency)
}

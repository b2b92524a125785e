package till

import (
	"regexp"
	"strings"
)

// PromotionCode is a customer-facing code for a coupon, with limits of its
// own: the text a shopper types on the page when the session allows it.
type PromotionCode struct {
	ID             string
	AccountID      string
	Livemode       bool
	Code           string
	CouponID       string
	Active         bool
	CustomerID     *string
	ExpiresAt      *int64
	MaxRedemptions *int64
	Restrictions   PromotionRestrictions
	TimesRedeemed  int64
	Metadata       map[string]string
	Created        int64
	// Coupon is the code's coupon, as a read gives it.
	Coupon *Coupon
}

// PromotionRestrictions are restrictions of a promotion code.
type PromotionRestrictions struct {
	FirstTimeTransaction  bool    `json:"first_time_transaction"`
	MinimumAmount         *int64  `json:"minimum_amount"`
	MinimumAmountCurrency *string `json:"minimum_amount_currency"`
}

// NewPromotionCodeID returns a fresh promotion code id.
func NewPromotionCodeID() string { return "promo_" + RandomString(24) }

// PromotionCodeParams are the parameters of POST /v1/promotion_codes and
// POST /v1/promotion_codes/{id}. The coupon comes as coupon (API versions
// before 2025-09-30.clover) or promotion[coupon] with promotion[type]=coupon.
type PromotionCodeParams struct {
	Coupon         *string                  `form:"coupon"`
	Promotion      *PromotionParams         `form:"promotion"`
	Code           *string                  `form:"code"`
	Active         *bool                    `form:"active"`
	Customer       *string                  `form:"customer"`
	ExpiresAt      *int64                   `form:"expires_at"`
	MaxRedemptions *int64                   `form:"max_redemptions"`
	Restrictions   *PromotionRestrictParams `form:"restrictions"`
	Metadata       map[string]string        `form:"metadata"`
	Expand         []string                 `form:"expand"`
}

// PromotionParams is promotion.
type PromotionParams struct {
	Type   *string `form:"type"`
	Coupon *string `form:"coupon"`
}

// PromotionRestrictParams is restrictions.
type PromotionRestrictParams struct {
	FirstTimeTransaction  *bool   `form:"first_time_transaction"`
	MinimumAmount         *int64  `form:"minimum_amount"`
	MinimumAmountCurrency *string `form:"minimum_amount_currency"`
}

var promotionCodeText = regexp.MustCompile(`^[a-zA-Z0-9]+$`)

// CouponOf is the coupon a create names, by either spelling.
func (p *PromotionCodeParams) CouponOf() (string, error) {
	switch {
	case p.Coupon != nil && p.Promotion != nil:
		return "", Exclusive("coupon", "promotion")
	case p.Coupon != nil:
		return *p.Coupon, nil
	case p.Promotion != nil:
		if p.Promotion.Type != nil && *p.Promotion.Type != "coupon" {
			return "", Invalid(CodeInvalidRequest, "promotion[type]", "Invalid promotion[type]: must be coupon")
		}
		if p.Promotion.Coupon == nil {
			return "", Missing("promotion[coupon]")
		}
		return *p.Promotion.Coupon, nil
	}
	return "", Missing("promotion")
}

// NewPromotionCode checks create parameters for the coupon and returns the
// code to store; without a code, one of eight capitals and digits is made.
func NewPromotionCode(p *PromotionCodeParams, coupon *Coupon, caller Caller, now int64) (*PromotionCode, error) {
	pc := &PromotionCode{ID: NewPromotionCodeID(), AccountID: caller.AccountID, Livemode: caller.Livemode,
		CouponID: coupon.ID, Coupon: coupon, Active: true, Metadata: map[string]string{}, Created: now,
		Code: strings.ToUpper(RandomString(8))}
	if p.Code != nil {
		if !promotionCodeText.MatchString(*p.Code) || len(*p.Code) > 500 {
			return nil, Invalid(CodeInvalidRequest, "code", "Invalid code: a promotion code may contain only letters and digits.")
		}
		pc.Code = *p.Code
	}
	if p.ExpiresAt != nil && *p.ExpiresAt <= now {
		return nil, Invalid(CodeInvalidRequest, "expires_at", "Invalid expires_at: must be in the future.")
	}
	if p.ExpiresAt != nil && coupon.RedeemBy != nil && *p.ExpiresAt > *coupon.RedeemBy {
		return nil, Invalid(CodeInvalidRequest, "expires_at", "The promotion code's expires_at may not be after its coupon's redeem_by.")
	}
	pc.ExpiresAt, pc.CustomerID = p.ExpiresAt, p.Customer
	if p.MaxRedemptions != nil && *p.MaxRedemptions < 1 {
		return nil, Invalid(CodeParameterInvalidInteger, "max_redemptions", "This value must be greater than or equal to 1.")
	}
	pc.MaxRedemptions = p.MaxRedemptions
	if r := p.Restrictions; r != nil {
		if r.FirstTimeTransaction != nil {
			pc.Restrictions.FirstTimeTransaction = *r.FirstTimeTransaction
		}
		switch {
		case r.MinimumAmount != nil && r.MinimumAmountCurrency == nil:
			return nil, Missing("restrictions[minimum_amount_currency]")
		case r.MinimumAmount == nil && r.MinimumAmountCurrency != nil:
			return nil, Missing("restrictions[minimum_amount]")
		case r.MinimumAmount != nil && *r.MinimumAmount < 1:
			return nil, Invalid(CodeParameterInvalidInteger, "restrictions[minimum_amount]", "This value must be greater than or equal to 1.")
		case r.MinimumAmountCurrency != nil && !IsSupportedCurrency(strings.ToLower(*r.MinimumAmountCurrency)):
			return nil, Invalid(CodeInvalidRequest, "restrictions[minimum_amount_currency]", "Invalid currency: %s.", *r.MinimumAmountCurrency)
		}
		if r.MinimumAmount != nil {
			cur := strings.ToLower(*r.MinimumAmountCurrency)
			pc.Restrictions.MinimumAmount, pc.Restrictions.MinimumAmountCurrency = r.MinimumAmount, &cur
		}
	}
	return pc, ApplyPromotionCode(pc, p)
}

// ApplyPromotionCode applies an update: only active and metadata change.
func ApplyPromotionCode(pc *PromotionCode, p *PromotionCodeParams) error {
	if p.Active != nil {
		pc.Active = *p.Active
	}
	metadata, err := applyMetadata(pc.Metadata, p.Metadata)
	pc.Metadata = metadata
	return err
}

// CheckPromotionCodeUpdate refuses the fields a code cannot change.
func CheckPromotionCodeUpdate(p *PromotionCodeParams) error {
	for param, set := range map[string]bool{"coupon": p.Coupon != nil, "promotion": p.Promotion != nil,
		"code": p.Code != nil, "customer": p.Customer != nil, "expires_at": p.ExpiresAt != nil,
		"max_redemptions": p.MaxRedemptions != nil, "restrictions": p.Restrictions != nil} {
		if set {
			return Invalid(CodeParameterUnknown, param, "Received unknown parameter: %s", param)
		}
	}
	return nil
}

// Redeemable tells why the code cannot be applied to a session at now, if
// it cannot, in the words the page shows a shopper: inactive or unknown
// codes are "invalid", spent or expired ones "expired", ones whose
// restrictions the session does not meet "inapplicable". paidBefore
// reports whether the session's customer has paid before, which a code
// for first-time transactions refuses (a guest has not, as far as Till
// can tell).
func (pc *PromotionCode) Redeemable(s *Session, now int64, paidBefore bool) string {
	switch {
	case !pc.Active:
		return PromotionInvalid
	case pc.ExpiresAt != nil && now >= *pc.ExpiresAt,
		pc.MaxRedemptions != nil && pc.TimesRedeemed >= *pc.MaxRedemptions,
		pc.Coupon != nil && !pc.Coupon.Valid(now):
		return PromotionExpired
	case pc.CustomerID != nil && (s.CustomerID == nil || *s.CustomerID != *pc.CustomerID),
		pc.Restrictions.FirstTimeTransaction && paidBefore:
		return PromotionInapplicable
	case pc.Restrictions.MinimumAmount != nil && (*pc.Restrictions.MinimumAmountCurrency != s.Currency ||
		s.AmountSubtotal < *pc.Restrictions.MinimumAmount):
		return PromotionInapplicable
	}
	return ""
}

// Why a promotion code cannot be applied, as the page says it.
const (
	PromotionInvalid      = "promotion_invalid"
	PromotionExpired      = "promotion_expired"
	PromotionInapplicable = "promotion_inapplicable"
)

package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"till"
)

type couponCurrencyOption struct {
	AmountOff int64 `json:"amount_off"`
}

type couponAppliesTo struct {
	Products []string `json:"products"`
}

type couponObject struct {
	ID               string                          `json:"id"`
	Object           string                          `json:"object"`
	AmountOff        *int64                          `json:"amount_off"`
	AppliesTo        *couponAppliesTo                `json:"applies_to,omitempty"`
	Created          int64                           `json:"created"`
	Currency         *string                         `json:"currency"`
	CurrencyOptions  map[string]couponCurrencyOption `json:"currency_options,omitempty"`
	Duration         string                          `json:"duration"`
	DurationInMonths *int64                          `json:"duration_in_months"`
	Livemode         bool                            `json:"livemode"`
	MaxRedemptions   *int64                          `json:"max_redemptions"`
	Metadata         map[string]string               `json:"metadata"`
	Name             *string                         `json:"name"`
	PercentOff       *float64                        `json:"percent_off"`
	RedeemBy         *int64                          `json:"redeem_by"`
	TimesRedeemed    int64                           `json:"times_redeemed"`
	Valid            bool                            `json:"valid"`
}

// couponExpandable are the coupon's fields Stripe includes only when asked.
var couponExpandable = []string{"applies_to", "currency_options"}

func (h *Handler) couponJSON(c *till.Coupon, exp expansions) *couponObject {
	o := &couponObject{ID: c.ID, Object: "coupon", AmountOff: c.AmountOff, Created: c.Created, Currency: c.Currency,
		Duration: c.Duration, DurationInMonths: c.DurationInMonths, Livemode: c.Livemode, MaxRedemptions: c.MaxRedemptions,
		Metadata: c.Metadata, Name: c.Name, PercentOff: c.PercentOff, RedeemBy: c.RedeemBy,
		TimesRedeemed: c.TimesRedeemed, Valid: c.Valid(h.store.Now())}
	if exp["applies_to"] {
		o.AppliesTo = &couponAppliesTo{Products: c.AppliesTo}
	}
	if exp["currency_options"] {
		o.CurrencyOptions = map[string]couponCurrencyOption{}
		for cur, amount := range c.CurrencyOptions {
			o.CurrencyOptions[cur] = couponCurrencyOption{AmountOff: amount}
		}
	}
	return o
}

// CouponCreate handles "POST /v1/coupons". The products of applies_to must
// be the account's.
func (h *Handler) CouponCreate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.CouponParams
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, couponExpandable...)
	if err != nil {
		return err
	}
	coupon, err := till.NewCoupon(&p, r.info.Caller, h.store.Now())
	if err != nil {
		return err
	}
	for i, id := range coupon.AppliesTo {
		if _, err := h.store.FindProduct(r.ctx, r.accountID(), id); err != nil {
			return asParamError(err, "applies_to[products]["+strconv.Itoa(i)+"]")
		}
	}
	if err := h.store.CreateCoupon(r.ctx, coupon); err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, h.couponJSON(coupon, exp))
}

// CouponRetrieve handles "GET /v1/coupons/:id".
func (h *Handler) CouponRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)
	exp, err := decodeRetrieve(c, couponExpandable...)
	if err != nil {
		return err
	}
	coupon, err := h.store.FindCoupon(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, h.couponJSON(coupon, exp))
}

// CouponUpdate handles "POST /v1/coupons/:id": name, metadata and
// currency_options.
func (h *Handler) CouponUpdate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.CouponParams
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, couponExpandable...)
	if err != nil {
		return err
	}
	if err := till.CheckCouponUpdate(&p); err != nil {
		return err
	}
	coupon, err := h.store.UpdateCoupon(r.ctx, r.accountID(), c.Params("id"), func(coupon *till.Coupon) error {
		return till.ApplyCoupon(coupon, &p)
	})
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, h.couponJSON(coupon, exp))
}

// CouponDelete handles "DELETE /v1/coupons/:id".
func (h *Handler) CouponDelete(c *fiber.Ctx) error {
	r := newRequest(c)
	id := c.Params("id")
	if err := h.store.DeleteCoupon(r.ctx, r.accountID(), id); err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, &deletedObject{ID: id, Object: "coupon", Deleted: true})
}

// CouponList handles "GET /v1/coupons".
func (h *Handler) CouponList(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.ListParams
	page, exp, err := decodeList(c, &p, &p, couponExpandable...)
	if err != nil {
		return err
	}
	coupons, more, err := h.store.ListCoupons(r.ctx, r.info.Caller, page)
	if err != nil {
		return err
	}
	data := make([]*couponObject, len(coupons))
	for i, coupon := range coupons {
		data[i] = h.couponJSON(coupon, exp)
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/coupons", data, more))
}

type promotionCodeRestrictions struct {
	till.PromotionRestrictions
	CurrencyOptions map[string]struct{} `json:"currency_options,omitempty"`
}

type promotionObject struct {
	Coupon string `json:"coupon"`
	Type   string `json:"type"`
}

type promotionCodeObject struct {
	ID             string                    `json:"id"`
	Object         string                    `json:"object"`
	Active         bool                      `json:"active"`
	Code           string                    `json:"code"`
	Coupon         *couponObject             `json:"coupon"`
	Created        int64                     `json:"created"`
	Customer       any                       `json:"customer"`
	ExpiresAt      *int64                    `json:"expires_at"`
	Livemode       bool                      `json:"livemode"`
	MaxRedemptions *int64                    `json:"max_redemptions"`
	Metadata       map[string]string         `json:"metadata"`
	Promotion      promotionObject           `json:"promotion"`
	Restrictions   promotionCodeRestrictions `json:"restrictions"`
	TimesRedeemed  int64                     `json:"times_redeemed"`
}

// promotionCodeJSON renders a code with its coupon, as versions before
// clover show it, and its promotion, as clover and later do: a caller of
// either reads the field it knows.
func (h *Handler) promotionCodeJSON(pc *till.PromotionCode) *promotionCodeObject {
	o := &promotionCodeObject{ID: pc.ID, Object: "promotion_code", Active: pc.Active, Code: pc.Code, Created: pc.Created,
		ExpiresAt: pc.ExpiresAt, Livemode: pc.Livemode, MaxRedemptions: pc.MaxRedemptions, Metadata: pc.Metadata,
		Promotion: promotionObject{Coupon: pc.CouponID, Type: "coupon"}, TimesRedeemed: pc.TimesRedeemed,
		Restrictions: promotionCodeRestrictions{PromotionRestrictions: pc.Restrictions}}
	if pc.Coupon != nil {
		o.Coupon = h.couponJSON(pc.Coupon, nil)
	}
	if pc.CustomerID != nil {
		o.Customer = *pc.CustomerID
	}
	return o
}

// PromotionCodeCreate handles "POST /v1/promotion_codes".
func (h *Handler) PromotionCodeCreate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.PromotionCodeParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false, "coupon", "customer"); err != nil {
		return err
	}
	couponID, err := p.CouponOf()
	if err != nil {
		return err
	}
	param := "coupon"
	if p.Promotion != nil {
		param = "promotion[coupon]"
	}
	coupon, err := h.store.FindCoupon(r.ctx, r.accountID(), couponID)
	if err != nil {
		return asParamError(err, param)
	}
	if p.Customer != nil {
		if _, err := h.store.FindCustomer(r.ctx, r.accountID(), *p.Customer); err != nil {
			return asParamError(err, "customer")
		}
	}
	pc, err := till.NewPromotionCode(&p, coupon, r.info.Caller, h.store.Now())
	if err != nil {
		return err
	}
	if err := h.store.CreatePromotionCode(r.ctx, pc); err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, h.promotionCodeJSON(pc))
}

// PromotionCodeRetrieve handles "GET /v1/promotion_codes/:id".
func (h *Handler) PromotionCodeRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)
	if _, err := decodeRetrieve(c, "coupon", "customer"); err != nil {
		return err
	}
	pc, err := h.store.FindPromotionCode(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, h.promotionCodeJSON(pc))
}

// PromotionCodeUpdate handles "POST /v1/promotion_codes/:id": active and
// metadata.
func (h *Handler) PromotionCodeUpdate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.PromotionCodeParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false, "coupon", "customer"); err != nil {
		return err
	}
	if err := till.CheckPromotionCodeUpdate(&p); err != nil {
		return err
	}
	pc, err := h.store.UpdatePromotionCode(r.ctx, r.accountID(), c.Params("id"), func(pc *till.PromotionCode) error {
		return till.ApplyPromotionCode(pc, &p)
	})
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, h.promotionCodeJSON(pc))
}

type promotionCodeListParams struct {
	till.ListParams
	till.PromotionCodeFilter
}

// PromotionCodeList handles "GET /v1/promotion_codes": active, code,
// coupon, customer, created.
func (h *Handler) PromotionCodeList(c *fiber.Ctx) error {
	r := newRequest(c)
	var p promotionCodeListParams
	page, _, err := decodeList(c, &p, &p.ListParams, "coupon", "customer")
	if err != nil {
		return err
	}
	codes, more, err := h.store.ListPromotionCodes(r.ctx, r.info.Caller, p.PromotionCodeFilter, page)
	if err != nil {
		return err
	}
	data := make([]*promotionCodeObject, len(codes))
	for i, pc := range codes {
		data[i] = h.promotionCodeJSON(pc)
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/promotion_codes", data, more))
}

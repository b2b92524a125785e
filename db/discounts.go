package db

import (
	"context"
	"database/sql"
	"errors"

	"github.com/lib/pq"

	"till"
)

type couponRow struct {
	ID               string         `db:"id" json:"id"`
	AccountID        string         `db:"account_id" json:"account_id"`
	Livemode         bool           `db:"livemode" json:"livemode"`
	Name             *string        `db:"name" json:"name"`
	PercentOff       *float64       `db:"percent_off" json:"percent_off"`
	AmountOff        *int64         `db:"amount_off" json:"amount_off"`
	Currency         *string        `db:"currency" json:"currency"`
	CurrencyOptions  jsonb          `db:"currency_options" json:"currency_options"`
	Duration         string         `db:"duration" json:"duration"`
	DurationInMonths *int64         `db:"duration_in_months" json:"duration_in_months"`
	MaxRedemptions   *int64         `db:"max_redemptions" json:"max_redemptions"`
	RedeemBy         *int64         `db:"redeem_by" json:"redeem_by"`
	AppliesTo        pq.StringArray `db:"applies_to" json:"applies_to"`
	TimesRedeemed    int64          `db:"times_redeemed" json:"times_redeemed"`
	Metadata         jsonb          `db:"metadata" json:"metadata"`
	Created          int64          `db:"created" json:"created"`
}

func couponToRow(c *till.Coupon) couponRow {
	options := c.CurrencyOptions
	if options == nil {
		options = map[string]int64{}
	}
	applies := c.AppliesTo
	if applies == nil {
		applies = []string{}
	}
	return couponRow{ID: c.ID, AccountID: c.AccountID, Livemode: c.Livemode, Name: c.Name, PercentOff: c.PercentOff,
		AmountOff: c.AmountOff, Currency: c.Currency, CurrencyOptions: toJSON(options), Duration: c.Duration,
		DurationInMonths: c.DurationInMonths, MaxRedemptions: c.MaxRedemptions, RedeemBy: c.RedeemBy,
		AppliesTo: applies, TimesRedeemed: c.TimesRedeemed, Metadata: metadataJSON(c.Metadata), Created: c.Created}
}

func (r couponRow) coupon() *till.Coupon {
	c := &till.Coupon{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, Name: r.Name, PercentOff: r.PercentOff,
		AmountOff: r.AmountOff, Currency: r.Currency, Duration: r.Duration, DurationInMonths: r.DurationInMonths,
		MaxRedemptions: r.MaxRedemptions, RedeemBy: r.RedeemBy, AppliesTo: []string(r.AppliesTo),
		TimesRedeemed: r.TimesRedeemed, Metadata: metadataFrom(r.Metadata), Created: r.Created}
	if c.AppliesTo == nil {
		c.AppliesTo = []string{}
	}
	fromJSON(r.CurrencyOptions, &c.CurrencyOptions)
	return c
}

type promotionCodeRow struct {
	ID             string  `db:"id"`
	AccountID      string  `db:"account_id"`
	Livemode       bool    `db:"livemode"`
	Code           string  `db:"code"`
	CouponID       string  `db:"coupon_id"`
	Active         bool    `db:"active"`
	CustomerID     *string `db:"customer_id"`
	ExpiresAt      *int64  `db:"expires_at"`
	MaxRedemptions *int64  `db:"max_redemptions"`
	Restrictions   jsonb   `db:"restrictions"`
	TimesRedeemed  int64   `db:"times_redeemed"`
	Metadata       jsonb   `db:"metadata"`
	Created        int64   `db:"created"`
	// Coupon is the code's coupon row as JSON, as the reads join it.
	Coupon jsonb `db:"coupon"`
}

func promotionCodeToRow(pc *till.PromotionCode) promotionCodeRow {
	return promotionCodeRow{ID: pc.ID, AccountID: pc.AccountID, Livemode: pc.Livemode, Code: pc.Code,
		CouponID: pc.CouponID, Active: pc.Active, CustomerID: pc.CustomerID, ExpiresAt: pc.ExpiresAt,
		MaxRedemptions: pc.MaxRedemptions, Restrictions: toJSON(pc.Restrictions), TimesRedeemed: pc.TimesRedeemed,
		Metadata: metadataJSON(pc.Metadata), Created: pc.Created}
}

func (r promotionCodeRow) promotionCode() *till.PromotionCode {
	pc := &till.PromotionCode{ID: r.ID, AccountID: r.AccountID, Livemode: r.Livemode, Code: r.Code,
		CouponID: r.CouponID, Active: r.Active, CustomerID: r.CustomerID, ExpiresAt: r.ExpiresAt,
		MaxRedemptions: r.MaxRedemptions, TimesRedeemed: r.TimesRedeemed, Metadata: metadataFrom(r.Metadata),
		Created: r.Created}
	fromJSON(r.Restrictions, &pc.Restrictions)
	if cr := jsonPtr[couponRow](r.Coupon); cr != nil {
		pc.Coupon = cr.coupon()
	}
	return pc
}

// CreateCoupon stores a new coupon; an id the account used before is
// Stripe's resource_already_exists.
func (s *Store) CreateCoupon(ctx context.Context, c *till.Coupon) error {
	_, err := s.named(ctx, s.q.CreateCoupon).ExecContext(ctx, couponToRow(c))
	if isUniqueViolation(err) {
		return till.Invalid("resource_already_exists", "id", "Coupon already exists.")
	}
	return translate(err)
}

// FindCoupon returns one of the account's coupons.
func (s *Store) FindCoupon(ctx context.Context, accountID, id string) (*till.Coupon, error) {
	var r couponRow
	if err := s.stmt(ctx, s.q.FindCoupon).GetContext(ctx, &r, accountID, id); err != nil {
		return nil, notFound(err, "coupon", id, "coupon")
	}
	return r.coupon(), nil
}

// UpdateCoupon holds a coupon while apply changes it, and writes it back.
func (s *Store) UpdateCoupon(ctx context.Context, accountID, id string, apply func(*till.Coupon) error) (*till.Coupon, error) {
	var c *till.Coupon
	err := s.inTx(ctx, func(tx *Tx) error {
		var r couponRow
		if err := tx.stmt(s.q.LockCoupon).GetContext(ctx, &r, accountID, id); err != nil {
			return notFound(err, "coupon", id, "coupon")
		}
		c = r.coupon()
		if err := apply(c); err != nil {
			return err
		}
		_, err := tx.named(s.q.UpdateCoupon).ExecContext(ctx, couponToRow(c))
		return translate(err)
	})
	return c, err
}

// DeleteCoupon deletes a coupon: no session or code can take it any more;
// those that did keep it.
func (s *Store) DeleteCoupon(ctx context.Context, accountID, id string) error {
	var got string
	err := s.stmt(ctx, s.q.DeleteCoupon).GetContext(ctx, &got, accountID, id)
	return notFound(err, "coupon", id, "coupon")
}

// ListCoupons returns a page of the account's coupons, newest first.
func (s *Store) ListCoupons(ctx context.Context, caller till.Caller, page till.Page) ([]*till.Coupon, bool, error) {
	after, before, err := s.cursors(ctx, s.q.CouponSeq, caller.AccountID, page, "coupon")
	if err != nil {
		return nil, false, err
	}
	var rows []couponRow
	err = s.stmt(ctx, s.q.ListCoupons).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode,
		page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, couponRow.coupon)
	return out, more, nil
}

// CreatePromotionCode stores a new code; an active code of the same text
// is Stripe's refusal.
func (s *Store) CreatePromotionCode(ctx context.Context, pc *till.PromotionCode) error {
	_, err := s.named(ctx, s.q.CreatePromotionCode).ExecContext(ctx, promotionCodeToRow(pc))
	if isUniqueViolation(err) {
		return till.Invalid("resource_already_exists", "code", "An active promotion code with `code: %s` already exists.", pc.Code)
	}
	return translate(err)
}

// FindPromotionCode returns one of the account's codes with its coupon.
func (s *Store) FindPromotionCode(ctx context.Context, accountID, id string) (*till.PromotionCode, error) {
	var r promotionCodeRow
	if err := s.stmt(ctx, s.q.FindPromotionCode).GetContext(ctx, &r, accountID, id, nil); err != nil {
		return nil, notFound(err, "promotion_code", id, "promotion_code")
	}
	return r.promotionCode(), nil
}

// FindPromotionCodeByCode returns the account's active code of the text a
// shopper typed, whatever its case; nil when there is none.
func (s *Store) FindPromotionCodeByCode(ctx context.Context, accountID, code string) (*till.PromotionCode, error) {
	var r promotionCodeRow
	err := s.stmt(ctx, s.q.FindPromotionCode).GetContext(ctx, &r, accountID, nil, code)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, translate(err)
	}
	return r.promotionCode(), nil
}

// UpdatePromotionCode reads a code, lets apply change it, and writes it
// back in one transaction; making it active again is refused when another
// active code has its text.
func (s *Store) UpdatePromotionCode(ctx context.Context, accountID, id string, apply func(*till.PromotionCode) error) (*till.PromotionCode, error) {
	var pc *till.PromotionCode
	err := s.inTx(ctx, func(tx *Tx) error {
		var r promotionCodeRow
		if err := tx.stmt(s.q.FindPromotionCode).GetContext(ctx, &r, accountID, id, nil); err != nil {
			return notFound(err, "promotion_code", id, "promotion_code")
		}
		pc = r.promotionCode()
		if err := apply(pc); err != nil {
			return err
		}
		_, err := tx.named(s.q.UpdatePromotionCode).ExecContext(ctx, promotionCodeToRow(pc))
		if isUniqueViolation(err) {
			return till.Invalid("resource_already_exists", "active", "An active promotion code with `code: %s` already exists.", pc.Code)
		}
		return translate(err)
	})
	return pc, err
}

// ListPromotionCodes returns a page of the account's codes, newest first.
func (s *Store) ListPromotionCodes(ctx context.Context, caller till.Caller, f till.PromotionCodeFilter, page till.Page) ([]*till.PromotionCode, bool, error) {
	after, before, err := s.cursors(ctx, s.q.PromotionCodeSeq, caller.AccountID, page, "promotion_code")
	if err != nil {
		return nil, false, err
	}
	var rows []promotionCodeRow
	err = s.stmt(ctx, s.q.ListPromotionCodes).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, f.Active,
		f.Code, f.Coupon, f.Customer, page.CreatedGt, page.CreatedGte, page.CreatedLt, page.CreatedLte, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, promotionCodeRow.promotionCode)
	return out, more, nil
}

// CustomerHasPaid reports whether the account's customer has a succeeded
// payment.
func (s *Store) CustomerHasPaid(ctx context.Context, accountID, customerID string) (bool, error) {
	var paid bool
	err := s.stmt(ctx, s.q.CustomerHasPaid).GetContext(ctx, &paid, accountID, customerID)
	return paid, translate(err)
}

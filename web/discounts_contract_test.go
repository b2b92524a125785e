package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"till/db/dbtest"
)

// These tests make coupons and promotion codes and discounted sessions
// through stripe-go, as a merchant's backend does, and pay them on the
// hosted page.

// TestCoupons: create, retrieve, update, list and delete, with Stripe's
// errors for the combinations Stripe refuses.
func TestCoupons(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	pct, err := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{ID: stripe.String("SUMMER25"),
		PercentOff: stripe.Float64(25), Duration: stripe.String("once"), Name: stripe.String("Summer"),
		MaxRedemptions: stripe.Int64(10), Metadata: map[string]string{"season": "summer"}})
	if err != nil {
		t.Fatal(err)
	}
	if pct.ID != "SUMMER25" || pct.Object != "coupon" || pct.PercentOff != 25 || !pct.Valid || pct.TimesRedeemed != 0 ||
		pct.MaxRedemptions != 10 || pct.Metadata["season"] != "summer" || pct.Duration != "once" {
		t.Errorf("percent coupon = %+v", pct)
	}
	amount, err := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{AmountOff: stripe.Int64(500),
		Currency: stripe.String("usd"), Duration: stripe.String("repeating"), DurationInMonths: stripe.Int64(3),
		CurrencyOptions: map[string]*stripe.CouponCreateCurrencyOptionsParams{"eur": {AmountOff: stripe.Int64(450)}}})
	if err != nil {
		t.Fatal(err)
	}
	if amount.AmountOff != 500 || amount.Currency != "usd" || amount.DurationInMonths != 3 || len(amount.ID) != 8 {
		t.Errorf("amount coupon = %+v", amount)
	}
	p := &stripe.CouponRetrieveParams{}
	p.AddExpand("currency_options")
	got, err := acct.Stripe.V1Coupons.Retrieve(bg, amount.ID, p)
	if err != nil || got.CurrencyOptions["eur"] == nil || got.CurrencyOptions["eur"].AmountOff != 450 {
		t.Errorf("retrieve with currency_options = %+v, %v", got, err)
	}
	upd, err := acct.Stripe.V1Coupons.Update(bg, pct.ID, &stripe.CouponUpdateParams{Name: stripe.String("Summer sale")})
	if err != nil || upd.Name != "Summer sale" || upd.PercentOff != 25 {
		t.Errorf("update = %+v, %v", upd, err)
	}
	for _, tc := range []struct {
		name, body, code, param string
	}{
		{"Both", form("percent_off", "10", "amount_off", "100", "currency", "usd"), "parameters_exclusive", "amount_off"},
		{"Neither", form("duration", "once"), "parameter_missing", ""},
		{"NoCurrency", form("amount_off", "100"), "parameter_missing", "currency"},
		{"Zero", form("percent_off", "0"), "invalid_request", "percent_off"},
		{"OverAHundred", form("percent_off", "100.5"), "invalid_request", "percent_off"},
		{"RepeatingWithoutMonths", form("percent_off", "10", "duration", "repeating"), "parameter_missing", "duration_in_months"},
		{"Taken", form("id", "SUMMER25", "percent_off", "10"), "resource_already_exists", "id"},
		{"UnknownProduct", form("percent_off", "10", "applies_to[products][0]", "prod_nobody"), "resource_missing", "applies_to[products][0]"},
		{"PastRedeemBy", form("percent_off", "10", "redeem_by", "1"), "invalid_request", "redeem_by"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, "POST", "/v1/coupons", acct.SecretKey, tc.body)
			wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", tc.code, tc.param)
		})
	}
	if r := srv.do(t, "POST", "/v1/coupons/"+pct.ID, acct.SecretKey, form("percent_off", "50")); r.Status != 400 {
		t.Errorf("update of percent_off: %d", r.Status)
	}
	var listed []string
	for c, err := range acct.Stripe.V1Coupons.List(bg, &stripe.CouponListParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, c.ID)
	}
	if len(listed) != 2 || listed[0] != amount.ID {
		t.Errorf("list = %v", listed)
	}
	del, err := acct.Stripe.V1Coupons.Delete(bg, amount.ID, nil)
	if err != nil || !del.Deleted {
		t.Errorf("delete = %+v, %v", del, err)
	}
	if _, err := acct.Stripe.V1Coupons.Retrieve(bg, amount.ID, nil); stripeErr(t, err).HTTPStatusCode != 404 {
		t.Errorf("retrieve after delete: %v", err)
	}
	if r := srv.do(t, "GET", "/v1/coupons/"+pct.ID, srv.newAccount(t).SecretKey, ""); r.Status != 404 {
		t.Errorf("another account's coupon: %d", r.Status)
	}
}

// TestPromotionCodes: a code for a coupon, by either spelling, its text
// made when not given, found by its text whatever its case, one active code
// of a text at a time.
func TestPromotionCodes(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	coupon, err := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{PercentOff: stripe.Float64(10)})
	if err != nil {
		t.Fatal(err)
	}
	pc, err := acct.Stripe.V1PromotionCodes.Create(bg, &stripe.PromotionCodeCreateParams{Coupon: stripe.String(coupon.ID),
		Code: stripe.String("Welcome10"), MaxRedemptions: stripe.Int64(2),
		Restrictions: &stripe.PromotionCodeCreateRestrictionsParams{MinimumAmount: stripe.Int64(1000), MinimumAmountCurrency: stripe.String("usd")}})
	if err != nil {
		t.Fatal(err)
	}
	if pc.Object != "promotion_code" || !pc.Active || pc.Code != "Welcome10" || pc.Coupon == nil || pc.Coupon.ID != coupon.ID ||
		pc.MaxRedemptions != 2 || pc.Restrictions.MinimumAmount != 1000 || !strings.HasPrefix(pc.ID, "promo_") {
		t.Errorf("promotion code = %+v", pc)
	}
	clover := object(t, srv.do(t, "POST", "/v1/promotion_codes", acct.SecretKey, form("promotion[type]", "coupon", "promotion[coupon]", coupon.ID)))
	if code, _ := clover["code"].(string); len(code) != 8 || strings.ToUpper(code) != code ||
		clover["promotion"].(map[string]any)["coupon"] != coupon.ID {
		t.Errorf("code made from promotion[coupon] = %v", clover)
	}
	if r := srv.do(t, "POST", "/v1/promotion_codes", acct.SecretKey, form("coupon", coupon.ID, "code", "WELCOME10")); r.Status != 400 {
		t.Errorf("a second active WELCOME10: %d", r.Status)
	}
	var found []string
	for c, err := range acct.Stripe.V1PromotionCodes.List(bg, &stripe.PromotionCodeListParams{Code: stripe.String("welcome10")}) {
		if err != nil {
			t.Fatal(err)
		}
		found = append(found, c.ID)
	}
	if len(found) != 1 || found[0] != pc.ID {
		t.Errorf("list by code = %v", found)
	}
	off, err := acct.Stripe.V1PromotionCodes.Update(bg, pc.ID, &stripe.PromotionCodeUpdateParams{Active: stripe.Bool(false)})
	if err != nil || off.Active {
		t.Errorf("deactivate = %+v, %v", off, err)
	}
	if r := srv.do(t, "POST", "/v1/promotion_codes", acct.SecretKey, form("coupon", coupon.ID, "code", "WELCOME10")); r.Status != 200 {
		t.Errorf("WELCOME10 again once the first is inactive: %d %s", r.Status, r.Body)
	}
	if r := srv.do(t, "POST", "/v1/promotion_codes", acct.SecretKey, form("coupon", "nope")); r.Status != 400 {
		t.Errorf("code for an unknown coupon: %d", r.Status)
	}
}

// discountedSession creates a session of two T-shirts (3998) with the
// discount.
func discountedSession(t *testing.T, acct *account, d *stripe.CheckoutSessionCreateDiscountParams) *stripe.CheckoutSession {
	t.Helper()
	p := basicSession()
	p.Discounts = []*stripe.CheckoutSessionCreateDiscountParams{d}
	p.AddExpand("line_items")
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A session with a coupon, or a promotion code, shows the discount in its
// totals and line items; the redemption counts once the session is paid,
// and not for a declined attempt.
func TestSessionDiscounts(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	coupon, _ := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{PercentOff: stripe.Float64(25)})
	s := discountedSession(t, acct, &stripe.CheckoutSessionCreateDiscountParams{Coupon: stripe.String(coupon.ID)})
	if s.AmountSubtotal != 3998 || s.AmountTotal != 2998 || s.TotalDetails.AmountDiscount != 1000 ||
		len(s.Discounts) != 1 || s.Discounts[0].Coupon.ID != coupon.ID || s.LineItems.Data[0].AmountDiscount != 1000 ||
		s.LineItems.Data[0].AmountTotal != 2998 {
		t.Errorf("discounted session: subtotal %d total %d discount %d discounts %v", s.AmountSubtotal, s.AmountTotal,
			s.TotalDetails.AmountDiscount, s.Discounts)
	}
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), declinedCard, ""); r.Status != http.StatusPaymentRequired {
		t.Fatalf("decline: %d", r.Status)
	}
	if c, _ := acct.Stripe.V1Coupons.Retrieve(bg, coupon.ID, nil); c.TimesRedeemed != 0 {
		t.Errorf("times_redeemed after a decline = %d", c.TimesRedeemed)
	}
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), goodCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d", r.Status)
	}
	paid, err := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil || paid.Status != "complete" {
		t.Fatalf("session after paying = %+v, %v", paid, err)
	}
	pi, ch := latestCharge(t, acct, paid.PaymentIntent.ID)
	if pi.Amount != 2998 || ch.Amount != 2998 {
		t.Errorf("paid %d (charge %d), want the discounted 2998", pi.Amount, ch.Amount)
	}
	if c, _ := acct.Stripe.V1Coupons.Retrieve(bg, coupon.ID, nil); c.TimesRedeemed != 1 {
		t.Errorf("times_redeemed after paying = %d", c.TimesRedeemed)
	}

	pc, _ := acct.Stripe.V1PromotionCodes.Create(bg, &stripe.PromotionCodeCreateParams{Coupon: stripe.String(coupon.ID)})
	s2 := discountedSession(t, acct, &stripe.CheckoutSessionCreateDiscountParams{PromotionCode: stripe.String(pc.ID)})
	if s2.AmountTotal != 2998 || s2.Discounts[0].PromotionCode == nil || s2.Discounts[0].PromotionCode.ID != pc.ID {
		t.Errorf("session by promotion code: total %d discounts %+v", s2.AmountTotal, s2.Discounts[0])
	}
	submitCard(t, srv, s2.ID, formToken(t, srv, s2.ID), goodCard, "")
	if got, _ := acct.Stripe.V1PromotionCodes.Retrieve(bg, pc.ID, nil); got.TimesRedeemed != 1 || got.Coupon.TimesRedeemed != 2 {
		t.Errorf("after paying by code: code %d, coupon %d redemptions", got.TimesRedeemed, got.Coupon.TimesRedeemed)
	}

	free, _ := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{PercentOff: stripe.Float64(100)})
	s3 := discountedSession(t, acct, &stripe.CheckoutSessionCreateDiscountParams{Coupon: stripe.String(free.ID)})
	if s3.AmountTotal != 0 {
		t.Errorf("100%% off: total %d", s3.AmountTotal)
	}
	submitCard(t, srv, s3.ID, formToken(t, srv, s3.ID), goodCard, "")
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s3.ID, nil); got.Status != "complete" || got.PaymentStatus != "no_payment_required" {
		t.Errorf("100%% off session after submit: %s %s", got.Status, got.PaymentStatus)
	}
}

// Stripe's refusals of a session's discount.
func TestSessionDiscountErrors(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	eur, _ := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{AmountOff: stripe.Int64(100), Currency: stripe.String("eur")})
	prod, _ := acct.Stripe.V1Products.Create(bg, &stripe.ProductCreateParams{Name: stripe.String("Mug")})
	mugs, _ := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{PercentOff: stripe.Float64(10),
		AppliesTo: &stripe.CouponCreateAppliesToParams{Products: []*string{stripe.String(prod.ID)}}})
	pct, _ := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{PercentOff: stripe.Float64(10)})
	base := form("mode", "payment", "success_url", "https://shop.example/ok", "line_items[0][quantity]", "1",
		"line_items[0][price_data][currency]", "usd", "line_items[0][price_data][unit_amount]", "1000",
		"line_items[0][price_data][product_data][name]", "Shirt")
	for _, tc := range []struct {
		name, extra, code, param string
	}{
		{"WithAllowPromotionCodes", form("discounts[0][coupon]", pct.ID, "allow_promotion_codes", "true"), "parameters_exclusive", "allow_promotion_codes"},
		{"Two", form("discounts[0][coupon]", pct.ID, "discounts[1][coupon]", pct.ID), "invalid_request", "discounts"},
		{"CouponAndCode", form("discounts[0][coupon]", pct.ID, "discounts[0][promotion_code]", "promo_x"), "parameters_exclusive", "discounts[0][coupon]"},
		{"UnknownCoupon", form("discounts[0][coupon]", "nope"), "resource_missing", "discounts[0][coupon]"},
		{"UnknownCode", form("discounts[0][promotion_code]", "promo_nope"), "resource_missing", "discounts[0][promotion_code]"},
		{"OtherCurrency", form("discounts[0][coupon]", eur.ID), "invalid_request", "discounts[0][coupon]"},
		{"NotForTheseItems", form("discounts[0][coupon]", mugs.ID), "invalid_request", "discounts[0][coupon]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, base+"&"+tc.extra)
			wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", tc.code, tc.param)
		})
	}
}

// A coupon of one redemption, on sessions paid at once on two servers: one
// pays, the others are refused before any card is charged, and the coupon
// is redeemed exactly once.
func TestRaceCouponRedemptions(t *testing.T) {
	srvs, raw := paymentServers(t, 2, raceConfig)
	acct := srvs[0].newAccount(t)
	coupon, err := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{PercentOff: stripe.Float64(50), MaxRedemptions: stripe.Int64(1)})
	if err != nil {
		t.Fatal(err)
	}
	const n = 6
	ids, tokens := make([]string, n), make([]string, n)
	for i := range n {
		ids[i] = discountedSession(t, acct, &stripe.CheckoutSessionCreateDiscountParams{Coupon: stripe.String(coupon.ID)}).ID
		tokens[i] = formToken(t, srvs[i%2], ids[i])
	}
	calls := make([]func() response, n)
	for i := range calls {
		calls[i] = func() response { return submitCard(t, srvs[i%2], ids[i], tokens[i], goodCard, "") }
	}
	var statuses []int
	paid := 0
	for i, r := range race(calls...) {
		statuses = append(statuses, r.Status)
		switch {
		case r.Status == http.StatusSeeOther:
			paid++
		case r.Status >= 500:
			t.Errorf("session %d got %d", i, r.Status)
		}
	}
	var redeemed, charged int
	raw.Get(&redeemed, `SELECT times_redeemed FROM coupons WHERE id = $1`, coupon.ID)
	raw.Get(&charged, `SELECT count(*) FROM charges WHERE status = 'succeeded'`)
	if paid != 1 || redeemed != 1 || charged != 1 {
		t.Errorf("%d paid (%v), %d redemptions, %d charges; want exactly one of each", paid, statuses, redeemed, charged)
	}
	dbtest.CheckPaymentInvariants(t, raw)
}

// A code for first-time transactions applies for a customer who has not
// paid before, and is refused once they have.
func TestPromotionCodeFirstTimeTransaction(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	coupon, _ := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{PercentOff: stripe.Float64(10)})
	pc, err := acct.Stripe.V1PromotionCodes.Create(bg, &stripe.PromotionCodeCreateParams{Coupon: stripe.String(coupon.ID),
		Restrictions: &stripe.PromotionCodeCreateRestrictionsParams{FirstTimeTransaction: stripe.Bool(true)}})
	if err != nil {
		t.Fatal(err)
	}
	cust, _ := acct.Stripe.V1Customers.Create(bg, &stripe.CustomerCreateParams{Email: stripe.String("ada@example.com")})
	withCode := func() response {
		return srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, form("mode", "payment",
			"success_url", "https://shop.example/ok", "customer", cust.ID, "discounts[0][promotion_code]", pc.ID,
			"line_items[0][quantity]", "1", "line_items[0][price_data][currency]", "usd",
			"line_items[0][price_data][unit_amount]", "1000", "line_items[0][price_data][product_data][name]", "Shirt"))
	}
	first := withCode()
	if first.Status != http.StatusOK {
		t.Fatalf("first-time customer: %d %s", first.Status, first.Body)
	}
	id := object(t, first)["id"].(string)
	if r := submitCard(t, srv, id, formToken(t, srv, id), goodCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d", r.Status)
	}
	wantRawErr(t, withCode(), http.StatusBadRequest, "invalid_request_error", "invalid_request", "discounts[0][promotion_code]")
}

package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"till/db/dbtest"
)

// promoSession creates a session of two T-shirts (3998) that takes
// promotion codes, and a code SAVE10 for 10 % off.
func promoSession(t *testing.T, acct *account, mode string) *stripe.CheckoutSession {
	t.Helper()
	coupon, err := acct.Stripe.V1Coupons.Create(bg, &stripe.CouponCreateParams{PercentOff: stripe.Float64(10)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acct.Stripe.V1PromotionCodes.Create(bg, &stripe.PromotionCodeCreateParams{Coupon: stripe.String(coupon.ID),
		Code: stripe.String("SAVE10")}); err != nil {
		t.Fatal(err)
	}
	p := basicSession()
	p.AllowPromotionCodes = stripe.Bool(true)
	switch mode {
	case "embedded":
		p.SuccessURL, p.CancelURL, p.UIMode, p.ReturnURL = nil, nil, stripe.String("embedded"), stripe.String("https://shop.example/return")
	case "custom":
		p.SuccessURL, p.CancelURL, p.UIMode, p.ReturnURL = nil, nil, stripe.String("custom"), stripe.String("https://shop.example/return")
	}
	s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// postPromotion posts the summary's promotion code form.
func postPromotion(t *testing.T, srv *testServer, path, token string, extra ...string) response {
	t.Helper()
	return postPage(t, srv, path, append([]string{"csrf_token", token}, extra...)...)
}

// The hosted page's code field: a code applies with its saving in the
// summary and the total, an unknown one is refused by the field, the code
// is removed again; the payment takes the total as it is then, even after
// a decline at the old total.
func TestPromotionCodeHosted(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := promoSession(t, acct, "hosted")
	page := srv.do(t, "GET", "/c/pay/"+s.ID, "", "")
	if !strings.Contains(page.Body, `id="promotionCode"`) {
		t.Fatalf("no promotion code field on the page")
	}
	token := formToken(t, srv, s.ID)
	if r := submitCard(t, srv, s.ID, token, declinedCard, ""); r.Status != http.StatusPaymentRequired {
		t.Fatalf("decline: %d", r.Status)
	}
	bad := postPromotion(t, srv, "/c/pay/"+s.ID+"/promotion_code", token, "promotionCode", "NOPE", "promotion_action", "apply")
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(bad.Body), "This code is invalid.") ||
		!strings.Contains(bad.Body, `value="NOPE"`) {
		t.Errorf("unknown code: %d %.200s", bad.Status, bad.Body)
	}
	ok := postPromotion(t, srv, "/c/pay/"+s.ID+"/promotion_code", token, "promotionCode", "save10", "promotion_action", "apply")
	if ok.Status != http.StatusSeeOther || ok.Header.Get("Location") != "/c/pay/"+s.ID {
		t.Fatalf("apply: %d to %q: %.200s", ok.Status, ok.Header.Get("Location"), ok.Body)
	}
	page = srv.do(t, "GET", "/c/pay/"+s.ID, "", "")
	if !strings.Contains(page.Body, `data-testid="applied-promotion-code">SAVE10<`) || !strings.Contains(page.Body, "−$4.00") ||
		!strings.Contains(page.Body, "$35.98") {
		t.Errorf("page with the code: no SAVE10, −$4.00 or $35.98")
	}
	got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if got.AmountTotal != 3598 || got.TotalDetails.AmountDiscount != 400 || len(got.Discounts) != 1 || got.Discounts[0].PromotionCode == nil {
		t.Errorf("session with the code: total %d discount %d discounts %v", got.AmountTotal, got.TotalDetails.AmountDiscount, got.Discounts)
	}
	postPromotion(t, srv, "/c/pay/"+s.ID+"/promotion_code", token, "promotion_action", "remove")
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.AmountTotal != 3998 || len(got.Discounts) != 0 {
		t.Errorf("after removing the code: total %d discounts %v", got.AmountTotal, got.Discounts)
	}
	postPromotion(t, srv, "/c/pay/"+s.ID+"/promotion_code", token, "promotionCode", "SAVE10", "promotion_action", "apply")
	if r := submitCard(t, srv, s.ID, formToken(t, srv, s.ID), goodCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d", r.Status)
	}
	got, _ = acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	pi, ch := latestCharge(t, acct, got.PaymentIntent.ID)
	if got.Status != "complete" || pi.Amount != 3598 || ch.Amount != 3598 || pi.AmountReceived != 3598 {
		t.Errorf("paid with the code after a decline without it: intent %d received %d, charge %d", pi.Amount, pi.AmountReceived, ch.Amount)
	}
	if pc, err := acct.Stripe.V1PromotionCodes.Retrieve(bg, got.Discounts[0].PromotionCode.ID, nil); err != nil || pc.TimesRedeemed != 1 {
		t.Errorf("the code's redemptions after paying: %+v, %v", pc, err)
	}
}

// The iframe's code field answers in the iframe, the client secret carried
// through; custom mode's applyPromotionCode and removePromotionCode answer
// with the session's totals, or Stripe.js's error.
func TestPromotionCodeEmbeddedAndCustom(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := promoSession(t, acct, "embedded")
	open := srv.do(t, "POST", "/c/embed/"+s.ID+"/open", "", form("client_secret", s.ClientSecret), sameOriginHeaders...)
	token := csrfPattern.FindStringSubmatch(open.Body)[1]
	r := postPromotion(t, srv, "/c/embed/"+s.ID+"/promotion_code", token, "client_secret", s.ClientSecret,
		"promotionCode", "SAVE10", "promotion_action", "apply")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "$35.98") ||
		!strings.Contains(r.Body, `name="client_secret" value="`+s.ClientSecret+`"`) {
		t.Errorf("embedded apply: %d %.200s", r.Status, r.Body)
	}
	if r := postPromotion(t, srv, "/c/embed/"+s.ID+"/promotion_code", token, "promotionCode", "SAVE10"); r.Status != http.StatusNotFound {
		t.Errorf("embedded apply without the client secret: %d", r.Status)
	}

	other := srv.newAccount(t)
	c := promoSession(t, other, "custom")
	path := "/c/api/custom/" + c.ID + "/promotion_code"
	res := srv.doJSON(t, path, other.PublishableKey, customJSON("client_secret", c.ClientSecret, "promotion_code", "SAVE10"))
	m := decodeJSON(t, res)
	session, _ := m["session"].(map[string]any)
	if res.Status != http.StatusOK || m["type"] != "success" || session == nil {
		t.Fatalf("applyPromotionCode: %d %v", res.Status, m)
	}
	total := session["total"].(map[string]any)
	discounts := session["discountAmounts"].([]any)
	if total["total"].(map[string]any)["minorUnitsAmount"] != 3598.0 || total["discount"].(map[string]any)["minorUnitsAmount"] != 400.0 ||
		len(discounts) != 1 || discounts[0].(map[string]any)["promotionCode"] != "SAVE10" {
		t.Errorf("session after applyPromotionCode: total %v discounts %v", total, discounts)
	}
	res = srv.doJSON(t, path, other.PublishableKey, customJSON("client_secret", c.ClientSecret, "promotion_code", "NOPE"))
	if m := decodeJSON(t, res); res.Status != http.StatusBadRequest || m["error"].(map[string]any)["code"] != "invalidCode" {
		t.Errorf("applyPromotionCode of an unknown code: %d %v", res.Status, m)
	}
	res = srv.doJSON(t, path, other.PublishableKey, customJSON("client_secret", c.ClientSecret, "promotion_code", ""))
	if m := decodeJSON(t, res); res.Status != http.StatusOK ||
		m["session"].(map[string]any)["total"].(map[string]any)["total"].(map[string]any)["minorUnitsAmount"] != 3998.0 {
		t.Errorf("removePromotionCode: %d %v", res.Status, m)
	}
	cs := customSession(t, acct)
	res = srv.doJSON(t, "/c/api/custom/"+cs.ID+"/promotion_code", acct.PublishableKey, customJSON("client_secret", cs.ClientSecret, "promotion_code", "SAVE10"))
	if m := decodeJSON(t, res); res.Status != http.StatusBadRequest || m["type"] != "error" {
		t.Errorf("a code on a session without the field: %d %v", res.Status, m)
	}
}

// A code applied while the shopper pays, on two servers: the session is
// paid once, at the total the attempt decided on, never a total changed
// under it (the invariants check the intent, the charge and amount_total
// agree), and no answer is a 5xx.
func TestRacePromotionVsPayment(t *testing.T) {
	srvs, raw := paymentServers(t, 2, raceConfig)
	acct := srvs[0].newAccount(t)
	for i := range raceRounds {
		var s *stripe.CheckoutSession
		if i == 0 {
			s = promoSession(t, acct, "hosted")
		} else {
			p := basicSession()
			p.AllowPromotionCodes = stripe.Bool(true)
			var err error
			if s, err = acct.Stripe.V1CheckoutSessions.Create(bg, p); err != nil {
				t.Fatal(err)
			}
		}
		token := formToken(t, srvs[0], s.ID)
		got := race(
			func() response { return submitCard(t, srvs[0], s.ID, token, goodCard, "") },
			func() response {
				return postPromotion(t, srvs[1], "/c/pay/"+s.ID+"/promotion_code", token, "promotionCode", "SAVE10", "promotion_action", "apply")
			},
		)
		for j, r := range got {
			if r.Status >= 500 {
				t.Errorf("round %d call %d: %d %.200s", i, j, r.Status, r.Body)
			}
		}
	}
	dbtest.CheckPaymentInvariants(t, raw)
}

// While an attempt awaits its 3-D Secure authentication, the total it is
// authorizing stays: a code is refused until the shopper finishes.
func TestPromotionCodeWhileAuthenticating(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := promoSession(t, acct, "hosted")
	token := formToken(t, srv, s.ID)
	if r := submitCard(t, srv, s.ID, token, authCard, ""); r.Status != http.StatusSeeOther {
		t.Fatalf("3-D Secure card: %d", r.Status)
	}
	if r := postPromotion(t, srv, "/c/pay/"+s.ID+"/promotion_code", token, "promotionCode", "SAVE10", "promotion_action", "apply"); r.Status != http.StatusConflict {
		t.Errorf("a code while authenticating: %d, want 409", r.Status)
	}
	if got, _ := acct.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil); got.AmountTotal != 3998 {
		t.Errorf("total after the refused code: %d", got.AmountTotal)
	}
}

package web_test

import (
	"net/http"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// TestShippingRates: create, retrieve, update and list through stripe-go;
// only active, metadata, the currency options and an unspecified tax
// behavior change after a rate is made.
func TestShippingRates(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	p := &stripe.ShippingRateCreateParams{DisplayName: stripe.String("Ground shipping"), Type: stripe.String("fixed_amount"),
		FixedAmount: &stripe.ShippingRateCreateFixedAmountParams{Amount: stripe.Int64(500), Currency: stripe.String("usd"),
			CurrencyOptions: map[string]*stripe.ShippingRateCreateFixedAmountCurrencyOptionsParams{
				"eur": {Amount: stripe.Int64(450), TaxBehavior: stripe.String("exclusive")}}},
		DeliveryEstimate: &stripe.ShippingRateCreateDeliveryEstimateParams{
			Minimum: &stripe.ShippingRateCreateDeliveryEstimateMinimumParams{Unit: stripe.String("business_day"), Value: stripe.Int64(5)},
			Maximum: &stripe.ShippingRateCreateDeliveryEstimateMaximumParams{Unit: stripe.String("business_day"), Value: stripe.Int64(7)}},
		TaxCode: stripe.String("txcd_92010001")}
	p.AddMetadata("carrier", "ups")
	r, err := acct.Stripe.V1ShippingRates.Create(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.ID) < 5 || r.ID[:4] != "shr_" || r.Object != "shipping_rate" || !r.Active || r.DisplayName != "Ground shipping" ||
		r.Type != "fixed_amount" || r.FixedAmount.Amount != 500 || r.FixedAmount.Currency != "usd" ||
		r.FixedAmount.CurrencyOptions["eur"].Amount != 450 || r.TaxBehavior != "unspecified" || r.TaxCode.ID != "txcd_92010001" ||
		r.DeliveryEstimate.Minimum.Unit != "business_day" || r.DeliveryEstimate.Maximum.Value != 7 || r.Metadata["carrier"] != "ups" {
		t.Errorf("created %+v", r)
	}
	got, err := acct.Stripe.V1ShippingRates.Retrieve(bg, r.ID, nil)
	if err != nil || got.DisplayName != r.DisplayName || got.DeliveryEstimate.Minimum.Value != 5 {
		t.Errorf("retrieve = %+v, %v", got, err)
	}

	upd, err := acct.Stripe.V1ShippingRates.Update(bg, r.ID, &stripe.ShippingRateUpdateParams{Active: stripe.Bool(false),
		TaxBehavior: stripe.String("exclusive"), Metadata: map[string]string{"carrier": "", "zone": "1"},
		FixedAmount: &stripe.ShippingRateUpdateFixedAmountParams{CurrencyOptions: map[string]*stripe.ShippingRateUpdateFixedAmountCurrencyOptionsParams{
			"gbp": {Amount: stripe.Int64(400)}}}})
	if err != nil || upd.Active || upd.TaxBehavior != "exclusive" || upd.Metadata["zone"] != "1" || upd.Metadata["carrier"] != "" ||
		upd.FixedAmount.CurrencyOptions["gbp"].Amount != 400 || upd.FixedAmount.CurrencyOptions["eur"].Amount != 450 {
		t.Errorf("update = %+v, %v", upd, err)
	}
	_, err = acct.Stripe.V1ShippingRates.Update(bg, r.ID, &stripe.ShippingRateUpdateParams{TaxBehavior: stripe.String("inclusive")})
	if e := stripeErr(t, err); e.HTTPStatusCode != 400 || e.Param != "tax_behavior" {
		t.Errorf("tax_behavior changed once set: %+v", e)
	}
	for _, body := range []string{form("display_name", "Air"), form("fixed_amount[amount]", "1"), form("delivery_estimate[minimum][unit]", "day")} {
		res := srv.do(t, "POST", "/v1/shipping_rates/"+r.ID, acct.SecretKey, body)
		wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", "parameter_unknown", decodeErr(t, res).Param)
	}

	express, _ := acct.Stripe.V1ShippingRates.Create(bg, &stripe.ShippingRateCreateParams{DisplayName: stripe.String("Express"),
		FixedAmount: &stripe.ShippingRateCreateFixedAmountParams{Amount: stripe.Int64(1500), Currency: stripe.String("eur")}})
	count := func(lp *stripe.ShippingRateListParams) (ids []string) {
		for rate, err := range acct.Stripe.V1ShippingRates.List(bg, lp) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, rate.ID)
		}
		return ids
	}
	if ids := count(&stripe.ShippingRateListParams{}); len(ids) != 2 || ids[0] != express.ID {
		t.Errorf("list = %v, want express first of two", ids)
	}
	if ids := count(&stripe.ShippingRateListParams{Active: stripe.Bool(true)}); len(ids) != 1 || ids[0] != express.ID {
		t.Errorf("active = %v", ids)
	}
	if ids := count(&stripe.ShippingRateListParams{Currency: stripe.String("gbp")}); len(ids) != 1 || ids[0] != r.ID {
		t.Errorf("gbp (a currency option) = %v", ids)
	}
	if ids := count(&stripe.ShippingRateListParams{Currency: stripe.String("eur")}); len(ids) != 2 {
		t.Errorf("eur = %v, want both", ids)
	}
	if ids := count(&stripe.ShippingRateListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThan: r.Created + 3600}}); len(ids) != 0 {
		t.Errorf("created in the future = %v", ids)
	}
	if _, err := acct.Stripe.V1ShippingRates.Retrieve(bg, "shr_nope", nil); stripeErr(t, err).HTTPStatusCode != 404 {
		t.Errorf("unknown rate: %v", err)
	}
}

// TestShippingRateErrors: Stripe's answers to bad parameters.
func TestShippingRateErrors(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	base := []string{"display_name", "Ground", "fixed_amount[amount]", "500", "fixed_amount[currency]", "usd"}
	with := func(kv ...string) string { return form(append(append([]string{}, base...), kv...)...) }
	for _, c := range []struct {
		name, body, code, param string
	}{
		{"NoDisplayName", form("fixed_amount[amount]", "500", "fixed_amount[currency]", "usd"), "parameter_missing", "display_name"},
		{"NoFixedAmount", form("display_name", "Ground"), "parameter_missing", "fixed_amount"},
		{"NoCurrency", form("display_name", "Ground", "fixed_amount[amount]", "500"), "parameter_missing", "fixed_amount[currency]"},
		{"NoAmount", form("display_name", "Ground", "fixed_amount[currency]", "usd"), "parameter_missing", "fixed_amount[amount]"},
		{"NegativeAmount", form("display_name", "Ground", "fixed_amount[amount]", "-1", "fixed_amount[currency]", "usd"), "parameter_invalid_integer", "fixed_amount[amount]"},
		{"BadCurrency", form("display_name", "Ground", "fixed_amount[amount]", "5", "fixed_amount[currency]", "xyz"), "invalid_request", "fixed_amount[currency]"},
		{"BadType", with("type", "weight_based"), "invalid_request", "type"},
		{"BadUnit", with("delivery_estimate[minimum][unit]", "fortnight", "delivery_estimate[minimum][value]", "1"), "invalid_request", "delivery_estimate[minimum][unit]"},
		{"NoUnit", with("delivery_estimate[maximum][value]", "3"), "parameter_missing", "delivery_estimate[maximum][unit]"},
		{"ZeroValue", with("delivery_estimate[maximum][unit]", "day", "delivery_estimate[maximum][value]", "0"), "parameter_invalid_integer", "delivery_estimate[maximum][value]"},
		{"BadTaxBehavior", with("tax_behavior", "sometimes"), "invalid_request", "tax_behavior"},
		{"CurrencyOptionWithoutAmount", with("fixed_amount[currency_options][eur][tax_behavior]", "inclusive"), "parameter_missing", "fixed_amount[currency_options][eur][amount]"},
		{"ActiveOnCreate", with("active", "false"), "parameter_unknown", "active"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := srv.do(t, "POST", "/v1/shipping_rates", acct.SecretKey, c.body)
			wantRawErr(t, res, http.StatusBadRequest, "invalid_request_error", c.code, c.param)
		})
	}
	res := srv.do(t, "POST", "/v1/shipping_rates", acct.SecretKey, with("delivery_estimate[minimum][unit]", "fortnight", "delivery_estimate[minimum][value]", "1"))
	if e := decodeErr(t, res); e.Message != "Invalid delivery_estimate[minimum][unit]: must be one of business_day, day, hour, month, or week" {
		t.Errorf("unit message = %q", e.Message)
	}
}

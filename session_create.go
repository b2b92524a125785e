package till

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
)

// MaxLineItems is Stripe's limit on line items in payment mode.
const MaxLineItems = 100

// Lookup finds the existing objects a create request refers to, within the
// caller's account. Each returns a NotFound *Error for an unknown ID.
type Lookup interface {
	Price(id string) (*Price, error)
	Product(id string) (*Product, error)
	Customer(id string) (*Customer, error)
	Coupon(id string) (*Coupon, error)
	PromotionCode(id string) (*PromotionCode, error)
	// CustomerHasPaid reports whether the customer has a succeeded
	// payment, for codes restricted to first-time transactions.
	CustomerHasPaid(customerID string) (bool, error)
	TaxRate(id string) (*TaxRate, error)
	// TermsURL is the caller's account's terms of service URL, nil when it
	// has none.
	TermsURL() (*string, error)
	ShippingRate(id string) (*ShippingRate, error)
}

// SessionPlan is everything one create request writes: the session with its
// line items, the inactive prices and products its inline price_data made,
// and the shipping rates its inline shipping_rate_data made.
type SessionPlan struct {
	Session          *Session
	NewProducts      []*Product
	NewPrices        []*Price
	NewShippingRates []*ShippingRate
}

// CheckCreateSession applies the rules that need nothing but the request:
// required and exclusive parameters, enums, lengths, URLs and the ui_mode
// rules. now is the creation time in unix seconds.
func CheckCreateSession(p *CreateSessionParams, apiVersion string, now int64) error {
	if p.Mode == nil {
		return Missing("mode")
	}
	if err := oneOf("mode", p.Mode, "payment", "setup", "subscription"); err != nil {
		return err
	}
	if *p.Mode != "payment" {
		return Invalid(CodeInvalidRequest, "mode", "Till supports only mode=payment; mode=%s is not available.", *p.Mode)
	}
	uiMode := UIModeHosted
	if p.UIMode != nil {
		var ok bool
		if uiMode, ok = parseUIMode(*p.UIMode, apiVersion); !ok {
			names := []string{"hosted", "embedded", "custom"}
			if IsDahliaOrLater(apiVersion) {
				names = []string{"hosted_page", "embedded_page", "elements"}
			}
			return oneOf("ui_mode", p.UIMode, names...)
		}
	}
	if err := checkParamsForUIMode(p, uiMode, apiVersion); err != nil {
		return err
	}
	if len(p.LineItems) == 0 {
		return Missing("line_items")
	}
	if len(p.LineItems) > MaxLineItems {
		return Invalid(CodeInvalidRequest, "line_items", "You may only specify up to %d line items in payment mode.", MaxLineItems)
	}
	for i := range p.LineItems {
		if err := checkLineItem(&p.LineItems[i], fmt.Sprintf("line_items[%d]", i)); err != nil {
			return err
		}
	}
	if p.Customer != nil && p.CustomerEmail != nil {
		return Exclusive("customer", "customer_email")
	}
	if err := checkDiscounts(p); err != nil {
		return err
	}
	if err := checkShipping(p); err != nil {
		return err
	}
	if p.AutomaticTax != nil && p.AutomaticTax.Enabled != nil && *p.AutomaticTax.Enabled {
		// Till has no tax engine: it answers as Stripe answers an account
		// that has not set Stripe Tax up.
		return Invalid(CodeInvalidRequest, "", "Stripe Tax has not been activated on your account. Please visit https://stripe.com/docs/tax/set-up to get started.")
	}
	if p.Customer != nil && p.CustomerCreation != nil {
		return Exclusive("customer", "customer_creation")
	}
	if p.CustomerEmail != nil {
		if err := checkEmail("customer_email", *p.CustomerEmail); err != nil {
			return err
		}
	}
	if p.Currency != nil && !IsSupportedCurrency(*p.Currency) {
		return Invalid(CodeInvalidRequest, "currency", "Invalid currency: %s. Stripe currently supports these currencies: usd, eur, gbp, jpy, …", *p.Currency)
	}
	if p.ExpiresAt != nil {
		if *p.ExpiresAt < now+MinSessionLifetime {
			return Invalid(CodeInvalidRequest, "expires_at", "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.")
		}
		if *p.ExpiresAt > now+MaxSessionLifetime {
			return Invalid(CodeInvalidRequest, "expires_at", "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.")
		}
	}
	if p.PhoneNumberCollection != nil && p.PhoneNumberCollection.Enabled == nil {
		return Missing("phone_number_collection[enabled]")
	}
	for i, t := range p.PaymentMethodTypes {
		if t != "card" {
			return Invalid(CodeInvalidRequest, fmt.Sprintf("payment_method_types[%d]", i),
				"The payment method type %q is not available in Till, which supports only card.", t)
		}
	}
	for _, err := range []error{
		oneOf("customer_creation", p.CustomerCreation, "always", "if_required"),
		oneOf("billing_address_collection", p.BillingAddressCollection, "auto", "required"),
		oneOf("locale", p.Locale, Locales...),
		oneOf("submit_type", p.SubmitType, "auto", "book", "donate", "pay"),
		maxLen("client_reference_id", p.ClientReferenceID, 200),
		maxLen("customer", p.Customer, 5000),
		CheckMetadata("metadata", p.Metadata),
		checkPaymentIntentData(p.PaymentIntentData),
		checkCustomFields(p.CustomFields),
		checkCustomText(p.CustomText),
		checkConsentCollection(p.ConsentCollection),
		checkTaxIDCollection(p.TaxIDCollection),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkParamsForUIMode enforces which parameters each ui_mode takes: hosted
// sessions need success_url and refuse return_url; embedded and custom
// sessions refuse success_url/cancel_url and need return_url unless
// redirect_on_completion is never. Custom sessions also refuse custom_fields,
// custom_text and line items' dynamic_tax_rates ("You can't set this
// parameter if ui_mode is custom", in Stripe's API reference): Stripe.js has
// no way to show or fill the first two in the merchant's own form, and the
// merchant's form, not Checkout, shows its taxes. Refused parameters are
// named in one error, in alphabetical order.
func checkParamsForUIMode(p *CreateSessionParams, uiMode, apiVersion string) error {
	var refused []string
	switch uiMode {
	case UIModeHosted:
		if p.RedirectOnCompletion != nil {
			refused = append(refused, "redirect_on_completion")
		}
		if p.ReturnURL != nil {
			refused = append(refused, "return_url")
		}
	default:
		if p.CancelURL != nil {
			refused = append(refused, "cancel_url")
		}
		if p.SuccessURL != nil {
			refused = append(refused, "success_url")
		}
	}
	if uiMode == UIModeCustom {
		if p.CustomFields != nil {
			refused = append(refused, "custom_fields")
		}
		if p.CustomText != nil {
			refused = append(refused, "custom_text")
		}
		for i, li := range p.LineItems {
			if li.DynamicTaxRates != nil {
				refused = append(refused, fmt.Sprintf("line_items[%d][dynamic_tax_rates]", i))
			}
		}
	}
	slices.Sort(refused)
	if len(refused) > 0 {
		return Invalid(CodeInvalidRequest, refused[0], "The following parameters are not supported with 'ui_mode: %s': %s.",
			UIModeForVersion(uiMode, apiVersion), strings.Join(refused, ", "))
	}
	if uiMode == UIModeHosted {
		if p.SuccessURL == nil {
			return Missing("success_url")
		}
	} else {
		if err := oneOf("redirect_on_completion", p.RedirectOnCompletion, "always", "if_required", "never"); err != nil {
			return err
		}
		never := p.RedirectOnCompletion != nil && *p.RedirectOnCompletion == "never"
		if never && p.ReturnURL != nil {
			return Invalid(CodeInvalidRequest, "return_url", "`return_url` cannot be set when `redirect_on_completion` is `never`.")
		}
		if !never && p.ReturnURL == nil {
			return Invalid(CodeParameterMissing, "return_url", "Missing required param: return_url. A return_url is required unless `redirect_on_completion` is `never`.")
		}
	}
	for _, u := range []struct {
		param string
		v     *string
	}{{"success_url", p.SuccessURL}, {"cancel_url", p.CancelURL}, {"return_url", p.ReturnURL}} {
		if u.v != nil {
			if err := CheckRedirectURL(u.param, *u.v); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkLineItem(li *LineItemParams, param string) error {
	switch {
	case li.Price != nil && li.PriceData != nil:
		return Exclusive(param+"[price]", param+"[price_data]")
	case li.Price == nil && li.PriceData == nil:
		return Invalid(CodeParameterMissing, param, "Each line item must have either price or price_data: %s has neither.", param)
	}
	if li.TaxRates != nil && li.DynamicTaxRates != nil {
		return Exclusive(param+"[tax_rates]", param+"[dynamic_tax_rates]")
	}
	if len(li.DynamicTaxRates) > MaxDynamicTaxRates {
		return Invalid(CodeInvalidRequest, param+"[dynamic_tax_rates]", "You may only specify up to %d dynamic tax rates per line item.", MaxDynamicTaxRates)
	}
	if len(li.TaxRates) > MaxLineTaxRates {
		return Invalid(CodeInvalidRequest, param+"[tax_rates]", "You may only specify up to %d tax rates per line item.", MaxLineTaxRates)
	}
	if li.Quantity == nil {
		return Missing(param + "[quantity]")
	}
	if aq := li.AdjustableQuantity; aq != nil {
		if aq.Enabled == nil {
			return Missing(param + "[adjustable_quantity][enabled]")
		}
		lo, hi := adjustableBounds(aq)
		if hi > 999999 {
			return Invalid(CodeInvalidRequest, param+"[adjustable_quantity][maximum]", "The maximum adjustable quantity is 999999.")
		}
		if lo < 0 || lo > hi {
			return Invalid(CodeInvalidRequest, param+"[adjustable_quantity][minimum]", "The adjustable quantity minimum must be between 0 and the maximum.")
		}
		if *li.Quantity < lo || *li.Quantity > hi {
			return Invalid(CodeInvalidRequest, param+"[quantity]", "Quantity %d is outside the adjustable range %d to %d.", *li.Quantity, lo, hi)
		}
	}
	// Only a quantity the shopper can raise may start below 1: an
	// adjustable_quantity sent with enabled=false leaves the line fixed.
	adjustable := li.AdjustableQuantity != nil && *li.AdjustableQuantity.Enabled
	if *li.Quantity < 1 && !adjustable {
		return Invalid(CodeInvalidRequest, param+"[quantity]", "Quantity must be greater than or equal to 1.")
	}
	if *li.Quantity > 999999 {
		return Invalid(CodeInvalidRequest, param+"[quantity]", "Quantity must be less than or equal to 999999.")
	}
	if li.Price != nil {
		return maxLen(param+"[price]", li.Price, 5000)
	}
	pd, pp := li.PriceData, param+"[price_data]"
	if pd.Currency == nil {
		return Missing(pp + "[currency]")
	}
	if !IsSupportedCurrency(*pd.Currency) {
		return Invalid(CodeInvalidRequest, pp+"[currency]", "Invalid currency: %s.", *pd.Currency)
	}
	if pd.Recurring != nil {
		return Invalid(CodeInvalidRequest, pp+"[recurring]", "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.")
	}
	switch {
	case pd.UnitAmount != nil && pd.UnitAmountDecimal != nil:
		return Exclusive(pp+"[unit_amount]", pp+"[unit_amount_decimal]")
	case pd.UnitAmount == nil && pd.UnitAmountDecimal == nil:
		return Missing(pp + "[unit_amount]")
	case pd.UnitAmount != nil:
		if err := ValidateUnitAmount(*pd.Currency, *pd.UnitAmount, pp+"[unit_amount]"); err != nil {
			return err
		}
	default:
		if _, err := ParseDecimalAmount(*pd.UnitAmountDecimal, pp+"[unit_amount_decimal]"); err != nil {
			return err
		}
	}
	switch {
	case pd.Product != nil && pd.ProductData != nil:
		return Exclusive(pp+"[product]", pp+"[product_data]")
	case pd.Product == nil && pd.ProductData == nil:
		return Missing(pp + "[product_data]")
	}
	if err := oneOf(pp+"[tax_behavior]", pd.TaxBehavior, "exclusive", "inclusive", "unspecified"); err != nil {
		return err
	}
	if pd.ProductData != nil {
		return CheckProductData(pd.ProductData, pp+"[product_data]")
	}
	return nil
}

// CheckProductData validates an inline product (also used by POST /v1/prices).
func CheckProductData(d *ProductDataParams, param string) error {
	if d.Name == nil {
		return Missing(param + "[name]")
	}
	if len(d.Images) > 8 {
		return Invalid(CodeInvalidRequest, param+"[images]", "You may only specify up to 8 images.")
	}
	for i, img := range d.Images {
		if err := CheckRedirectURL(fmt.Sprintf("%s[images][%d]", param, i), img); err != nil {
			return err
		}
	}
	for _, err := range []error{
		maxLen(param+"[name]", d.Name, 5000),
		maxLen(param+"[description]", d.Description, 40000),
		maxLen(param+"[unit_label]", d.UnitLabel, 12),
		CheckMetadata(param+"[metadata]", d.Metadata),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

func checkPaymentIntentData(d *PaymentIntentDataParams) error {
	if d == nil {
		return nil
	}
	const p = "payment_intent_data"
	for _, err := range []error{
		oneOf(p+"[capture_method]", d.CaptureMethod, "automatic", "automatic_async", "manual"),
		oneOf(p+"[setup_future_usage]", d.SetupFutureUsage, "on_session", "off_session"),
		maxLen(p+"[description]", d.Description, 1000),
		maxLen(p+"[statement_descriptor]", d.StatementDescriptor, 22),
		maxLen(p+"[statement_descriptor_suffix]", d.StatementDescriptorSuffix, 22),
		CheckMetadata(p+"[metadata]", d.Metadata),
	} {
		if err != nil {
			return err
		}
	}
	if d.ReceiptEmail != nil {
		if err := checkEmail(p+"[receipt_email]", *d.ReceiptEmail); err != nil {
			return err
		}
	}
	if s := d.Shipping; s != nil {
		if s.Name == nil {
			return Missing(p + "[shipping][name]")
		}
		if s.Address.Line1 == nil {
			return Missing(p + "[shipping][address][line1]")
		}
	}
	return nil
}

func checkEmail(param, v string) error {
	if a, err := mail.ParseAddress(v); err != nil || a.Address != v || len(v) > 800 {
		return Invalid("email_invalid", param, "Invalid email address: %s", v)
	}
	return nil
}

func adjustableBounds(aq *AdjustableQuantityParams) (lo, hi int64) {
	lo, hi = 0, 99
	if aq.Minimum != nil {
		lo = *aq.Minimum
	}
	if aq.Maximum != nil {
		hi = *aq.Maximum
	}
	return lo, hi
}

// PlanSession turns checked parameters into the objects to write: it resolves
// referenced prices, products and the customer through lookup, applies the
// currency and amount rules, and computes the totals.
func PlanSession(p *CreateSessionParams, caller Caller, uiModeVersion string, now int64, lookup Lookup) (*SessionPlan, error) {
	plan := &SessionPlan{}
	s := &Session{
		ID: NewSessionID(caller.Livemode), AccountID: caller.AccountID, Livemode: caller.Livemode,
		Status: SessionOpen, PaymentStatus: PaymentUnpaid, Mode: *p.Mode, UIMode: UIModeHosted,
		CustomerEmail: p.CustomerEmail, BillingAddressCollection: p.BillingAddressCollection,
		ClientReferenceID: p.ClientReferenceID, SuccessURL: p.SuccessURL, CancelURL: p.CancelURL,
		ReturnURL: p.ReturnURL, RedirectOnCompletion: p.RedirectOnCompletion, Locale: p.Locale,
		SubmitType: p.SubmitType, PaymentMethodTypes: []string{"card"}, PaymentIntentData: p.PaymentIntentData,
		Metadata: CleanMetadata(p.Metadata), Created: now, ExpiresAt: now + DefaultSessionLifetime,
	}
	if p.UIMode != nil {
		s.UIMode, _ = parseUIMode(*p.UIMode, uiModeVersion)
	}
	if s.UIMode != UIModeHosted && s.RedirectOnCompletion == nil {
		always := "always"
		s.RedirectOnCompletion = &always
	}
	if p.ExpiresAt != nil {
		s.ExpiresAt = *p.ExpiresAt
	}
	if p.PhoneNumberCollection != nil {
		s.PhoneNumberCollection = *p.PhoneNumberCollection.Enabled
	}
	creation := "if_required"
	if p.CustomerCreation != nil {
		creation = *p.CustomerCreation
	}
	if p.Customer != nil {
		// An unknown customer is a 400 naming the parameter, as at Stripe,
		// whatever the Lookup reports it as.
		c, err := lookup.Customer(*p.Customer)
		if err != nil {
			return nil, withParam(err, "customer")
		}
		s.CustomerID = &c.ID
		s.CustomerEmail = c.Email
	} else {
		s.CustomerCreation = &creation
	}

	var total int64
	for i := range p.LineItems {
		li, err := planLineItem(plan, &p.LineItems[i], i, caller, now, lookup)
		if err != nil {
			return nil, err
		}
		li.SessionID = s.ID
		if s.Currency == "" {
			s.Currency = li.Currency
		} else if li.Currency != s.Currency {
			return nil, Invalid(CodeInvalidRequest, fmt.Sprintf("line_items[%d]", i),
				"All line items must use the same currency; line_items[%d] is in %s and the session in %s.", i, li.Currency, s.Currency)
		}
		total += li.AmountTotal
		if total > 99999999 {
			return nil, Invalid(CodeAmountTooLarge, "line_items", "The Checkout Session's total amount due must be no more than 99999999 in the smallest currency unit.")
		}
		s.LineItems = append(s.LineItems, *li)
	}
	if p.Currency != nil && *p.Currency != s.Currency {
		return nil, Invalid(CodeInvalidRequest, "currency", "The currency %s does not match the currency of the line items (%s).", *p.Currency, s.Currency)
	}
	if err := CheckMinimumTotal(s.Currency, total); err != nil {
		return nil, err
	}
	s.AmountSubtotal = total
	if err := planShipping(plan, s, p, caller, now, lookup); err != nil {
		return nil, err
	}
	s.computeTotals()
	if s.AmountTotal > 99999999 {
		return nil, Invalid(CodeAmountTooLarge, "line_items", "The Checkout Session's total amount due must be no more than 99999999 in the smallest currency unit.")
	}
	if p.AllowPromotionCodes != nil {
		s.AllowPromotionCodes = *p.AllowPromotionCodes
	}
	if err := planDiscount(s, p.Discounts, now, lookup); err != nil {
		return nil, err
	}
	if err := planPageOptions(s, p, lookup); err != nil {
		return nil, err
	}
	plan.Session = s
	return plan, nil
}

// planDiscount applies a create's discounts[0] to the session: a coupon,
// or a promotion code's, either of them redeemable now and giving something
// off this session's line items.
func planDiscount(s *Session, discounts []DiscountParams, now int64, lookup Lookup) error {
	if len(discounts) == 0 {
		return nil
	}
	d := discounts[0]
	var coupon *Coupon
	var promo *PromotionCode
	var param string
	var err error
	if d.Coupon != nil {
		param = "discounts[0][coupon]"
		if coupon, err = lookup.Coupon(*d.Coupon); err != nil {
			return withParam(err, param)
		}
		if !coupon.Valid(now) {
			return errCouponInvalid(param, coupon.ID)
		}
	} else {
		param = "discounts[0][promotion_code]"
		if promo, err = lookup.PromotionCode(*d.PromotionCode); err != nil {
			return withParam(err, param)
		}
		paidBefore := false
		if promo.Restrictions.FirstTimeTransaction && s.CustomerID != nil {
			if paidBefore, err = lookup.CustomerHasPaid(*s.CustomerID); err != nil {
				return err
			}
		}
		if why := promo.Redeemable(s, now, paidBefore); why != "" {
			return Invalid(CodeInvalidRequest, param, "This promotion code (%s) cannot be applied: %s.", promo.Code, promotionReasons[why])
		}
		coupon = promo.Coupon
	}
	if err := s.ApplyDiscount(coupon, promo); err != nil {
		if _, ok := coupon.AmountOffIn(s.Currency); coupon.AmountOff != nil && !ok {
			return couponCurrencyError(param, coupon, s.Currency)
		}
		return Invalid(CodeInvalidRequest, param, "The coupon %s applies to none of the line items.", coupon.ID)
	}
	if s.AmountTotal > 0 {
		return CheckMinimumTotal(s.Currency, s.AmountTotal)
	}
	return nil
}

// planPageOptions sets what the page asks of the shopper beyond paying:
// custom fields and texts, consent (to terms of service the account must
// have published) and tax IDs.
func planPageOptions(s *Session, p *CreateSessionParams, lookup Lookup) error {
	s.CustomFields = planCustomFields(p.CustomFields)
	s.CustomText = planCustomText(p.CustomText)
	if c := p.ConsentCollection; c != nil {
		s.ConsentCollection = &ConsentCollection{TermsOfService: c.TermsOfService, Promotions: c.Promotions}
		if s.RequiresTerms() {
			terms, err := lookup.TermsURL()
			if err != nil {
				return err
			}
			if terms == nil {
				return errNoTermsURL()
			}
		}
	}
	if t := p.TaxIDCollection; t != nil {
		s.TaxIDCollection = *t.Enabled
	}
	return nil
}

// checkTaxIDCollection: enabled is required, and required is if_supported
// or never. Till's page always leaves the tax ID optional, so it refuses
// if_supported rather than ignore it.
func checkTaxIDCollection(t *TaxIDCollectionParams) error {
	if t == nil {
		return nil
	}
	if t.Enabled == nil {
		return Missing("tax_id_collection[enabled]")
	}
	if err := oneOf("tax_id_collection[required]", t.Required, "if_supported", "never"); err != nil {
		return err
	}
	if t.Required != nil && *t.Required == "if_supported" {
		return Invalid(CodeInvalidRequest, "tax_id_collection[required]",
			"Till leaves the tax ID optional: tax_id_collection[required] can only be never.")
	}
	return nil
}

// promotionReasons are the API's words for why a code cannot be applied.
var promotionReasons = map[string]string{
	PromotionInvalid:      "it is inactive",
	PromotionExpired:      "it expired or reached its maximum redemptions",
	PromotionInapplicable: "this Checkout Session does not meet its restrictions",
}

func planLineItem(plan *SessionPlan, p *LineItemParams, i int, caller Caller, now int64, lookup Lookup) (*LineItem, error) {
	param := fmt.Sprintf("line_items[%d]", i)
	li := &LineItem{ID: NewLineItemID(), Position: i, Quantity: *p.Quantity}
	if aq := p.AdjustableQuantity; aq != nil {
		lo, hi := adjustableBounds(aq)
		li.AdjustableQuantity = &AdjustableQuantity{Enabled: *aq.Enabled, Minimum: lo, Maximum: hi}
	}
	var product *Product
	if p.Price != nil {
		price, err := lookup.Price(*p.Price)
		if err != nil {
			return nil, withParam(err, param+"[price]")
		}
		if !price.Active {
			return nil, Invalid(CodeInvalidRequest, param+"[price]", "The price specified is inactive. This field only accepts active prices.")
		}
		if product, err = lookup.Product(price.ProductID); err != nil {
			return nil, err
		}
		li.Price = price
	} else {
		pd := p.PriceData
		if pd.Product != nil {
			var err error
			if product, err = lookup.Product(*pd.Product); err != nil {
				return nil, withParam(err, param+"[price_data][product]")
			}
		} else {
			d := pd.ProductData
			product = &Product{ID: NewProductID(), AccountID: caller.AccountID, Livemode: caller.Livemode, Name: *d.Name,
				Description: d.Description, Images: d.Images, Metadata: CleanMetadata(d.Metadata), TaxCode: d.TaxCode,
				UnitLabel: d.UnitLabel, Created: now, Updated: now}
			if product.Images == nil {
				product.Images = []string{}
			}
			plan.NewProducts = append(plan.NewProducts, product)
		}
		price := &Price{ID: NewPriceID(), AccountID: caller.AccountID, Livemode: caller.Livemode, ProductID: product.ID,
			Currency: *pd.Currency, TaxBehavior: pd.TaxBehavior, Metadata: map[string]string{}, Created: now}
		price.setAmount(pd.UnitAmount, pd.UnitAmountDecimal)
		plan.NewPrices = append(plan.NewPrices, price)
		li.Price = price
	}
	li.Currency = li.Price.Currency
	li.Description = &product.Name
	amount, ok := LineAmount(li.Price.UnitAmountRat(), li.Quantity)
	if !ok || amount > 99999999 {
		return nil, Invalid(CodeAmountTooLarge, param, "The line item's amount must be no more than 99999999 in the smallest currency unit.")
	}
	li.AmountSubtotal, li.AmountTotal = amount, amount
	for j, id := range p.TaxRates {
		rateParam := fmt.Sprintf("%s[tax_rates][%d]", param, j)
		r, err := lookup.TaxRate(id)
		if err != nil {
			return nil, withParam(err, rateParam)
		}
		if !r.Active {
			return nil, Invalid(CodeInvalidRequest, rateParam, "The tax rate %s is inactive; only active tax rates can be applied.", id)
		}
		li.TaxRates = append(li.TaxRates, r)
	}
	for j, id := range p.DynamicTaxRates {
		rateParam := fmt.Sprintf("%s[dynamic_tax_rates][%d]", param, j)
		r, err := lookup.TaxRate(id)
		if err != nil {
			return nil, withParam(err, rateParam)
		}
		switch {
		case !r.Active:
			return nil, Invalid(CodeInvalidRequest, rateParam, "The tax rate %s is inactive; only active tax rates can be applied.", id)
		case r.Country == nil || *r.Country == "":
			return nil, Invalid(CodeInvalidRequest, rateParam, "The tax rate %s has no country; a dynamic tax rate must name the country it applies in.", id)
		}
		li.DynamicTaxRates = append(li.DynamicTaxRates, r)
	}
	return li, nil
}

// withParam turns a NotFound from the Lookup into Stripe's answer for an
// unknown ID in a request parameter: 400 resource_missing naming param.
func withParam(err error, param string) error {
	if e, ok := err.(*Error); ok && e.Kind == KindNotFound {
		c := *e
		c.Kind, c.Param = KindInvalid, param
		return &c
	}
	return err
}

// MaxLineTaxRates is how many tax rates one line item may carry, and
// MaxDynamicTaxRates how many it may choose one from by address.
const (
	MaxLineTaxRates    = 5
	MaxDynamicTaxRates = 100
)

// checkDiscounts: at most one discount, a coupon or a promotion code, and
// never beside allow_promotion_codes, as at Stripe.
func checkDiscounts(p *CreateSessionParams) error {
	if len(p.Discounts) == 0 {
		return nil
	}
	if p.AllowPromotionCodes != nil && *p.AllowPromotionCodes {
		return Exclusive("allow_promotion_codes", "discounts")
	}
	if len(p.Discounts) > 1 {
		return Invalid(CodeInvalidRequest, "discounts", "You may only specify one discount for a Checkout Session.")
	}
	d := p.Discounts[0]
	switch {
	case d.Coupon != nil && d.PromotionCode != nil:
		return Exclusive("discounts[0][coupon]", "discounts[0][promotion_code]")
	case d.Coupon == nil && d.PromotionCode == nil:
		return Invalid(CodeParameterMissing, "discounts[0]", "Each discount needs a coupon or a promotion_code.")
	}
	return nil
}

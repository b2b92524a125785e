package till

import (
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TaxRate is a tax a merchant charges on line items: a percentage,
// included in the price or added to it.
type TaxRate struct {
	ID           string
	AccountID    string
	Livemode     bool
	DisplayName  string
	Description  *string
	Percentage   float64
	Inclusive    bool
	Active       bool
	Country      *string
	State        *string
	Jurisdiction *string
	TaxType      *string
	Metadata     map[string]string
	Created      int64
}

// NewTaxRateID returns a fresh tax rate id.
func NewTaxRateID() string { return "txr_" + RandomString(24) }

// TaxTypes are Stripe's tax_type values.
var TaxTypes = []string{"amusement_tax", "communications_tax", "gst", "hst", "igst", "jct", "lease_tax", "pst",
	"qst", "retail_delivery_fee", "rst", "sales_tax", "service_tax", "vat"}

// TaxRateParams are the parameters of POST /v1/tax_rates and
// POST /v1/tax_rates/{id}.
type TaxRateParams struct {
	DisplayName  *string           `form:"display_name"`
	Description  *string           `form:"description,emptyok"`
	Percentage   *string           `form:"percentage"`
	Inclusive    *bool             `form:"inclusive"`
	Active       *bool             `form:"active"`
	Country      *string           `form:"country,emptyok"`
	State        *string           `form:"state,emptyok"`
	Jurisdiction *string           `form:"jurisdiction,emptyok"`
	TaxType      *string           `form:"tax_type,emptyok"`
	Metadata     map[string]string `form:"metadata"`
	Expand       []string          `form:"expand"`
}

// NewTaxRate checks create parameters and returns the rate to store.
func NewTaxRate(p *TaxRateParams, caller Caller, now int64) (*TaxRate, error) {
	switch {
	case p.DisplayName == nil:
		return nil, Missing("display_name")
	case p.Percentage == nil:
		return nil, Missing("percentage")
	case p.Inclusive == nil:
		return nil, Missing("inclusive")
	}
	pct, err := strconv.ParseFloat(*p.Percentage, 64)
	if err != nil || pct < 0 || pct > 100 {
		return nil, Invalid(CodeInvalidRequest, "percentage", "Invalid percentage: must be between 0 and 100.")
	}
	r := &TaxRate{ID: NewTaxRateID(), AccountID: caller.AccountID, Livemode: caller.Livemode, Percentage: pct,
		Inclusive: *p.Inclusive, Active: true, Metadata: map[string]string{}, Created: now}
	return r, ApplyTaxRate(r, p)
}

// ApplyTaxRate applies the fields a create or an update sent; the
// percentage and inclusive never change once a rate is made, as at Stripe.
func ApplyTaxRate(r *TaxRate, p *TaxRateParams) error {
	if p.DisplayName != nil {
		if strings.TrimSpace(*p.DisplayName) == "" {
			return Invalid(CodeParameterInvalidEmpty, "display_name", "display_name may not be empty.")
		}
		if err := maxLen("display_name", p.DisplayName, 50); err != nil {
			return err
		}
		r.DisplayName = *p.DisplayName
	}
	if p.TaxType != nil && *p.TaxType != "" && !slices.Contains(TaxTypes, *p.TaxType) {
		return Invalid(CodeInvalidRequest, "tax_type", "Invalid tax_type: must be one of %s", strings.Join(TaxTypes, ", "))
	}
	if p.Country != nil && *p.Country != "" && !IsCountry(strings.ToUpper(*p.Country)) {
		return Invalid(CodeInvalidRequest, "country", "Invalid country: %s", *p.Country)
	}
	setOptional(&r.Description, p.Description)
	setOptional(&r.Country, p.Country)
	setOptional(&r.State, p.State)
	setOptional(&r.Jurisdiction, p.Jurisdiction)
	setOptional(&r.TaxType, p.TaxType)
	if p.Active != nil {
		r.Active = *p.Active
	}
	metadata, err := applyMetadata(r.Metadata, p.Metadata)
	r.Metadata = metadata
	return err
}

// CheckTaxRateUpdate refuses what a rate cannot change.
func CheckTaxRateUpdate(p *TaxRateParams) error {
	if p.Percentage != nil {
		return Invalid(CodeParameterUnknown, "percentage", "Received unknown parameter: percentage")
	}
	if p.Inclusive != nil {
		return Invalid(CodeParameterUnknown, "inclusive", "Received unknown parameter: inclusive")
	}
	return nil
}

// LineTax is one rate's tax on a line item.
type LineTax struct {
	TaxRateID string `json:"tax_rate"`
	Amount    int64  `json:"amount"`
	// Taxable is the amount the rate was applied to.
	Taxable   int64 `json:"taxable_amount"`
	Inclusive bool  `json:"inclusive"`
}

// LineTaxes are the taxes of a line whose amount after discounts is
// amount: an exclusive rate adds amount × percentage / 100; inclusive rates
// are in the amount already, each its share of amount × p / (100 + the
// inclusive percentages). Each is rounded half up on its own, as Stripe
// rounds each line's taxes.
func LineTaxes(amount int64, rates []*TaxRate) []LineTax {
	inclusive := new(big.Rat)
	for _, r := range rates {
		if r.Inclusive {
			inclusive.Add(inclusive, decimalRat(r.Percentage))
		}
	}
	taxable := amount
	if inclusive.Sign() > 0 {
		// The amount before the inclusive taxes: amount × 100 / (100 + Σp).
		base := new(big.Rat).Mul(big.NewRat(amount*100, 1), new(big.Rat).Inv(new(big.Rat).Add(big.NewRat(100, 1), inclusive)))
		taxable = roundHalfUp(base)
	}
	out := make([]LineTax, len(rates))
	for i, r := range rates {
		tax := new(big.Rat).Mul(big.NewRat(taxable, 100), decimalRat(r.Percentage))
		if r.Inclusive {
			tax = new(big.Rat).Mul(big.NewRat(amount, 1), new(big.Rat).Quo(decimalRat(r.Percentage), new(big.Rat).Add(big.NewRat(100, 1), inclusive)))
		}
		out[i] = LineTax{TaxRateID: r.ID, Amount: roundHalfUp(tax), Taxable: taxable, Inclusive: r.Inclusive}
	}
	return out
}

// decimalRat is a percentage as the decimal it was given as.
func decimalRat(f float64) *big.Rat {
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(f, 'f', -1, 64))
	return r
}

// appliedRates are the rates a line is taxed by: its own, and the dynamic
// one its shopper's address chose.
func (li *LineItem) appliedRates() []*TaxRate {
	if li.DynamicRate == nil {
		return li.TaxRates
	}
	return append(slices.Clip(li.TaxRates), li.DynamicRate)
}

// AppliedRate is the rate of one of a line's taxes (li.Taxes[i]).
func (li *LineItem) AppliedRate(i int) *TaxRate { return li.appliedRates()[i] }

// matchRate is the dynamic rate an address chooses: one for its country
// and state, else one for its country that names no state; nil for none.
func matchRate(rates []*TaxRate, a *Address) *TaxRate {
	if a == nil || a.Country == nil {
		return nil
	}
	var countryWide *TaxRate
	for _, r := range rates {
		if r.Country == nil || !strings.EqualFold(*r.Country, *a.Country) {
			continue
		}
		switch {
		case r.State == nil || *r.State == "":
			if countryWide == nil {
				countryWide = r
			}
		case a.State != nil && strings.EqualFold(*r.State, *a.State):
			return r
		}
	}
	return countryWide
}

// hasDynamicTaxes reports whether the checkout's taxes depend on the
// shopper's address.
func (co *Checkout) hasDynamicTaxes() bool {
	for _, it := range co.Items {
		if len(it.DynamicTaxRates) > 0 {
			return true
		}
	}
	return false
}

// TaxAddress is the address of a payment whose dynamic tax rates apply:
// where the order ships on a session that collects a shipping address, else
// the billing address. Stripe documents this order for Checkout's taxes
// ("Checkout uses the shipping address entered during the session to
// determine the customer's location for calculating tax. If you don't
// collect shipping information, Checkout uses the billing address":
// docs.stripe.com/payments/checkout/taxes), and the dynamic_tax_rates
// parameter as applied "depending on the customer's billing/shipping
// address". Nil while the address that decides is not known.
func (s *Session) TaxAddress(p Payment) *Address {
	if s.ShippingAddressCollection == nil {
		return p.Address
	}
	if p.Shipping == nil {
		return nil
	}
	return &p.Shipping.Address
}

// FormTaxAddress is TaxAddress for a form as far as the shopper has filled
// it in: the page shows, and asks the server for, the totals at it.
func (s *Session) FormTaxAddress(f CheckoutForm) *Address {
	_, p, _ := CheckCheckoutForm(s, f, time.Time{})
	return s.TaxAddress(p)
}

// TaxChoice names the dynamic rate each line of the checkout is taxed by
// ("-" for none), "" when no line has dynamic rates: a page keeps it to say
// which taxes the totals it shows include, so that a payment can tell a
// total the shopper saw from one their address just changed.
func (co *Checkout) TaxChoice() string {
	var b strings.Builder
	for _, it := range co.Items {
		if len(it.DynamicTaxRates) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		if it.DynamicRate == nil {
			b.WriteByte('-')
		} else {
			b.WriteString(it.DynamicRate.ID)
		}
	}
	return b.String()
}

// AtTaxAddress is the checkout as the dynamic tax rates of address a make
// it, nothing stored: what a page shows for the address its form holds. A
// checkout whose taxes do not depend on the address is co itself.
func (co *Checkout) AtTaxAddress(a *Address) *Checkout {
	s, changed := co.WithTaxAddress(a)
	if !changed {
		return co
	}
	return co.withTotals(s)
}

// AtFormAddress is AtTaxAddress at the address of a form as far as the
// shopper has filled it in (FormTaxAddress).
func (co *Checkout) AtFormAddress(f CheckoutForm) *Checkout {
	if !co.hasDynamicTaxes() {
		return co
	}
	return co.AtTaxAddress(co.Session.FormTaxAddress(f))
}

// ApplyTaxAddress chooses each line's dynamic rate for the shopper's
// address and recomputes the totals; it reports whether any rate changed.
func (s *Session) ApplyTaxAddress(a *Address) bool {
	changed := false
	for i := range s.LineItems {
		li := &s.LineItems[i]
		if len(li.DynamicTaxRates) == 0 {
			continue
		}
		r := matchRate(li.DynamicTaxRates, a)
		if (r == nil) != (li.DynamicRate == nil) || r != nil && r.ID != li.DynamicRate.ID {
			changed = true
		}
		li.DynamicRate = r
	}
	s.computeTotals()
	return changed
}

package till

import (
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// CheckoutForm is what a shopper submits on the checkout page.
type CheckoutForm struct {
	Email      string
	Phone      string
	CardNumber string
	CardExpiry string // "MM / YY", "MM/YY" or "MMYY"
	CardCVC    string
	CardName   string
	Country    string
	Line1      string
	Line2      string
	City       string
	State      string
	PostalCode string
	// CustomFields are the values of the session's custom fields, by key.
	CustomFields map[string]string
	// TermsAccepted is the terms of service checkbox.
	TermsAccepted bool
	// Business is the "purchasing as a business" box, with the business's
	// name and tax ID.
	Business     bool
	BusinessName string
	TaxIDType    string
	TaxIDValue   string
	// Shipping is the shipping name and address, on a session that
	// collects one; BillingSameAsShipping makes it the billing address too.
	Shipping              ShippingForm
	BillingSameAsShipping bool
	// ShippingRate is the shipping option chosen, empty for the session's.
	ShippingRate string
}

// ShippingForm is the shipping part of the checkout form.
type ShippingForm struct {
	Name       string
	Country    string
	Line1      string
	Line2      string
	City       string
	State      string
	PostalCode string
}

// ShippingFields returns the shipping address fields a session's page
// shows for a country: the whole address, as the country writes it.
func ShippingFields(country string) []AddressField {
	f := AddressFormatOf(country)
	var out []AddressField
	for _, part := range f.Order {
		if part != FieldPostalCode || f.HasPostalCode() {
			out = append(out, part)
		}
	}
	return out
}

// ShippingField is the name of a shipping field in a form's problems:
// the billing field's, prefixed.
func ShippingField(field string) string { return "shipping_" + field }

// ShipsTo reports whether the session ships to a country.
func (s *Session) ShipsTo(country string) bool {
	return slices.Contains(s.ShippingAddressCollection, country)
}

// FieldErrors maps a form field's name to the message key of what is wrong
// with it, in the order fields appear.
type FieldErrors struct {
	order []string
	byKey map[string]string
}

// Add records a problem with a field; the first one per field wins.
func (e *FieldErrors) Add(field, messageKey string) {
	if e.byKey == nil {
		e.byKey = map[string]string{}
	}
	if _, dup := e.byKey[field]; !dup {
		e.order = append(e.order, field)
		e.byKey[field] = messageKey
	}
}

// Get returns the message key for a field, empty when it is fine.
func (e FieldErrors) Get(field string) string { return e.byKey[field] }

// Fields returns the fields with problems, in order.
func (e FieldErrors) Fields() []string { return e.order }

// Empty reports whether the form had no problems.
func (e FieldErrors) Empty() bool { return len(e.order) == 0 }

// CheckoutFields returns the address fields a session's page shows for a
// country: country and postal code when billing_address_collection is auto
// (and the country uses postal codes), the whole address when required.
func CheckoutFields(s *Session, country string) []AddressField {
	f := AddressFormatOf(country)
	if s.BillingAddressCollection != nil && *s.BillingAddressCollection == "required" {
		var out []AddressField
		for _, part := range f.Order {
			if part == FieldPostalCode && !f.HasPostalCode() {
				continue
			}
			out = append(out, part)
		}
		return out
	}
	if f.HasPostalCode() {
		return []AddressField{FieldPostalCode}
	}
	return nil
}

// CheckCheckoutForm validates a submitted form for a session at time now.
// With BillingSameAsShipping, the shipping address is checked as the
// billing address too, and its problems are the shipping fields'.
// It returns the card to charge and the payment details to record, or the
// problems found, field by field, keyed by the domain's field names
// ("card_number", "postal_code"), which each page maps to its inputs.
func CheckCheckoutForm(s *Session, f CheckoutForm, now time.Time) (CardInput, Payment, FieldErrors) {
	var errs FieldErrors
	var pay Payment
	email := strings.TrimSpace(f.Email)
	if s.CustomerEmail != nil {
		email = *s.CustomerEmail // pre-filled and read-only
	}
	if email == "" {
		errs.Add("email", "email_required")
	} else if a, err := mail.ParseAddress(email); err != nil || a.Address != email || !strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") {
		errs.Add("email", "email_invalid")
	} else {
		pay.Email = &email
	}
	if s.PhoneNumberCollection {
		phone := strings.TrimSpace(f.Phone)
		digits := strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return r
			}
			return -1
		}, phone)
		switch {
		case phone == "":
			errs.Add("phone", "phone_required")
		case len(digits) < 7 || len(digits) > 15 || strings.ContainsFunc(phone, func(r rune) bool {
			return !unicode.IsDigit(r) && !strings.ContainsRune("+-() .", r)
		}):
			errs.Add("phone", "phone_invalid")
		default:
			pay.Phone = &phone
		}
	}

	pay.CustomFields = checkCustomFieldValues(s.CustomFields, f.CustomFields, &errs)

	// The billing address's problems, which are the shipping fields' when
	// it is the shipping address.
	billingErrs := &errs
	if s.ShippingAddressCollection != nil {
		pay.Shipping = checkShippingForm(s, f.Shipping, &errs)
		if f.BillingSameAsShipping {
			billingErrs = &FieldErrors{}
			sh := f.Shipping
			f.Country, f.Line1, f.Line2, f.City, f.State, f.PostalCode = sh.Country, sh.Line1, sh.Line2, sh.City, sh.State, sh.PostalCode
		}
	}

	card := CardInput{Number: NormalizeCardNumber(f.CardNumber), CVC: strings.TrimSpace(f.CardCVC), Name: strings.TrimSpace(f.CardName)}
	if s.AmountTotal > 0 {
		checkCard(&card, f.CardExpiry, &pay, &errs, now)
	}
	pay.Address = checkBillingAddress(s, f, &card, billingErrs)
	if s.TaxIDCollection && f.Business {
		checkBusiness(f, &pay, &errs)
	}
	if s.RequiresTerms() {
		if f.TermsAccepted {
			pay.TermsAccepted = true
		} else {
			errs.Add("terms_of_service", "terms_required")
		}
	}
	return card, pay, errs
}

// checkBusiness checks what a shopper purchasing as a business gave: the
// business's name, and a tax ID of a type the page offers whose value has
// that type's shape.
func checkBusiness(f CheckoutForm, pay *Payment, errs *FieldErrors) {
	name := strings.TrimSpace(f.BusinessName)
	switch {
	case name == "":
		errs.Add("business_name", "business_name_required")
	case len(name) > 200:
		errs.Add("business_name", "business_name_invalid")
	default:
		pay.BusinessName = &name
	}
	value := NormalizeTaxID(f.TaxIDValue)
	switch {
	case !slices.Contains(TaxIDTypes, f.TaxIDType):
		errs.Add("tax_id_type", "tax_id_type_required")
	case value == "":
		errs.Add("tax_id", "tax_id_required")
	case !ValidTaxID(f.TaxIDType, value):
		errs.Add("tax_id", "tax_id_invalid")
	default:
		pay.TaxID = &TaxID{Type: f.TaxIDType, Value: value}
	}
}

// checkBillingAddress checks the billing address fields the session's page
// shows for the chosen country, and fills in the card's line 1 and postal
// code for the issuer's checks; nil without a valid country. Its problems
// go to errs, which is a discarded set while the billing address is the
// shipping one (whose own check reports them).
func checkBillingAddress(s *Session, f CheckoutForm, card *CardInput, errs *FieldErrors) *Address {
	country := strings.ToUpper(strings.TrimSpace(f.Country))
	if len(country) != 2 || !IsCountry(country) {
		errs.Add("country", "country_required")
		return nil
	}
	values := map[AddressField]string{FieldLine1: f.Line1, FieldLine2: f.Line2, FieldCity: f.City, FieldState: f.State, FieldPostalCode: f.PostalCode}
	addr := checkAddress(country, CheckoutFields(s, country), values, "", errs)
	if addr.Line1 != nil {
		card.Line1 = *addr.Line1
	}
	if addr.PostalCode != nil {
		card.PostalCode = *addr.PostalCode
	}
	return &addr
}

// checkShippingForm checks the shipping name and address of a session that
// collects them: a country it ships to, and the address as that country
// writes it. Its problems are named as the billing fields', prefixed
// (ShippingField).
func checkShippingForm(s *Session, f ShippingForm, errs *FieldErrors) *ShippingDetails {
	name := strings.TrimSpace(f.Name)
	switch {
	case name == "":
		errs.Add(ShippingField("name"), "shipping_name_required")
	case len(name) > 200:
		errs.Add(ShippingField("name"), "shipping_name_required")
	}
	country := strings.ToUpper(strings.TrimSpace(f.Country))
	if !s.ShipsTo(country) {
		errs.Add(ShippingField("country"), "country_required")
		return nil
	}
	values := map[AddressField]string{FieldLine1: f.Line1, FieldLine2: f.Line2, FieldCity: f.City, FieldState: f.State, FieldPostalCode: f.PostalCode}
	return &ShippingDetails{Name: name, Address: checkAddress(country, ShippingFields(country), values, ShippingField(""), errs)}
}

// checkAddress checks the address fields of a country, each problem under
// its field's name with prefix, and returns the address they make.
func checkAddress(country string, fields []AddressField, values map[AddressField]string, prefix string, errs *FieldErrors) Address {
	addr := Address{Country: &country}
	format := AddressFormatOf(country)
	for _, part := range fields {
		v := strings.TrimSpace(values[part])
		if part == FieldPostalCode {
			v = NormalizePostalCode(country, v)
		}
		// Errors name the field as its label does: "Enter your ZIP." in
		// the US, "Enter your postcode." in the UK.
		messageKey := string(part)
		if part == FieldPostalCode {
			messageKey = format.PostalLabel
		}
		field := prefix + string(part)
		switch {
		case v == "" && format.Required[part]:
			errs.Add(field, messageKey+"_required")
			continue
		case v == "":
			continue
		case part == FieldPostalCode && !ValidPostalCode(country, v):
			errs.Add(field, messageKey+"_invalid")
			continue
		case len(v) > 200:
			errs.Add(field, string(part)+"_invalid")
			continue
		}
		switch part {
		case FieldLine1:
			addr.Line1 = &v
		case FieldLine2:
			addr.Line2 = &v
		case FieldCity:
			addr.City = &v
		case FieldState:
			addr.State = &v
		case FieldPostalCode:
			addr.PostalCode = &v
		}
	}
	return addr
}

// parseExpiry reads "MM / YY", "MM/YY", "MM/YYYY" or "MMYY".
func parseExpiry(s string) (month, year int, ok bool) {
	digits := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		if r == '/' || r == ' ' || r == '-' {
			return -1
		}
		return 'x'
	}, s)
	if strings.Contains(digits, "x") || (len(digits) != 4 && len(digits) != 6) {
		return 0, 0, false
	}
	month, _ = strconv.Atoi(digits[:2])
	year, _ = strconv.Atoi(digits[2:])
	if len(digits) == 4 {
		year += 2000
	}
	return month, year, month >= 1 && month <= 12
}

// checkCard validates the card fields of a session with something to pay.
func checkCard(card *CardInput, expiry string, pay *Payment, errs *FieldErrors, now time.Time) {
	switch {
	case card.Number == "":
		errs.Add("card_number", "card_number_required")
	case !LuhnValid(card.Number):
		errs.Add("card_number", "card_number_invalid")
	}
	month, year, ok := parseExpiry(expiry)
	switch {
	case strings.TrimSpace(expiry) == "":
		errs.Add("card_expiry", "expiry_required")
	case !ok:
		errs.Add("card_expiry", "expiry_invalid")
	case year < now.Year() || (year == now.Year() && month < int(now.Month())):
		errs.Add("card_expiry", "expiry_past")
	default:
		card.ExpMonth, card.ExpYear = month, year
	}
	wantCVC := CVCLength(CardBrand(card.Number))
	if card.CVC == "" {
		errs.Add("card_cvc", "cvc_required")
	} else if len(card.CVC) != wantCVC || strings.ContainsFunc(card.CVC, func(r rune) bool { return !unicode.IsDigit(r) }) {
		errs.Add("card_cvc", "cvc_invalid")
	}
	if card.Name == "" {
		errs.Add("card_name", "name_required")
	} else {
		pay.Name = &card.Name
	}
}

package pages

import (
	"slices"
	"strconv"
	"strings"

	"till"
	"till/views"
)

// payPage builds the form's view model: the order summary, and the fields
// with what the shopper typed and the problems found.
//
// The totals are those of the address the form shows (FormTaxAddress), not
// stored until the shopper pays or checkout.js asks for them: a payment
// compares what it pays with the taxes the page said it showed (TaxChoice).
func (h *Handler) payPage(co *checkout, form till.CheckoutForm, problems till.FieldErrors, cardError string) views.PayPage {
	form = shownForm(co.Session, form)
	stored := co.TaxChoice()
	co = &checkout{Checkout: co.AtFormAddress(form), locale: co.locale, t: co.t}
	s, t := co.Session, co.t
	money := func(amount int64) string { return till.FormatAmount(amount, s.Currency, co.locale) }
	vm := views.PayPage{Page: h.basePage(co), FormAction: "/c/pay/" + s.ID, AddressAction: "/c/pay/" + s.ID + "/address-fields", CSRFToken: h.formToken(s.ID),
		CardError: cardError, ProcessingLabel: t("processing"), CollectCard: s.AmountTotal > 0}
	for _, li := range co.Items {
		row := views.LineItem{ID: li.ID, Quantity: li.Quantity, UnitAmount: money(li.Price.UnitAmountRat().Num().Int64()), Amount: money(li.AmountSubtotal)}
		if aq := li.AdjustableQuantity; aq != nil && aq.Enabled {
			row.Stepper = &views.Stepper{FormAction: "/c/pay/" + s.ID + "/quantity", CSRFToken: vm.CSRFToken,
				Min: aq.Minimum, Max: aq.Maximum, Label: t("quantity"), UpdateLabel: t("update_quantity")}
		}
		if !li.Price.UnitAmountRat().IsInt() {
			row.UnitAmount = ""
		}
		if li.Description != nil {
			row.Name = *li.Description
		}
		if p := li.Product; p != nil {
			if p.Description != nil {
				row.Description = *p.Description
			}
			if len(p.Images) > 0 {
				row.ImageURL = p.Images[0]
			}
		}
		vm.Summary.Items = append(vm.Summary.Items, row)
	}
	vm.Summary.Subtotal, vm.Summary.Total = money(s.AmountSubtotal), money(s.AmountTotal)
	if s.AmountDiscount > 0 {
		vm.Summary.Discount = "−" + money(s.AmountDiscount)
	}
	if s.Discount != nil {
		vm.Summary.DiscountLabel = s.Discount.Label
	}
	if choice := co.TaxChoice(); choice != "" {
		vm.TaxAction, vm.TaxChoice, vm.TaxPending = "/c/pay/"+s.ID+"/address", choice, choice != stored
	}
	if chargesTax(co.Checkout) {
		vm.Summary.Tax, vm.Summary.TaxLabel = money(s.AmountTax), taxLabel(co)
	}
	if s.AllowPromotionCodes {
		p := &views.PromotionField{Action: "/c/pay/" + s.ID + "/promotion_code", CSRFToken: vm.CSRFToken}
		if s.Discount != nil && s.Discount.PromotionCodeID != nil {
			p.Applied = s.Discount.Label
		}
		vm.Summary.Promotion = p
	}
	if s.ShippingRateID != nil {
		vm.Summary.Shipping = money(s.AmountShipping)
	}

	// name is the field as the domain names it (its problems' key); the
	// input gets the page's id for it.
	field := func(name, labelKey, value, autocomplete string) views.Field {
		f := views.Field{ID: inputID(name), Label: t(labelKey), Value: value, Autocomplete: autocomplete, Type: "text", Required: true}
		if key := problems.Get(name); key != "" {
			f.Error = t(key)
		}
		return f
	}
	vm.Email = field("email", "email", form.Email, "email")
	vm.Email.Type, vm.Email.InputMode = "email", "email"
	if s.CustomerEmail != nil {
		vm.Email.Value, vm.Email.ReadOnly = *s.CustomerEmail, true
	}
	if s.PhoneNumberCollection {
		phone := field("phone", "phone", form.Phone, "tel")
		phone.Type, phone.InputMode = "tel", "tel"
		vm.Phone = &phone
	}
	// The card number and security code are never sent back to the browser.
	vm.CardNumber = field("card_number", "card_number", "", "cc-number")
	vm.CardNumber.InputMode, vm.CardNumber.Placeholder, vm.CardNumber.MaxLength = "numeric", "1234 1234 1234 1234", 23
	vm.CardExpiry = field("card_expiry", "card_expiry", form.CardExpiry, "cc-exp")
	vm.CardExpiry.InputMode, vm.CardExpiry.Placeholder, vm.CardExpiry.MaxLength = "numeric", "MM / YY", 7
	vm.CardCVC = field("card_cvc", "card_cvc", "", "cc-csc")
	vm.CardCVC.InputMode, vm.CardCVC.Placeholder, vm.CardCVC.MaxLength = "numeric", "CVC", 4
	vm.CardName = field("card_name", "card_name", form.CardName, "cc-name")
	vm.CardName.Placeholder = t("card_name_placeholder")

	if s.ShippingAddressCollection != nil {
		h.shippingFields(co, &vm, form, field)
	}
	for _, o := range s.ShippingOptions {
		shipping, total := co.TotalWith(o.Rate.ID)
		vm.ShippingOptions = append(vm.ShippingOptions, views.ShippingChoice{ID: inputShippingRate + "-" + o.Rate.ID,
			Value: o.Rate.ID, Name: o.Rate.DisplayName, Amount: money(o.Amount), Estimate: deliveryEstimate(t, o.Rate.DeliveryEstimate),
			Checked: s.ShippingRateID != nil && *s.ShippingRateID == o.Rate.ID, Shipping: money(shipping), Total: money(total)})
	}
	vm.UpdateLabel = t("update_total")

	country := form.Country
	countryField := field("country", "country", country, "billing country")
	countryField.Options = h.countries.options(co.locale, country)
	vm.Address.Lead, vm.Address.Country = append(vm.Address.Lead, countryField), country
	vm.Address.Parts = addressParts(field, country, "billing", till.CheckoutFields(s, country),
		partValues(form.Line1, form.Line2, form.City, form.State, form.PostalCode),
		func(part till.AddressField) string { return string(part) })

	h.pageOptions(&vm, co, form, problems, field)

	for _, name := range problems.Fields() {
		vm.Errors = append(vm.Errors, views.ErrorLink{FieldID: inputID(name), Message: t(problems.Get(name))})
	}
	if cardError != "" {
		vm.Errors = append(vm.Errors, views.ErrorLink{FieldID: inputCardNumber, Message: cardError})
	}
	verb := "pay"
	if s.SubmitType != nil && (*s.SubmitType == "donate" || *s.SubmitType == "book") {
		verb = *s.SubmitType
	}
	vm.SubmitVerb = t(verb)
	return vm
}

// shippingFields fills in the shipping address of a session that collects
// one: the name, a select of the countries it ships to (the shopper's, or
// the first), the address as that country writes it, and the box making it
// the billing address.
func (h *Handler) shippingFields(co *checkout, vm *views.PayPage, form till.CheckoutForm,
	field func(name, labelKey, value, autocomplete string) views.Field) {
	s, sh := co.Session, form.Shipping
	country := sh.Country
	name := field(till.ShippingField("name"), "shipping_name", sh.Name, "shipping name")
	countryField := field(till.ShippingField("country"), "country", country, "shipping country")
	countryField.Options = h.countries.only(co.locale, s.ShippingAddressCollection, country)
	vm.Shipping.Lead, vm.Shipping.Country = append(vm.Shipping.Lead, name, countryField), country
	vm.Shipping.Parts = addressParts(field, country, "shipping", till.ShippingFields(country),
		partValues(sh.Line1, sh.Line2, sh.City, sh.State, sh.PostalCode),
		func(part till.AddressField) string { return till.ShippingField(string(part)) })
	vm.SameAsShipping = &views.Checkbox{ID: inputSameAsShipping, Label: co.t("same_as_shipping"), Checked: form.BillingSameAsShipping}
}

// shownForm is the form with the countries its page shows: the billing
// country it names, else the US; on a session that ships, the shipping
// country it names if the session ships there, else the billing one if it
// does, else the first the session ships to.
func shownForm(s *till.Session, form till.CheckoutForm) till.CheckoutForm {
	billing := strings.ToUpper(form.Country)
	form.Country = billing
	if !till.IsCountry(billing) {
		form.Country = "US"
	}
	if s.ShippingAddressCollection != nil {
		form.Shipping.Country = strings.ToUpper(form.Shipping.Country)
		if !s.ShipsTo(form.Shipping.Country) {
			form.Shipping.Country = billing
		}
		if !s.ShipsTo(form.Shipping.Country) {
			form.Shipping.Country = s.ShippingAddressCollection[0]
		}
	}
	return form
}

// chargesTax reports whether any line of the checkout has tax rates, fixed
// or dynamic: its summary has a tax row, hidden while it is nothing.
func chargesTax(co *till.Checkout) bool {
	for _, it := range co.Items {
		if len(it.TaxRates) > 0 || len(it.DynamicTaxRates) > 0 {
			return true
		}
	}
	return false
}

// taxLabel names the rates a checkout's taxes come from, as its summary's
// tax row shows them: each once, with its percentage ("VAT (20%)", "Sales
// tax (5%), VAT (20%)"); "" while there is no tax.
func taxLabel(co *checkout) string {
	if co.Session.AmountTax == 0 {
		return ""
	}
	var ids, names []string
	for _, it := range co.Items {
		for i := range it.Taxes {
			r := it.AppliedRate(i)
			if slices.Contains(ids, r.ID) {
				continue
			}
			ids = append(ids, r.ID)
			names = append(names, r.DisplayName+" ("+till.FormatPercent(r.Percentage, co.locale)+")")
		}
	}
	return strings.Join(names, ", ")
}

// addressTokens are the autocomplete tokens of an address's parts, which
// follow the address's section ("billing", "shipping").
var addressTokens = map[till.AddressField]string{till.FieldLine1: "address-line1", till.FieldLine2: "address-line2",
	till.FieldCity: "address-level2", till.FieldState: "address-level1", till.FieldPostalCode: "postal-code"}

// addressParts are an address's parts (the billing address's or the
// shipping one's) as its country writes them: each part's field, named by
// name, labelled in the country's words, holding its value, required as the
// country requires it and autocompleted in its section.
func addressParts(field func(name, labelKey, value, autocomplete string) views.Field, country, section string,
	parts []till.AddressField, values map[till.AddressField]string, name func(till.AddressField) string) []views.Field {
	format := till.AddressFormatOf(country)
	out := make([]views.Field, len(parts))
	for i, part := range parts {
		out[i] = field(name(part), addressLabel(format, part), values[part], section+" "+addressTokens[part])
		out[i].Required = format.Required[part]
	}
	return out
}

// partValues are an address's typed parts, by part.
func partValues(line1, line2, city, state, postalCode string) map[till.AddressField]string {
	return map[till.AddressField]string{till.FieldLine1: line1, till.FieldLine2: line2, till.FieldCity: city,
		till.FieldState: state, till.FieldPostalCode: postalCode}
}

// addressLabel is the message key of an address field's label in a
// country: its postal code's and state's own names.
func addressLabel(format till.AddressFormat, part till.AddressField) string {
	switch {
	case part == till.FieldPostalCode:
		return format.PostalLabel
	case part == till.FieldState && format.StateLabel != "":
		return format.StateLabel
	}
	return string(part)
}

// deliveryEstimate is a rate's estimate as the page says it: "5–7
// business days", "2 days – 1 week", "at most 3 days" as "3 days"; empty
// without one.
func deliveryEstimate(t func(string) string, e *till.DeliveryEstimate) string {
	if e == nil || (e.Minimum == nil && e.Maximum == nil) {
		return ""
	}
	say := func(unit, n string) string {
		form := "other"
		if n == "1" {
			form = "one"
		}
		return fill(t("delivery_"+unit+"_"+form), "{n}", n)
	}
	lo, hi := e.Minimum, e.Maximum
	switch {
	case lo == nil:
		return say(hi.Unit, strconv.FormatInt(hi.Value, 10))
	case hi == nil:
		return say(lo.Unit, strconv.FormatInt(lo.Value, 10))
	case lo.Unit != hi.Unit:
		return say(lo.Unit, strconv.FormatInt(lo.Value, 10)) + " – " + say(hi.Unit, strconv.FormatInt(hi.Value, 10))
	case lo.Value == hi.Value:
		return say(hi.Unit, strconv.FormatInt(hi.Value, 10))
	}
	return say(hi.Unit, strconv.FormatInt(lo.Value, 10)+"–"+strconv.FormatInt(hi.Value, 10))
}

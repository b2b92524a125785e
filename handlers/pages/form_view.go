package pages

import (
	"strings"

	"till"
	"till/views"
)

// payPage builds the form's view model: the order summary, and the fields
// with what the shopper typed and the problems found.
func (h *Handler) payPage(co *checkout, form till.CheckoutForm, problems till.FieldErrors, cardError string) views.PayPage {
	s, t := co.Session, co.t
	money := func(amount int64) string { return till.FormatAmount(amount, s.Currency, co.locale) }
	vm := views.PayPage{Page: h.basePage(co), FormAction: "/c/pay/" + s.ID, CSRFToken: h.formToken(s.ID),
		CardError: cardError, ProcessingLabel: t("processing"), CollectCard: s.AmountTotal > 0}
	for _, li := range co.Items {
		row := views.LineItem{ID: li.ID, Quantity: li.Quantity, UnitAmount: money(li.Price.UnitAmountRat().Num().Int64()), Amount: money(li.AmountTotal)}
		if aq := li.AdjustableQuantity; aq != nil && aq.Enabled && s.UIMode == till.UIModeHosted {
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
	if s.AmountTax > 0 {
		vm.Summary.Tax = money(s.AmountTax)
	}
	if s.AllowPromotionCodes {
		p := &views.PromotionField{Action: "/c/pay/" + s.ID + "/promotion_code", CSRFToken: vm.CSRFToken}
		if s.Discount != nil && s.Discount.PromotionCodeID != nil {
			p.Applied = s.Discount.Label
		}
		vm.Summary.Promotion = p
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

	country := strings.ToUpper(form.Country)
	if !till.IsCountry(country) {
		country = "US"
	}
	countryField := field("country", "country", country, "billing country")
	countryField.Options = h.countries.options(co.locale, country)
	vm.Address = append(vm.Address, countryField)
	format := till.AddressFormatOf(country)
	values := map[till.AddressField]string{till.FieldLine1: form.Line1, till.FieldLine2: form.Line2,
		till.FieldCity: form.City, till.FieldState: form.State, till.FieldPostalCode: form.PostalCode}
	autocomplete := map[till.AddressField]string{till.FieldLine1: "billing address-line1", till.FieldLine2: "billing address-line2",
		till.FieldCity: "billing address-level2", till.FieldState: "billing address-level1", till.FieldPostalCode: "billing postal-code"}
	for _, part := range till.CheckoutFields(s, country) {
		label := string(part)
		switch part {
		case till.FieldPostalCode:
			label = format.PostalLabel
		case till.FieldState:
			if format.StateLabel != "" {
				label = format.StateLabel
			}
		}
		f := field(string(part), label, values[part], autocomplete[part])
		f.Required = format.Required[part]
		vm.Address = append(vm.Address, f)
	}

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

package pages

import (
	"strings"

	"till"
	"till/views"
)

// taxIDLabels name the tax ID types the page offers as their holders know
// them; these abbreviations are the same in every language.
var taxIDLabels = map[string]string{"eu_vat": "EU VAT", "gb_vat": "GB VAT", "us_ein": "US EIN", "au_abn": "AU ABN",
	"ca_bn": "CA BN", "ch_vat": "CH VAT", "no_vat": "NO VAT"}

// pageOptions adds to the form's view model what the session asks beyond
// the payment: its custom fields, a business's tax ID, the consent to the
// terms of service, and the merchant's texts. field makes an input as the
// rest of the form's are (label, value, problem).
func (h *Handler) pageOptions(vm *views.PayPage, co *checkout, form till.CheckoutForm, problems till.FieldErrors,
	field func(name, labelKey, value, autocomplete string) views.Field) {
	s, t := co.Session, co.t
	submitted := !problems.Empty()
	for _, cf := range s.CustomFields {
		value, ok := form.CustomFields[cf.Key]
		if !ok && !submitted && cf.DefaultValue != nil {
			value = *cf.DefaultValue
		}
		f := field(till.CustomFieldName(cf.Key), "", value, "off")
		f.Name, f.Label, f.Required = customFieldInput(cf.Key), cf.Label, !cf.Optional
		if cf.Optional {
			f.Label = fill(t("optional_field"), "{label}", cf.Label)
		}
		switch cf.Type {
		case till.CustomFieldDropdown:
			opts := []views.Option{{Value: "", Label: t("choose_option")}}
			for _, o := range cf.Options {
				opts = append(opts, views.Option{Value: o.Value, Label: o.Label})
			}
			f.Options = views.RenderOptions(opts).Select(value)
		case till.CustomFieldNumeric:
			f.InputMode, f.Pattern = "numeric", "[0-9]*"
			fallthrough
		default:
			if cf.MinimumLength != nil {
				f.MinLength = int(*cf.MinimumLength)
			}
			f.MaxLength = 255
			if cf.MaximumLength != nil {
				f.MaxLength = int(*cf.MaximumLength)
			}
		}
		vm.CustomFields = append(vm.CustomFields, f)
	}

	if s.TaxIDCollection {
		b := &views.Business{Label: t("business_purchase"), Checked: form.Business,
			Name:      field("business_name", "business_name", form.BusinessName, "organization"),
			TaxIDType: field("tax_id_type", "tax_id_type", form.TaxIDType, "off"),
			TaxID:     field("tax_id", "tax_id", form.TaxIDValue, "off")}
		opts := []views.Option{{Value: "", Label: t("choose_option")}}
		for _, typ := range till.TaxIDTypes {
			opts = append(opts, views.Option{Value: typ, Label: taxIDLabels[typ]})
		}
		b.TaxIDType.Options = views.RenderOptions(opts).Select(form.TaxIDType)
		b.TaxID.MaxLength = 40
		vm.Business = b
	}

	vm.Terms = termsBox(co, form.TermsAccepted, problems)

	text := func(m *string) string {
		if m == nil {
			return ""
		}
		return *m
	}
	vm.CustomText = views.CustomText{ShippingAddress: text(s.CustomText.ShippingAddress), Submit: text(s.CustomText.Submit),
		AfterSubmit: text(s.CustomText.AfterSubmit)}
}

// termsBox is the consent to the account's terms of service of a session
// that asks for it (nil otherwise): the hosted and embedded forms' box,
// and custom mode's Terms Element.
func termsBox(co *checkout, checked bool, problems till.FieldErrors) *views.Terms {
	s, t := co.Session, co.t
	if !s.RequiresTerms() {
		return nil
	}
	before, after, _ := strings.Cut(t("terms_agree"), "{terms}")
	tm := &views.Terms{ID: inputTerms, Checked: checked, Before: before, After: after, LinkText: t("terms_of_service")}
	if u := co.Account.TermsURL; u != nil {
		tm.LinkURL = *u
	}
	if m := s.CustomText.TermsOfServiceAcceptance; m != nil {
		tm.Custom = *m
	}
	if key := problems.Get("terms_of_service"); key != "" {
		tm.Error = t(key)
	}
	return tm
}

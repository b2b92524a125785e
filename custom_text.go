package till

// CustomText is the merchant's text a session's page shows: beside the
// shipping address, above the submit button, below it, and by the terms of
// service checkbox. Each is Stripe's Markdown subset (views renders it).
type CustomText struct {
	ShippingAddress          *string `json:"shipping_address,omitempty"`
	Submit                   *string `json:"submit,omitempty"`
	AfterSubmit              *string `json:"after_submit,omitempty"`
	TermsOfServiceAcceptance *string `json:"terms_of_service_acceptance,omitempty"`
}

// CustomTextParams is custom_text of a create.
type CustomTextParams struct {
	ShippingAddress          *CustomTextMessage `form:"shipping_address"`
	Submit                   *CustomTextMessage `form:"submit"`
	AfterSubmit              *CustomTextMessage `form:"after_submit"`
	TermsOfServiceAcceptance *CustomTextMessage `form:"terms_of_service_acceptance"`
}

// CustomTextMessage is one custom_text[…] entry.
type CustomTextMessage struct {
	Message *string `form:"message"`
}

// maxCustomText is Stripe's limit on each custom text.
const maxCustomText = 1200

func checkCustomText(t *CustomTextParams) error {
	if t == nil {
		return nil
	}
	for _, m := range []struct {
		name string
		v    *CustomTextMessage
	}{{"after_submit", t.AfterSubmit}, {"shipping_address", t.ShippingAddress}, {"submit", t.Submit},
		{"terms_of_service_acceptance", t.TermsOfServiceAcceptance}} {
		if m.v == nil {
			continue
		}
		p := "custom_text[" + m.name + "][message]"
		if m.v.Message == nil {
			return Missing(p)
		}
		if err := maxLen(p, m.v.Message, maxCustomText); err != nil {
			return err
		}
	}
	return nil
}

// planCustomText keeps the messages a create sent.
func planCustomText(t *CustomTextParams) CustomText {
	var out CustomText
	if t == nil {
		return out
	}
	msg := func(m *CustomTextMessage) *string {
		if m == nil || m.Message == nil || *m.Message == "" {
			return nil
		}
		return m.Message
	}
	return CustomText{ShippingAddress: msg(t.ShippingAddress), Submit: msg(t.Submit), AfterSubmit: msg(t.AfterSubmit),
		TermsOfServiceAcceptance: msg(t.TermsOfServiceAcceptance)}
}

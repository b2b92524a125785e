package pages_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"till"
)

// optionsSession is a session with every page option: three custom fields,
// the terms of service to accept (the account publishes them), tax IDs and
// the merchant's texts.
func (f *fixture) optionsSession(t *testing.T) *till.Session {
	t.Helper()
	acct, err := f.store.FindAccount(context.Background(), f.caller.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	acct.TermsURL = ptr("https://shop.example/terms")
	if err := f.store.UpdateAccount(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	return f.session(t, func(p *till.CreateSessionParams) {
		p.CustomFields = []till.CustomFieldParams{
			{Key: ptr("engraving"), Type: ptr("text"), Label: &till.CustomFieldLabelParams{Type: ptr("custom"), Custom: ptr("Engraving")},
				Text: &till.CustomFieldTextParams{MinimumLength: ptr(int64(3)), MaximumLength: ptr(int64(10))}},
			{Key: ptr("floor"), Type: ptr("numeric"), Optional: ptr(true), Label: &till.CustomFieldLabelParams{Type: ptr("custom"), Custom: ptr("Floor")}},
			{Key: ptr("size"), Type: ptr("dropdown"), Label: &till.CustomFieldLabelParams{Type: ptr("custom"), Custom: ptr("Size")},
				Dropdown: &till.CustomFieldDropdownParams{Options: []till.CustomFieldOptionParams{
					{Label: ptr("Small"), Value: ptr("S")}, {Label: ptr("Large"), Value: ptr("L")}}, DefaultValue: ptr("L")}},
		}
		p.ConsentCollection = &till.ConsentCollectionParams{TermsOfService: ptr("required")}
		p.TaxIDCollection = &till.TaxIDCollectionParams{Enabled: ptr(true)}
		p.CustomText = &till.CustomTextParams{Submit: &till.CustomTextMessage{Message: ptr("Ships **tomorrow**.")},
			AfterSubmit: &till.CustomTextMessage{Message: ptr("<script>alert(1)</script> [help](https://shop.example/help)")}}
	})
}

func TestCustomFieldsPage(t *testing.T) {
	f := newFixture(t)
	s := f.optionsSession(t)
	p := f.get(t, "/c/pay/"+s.ID, "")
	engraving := p.doc.Find(`input#customField-engraving[name="custom_fields[engraving]"]`)
	if engraving.Length() != 1 || p.doc.Find(`label[for="customField-engraving"]`).Text() != "Engraving" {
		t.Fatalf("no labelled engraving input: %s", p.body)
	}
	if _, req := engraving.Attr("required"); !req || engraving.AttrOr("minlength", "") != "3" || engraving.AttrOr("maxlength", "") != "10" {
		t.Error("engraving input is not required with lengths 3 to 10")
	}
	floor := p.doc.Find(`input#customField-floor`)
	if _, req := floor.Attr("required"); req || floor.AttrOr("inputmode", "") != "numeric" ||
		p.doc.Find(`label[for="customField-floor"]`).Text() != "Floor (optional)" {
		t.Error("floor is not an optional numeric input labelled as optional")
	}
	if p.doc.Find(`select#customField-size option[value="L"][selected]`).Length() != 1 {
		t.Error("the size dropdown does not start at its default")
	}
	if href, _ := p.doc.Find(`[data-testid="terms-link"]`).Attr("href"); href != "https://shop.example/terms" {
		t.Errorf("terms link = %q", href)
	}
	if got := p.doc.Find(`label[for="termsOfServiceConsentCheckbox"]`).Text(); !strings.Contains(got, "I agree to the") {
		t.Errorf("terms label = %q", got)
	}
	if got, _ := p.doc.Find(`[data-testid="custom-text-submit"]`).Html(); !strings.Contains(got, "<strong>tomorrow</strong>") {
		t.Errorf("submit text = %q", got)
	}
	after := p.doc.Find(`[data-testid="custom-text-after-submit"]`)
	if after.Find("script").Length() != 0 || !strings.Contains(after.Text(), "<script>") ||
		after.Find(`a[href="https://shop.example/help"][rel="noopener noreferrer"][target="_blank"]`).Length() != 1 {
		t.Errorf("after-submit text is not escaped with its link: %s", after.Text())
	}
	if p.doc.Find(`select#taxIdType option[value="eu_vat"]`).Length() != 1 || p.doc.Find(`input#businessPurchase`).Length() != 1 {
		t.Error("no business section")
	}
}

func TestCustomFieldsRequired(t *testing.T) {
	f := newFixture(t)
	s := f.optionsSession(t)
	fields := goodCard()
	fields["custom_fields[floor]"] = "3a"
	fields["businessPurchase"] = "1"
	fields["taxIdType"] = "eu_vat"
	fields["taxId"] = "12345"
	p := f.submit(t, s, fields)
	if p.status != http.StatusUnprocessableEntity {
		t.Fatalf("status = %d, want 422", p.status)
	}
	for id, want := range map[string]string{
		"customField-engraving":         "Fill in this field.",
		"customField-floor":             "Enter numbers only.",
		"customField-size":              "Fill in this field.",
		"businessName":                  "Enter your business name.",
		"taxId":                         "This tax ID is not valid for the chosen type.",
		"termsOfServiceConsentCheckbox": "Accept the Terms of Service to continue.",
	} {
		if got := p.doc.Find(`[data-testid="error-summary"] a[href="#` + id + `"]`).Text(); got != want {
			t.Errorf("error for %s = %q, want %q", id, got, want)
		}
	}
	if v, _ := p.doc.Find("#customField-floor").Attr("value"); v != "3a" {
		t.Errorf("floor value = %q, want what was typed", v)
	}
	fields["custom_fields[engraving]"] = "ab"
	if got := f.submit(t, s, fields).doc.Find(`a[href="#customField-engraving"]`).Text(); got != "This is too short." {
		t.Errorf("a two-letter engraving: %q", got)
	}
	fields["custom_fields[size]"] = "XL"
	if got := f.submit(t, s, fields).doc.Find(`a[href="#customField-size"]`).Text(); got != "Choose one of the options." {
		t.Errorf("size XL: %q", got)
	}
}

func TestCustomFieldsConsentTaxIDCompleted(t *testing.T) {
	f := newFixture(t)
	s := f.optionsSession(t)
	fields := goodCard()
	for k, v := range map[string]string{"custom_fields[engraving]": "Ada", "custom_fields[size]": "S",
		"termsOfServiceConsentCheckbox": "accepted", "businessPurchase": "1", "businessName": "Analytical Engines Ltd",
		"taxIdType": "eu_vat", "taxId": "de 123456789"} {
		fields[k] = v
	}
	if p := f.submit(t, s, fields); p.status != http.StatusSeeOther {
		t.Fatalf("status = %d: %s", p.status, p.doc.Find(`[data-testid="error-summary"]`).Text())
	}
	done, err := f.store.FindSession(context.Background(), f.caller.AccountID, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]string{}
	for _, cf := range done.CustomFields {
		if cf.Value != nil {
			values[cf.Key] = *cf.Value
		}
	}
	if len(values) != 2 || values["engraving"] != "Ada" || values["size"] != "S" {
		t.Errorf("custom field values = %v", values)
	}
	if done.Consent == nil || *done.Consent.TermsOfService != "accepted" {
		t.Errorf("consent = %+v", done.Consent)
	}
	d := done.CustomerDetails
	if len(d.TaxIDs) != 1 || d.TaxIDs[0] != (till.TaxID{Type: "eu_vat", Value: "DE123456789"}) || *d.Name != "Analytical Engines Ltd" {
		t.Errorf("customer details = %+v", d)
	}
}

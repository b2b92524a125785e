package pages

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
)

// The hosted and embedded form's inputs carry the ids and names of Stripe's
// hosted page, so an end-to-end test written against checkout.stripe.com
// (#cardNumber, input[name="billingPostalCode"], select#billingCountry)
// finds them on Till's page unchanged. The domain names the same fields its
// own way (till.CheckoutForm, the keys of till.FieldErrors, till.AddressField);
// this file is the one place the two meet.
const (
	inputEmail      = "email"
	inputPhone      = "phoneNumber"
	inputCardNumber = "cardNumber"
	inputCardExpiry = "cardExpiry"
	inputCardCVC    = "cardCvc"
	inputCardName   = "billingName"
	inputCountry    = "billingCountry"
	inputLine1      = "billingAddressLine1"
	inputLine2      = "billingAddressLine2"
	inputCity       = "billingLocality"
	inputState      = "billingAdministrativeArea"
	inputPostalCode = "billingPostalCode"
	inputTerms      = "termsOfServiceConsentCheckbox"
	inputBusiness   = "businessPurchase"
	inputBusinessNm = "businessName"
	inputTaxIDType  = "taxIdType"
	inputTaxID      = "taxId"
)

// A custom field's input is named by its key (custom_fields[key]), as
// custom mode's confirm body names it too; its id drops the brackets, so
// that the error summary's links and CSS selectors need no escaping.
func customFieldInput(key string) string   { return "custom_fields[" + key + "]" }
func customFieldInputID(key string) string { return "customField-" + key }

// inputID is the page's id (and name) of the input for a field as the
// domain names it. A field this table does not know keeps its domain name,
// which the page tests would catch.
func inputID(field string) string {
	switch field {
	case "email":
		return inputEmail
	case "phone":
		return inputPhone
	case "card_number":
		return inputCardNumber
	case "card_expiry":
		return inputCardExpiry
	case "card_cvc":
		return inputCardCVC
	case "card_name":
		return inputCardName
	case "country":
		return inputCountry
	case string(till.FieldLine1):
		return inputLine1
	case string(till.FieldLine2):
		return inputLine2
	case string(till.FieldCity):
		return inputCity
	case string(till.FieldState):
		return inputState
	case string(till.FieldPostalCode):
		return inputPostalCode
	case "terms_of_service":
		return inputTerms
	case "business_name":
		return inputBusinessNm
	case "tax_id_type":
		return inputTaxIDType
	case "tax_id":
		return inputTaxID
	}
	if key, ok := strings.CutPrefix(field, till.CustomFieldName("")); ok {
		return customFieldInputID(key)
	}
	return field
}

// formOf reads the hosted and embedded form's fields for session s.
func formOf(c *fiber.Ctx, s *till.Session) till.CheckoutForm {
	f := till.CheckoutForm{
		Email: c.FormValue(inputEmail), Phone: c.FormValue(inputPhone), CardNumber: c.FormValue(inputCardNumber),
		CardExpiry: c.FormValue(inputCardExpiry), CardCVC: c.FormValue(inputCardCVC), CardName: c.FormValue(inputCardName),
		Country: c.FormValue(inputCountry), Line1: c.FormValue(inputLine1), Line2: c.FormValue(inputLine2),
		City: c.FormValue(inputCity), State: c.FormValue(inputState), PostalCode: c.FormValue(inputPostalCode),
		TermsAccepted: c.FormValue(inputTerms) != "", Business: c.FormValue(inputBusiness) != "",
		BusinessName: c.FormValue(inputBusinessNm), TaxIDType: c.FormValue(inputTaxIDType), TaxIDValue: c.FormValue(inputTaxID),
	}
	for _, cf := range s.CustomFields {
		if f.CustomFields == nil {
			f.CustomFields = map[string]string{}
		}
		f.CustomFields[cf.Key] = c.FormValue(customFieldInput(cf.Key))
	}
	return f
}

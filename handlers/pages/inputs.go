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

	inputShippingName       = "shippingName"
	inputShippingCountry    = "shippingCountry"
	inputShippingLine1      = "shippingAddressLine1"
	inputShippingLine2      = "shippingAddressLine2"
	inputShippingCity       = "shippingLocality"
	inputShippingState      = "shippingAdministrativeArea"
	inputShippingPostalCode = "shippingPostalCode"
	// inputSameAsShipping is the box that makes the billing address the
	// shipping one; inputShippingRate the shipping options' radios.
	inputSameAsShipping = "sameAsShipping"
	inputShippingRate   = "shippingRate"
	// inputAction is the form's buttons' name: actionUpdate recomputes the
	// total with the chosen shipping option instead of paying.
	inputAction  = "action"
	actionUpdate = "update"
	// inputTaxChoice is the hidden input saying which taxes the totals the
	// page shows include (till.Checkout.TaxChoice).
	inputTaxChoice = "taxChoice"
)

// A custom field's input is named by its key (custom_fields[key]); its id
// drops the brackets, so that the error summary's links and CSS selectors
// need no escaping.
func customFieldInput(key string) string   { return "custom_fields[" + key + "]" }
func customFieldInputID(key string) string { return "customField-" + key }

// inputID is the page's id (and name) of the input for a field as the
// domain names it. A field this table does not know keeps its domain name,
// which the page tests would catch.
func inputID(field string) string {
	switch field {
	case till.ShippingField("name"):
		return inputShippingName
	case till.ShippingField("country"):
		return inputShippingCountry
	case till.ShippingField(string(till.FieldLine1)):
		return inputShippingLine1
	case till.ShippingField(string(till.FieldLine2)):
		return inputShippingLine2
	case till.ShippingField(string(till.FieldCity)):
		return inputShippingCity
	case till.ShippingField(string(till.FieldState)):
		return inputShippingState
	case till.ShippingField(string(till.FieldPostalCode)):
		return inputShippingPostalCode
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
		Shipping: till.ShippingForm{Name: c.FormValue(inputShippingName), Country: c.FormValue(inputShippingCountry),
			Line1: c.FormValue(inputShippingLine1), Line2: c.FormValue(inputShippingLine2), City: c.FormValue(inputShippingCity),
			State: c.FormValue(inputShippingState), PostalCode: c.FormValue(inputShippingPostalCode)},
		BillingSameAsShipping: c.FormValue(inputSameAsShipping) != "",
		ShippingRate:          c.FormValue(inputShippingRate),
	}
	for _, cf := range s.CustomFields {
		if f.CustomFields == nil {
			f.CustomFields = map[string]string{}
		}
		f.CustomFields[cf.Key] = c.FormValue(customFieldInput(cf.Key))
	}
	return f
}

// blankForm is the form as a page first shows it: the shopper's country,
// and the billing address the shipping one.
func blankForm(c *fiber.Ctx) till.CheckoutForm {
	return till.CheckoutForm{Country: defaultCountry(c), BillingSameAsShipping: true}
}

// updateOnly reports a submit of the form's update button: the shopper
// chose another shipping option and asks for the total, not to pay.
func updateOnly(c *fiber.Ctx) bool { return c.FormValue(inputAction) == actionUpdate }

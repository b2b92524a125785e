package till

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// PaymentMethod is a card made through the API (POST /v1/payment_methods),
// as the Stripe CLI's fixtures make one. Till takes cards there only as
// Stripe's test tokens and test PaymentMethod ids, so a PaymentMethod
// names its test card (TestCard) and never holds a card number.
type PaymentMethod struct {
	ID             string
	AccountID      string
	Livemode       bool
	TestCard       string
	BillingDetails BillingDetails
	Metadata       map[string]string
	Created        int64
}

// BillingDetails are the billing_details of a PaymentMethod.
type BillingDetails struct {
	Address Address `json:"address" form:"address"`
	Email   *string `json:"email" form:"email"`
	Name    *string `json:"name" form:"name"`
	Phone   *string `json:"phone" form:"phone"`
}

// NewPaymentMethodID returns a fresh PaymentMethod id.
func NewPaymentMethodID() string { return "pm_" + RandomString(24) }

// testCards are Stripe's test cards by the name its test tokens (tok_visa)
// and test PaymentMethod ids (pm_card_visa) give them; TestCardProcessor
// answers for each number as Stripe's test mode does.
var testCards = map[string]struct{ number, funding string }{
	"visa":                                {"4242424242424242", "credit"},
	"visa_debit":                          {"4000056655665556", "debit"},
	"mastercard":                          {"5555555555554444", "credit"},
	"mastercard_debit":                    {"5200828282828210", "debit"},
	"mastercard_prepaid":                  {"5105105105105100", "prepaid"},
	"amex":                                {"378282246310005", "credit"},
	"discover":                            {"6011111111111117", "credit"},
	"diners":                              {"3056930009020004", "credit"},
	"jcb":                                 {"3566002020360505", "credit"},
	"unionpay":                            {"6200000000000005", "credit"},
	"chargeDeclined":                      {"4000000000000002", "credit"},
	"chargeDeclinedInsufficientFunds":     {"4000000000009995", "credit"},
	"chargeDeclinedLostCard":              {"4000000000009987", "credit"},
	"chargeDeclinedStolenCard":            {"4000000000009979", "credit"},
	"chargeDeclinedExpiredCard":           {"4000000000000069", "credit"},
	"chargeDeclinedIncorrectCvc":          {"4000000000000127", "credit"},
	"chargeDeclinedProcessingError":       {"4000000000000119", "credit"},
	"chargeDeclinedFraudulent":            {"4100000000000019", "credit"},
	"chargeDeclinedVelocityLimitExceeded": {"4000000000006975", "credit"},
}

// testCardNames are the test cards' names by number.
var testCardNames = func() map[string]string {
	names := make(map[string]string, len(testCards))
	for name, c := range testCards {
		names[c.number] = name
	}
	return names
}()

// TestCardOf returns the name of the test card a Stripe test token
// ("tok_visa") or test PaymentMethod id ("pm_card_visa") stands for.
func TestCardOf(ref string) (string, bool) {
	for _, prefix := range []string{"tok_", "pm_card_"} {
		if name, ok := strings.CutPrefix(ref, prefix); ok {
			_, known := testCards[name]
			return name, known
		}
	}
	return "", false
}

// TestCardInput is what a shopper would type for a named test card: its
// number, an expiry a year after made (Stripe's test tokens likewise carry
// a future one) and a CVC of the brand's length.
func TestCardInput(name string, made time.Time, holder *string) CardInput {
	number := testCards[name].number
	in := CardInput{Number: number, ExpMonth: int(made.Month()), ExpYear: made.Year() + 1,
		CVC: strings.Repeat("1", CVCLength(CardBrand(number)))}
	if holder != nil {
		in.Name = *holder
	}
	return in
}

// CardOf is what a PaymentMethod shows of its test card.
func (pm *PaymentMethod) CardOf() (card Card, funding string) {
	in := TestCardInput(pm.TestCard, time.Unix(pm.Created, 0).UTC(), nil)
	return Card{Brand: CardBrand(in.Number), Last4: in.Number[len(in.Number)-4:], ExpMonth: in.ExpMonth,
		ExpYear: in.ExpYear}, testCards[pm.TestCard].funding
}

// TestCardFingerprint identifies a test card across PaymentMethods, as
// Stripe's fingerprint identifies a card number.
func TestCardFingerprint(name string) string {
	sum := sha256.Sum256([]byte("till test card\x00" + name))
	return hex.EncodeToString(sum[:8])
}

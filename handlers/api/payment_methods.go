package api

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
)

// PaymentMethodStore is what the PaymentMethod routes need from storage,
// part of Store.
type PaymentMethodStore interface {
	CreatePaymentMethod(ctx context.Context, pm *till.PaymentMethod) error
	FindPaymentMethod(ctx context.Context, accountID, id string) (*till.PaymentMethod, error)
}

type paymentMethodParams struct {
	Type *string `form:"type"`
	Card *struct {
		Token *string `form:"token"`
		// The raw card fields are read only to be refused by name.
		Number   *string `form:"number"`
		ExpMonth *string `form:"exp_month"`
		ExpYear  *string `form:"exp_year"`
		CVC      *string `form:"cvc"`
	} `form:"card"`
	BillingDetails *till.BillingDetails `form:"billing_details"`
	Metadata       map[string]string    `form:"metadata"`
	Expand         []string             `form:"expand"`
}

// PaymentMethodCreate handles "POST /v1/payment_methods": a card from one
// of Stripe's test tokens (card[token]=tok_visa), as the Stripe CLI's
// fixtures make one. Card numbers are refused: Till's API never takes one.
func (h *Handler) PaymentMethodCreate(c *fiber.Ctx) error {
	r := newRequest(c)

	var p paymentMethodParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	switch {
	case p.Type == nil:
		return till.Missing("type")
	case *p.Type != "card":
		return till.Invalid(till.CodeInvalidRequest, "type", "Invalid type: Till has card PaymentMethods only, not %q.", *p.Type)
	case p.Card == nil || (p.Card.Token == nil && p.Card.Number == nil):
		return till.Missing("card[token]")
	case p.Card.Token == nil:
		return till.Invalid(till.CodeInvalidRequest, "card[number]", "Till takes cards through the API only as "+
			"Stripe's test tokens: send card[token] (tok_visa, tok_mastercard, tok_chargeDeclined, …), not the card's number.")
	}
	name, ok := till.TestCardOf(*p.Card.Token)
	if !ok || !strings.HasPrefix(*p.Card.Token, "tok_") {
		return till.Invalid(till.CodeResourceMissing, "card[token]", "No such token: '%s'", *p.Card.Token)
	}
	if err := till.CheckMetadata("metadata", p.Metadata); err != nil {
		return err
	}
	pm := &till.PaymentMethod{ID: till.NewPaymentMethodID(), AccountID: r.accountID(), Livemode: r.info.Caller.Livemode,
		TestCard: name, Metadata: till.CleanMetadata(p.Metadata), Created: h.store.Now()}
	if p.BillingDetails != nil {
		pm.BillingDetails = *p.BillingDetails
	}
	if err := h.store.CreatePaymentMethod(r.ctx, pm); err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, paymentMethodJSON(pm))
}

// PaymentMethodRetrieve handles "GET /v1/payment_methods/:id"; Stripe's
// test PaymentMethods (pm_card_visa, …) are there for every account.
func (h *Handler) PaymentMethodRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)

	if _, err := decodeRetrieve(c); err != nil {
		return err
	}
	pm, err := h.paymentMethod(r, c.Params("id"), "id")
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, paymentMethodJSON(pm))
}

// paymentMethod finds a PaymentMethod by id: one of the account's, or a
// test PaymentMethod id, which stands for a new one of its test card.
func (h *Handler) paymentMethod(r request, id, param string) (*till.PaymentMethod, error) {
	if name, ok := till.TestCardOf(id); ok && strings.HasPrefix(id, "pm_card_") {
		return &till.PaymentMethod{ID: id, AccountID: r.accountID(), Livemode: r.info.Caller.Livemode,
			TestCard: name, Metadata: map[string]string{}, Created: h.store.Now()}, nil
	}
	pm, err := h.store.FindPaymentMethod(r.ctx, r.accountID(), id)
	if err != nil {
		if te, ok := err.(*till.Error); ok && te.Kind == till.KindNotFound {
			te.Param = param
		}
		return nil, err
	}
	return pm, nil
}

type paymentMethodObject struct {
	ID             string            `json:"id"`
	Object         string            `json:"object"`
	AllowRedisplay string            `json:"allow_redisplay"`
	BillingDetails billingDetails    `json:"billing_details"`
	Card           paymentMethodCard `json:"card"`
	Created        int64             `json:"created"`
	Customer       *string           `json:"customer"`
	Livemode       bool              `json:"livemode"`
	Metadata       map[string]string `json:"metadata"`
	RadarOptions   struct{}          `json:"radar_options"`
	Type           string            `json:"type"`
}

// billingDetails are the billing details of a PaymentMethod; Till takes no
// tax id with them.
type billingDetails struct {
	till.BillingDetails
	TaxID *string `json:"tax_id"`
}

type paymentMethodCard struct {
	Brand         string          `json:"brand"`
	Checks        till.CardChecks `json:"checks"`
	Country       string          `json:"country"`
	DisplayBrand  string          `json:"display_brand"`
	ExpMonth      int             `json:"exp_month"`
	ExpYear       int             `json:"exp_year"`
	Fingerprint   string          `json:"fingerprint"`
	Funding       string          `json:"funding"`
	GeneratedFrom *string         `json:"generated_from"`
	Last4         string          `json:"last4"`
	Networks      struct {
		Available []string `json:"available"`
		Preferred *string  `json:"preferred"`
	} `json:"networks"`
	RegulatedStatus   string `json:"regulated_status"`
	ThreeDSecureUsage struct {
		Supported bool `json:"supported"`
	} `json:"three_d_secure_usage"`
	Wallet *string `json:"wallet"`
}

// paymentMethodJSON is Stripe's card PaymentMethod. The fingerprint
// identifies the test card, as Stripe's identifies a card number.
func paymentMethodJSON(pm *till.PaymentMethod) *paymentMethodObject {
	card, funding := pm.CardOf()
	o := &paymentMethodObject{ID: pm.ID, Object: "payment_method", AllowRedisplay: "unspecified",
		BillingDetails: billingDetails{BillingDetails: pm.BillingDetails}, Created: pm.Created, Livemode: pm.Livemode, Metadata: pm.Metadata,
		Type: "card"}
	cvc := "pass"
	o.Card = paymentMethodCard{Brand: card.Brand, Country: "US", DisplayBrand: displayBrand(card.Brand),
		ExpMonth: card.ExpMonth, ExpYear: card.ExpYear, Fingerprint: till.TestCardFingerprint(pm.TestCard), Funding: funding,
		Last4: card.Last4, RegulatedStatus: "unregulated"}
	o.Card.Checks.CVCCheck = &cvc
	o.Card.Networks.Available = []string{card.Brand}
	o.Card.ThreeDSecureUsage.Supported = true
	return o
}

// displayBrand is the brand as Stripe names it for display.
func displayBrand(brand string) string {
	if brand == "amex" {
		return "american_express"
	}
	return brand
}

package api

import (
	"github.com/gofiber/fiber/v2"

	"till"
)

type chargeOutcome struct {
	till.Outcome
	AdviceCode         *string `json:"advice_code"`
	NetworkAdviceCode  *string `json:"network_advice_code"`
	NetworkDeclineCode *string `json:"network_decline_code"`
	Rule               *string `json:"rule"`
}

// chargeCardDetails are a charge's payment_method_details.card: the card
// as the processor reported it, with Stripe's defaults for what test cards
// never use (installments, wallets, incremental authorization).
type chargeCardDetails struct {
	AmountAuthorized         *int64          `json:"amount_authorized"`
	AuthorizationCode        *string         `json:"authorization_code"`
	Brand                    string          `json:"brand"`
	CaptureBefore            *int64          `json:"capture_before,omitempty"`
	Checks                   till.CardChecks `json:"checks"`
	Country                  string          `json:"country"`
	ExpMonth                 int             `json:"exp_month"`
	ExpYear                  int             `json:"exp_year"`
	ExtendedAuthorization    status          `json:"extended_authorization"`
	Fingerprint              *string         `json:"fingerprint"`
	Funding                  string          `json:"funding"`
	IncrementalAuthorization status          `json:"incremental_authorization"`
	Installments             *string         `json:"installments"`
	Last4                    string          `json:"last4"`
	Mandate                  *string         `json:"mandate"`
	MOTO                     *bool           `json:"moto"`
	Multicapture             status          `json:"multicapture"`
	Network                  string          `json:"network"`
	NetworkToken             struct {
		Used bool `json:"used"`
	} `json:"network_token"`
	NetworkTransactionID *string `json:"network_transaction_id"`
	Overcapture          struct {
		MaximumAmountCapturable int64  `json:"maximum_amount_capturable"`
		Status                  string `json:"status"`
	} `json:"overcapture"`
	RegulatedStatus string              `json:"regulated_status"`
	ThreeDSecure    *chargeThreeDSecure `json:"three_d_secure"`
	Wallet          *string             `json:"wallet"`
}

// chargeThreeDSecure is how the payment was authenticated: a test
// challenge, without the network's transaction identifiers.
type chargeThreeDSecure struct {
	till.ThreeDSecure
	ElectronicCommerceIndicator *string `json:"electronic_commerce_indicator"`
	ExemptionIndicator          *string `json:"exemption_indicator"`
	ResultReason                *string `json:"result_reason"`
	TransactionID               *string `json:"transaction_id"`
}

// status is an object of Stripe's that says only whether a feature was used.
type status struct {
	Status string `json:"status"`
}

type chargePaymentMethodDetails struct {
	Card chargeCardDetails `json:"card"`
	Type string            `json:"type"`
}

type chargeObject struct {
	ID                            string                     `json:"id"`
	Object                        string                     `json:"object"`
	Amount                        int64                      `json:"amount"`
	AmountCaptured                int64                      `json:"amount_captured"`
	AmountRefunded                int64                      `json:"amount_refunded"`
	Application                   *string                    `json:"application"`
	ApplicationFee                *string                    `json:"application_fee"`
	ApplicationFeeAmount          *int64                     `json:"application_fee_amount"`
	AuthorizationCode             *string                    `json:"authorization_code"`
	BalanceTransaction            *string                    `json:"balance_transaction"`
	BillingDetails                billingDetails             `json:"billing_details"`
	CalculatedStatementDescriptor *string                    `json:"calculated_statement_descriptor"`
	Captured                      bool                       `json:"captured"`
	Created                       int64                      `json:"created"`
	Currency                      string                     `json:"currency"`
	Customer                      any                        `json:"customer"`
	Description                   *string                    `json:"description"`
	Disputed                      bool                       `json:"disputed"`
	FailureBalanceTransaction     *string                    `json:"failure_balance_transaction"`
	FailureCode                   *string                    `json:"failure_code"`
	FailureMessage                *string                    `json:"failure_message"`
	FraudDetails                  struct{}                   `json:"fraud_details"`
	Livemode                      bool                       `json:"livemode"`
	Metadata                      map[string]string          `json:"metadata"`
	OnBehalfOf                    *string                    `json:"on_behalf_of"`
	Outcome                       chargeOutcome              `json:"outcome"`
	Paid                          bool                       `json:"paid"`
	PaymentIntent                 any                        `json:"payment_intent"`
	PaymentMethod                 *string                    `json:"payment_method"`
	PaymentMethodDetails          chargePaymentMethodDetails `json:"payment_method_details"`
	RadarOptions                  struct{}                   `json:"radar_options"`
	ReceiptEmail                  *string                    `json:"receipt_email"`
	ReceiptNumber                 *string                    `json:"receipt_number"`
	ReceiptURL                    *string                    `json:"receipt_url"`
	Refunded                      bool                       `json:"refunded"`
	Review                        *string                    `json:"review"`
	Shipping                      *till.Shipping             `json:"shipping"`
	Source                        *string                    `json:"source"`
	SourceTransfer                *string                    `json:"source_transfer"`
	StatementDescriptor           *string                    `json:"statement_descriptor"`
	StatementDescriptorSuffix     *string                    `json:"statement_descriptor_suffix"`
	Status                        string                     `json:"status"`
	TransferData                  *string                    `json:"transfer_data"`
	TransferGroup                 *string                    `json:"transfer_group"`
}

// chargeJSON renders a charge as Stripe's. A failed charge was authorized
// for nothing and has no receipt; a blocked one names the Radar rule that
// blocked it.
func (h *Handler) chargeJSON(ch *till.Charge) *chargeObject {
	card := ch.Card
	o := &chargeObject{ID: ch.ID, Object: "charge", Amount: ch.Amount, AmountCaptured: ch.AmountCaptured,
		AmountRefunded: ch.AmountRefunded, BillingDetails: billingDetails{BillingDetails: ch.BillingDetails},
		CalculatedStatementDescriptor: ch.StatementDescriptor, Captured: ch.Captured, Created: ch.Created,
		Currency: ch.Currency, Description: ch.Description, FailureCode: ch.FailureCode,
		FailureMessage: ch.FailureMessage, Livemode: ch.Livemode, Metadata: ch.Metadata,
		Outcome: chargeOutcome{Outcome: ch.Outcome}, Paid: ch.Status == till.ChargeSucceeded,
		PaymentIntent: ch.PaymentIntentID, ReceiptEmail: ch.ReceiptEmail, Refunded: ch.Refunded(),
		Shipping: ch.Shipping, StatementDescriptor: ch.StatementDescriptor,
		StatementDescriptorSuffix: ch.StatementDescriptorSuffix, Status: ch.Status,
		PaymentMethodDetails: chargePaymentMethodDetails{Type: "card", Card: chargeCardDetails{
			Brand: card.Brand, CaptureBefore: ch.CaptureBefore, Checks: card.Checks, Country: card.Country,
			ExpMonth: card.ExpMonth, ExpYear: card.ExpYear, Funding: card.Funding, Last4: card.Last4,
			Network: card.Brand, RegulatedStatus: "unregulated",
			ExtendedAuthorization: status{"disabled"}, IncrementalAuthorization: status{"unavailable"},
			Multicapture: status{"unavailable"}}}}
	if ch.CustomerID != nil {
		o.Customer = *ch.CustomerID
	}
	if card.ThreeDSecure != nil {
		o.PaymentMethodDetails.Card.ThreeDSecure = &chargeThreeDSecure{ThreeDSecure: *card.ThreeDSecure}
	}
	if card.Fingerprint != "" {
		o.PaymentMethodDetails.Card.Fingerprint = &card.Fingerprint
	}
	if o.Paid {
		o.PaymentMethodDetails.Card.AmountAuthorized = &ch.Amount
	}
	o.PaymentMethodDetails.Card.Overcapture.Status = "unavailable"
	o.PaymentMethodDetails.Card.Overcapture.MaximumAmountCapturable = ch.Amount
	if ch.Outcome.Type == "blocked" {
		rule := "block_if_high_risk"
		o.Outcome.Rule = &rule
	}
	if ch.HasReceipt() {
		u := h.receiptURL(ch.ID)
		o.ReceiptURL = &u
	}
	return o
}

// receiptURL is a charge's receipt_url: its receipt page, public as
// Stripe's (pay.stripe.com/receipts/payment/…), under a token that names
// the charge and carries a MAC of it, the same on every read.
func (h *Handler) receiptURL(chargeID string) string {
	return h.publicURL + "/receipts/payment/" + till.ReceiptToken(chargeID, h.store.Sign)
}

var chargeExpandable = []string{"customer", "payment_intent"}

func (h *Handler) chargeJSONExpanded(r request, ch *till.Charge, exp expansions) (*chargeObject, error) {
	o := h.chargeJSON(ch)
	if exp["customer"] && ch.CustomerID != nil {
		cust, err := h.store.FindCustomer(r.ctx, ch.AccountID, *ch.CustomerID)
		if err != nil {
			return nil, err
		}
		o.Customer = customerJSON(cust)
	}
	if exp["payment_intent"] {
		pi, err := h.store.FindPaymentIntent(r.ctx, ch.AccountID, ch.PaymentIntentID)
		if err != nil {
			return nil, err
		}
		o.PaymentIntent = h.paymentIntentJSON(pi)
	}
	return o, nil
}

// ChargeRetrieve handles "GET /v1/charges/:id".
func (h *Handler) ChargeRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)
	var p retrieveParams
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, chargeExpandable...)
	if err != nil {
		return err
	}
	ch, err := h.store.FindCharge(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	o, err := h.chargeJSONExpanded(r, ch, exp)
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, o)
}

type chargeListParams struct {
	till.ListParams
	Customer      *string `form:"customer"`
	PaymentIntent *string `form:"payment_intent"`
	TransferGroup *string `form:"transfer_group"`
}

// ChargeList handles "GET /v1/charges". Till makes no transfers, so a
// transfer_group matches no charge.
func (h *Handler) ChargeList(c *fiber.Ctx) error {
	r := newRequest(c)
	var p chargeListParams
	page, exp, err := decodeList(c, &p, &p.ListParams, chargeExpandable...)
	if err != nil {
		return err
	}
	var charges []*till.Charge
	more := false
	if p.TransferGroup == nil {
		if charges, more, err = h.store.ListCharges(r.ctx, r.info.Caller, p.Customer, p.PaymentIntent, page); err != nil {
			return err
		}
	}
	data := make([]*chargeObject, len(charges))
	for i, ch := range charges {
		if data[i], err = h.chargeJSONExpanded(r, ch, exp); err != nil {
			return err
		}
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/charges", data, more))
}

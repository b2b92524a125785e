package till

import (
	"fmt"
	"slices"
)

// Refund statuses, Stripe's.
const (
	RefundPending        = "pending"
	RefundRequiresAction = "requires_action"
	RefundSucceeded      = "succeeded"
	RefundFailed         = "failed"
	RefundCanceled       = "canceled"
)

// RefundReasons are the reasons a merchant may give for a refund, Stripe's
// enum for reason. Stripe itself also gives expired_uncaptured_charge, to
// the refund that releases an authorization nobody captured.
var RefundReasons = []string{"duplicate", "fraudulent", "requested_by_customer"}

// RefundExpiredUncaptured is the reason of a refund that releases an
// expired authorization.
const RefundExpiredUncaptured = "expired_uncaptured_charge"

// Refund is money of a charge going back to the card, or an authorization
// released.
type Refund struct {
	ID              string
	AccountID       string
	Livemode        bool
	ChargeID        string
	PaymentIntentID string
	Amount          int64
	Currency        string
	Status          string
	Reason          *string
	FailureReason   *string
	Metadata        map[string]string
	Created         int64
	// Reversal reports a refund that released an authorization nobody took
	// money from (a cancel, an expiry), rather than money going back.
	Reversal bool
	// Later is the change the processor announced for later (a pending
	// refund settling, a refund the card's issuer returns), nil when the
	// refund is final.
	Later *RefundLater
}

// RefundLater is a refund's announced change: its status from At on, with
// the failure reason when it fails.
type RefundLater struct {
	At            int64  `json:"at"`
	Status        string `json:"status"`
	FailureReason string `json:"failure_reason,omitempty"`
}

// NewRefundID returns a fresh refund id.
func NewRefundID() string { return "re_" + RandomString(24) }

// Refund events, Stripe's: every refund announces its creation and its
// changes (since API version 2024-10-28.acacia, for every payment method),
// the charge its refunds, and a card refund's later change comes as
// charge.refund.updated as well.
const (
	EventRefundCreated       = "refund.created"
	EventRefundUpdated       = "refund.updated"
	EventRefundFailed        = "refund.failed"
	EventChargeRefundUpdated = "charge.refund.updated"
)

// RefundParams are a refund's parameters: the amount (all that is left
// when nil), the reason and metadata.
type RefundParams struct {
	Amount   *int64
	Reason   *string
	Metadata map[string]string
}

// Unrefunded is what of a charge can still go back: what was captured and
// not yet refunded.
func (c *Charge) Unrefunded() int64 { return c.Amount - c.AmountRefunded }

// MoneyRefunded is what refunds gave back of what the charge took: its
// amount_refunded less the part a partial capture released, which was never
// taken; 0 for no charge, or one not captured (a cancel's release is no
// money back either).
func (c *Charge) MoneyRefunded() int64 {
	if c == nil || !c.Captured {
		return 0
	}
	return c.AmountRefunded - (c.Amount - c.AmountCaptured)
}

// RefundPayment is the transition of a refund (id, of amount, which
// CheckRefund allowed) of the intent's charge at now, with the processor's
// answer. It returns the new states and their events in Stripe's order:
// the refund's creation, then the charge's.
func RefundPayment(intent *PaymentIntent, charge *Charge, id string, amount int64, p RefundParams, answer RefundAnswer, now int64) *PaymentChange {
	ch := *charge
	r := &Refund{ID: id, AccountID: ch.AccountID, Livemode: ch.Livemode, ChargeID: ch.ID,
		PaymentIntentID: ch.PaymentIntentID, Amount: amount, Currency: ch.Currency, Status: answer.Status,
		Reason: p.Reason, Metadata: p.Metadata, Created: now}
	if l := answer.Later; l != nil {
		r.Later = &RefundLater{At: now + l.After, Status: l.Status, FailureReason: l.FailureReason}
	}
	ch.AmountRefunded += amount
	return &PaymentChange{Intent: intent, Charge: &ch, Refund: r,
		Events: []Occurrence{{EventRefundCreated, r.ID, r}, {EventChargeRefunded, ch.ID, &ch}}}
}

// releaseRefund is the refund that releases a charge's authorization at
// now: all of it, at once, for reason (nil for a merchant's cancel).
func releaseRefund(ch *Charge, reason *string, now int64) *Refund {
	return &Refund{ID: NewRefundID(), AccountID: ch.AccountID, Livemode: ch.Livemode, ChargeID: ch.ID,
		PaymentIntentID: ch.PaymentIntentID, Amount: ch.Amount, Currency: ch.Currency, Status: RefundSucceeded,
		Reason: reason, Metadata: map[string]string{}, Created: now, Reversal: true}
}

// CheckRefund validates a refund of the intent's charge before the
// processor is asked, and returns its amount.
func CheckRefund(intent *PaymentIntent, charge *Charge, p *RefundParams) (int64, error) {
	var err error
	if p.Metadata, err = applyMetadata(map[string]string{}, p.Metadata); err != nil {
		return 0, err
	}
	if p.Reason != nil && !slices.Contains(RefundReasons, *p.Reason) {
		return 0, Invalid(CodeInvalidRequest, "reason",
			"Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer")
	}
	switch {
	case intent.Status == PaymentIntentRequiresCapture:
		return 0, Invalid(CodeInvalidRequest, "", "This uncaptured Charge was created by a PaymentIntent (%s). "+
			"You must cancel the PaymentIntent to reverse the authorization instead of refunding the Charge directly.", intent.ID)
	case charge == nil || charge.Status != ChargeSucceeded || !charge.Captured:
		return 0, Invalid(CodeInvalidRequest, "", "This PaymentIntent (%s) does not have a successful charge to refund.", intent.ID)
	case charge.Unrefunded() == 0:
		return 0, &Error{Kind: KindInvalid, Code: "charge_already_refunded",
			Message: fmt.Sprintf("Charge %s has already been refunded.", charge.ID)}
	}
	amount := charge.Unrefunded()
	if p.Amount == nil {
		return amount, nil
	}
	switch {
	case *p.Amount < 1:
		return 0, Invalid(CodeParameterInvalidInteger, "amount", "This value must be greater than or equal to 1.")
	case *p.Amount > charge.Amount:
		return 0, Invalid(CodeInvalidRequest, "amount", "Refund amount (%s) is greater than charge amount (%s)",
			FormatAmount(*p.Amount, charge.Currency, "en"), FormatAmount(charge.Amount, charge.Currency, "en"))
	case *p.Amount > amount:
		return 0, Invalid(CodeInvalidRequest, "amount", "Refund amount (%s) is greater than unrefunded amount on charge (%s)",
			FormatAmount(*p.Amount, charge.Currency, "en"), FormatAmount(amount, charge.Currency, "en"))
	}
	return *p.Amount, nil
}

// refundTransition moves a refund to status (with its failure reason),
// and the charge with it: money that does not go back after all is
// unrefunded again. Events: the refund's change, as a card refund's is
// announced.
func refundTransition(intent *PaymentIntent, charge *Charge, refund *Refund, status, failureReason string) *PaymentChange {
	r := *refund
	r.Status, r.Later = status, nil
	ch := *charge
	c := &PaymentChange{Intent: intent, Charge: &ch, Refund: &r}
	if failureReason != "" {
		r.FailureReason = &failureReason
	}
	if status == RefundFailed || status == RefundCanceled {
		ch.AmountRefunded -= r.Amount
	}
	c.Events = []Occurrence{{EventChargeRefundUpdated, r.ID, &r}, {EventRefundUpdated, r.ID, &r}}
	if status == RefundFailed {
		c.Events = append(c.Events, Occurrence{EventRefundFailed, r.ID, &r})
	}
	return c
}

// SettleRefund is the transition of a refund's announced change, due at
// now: a pending refund succeeds, or a refund the issuer returns fails.
// A refund with nothing due is left as it is (nil).
func SettleRefund(intent *PaymentIntent, charge *Charge, refund *Refund, now int64) *PaymentChange {
	if refund.Later == nil || refund.Later.At > now {
		return nil
	}
	return refundTransition(intent, charge, refund, refund.Later.Status, refund.Later.FailureReason)
}

// CancelRefund is the transition of a merchant's cancel of a refund. Stripe
// cancels only refunds awaiting the customer's action, which card refunds
// never are; Till also cancels a card refund still pending (Stripe's test
// card 4000 0000 0000 7726 makes one), since nothing has reached the card
// yet: the money stays with the merchant.
func CancelRefund(intent *PaymentIntent, charge *Charge, refund *Refund) (*PaymentChange, error) {
	if refund.Status != RefundPending && refund.Status != RefundRequiresAction {
		return nil, Invalid(CodeInvalidRequest, "", "Refund %s cannot be canceled because it has a status of %s. "+
			"Only a refund with a status of pending or requires_action can be canceled.", refund.ID, refund.Status)
	}
	return refundTransition(intent, charge, refund, RefundCanceled, "merchant_request"), nil
}

// UpdateRefund is the transition of a metadata update of a refund.
func UpdateRefund(intent *PaymentIntent, charge *Charge, refund *Refund, metadata map[string]string) (*PaymentChange, error) {
	r := *refund
	var err error
	if r.Metadata, err = applyMetadata(r.Metadata, metadata); err != nil {
		return nil, err
	}
	return &PaymentChange{Intent: intent, Charge: charge, Refund: &r,
		Events: []Occurrence{{EventRefundUpdated, r.ID, &r}}}, nil
}

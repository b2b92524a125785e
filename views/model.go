// Package views holds Till's templ components: the shopper's checkout pages.
// Each page takes one view model, shaped like the screen and already
// translated and formatted; templates hold no business rules and do no I/O.
package views

// T translates a message key into the page's language. Keys and their texts
// live in handlers/pages; a missing key shows itself, so it is noticed.
type T func(key string) string

// Page is what every page shares: language, title, merchant branding and
// the test-mode badge.
type Page struct {
	Lang  string // BCP 47, for <html lang>
	Title string
	T     T
	// Merchant branding.
	MerchantName string
	LogoURL      string // absolute http(s), or empty
	AccentColor  string // #RRGGBB, never empty
	// AccentText is the colour of text on the accent (black or white, the
	// one with more contrast).
	AccentText string
	TestMode   bool
	// BackURL is the merchant's cancel_url, or empty.
	BackURL string
	// Stylesheet and Script are the content-hashed asset URLs.
	Stylesheet string
	Script     string
}

// LineItem is one row of the order summary, amounts formatted.
type LineItem struct {
	ID          string
	Name        string
	Description string
	ImageURL    string
	Quantity    int64
	UnitAmount  string // "$19.99"
	Amount      string // "$39.98"
	// Quantity is the stepper of a line whose quantity the shopper may
	// change, nil otherwise (and on receipts).
	Stepper *Stepper
}

// Stepper is a line item's quantity input: a form of its own, whose Update
// button posts it without JavaScript; checkout.js posts it on change and
// updates the totals in place.
type Stepper struct {
	FormAction   string
	CSRFToken    string
	ClientSecret string // the embedded session's, as its forms carry it
	Min, Max     int64
	Label        string // "Quantity"
	UpdateLabel  string
}

// Summary is the order summary column.
type Summary struct {
	Items    []LineItem
	Subtotal string
	// DiscountLabel names the discount (its promotion code or coupon);
	// Discount is its amount as taken off ("−$10.00"), empty for none.
	DiscountLabel string
	Discount      string
	// Tax is the order's taxes, empty on a session that charges none; its
	// row is hidden while TaxLabel is empty (no tax at the address so far),
	// and TaxLabel names the rates it comes from ("VAT (20%)").
	Tax      string
	TaxLabel string
	// Shipping is the chosen shipping option's amount, empty when the
	// session offers none.
	Shipping string
	Total    string
	// Promotion is the promotion code field, nil when the session offers
	// none.
	Promotion *PromotionField
}

// PromotionField is the summary's promotion code form: the code applied,
// with a way to remove it, or a field to type one.
type PromotionField struct {
	Action       string
	CSRFToken    string
	ClientSecret string // the embedded session's, as its forms carry it
	Applied      string
	Value        string
	Error        string
}

// ShippingChoice is one shipping option of the form: a radio with the
// rate's name, price and delivery estimate, and what the order comes to
// with it (checkout.js shows that when it is chosen).
type ShippingChoice struct {
	ID       string // the radio's id
	Value    string // the shipping rate's id
	Name     string
	Amount   string
	Estimate string // empty when the rate gives none
	Checked  bool
	// Shipping and Total are the summary's amounts with this option.
	Shipping string
	Total    string
}

// Checkbox is one labelled checkbox.
type Checkbox struct {
	ID      string
	Label   string
	Checked bool
}

// Option is one choice of a select.
type Option struct {
	Value string
	Label string
}

// Field is one input of the form, with what the shopper typed and the
// message about it after a failed submit.
type Field struct {
	ID           string // the input's id and name: Stripe's ("cardNumber")
	Name         string // the input's name when it is not its ID
	Label        string
	Value        string
	Error        string // translated, empty when the field is fine
	Autocomplete string
	Required     bool
	ReadOnly     bool
	Type         string // text, email, tel
	InputMode    string // numeric, email, tel, or empty
	Placeholder  string
	MinLength    int
	MaxLength    int
	Pattern      string  // the browser's check of the value, when there is one
	Options      Options // a select when not empty
}

// Business is the optional section of a shopper purchasing as a business:
// a box that shows (with CSS alone, so also without JavaScript) the
// business's name and tax ID.
type Business struct {
	Label     string
	Checked   bool
	Name      Field
	TaxIDType Field
	TaxID     Field
}

// Terms is the checkbox of the consent to the merchant's terms of service:
// Before, the link and After make the label ("I agree to the ", "Terms of
// Service", ""), unless the merchant's own text (Markdown) replaces it.
type Terms struct {
	ID       string
	Checked  bool
	Before   string
	LinkText string
	LinkURL  string
	After    string
	Custom   string
	Error    string
}

// CustomText is the merchant's texts on the page, in Stripe's Markdown
// subset; empty ones are not shown.
type CustomText struct {
	// ShippingAddress shows under the shipping address's legend.
	ShippingAddress string
	Submit          string
	AfterSubmit     string
}

// ErrorLink is one entry of the error summary: a message and the field it
// is about.
type ErrorLink struct {
	FieldID string
	Message string
}

// AddressFields are an address's fields: Lead, those that stay whatever
// the country (the shipping name, the country select), and Parts, the
// address as the chosen country writes it, which checkout.js lays out again
// when the country changes (AddressParts).
type AddressFields struct {
	Lead  []Field
	Parts []Field
	// Country is the country the parts are laid out for.
	Country string
}

// Empty reports whether the page collects no such address.
func (a AddressFields) Empty() bool { return len(a.Lead) == 0 }

// AddressParts is one address's parts (AddressFields.Parts) on their own:
// what checkout.js puts in place of the page's when the shopper picks
// another country, rendered by the page's own component.
type AddressParts struct {
	Fields []Field
	T      T
}

// PayPage is the checkout form of an open session.
type PayPage struct {
	Page
	Summary Summary
	// FormAction is where the form posts; CSRFToken is bound to the session.
	FormAction string
	CSRFToken  string
	// TaxAction is where checkout.js asks for the totals at the address the
	// shopper types, and TaxChoice says which taxes the totals shown
	// include; both empty when the taxes do not depend on the address.
	// TaxPending marks totals shown that are not the session's yet (those
	// of the address the form holds): checkout.js asks for them at once, so
	// that a later change (a quantity) starts from them.
	TaxAction  string
	TaxChoice  string
	TaxPending bool
	// AddressAction is where checkout.js asks for an address's parts laid
	// out for another country (AddressParts).
	AddressAction string
	// Errors fill the error summary at the top of the form after a failed
	// submit; empty on first render.
	Errors []ErrorLink
	// Contact: Email, then Phone when collected.
	Email Field
	Phone *Field
	// CollectCard is false when there is nothing to pay: the card fields
	// are left out.
	CollectCard bool
	// Card: number, expiry, CVC, name.
	CardNumber Field
	CardExpiry Field
	CardCVC    Field
	CardName   Field
	// CardError is a decline message, shown beside the card fields.
	CardError string
	// Shipping is the shipping name and country select, then the address
	// fields in the order of the chosen country; empty when no address is
	// collected.
	Shipping AddressFields
	// ShippingOptions are the shipping rates to choose from, and
	// UpdateLabel the button that shows the total with the one chosen
	// when the page runs no script.
	ShippingOptions []ShippingChoice
	UpdateLabel     string
	// SameAsShipping is the box that makes the billing address the
	// shipping one (the billing fields are hidden while it is checked);
	// nil without a shipping address.
	SameAsShipping *Checkbox
	// Address is the billing country select, then the address fields in
	// the order of the chosen country.
	Address AddressFields
	// CustomFields are the merchant's fields, after the contact ones.
	CustomFields []Field
	// Business is offered with tax ID collection, nil otherwise.
	Business *Business
	// Terms is the consent the session requires, nil when none.
	Terms *Terms
	// CustomText is the merchant's texts beside the submit button.
	CustomText CustomText
	// SubmitVerb is the button's verb ("Pay", "Donate", "Book"), which the
	// button shows in an element of its own before the total, as Stripe's
	// page does: tests of that page click the element whose text is the verb.
	SubmitVerb string
	// ProcessingLabel is shown on the button, and announced, while the
	// payment runs.
	ProcessingLabel string
}

// ResultPage is a page about a session that cannot take a payment: expired,
// already paid, or not found.
type ResultPage struct {
	Page
	Heading string
	Message string
	// LinkURL and LinkLabel are the way on: the success_url of a paid
	// session, the cancel_url of an expired one; may be empty.
	LinkURL   string
	LinkLabel string
	// Kind is "expired", "complete" or "not_found", for tests and styling.
	Kind string
}

// ReceiptPage is a charge's receipt, the page its receipt_url opens: what
// was paid, when, with which card, and for what.
type ReceiptPage struct {
	Page
	Heading string // "Receipt from Corner Shop"
	// AmountPaid is the charge's amount, formatted.
	AmountPaid string
	// DatePaid is when the charge was made, as the page's language writes
	// a date; DateTime is the same date for <time datetime> (2006-01-02).
	DatePaid string
	DateTime string
	// PaymentMethod is the card: "Visa ending in 4242".
	PaymentMethod string
	// Items are the line items of the session paid, without images.
	Items []LineItem
	// AmountRefunded is what went back, formatted; empty when nothing did.
	AmountRefunded string
}

// EmbedShell is the first page of the merchant's iframe. It holds nothing
// of the session: embed.js takes the client secret from the URL fragment
// and posts it to OpenAction, which answers with the form.
type EmbedShell struct {
	Lang       string
	Title      string
	Stylesheet string
	// EmbedScript is the content-hashed URL of embed.js.
	EmbedScript string
	OpenAction  string
	// Loading is announced while the form loads; MissingSecret replaces it
	// when the page was opened without a client secret.
	Loading       string
	MissingSecret string
}

// EmbedPayPage is the checkout form inside the merchant's iframe: the
// hosted form, posting the client secret with every submit.
type EmbedPayPage struct {
	PayPage
	ClientSecret string
	EmbedScript  string
}

// EmbedResult is a page about the session inside the merchant's iframe:
// paid, expired, or not found.
type EmbedResult struct {
	ResultPage
	EmbedScript string
	// Complete marks a paid session: embed.js tells till.js, which sends
	// the shopper's window to ReturnURL, or calls onComplete when it is
	// empty (redirect_on_completion if_required or never).
	Complete  bool
	ReturnURL string
}

// CustomSession is a custom-mode session as Stripe.js's checkout.session()
// shows it to the merchant's page.
type CustomSession struct {
	ID               string           `json:"id"`
	Status           CustomStatus     `json:"status"`
	Currency         string           `json:"currency"`
	Email            *string          `json:"email"`
	LineItems        []CustomLineItem `json:"lineItems"`
	Total            CustomTotal      `json:"total"`
	DiscountAmounts  []CustomDiscount `json:"discountAmounts"`
	CanConfirm       bool             `json:"canConfirm"`
	Livemode         bool             `json:"livemode"`
	LastPaymentError any              `json:"lastPaymentError"`
	// ShippingOptions are the shipping rates to choose from, and Shipping
	// the chosen one's, nil without options.
	ShippingOptions []CustomShippingOption `json:"shippingOptions"`
	Shipping        *CustomShipping        `json:"shipping"`
	// TaxIDInfo is the business's name and tax ID (updateTaxIdInfo), and
	// BusinessName that name again, as Stripe.js has it; nil without.
	TaxIDInfo    *CustomTaxIDInfo `json:"taxIdInfo"`
	BusinessName *string          `json:"businessName"`
}

// CustomTaxIDInfo is session().taxIdInfo.
type CustomTaxIDInfo struct {
	TaxID        CustomTaxID `json:"taxId"`
	BusinessName string      `json:"businessName"`
}

// CustomTaxID is a tax ID as Stripe.js shows it.
type CustomTaxID struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// CustomShippingOption is one of session().shippingOptions.
type CustomShippingOption struct {
	ID               string       `json:"id"`
	DisplayName      string       `json:"displayName"`
	Amount           CustomAmount `json:"amount"`
	DeliveryEstimate string       `json:"deliveryEstimate"`
}

// CustomShipping is session().shipping: the chosen option.
type CustomShipping struct {
	ShippingOption CustomShippingOption `json:"shippingOption"`
}

// CustomStatus is session().status.
type CustomStatus struct {
	Type          string `json:"type"`
	PaymentStatus string `json:"paymentStatus,omitempty"`
}

// CustomAmount is an amount as a formatted string and in minor units.
type CustomAmount struct {
	Amount           string `json:"amount"`
	MinorUnitsAmount int64  `json:"minorUnitsAmount"`
}

// CustomLineItem is one of session().lineItems.
type CustomLineItem struct {
	ID         string       `json:"id"`
	Name       string       `json:"name"`
	Quantity   int64        `json:"quantity"`
	UnitAmount CustomAmount `json:"unitAmount"`
	Subtotal   CustomAmount `json:"subtotal"`
	Total      CustomAmount `json:"total"`
	// AdjustableQuantity is the range updateLineItemQuantity takes, nil
	// for a line whose quantity is fixed.
	AdjustableQuantity *CustomAdjustableQuantity `json:"adjustableQuantity"`
}

// CustomAdjustableQuantity is a line's lineItems[].adjustableQuantity.
type CustomAdjustableQuantity struct {
	Maximum int64 `json:"maximum"`
	Minimum int64 `json:"minimum"`
}

// CustomTotal is session().total.
type CustomTotal struct {
	Subtotal     CustomAmount `json:"subtotal"`
	Discount     CustomAmount `json:"discount"`
	TaxExclusive CustomAmount `json:"taxExclusive"`
	TaxInclusive CustomAmount `json:"taxInclusive"`
	// ShippingRate is the chosen shipping option's amount, nil without.
	ShippingRate *CustomAmount `json:"shippingRate"`
	Total        CustomAmount  `json:"total"`
}

// CustomDiscount is one of session().discountAmounts.
type CustomDiscount struct {
	Amount        string  `json:"amount"`
	DisplayName   string  `json:"displayName"`
	PromotionCode *string `json:"promotionCode"`
}

// CustomCard is the card fields' iframe of custom checkout.
type CustomCard struct {
	Lang, Stylesheet, Script, ConfirmAction            string
	CardNumber, Expiry, CVC, Name, Country, PostalCode string
	DefaultCountry                                     string
}

// CustomTerms is custom mode's Terms Element: the terms box, nil for a
// session that asks for no consent.
type CustomTerms struct {
	Lang, Title, Stylesheet, EmbedScript string
	T                                    T
	Terms                                *Terms
}

// AuthenticatePage is the page of a card issuer's 3-D Secure challenge as
// Stripe's test mode shows it: the payment, and a button to pass the
// authentication and one to fail it, under Stripe's ids. Framed marks
// the embedded and custom pages, which live in an iframe (the embedded
// page's, or custom mode's modal) and lay out as the iframe pages do.
type AuthenticatePage struct {
	Page
	Heading       string
	Message       string
	FormAction    string
	CSRFToken     string
	PaymentIntent string
	// ClientSecret is the embedded session's, carried to the form shown
	// after a failed authentication; empty for the other modes.
	ClientSecret string
	// Origin is the page that opened custom mode's modal, which the result
	// is posted to; empty for the other modes.
	Origin        string
	CompleteLabel string
	FailLabel     string
	Framed        bool
	EmbedScript   string
}

// AuthenticationResult is the page custom mode's modal shows once the
// shopper authenticated: authenticate.js posts Result (confirm()'s answer,
// as JSON) to Origin, the page that opened the modal.
type AuthenticationResult struct {
	Lang       string
	Title      string
	Stylesheet string
	Script     string
	Origin     string
	Result     string
}

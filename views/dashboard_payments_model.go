package views

// The view models of the dashboard's payments and customers pages.

// DashboardPayments is the list of payments with the filters it was asked
// for (a customer's, when Customer is set) and the links to the newer and
// older pages (empty when there is none).
type DashboardPayments struct {
	Frame    DashboardFrame
	Status   string
	Search   string
	Customer string
	Rows     []DashboardPaymentRow
	NewerURL string
	OlderURL string
}

// DashboardPaymentRow is one payment in a list: Status is the status it
// shows (a badge's class), StatusLabel its words.
type DashboardPaymentRow struct {
	ID          string
	URL         string
	Amount      string
	Status      string
	StatusLabel string
	Description string
	Email       string
	Created     string
}

// DashboardPaymentDetail is one payment: its facts, the forms of the
// changes it allows now (nil when it does not), its charges, refunds,
// metadata and timeline.
type DashboardPaymentDetail struct {
	Frame       DashboardFrame
	ID          string
	Status      string
	StatusLabel string
	Amount      string
	ListURL     string
	Summary     []DashboardField
	Customer    []DashboardField
	Refund      *DashboardRefundForm
	Capture     *DashboardCaptureForm
	Cancel      *DashboardCancelForm
	Charges     []DashboardCharge
	Refunds     []DashboardRefund
	Metadata    []DashboardField
	Events      []DashboardEvent
}

// DashboardRefundForm refunds a payment: all that is left (Left) unless an
// amount in Currency's major units is typed, for one of Reasons.
type DashboardRefundForm struct {
	Form     DashboardForm
	Currency string
	Left     string
	Reasons  []DashboardOption
}

// DashboardCaptureForm captures an authorized payment: all that is
// capturable (Capturable) unless a smaller amount is typed.
type DashboardCaptureForm struct {
	Form       DashboardForm
	Currency   string
	Capturable string
}

// DashboardCancelForm cancels an authorized payment, for one of Reasons.
type DashboardCancelForm struct {
	Form    DashboardForm
	Reasons []DashboardOption
}

// DashboardRefund is one refund of a payment.
type DashboardRefund struct {
	ID      string
	Amount  string
	Status  string
	Reason  string
	Created string
}

// DashboardCustomers is the list of customers with the search it was asked
// for and the links to the newer and older pages.
type DashboardCustomers struct {
	Frame    DashboardFrame
	Search   string
	Rows     []DashboardCustomerRow
	NewerURL string
	OlderURL string
}

// DashboardCustomerRow is one customer in the list.
type DashboardCustomerRow struct {
	ID      string
	URL     string
	Email   string
	Name    string
	Created string
}

// DashboardCustomerDetail is one customer: its details, metadata, latest
// payments (with the link to all of them when there are more) and latest
// Checkout Sessions.
type DashboardCustomerDetail struct {
	Frame       DashboardFrame
	ID          string
	Heading     string
	Deleted     bool
	ListURL     string
	Details     []DashboardField
	Metadata    []DashboardField
	Payments    []DashboardPaymentRow
	PaymentsURL string
	Sessions    []DashboardSessionRow
}

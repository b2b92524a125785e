package views

// The merchant dashboard's view models: one per page, each with the
// DashboardFrame the layout draws, every value formatted already.

// DashboardFrame is what the dashboard's layout shows around a page: the
// title, the stylesheet, and for a signed-in user the account's name, the
// user's email and the sign-out form's CSRF token.
type DashboardFrame struct {
	Title string
	// Section is the navigation entry the page belongs to.
	Section     string
	Stylesheet  string
	SignedIn    bool
	AccountName string
	Email       string
	CSRF        string
}

// dashboardNav is the dashboard's navigation, in order: each section's
// name (a page's Frame.Section), label and first page.
var dashboardNav = []struct{ Section, Label, Path string }{
	{"home", "Home", "/dashboard"},
	{"payments", "Payments", "/dashboard/payments"},
	{"sessions", "Checkout Sessions", "/dashboard/checkout/sessions"},
	{"customers", "Customers", "/dashboard/customers"},
	{"products", "Products", "/dashboard/products"},
	{"developers", "Developers", "/dashboard/developers"},
	{"settings", "Settings", "/dashboard/settings"},
}

// DashboardLogin is the sign-in form: the email typed (kept after a failed
// try), where to go after, and what went wrong.
type DashboardLogin struct {
	Frame DashboardFrame
	Email string
	Next  string
	Error string
}

// DashboardSessions is the list of Checkout Sessions with the filters it
// was asked for and the links to the newer and older pages (empty when
// there is none).
type DashboardSessions struct {
	Frame      DashboardFrame
	Status     string
	CreatedGte string // YYYY-MM-DD
	CreatedLte string
	Search     string
	Rows       []DashboardSessionRow
	NewerURL   string
	OlderURL   string
}

// DashboardSessionRow is one session in the list.
type DashboardSessionRow struct {
	ID      string
	URL     string
	Status  string
	Amount  string
	Email   string
	Created string
}

// DashboardField is a label and its value, which links to URL when set.
type DashboardField struct {
	Label string
	Value string
	URL   string
}

// DashboardSessionDetail is one Checkout Session: its facts, amounts,
// customer, line items, payment, metadata and timeline.
type DashboardSessionDetail struct {
	Frame   DashboardFrame
	ID      string
	Status  string
	Total   string
	ListURL string
	// Expire is the form that expires the session while it is open.
	Expire    *DashboardForm
	Summary   []DashboardField
	Amounts   []DashboardField
	Customer  []DashboardField
	LineItems []DashboardLineItem
	// Payment is the session's PaymentIntent, nil before it has one.
	Payment  *DashboardPayment
	Metadata []DashboardField
	Events   []DashboardEvent
}

// DashboardLineItem is one line of a session.
type DashboardLineItem struct {
	Description string
	Quantity    string
	UnitPrice   string
	Amount      string
}

// DashboardPayment is a PaymentIntent with its charges, and its page.
type DashboardPayment struct {
	ID       string
	URL      string
	Status   string
	Amount   string
	Received string
	Charges  []DashboardCharge
}

// DashboardCharge is one attempt to take a payment: how it was judged
// (Outcome) and its receipt's address, when it has one.
type DashboardCharge struct {
	ID         string
	Status     string
	Amount     string
	Refunded   string
	Card       string
	Outcome    string
	ReceiptURL string
	Created    string
}

// DashboardEvent is one event of a page's timeline.
type DashboardEvent struct {
	ID       string
	Type     string
	ObjectID string
	Created  string
}

// DashboardAudit is a page of the account's audit log, newest first, with
// the link to the older entries (empty when there are none).
type DashboardAudit struct {
	Frame    DashboardFrame
	Rows     []DashboardAuditRow
	OlderURL string
}

// DashboardAuditRow is one change made from the dashboard.
type DashboardAuditRow struct {
	Created   string
	Email     string
	Action    string
	ObjectID  string
	RequestID string
}

// DashboardError is an error page of the dashboard: what went wrong, and
// for a refused change the page it was asked from.
type DashboardError struct {
	Frame   DashboardFrame
	Heading string
	Message string
	Back    string
}

// DashboardForm is a form that changes something: where it posts, the
// session's CSRF token, and the key that makes this rendering of it one
// submission however often it is sent.
type DashboardForm struct {
	Action string
	CSRF   string
	Key    string
}

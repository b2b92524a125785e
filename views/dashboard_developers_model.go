package views

// The view models of the dashboard's Developers section: its first page,
// events, webhook endpoints, API keys and the request log. Every value is
// formatted already; secrets appear only in the one field of the page that
// reveals them once.

// DashboardDevelopers is the Developers section's first page: its pages,
// and the account's latest failed webhook deliveries.
type DashboardDevelopers struct {
	Frame  DashboardFrame
	Failed []DashboardDeliveryRow
}

// DashboardEvents is a page of the account's events, newest first, with
// the type and the search it was asked for.
type DashboardEvents struct {
	Frame DashboardFrame
	// Type is the type filtered by ("" for all), Types the choices.
	Type     string
	Types    []string
	Search   string
	Rows     []DashboardEventRow
	NewerURL string
	OlderURL string
}

// DashboardEventRow is one event of the list.
type DashboardEventRow struct {
	ID       string
	URL      string
	Type     string
	ObjectID string
	Created  string
	// Pending is how many of its deliveries are still to be made.
	Pending string
}

// DashboardEventDetail is one event: its facts, its JSON as the API
// renders it, and its deliveries by endpoint.
type DashboardEventDetail struct {
	Frame     DashboardFrame
	ID        string
	Type      string
	Summary   []DashboardField
	JSON      string
	Endpoints []DashboardEventEndpoint
}

// DashboardEventEndpoint is an endpoint the event was sent to, with every
// attempt, oldest first, and the form that sends the event again (nil for
// a deleted endpoint).
type DashboardEventEndpoint struct {
	ID       string
	URL      string
	Link     string
	Deleted  bool
	Resend   *DashboardForm
	Attempts []DashboardAttempt
	// Waiting says a delivery has no attempt yet: the worker is to make it.
	Waiting bool
}

// DashboardAttempt is one attempt of a delivery: when, the answer's status
// or the error that stood for it, how long it took and the answer's start.
type DashboardAttempt struct {
	Time     string
	Status   string
	OK       bool
	Duration string
	Response string
}

// DashboardWebhooks is the account's webhook endpoints, newest first, and
// the form that adds one.
type DashboardWebhooks struct {
	Frame      DashboardFrame
	Search     string
	Rows       []DashboardWebhookRow
	NewerURL   string
	OlderURL   string
	Create     DashboardForm
	EventTypes []string
}

// DashboardWebhookRow is one endpoint of the list.
type DashboardWebhookRow struct {
	ID     string
	URL    string
	Link   string
	Events string
	Status string
}

// DashboardWebhookDetail is one endpoint: its facts, the forms that change
// it, its signing secret when a change just made it (once), and its latest
// deliveries.
type DashboardWebhookDetail struct {
	Frame   DashboardFrame
	ID      string
	URL     string
	Status  string
	Summary []DashboardField
	// Secret is the signing secret a create or a roll just made, shown
	// this once; SecretGone says the page was asked to show one that was
	// shown already.
	Secret     string
	SecretGone bool
	// Toggle enables or disables the endpoint: ToggleDisabled is the value
	// it sends, ToggleLabel its button.
	Toggle         DashboardForm
	ToggleDisabled string
	ToggleLabel    string
	Roll           DashboardForm
	RollExpiries   []DashboardOption
	// Test sends a test event; nil while the endpoint is disabled.
	Test       *DashboardForm
	Deliveries []DashboardDeliveryRow
}

// DashboardDeliveryRow is one delivery of an event to an endpoint: its
// latest attempt, and how it stands.
type DashboardDeliveryRow struct {
	EventID  string
	EventURL string // empty for a test event, which has no page
	Type     string
	Test     bool
	Endpoint string
	Status   string
	Time     string
	Code     string
	OK       bool
	Response string
}

// DashboardAPIKeys is the account's API keys: the publishable ones in
// full, the secret ones masked, a secret key a create or roll just made
// (once), and the forms that make and roll them.
type DashboardAPIKeys struct {
	Frame       DashboardFrame
	Publishable []DashboardAPIKeyRow
	Secret      []DashboardAPIKeyRow
	// Revealed is the key a change just made, shown this once; RevealGone
	// says the page was asked to show one that was shown already.
	Revealed   *DashboardRevealedKey
	RevealGone bool
	Create     DashboardForm
	Expiries   []DashboardOption
}

// DashboardAPIKeyRow is one key: how it reads, when it was made, last used
// and expires, and the form that rolls it (nil for a key already rolled).
type DashboardAPIKeyRow struct {
	ID       string
	Name     string
	Key      string
	Created  string
	LastUsed string
	Expires  string
	Roll     *DashboardForm
}

// DashboardRevealedKey is a secret key just made.
type DashboardRevealedKey struct {
	Name string
	Key  string
}

// DashboardRequestLog is a page of the account's API requests, newest
// first.
type DashboardRequestLog struct {
	Frame    DashboardFrame
	Search   string
	Rows     []DashboardRequestRow
	NewerURL string
	OlderURL string
}

// DashboardRequestRow is one API request: never its body.
type DashboardRequestRow struct {
	Time           string
	Method         string
	Path           string
	Status         string
	OK             bool
	RequestID      string
	IdempotencyKey string
}

// developersPages are the Developers section's pages, in the order its tabs
// show them: each page's key, label and address.
var developersPages = []struct{ Key, Label, Path string }{
	{"overview", "Overview", "/dashboard/developers"},
	{"events", "Events", "/dashboard/events"},
	{"webhooks", "Webhooks", "/dashboard/webhooks"},
	{"apikeys", "API keys", "/dashboard/apikeys"},
	{"logs", "Logs", "/dashboard/logs"},
}

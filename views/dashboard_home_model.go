package views

// The home page's view models.

// DashboardHome is the home page: today's and the period's figures, a
// chart of each currency's daily gross volume, and the latest failing
// webhook deliveries.
type DashboardHome struct {
	Frame   DashboardFrame
	Figures []DashboardFigures
	Charts  []DashboardChart
	// Failing are the latest failing webhook deliveries, newest first.
	Failing []DashboardFailingDelivery
}

// DashboardFigures are one period's figures: the gross volume in each
// currency, the number of payments and the conversion.
type DashboardFigures struct {
	Label  string // "Today", "Last 30 days"
	TestID string
	// Gross is the volume of each currency, one line each; empty when
	// there were no payments.
	Gross    []string
	Payments string
	// Conversion is a percentage, or "—" when no session was created;
	// ConversionOf says of what ("2 of 3 sessions completed").
	Conversion   string
	ConversionOf string
}

// DashboardChart is a bar chart of one currency's daily gross volume, drawn
// as an inline SVG of Width × Height user units, with the same numbers as a
// table for those who do not see it.
type DashboardChart struct {
	ID       string // unique on the page, for the ids the SVG refers to
	Currency string // "USD"
	Title    string
	Desc     string
	Width    int
	Height   int
	// Baseline is the y of the chart's zero line, Top that of its
	// largest value, labelled Max.
	Baseline int
	Top      int
	Max      string
	Bars     []DashboardBar
	Ticks    []DashboardTick
	Days     []DashboardChartDay
}

// DashboardBar is one day's bar.
type DashboardBar struct {
	X, Y, Width, Height int
	Label               string // "Jan 2: $39.98"
}

// DashboardTick is a date under the chart at X, where its text starts,
// is centred or ends (Anchor: start, middle, end).
type DashboardTick struct {
	X      int
	Anchor string
	Text   string
}

// DashboardChartDay is one day of a chart's table.
type DashboardChartDay struct {
	Date     string
	Gross    string
	Payments string
}

// DashboardFailingDelivery is a webhook delivery whose latest attempt
// failed.
type DashboardFailingDelivery struct {
	EventID     string
	EventURL    string // "" for a test event, which has no page
	EventType   string
	EndpointURL string // the endpoint's page in the dashboard
	URL         string // where it delivers to
	Status      string // "Retrying", "Failed"
	Attempts    string
	LastAttempt string
	Answer      string // "HTTP 500", or why no answer came
	NextAttempt string // for one being retried
}

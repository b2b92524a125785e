package views

// The settings page's view model.

// DashboardSettings is the account's settings, each group with its own
// form, filled in with what is stored or with what was typed before a
// refusal, and the hosted page's preview.
type DashboardSettings struct {
	Frame DashboardFrame
	// Branding is what the hosted page shows of the merchant.
	Branding      DashboardForm
	AccountName   string
	DisplayName   string
	LogoURL       string
	AccentColor   string
	DefaultAccent string
	// PreviewURL is the hosted page's preview with the stored branding;
	// the script reloads it with the branding being typed.
	PreviewURL string
	Script     string

	Origins      DashboardForm
	EmbedOrigins string // one a line

	Version        DashboardForm
	Versions       []DashboardOption
	CurrentVersion string // what requests without a Stripe-Version get

	Terms    DashboardForm
	TermsURL string

	AuditURL string
}

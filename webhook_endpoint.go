package till

// Webhook endpoint statuses: a disabled endpoint is sent nothing.
const (
	WebhookEndpointEnabled  = "enabled"
	WebhookEndpointDisabled = "disabled"
)

// WebhookEndpoint is where an account wants its events sent. Secret signs
// every delivery; the API shows it only in the answer to the create.
type WebhookEndpoint struct {
	ID            string
	AccountID     string
	Livemode      bool
	URL           string
	EnabledEvents []string
	Description   *string
	Metadata      map[string]string
	APIVersion    *string
	Secret        string
	Status        string
	Created       int64
}

package dashboard

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// DevelopersStore is what the Developers pages read and change, part of
// Store: events and their deliveries, webhook endpoints, API keys, the
// request log, and the secrets a change reveals once.
type DevelopersStore interface {
	ListEvents(ctx context.Context, caller till.Caller, f till.EventFilter, page till.Page) ([]*till.StoredEvent, bool, error)
	FindEvent(ctx context.Context, accountID, id string) (*till.StoredEvent, error)
	ResendEvent(ctx context.Context, accountID, eventID, endpointID string) (*till.StoredEvent, error)
	EventDeliveries(ctx context.Context, accountID, eventID string) ([]till.DeliveryLog, error)
	EndpointDeliveries(ctx context.Context, accountID, endpointID string, limit int) ([]till.DeliveryLog, error)

	FindWebhookEndpoint(ctx context.Context, accountID, id string) (*till.WebhookEndpoint, error)
	ListWebhookEndpoints(ctx context.Context, caller till.Caller, page till.Page) ([]*till.WebhookEndpoint, bool, error)

	ListAPIKeys(ctx context.Context, accountID string) ([]*till.APIKey, error)
	CreateAPIKey(ctx context.Context, accountID string, k *till.APIKey, key string) error
	RollAPIKey(ctx context.Context, accountID, id string,
		roll func(old *till.APIKey) (*till.APIKey, string, error)) (*till.APIKey, string, error)

	ListAPIRequests(ctx context.Context, caller till.Caller, search string, page till.Page) ([]till.APIRequest, bool, error)

	CreateReveal(ctx context.Context, accountID, userID, objectID, secret string) (string, error)
	TakeReveal(ctx context.Context, accountID, userID, token string) (*till.Reveal, error)
}

// WebhookChanges creates and changes webhook endpoints: the domain's
// WebhookEndpoints, which the API's routes go through too.
type WebhookChanges interface {
	Create(ctx context.Context, caller till.Caller, p till.WebhookEndpointParams) (*till.WebhookEndpoint, error)
	Update(ctx context.Context, accountID, id string, p till.WebhookEndpointParams) (*till.WebhookEndpoint, error)
	RollSecret(ctx context.Context, accountID, id string, expiresIn *int64) (*till.WebhookEndpoint, error)
	SendTest(ctx context.Context, accountID, id string, src till.EventSource) (string, error)
}

// Addresses of the Developers pages.
const (
	developersPath = "/dashboard/developers"
	eventsPath     = "/dashboard/events"
	webhooksPath   = "/dashboard/webhooks"
	apiKeysPath    = "/dashboard/apikeys"
	logsPath       = "/dashboard/logs"
)

// failedShown is how many failed deliveries the Developers page lists.
const failedShown = 10

// Developers handles "GET /dashboard/developers": the section's pages, and
// the account's latest failed webhook deliveries.
func (h *Handler) Developers(c *fiber.Ctx) error {
	s := signedIn(c)
	failed, err := h.store.FailedDeliveries(c.UserContext(), caller(s), failedShown)
	if err != nil {
		return err
	}
	vm := views.DashboardDevelopers{Frame: h.frame(c, "developers", "Developers")}
	for _, d := range failed {
		vm.Failed = append(vm.Failed, deliveryRow(d))
	}
	return render(c, http.StatusOK, views.DashboardDevelopersPage(vm))
}

// deliveryRow is a delivery by its latest attempt.
func deliveryRow(d till.DeliveryLog) views.DashboardDeliveryRow {
	r := views.DashboardDeliveryRow{EventID: d.EventID, Type: d.EventType, Test: d.TestEvent, Endpoint: d.EndpointURL,
		Status: d.Status, Time: formatTime(d.Created)}
	if !d.TestEvent {
		r.EventURL = eventsPath + "/" + d.EventID
	}
	if a := d.Latest(); a != nil {
		v := attempt(*a)
		r.Time, r.Code, r.OK, r.Response = v.Time, v.Status, v.OK, v.Response
	}
	return r
}

// attempt is one attempt as the pages show it: the answer's status, or the
// error that stood for one.
func attempt(a till.AttemptLog) views.DashboardAttempt {
	v := views.DashboardAttempt{Time: formatTime(a.At), Response: a.Response,
		Duration: strconv.FormatInt(a.DurationMS, 10) + " ms"}
	switch {
	case a.StatusCode != 0:
		v.Status, v.OK = strconv.Itoa(a.StatusCode)+" "+http.StatusText(a.StatusCode), a.StatusCode >= 200 && a.StatusCode <= 299
	case a.Error != "":
		v.Status = "No answer: " + a.Error
	default:
		v.Status = "No answer"
	}
	return v
}

// durationOption is a choice of how long an old secret or key keeps
// working, in seconds as the forms send it.
func durationOption(d time.Duration, selected bool) views.DashboardOption {
	label := "Now"
	switch {
	case d >= 24*time.Hour:
		n := int(d / (24 * time.Hour))
		label = "In " + strconv.Itoa(n) + " days"
		if n == 1 {
			label = "In 24 hours"
		}
	case d >= time.Hour:
		label = "In " + strconv.Itoa(int(d/time.Hour)) + " hour"
	}
	return views.DashboardOption{Value: strconv.FormatInt(int64(d/time.Second), 10), Label: label, Selected: selected}
}

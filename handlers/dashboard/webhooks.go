package dashboard

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// endpointDeliveriesShown is how many deliveries an endpoint's page lists.
const endpointDeliveriesShown = 25

// WebhookList handles "GET /dashboard/webhooks": the account's endpoints,
// newest first, a page at a time, or those whose id is, or whose URL
// holds, the search (?q=); and the form that adds one.
func (h *Handler) WebhookList(c *fiber.Ctx) error {
	s := signedIn(c)
	search := strings.TrimSpace(c.Query("q"))
	page, err := listPage(c)
	if err != nil {
		return err
	}
	var endpoints []*till.WebhookEndpoint
	more := false
	if search != "" {
		endpoints, err = h.searchEndpoints(c, s, search)
	} else {
		endpoints, more, err = h.store.ListWebhookEndpoints(c.UserContext(), caller(s), page)
	}
	if err != nil {
		return listError(err, page, "webhook_endpoint")
	}
	vm := views.DashboardWebhooks{Frame: h.frame(c, "developers", "Webhooks"), Search: search,
		Create: h.form(c, webhooksPath), EventTypes: till.WebhookEventTypes}
	for _, e := range endpoints {
		vm.Rows = append(vm.Rows, views.DashboardWebhookRow{ID: e.ID, URL: e.URL, Link: webhooksPath + "/" + e.ID,
			Events: strings.Join(e.EnabledEvents, ", "), Status: e.Status})
	}
	vm.NewerURL, vm.OlderURL = pageLinks(webhooksPath, nil, page, more, endpoints,
		func(e *till.WebhookEndpoint) string { return e.ID })
	return render(c, http.StatusOK, views.DashboardWebhooksPage(vm))
}

// searchEndpoints are the account's endpoints whose id is q or whose URL
// holds it, whatever the case: an account has a few endpoints, read a
// hundred at a time.
func (h *Handler) searchEndpoints(c *fiber.Ctx, s *till.DashboardSession, q string) ([]*till.WebhookEndpoint, error) {
	var found []*till.WebhookEndpoint
	page := till.Page{Limit: 100}
	for {
		endpoints, more, err := h.store.ListWebhookEndpoints(c.UserContext(), caller(s), page)
		if err != nil {
			return nil, err
		}
		for _, e := range endpoints {
			if e.ID == q || strings.Contains(strings.ToLower(e.URL), strings.ToLower(q)) {
				found = append(found, e)
			}
		}
		if !more {
			return found, nil
		}
		page.StartingAfter = endpoints[len(endpoints)-1].ID
	}
}

// WebhookShow handles "GET /dashboard/webhooks/:id": one endpoint of the
// account, the forms that change it, its latest deliveries, and, right
// after the create or roll that made it, its signing secret, once.
func (h *Handler) WebhookShow(c *fiber.Ctx) error {
	s := signedIn(c)
	ctx := c.UserContext()
	e, err := h.store.FindWebhookEndpoint(ctx, s.AccountID, c.Params("id"))
	if err != nil {
		return err
	}
	deliveries, err := h.store.EndpointDeliveries(ctx, s.AccountID, e.ID, endpointDeliveriesShown)
	if err != nil {
		return err
	}
	secret, asked, err := h.revealed(c, e.ID)
	if err != nil {
		return err
	}
	page := webhooksPath + "/" + e.ID
	vm := views.DashboardWebhookDetail{Frame: h.frame(c, "developers", e.URL), ID: e.ID, URL: e.URL, Status: e.Status,
		Secret: secret, SecretGone: asked && secret == "", Toggle: h.form(c, page), Roll: h.form(c, page+"/roll_secret")}
	version := "The account's"
	if e.APIVersion != nil {
		version = *e.APIVersion
	}
	vm.Summary = fields("ID", e.ID, "Description", deref(e.Description), "Events", strings.Join(e.EnabledEvents, ", "),
		"API version", version, "Created", formatTime(e.Created))
	vm.ToggleDisabled, vm.ToggleLabel = "true", "Disable endpoint"
	if e.Status == till.WebhookEndpointDisabled {
		vm.ToggleDisabled, vm.ToggleLabel = "false", "Enable endpoint"
	} else {
		f := h.form(c, page+"/test")
		vm.Test = &f
	}
	for _, d := range []time.Duration{0, time.Hour, till.DefaultSecretRollOverlap, till.MaxSecretRollOverlap} {
		vm.RollExpiries = append(vm.RollExpiries, durationOption(d, d == till.DefaultSecretRollOverlap))
	}
	for _, d := range deliveries {
		vm.Deliveries = append(vm.Deliveries, deliveryRow(d))
	}
	return render(c, http.StatusOK, views.DashboardWebhookPage(vm))
}

// WebhookCreate handles "POST /dashboard/webhooks": an endpoint made from
// the form's url, description and enabled_events, with the rules and the
// errors of `POST /v1/webhook_endpoints`; its page then shows its signing
// secret, once.
func (h *Handler) WebhookCreate(c *fiber.Ctx) error {
	s := signedIn(c)
	p := till.WebhookEndpointParams{URL: formOptional(c, "url"), Description: formOptional(c, "description")}
	for _, v := range c.Request().PostArgs().PeekMulti("enabled_events") {
		p.EnabledEvents = append(p.EnabledEvents, string(v))
	}
	var made string
	return h.act(c, action{name: "webhook_endpoint.create", back: webhooksPath, made: &made,
		do: func(ctx context.Context, _ till.EventSource) (string, error) {
			e, err := h.webhooks.Create(ctx, caller(s), p)
			if err != nil {
				return "", err
			}
			made = e.ID
			return h.revealOn(ctx, s, e.ID, e.Secret, webhooksPath+"/"+e.ID)
		}})
}

// WebhookUpdate handles "POST /dashboard/webhooks/:id": the endpoint
// enabled (disabled=false) or disabled (disabled=true), as `POST
// /v1/webhook_endpoints/:id` does it.
func (h *Handler) WebhookUpdate(c *fiber.Ctx) error {
	s, id := signedIn(c), c.Params("id")
	page := webhooksPath + "/" + id
	disabled, err := strconv.ParseBool(c.FormValue("disabled"))
	if err != nil {
		return h.renderError(c, till.Invalid(till.CodeInvalidRequest, "disabled", "disabled must be true or false."), page)
	}
	return h.act(c, action{name: "webhook_endpoint.update", objectID: id, back: page,
		do: func(ctx context.Context, _ till.EventSource) (string, error) {
			_, err := h.webhooks.Update(ctx, s.AccountID, id, till.WebhookEndpointParams{Disabled: &disabled})
			return page, err
		}})
}

// WebhookRollSecret handles "POST /dashboard/webhooks/:id/roll_secret": a
// new signing secret, as `POST /v1/webhook_endpoints/:id/roll_secret` makes
// it, the old one signing too for the form's expires_in seconds; the page
// then shows the new secret, once.
func (h *Handler) WebhookRollSecret(c *fiber.Ctx) error {
	s, id := signedIn(c), c.Params("id")
	page := webhooksPath + "/" + id
	expiresIn, err := strconv.ParseInt(c.FormValue("expires_in"), 10, 64)
	if err != nil {
		return h.renderError(c, till.Invalid(till.CodeInvalidRequest, "expires_in", "Choose when the old secret stops signing."), page)
	}
	return h.act(c, action{name: "webhook_endpoint.roll_secret", objectID: id, back: page,
		do: func(ctx context.Context, _ till.EventSource) (string, error) {
			e, err := h.webhooks.RollSecret(ctx, s.AccountID, id, &expiresIn)
			if err != nil {
				return "", err
			}
			return h.revealOn(ctx, s, e.ID, e.Secret, page)
		}})
}

// WebhookTest handles "POST /dashboard/webhooks/:id/test": a test event
// (till.SampleEvent) queued for the endpoint, which its page's deliveries
// then show.
func (h *Handler) WebhookTest(c *fiber.Ctx) error {
	s, id := signedIn(c), c.Params("id")
	page := webhooksPath + "/" + id
	return h.act(c, action{name: "webhook_endpoint.test", objectID: id, back: page,
		do: func(ctx context.Context, ev till.EventSource) (string, error) {
			_, err := h.webhooks.SendTest(ctx, s.AccountID, id, ev)
			return page, err
		}})
}

// formOptional is a form field's value, nil when it is empty or absent.
func formOptional(c *fiber.Ctx, name string) *string {
	if v := strings.TrimSpace(c.FormValue(name)); v != "" {
		return &v
	}
	return nil
}

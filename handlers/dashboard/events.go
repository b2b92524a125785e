package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// EventList handles "GET /dashboard/events": the account's events, newest
// first, of one type (?type=) or all, searched by event id or by the id of
// the object they are about (?q=), a page at a time as the other lists are.
func (h *Handler) EventList(c *fiber.Ctx) error {
	s := signedIn(c)
	typ, search := c.Query("type"), strings.TrimSpace(c.Query("q"))
	var f till.EventFilter
	if typ != "" {
		if !slices.Contains(till.WebhookEventTypes, typ) {
			return till.Invalid(till.CodeInvalidRequest, "type", "There is no event type %q.", typ)
		}
		f.Types = []string{typ}
	}
	page, err := listPage(c)
	if err != nil {
		return err
	}
	var events []*till.StoredEvent
	more := false
	switch {
	case strings.HasPrefix(search, "evt_"):
		ev, err := h.store.FindEvent(c.UserContext(), s.AccountID, search)
		if err != nil && till.ErrorKindOf(err) != till.KindNotFound {
			return err
		}
		if ev != nil && (typ == "" || ev.Type == typ) {
			events = []*till.StoredEvent{ev}
		}
	default:
		if search != "" {
			f.ObjectID = &search
		}
		if events, more, err = h.store.ListEvents(c.UserContext(), caller(s), f, page); err != nil {
			return listError(err, page, "event")
		}
	}
	vm := views.DashboardEvents{Frame: h.frame(c, "developers", "Events"), Type: typ, Types: till.WebhookEventTypes,
		Search: search}
	for _, ev := range events {
		vm.Rows = append(vm.Rows, views.DashboardEventRow{ID: ev.ID, URL: eventsPath + "/" + ev.ID, Type: ev.Type,
			ObjectID: ev.ObjectID, Created: formatTime(ev.Created), Pending: strconv.FormatInt(ev.PendingWebhooks, 10)})
	}
	vm.NewerURL, vm.OlderURL = pageLinks(eventsPath, url.Values{"q": {search}, "type": {typ}}, page, more, events,
		func(e *till.StoredEvent) string { return e.ID })
	return render(c, http.StatusOK, views.DashboardEventsPage(vm))
}

// EventShow handles "GET /dashboard/events/:id": one event of the account
// with its facts, its JSON as the API renders it (which carries no secret:
// a session's client_secret is null in events), and for each endpoint it
// was sent to, every attempt and a Resend button.
func (h *Handler) EventShow(c *fiber.Ctx) error {
	s := signedIn(c)
	ctx := c.UserContext()
	ev, err := h.store.FindEvent(ctx, s.AccountID, c.Params("id"))
	if err != nil {
		return err
	}
	deliveries, err := h.store.EventDeliveries(ctx, s.AccountID, ev.ID)
	if err != nil {
		return err
	}
	body, err := h.renderEvent(ev)
	if err != nil {
		return err
	}
	vm := views.DashboardEventDetail{Frame: h.frame(c, "developers", ev.ID), ID: ev.ID, Type: ev.Type,
		JSON: strings.TrimSpace(string(body))}
	vm.Summary = fields("Object", ev.ObjectID, "Created", formatTime(ev.Created), "API version", ev.APIVersion,
		"Request", deref(ev.RequestID), "Idempotency key", deref(ev.IdempotencyKey),
		"Pending webhooks", strconv.FormatInt(ev.PendingWebhooks, 10))
	byEndpoint := map[string]int{}
	for _, d := range deliveries {
		i, ok := byEndpoint[d.EndpointID]
		if !ok {
			i = len(vm.Endpoints)
			byEndpoint[d.EndpointID] = i
			e := views.DashboardEventEndpoint{ID: d.EndpointID, URL: d.EndpointURL, Deleted: d.EndpointDeleted}
			if !d.EndpointDeleted {
				f := h.form(c, eventsPath+"/"+ev.ID+"/resend")
				e.Resend, e.Link = &f, webhooksPath+"/"+d.EndpointID
			}
			vm.Endpoints = append(vm.Endpoints, e)
		}
		e := &vm.Endpoints[i]
		for _, a := range d.Attempts {
			e.Attempts = append(e.Attempts, attempt(a))
		}
		e.Waiting = e.Waiting || d.Status == till.DeliveryPending
	}
	return render(c, http.StatusOK, views.DashboardEventPage(vm))
}

// EventResend handles "POST /dashboard/events/:id/resend": one more
// delivery of the event to the endpoint the form names (webhook_endpoint),
// due now, as `POST /v1/events/:id/retry` makes it; the delivery worker
// sends it, and its attempt shows on the event's page. Another account's
// event or endpoint is not found.
func (h *Handler) EventResend(c *fiber.Ctx) error {
	s, id := signedIn(c), c.Params("id")
	page := eventsPath + "/" + id
	endpoint := c.FormValue("webhook_endpoint")
	return h.act(c, action{name: "event.resend", objectID: id, back: page,
		do: func(ctx context.Context, _ till.EventSource) (string, error) {
			if endpoint == "" {
				return "", till.Missing("webhook_endpoint")
			}
			_, err := h.store.ResendEvent(ctx, s.AccountID, id, endpoint)
			if e := till.AsError(err); err != nil && e.Param == "webhook_endpoint" {
				return "", till.NotFound("webhook_endpoint", endpoint, "webhook_endpoint")
			}
			return page, err
		}})
}

package dashboard

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// RequestLog handles "GET /dashboard/logs": the account's recent API
// requests, newest first, a page at a time, or those of one request id or
// Idempotency-Key (?q=): the method, path, status, request id and key of
// each, never a body (none is kept).
func (h *Handler) RequestLog(c *fiber.Ctx) error {
	s := signedIn(c)
	search := strings.TrimSpace(c.Query("q"))
	page, err := listPage(c)
	if err != nil {
		return err
	}
	reqs, more, err := h.store.ListAPIRequests(c.UserContext(), caller(s), search, page)
	if err != nil {
		return listError(err, page, "request")
	}
	vm := views.DashboardRequestLog{Frame: h.frame(c, "developers", "Logs"), Search: search}
	for _, r := range reqs {
		vm.Rows = append(vm.Rows, views.DashboardRequestRow{Time: formatTime(r.Created), Method: r.Method, Path: r.Path,
			Status: strconv.Itoa(r.Status), OK: r.Status < 400, RequestID: r.RequestID, IdempotencyKey: r.IdempotencyKey})
	}
	vm.NewerURL, vm.OlderURL = pageLinks(logsPath, url.Values{"q": {search}}, page, more, reqs,
		func(r till.APIRequest) string { return r.RequestID })
	return render(c, http.StatusOK, views.DashboardRequestLogPage(vm))
}

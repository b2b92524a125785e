package dashboard

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

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
		return unknownCursor(err, page, "request")
	}
	vm := views.DashboardRequestLog{Frame: h.frame(c, "developers", "Logs"), Search: search}
	for _, r := range reqs {
		vm.Rows = append(vm.Rows, views.DashboardRequestRow{Time: formatTime(r.Created), Method: r.Method, Path: r.Path,
			Status: strconv.Itoa(r.Status), OK: r.Status < 400, RequestID: r.RequestID, IdempotencyKey: r.IdempotencyKey})
	}
	if len(reqs) > 0 {
		vm.NewerURL, vm.OlderURL = pageLinks(page, more, reqs[0].RequestID, reqs[len(reqs)-1].RequestID,
			listURL(logsPath, page))
	}
	return render(c, http.StatusOK, views.DashboardRequestLogPage(vm))
}

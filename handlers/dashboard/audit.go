package dashboard

import (
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// auditPath is the audit log's address; ?before= pages back through it.
const auditPath = "/dashboard/settings/audit-log"

// auditPageSize is how many entries a page of the audit log shows.
const auditPageSize = 50

// AuditLog handles "GET /dashboard/settings/audit-log": the account's changes
// made from the dashboard, newest first, a page at a time.
func (h *Handler) AuditLog(c *fiber.Ctx) error {
	s := signedIn(c)
	var before *int64
	if v := c.Query("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return till.Invalid(till.CodeInvalidRequest, "before", "The page asked for does not exist.")
		}
		before = &n
	}
	entries, more, err := h.store.ListAudit(c.UserContext(), s.AccountID, before, auditPageSize)
	if err != nil {
		return err
	}
	vm := views.DashboardAudit{Frame: h.frame(c, "settings", "Audit log")}
	for _, e := range entries {
		vm.Rows = append(vm.Rows, views.DashboardAuditRow{Created: formatTime(e.Created), Email: e.Email,
			Action: e.Action, ObjectID: e.ObjectID, RequestID: e.RequestID})
	}
	if more {
		vm.OlderURL = auditPath + "?before=" + strconv.FormatInt(entries[len(entries)-1].Seq, 10)
	}
	return render(c, http.StatusOK, views.DashboardAuditPage(vm))
}

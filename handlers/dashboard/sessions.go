package dashboard

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// sessionsPath is the list's address; its query keeps the filters and the
// page.
const sessionsPath = "/dashboard/checkout/sessions"

// SessionList handles "GET /dashboard/checkout/sessions": the account's
// sessions, newest first, filtered by status (?status=), created date
// (?created_gte= and ?created_lte=, days in UTC, both inclusive) and a
// search (?q=: a session id, or the shopper's email or
// client_reference_id), a page at a time (?limit=, 25 by default), with
// links to the newer page (?ending_before=) and the older
// (?starting_after=).
func (h *Handler) SessionList(c *fiber.Ctx) error {
	s := signedIn(c)
	q := listQuery{Status: c.Query("status"), CreatedGte: c.Query("created_gte"), CreatedLte: c.Query("created_lte"),
		Search: strings.TrimSpace(c.Query("q"))}
	f, err := q.filter()
	if err != nil {
		return err
	}
	page, err := listPage(c)
	if err != nil {
		return err
	}
	rows, more, err := h.store.DashboardSessions(c.UserContext(), s.AccountID, f, page)
	if err != nil {
		return unknownCursor(err, page, "checkout.session")
	}
	vm := views.DashboardSessions{Frame: h.frame(c, "sessions", "Checkout Sessions"), Status: q.Status, CreatedGte: q.CreatedGte,
		CreatedLte: q.CreatedLte, Search: q.Search}
	for _, sess := range rows {
		vm.Rows = append(vm.Rows, views.DashboardSessionRow{ID: sess.ID, URL: sessionsPath + "/" + sess.ID,
			Status: sess.Status, Amount: amount(sess.AmountTotal, sess.Currency), Email: deref(shopperEmail(sess)),
			Created: formatTime(sess.Created)})
	}
	if len(rows) > 0 {
		vm.NewerURL, vm.OlderURL = pageLinks(page, more, rows[0].ID, rows[len(rows)-1].ID,
			func(cursor, id string) string { return q.url(cursor, id, pageLimit(page)) })
	}
	return render(c, http.StatusOK, views.DashboardSessionsPage(vm))
}

// listQuery is the list's filters as the query string has them.
type listQuery struct {
	Status, CreatedGte, CreatedLte, Search string
}

// filter checks the query's filters.
func (q listQuery) filter() (till.DashboardSessionFilter, error) {
	f := till.DashboardSessionFilter{Search: q.Search}
	if q.Status != "" {
		if !slices.Contains([]string{till.SessionOpen, till.SessionComplete, till.SessionExpired}, q.Status) {
			return f, &till.Error{Kind: till.KindInvalid, Message: "status must be open, complete or expired."}
		}
		f.Status = &q.Status
	}
	for _, d := range []struct {
		value string
		dst   **int64
		end   bool
	}{{q.CreatedGte, &f.CreatedGte, false}, {q.CreatedLte, &f.CreatedLte, true}} {
		if d.value == "" {
			continue
		}
		day, err := time.Parse(time.DateOnly, d.value)
		if err != nil {
			return f, &till.Error{Kind: till.KindInvalid, Message: "Dates must be written YYYY-MM-DD."}
		}
		at := day.Unix()
		if d.end {
			at += 24*60*60 - 1
		}
		*d.dst = &at
	}
	return f, nil
}

// url is the list's address with the query's filters and a cursor.
func (q listQuery) url(cursor, id, limit string) string {
	v := url.Values{}
	for _, p := range [][2]string{{"q", q.Search}, {"status", q.Status}, {"created_gte", q.CreatedGte},
		{"created_lte", q.CreatedLte}, {"limit", limit}, {cursor, id}} {
		if p[1] != "" {
			v.Set(p[0], p[1])
		}
	}
	return sessionsPath + "?" + v.Encode()
}

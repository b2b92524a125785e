package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// Changes made from the dashboard: each form runs once however often it is
// sent, through the same code as the API, and each change is in the
// account's audit log with who made it.

// formOf is the form a selector finds on a page: where it posts and its
// fields (the CSRF token and submission key among them).
func formOf(t *testing.T, doc *goquery.Document, sel string) (string, url.Values) {
	t.Helper()
	f := doc.Find(sel)
	if f.Length() != 1 {
		t.Fatalf("%d forms match %s", f.Length(), sel)
	}
	vals := url.Values{}
	f.Find("input[name]").Each(func(_ int, in *goquery.Selection) {
		vals.Set(in.AttrOr("name", ""), in.AttrOr("value", ""))
	})
	return f.AttrOr("action", ""), vals
}

// auditActions are the audit log's rows as "action object email", newest
// first.
func auditActions(c *browserless) []string {
	var rows []string
	c.page("/dashboard/settings/audit-log", http.StatusOK).Find(`[data-testid="audit-row"]`).Each(func(_ int, r *goquery.Selection) {
		rows = append(rows, strings.Join(strings.Fields(strings.Join([]string{
			r.Find(`[data-testid="audit-action"]`).Text(), r.Find(`[data-testid="audit-object"]`).Text(),
			r.Find("td").Eq(1).Text()}, " ")), " "))
	})
	return rows
}

func TestDashboardExpireSession(t *testing.T) {
	srv, _, raw := dashboardServerDB(t)
	a, b := srv.newAccount(t), srv.newAccount(t)
	email, password := dashboardUser(t, srv, a, "owner@a.example")
	s, theirs := newSession(t, a, nil), newSession(t, b, nil)
	c := &browserless{t: t, srv: srv}
	c.signIn(email, password, "")
	detail := "/dashboard/checkout/sessions/" + s.ID
	action, fields := formOf(t, c.page(detail, http.StatusOK), `form[action$="/expire"]`)
	if action != detail+"/expire" || fields.Get("_csrf") == "" || fields.Get("_key") == "" {
		t.Fatalf("expire form posts to %q with %v", action, fields)
	}

	// Without the CSRF token or the submission key the form is refused,
	// and nothing changes.
	for _, drop := range []string{"_csrf", "_key"} {
		partial := url.Values{}
		for k, v := range fields {
			if k != drop {
				partial[k] = v
			}
		}
		if res, _ := c.do("POST", action, partial); res.StatusCode != http.StatusForbidden {
			t.Errorf("without %s: %d, want 403", drop, res.StatusCode)
		}
	}

	// The form sent twice at once, and once more after: one expiry, one
	// event, one audit entry, and each answer goes to the session's page.
	var wg sync.WaitGroup
	locations := make([]string, 3)
	for i := range 2 {
		wg.Go(func() {
			res, body := c.do("POST", action, fields)
			if res.StatusCode != http.StatusSeeOther {
				t.Errorf("submission %d: %d\n%.400s", i, res.StatusCode, body)
			}
			locations[i] = res.Header.Get("Location")
		})
	}
	wg.Wait()
	res, _ := c.do("POST", action, fields)
	locations[2] = res.Header.Get("Location")
	for i, loc := range locations {
		if loc != detail {
			t.Errorf("submission %d goes to %q, want %s", i, loc, detail)
		}
	}
	got, err := a.Stripe.V1CheckoutSessions.Retrieve(bg, s.ID, nil)
	if err != nil || got.Status != "expired" {
		t.Fatalf("session after expiry: %v %v", got.Status, err)
	}
	var expired int
	if err := raw.Get(&expired, `SELECT count(*) FROM events WHERE object_id = $1 AND type = 'checkout.session.expired'`, s.ID); err != nil || expired != 1 {
		t.Errorf("%d checkout.session.expired events (%v), want 1", expired, err)
	}
	if rows := auditActions(c); len(rows) != 1 || rows[0] != "checkout.session.expire "+s.ID+" "+email {
		t.Errorf("audit log %q", rows)
	}

	// An expired session offers no form; a fresh submission is refused with
	// Stripe's reason and a way back, and is not in the log.
	if c.page(detail, http.StatusOK).Find(`form[action$="/expire"]`).Length() != 0 {
		t.Error("an expired session still offers to expire")
	}
	fields.Set("_key", "another-submission")
	res, body := c.do("POST", action, fields)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if res.StatusCode != http.StatusBadRequest || doc.Find(`[data-testid="dashboard-error-back"]`).AttrOr("href", "") != detail ||
		!strings.Contains(doc.Find(`[data-testid="dashboard-error-message"]`).Text(), "open") {
		t.Errorf("expiring an expired session: %d\n%.600s", res.StatusCode, body)
	}

	// Another account's session is not found, and stays open.
	fields.Set("_key", "theirs")
	if res, _ := c.do("POST", "/dashboard/checkout/sessions/"+theirs.ID+"/expire", fields); res.StatusCode != http.StatusNotFound {
		t.Errorf("expiring another account's session: %d, want 404", res.StatusCode)
	}
	if other, _ := b.Stripe.V1CheckoutSessions.Retrieve(bg, theirs.ID, nil); other.Status != "open" {
		t.Errorf("the other account's session is %s", other.Status)
	}
	if rows := auditActions(c); len(rows) != 1 {
		t.Errorf("audit log after refusals %q", rows)
	}
}

package dashboard

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"slices"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// An action is a change a dashboard form asks for: its audit log name (an
// object type and a verb, "refund.create"), the object it is done to, and
// do, which makes the change through the same code as the API with ctx
// (which carries the action's transaction) and returns where the browser
// goes next.
type action struct {
	name     string
	objectID string
	// back is the page the form is on, which a refused change links back to.
	back string
	do   func(ctx context.Context, ev till.EventSource) (next string, err error)
	// made, for a change that creates its object, is where do puts the
	// new object's id, which the audit log names then.
	made *string
}

// submitKeyField is the hidden field that makes each rendering of a form
// one submission: its value is the Idempotency-Key the action runs under.
const submitKeyField = "_key"

// act runs an action once per rendering of its form, as the API runs a
// POST once per Idempotency-Key: the change, the audit log's entry and the
// answer (the redirect) commit in one transaction, so a second submission
// of the same form (a double click, a reload of the answer, a retry after
// a lost connection) waits for the first and gets its redirect, and
// changes nothing twice. A failed change commits nothing and may be
// submitted again.
func (h *Handler) act(c *fiber.Ctx, a action) error {
	s := signedIn(c)
	key := c.FormValue(submitKeyField)
	if key == "" {
		return &till.Error{Kind: till.KindForbidden, Message: "This form is out of date. Go back, reload the page and try again."}
	}
	rid := h.requestID(c)
	req := till.IdempotencyRequest{AccountID: s.AccountID, Key: "dashboard/" + key, Method: c.Method(), Path: c.Path(),
		Fingerprint: formFingerprint(c), RequestID: rid, Wait: true}
	tx, stored, err := h.store.BeginIdempotent(c.UserContext(), req)
	if err != nil {
		return err
	}
	if stored != nil {
		return c.Redirect(string(stored.Body), fiber.StatusSeeOther)
	}
	defer tx.Rollback()
	ctx := tx.Context(c.UserContext())
	next, err := a.do(ctx, till.EventSource{RequestID: rid, IdempotencyKey: key})
	if err != nil && till.ErrorKindOf(err) != till.KindInternal && till.ErrorKindOf(err) != till.KindUnavailable {
		return h.renderError(c, err, a.back)
	} else if err != nil {
		return err
	}
	object := a.objectID
	if a.made != nil {
		object = *a.made
	}
	err = h.store.RecordAudit(ctx, till.AuditEntry{AccountID: s.AccountID, UserID: s.UserID, Email: s.Email,
		Action: a.name, ObjectID: object, RequestID: rid, Created: h.store.Now()})
	if err != nil {
		return err
	}
	if err := tx.Commit(fiber.StatusSeeOther, []byte(next)); err != nil {
		return err
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

// formFingerprint is a digest of a form's fields but its CSRF token, which
// tells a resubmission of the same form from another use of its key.
func formFingerprint(c *fiber.Ctx) string {
	var pairs []string
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if string(k) != "_csrf" {
			pairs = append(pairs, string(k)+"="+string(v))
		}
	})
	slices.Sort(pairs)
	h := sha256.New()
	for _, p := range pairs {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// form is what a page needs to draw a form that posts to an action: where
// it posts, the session's CSRF token, and a fresh submission key.
func (h *Handler) form(c *fiber.Ctx, path string) views.DashboardForm {
	b := make([]byte, 18)
	rand.Read(b)
	return views.DashboardForm{Action: path, CSRF: h.csrfToken(signedIn(c)), Key: base64.RawURLEncoding.EncodeToString(b)}
}

package pages

import (
	"strconv"
	"strings"
	"time"
)

// csrfTokenTTL outlives any session (24 h at most), so a token never expires
// under a shopper who is still allowed to pay.
const csrfTokenTTL = 25 * time.Hour

// formToken binds a form to its session and the time it was rendered; it
// needs no cookie, so it also works in a third-party iframe.
func (h *Handler) formToken(sessionID string) string {
	ts := strconv.FormatInt(h.store.Now(), 10)
	return ts + "." + h.store.Sign("checkout-form", sessionID+"|"+ts)
}

func (h *Handler) validToken(sessionID, token string) bool {
	ts, mac, ok := strings.Cut(token, ".")
	if !ok {
		return false
	}
	issued, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || h.store.Now()-issued > int64(csrfTokenTTL/time.Second) {
		return false
	}
	return h.store.Verify("checkout-form", sessionID+"|"+ts, mac)
}

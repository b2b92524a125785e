package dashboard

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"till"
)

// A change that makes a secret (a new API key, a webhook endpoint's
// signing secret) shows it once, on the page its answer sends the browser
// to, and nowhere after: the change keeps the secret sealed in its own
// transaction and sends the browser to the page with a token (?reveal=),
// which that page's first view takes. A double submission's answer is the
// first one's, so the one page the browser shows gets the one token; a
// reload, or another user with the address, finds nothing.

// revealParam is the query parameter that carries a reveal's token.
const revealParam = "reveal"

// revealOn keeps a secret of the object for the signed-in user's next page
// and returns that page's address, path with the token.
func (h *Handler) revealOn(ctx context.Context, s *till.DashboardSession, objectID, secret, path string) (string, error) {
	token, err := h.store.CreateReveal(ctx, s.AccountID, s.UserID, objectID, secret)
	if err != nil {
		return "", err
	}
	return path + "?" + revealParam + "=" + token, nil
}

// revealed is the secret of the object the request's token reveals, taken
// so that no later page shows it; asked reports whether the request
// carried a token at all (one that reveals nothing: shown already).
func (h *Handler) revealed(c *fiber.Ctx, objectID string) (secret string, asked bool, err error) {
	token := c.Query(revealParam)
	if token == "" {
		return "", false, nil
	}
	s := signedIn(c)
	r, err := h.store.TakeReveal(c.UserContext(), s.AccountID, s.UserID, token)
	if till.ErrorKindOf(err) == till.KindNotFound {
		return "", true, nil
	}
	if err != nil {
		return "", true, err
	}
	if r.ObjectID != objectID {
		return "", true, nil
	}
	return r.Secret, true, nil
}

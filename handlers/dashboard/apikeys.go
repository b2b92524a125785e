package dashboard

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// APIKeys handles "GET /dashboard/apikeys": the account's publishable key
// in full, its secret keys masked (sk_test_…abcd) with when each was made,
// last used and, once rolled, expires; right after a create or a roll, the
// new secret key, once.
func (h *Handler) APIKeys(c *fiber.Ctx) error {
	s := signedIn(c)
	keys, err := h.store.ListAPIKeys(c.UserContext(), s.AccountID)
	if err != nil {
		return err
	}
	vm := views.DashboardAPIKeys{Frame: h.frame(c, "developers", "API keys"), Create: h.form(c, apiKeysPath)}
	if token := c.Query(revealParam); token != "" {
		r, err := h.store.TakeReveal(c.UserContext(), s.AccountID, s.UserID, token)
		switch {
		case till.ErrorKindOf(err) == till.KindNotFound:
			vm.RevealGone = true
		case err != nil:
			return err
		default:
			vm.Revealed = &views.DashboardRevealedKey{Key: r.Secret}
			for _, k := range keys {
				if k.ID == r.ObjectID {
					vm.Revealed.Name = k.Name
				}
			}
		}
	}
	for _, d := range till.APIKeyRollExpiries {
		vm.Expiries = append(vm.Expiries, durationOption(d, d == time.Hour))
	}
	for _, k := range keys {
		row := views.DashboardAPIKeyRow{ID: k.ID, Name: k.Name, Key: k.Redacted(), Created: formatTime(k.Created),
			LastUsed: optionalTime(k.LastUsed), Expires: optionalTime(k.ExpiresAt)}
		if row.LastUsed == "" {
			row.LastUsed = "Never"
		}
		if k.Kind == till.KeyPublishable {
			vm.Publishable = append(vm.Publishable, row)
			continue
		}
		if k.ExpiresAt == nil {
			f := h.form(c, apiKeysPath+"/"+k.ID+"/roll")
			row.Roll = &f
		}
		vm.Secret = append(vm.Secret, row)
	}
	return render(c, http.StatusOK, views.DashboardAPIKeysPage(vm))
}

// APIKeyCreate handles "POST /dashboard/apikeys": a new secret key of the
// account with the form's name; only its digest is kept, and the keys'
// page then shows it, once.
func (h *Handler) APIKeyCreate(c *fiber.Ctx) error {
	s := signedIn(c)
	name := c.FormValue("name")
	var made string
	return h.act(c, action{name: "api_key.create", back: apiKeysPath, made: &made,
		do: func(ctx context.Context, _ till.EventSource) (string, error) {
			k, key, err := till.NewSecretAPIKey(caller(s).Livemode, name, h.store.Now())
			if err != nil {
				return "", err
			}
			if err := h.store.CreateAPIKey(ctx, s.AccountID, k, key); err != nil {
				return "", err
			}
			made = k.ID
			return h.revealOn(ctx, s, k.ID, key, apiKeysPath)
		}})
}

// APIKeyRoll handles "POST /dashboard/apikeys/:id/roll": the secret key
// replaced by a new one under its name, which the keys' page then shows
// once; the old key keeps authenticating for the form's expires_in seconds
// (now, an hour, a day or a week) by the store's clock, then never again.
func (h *Handler) APIKeyRoll(c *fiber.Ctx) error {
	s, id := signedIn(c), c.Params("id")
	seconds, err := strconv.ParseInt(c.FormValue("expires_in"), 10, 64)
	if err != nil {
		return h.renderError(c, till.Invalid(till.CodeInvalidRequest, "expires_in", "Choose when the old key stops working."), apiKeysPath)
	}
	wait := time.Duration(seconds) * time.Second
	return h.act(c, action{name: "api_key.roll", objectID: id, back: apiKeysPath,
		do: func(ctx context.Context, _ till.EventSource) (string, error) {
			next, key, err := h.store.RollAPIKey(ctx, s.AccountID, id, func(old *till.APIKey) (*till.APIKey, string, error) {
				return till.RollSecretAPIKey(old, wait, h.store.Now())
			})
			if err != nil {
				return "", err
			}
			return h.revealOn(ctx, s, next.ID, key, apiKeysPath)
		}})
}

package api

import (
	"github.com/gofiber/fiber/v2"

	"till"
)

// renderSession renders a session with its expansions.
func (h *Handler) renderSession(c *fiber.Ctx, r request, s *till.Session, exp expansions) error {
	o := h.sessionJSON(s, r.info.APIVersion)
	if err := h.expandSession(r, o, s, exp); err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, o)
}

// SessionCreate handles "POST /v1/checkout/sessions".
func (h *Handler) SessionCreate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.CreateSessionParams
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, sessionExpandable...)
	if err != nil {
		return err
	}
	if err := till.CheckCreateSession(&p, r.info.APIVersion, h.store.Now()); err != nil {
		return err
	}
	// The session is rendered before it is written, so that the response
	// can be recorded for the Idempotency-Key in the same statement.
	_, body, replay, err := h.store.CreateSession(r.ctx, r.info.Caller, &p, r.info.APIVersion, r.idempotency(c),
		func(s *till.Session) ([]byte, error) {
			o := h.sessionJSON(s, r.info.APIVersion)
			if err := h.expandSession(r, o, s, exp); err != nil {
				return nil, err
			}
			return marshal(o)
		})
	if err != nil {
		return err
	}
	if replay != nil {
		return WriteReplay(c, replay)
	}
	h.metrics.SessionCreated()
	return writeBody(c, fiber.StatusOK, body)
}

// retrieveParams are the parameters every retrieve takes.
type retrieveParams struct {
	Expand []string `form:"expand"`
}

// decodeRetrieve decodes a retrieve's parameters and checks its expand[]
// against the fields the object can expand.
func decodeRetrieve(c *fiber.Ctx, expandable ...string) (expansions, error) {
	var p retrieveParams
	if err := decode(c, &p); err != nil {
		return nil, err
	}
	return parseExpand(p.Expand, false, expandable...)
}

// SessionRetrieve handles "GET /v1/checkout/sessions/:id".
func (h *Handler) SessionRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)
	exp, err := decodeRetrieve(c, sessionExpandable...)
	if err != nil {
		return err
	}
	s, err := h.store.FindSession(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	return h.renderSession(c, r, s, exp)
}

type sessionListParams struct {
	till.ListParams
	Status          *string `form:"status"`
	Customer        *string `form:"customer"`
	PaymentIntent   *string `form:"payment_intent"`
	CustomerDetails *struct {
		Email *string `form:"email"`
	} `form:"customer_details"`
	PaymentLink  *string `form:"payment_link"`
	Subscription *string `form:"subscription"`
}

// SessionList handles "GET /v1/checkout/sessions".
func (h *Handler) SessionList(c *fiber.Ctx) error {
	r := newRequest(c)
	var p sessionListParams
	page, exp, err := decodeList(c, &p, &p.ListParams, sessionExpandable...)
	if err != nil {
		return err
	}
	if p.Status != nil && *p.Status != till.SessionOpen && *p.Status != till.SessionComplete && *p.Status != till.SessionExpired {
		return till.Invalid(till.CodeInvalidRequest, "status", "Invalid status: must be one of open, complete or expired")
	}
	if p.CustomerDetails != nil || p.PaymentLink != nil || p.Subscription != nil {
		// Till has no payment links or subscriptions, and does not index
		// customer_details; answering an empty list would mislead.
		return till.Invalid(till.CodeInvalidRequest, "customer_details", "Till does not filter sessions by customer_details, payment_link or subscription.")
	}
	sessions, more, err := h.store.ListSessions(r.ctx, r.info.Caller,
		till.SessionFilter{Status: p.Status, CustomerID: p.Customer, PaymentIntentID: p.PaymentIntent}, page)
	if err != nil {
		return err
	}
	data := make([]*sessionObject, len(sessions))
	for i, s := range sessions {
		data[i] = h.sessionJSON(s, r.info.APIVersion)
		if err := h.expandSession(r, data[i], s, exp); err != nil {
			return err
		}
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/checkout/sessions", data, more))
}

type sessionUpdateParams struct {
	Metadata map[string]string `form:"metadata"`
	Expand   []string          `form:"expand"`
}

// SessionUpdate handles "POST /v1/checkout/sessions/:id".
func (h *Handler) SessionUpdate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p sessionUpdateParams
	if err := decode(c, &p); err != nil {
		return err
	}
	exp, err := parseExpand(p.Expand, false, sessionExpandable...)
	if err != nil {
		return err
	}
	clear := p.Metadata != nil && len(p.Metadata) == 0
	s, err := h.store.UpdateSessionMetadata(r.ctx, r.accountID(), c.Params("id"), p.Metadata, clear)
	if err != nil {
		return err
	}
	return h.renderSession(c, r, s, exp)
}

// SessionExpire handles "POST /v1/checkout/sessions/:id/expire".
func (h *Handler) SessionExpire(c *fiber.Ctx) error {
	r := newRequest(c)
	exp, err := decodeRetrieve(c, sessionExpandable...)
	if err != nil {
		return err
	}
	s, err := h.store.ExpireSession(r.ctx, r.accountID(), c.Params("id"), r.eventSource(), h.EventRenderers())
	if err != nil {
		return err
	}
	h.metrics.SessionExpired()
	return h.renderSession(c, r, s, exp)
}

// SessionLineItems handles "GET /v1/checkout/sessions/:id/line_items".
func (h *Handler) SessionLineItems(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.ListParams
	page, _, err := decodeList(c, &p, &p)
	if err != nil {
		return err
	}
	s, err := h.store.FindSession(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	items, more, err := h.store.ListLineItems(r.ctx, s.ID, page)
	if err != nil {
		return err
	}
	data := make([]*lineItemObject, len(items))
	for i := range items {
		data[i] = lineItemJSON(&items[i])
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/checkout/sessions/"+s.ID+"/line_items", data, more))
}

// decodeList decodes a list request. Stripe's `created` filter is either a
// scalar (created=N) or a hash (created[gte]=N); the scalar form is read here
// because one Go field cannot be both.
func decodeList(c *fiber.Ctx, dst any, lp *till.ListParams, expandable ...string) (till.Page, expansions, error) {
	vals, err := ParseParams(c)
	if err != nil {
		return till.Page{}, nil, err
	}
	created, hasScalar := vals.Get("created")
	if hasScalar {
		vals = vals.Without("created")
	}
	if err := decodeValues(vals, dst); err != nil {
		return till.Page{}, nil, err
	}
	if hasScalar {
		n, err := parseInt("created", created)
		if err != nil {
			return till.Page{}, nil, err
		}
		if lp.Created == nil {
			lp.Created = &till.Range{}
		}
		lp.Created.Eq = &n
	}
	exp, err := parseExpand(lp.Expand, true, expandable...)
	if err != nil {
		return till.Page{}, nil, err
	}
	page, err := lp.CheckPage()
	return page, exp, err
}

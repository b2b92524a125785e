package api

import (
	"github.com/gofiber/fiber/v2"

	"till"
)

// CustomerCreate handles "POST /v1/customers".
func (h *Handler) CustomerCreate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.CustomerParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	cust := &till.Customer{ID: till.NewCustomerID(), AccountID: r.accountID(), Livemode: r.info.Caller.Livemode,
		Metadata: map[string]string{}, Created: h.store.Now()}
	if err := till.ApplyCustomer(cust, &p); err != nil {
		return err
	}
	err := h.store.CreateCustomer(r.ctx, cust, r.eventSource(), func(c *till.Customer) ([]byte, error) {
		return eventJSON(customerJSON(c))
	})
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, customerJSON(cust))
}

// CustomerRetrieve handles "GET /v1/customers/:id".
func (h *Handler) CustomerRetrieve(c *fiber.Ctx) error {
	r := newRequest(c)
	if _, err := decodeRetrieve(c); err != nil {
		return err
	}
	cust, err := h.store.FindCustomer(r.ctx, r.accountID(), c.Params("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, customerJSON(cust))
}

// CustomerUpdate handles "POST /v1/customers/:id".
func (h *Handler) CustomerUpdate(c *fiber.Ctx) error {
	r := newRequest(c)
	var p till.CustomerParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if _, err := parseExpand(p.Expand, false); err != nil {
		return err
	}
	cust, err := h.store.UpdateCustomer(r.ctx, r.accountID(), c.Params("id"), func(cust *till.Customer) error {
		return till.ApplyCustomer(cust, &p)
	})
	if err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, customerJSON(cust))
}

// CustomerDelete handles "DELETE /v1/customers/:id".
func (h *Handler) CustomerDelete(c *fiber.Ctx) error {
	r := newRequest(c)
	// Delete takes no parameters; decoding into an empty struct answers
	// any that were sent as unknown, as Stripe does.
	var p struct{}
	if err := decode(c, &p); err != nil {
		return err
	}
	id := c.Params("id")
	if err := h.store.DeleteCustomer(r.ctx, r.accountID(), id); err != nil {
		return err
	}
	return writeJSON(c, fiber.StatusOK, &deletedObject{ID: id, Object: "customer", Deleted: true})
}

type customerListParams struct {
	till.ListParams
	Email *string `form:"email"`
}

// CustomerList handles "GET /v1/customers".
func (h *Handler) CustomerList(c *fiber.Ctx) error {
	r := newRequest(c)
	var p customerListParams
	page, _, err := decodeList(c, &p, &p.ListParams)
	if err != nil {
		return err
	}
	customers, more, err := h.store.ListCustomers(r.ctx, r.info.Caller, p.Email, page)
	if err != nil {
		return err
	}
	data := make([]any, len(customers))
	for i, cust := range customers {
		data[i] = customerJSON(cust)
	}
	return writeJSON(c, fiber.StatusOK, newList("/v1/customers", data, more))
}

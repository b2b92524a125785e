package till

// SessionFilter narrows a session list to the sessions that match every
// field that is set.
type SessionFilter struct {
	Status          *string
	CustomerID      *string
	PaymentIntentID *string
}

// PriceFilter narrows a price list to the prices that match every field
// that is set.
type PriceFilter struct {
	Active    *bool
	Currency  *string
	ProductID *string
}

// EventFilter narrows an event list: TypePattern is a LIKE pattern, Types a
// set of exact types; DeliverySuccess true keeps the events every webhook
// endpoint has received, false those still pending or failed at one.
type EventFilter struct {
	TypePattern     *string
	Types           []string
	DeliverySuccess *bool
	// ObjectID keeps one object's events: the dashboard's search.
	ObjectID *string
}

// PromotionCodeFilter selects the promotion codes a list shows.
type PromotionCodeFilter struct {
	Active   *bool   `form:"active"`
	Code     *string `form:"code"`
	Coupon   *string `form:"coupon"`
	Customer *string `form:"customer"`
}

// DashboardSessionFilter narrows the dashboard's list of sessions: a status,
// a created range (unix seconds, inclusive), and a search, which is an exact
// session id (cs_…), or the shopper's email or client_reference_id.
type DashboardSessionFilter struct {
	Status     *string
	CreatedGte *int64
	CreatedLte *int64
	Search     string
}

// DashboardPaymentFilter narrows the dashboard's list of payments: a status
// of DashboardPaymentStatuses, a customer, and a search, which is a
// PaymentIntent's or a charge's id, or the shopper's email or the
// client_reference_id of the Checkout Session a payment came from.
type DashboardPaymentFilter struct {
	Status     *string
	CustomerID *string
	Search     string
}

// DashboardProductFilter narrows the dashboard's list of products: active
// or archived ones (nil: both), and a search, which is a product's exact id
// or a part of its name, whatever its case.
type DashboardProductFilter struct {
	Active *bool
	Search string
}

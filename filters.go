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

package dashboard

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"till/handlers/api/stripeform"
)

// apiParams decodes fields of a form into dst (the domain's parameters of
// an API call, such as till.ProductParams) as the API decodes a request's:
// the same names, types and refusals (an empty name is Stripe's
// parameter_invalid_empty), so a change made from a form is checked exactly
// as the API checks it.
func apiParams(dst any, fields url.Values) error {
	vals, err := stripeform.Parse([]byte(fields.Encode()), stripeform.DefaultLimits)
	if err != nil {
		return err
	}
	return stripeform.Decode(vals, dst)
}

// posted is the named fields a form post sent: what a change is made from,
// and what its form is filled in with again when the change is refused.
func posted(c *fiber.Ctx, names ...string) url.Values {
	return named(c.Request().PostArgs(), names)
}

// refill is the named fields of a form that a refused change's page sent
// back in the query (see posted), and whether there were any: a form shows
// them instead of what is stored.
func refill(c *fiber.Ctx, names ...string) (url.Values, bool) {
	v := named(c.Request().URI().QueryArgs(), names)
	return v, len(v) > 0
}

// named is the arguments of a query or body that have one of the names.
func named(args interface {
	Has(string) bool
	Peek(string) []byte
}, names []string) url.Values {
	v := url.Values{}
	for _, n := range names {
		if args.Has(n) {
			v.Set(n, string(args.Peek(n)))
		}
	}
	return v
}

// withQuery is path with the fields as its query: the address of a form
// filled in with them.
func withQuery(path string, fields url.Values) string {
	if len(fields) == 0 {
		return path
	}
	return path + "?" + fields.Encode()
}

package stripeform

// Without returns the values less every pair whose key is exactly key. The
// API uses it for parameters that are either a scalar or a hash (Stripe's
// created=N and created[gte]=N), which it reads itself.
func (v Values) Without(key string) Values {
	out := Values{lim: v.lim}
	for _, p := range v.pairs {
		if p.key != key {
			out.pairs = append(out.pairs, p)
		}
	}
	return out
}

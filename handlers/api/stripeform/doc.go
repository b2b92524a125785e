// Package stripeform decodes request parameters in Stripe's form encoding:
// application/x-www-form-urlencoded bodies (and query strings) whose keys use
// brackets for nesting, as sent by stripe-go, stripe-node and curl:
//
//	line_items[0][price_data][product_data][name]=T-shirt&metadata[order]=42&expand[]=payment_intent
//
// The generic decoders either lose part of such a body (maps, slices of
// structs) or silently ignore what they do not understand, while Stripe
// rejects unknown, malformed or oversized parameters with a 400. Till must
// answer like Stripe, so decoding is strict and happens in two steps:
//
//   - Parse turns raw bytes into Values. It enforces the size limits before
//     building anything large, percent-decodes keys and values, checks UTF-8,
//     and rewrites append-style keys (expand[]) to explicit indices with
//     Rack's semantics, so every later step sees one normalized form.
//   - Decode walks the Values against a params struct tagged `form:"name"`
//     and fills it. Every key must resolve through the tags; arrays must be
//     dense from index 0; scalars must parse and may not be empty or
//     repeated. Violations come back as *till.Error values that name the
//     offending parameter in bracket notation, with Stripe's wording where
//     Stripe's wording is known.
//
// Values also has a canonical encoding and a Fingerprint of it, so two
// requests carrying the same parameters in a different order compare equal
// (Idempotency-Key reuse checks).
//
// Nothing here panics on any input, and no input can make it allocate more
// than a small multiple of the body size: an index such as
// line_items[99999999] is rejected before any slice is made.
package stripeform

// Package till is the domain of Till, a self-hosted checkout that speaks
// Stripe's Checkout Sessions API: the objects a checkout touches (sessions,
// line items, prices, products, customers, payment intents, events), the
// session state machine, Stripe's money rules and ID formats, and the one
// error type every layer returns. It does no I/O: storage lives in package db,
// HTTP in packages web and handlers.
package till

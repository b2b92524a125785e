// Package worker is Till's background work inside `till serve`: it delivers
// the events of the outbox to webhook endpoints, and expires open sessions
// whose expires_at has passed.
//
// It is a package of its own because this work is neither HTTP serving nor
// storage. Package web and the handlers answer requests; package db only
// reads and writes rows. The worker drives the store on its own clock,
// makes outbound HTTP calls to merchants' servers (behind an SSRF guard), and
// must stop cleanly when the server shuts down. It depends on the store
// through a small interface and on the API's object shapes through render
// functions passed in, so it imports neither the handlers nor the web layer.
package worker

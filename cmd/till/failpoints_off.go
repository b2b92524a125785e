//go:build !failpoints

package main

import (
	"errors"

	"till"
)

// loadFaults is the production build's: it has no failpoints, so a
// TILL_FAILPOINTS left in a deployment's environment stops start-up
// rather than being silently ignored.
func loadFaults(getenv func(string) string) (till.Faults, error) {
	if getenv("TILL_FAILPOINTS") != "" {
		return nil, errors.New("TILL_FAILPOINTS is set, but failpoints exist only in test builds (go build -tags failpoints): unset it")
	}
	return nil, nil
}

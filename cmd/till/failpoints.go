//go:build failpoints

package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"till"
)

// This file is compiled into test builds only (go build -tags failpoints):
// a production binary cannot be told to stop in the middle of a payment.

// failpointPoints are the points TILL_FAILPOINTS may name.
var failpointPoints = []string{till.FaultPaymentClaimed, till.FaultPaymentAuthorized,
	till.FaultPaymentCommitted, till.FaultDeliveryPosted}

// loadFaults parses TILL_FAILPOINTS, comma-separated POINT=ACTION pairs
// (payment-committed=pause,delivery-posted=pause), into the Faults the
// serve wiring hands to the payment path and the deliverer; nil when unset.
// The one action, pause, is what a kill -9 test needs: the process stops
// exactly there and says so, and stays stopped until it is killed.
func loadFaults(getenv func(string) string) (till.Faults, error) {
	v := getenv("TILL_FAILPOINTS")
	if v == "" {
		return nil, nil
	}
	paused := pausePoints{}
	for _, pair := range strings.Split(v, ",") {
		point, action, _ := strings.Cut(strings.TrimSpace(pair), "=")
		if !slices.Contains(failpointPoints, point) {
			return nil, fmt.Errorf("TILL_FAILPOINTS: unknown point %q (known: %s)", point, strings.Join(failpointPoints, ", "))
		}
		if action != "pause" {
			return nil, fmt.Errorf("TILL_FAILPOINTS: %s=%q: the only action is pause", point, action)
		}
		paused[point] = true
	}
	return paused, nil
}

// pausePoints blocks every caller that reaches one of its points forever,
// after one line on stderr, which the test waits for before it kills the
// process.
type pausePoints map[string]bool

func (p pausePoints) Reach(point string) {
	if !p[point] {
		return
	}
	fmt.Fprintf(os.Stderr, "failpoint %s reached\n", point)
	select {}
}

//go:build !failpoints

package main

import (
	"strings"
	"testing"
)

// TestConfigRefusesFailpoints: a production build refuses TILL_FAILPOINTS
// with one line naming it, rather than ignoring a setting meant to stop
// payments half-way.
func TestConfigRefusesFailpoints(t *testing.T) {
	_, err := loadConfig(env(map[string]string{"TILL_FAILPOINTS": "payment-committed=pause"}))
	if err == nil {
		t.Fatal("TILL_FAILPOINTS accepted by a build without failpoints")
	}
	if lines := strings.Split(err.Error(), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], "TILL_FAILPOINTS ") {
		t.Errorf("error = %q, want one line about TILL_FAILPOINTS", err)
	}
	if cfg, err := loadConfig(env(nil)); err != nil || cfg.Faults != nil {
		t.Errorf("without TILL_FAILPOINTS: faults %v, %v; want none", cfg.Faults, err)
	}
}

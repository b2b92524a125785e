package main

import (
	"slices"
	"strings"
	"testing"
)

// TestConfigTrustedProxies: CIDR ranges and single addresses are taken,
// and each bad entry gets a line of its own naming it.
func TestConfigTrustedProxies(t *testing.T) {
	cfg, err := loadConfig(env(map[string]string{"TILL_TRUSTED_PROXIES": " 10.0.0.0/8, 192.168.1.7 ,::1,fd00::/8,"}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range cfg.TrustedProxies {
		got = append(got, p.String())
	}
	if want := []string{"10.0.0.0/8", "192.168.1.7/32", "::1/128", "fd00::/8"}; !slices.Equal(got, want) {
		t.Errorf("trusted proxies = %v, want %v", got, want)
	}
	if cfg, err := loadConfig(env(nil)); err != nil || cfg.TrustedProxies != nil {
		t.Errorf("default = %v, %v; want none", cfg.TrustedProxies, err)
	}

	_, err = loadConfig(env(map[string]string{"TILL_TRUSTED_PROXIES": "10.0.0.0/33,proxy.internal,10.1.2.3/8,fe80::1%eth0"}))
	if err == nil {
		t.Fatal("bad entries accepted")
	}
	lines := strings.Split(err.Error(), "\n")
	for _, bad := range []string{"10.0.0.0/33", "proxy.internal", "fe80::1%eth0"} {
		n := 0
		for _, l := range lines {
			if strings.HasPrefix(l, "TILL_TRUSTED_PROXIES: ") && strings.Contains(l, `"`+bad+`"`) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%q named on %d lines, want 1:\n%s", bad, n, err)
		}
	}
	if strings.Contains(err.Error(), "10.1.2.3") {
		t.Errorf("a valid (if unmasked) range reported: %s", err)
	}
}

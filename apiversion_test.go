package till

import (
	"slices"
	"testing"
)

func TestKnownAPIVersion(t *testing.T) {
	for _, tc := range []struct {
		version string
		want    bool
	}{
		{"2020-08-27", true}, {"2024-06-20", true}, {DefaultAPIVersion, true}, {"2025-12-15.clover", true},
		{"2026-03-25.dahlia", true}, {"2099-01-01.zzz", false}, {"2025-08-27", false}, {"basil", false},
		{"2019-2-19", false}, {"", false},
	} {
		if got := KnownAPIVersion(tc.version); got != tc.want {
			t.Errorf("KnownAPIVersion(%q) = %v, want %v", tc.version, got, tc.want)
		}
	}
	if !slices.IsSorted(apiVersions) || len(slices.Compact(slices.Clone(apiVersions))) != len(apiVersions) {
		t.Error("apiVersions is not oldest first without repeats")
	}
}

func TestAccountAPIVersion(t *testing.T) {
	if got := AccountAPIVersion(""); got != DefaultAPIVersion {
		t.Errorf("unpinned = %q, want %q", got, DefaultAPIVersion)
	}
	if got := AccountAPIVersion("2025-12-15.clover"); got != "2025-12-15.clover" {
		t.Errorf("pinned = %q", got)
	}
}

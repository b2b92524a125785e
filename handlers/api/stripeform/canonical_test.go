package stripeform

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"SortsKeys", "mode=payment&cancel_url=x", "cancel_url=x&mode=payment"},
		{"KeepsArrayOrder", "a[10]=x&a[2]=y&a[k]=z&b=2", "a[2]=y&a[10]=x&a[k]=z&b=2"},
		{"ParentBeforeChild", "a[b]=1&a=2", "a=2&a[b]=1"},
		{"EscapesLikeStripeGo", "metadata[a%20b]=c%26d&success_url=https://ex.com/s?id={X}",
			"metadata[a+b]=c%26d&success_url=https%3A%2F%2Fex.com%2Fs%3Fid%3D%7BX%7D"},
		{"ExplicitIndices", "expand[]=b&expand[]=a", "expand[0]=b&expand[1]=a"},
		{"DuplicatesByValue", "a=2&a=1", "a=1&a=2"},
		{"Empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustParse(t, tt.body).Canonical(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCanonicalStripeGoIsIdentity(t *testing.T) {
	// stripe-go already sends sorted keys with the same escaping, so its
	// body is its own canonical form.
	if got := mustParse(t, stripeGoBody).Canonical(); got != stripeGoBody {
		t.Errorf("got  %s\nwant %s", got, stripeGoBody)
	}
}

// shuffleBody reorders the '&'-separated pairs of body.
func shuffleBody(body string, seed uint64) string {
	parts := strings.Split(body, "&")
	r := rand.New(rand.NewPCG(seed, 1))
	r.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
	return strings.Join(parts, "&")
}

func TestFingerprint(t *testing.T) {
	base := mustParse(t, stripeGoBody).Fingerprint()
	if ok, _ := regexp.MatchString(`^[0-9a-f]{64}$`, base); !ok {
		t.Fatalf("got %q, want 64 hex digits", base)
	}
	same := []struct {
		name string
		body string
	}{
		{"Shuffled1", shuffleBody(stripeGoBody, 1)},
		{"Shuffled2", shuffleBody(stripeGoBody, 2)},
		{"Reversed", func() string {
			p := strings.Split(stripeGoBody, "&")
			slices.Reverse(p)
			return strings.Join(p, "&")
		}()},
		{"EncodedBrackets", strings.NewReplacer("[", "%5B", "]", "%5D").Replace(stripeGoBody)},
		{"Percent20", strings.ReplaceAll(stripeGoBody, "+", "%20")},
		{"Appends", strings.NewReplacer("expand[0]", "expand[]", "expand[1]", "expand[]").Replace(stripeGoBody)},
	}
	for _, tt := range same {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustParse(t, tt.body).Fingerprint(); got != base {
				t.Errorf("got %s, want %s", got, base)
			}
		})
	}
	differ := []struct {
		name string
		body string
	}{
		{"ArrayOrder", strings.NewReplacer("expand[0]", "expand[1]", "expand[1]", "expand[0]").Replace(stripeGoBody)},
		{"Value", strings.Replace(stripeGoBody, "mode=payment", "mode=setup", 1)},
		{"ExtraParam", stripeGoBody + "&customer_email=a%40b.c"},
		{"EmptyVsAbsent", stripeGoBody + "&metadata[x]="},
	}
	for _, tt := range differ {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustParse(t, tt.body).Fingerprint(); got == base {
				t.Errorf("got the base fingerprint for a different request")
			}
		})
	}
	// Pairs that only join differently must not collide.
	if a, b := mustParse(t, "a=b&c=d").Fingerprint(), mustParse(t, "a=b%26c%3Dd").Fingerprint(); a == b {
		t.Error("a=b&c=d and a=\"b&c=d\" share a fingerprint")
	}
}

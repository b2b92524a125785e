package stripeform

import (
	"hash/fnv"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// fuzzLimits are tighter than the defaults so the fuzzer reaches every limit
// with short inputs.
var fuzzLimits = Limits{MaxBytes: 8 << 10, MaxFields: 200, MaxDepth: 6, MaxArrayLen: 16, MaxKeyLen: 200, MaxValueLen: 2000}

var fuzzSeeds = []string{
	stripeGoBody,
	stripeNodeBody,
	"mode=payment&expand[]=line_items&expand[]=payment_intent&line_items[][price]=p&line_items[][quantity]=1",
	"a[][x]=1&a[][y]=2&a[][x]=3",
	"line_items%5B0%5D%5Bprice%5D=p&metadata%5Ba%20b%5D=c",
	"metadata=&payment_method_types=&client_reference_id=",
	"metadata[k]=&metadata[]=x",
	"line_items[99999999][quantity]=1",
	"line_items[1][price]=a&line_items[0][price]=b&line_items[3][price]=c",
	"mode[x]=1&line_items=1",
	"mode=payment&mode=setup",
	"expires_at=1e3&allow_promotion_codes=yes&line_items[0][price_data][unit_amount_decimal]=NaN",
	"count=-1&small=256&big=1&ratio=.5e-3&flag=false&labels[a]=b&amounts[]=1&matrix[][]=x&tree[children][0][name]=n",
	"maybe=&maybe_int=&opt=&note=",
	"a[b=1&%zz=1&\x00=1&\xff=1",
	"",
}

func FuzzParseAndDecode(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	relaxed := fuzzLimits
	relaxed.MaxBytes *= 4 // escaping in the canonical form can triple a byte
	newDsts := []func() any{
		func() any { return new(sessionParams) },
		func() any { return new(sinkParams) },
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := Parse(body, fuzzLimits)
		if err != nil {
			checkClientError(t, err)
			return
		}

		// The canonical form parses back to the same parameters.
		fp := v.Fingerprint()
		canon := v.Canonical()
		again, err := Parse([]byte(canon), relaxed)
		if err != nil {
			t.Fatalf("canonical %q of %q does not parse: %v", canon, body, err)
		}
		if got := again.Canonical(); got != canon {
			t.Fatalf("canonical not stable:\n got %q\nwant %q", got, canon)
		}
		if got := again.Fingerprint(); got != fp {
			t.Fatalf("fingerprint of canonical %q: got %s, want %s", canon, got, fp)
		}

		// Reordering the normalized pairs changes nothing, in memory or on
		// the wire.
		h := fnv.New64a()
		h.Write(body)
		shuffled := slices.Clone(v.pairs)
		rand.New(rand.NewPCG(h.Sum64(), 7)).Shuffle(len(shuffled), func(i, j int) {
			shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
		})
		shuffledValues := Values{pairs: shuffled, lim: v.lim}
		if got := shuffledValues.Fingerprint(); got != fp {
			t.Fatalf("fingerprint changed when shuffling %q", body)
		}
		wire := encodePairs(shuffled)
		reparsed, err := Parse([]byte(wire), relaxed)
		if err != nil {
			t.Fatalf("shuffled encoding %q does not parse: %v", wire, err)
		}
		if got := reparsed.Fingerprint(); got != fp {
			t.Fatalf("fingerprint of shuffled encoding %q: got %s, want %s", wire, got, fp)
		}

		// Decoding either fails with a client error or succeeds, and then
		// the canonical and shuffled forms decode to the same params.
		for _, newDst := range newDsts {
			dst := newDst()
			if err := Decode(v, dst); err != nil {
				checkClientError(t, err)
				continue
			}
			for _, other := range []Values{again, shuffledValues, reparsed} {
				got := newDst()
				if err := Decode(other, got); err != nil {
					t.Fatalf("%q decodes but its reordering %q does not: %v", body, other.Canonical(), err)
				}
				if !reflect.DeepEqual(got, dst) {
					t.Fatalf("reordering %q decodes differently:\n got %s\nwant %s", body, show(got), show(dst))
				}
			}
		}
	})
}

package stripeform

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"testing"

	"till"
)

// bytesPerRun returns the average heap bytes allocated by one call of f.
func bytesPerRun(runs int, f func()) uint64 {
	f() // warm up caches such as the struct plans
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(runs)
}

// countingReader yields n bytes of 'a' and counts what was read.
type countingReader struct {
	left, read int
}

func (r *countingReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), r.left)
	for i := range p[:n] {
		p[i] = 'a'
	}
	r.left -= n
	r.read += n
	return n, nil
}

// Every hostile input below must be refused with little work and memory,
// whatever its size.
func TestLimitsAreCheap(t *testing.T) {
	huge := bytes.Repeat([]byte("a"), 5<<20)
	manyFields := []byte(strings.Repeat("a=1&", 10000))
	deep := []byte("a" + strings.Repeat("[a]", 50) + "=1")
	hugeIndex := mustParse(t, "line_items[99999999][quantity]=1")
	hugeIndexNested := mustParse(t, "line_items[0][price_data][product_data][images][99999999]=x")

	tests := []struct {
		name      string
		run       func() error
		want      till.ErrorKind
		maxAllocs float64
		maxBytes  uint64
	}{
		{"FiveMiBBody", func() error { _, err := Parse(huge, DefaultLimits); return err }, till.KindTooLarge, 5, 2 << 10},
		{"TenThousandFields", func() error { _, err := Parse(manyFields, DefaultLimits); return err }, till.KindInvalid, 5, 2 << 10},
		{"Depth50", func() error { _, err := Parse(deep, DefaultLimits); return err }, till.KindInvalid, 10, 4 << 10},
		{"HugeIndex", func() error { var p sessionParams; return Decode(hugeIndex, &p) }, till.KindInvalid, 30, 16 << 10},
		{"HugeNestedIndex", func() error { var p sessionParams; return Decode(hugeIndexNested, &p) }, till.KindInvalid, 40, 16 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			checkClientError(t, err)
			if got := till.ErrorKindOf(err); got != tt.want {
				t.Fatalf("kind: got %q, want %q (%v)", got, tt.want, err)
			}
			allocs := testing.AllocsPerRun(20, func() { _ = tt.run() })
			if allocs > tt.maxAllocs {
				t.Errorf("allocs per run: got %v, want <= %v", allocs, tt.maxAllocs)
			}
			bytes := bytesPerRun(20, func() { _ = tt.run() })
			if bytes > tt.maxBytes {
				t.Errorf("bytes per run: got %d, want <= %d", bytes, tt.maxBytes)
			}
			t.Logf("%v allocs, %d bytes per run", allocs, bytes)
		})
	}
}

func TestParseReaderStopsAtLimit(t *testing.T) {
	tests := []struct {
		name     string
		size     int
		lim      Limits
		wantKind till.ErrorKind // "" for success
	}{
		{"FiveMiB", 5 << 20, DefaultLimits, till.KindTooLarge},
		{"JustOver", 1001, Limits{MaxBytes: 1000, MaxKeyLen: 1000}, till.KindTooLarge},
		{"AtLimit", 1000, Limits{MaxBytes: 1000, MaxKeyLen: 1000}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &countingReader{left: tt.size}
			v, err := ParseReader(r, tt.lim)
			max := tt.lim.withDefaults().MaxBytes
			if r.read > max+1 {
				t.Errorf("read %d bytes, want at most %d", r.read, max+1)
			}
			if tt.wantKind == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got, _ := v.Get(strings.Repeat("a", tt.size)); got != "" || v.Len() != 1 {
					t.Errorf("got %d pairs, want the one key", v.Len())
				}
				return
			}
			checkClientError(t, err)
			if got := till.ErrorKindOf(err); got != tt.wantKind {
				t.Errorf("kind: got %q, want %q", got, tt.wantKind)
			}
		})
	}
}

func TestParseReaderPassesReadErrors(t *testing.T) {
	_, err := ParseReader(io.MultiReader(strings.NewReader("a=1"), errReader{}), DefaultLimits)
	if err != io.ErrUnexpectedEOF {
		t.Errorf("got %v, want %v", err, io.ErrUnexpectedEOF)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

// A full, valid body at the default limits stays within a small multiple
// of its size.
func TestParseMemoryIsProportional(t *testing.T) {
	var b strings.Builder
	for b.Len() < 200<<10 {
		b.WriteString("metadata[k")
		b.WriteString(strings.Repeat("x", 10))
		b.WriteString("]=")
		b.WriteString(strings.Repeat("v", 80))
		b.WriteString("&")
	}
	body := []byte(b.String())
	lim := Limits{MaxFields: 1 << 20}
	if _, err := Parse(body, lim); err != nil {
		t.Fatal(err)
	}
	if got, max := bytesPerRun(5, func() { _, _ = Parse(body, lim) }), uint64(8*len(body)); got > max {
		t.Errorf("Parse allocated %d bytes for a %d-byte body, want <= %d", got, len(body), max)
	}
}

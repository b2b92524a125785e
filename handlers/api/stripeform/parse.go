package stripeform

import (
	"bytes"
	"io"
	"iter"
	"strconv"
	"strings"
	"unicode/utf8"

	"till"
)

// Limits bounds what Parse and Decode accept, so a hostile or broken client
// cannot make the server spend memory or CPU out of proportion to a real
// Checkout request. A zero (or negative) field means "use the value from
// DefaultLimits", so callers can override one limit without restating the
// others.
type Limits struct {
	MaxBytes    int // longest raw body or query string, in bytes; above it the error is 413-kind
	MaxFields   int // most key=value pairs
	MaxDepth    int // most bracket groups after the top-level name (metadata[k] has depth 1)
	MaxArrayLen int // longest array; an index >= MaxArrayLen is rejected before anything is allocated
	MaxKeyLen   int // longest percent-decoded key, in bytes
	MaxValueLen int // longest percent-decoded value, in bytes
}

// DefaultLimits are generous for any real Checkout Session request (Stripe
// itself caps line items at 100 and metadata at 50 keys, and the deepest
// key, line_items[0][price_data][product_data][metadata][k], has depth 5)
// while keeping the worst case small.
var DefaultLimits = Limits{MaxBytes: 256 << 10, MaxFields: 2000, MaxDepth: 6, MaxArrayLen: 500, MaxKeyLen: 500, MaxValueLen: 50000}

// withDefaults replaces unset limits by their defaults.
func (l Limits) withDefaults() Limits {
	fill := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	fill(&l.MaxBytes, DefaultLimits.MaxBytes)
	fill(&l.MaxFields, DefaultLimits.MaxFields)
	fill(&l.MaxDepth, DefaultLimits.MaxDepth)
	fill(&l.MaxArrayLen, DefaultLimits.MaxArrayLen)
	fill(&l.MaxKeyLen, DefaultLimits.MaxKeyLen)
	fill(&l.MaxValueLen, DefaultLimits.MaxValueLen)
	return l
}

// Values is a parsed, normalized request: key/value pairs in the order the
// client sent them, with percent-decoded keys in bracket notation and every
// append (key[]) rewritten to an explicit index. It is the single currency
// between parsing, decoding and idempotency fingerprinting, so it is opaque:
// only Parse can build one, which guarantees every key is well formed.
// The zero Values is empty and valid.
type Values struct {
	pairs []pair
	lim   Limits // the limits Parse enforced; Decode reuses MaxArrayLen
}

// pair is one normalized key=value.
type pair struct {
	key   string   // bracket path, e.g. line_items[0][price]
	value string   // percent-decoded
	segs  []string // key split: the top-level name, then one entry per bracket group
	// appended is nil unless a segment of key was produced by rewriting an
	// empty [] group; then appended[i] reports whether segs[i] was.
	appended []bool
}

// ParseReader reads a body of at most lim.MaxBytes bytes from r and parses
// it. It stops reading one byte past the limit, so an oversized request is
// refused without ever being held in memory; use it when the body has not
// been read yet. A read error is returned as it is (not as a *till.Error),
// since it is the connection's fault, not the parameters'.
func ParseReader(r io.Reader, lim Limits) (Values, error) {
	lim = lim.withDefaults()
	raw, err := io.ReadAll(io.LimitReader(r, int64(lim.MaxBytes)+1))
	if err != nil {
		return Values{}, err
	}
	if len(raw) > lim.MaxBytes {
		return Values{}, tooLarge(lim.MaxBytes)
	}
	return Parse(raw, lim)
}

// Parse parses a raw application/x-www-form-urlencoded body or query string
// into normalized Values. It accepts what the Stripe SDKs and curl send:
// brackets literal or percent-encoded, spaces as '+' or %20, explicit indices
// (a[0]) and appends (a[]), and it rewrites appends to indices with Rack's
// rules, which Stripe follows: a[][x]=1&a[][y]=2&a[][x]=3 becomes
// a[0][x], a[0][y], a[1][x] (a new element starts when the last one already
// has that key).
//
// The limits are checked in order of cost: the body size first (a 413-kind
// error, before anything is allocated), then the number of pairs (before
// the pairs are allocated), then each key and value. Malformed
// percent-encoding, invalid UTF-8, NUL bytes, malformed bracket syntax and
// mixing a[] with a[0] or a[k] are 400-kind errors. Parse copies what it
// keeps, so raw may be reused afterwards.
func Parse(raw []byte, lim Limits) (Values, error) {
	lim = lim.withDefaults()
	if len(raw) > lim.MaxBytes {
		return Values{}, tooLarge(lim.MaxBytes)
	}
	n := countPairs(raw)
	if n > lim.MaxFields {
		return Values{}, till.Invalid(till.CodeInvalidRequest, "",
			"Too many parameters: the request has %d, at most %d are allowed.", n, lim.MaxFields)
	}
	if n == 0 {
		return Values{lim: lim}, nil
	}

	// Every decoded key and value goes into one buffer; percent-decoding
	// never makes text longer, so len(raw) bytes always suffice. One string
	// conversion at the end then backs all keys and values.
	type span struct{ ks, ke, vs, ve int }
	buf := make([]byte, 0, len(raw))
	spans := make([]span, 0, n)
	anyAppend := false
	for rest := raw; len(rest) > 0; {
		var seg []byte
		seg, rest, _ = bytes.Cut(rest, []byte("&"))
		if len(seg) == 0 {
			continue
		}
		rawKey, rawValue, _ := bytes.Cut(seg, []byte("="))
		var s span
		var ok bool
		s.ks = len(buf)
		if buf, ok = unescape(buf, rawKey); !ok {
			return Values{}, till.Invalid(till.CodeInvalidRequest, "",
				"Invalid percent-encoding in a parameter name.")
		}
		s.ke = len(buf)
		key := buf[s.ks:s.ke]
		if len(key) > lim.MaxKeyLen {
			return Values{}, till.Invalid(till.CodeInvalidRequest, "",
				"A parameter name is longer than %d bytes.", lim.MaxKeyLen)
		}
		if !utf8.Valid(key) || bytes.IndexByte(key, 0) >= 0 {
			return Values{}, till.Invalid(till.CodeInvalidRequest, "",
				"A parameter name is not valid UTF-8 or contains a NUL byte.")
		}
		depth, hasAppend, ok := checkKey(key)
		if !ok {
			if len(key) == 0 {
				return Values{}, till.Invalid(till.CodeParameterUnknown, "",
					"Received a parameter with an empty name.")
			}
			return Values{}, unknownParam(string(key))
		}
		if depth > lim.MaxDepth {
			return Values{}, till.Invalid(till.CodeInvalidRequest, string(key),
				"Parameter %s is nested too deeply: at most %d levels of brackets are allowed.", key, lim.MaxDepth)
		}
		anyAppend = anyAppend || hasAppend
		s.vs = len(buf)
		if buf, ok = unescape(buf, rawValue); !ok {
			return Values{}, till.Invalid(till.CodeInvalidRequest, string(key),
				"Invalid percent-encoding in the value of %s.", key)
		}
		s.ve = len(buf)
		value := buf[s.vs:s.ve]
		if len(value) > lim.MaxValueLen {
			return Values{}, till.Invalid(till.CodeInvalidRequest, string(key),
				"The value of %s is longer than %d bytes.", key, lim.MaxValueLen)
		}
		if !utf8.Valid(value) || bytes.IndexByte(value, 0) >= 0 {
			return Values{}, till.Invalid(till.CodeInvalidRequest, string(key),
				"The value of %s is not valid UTF-8 or contains a NUL byte.", key)
		}
		spans = append(spans, s)
	}

	text := string(buf)
	pairs := make([]pair, len(spans))
	for i, s := range spans {
		key := text[s.ks:s.ke]
		pairs[i] = pair{key: key, value: text[s.vs:s.ve], segs: splitKey(key)}
	}
	if anyAppend {
		if err := resolveAppends(pairs); err != nil {
			return Values{}, err
		}
	}
	return Values{pairs: pairs, lim: lim}, nil
}

// tooLarge is the 413-kind error for a body over MaxBytes.
func tooLarge(max int) error {
	e := till.Invalid(till.CodeInvalidRequest, "",
		"The request is too large: at most %d bytes of parameters are allowed.", max)
	e.Kind = till.KindTooLarge
	return e
}

// countPairs counts the non-empty '&'-separated segments of raw without
// allocating, so the field limit is enforced before anything is built.
func countPairs(raw []byte) int {
	n, start := 0, 0
	for i := 0; i <= len(raw); i++ {
		if i == len(raw) || raw[i] == '&' {
			if i > start {
				n++
			}
			start = i + 1
		}
	}
	return n
}

// unescape appends the form-decoding of s to dst: '+' is a space and %XX a
// byte. It reports false for a '%' not followed by two hex digits, which
// Rack (and so Stripe) refuses too.
func unescape(dst, s []byte) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			dst = append(dst, ' ')
		case '%':
			if i+2 >= len(s) {
				return dst, false
			}
			hi, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if !ok1 || !ok2 {
				return dst, false
			}
			dst = append(dst, hi<<4|lo)
			i += 2
		default:
			dst = append(dst, c)
		}
	}
	return dst, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// checkKey validates the bracket syntax of a decoded key: a non-empty
// top-level name followed by zero or more [segment] groups, where neither
// the name nor a segment contains a bracket and nothing trails the last
// group. It returns the number of groups and whether one is empty (an
// append). Anything else (a[b, a]b, a[b]c, [a]) is not a parameter any
// params struct can have, so the caller reports it as unknown.
func checkKey(key []byte) (depth int, hasAppend bool, ok bool) {
	i := bytes.IndexAny(key, "[]")
	if i == 0 || len(key) == 0 {
		return 0, false, false
	}
	if i < 0 {
		return 0, false, true
	}
	for i < len(key) {
		if key[i] != '[' {
			return 0, false, false
		}
		j := bytes.IndexAny(key[i+1:], "[]")
		if j < 0 || key[i+1+j] != ']' {
			return 0, false, false
		}
		if j == 0 {
			hasAppend = true
		}
		depth++
		i += j + 2
	}
	return depth, hasAppend, true
}

// splitKey splits a key that checkKey accepted into its segments. The
// segments share the key's memory.
func splitKey(key string) []string {
	n := strings.Count(key, "[")
	segs := make([]string, 0, n+1)
	i := strings.IndexByte(key, '[')
	if i < 0 {
		return append(segs, key)
	}
	segs = append(segs, key[:i])
	for i < len(key) {
		j := strings.IndexByte(key[i:], ']')
		segs = append(segs, key[i+1:i+j])
		i += j + 1
	}
	return segs
}

// resolveAppends rewrites every empty [] group to the index Rack would give
// it. Per container path it tracks how many elements were appended and
// whether the last one is an object; a[][x]=v goes into the last element
// unless that element already has x (or the last element is a scalar), in
// which case it starts a new one. A container used both with [] and with
// explicit keys is rejected, as Rack rejects it, because there is no single
// honest reading of it.
func resolveAppends(pairs []pair) error {
	type arrayState struct {
		count      int  // elements appended so far
		lastIsHash bool // the last element was started by a[][...]
	}
	const (
		usedExplicit = 1 << iota
		usedAppend
	)
	arrays := map[string]*arrayState{}
	uses := map[string]uint8{}    // container path → how its children were addressed
	seen := map[string]struct{}{} // every key path and prefix resolved so far
	var b strings.Builder
	for i := range pairs {
		p := &pairs[i]
		if hasEmpty(p.segs[1:]) {
			b.Reset()
			b.WriteString(p.segs[0])
			appended := make([]bool, len(p.segs))
			for j := 1; j < len(p.segs); j++ {
				s := p.segs[j]
				if s == "" {
					container := b.String()
					st := arrays[container]
					if st == nil {
						st = &arrayState{}
						arrays[container] = st
					}
					rest := p.segs[j+1:]
					idx := st.count
					switch {
					case len(rest) == 0:
						st.count++
						st.lastIsHash = false
					case st.count > 0 && st.lastIsHash && !hasPath(seen, container, st.count-1, rest):
						idx = st.count - 1
					default:
						st.count++
						st.lastIsHash = true
					}
					s = strconv.Itoa(idx)
					appended[j] = true
				}
				b.WriteByte('[')
				b.WriteString(s)
				b.WriteByte(']')
			}
			p.key = b.String()
			p.segs = splitKey(p.key)
			p.appended = appended
		}
		end := len(p.segs[0])
		seen[p.key[:end]] = struct{}{}
		for j := 1; j < len(p.segs); j++ {
			parent := p.key[:end]
			use := uint8(usedExplicit)
			if p.appended != nil && p.appended[j] {
				use = usedAppend
			}
			u := uses[parent] | use
			if u == usedExplicit|usedAppend {
				return invalidArray(parent)
			}
			uses[parent] = u
			end += len(p.segs[j]) + 2
			seen[p.key[:end]] = struct{}{}
		}
	}
	return nil
}

// hasPath reports whether element idx of container already has the nested
// key rest (Rack's params_hash_has_key?). A rest that itself appends never
// counts as present, so it merges into the last element, as in Rack.
func hasPath(seen map[string]struct{}, container string, idx int, rest []string) bool {
	if hasEmpty(rest) {
		return false
	}
	var b strings.Builder
	b.WriteString(container)
	b.WriteByte('[')
	b.WriteString(strconv.Itoa(idx))
	b.WriteByte(']')
	for _, s := range rest {
		b.WriteByte('[')
		b.WriteString(s)
		b.WriteByte(']')
	}
	_, ok := seen[b.String()]
	return ok
}

func hasEmpty(segs []string) bool {
	for _, s := range segs {
		if s == "" {
			return true
		}
	}
	return false
}

// Len returns the number of pairs.
func (v Values) Len() int { return len(v.pairs) }

// Get returns the value of the first pair with the given normalized key
// (percent-decoded, bracket notation, explicit indices: "metadata[a b]",
// "expand[0]") and whether there is one. Handlers use it for the few
// parameters they need before or outside Decode.
func (v Values) Get(key string) (string, bool) {
	for _, p := range v.pairs {
		if p.key == key {
			return p.value, true
		}
	}
	return "", false
}

// Keys returns the distinct normalized keys in the order they were first
// sent, e.g. for logging which parameters a request carried without
// logging their values.
func (v Values) Keys() []string {
	keys := make([]string, 0, len(v.pairs))
	seen := make(map[string]struct{}, len(v.pairs))
	for _, p := range v.pairs {
		if _, dup := seen[p.key]; !dup {
			seen[p.key] = struct{}{}
			keys = append(keys, p.key)
		}
	}
	return keys
}

// All iterates over the normalized key/value pairs in the order they were
// sent, duplicates included.
func (v Values) All() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for _, p := range v.pairs {
			if !yield(p.key, p.value) {
				return
			}
		}
	}
}

package stripeform

import (
	"slices"
	"strings"
	"testing"

	"till"
)

type kv struct{ k, v string }

func pairsOf(v Values) []kv {
	var out []kv
	for k, val := range v.All() {
		out = append(out, kv{k, val})
	}
	return out
}

func TestParseNormalizes(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []kv
	}{
		{"Empty", "", nil},
		{"OnlySeparators", "&&&", nil},
		{"EmptySegmentsSkipped", "&a=1&&b=2&", []kv{{"a", "1"}, {"b", "2"}}},
		{"NoEquals", "a&b=", []kv{{"a", ""}, {"b", ""}}},
		{"EqualsInValue", "a=b=c", []kv{{"a", "b=c"}}},
		{"PlusIsSpace", "metadata[a+b]=c+d", []kv{{"metadata[a b]", "c d"}}},
		{"Percent20IsSpace", "metadata[a%20b]=c%20d", []kv{{"metadata[a b]", "c d"}}},
		{"EncodedPlus", "a=1%2B1", []kv{{"a", "1+1"}}},
		{"EncodedBrackets", "line_items%5B0%5D%5Bprice%5D=price_1", []kv{{"line_items[0][price]", "price_1"}}},
		{"LowercaseHex", "line_items%5b0%5d%5bprice%5d=p", []kv{{"line_items[0][price]", "p"}}},
		{"MixedBrackets", "line_items%5B0][price%5D=p", []kv{{"line_items[0][price]", "p"}}},
		{"Unicode", "a=%C3%BC%F0%9F%8E%81&%C3%BC=x", []kv{{"a", "ü🎁"}, {"ü", "x"}}},
		{"LiteralUTF8", "a=ü", []kv{{"a", "ü"}}},
		{"CurlAppend", "expand[]=line_items&expand[]=payment_intent",
			[]kv{{"expand[0]", "line_items"}, {"expand[1]", "payment_intent"}}},
		{"EncodedAppend", "expand%5B%5D=a&expand%5B%5D=b", []kv{{"expand[0]", "a"}, {"expand[1]", "b"}}},
		{"RackObjectAppend", "a[][x]=1&a[][y]=2&a[][x]=3",
			[]kv{{"a[0][x]", "1"}, {"a[0][y]", "2"}, {"a[1][x]", "3"}}},
		{"RackNestedPath", "a[][x][y]=1&a[][x][z]=2&a[][x][y]=3",
			[]kv{{"a[0][x][y]", "1"}, {"a[0][x][z]", "2"}, {"a[1][x][y]", "3"}}},
		{"RackInnerAppendMerges", "a[][x][]=1&a[][x][]=2",
			[]kv{{"a[0][x][0]", "1"}, {"a[0][x][1]", "2"}}},
		{"RackScalarThenObject", "a[]=1&a[][x]=2&a[][y]=3",
			[]kv{{"a[0]", "1"}, {"a[1][x]", "2"}, {"a[1][y]", "3"}}},
		{"AppendInsideIndexed", "line_items[0][images][]=a&line_items[1][images][]=b&line_items[0][images][]=c",
			[]kv{{"line_items[0][images][0]", "a"}, {"line_items[1][images][0]", "b"}, {"line_items[0][images][1]", "c"}}},
		{"CurlLineItems", "line_items[][price]=p1&line_items[][quantity]=1&line_items[][price]=p2&line_items[][quantity]=2",
			[]kv{{"line_items[0][price]", "p1"}, {"line_items[0][quantity]", "1"}, {"line_items[1][price]", "p2"}, {"line_items[1][quantity]", "2"}}},
		{"DuplicatesKept", "a=1&a=2", []kv{{"a", "1"}, {"a", "2"}}},
		{"Semicolon", "a=1;b=2", []kv{{"a", "1;b=2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pairsOf(mustParse(t, tt.body))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	deep := func(n int) string { return "a" + strings.Repeat("[a]", n) + "=1" }
	tests := []struct {
		name string
		body string
		want wantErr
	}{
		{"BadPercentValue", "mode=%zz", wantErr{code: till.CodeInvalidRequest, param: "mode"}},
		{"TruncatedPercentValue", "mode=ab%4", wantErr{code: till.CodeInvalidRequest, param: "mode"}},
		{"LonePercentKey", "%=1", wantErr{code: till.CodeInvalidRequest}},
		{"InvalidUTF8Value", "mode=%ff", wantErr{code: till.CodeInvalidRequest, param: "mode",
			message: "The value of mode is not valid UTF-8 or contains a NUL byte."}},
		{"InvalidUTF8RawValue", "mode=\xff", wantErr{code: till.CodeInvalidRequest, param: "mode"}},
		{"InvalidUTF8Key", "%ff=1", wantErr{code: till.CodeInvalidRequest}},
		{"NULValue", "mode=a%00b", wantErr{code: till.CodeInvalidRequest, param: "mode"}},
		{"NULKey", "mo%00de=a", wantErr{code: till.CodeInvalidRequest}},
		{"EmptyName", "=1", wantErr{code: till.CodeParameterUnknown}},
		{"UnclosedBracket", "a[b=1", wantErr{code: till.CodeParameterUnknown, param: "a[b",
			message: "Received unknown parameter: a[b"}},
		{"StrayClose", "a]b=1", wantErr{code: till.CodeParameterUnknown, param: "a]b"}},
		{"TrailingText", "a[b]c=1", wantErr{code: till.CodeParameterUnknown, param: "a[b]c"}},
		{"NoHead", "[a]=1", wantErr{code: till.CodeParameterUnknown, param: "[a]"}},
		{"NestedOpen", "a[[b]]=1", wantErr{code: till.CodeParameterUnknown, param: "a[[b]]"}},
		{"EncodedMalformed", "a%5Bb=1", wantErr{code: till.CodeParameterUnknown, param: "a[b"}},
		{"MixAppendThenIndex", "line_items[][price]=a&line_items[0][quantity]=1",
			wantErr{param: "line_items", message: "Invalid array"}},
		{"MixIndexThenAppend", "expand[0]=a&expand[]=b", wantErr{param: "expand", message: "Invalid array"}},
		{"MixKeyThenAppend", "metadata[k]=a&metadata[]=b", wantErr{param: "metadata", message: "Invalid array"}},
		{"DepthOverLimit", deep(7), wantErr{code: till.CodeInvalidRequest, param: "a" + strings.Repeat("[a]", 7),
			message: "Parameter a[a][a][a][a][a][a][a] is nested too deeply: at most 6 levels of brackets are allowed."}},
		{"Depth50", deep(50), wantErr{code: till.CodeInvalidRequest, param: "a" + strings.Repeat("[a]", 50)}},
		{"KeyTooLong", strings.Repeat("k", 501) + "=1", wantErr{code: till.CodeInvalidRequest,
			message: "A parameter name is longer than 500 bytes."}},
		{"ValueTooLong", "mode=" + strings.Repeat("v", 50001), wantErr{code: till.CodeInvalidRequest, param: "mode",
			message: "The value of mode is longer than 50000 bytes."}},
		{"EncodedValueTooLong", "mode=" + strings.Repeat("%41", 50001), wantErr{code: till.CodeInvalidRequest, param: "mode"}},
		{"TooManyFields", strings.Repeat("a=1&", 2001), wantErr{code: till.CodeInvalidRequest,
			message: "Too many parameters: the request has 2001, at most 2000 are allowed."}},
		{"TenThousandFields", strings.Repeat("a=1&", 10000), wantErr{code: till.CodeInvalidRequest}},
		{"TooLarge", "mode=" + strings.Repeat("x", 256<<10), wantErr{kind: till.KindTooLarge, code: till.CodeInvalidRequest,
			message: "The request is too large: at most 262144 bytes of parameters are allowed."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.body), DefaultLimits)
			checkErr(t, err, tt.want)
		})
	}
}

func TestParseLimitBoundaries(t *testing.T) {
	tests := []struct {
		name string
		body string
		lim  Limits
		ok   bool
	}{
		{"DepthAtLimit", "a" + strings.Repeat("[a]", 6) + "=1", DefaultLimits, true},
		{"DeepestStripeKey", "line_items[0][price_data][product_data][metadata][k]=v", Limits{MaxDepth: 5}, true},
		{"KeyAtLimit", strings.Repeat("k", 500) + "=1", DefaultLimits, true},
		{"ValueAtLimit", "v=" + strings.Repeat("x", 50000), DefaultLimits, true},
		{"FieldsAtLimit", strings.Repeat("a=1&", 2000), DefaultLimits, true},
		{"BytesAtLimit", "a=" + strings.Repeat("x", 98), Limits{MaxBytes: 100}, true},
		{"BytesOverLimit", "a=" + strings.Repeat("x", 99), Limits{MaxBytes: 100}, false},
		{"ZeroLimitsAreDefaults", strings.Repeat("a=1&", 2000), Limits{}, true},
		{"OverrideOneLimit", "a=1&b=2&c=3", Limits{MaxFields: 2}, false},
		{"NegativeMeansDefault", "a=1&b=2&c=3", Limits{MaxFields: -1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.body), tt.lim)
			if got := err == nil; got != tt.ok {
				t.Errorf("got ok=%v (%v), want ok=%v", got, err, tt.ok)
			}
		})
	}
}

func TestValuesAccessors(t *testing.T) {
	v := mustParse(t, "mode=payment&metadata[a+b]=1&expand[]=x&mode=setup&flag")
	if got, want := v.Len(), 5; got != want {
		t.Errorf("Len: got %d, want %d", got, want)
	}
	gets := []struct {
		key   string
		value string
		ok    bool
	}{
		{"mode", "payment", true},
		{"metadata[a b]", "1", true},
		{"expand[0]", "x", true},
		{"flag", "", true},
		{"expand[]", "", false},
		{"nothing", "", false},
	}
	for _, g := range gets {
		value, ok := v.Get(g.key)
		if value != g.value || ok != g.ok {
			t.Errorf("Get(%q): got %q, %v, want %q, %v", g.key, value, ok, g.value, g.ok)
		}
	}
	if got, want := v.Keys(), []string{"mode", "metadata[a b]", "expand[0]", "flag"}; !slices.Equal(got, want) {
		t.Errorf("Keys: got %q, want %q", got, want)
	}
	var zero Values
	if got := zero.Len(); got != 0 {
		t.Errorf("zero Len: got %d, want 0", got)
	}
	if _, ok := zero.Get("a"); ok {
		t.Error("zero Get: got ok")
	}
	for range zero.All() {
		t.Error("zero All yielded a pair")
	}
	// Stopping early must be honoured.
	n := 0
	for range v.All() {
		n++
		break
	}
	if n != 1 {
		t.Errorf("All after break: got %d iterations, want 1", n)
	}
}

func TestParseDoesNotRetainInput(t *testing.T) {
	raw := []byte("mode=payment&metadata[k]=v")
	v, err := Parse(raw, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for i := range raw {
		raw[i] = 'X'
	}
	if got, _ := v.Get("mode"); got != "payment" {
		t.Errorf("got %q after overwriting the input, want %q", got, "payment")
	}
}

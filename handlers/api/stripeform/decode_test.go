package stripeform

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"till"
)

func TestDecodeClients(t *testing.T) {
	tests := []struct {
		name string
		body string
		want sessionParams
	}{
		{"StripeGo", stripeGoBody, stripeGoWant()},
		{"StripeNode", stripeNodeBody, stripeNodeWant()},
		{"StripeGoBracketsEncoded", strings.NewReplacer("[", "%5B", "]", "%5D").Replace(stripeGoBody), stripeGoWant()},
		{"Curl", "mode=payment&success_url=https://ex.com/s&expand[]=line_items&expand[]=payment_intent" +
			"&line_items[][price]=price_1&line_items[][quantity]=2&line_items[][price]=price_2&line_items[][quantity]=1" +
			"&payment_method_types[]=card&metadata[order]=42",
			sessionParams{
				baseParams: baseParams{
					Expand:   []string{"line_items", "payment_intent"},
					Metadata: map[string]string{"order": "42"},
				},
				LineItems: []lineItemParams{
					{Price: ptr("price_1"), Quantity: ptr(int64(2))},
					{Price: ptr("price_2"), Quantity: ptr(int64(1))},
				},
				Mode:               "payment",
				PaymentMethodTypes: []string{"card"},
				SuccessURL:         "https://ex.com/s",
			}},
		{"IndicesOutOfOrder", "line_items[1][price]=b&line_items[0][price]=a&shipping_options[1][shipping_rate]=r2&shipping_options[0][shipping_rate]=r1",
			sessionParams{
				LineItems:       []lineItemParams{{Price: ptr("a")}, {Price: ptr("b")}},
				ShippingOptions: []*shippingOptionItem{{ShippingRate: "r1"}, {ShippingRate: "r2"}},
			}},
		{"Unsets", "metadata=&payment_method_types=&client_reference_id=&line_items[0][price_data][product_data][metadata][sku]=",
			sessionParams{
				baseParams:         baseParams{Metadata: map[string]string{}},
				PaymentMethodTypes: []string{},
				ClientReferenceID:  ptr(""),
				LineItems: []lineItemParams{{PriceData: &priceDataParams{
					ProductData: &productDataParams{Metadata: map[string]string{"sku": ""}},
				}}},
			}},
		{"Nothing", "", sessionParams{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got sessionParams
			if err := Decode(mustParse(t, tt.body), &got); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %s\nwant %s", show(got), show(tt.want))
			}
		})
	}
}

func TestDecodeEmptyContainersAreNonNil(t *testing.T) {
	var got sessionParams
	if err := Decode(mustParse(t, "metadata=&payment_method_types="), &got); err != nil {
		t.Fatal(err)
	}
	if got.Metadata == nil || len(got.Metadata) != 0 {
		t.Errorf("metadata: got %#v, want a non-nil empty map", got.Metadata)
	}
	if got.PaymentMethodTypes == nil || len(got.PaymentMethodTypes) != 0 {
		t.Errorf("payment_method_types: got %#v, want a non-nil empty slice", got.PaymentMethodTypes)
	}
	if got.Expand != nil {
		t.Errorf("expand: got %#v, want nil (not sent)", got.Expand)
	}
}

func TestDecodeKinds(t *testing.T) {
	tests := []struct {
		name string
		body string
		want sinkParams
	}{
		{"Integers", "count=-42&small=255&big=18446744073709551615", sinkParams{Count: -42, Small: 255, Big: 18446744073709551615}},
		{"IntegerSignAndZeros", "count=%2B007", sinkParams{Count: 7}},
		{"Float32", "ratio=0.25", sinkParams{Ratio: 0.25}},
		{"Bools", "flag=true", sinkParams{Flag: true}},
		{"NamedTypes", "mode=setup&labels[x]=y", sinkParams{Mode: "setup", Labels: labels{"x": "y"}}},
		{"IntSlice", "amounts[0]=1&amounts[1]=-2", sinkParams{Amounts: []int64{1, -2}}},
		{"NestedSlices", "matrix[0][0]=a&matrix[0][1]=b&matrix[1][0]=c", sinkParams{Matrix: [][]string{{"a", "b"}, {"c"}}}},
		{"NestedAppends", "matrix[][]=a", sinkParams{Matrix: [][]string{{"a"}}}},
		{"DecimalForms", "maybe=-1.5e3", sinkParams{Maybe: ptr(-1500.0)}},
		{"EmptyOKNonString", "maybe=&maybe_int=&note=&opt=", sinkParams{}},
		{"EmptyOKStructStillDecodes", "opt[enabled]=true", sinkParams{Opt: &adjustableQtyAlt{Enabled: true}}},
		{"MapOfObjects", "options[eur][enabled]=true&options[gbp][enabled]=false",
			sinkParams{Options: map[string]adjustableQtyAlt{"eur": {Enabled: true}, "gbp": {}}}},
		{"Recursive", "tree[name]=root&tree[children][0][name]=a&tree[children][0][children][0][name]=b",
			sinkParams{Tree: &treeParams{Name: "root", Children: []treeParams{{Name: "a", Children: []treeParams{{Name: "b"}}}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got sinkParams
			if err := Decode(mustParse(t, tt.body), &got); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %s\nwant %s", show(got), show(tt.want))
			}
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	emptyMsg := func(p string) string {
		return "You passed an empty string for '" + p + "'. We assume empty values are an attempt to unset a parameter; however '" +
			p + "' cannot be unset. You should remove '" + p + "' from your request or supply a non-empty value."
	}
	tests := []struct {
		name string
		body string
		want wantErr
	}{
		// Unknown parameters name the path up to the first unknown segment.
		{"UnknownTop", "mode=payment&notaparameter=1", wantErr{code: till.CodeParameterUnknown, param: "notaparameter",
			message: "Received unknown parameter: notaparameter"}},
		{"UnknownNested", "line_items[0][price_data][foo]=1", wantErr{code: till.CodeParameterUnknown,
			param: "line_items[0][price_data][foo]", message: "Received unknown parameter: line_items[0][price_data][foo]"}},
		{"UnknownDeeper", "line_items[0][price_data][foo][bar]=1", wantErr{code: till.CodeParameterUnknown,
			param: "line_items[0][price_data][foo]"}},
		{"UnknownWithSpace", "metadata[k]=v&meta+data=1", wantErr{code: till.CodeParameterUnknown, param: "meta data"}},
		{"UnknownBeatsDuplicate", "foo=1&foo=2", wantErr{code: till.CodeParameterUnknown, param: "foo"}},
		{"UntaggedFieldIsUnknown", "Internal=x", wantErr{code: till.CodeParameterUnknown, param: "Internal"}},
		{"EmbeddedNameIsUnknown", "baseParams[expand][0]=x", wantErr{code: till.CodeParameterUnknown, param: "baseParams"}},
		{"FirstOffenderInOrder", "mode=&zzz=1", wantErr{code: till.CodeParameterInvalidEmpty, param: "mode"}},

		// Scalars addressed as objects.
		{"ScalarAsObject", "mode[x]=1", wantErr{code: till.CodeParameterUnknown, param: "mode[x]",
			message: "Received unknown parameter: mode[x]"}},
		{"ScalarAndObject", "mode=payment&mode[x]=1", wantErr{code: till.CodeParameterUnknown, param: "mode[x]"}},
		{"SliceElemAsObject", "expand[0][x]=1", wantErr{code: till.CodeParameterUnknown, param: "expand[0][x]"}},
		{"MapValueAsObject", "metadata[k][x]=1", wantErr{code: till.CodeParameterUnknown, param: "metadata[k][x]"}},

		// Objects sent as scalars.
		{"ArrayAsScalar", "line_items=1", wantErr{code: "", param: "line_items", message: "Invalid array"}},
		{"ScalarArrayAsScalar", "expand=payment_intent", wantErr{code: "", param: "expand", message: "Invalid array"}},
		{"ArrayEmptyAndIndexed", "expand=&expand[0]=a", wantErr{code: "", param: "expand", message: "Invalid array"}},
		{"MapAsScalar", "metadata=x", wantErr{code: "", param: "metadata", message: "Invalid hash"}},
		{"MapEmptyAndKeyed", "metadata=&metadata[k]=v", wantErr{code: "", param: "metadata", message: "Invalid hash"}},
		{"MapAppended", "metadata[]=x", wantErr{code: "", param: "metadata", message: "Invalid hash"}},
		{"StructAsScalar", "phone_number_collection=x", wantErr{code: "", param: "phone_number_collection", message: "Invalid hash"}},
		{"ElementAsScalar", "line_items[0]=price_1", wantErr{code: "", param: "line_items[0]", message: "Invalid hash"}},
		{"AppendedScalarElement", "line_items[]=price_1", wantErr{code: "", param: "line_items[0]", message: "Invalid hash"}},

		// Arrays.
		{"NotStartingAtZero", "line_items[1][price]=p", wantErr{code: "", param: "line_items", message: "Invalid array"}},
		{"Hole", "line_items[0][price]=a&line_items[2][price]=b", wantErr{code: "", param: "line_items", message: "Invalid array"}},
		{"LeadingZero", "expand[01]=a&expand[0]=b", wantErr{code: "", param: "expand", message: "Invalid array"}},
		{"NonNumericIndex", "line_items[price]=p", wantErr{code: "", param: "line_items", message: "Invalid array"}},
		{"NegativeIndex", "expand[-1]=a", wantErr{code: "", param: "expand", message: "Invalid array"}},
		{"NestedHole", "line_items[0][price_data][product_data][images][1]=u", wantErr{code: "",
			param: "line_items[0][price_data][product_data][images]", message: "Invalid array"}},
		{"IndexAtMax", "line_items[500][quantity]=1", wantErr{code: "", param: "line_items",
			message: "Invalid array: line_items may have at most 500 elements."}},
		{"HugeIndex", "line_items[99999999][quantity]=1", wantErr{code: "", param: "line_items",
			message: "Invalid array: line_items may have at most 500 elements."}},
		{"OverflowIndex", "expand[99999999999999999999999999]=a", wantErr{code: "", param: "expand",
			message: "Invalid array: expand may have at most 500 elements."}},

		// Values.
		{"BadInteger", "expires_at=abc", wantErr{code: till.CodeParameterInvalidInteger, param: "expires_at",
			message: "Invalid integer: abc"}},
		{"DecimalAsInteger", "line_items[0][quantity]=1.5", wantErr{code: till.CodeParameterInvalidInteger,
			param: "line_items[0][quantity]", message: "Invalid integer: 1.5"}},
		{"IntegerOverflow", "expires_at=9223372036854775808", wantErr{code: till.CodeParameterInvalidInteger, param: "expires_at"}},
		{"IntegerSpaces", "expires_at=+1+", wantErr{code: till.CodeParameterInvalidInteger, param: "expires_at",
			message: "Invalid integer:  1 "}},
		{"BadBoolean", "allow_promotion_codes=yes", wantErr{code: "", param: "allow_promotion_codes",
			message: "Invalid boolean: yes"}},
		{"BooleanCase", "allow_promotion_codes=True", wantErr{code: "", param: "allow_promotion_codes"}},
		{"BooleanDigit", "phone_number_collection[enabled]=1", wantErr{code: "", param: "phone_number_collection[enabled]",
			message: "Invalid boolean: 1"}},
		{"BadDecimal", "line_items[0][price_data][unit_amount_decimal]=12,5", wantErr{code: "",
			param: "line_items[0][price_data][unit_amount_decimal]", message: "Invalid decimal: 12,5"}},
		{"DecimalNaN", "line_items[0][price_data][unit_amount_decimal]=NaN", wantErr{code: "",
			param: "line_items[0][price_data][unit_amount_decimal]", message: "Invalid decimal: NaN"}},
		{"DecimalInf", "line_items[0][price_data][unit_amount_decimal]=1e999", wantErr{code: "",
			param: "line_items[0][price_data][unit_amount_decimal]"}},
		{"DecimalHex", "line_items[0][price_data][unit_amount_decimal]=0x1p3", wantErr{code: "",
			param: "line_items[0][price_data][unit_amount_decimal]"}},
		{"LongValueClipped", "expires_at=" + strings.Repeat("9", 200) + "x", wantErr{code: till.CodeParameterInvalidInteger,
			param: "expires_at", message: "Invalid integer: " + strings.Repeat("9", 100) + "…"}},

		// Duplicates.
		{"DuplicateScalar", "mode=payment&mode=setup", wantErr{code: till.CodeInvalidRequest, param: "mode",
			message: "Received duplicate parameter: mode"}},
		{"DuplicateSame", "mode=payment&mode=payment", wantErr{code: till.CodeInvalidRequest, param: "mode"}},
		{"DuplicateNested", "line_items[0][quantity]=1&line_items[0][quantity]=2", wantErr{code: till.CodeInvalidRequest,
			param: "line_items[0][quantity]"}},
		{"DuplicateMapEntry", "metadata[k]=a&metadata[k]=b", wantErr{code: till.CodeInvalidRequest, param: "metadata[k]"}},
		{"DuplicateEncodedSpelling", "metadata[k]=a&metadata%5Bk%5D=b", wantErr{code: till.CodeInvalidRequest, param: "metadata[k]"}},
		{"DuplicateClear", "metadata=&metadata=", wantErr{code: till.CodeInvalidRequest, param: "metadata"}},
		{"DuplicateEmptyOK", "client_reference_id=&client_reference_id=x", wantErr{code: till.CodeInvalidRequest,
			param: "client_reference_id"}},

		// Empty values.
		{"EmptyScalar", "mode=", wantErr{code: till.CodeParameterInvalidEmpty, param: "mode", message: emptyMsg("mode")}},
		{"EmptyNoEquals", "success_url", wantErr{code: till.CodeParameterInvalidEmpty, param: "success_url"}},
		{"EmptyPointer", "expires_at=", wantErr{code: till.CodeParameterInvalidEmpty, param: "expires_at", message: emptyMsg("expires_at")}},
		{"EmptyNested", "line_items[0][price]=", wantErr{code: till.CodeParameterInvalidEmpty, param: "line_items[0][price]",
			message: emptyMsg("line_items[0][price]")}},
		{"EmptyStruct", "phone_number_collection=", wantErr{code: till.CodeParameterInvalidEmpty, param: "phone_number_collection"}},
		{"EmptyElement", "line_items[0]=", wantErr{code: till.CodeParameterInvalidEmpty, param: "line_items[0]"}},
		{"EmptyAppend", "expand[]=", wantErr{code: till.CodeParameterInvalidEmpty, param: "expand[0]"}},
		{"EmptyBool", "allow_promotion_codes=", wantErr{code: till.CodeParameterInvalidEmpty, param: "allow_promotion_codes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Parse([]byte(tt.body), DefaultLimits)
			if err == nil {
				var got sessionParams
				err = Decode(v, &got)
			}
			checkErr(t, err, tt.want)
		})
	}
}

func TestDecodeLeavesDstAloneOnError(t *testing.T) {
	got := sessionParams{Mode: "keep"}
	if err := Decode(mustParse(t, "success_url=https://x&line_items[0][quantity]=x"), &got); err == nil {
		t.Fatal("got no error")
	}
	if want := (sessionParams{Mode: "keep"}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %s, want %s", show(got), show(want))
	}
	// On success dst is replaced as a whole.
	if err := Decode(mustParse(t, "success_url=https://x"), &got); err != nil {
		t.Fatal(err)
	}
	if want := (sessionParams{SuccessURL: "https://x"}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %s, want %s", show(got), show(want))
	}
}

func TestDecodeArrayLimitFollowsParse(t *testing.T) {
	body := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString("expand[" + strconv.Itoa(i) + "]=x&")
		}
		return b.String()
	}
	tests := []struct {
		name string
		n    int
		lim  Limits
		ok   bool
	}{
		{"DefaultFull", 500, DefaultLimits, true},
		{"DefaultOver", 501, DefaultLimits, false},
		{"Custom", 3, Limits{MaxArrayLen: 3}, true},
		{"CustomOver", 4, Limits{MaxArrayLen: 3}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Parse([]byte(body(tt.n)), tt.lim)
			if err != nil {
				t.Fatal(err)
			}
			var got sessionParams
			err = Decode(v, &got)
			if ok := err == nil; ok != tt.ok {
				t.Fatalf("got ok=%v (%v), want ok=%v", ok, err, tt.ok)
			}
			if tt.ok && len(got.Expand) != tt.n {
				t.Errorf("got %d elements, want %d", len(got.Expand), tt.n)
			}
		})
	}
}

// Programming errors are plain errors, so they surface as 500s.
func TestDecodeProgrammingErrors(t *testing.T) {
	type (
		chanField struct {
			C chan int `form:"c"`
		}
		intMap struct {
			M map[string]int `form:"m"`
		}
		ptrPtr struct {
			P **string `form:"p"`
		}
		ptrSlice struct {
			P *[]string `form:"p"`
		}
		iface struct {
			I any `form:"i"`
		}
		unexported struct {
			//lint:ignore U1000 a tagged unexported field is the programming error under test
			x string `form:"x"`
		}
		dupName struct {
			A string `form:"a"`
			B string `form:"a"`
		}
		badOption struct {
			A string `form:"a,omitempty"`
		}
		bracketName struct {
			A string `form:"a[b]"`
		}
		noName struct {
			A string `form:",emptyok"`
		}
		deepBad struct {
			Items []struct {
				F func() `form:"f"`
			} `form:"items"`
		}
	)
	var s string
	tests := []struct {
		name string
		dst  any
	}{
		{"Nil", nil},
		{"NotPointer", sessionParams{}},
		{"NilPointer", (*sessionParams)(nil)},
		{"PointerToNonStruct", &s},
		{"Chan", &chanField{}},
		{"MapOfInt", &intMap{}},
		{"PointerToPointer", &ptrPtr{}},
		{"PointerToSlice", &ptrSlice{}},
		{"Interface", &iface{}},
		{"UnexportedTagged", &unexported{}},
		{"DuplicateName", &dupName{}},
		{"UnknownOption", &badOption{}},
		{"BracketInName", &bracketName{}},
		{"EmptyName", &noName{}},
		{"DeepUnsupported", &deepBad{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// An empty body too: type errors must not depend on the input.
			err := Decode(Values{}, tt.dst)
			if err == nil {
				t.Fatal("got no error")
			}
			if kind := till.ErrorKindOf(err); kind != till.KindInternal {
				t.Errorf("got kind %q (%v), want a non-*till.Error", kind, err)
			}
		})
	}
}

func TestDecodeConcurrent(t *testing.T) {
	type fresh struct {
		Items []struct {
			Name string            `form:"name"`
			Meta map[string]string `form:"meta"`
		} `form:"items"`
	}
	v := mustParse(t, "items[0][name]=a&items[0][meta][k]=v&items[1][name]=b")
	session := mustParse(t, stripeGoBody)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			var p fresh
			if err := Decode(v, &p); err != nil {
				errs <- err
				return
			}
			var q sessionParams
			if err := Decode(session, &q); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

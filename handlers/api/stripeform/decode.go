package stripeform

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Decode checks v against the type of dst, which must be a non-nil pointer
// to a struct, and fills it. Parameters map onto the struct through
// `form:"name"` tags: a struct field by tag name, a slice element by index,
// a map[string]string entry by any key. Untagged fields are not parameters
// (an embedded struct without a tag contributes its fields); the tag option
// ",emptyok" lets a field accept an empty value.
//
// Supported field types are string, bool, the integer and float kinds,
// pointers to those, structs and pointers to structs, slices of any
// supported type, and maps with string keys and string values (named types
// of those kinds included).
//
// Decode rejects, with a 400-kind *till.Error naming the parameter:
//   - a key that resolves to no field: parameter_unknown "Received unknown
//     parameter: line_items[0][price_data][foo]", naming the path up to
//     the first unknown segment;
//   - a scalar addressed as an object (mode[x]=1): reported as the unknown
//     parameter mode[x];
//   - an array or object sent as a scalar (line_items=1, metadata=x):
//     Stripe's "Invalid array" / "Invalid hash";
//   - array keys that are not indices, indices with leading zeros, holes or
//     an array not starting at 0: "Invalid array" naming the array; an index
//     >= MaxArrayLen is refused before any slice is allocated;
//   - a repeated key: "Received duplicate parameter";
//   - an empty scalar: Stripe's parameter_invalid_empty text, unless the
//     field is ",emptyok" (a *string then points to "", other types stay
//     zero); a bad integer, boolean ("true"/"false" only) or decimal:
//     "Invalid integer|boolean|decimal: <v>".
//
// Empty values mean "unset" in Stripe's encoding, so two container cases
// accept them: map=  decodes to a non-nil empty map (clear all entries) and
// map[k]= to an entry with value "" (unset k); likewise slice= (what
// stripe-go sends for an explicitly empty slice) decodes to a non-nil empty
// slice. An empty struct (obj=) is refused unless ",emptyok", which leaves
// it zero.
//
// Errors are reported for the first offending key in the order sent. dst is
// only written when decoding succeeds, and then it is replaced as a whole.
// A non-*till.Error is returned only for programming errors: dst of the
// wrong type or a params struct with an unsupported field type or bad tag.
func Decode(v Values, dst any) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("stripeform: Decode needs a non-nil pointer to a struct, got %T", dst)
	}
	t := rv.Elem().Type()
	plan, err := planFor(t)
	if err != nil {
		return err
	}
	d := decoder{maxArray: v.lim.withDefaults().MaxArrayLen}
	out := reflect.New(t).Elem()
	if err := d.fields(buildTree(v), out, plan); err != nil {
		return err
	}
	rv.Elem().Set(out)
	return nil
}

// node is one path in the tree of parameters: line_items, line_items[0],
// line_items[0][price], …
type node struct {
	path      string // bracket path, for error messages
	seg       string // last segment of path
	kids      []*node
	hasValue  bool   // a key ends here
	value     string // its value
	dup       bool   // more than one key ends here
	viaAppend bool   // seg was produced by rewriting []
}

// buildTree arranges the pairs by path, keeping first-seen order among
// siblings so errors name the first offending key.
func buildTree(v Values) *node {
	root := &node{}
	index := make(map[string]*node, 2*len(v.pairs))
	for _, p := range v.pairs {
		parent, end := root, 0
		for j, s := range p.segs {
			if j == 0 {
				end = len(s)
			} else {
				end += len(s) + 2
			}
			path := p.key[:end]
			n := index[path]
			if n == nil {
				n = &node{path: path, seg: s, viaAppend: p.appended != nil && p.appended[j]}
				index[path] = n
				parent.kids = append(parent.kids, n)
			}
			parent = n
		}
		if parent.hasValue {
			parent.dup = true
		} else {
			parent.hasValue, parent.value = true, p.value
		}
	}
	return root
}

// isEmptyLeaf reports whether n is exactly one key with an empty value and
// nothing below it: the "unset" spelling for containers.
func (n *node) isEmptyLeaf() bool {
	return n.hasValue && !n.dup && n.value == "" && len(n.kids) == 0
}

type decoder struct {
	maxArray int
}

// fields decodes the children of n into the struct v.
func (d *decoder) fields(n *node, v reflect.Value, plan *structPlan) error {
	for _, k := range n.kids {
		f, ok := plan.fields[k.seg]
		if !ok || k.viaAppend {
			return unknownParam(k.path)
		}
		if err := d.value(k, v.FieldByIndex(f.index), f.emptyOK); err != nil {
			return err
		}
	}
	return nil
}

// value decodes n into v, allocating through a pointer only when there is
// something to store.
func (d *decoder) value(n *node, v reflect.Value, emptyOK bool) error {
	if v.Kind() != reflect.Pointer {
		_, err := d.direct(n, v, emptyOK)
		return err
	}
	pv := reflect.New(v.Type().Elem())
	set, err := d.direct(n, pv.Elem(), emptyOK)
	if err == nil && set {
		v.Set(pv)
	}
	return err
}

// direct decodes n into the non-pointer v and reports whether it stored
// anything (an accepted empty value for a non-string leaves v zero).
func (d *decoder) direct(n *node, v reflect.Value, emptyOK bool) (bool, error) {
	switch v.Kind() {
	case reflect.Struct:
		if n.hasValue {
			if n.isEmptyLeaf() {
				if emptyOK {
					return false, nil
				}
				return false, emptyParam(n.path)
			}
			return false, d.containerAsScalar(n, invalidHash)
		}
		plan, err := planFor(v.Type())
		if err != nil {
			return false, err
		}
		return true, d.fields(n, v, plan)
	case reflect.Slice:
		return true, d.slice(n, v)
	case reflect.Map:
		return true, d.mapping(n, v)
	default:
		return d.scalar(n, v, emptyOK)
	}
}

// containerAsScalar reports a key that sends a value where an array or
// object is expected: a repeated empty key is a duplicate, anything else
// is Stripe's "Invalid array" / "Invalid hash".
func (d *decoder) containerAsScalar(n *node, report func(string) error) error {
	if n.dup && n.value == "" && len(n.kids) == 0 {
		return duplicateParam(n.path)
	}
	return report(n.path)
}

// slice decodes an array: its keys must be the indices 0..len-1, each
// written without leading zeros.
func (d *decoder) slice(n *node, v reflect.Value) error {
	if n.hasValue {
		if n.isEmptyLeaf() {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			return nil
		}
		return d.containerAsScalar(n, invalidArray)
	}
	count := len(n.kids)
	idx := make([]int, count)
	for i, k := range n.kids {
		s := k.seg
		if !isDigits(s) {
			return invalidArray(n.path)
		}
		if len(s) > 1 && s[0] == '0' {
			return invalidArray(n.path)
		}
		if len(s) > 9 {
			return arrayTooLong(n.path, d.maxArray)
		}
		j, _ := strconv.Atoi(s)
		if j >= d.maxArray {
			return arrayTooLong(n.path, d.maxArray)
		}
		if j >= count {
			// count distinct indices are all below count only when they
			// are exactly 0..count-1; anything else leaves a hole.
			return invalidArray(n.path)
		}
		idx[i] = j
	}
	out := reflect.MakeSlice(v.Type(), count, count)
	for i, k := range n.kids {
		if err := d.value(k, out.Index(idx[i]), false); err != nil {
			return err
		}
	}
	v.Set(out)
	return nil
}

// mapping decodes a map[string]string, where an empty entry value is kept
// (it is how Stripe clients unset one key), or a map of objects keyed by a
// name of the caller's (currency_options[eur][amount_off]).
func (d *decoder) mapping(n *node, v reflect.Value) error {
	if n.hasValue {
		if n.isEmptyLeaf() {
			v.Set(reflect.MakeMap(v.Type()))
			return nil
		}
		return d.containerAsScalar(n, invalidHash)
	}
	t := v.Type()
	m := reflect.MakeMapWithSize(t, len(n.kids))
	for _, k := range n.kids {
		if k.viaAppend {
			// metadata[]=x: an array where an object is expected.
			return invalidHash(n.path)
		}
		key := reflect.ValueOf(k.seg).Convert(t.Key())
		if t.Elem().Kind() == reflect.Struct {
			elem := reflect.New(t.Elem()).Elem()
			if err := d.value(k, elem, false); err != nil {
				return err
			}
			m.SetMapIndex(key, elem)
			continue
		}
		if err := scalarNode(k); err != nil {
			return err
		}
		m.SetMapIndex(key, reflect.ValueOf(k.value).Convert(t.Elem()))
	}
	v.Set(m)
	return nil
}

// scalarNode checks that n is a single key with nothing nested below it.
func scalarNode(n *node) error {
	if len(n.kids) > 0 {
		return unknownParam(n.kids[0].path)
	}
	if n.dup {
		return duplicateParam(n.path)
	}
	return nil
}

// scalar parses n's value into v and reports whether it stored anything.
func (d *decoder) scalar(n *node, v reflect.Value, emptyOK bool) (bool, error) {
	if err := scalarNode(n); err != nil {
		return false, err
	}
	s := n.value
	if s == "" {
		if !emptyOK {
			return false, emptyParam(n.path)
		}
		if v.Kind() != reflect.String {
			return false, nil
		}
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		switch s {
		case "true":
			v.SetBool(true)
		case "false":
			v.SetBool(false)
		default:
			return false, invalidBoolean(n.path, s)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(s, 10, v.Type().Bits())
		if err != nil {
			return false, invalidInteger(n.path, s)
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u, err := strconv.ParseUint(s, 10, v.Type().Bits())
		if err != nil {
			return false, invalidInteger(n.path, s)
		}
		v.SetUint(u)
	case reflect.Float32, reflect.Float64:
		f, ok := parseDecimal(s, v.Type().Bits())
		if !ok {
			return false, invalidDecimal(n.path, s)
		}
		v.SetFloat(f)
	default:
		// planFor admits no other kinds.
		return false, fmt.Errorf("stripeform: unsupported kind %s at %s", v.Kind(), n.path)
	}
	return true, nil
}

// parseDecimal accepts plain decimal notation (optional sign, digits,
// fraction, exponent) and refuses what strconv would also take but no
// Stripe client sends as a decimal: Inf, NaN, hex floats, underscores, and
// values that overflow.
func parseDecimal(s string, bits int) (float64, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, bits)
	return f, err == nil
}

// structPlan is what Decode needs to know about a params struct type,
// computed once per type.
type structPlan struct {
	fields map[string]fieldPlan // by form tag name
}

type fieldPlan struct {
	index   []int // for reflect.Value.FieldByIndex, through embedded structs
	emptyOK bool
}

var (
	plans  sync.Map   // reflect.Type → *structPlan, complete and valid only
	planMu sync.Mutex // serializes building, so recursive types are built once
)

// planFor returns the plan of struct type t, building and checking it (and
// every struct type reachable from it) on first use, so an unsupported
// field type fails on every request rather than only on the inputs that
// reach it.
func planFor(t reflect.Type) (*structPlan, error) {
	if p, ok := plans.Load(t); ok {
		return p.(*structPlan), nil
	}
	planMu.Lock()
	defer planMu.Unlock()
	building := map[reflect.Type]*structPlan{}
	p, err := buildPlan(t, building)
	if err != nil {
		return nil, err
	}
	for bt, bp := range building {
		plans.Store(bt, bp)
	}
	return p, nil
}

func buildPlan(t reflect.Type, building map[reflect.Type]*structPlan) (*structPlan, error) {
	if p, ok := plans.Load(t); ok {
		return p.(*structPlan), nil
	}
	if p, ok := building[t]; ok {
		return p, nil // a recursive type; filled in further up the stack
	}
	p := &structPlan{fields: map[string]fieldPlan{}}
	building[t] = p
	if err := addFields(p, t, nil, building); err != nil {
		return nil, err
	}
	return p, nil
}

func addFields(p *structPlan, t reflect.Type, index []int, building map[reflect.Type]*structPlan) error {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, tagged := f.Tag.Lookup("form")
		if tag == "-" {
			continue
		}
		fieldIndex := append(append([]int(nil), index...), i)
		if !tagged {
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				if err := addFields(p, f.Type, fieldIndex, building); err != nil {
					return err
				}
			}
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		where := t.String() + "." + f.Name
		switch {
		case !f.IsExported():
			return fmt.Errorf("stripeform: %s has a form tag but is unexported", where)
		case name == "" || strings.ContainsAny(name, "[]"):
			return fmt.Errorf("stripeform: %s has an invalid form name %q", where, name)
		}
		if _, dup := p.fields[name]; dup {
			return fmt.Errorf("stripeform: %s repeats the form name %q", where, name)
		}
		emptyOK := false
		for o := range strings.SplitSeq(opts, ",") {
			switch o {
			case "":
			case "emptyok":
				emptyOK = true
			default:
				return fmt.Errorf("stripeform: %s has an unknown form tag option %q", where, o)
			}
		}
		if err := checkType(f.Type, building); err != nil {
			return fmt.Errorf("stripeform: %s: %w", where, err)
		}
		p.fields[name] = fieldPlan{index: fieldIndex, emptyOK: emptyOK}
	}
	return nil
}

func isScalarKind(k reflect.Kind) bool {
	switch k {
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// checkType reports whether Decode can fill a field of type t.
func checkType(t reflect.Type, building map[reflect.Type]*structPlan) error {
	switch k := t.Kind(); {
	case isScalarKind(k):
		return nil
	case k == reflect.Pointer:
		e := t.Elem()
		if isScalarKind(e.Kind()) {
			return nil
		}
		if e.Kind() == reflect.Struct {
			_, err := buildPlan(e, building)
			return err
		}
	case k == reflect.Struct:
		_, err := buildPlan(t, building)
		return err
	case k == reflect.Slice:
		return checkType(t.Elem(), building)
	case k == reflect.Map:
		if t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.String {
			return nil
		}
		if t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.Struct {
			_, err := buildPlan(t.Elem(), building)
			return err
		}
	}
	return fmt.Errorf("unsupported type %s", t)
}

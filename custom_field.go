package till

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Custom field types.
const (
	CustomFieldText     = "text"
	CustomFieldNumeric  = "numeric"
	CustomFieldDropdown = "dropdown"
)

// Stripe's limits on custom_fields.
const (
	MaxCustomFields       = 3
	maxCustomFieldKey     = 200
	maxCustomFieldLabel   = 50
	maxCustomFieldLength  = 255
	maxDropdownOptions    = 200
	maxDropdownOptionText = 100
)

// CustomField is a field a session asks the shopper to fill in, as the
// merchant defined it, and the shopper's Value once the session completed.
type CustomField struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	Type     string `json:"type"`
	Optional bool   `json:"optional"`
	// MinimumLength and MaximumLength bound a text or numeric field's value.
	MinimumLength *int64 `json:"minimum_length,omitempty"`
	MaximumLength *int64 `json:"maximum_length,omitempty"`
	// DefaultValue pre-fills the field (a dropdown's: one of its options).
	DefaultValue *string `json:"default_value,omitempty"`
	// Options are a dropdown's choices.
	Options []CustomFieldOption `json:"options,omitempty"`
	Value   *string             `json:"value,omitempty"`
}

// CustomFieldOption is one choice of a dropdown: what the shopper reads and
// what the merchant receives.
type CustomFieldOption struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// CustomFieldParams is one custom_fields[i] of a create.
type CustomFieldParams struct {
	Key      *string                    `form:"key"`
	Label    *CustomFieldLabelParams    `form:"label"`
	Type     *string                    `form:"type"`
	Optional *bool                      `form:"optional"`
	Text     *CustomFieldTextParams     `form:"text"`
	Numeric  *CustomFieldTextParams     `form:"numeric"`
	Dropdown *CustomFieldDropdownParams `form:"dropdown"`
}

// CustomFieldLabelParams is a field's label: Stripe has only custom ones.
type CustomFieldLabelParams struct {
	Type   *string `form:"type"`
	Custom *string `form:"custom"`
}

// CustomFieldTextParams configures a text or numeric field.
type CustomFieldTextParams struct {
	MinimumLength *int64  `form:"minimum_length"`
	MaximumLength *int64  `form:"maximum_length"`
	DefaultValue  *string `form:"default_value"`
}

// CustomFieldDropdownParams configures a dropdown.
type CustomFieldDropdownParams struct {
	Options      []CustomFieldOptionParams `form:"options"`
	DefaultValue *string                   `form:"default_value"`
}

// CustomFieldOptionParams is one dropdown[options][j].
type CustomFieldOptionParams struct {
	Label *string `form:"label"`
	Value *string `form:"value"`
}

// alphanumeric reports whether s is made of ASCII letters and digits only,
// as Stripe requires of keys and option values.
func alphanumeric(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r))
	})
}

// checkCustomFields applies Stripe's rules to custom_fields: at most three,
// unique alphanumeric keys, a custom label, a type whose options match it,
// lengths within 0..255 with the minimum not above the maximum, and a
// dropdown with 1 to 200 options of unique alphanumeric values and a
// default among them. Where Stripe's exact wording is not on record, the
// messages are Till's, in Stripe's manner.
func checkCustomFields(fields []CustomFieldParams) error {
	if len(fields) > MaxCustomFields {
		return Invalid(CodeInvalidRequest, "custom_fields", "You may only specify up to %d custom fields.", MaxCustomFields)
	}
	seen := map[string]bool{}
	for i := range fields {
		f, p := &fields[i], fmt.Sprintf("custom_fields[%d]", i)
		switch {
		case f.Key == nil:
			return Missing(p + "[key]")
		case utf8.RuneCountInString(*f.Key) > maxCustomFieldKey:
			return Invalid(CodeInvalidRequest, p+"[key]", "Invalid %s[key]: must be at most %d characters", p, maxCustomFieldKey)
		case !alphanumeric(*f.Key):
			return Invalid(CodeInvalidRequest, p+"[key]", "Invalid %s[key]: must contain only alphanumeric characters.", p)
		case seen[*f.Key]:
			return Invalid(CodeInvalidRequest, p+"[key]", "Custom field keys must be unique, but %s appears more than once.", *f.Key)
		}
		seen[*f.Key] = true
		if f.Label == nil {
			return Missing(p + "[label]")
		}
		if f.Label.Type == nil {
			return Missing(p + "[label][type]")
		}
		if err := oneOf(p+"[label][type]", f.Label.Type, "custom"); err != nil {
			return err
		}
		if f.Label.Custom == nil || *f.Label.Custom == "" {
			return Missing(p + "[label][custom]")
		}
		if err := maxLen(p+"[label][custom]", f.Label.Custom, maxCustomFieldLabel); err != nil {
			return err
		}
		if f.Type == nil {
			return Missing(p + "[type]")
		}
		if err := oneOf(p+"[type]", f.Type, CustomFieldDropdown, CustomFieldNumeric, CustomFieldText); err != nil {
			return err
		}
		for _, o := range []struct {
			name  string
			given bool
		}{{CustomFieldDropdown, f.Dropdown != nil}, {CustomFieldNumeric, f.Numeric != nil}, {CustomFieldText, f.Text != nil}} {
			if name := o.name; o.given && name != *f.Type {
				return Invalid(CodeInvalidRequest, p+"["+name+"]",
					"%s[%s] can only be set when %s[type] is %s.", p, name, p, name)
			}
		}
		var err error
		switch *f.Type {
		case CustomFieldDropdown:
			err = checkDropdown(f.Dropdown, p+"[dropdown]")
		case CustomFieldText:
			err = checkLengths(f.Text, p+"[text]")
		default:
			err = checkLengths(f.Numeric, p+"[numeric]")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func checkLengths(t *CustomFieldTextParams, p string) error {
	if t == nil {
		return nil
	}
	for _, l := range []struct {
		name string
		v    *int64
	}{{"minimum_length", t.MinimumLength}, {"maximum_length", t.MaximumLength}} {
		if l.v != nil && (*l.v < 0 || *l.v > maxCustomFieldLength) {
			return Invalid(CodeInvalidRequest, p+"["+l.name+"]", "Invalid %s[%s]: must be between 0 and %d.", p, l.name, maxCustomFieldLength)
		}
	}
	if t.MinimumLength != nil && t.MaximumLength != nil && *t.MinimumLength > *t.MaximumLength {
		return Invalid(CodeInvalidRequest, p+"[minimum_length]", "%s[minimum_length] cannot be greater than %s[maximum_length].", p, p)
	}
	if t.DefaultValue != nil && t.MaximumLength != nil && int64(utf8.RuneCountInString(*t.DefaultValue)) > *t.MaximumLength {
		return Invalid(CodeInvalidRequest, p+"[default_value]", "%s[default_value] is longer than %s[maximum_length].", p, p)
	}
	return maxLen(p+"[default_value]", t.DefaultValue, maxCustomFieldLength)
}

func checkDropdown(d *CustomFieldDropdownParams, p string) error {
	if d == nil || len(d.Options) == 0 {
		return Missing(p + "[options]")
	}
	if len(d.Options) > maxDropdownOptions {
		return Invalid(CodeInvalidRequest, p+"[options]", "You may only specify up to %d options for a dropdown.", maxDropdownOptions)
	}
	var values []string
	for j, o := range d.Options {
		op := fmt.Sprintf("%s[options][%d]", p, j)
		switch {
		case o.Label == nil || *o.Label == "":
			return Missing(op + "[label]")
		case o.Value == nil || *o.Value == "":
			return Missing(op + "[value]")
		case !alphanumeric(*o.Value):
			return Invalid(CodeInvalidRequest, op+"[value]", "Invalid %s[value]: must contain only alphanumeric characters.", op)
		case slices.Contains(values, *o.Value):
			return Invalid(CodeInvalidRequest, op+"[value]", "Dropdown option values must be unique, but %s appears more than once.", *o.Value)
		}
		if err := maxLen(op+"[label]", o.Label, maxDropdownOptionText); err != nil {
			return err
		}
		if err := maxLen(op+"[value]", o.Value, maxDropdownOptionText); err != nil {
			return err
		}
		values = append(values, *o.Value)
	}
	if d.DefaultValue != nil && !slices.Contains(values, *d.DefaultValue) {
		return Invalid(CodeInvalidRequest, p+"[default_value]", "%s[default_value] must be the value of one of the options.", p)
	}
	return nil
}

// planCustomFields turns checked custom_fields into the session's.
func planCustomFields(fields []CustomFieldParams) []CustomField {
	out := make([]CustomField, len(fields))
	for i, f := range fields {
		cf := CustomField{Key: *f.Key, Label: *f.Label.Custom, Type: *f.Type}
		if f.Optional != nil {
			cf.Optional = *f.Optional
		}
		t := f.Text
		if f.Numeric != nil {
			t = f.Numeric
		}
		if t != nil {
			cf.MinimumLength, cf.MaximumLength, cf.DefaultValue = t.MinimumLength, t.MaximumLength, t.DefaultValue
		}
		if d := f.Dropdown; d != nil {
			cf.DefaultValue = d.DefaultValue
			for _, o := range d.Options {
				cf.Options = append(cf.Options, CustomFieldOption{Label: *o.Label, Value: *o.Value})
			}
		}
		out[i] = cf
	}
	return out
}

// CustomFieldProblem says what is wrong with a value the shopper gave a
// custom field, as the key of the page's message; "" when it is fine. An
// empty value is fine for an optional field. Numeric fields take digits
// only; lengths count characters.
func (f *CustomField) CustomFieldProblem(value string) string {
	if value == "" {
		if f.Optional {
			return ""
		}
		return "custom_field_required"
	}
	n := int64(utf8.RuneCountInString(value))
	switch {
	case f.Type == CustomFieldDropdown:
		if !slices.ContainsFunc(f.Options, func(o CustomFieldOption) bool { return o.Value == value }) {
			return "custom_field_option"
		}
		return ""
	case f.Type == CustomFieldNumeric && strings.ContainsFunc(value, func(r rune) bool { return r < '0' || r > '9' }):
		return "custom_field_numeric"
	case f.MinimumLength != nil && n < *f.MinimumLength:
		return "custom_field_too_short"
	case n > f.maxLength():
		return "custom_field_too_long"
	}
	return ""
}

// maxLength is the longest value a text or numeric field takes: its
// maximum_length, else Stripe's 255.
func (f *CustomField) maxLength() int64 {
	if f.MaximumLength != nil {
		return *f.MaximumLength
	}
	return maxCustomFieldLength
}

// checkCustomFieldValues checks the shopper's values (by key) against a
// session's custom fields, adding each problem under the field's name
// CustomFieldName gives, and returns the values to record.
func checkCustomFieldValues(fields []CustomField, values map[string]string, errs *FieldErrors) map[string]string {
	out := map[string]string{}
	for i := range fields {
		f := &fields[i]
		v := strings.TrimSpace(values[f.Key])
		if key := f.CustomFieldProblem(v); key != "" {
			errs.Add(CustomFieldName(f.Key), key)
			continue
		}
		if v != "" {
			out[f.Key] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// CustomFieldName is how the form's problems name a custom field.
func CustomFieldName(key string) string { return "custom_field_" + key }

// withValues is the fields with the shopper's values filled in.
func withValues(fields []CustomField, values map[string]string) []CustomField {
	out := slices.Clone(fields)
	for i := range out {
		if v, ok := values[out[i].Key]; ok {
			out[i].Value = &v
		}
	}
	return out
}

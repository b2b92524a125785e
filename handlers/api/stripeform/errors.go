package stripeform

import (
	"unicode/utf8"

	"till"
)

// The errors below reproduce Stripe's replies where they are known: the
// message text, the code (empty where Stripe sends none, as for "Invalid
// array") and the param in bracket notation.

func unknownParam(path string) error {
	return till.Invalid(till.CodeParameterUnknown, path, "Received unknown parameter: %s", path)
}

func emptyParam(path string) error {
	return till.Invalid(till.CodeParameterInvalidEmpty, path,
		"You passed an empty string for '%s'. We assume empty values are an attempt to unset a parameter; "+
			"however '%s' cannot be unset. You should remove '%s' from your request or supply a non-empty value.",
		path, path, path)
}

func invalidArray(path string) error {
	return till.Invalid("", path, "Invalid array")
}

func arrayTooLong(path string, max int) error {
	return till.Invalid("", path, "Invalid array: %s may have at most %d elements.", path, max)
}

func invalidHash(path string) error {
	return till.Invalid("", path, "Invalid hash")
}

func duplicateParam(path string) error {
	return till.Invalid(till.CodeInvalidRequest, path, "Received duplicate parameter: %s", path)
}

func invalidInteger(path, v string) error {
	return till.Invalid(till.CodeParameterInvalidInteger, path, "Invalid integer: %s", clip(v))
}

func invalidBoolean(path, v string) error {
	return till.Invalid("", path, "Invalid boolean: %s", clip(v))
}

func invalidDecimal(path, v string) error {
	return till.Invalid("", path, "Invalid decimal: %s", clip(v))
}

// clip shortens a value echoed in an error message, at a rune boundary, so
// a 50 kB value does not come back in full.
func clip(s string) string {
	const max = 100
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

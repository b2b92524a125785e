package till

import (
	"maps"
	"strings"
	"testing"
)

func TestIsDahliaOrLater(t *testing.T) {
	tests := []struct {
		version string
		want    bool
	}{
		{"2025-03-31.basil", false},
		{"2025-08-27.basil", false},
		{"2025-12-15.clover", false},
		{"2026-03-24.clover", false},
		{"2026-03-25.dahlia", true},
		{"2026-07-29.dahlia", true},
		{"2026-10-28.endive", true},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsDahliaOrLater(tt.version); got != tt.want {
			t.Errorf("IsDahliaOrLater(%q) = %v, want %v", tt.version, got, tt.want)
		}
	}
}

// TestUIModeForVersion checks that a stored ui_mode is echoed in the
// spelling of the caller's Stripe-Version.
func TestUIModeForVersion(t *testing.T) {
	tests := []struct {
		uiMode, version, want string
	}{
		{UIModeHosted, basilVersion, "hosted"},
		{UIModeEmbedded, basilVersion, "embedded"},
		{UIModeCustom, basilVersion, "custom"},
		{UIModeHosted, dahliaVersion, "hosted_page"},
		{UIModeEmbedded, dahliaVersion, "embedded_page"},
		{UIModeCustom, dahliaVersion, "elements"},
		{UIModeCustom, "2026-10-28.endive", "elements"},
	}
	for _, tt := range tests {
		if got := UIModeForVersion(tt.uiMode, tt.version); got != tt.want {
			t.Errorf("UIModeForVersion(%q, %q) = %q, want %q", tt.uiMode, tt.version, got, tt.want)
		}
	}
}

func TestParseUIMode(t *testing.T) {
	tests := []struct {
		value, version string
		want           string
		ok             bool
	}{
		{"hosted", basilVersion, UIModeHosted, true},
		{"embedded", basilVersion, UIModeEmbedded, true},
		{"custom", basilVersion, UIModeCustom, true},
		{"hosted_page", basilVersion, UIModeHosted, true},
		{"embedded_page", basilVersion, UIModeEmbedded, true},
		{"elements", basilVersion, UIModeCustom, true},
		{"hosted_page", dahliaVersion, UIModeHosted, true},
		{"embedded_page", dahliaVersion, UIModeEmbedded, true},
		{"elements", dahliaVersion, UIModeCustom, true},
		{"hosted", dahliaVersion, "", false},
		{"embedded", dahliaVersion, "", false},
		{"custom", dahliaVersion, "", false},
		{"form", dahliaVersion, "", false},
		{"", basilVersion, "", false},
		{"HOSTED", basilVersion, "", false},
	}
	for _, tt := range tests {
		got, ok := parseUIMode(tt.value, tt.version)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseUIMode(%q, %q) = %q, %v, want %q, %v", tt.value, tt.version, got, ok, tt.want, tt.ok)
		}
	}
}

func TestOneOf(t *testing.T) {
	tests := []struct {
		name    string
		v       *string
		allowed []string
		msg     string // "" when v is allowed
	}{
		{"OKAbsent", nil, []string{"a", "b"}, ""},
		{"OKAllowed", ptr("b"), []string{"a", "b"}, ""},
		{"ErrOneValue", ptr("x"), []string{"card"}, "Invalid p: must be one of card"},
		{"ErrTwoValues", ptr("x"), []string{"hosted", "embedded"}, "Invalid p: must be one of hosted or embedded"},
		{"ErrThreeValues", ptr("x"), []string{"payment", "setup", "subscription"},
			"Invalid p: must be one of payment, setup, or subscription"},
		{"ErrEmpty", ptr(""), []string{"a", "b"}, "Invalid p: must be one of a or b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := oneOf("p", tt.v, tt.allowed...)
			if tt.msg == "" {
				checkErr(t, err, "", "", "")
				return
			}
			checkErr(t, err, CodeInvalidRequest, "p", tt.msg)
		})
	}
}

func TestMaxLen(t *testing.T) {
	tests := []struct {
		name string
		v    *string
		ok   bool
	}{
		{"OKAbsent", nil, true},
		{"OKAtLimit", ptr("abcde"), true},
		{"OKRunesAtLimit", ptr("ééééé"), true}, // 10 bytes, 5 characters
		{"ErrOverLimit", ptr("abcdef"), false},
		{"ErrRunesOverLimit", ptr("éééééé"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := maxLen("p", tt.v, 5)
			if tt.ok {
				checkErr(t, err, "", "", "")
				return
			}
			checkErr(t, err, CodeInvalidRequest, "p", "Invalid p: must be at most 5 characters")
		})
	}
}

func TestCheckRedirectURL(t *testing.T) {
	tests := []struct {
		name string
		url  string
		ok   bool
	}{
		{"OKHTTPS", "https://shop.example/thanks", true},
		{"OKHTTP", "http://shop.example/thanks", true},
		{"OKPort", "https://shop.example:8443/thanks", true},
		{"OKUpperScheme", "HTTPS://shop.example/", true},
		{"OKQueryAndFragment", "https://shop.example/t?a=1&b=2#top", true},
		{"OKPlaceholder", "https://shop.example/t?session_id={CHECKOUT_SESSION_ID}", true},
		{"OKPlaceholderTwice", "https://shop.example/{CHECKOUT_SESSION_ID}?id={CHECKOUT_SESSION_ID}", true},
		{"OKPercentEncoded", "https://shop.example/caf%C3%A9?q=a%2Bb%20c", true},
		{"OKEncodedPercent", "https://shop.example/%250a", true}, // a literal "%0a", not a line feed
		{"OK5000", "https://a.example/" + strings.Repeat("a", 5000-len("https://a.example/")), true},
		{"OKIPv6", "https://[::1]:8080/ok", true},
		{"OK5000Characters", "https://a.example/" + strings.Repeat("é", 5000-len("https://a.example/")), true}, // 9982 bytes
		{"Err5001Characters", "https://a.example/" + strings.Repeat("é", 5001-len("https://a.example/")), false},

		// T23's list.
		{"ErrJavaScript", "javascript:alert(1)", false},
		{"ErrData", "data:text/html,<script>alert(1)</script>", false},
		{"ErrRelative", "/relative", false},
		{"ErrSchemeRelative", "//evil.example", false},
		{"ErrEncodedCRLF", "https://a.example/%0d%0aSet-Cookie:x", false},
		{"ErrRawCRLF", "https://a.example/\r\nSet-Cookie:x", false},
		{"ErrUserinfo", "https://user:pw@a.example", false},
		{"Err5001", "https://a.example/" + strings.Repeat("a", 5001-len("https://a.example/")), false},

		{"ErrEncodedNUL", "https://a.example/%00", false},
		{"ErrEncodedDEL", "https://a.example/?q=%7F", false},
		{"ErrEncodedTab", "https://a.example/%09", false},
		{"ErrRawDEL", "https://a.example/\x7f", false},
		{"ErrRawCR", "https://a.example/\r", false},
		{"ErrVBScript", "vbscript:msgbox(1)", false},
		{"ErrFile", "file:///etc/passwd", false},
		{"ErrMailto", "mailto:jane@example.com", false},
		{"ErrNoScheme", "shop.example/thanks", false},
		{"ErrOpaque", "https:shop.example", false},
		{"ErrNoHost", "https:///path", false},
		{"ErrEmpty", "", false},
		{"ErrSpaceInHost", "https://shop example/", false},
		{"ErrBadEscapeInHost", "https://%zz/", false},
		{"ErrPlaceholderAsScheme", "{CHECKOUT_SESSION_ID}://a.example", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckRedirectURL("success_url", tt.url)
			if tt.ok {
				checkErr(t, err, "", "", "")
				return
			}
			checkErr(t, err, CodeURLInvalid, "success_url", "Not a valid URL")
		})
	}
	t.Run("ErrNamesTheParam", func(t *testing.T) {
		checkErr(t, CheckRedirectURL("line_items[0][price_data][product_data][images][3]", "/x.png"),
			CodeURLInvalid, "line_items[0][price_data][product_data][images][3]", "")
	})
}

func TestCheckMetadata(t *testing.T) {
	k41 := strings.Repeat("k", 41)
	tests := []struct {
		name        string
		m           map[string]string
		code, param string
		msg         string
	}{
		{name: "OKNil"},
		{name: "OKEmpty", m: map[string]string{}},
		{name: "OK50Keys", m: numberedKeys("k", 50)},
		{name: "Err51Keys", m: numberedKeys("k", 51),
			code: CodeInvalidRequest, param: "metadata", msg: "Metadata can have up to 50 keys, but you've set 51."},
		{name: "OKKey40", m: map[string]string{strings.Repeat("k", 40): "v"}},
		{name: "OKKey40Runes", m: map[string]string{strings.Repeat("ß", 40): "v"}},
		{name: "ErrKey41", m: map[string]string{k41: "v"}, code: CodeInvalidRequest, param: "metadata[" + k41 + "]",
			msg: "Metadata keys can have up to 40 characters, but you passed in a key that is 41 characters. Invalid key: " + k41},
		{name: "OKValue500", m: map[string]string{"k": strings.Repeat("v", 500)}},
		{name: "OKValue500Runes", m: map[string]string{"k": strings.Repeat("€", 500)}},
		{name: "ErrValue501", m: map[string]string{"k": strings.Repeat("v", 501)}, code: CodeInvalidRequest, param: "metadata[k]",
			msg: "Metadata values can have up to 500 characters, but you passed in a value that is 501 characters. Invalid value: " + strings.Repeat("v", 501)},
		{name: "OKEmptyValue", m: map[string]string{"k": ""}},
		{name: "ErrKeyOpenBracket", m: map[string]string{"a[b": "v"}, code: CodeInvalidRequest, param: "metadata[a[b]"},
		{name: "ErrKeyCloseBracket", m: map[string]string{"a]": "v"}, code: CodeInvalidRequest, param: "metadata[a]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, CheckMetadata("metadata", tt.m), tt.code, tt.param, tt.msg)
		})
	}
	t.Run("ErrNestedParam", func(t *testing.T) {
		checkErr(t, CheckMetadata("payment_intent_data[metadata]", map[string]string{k41: "v"}),
			CodeInvalidRequest, "payment_intent_data[metadata]["+k41+"]", "")
	})
}

func TestCleanMetadata(t *testing.T) {
	tests := []struct {
		name string
		m    map[string]string
		want map[string]string
	}{
		{"OKNil", nil, map[string]string{}},
		{"OKKeepsValues", map[string]string{"a": "1", "b": "2"}, map[string]string{"a": "1", "b": "2"}},
		{"OKDropsEmptyValues", map[string]string{"a": "1", "b": ""}, map[string]string{"a": "1"}},
		{"OKAllEmpty", map[string]string{"a": ""}, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := maps.Clone(tt.m)
			got := CleanMetadata(tt.m)
			if got == nil || !maps.Equal(got, tt.want) {
				t.Errorf("CleanMetadata = %#v, want %#v", got, tt.want)
			}
			if !maps.Equal(tt.m, before) {
				t.Errorf("input changed to %v, want %v untouched", tt.m, before)
			}
		})
	}
}

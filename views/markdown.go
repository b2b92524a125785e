package views

import (
	"html"
	"net/url"
	"strings"
)

// markdown renders a merchant's custom text (custom_text[…][message]) in
// the subset of Markdown Stripe's page renders: **bold**, *italic*,
// [links](https://…) and line breaks. Everything else, HTML included, is
// text: every character outside those marks is escaped, and a link is one
// only when its target is an absolute http or https URL, written into a
// quoted, escaped href that opens in a new tab without the page as its
// opener. Marks that do not close are text too.
func markdown(src string) string {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = inline(l, true)
	}
	return strings.Join(lines, "<br>")
}

// inline renders one line; links is false inside a link's text, which may
// hold emphasis but no other link.
func inline(s string, links bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		rest := s[i:]
		if strings.HasPrefix(rest, "**") {
			if end := closing(rest, "**"); end > 0 {
				b.WriteString("<strong>" + inline(rest[2:end], links) + "</strong>")
				i += end + 2
				continue
			}
		} else if rest[0] == '*' {
			if end := closing(rest, "*"); end > 0 {
				b.WriteString("<em>" + inline(rest[1:end], links) + "</em>")
				i += end + 1
				continue
			}
		} else if rest[0] == '[' && links {
			if text, target, n, ok := link(rest); ok {
				b.WriteString(`<a href="` + html.EscapeString(target) + `" rel="noopener noreferrer" target="_blank">` +
					inline(text, false) + "</a>")
				i += n
				continue
			}
		}
		// Text up to the next possible mark, escaped ('*' and '[' are
		// ASCII, so no UTF-8 sequence is split).
		j := i + 1
		for j < len(s) && !strings.ContainsRune("*[", rune(s[j])) {
			j++
		}
		b.WriteString(html.EscapeString(s[i:j]))
		i = j
	}
	return b.String()
}

// closing finds where the emphasis mark that opens s closes: the next
// mark, outside any pair of the other mark, after text that neither begins
// nor ends with a space (as Markdown's flanking rule has it, so "2 * 3" is
// no emphasis); -1 when it does not close.
func closing(s, mark string) int {
	n := len(mark)
	if len(s) <= n || s[n] == ' ' {
		return -1
	}
	for j := n; j < len(s); j++ {
		switch {
		case mark == "*" && strings.HasPrefix(s[j:], "**"):
			if k := strings.Index(s[j+2:], "**"); k >= 0 {
				j += 2 + k + 1 // past the pair's closing mark
				continue
			}
			return -1
		case strings.HasPrefix(s[j:], mark) && j > n && s[j-1] != ' ':
			return j
		}
	}
	return -1
}

// link reads "[text](target)" at the start of s: its text, its target, and
// how many bytes it takes; ok is false unless the target is a safe URL.
func link(s string) (text, target string, n int, ok bool) {
	mid := strings.Index(s, "](")
	if mid < 1 {
		return "", "", 0, false
	}
	end := strings.IndexByte(s[mid+2:], ')')
	if end < 1 {
		return "", "", 0, false
	}
	text, target = s[1:mid], s[mid+2:mid+2+end]
	if strings.ContainsAny(text, "[]") || !safeURL(target) {
		return "", "", 0, false
	}
	return text, target, mid + 2 + end + 1, true
}

// safeURL accepts an absolute http(s) URL with a host and without spaces,
// quotes, angle brackets or control characters.
func safeURL(raw string) bool {
	if strings.ContainsFunc(raw, func(r rune) bool { return r <= ' ' || r == 0x7f || strings.ContainsRune(`"'<>\`+"`", r) }) {
		return false
	}
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

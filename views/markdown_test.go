package views

import "testing"

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"Plain", "Ships in 2 days.", "Ships in 2 days."},
		{"Bold", "Ships **today**.", "Ships <strong>today</strong>."},
		{"Italic", "Ships *soon*.", "Ships <em>soon</em>."},
		{"BoldInsideItalic", "*very **fast** shipping*", "<em>very <strong>fast</strong> shipping</em>"},
		{"Link", "See [our terms](https://shop.example/terms).",
			`See <a href="https://shop.example/terms" rel="noopener noreferrer" target="_blank">our terms</a>.`},
		{"BoldLinkText", "[**terms**](http://shop.example)",
			`<a href="http://shop.example" rel="noopener noreferrer" target="_blank"><strong>terms</strong></a>`},
		{"LineBreaks", "one\ntwo\r\nthree", "one<br>two<br>three"},
		{"UnclosedMarks", "2 * 3 and **half", "2 * 3 and **half"},
		{"EmptyBold", "****", "****"},
		{"Entities", "Tom & Jerry's \"shop\"", "Tom &amp; Jerry&#39;s &#34;shop&#34;"},
		{"NonASCII", "Lieferung **morgen** – 日本", "Lieferung <strong>morgen</strong> – 日本"},
		{"ScriptTag", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"ScriptInBold", "**<script>x</script>**", "<strong>&lt;script&gt;x&lt;/script&gt;</strong>"},
		{"ImgOnerror", `<img src=x onerror="alert(1)">`, "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"},
		{"JavaScriptLink", "[click](javascript:alert(1))", "[click](javascript:alert(1))"},
		{"JavaScriptLinkCase", "[click](JaVaScRiPt:alert(1))", "[click](JaVaScRiPt:alert(1))"},
		{"DataLink", "[x](data:text/html,<b>)", "[x](data:text/html,&lt;b&gt;)"},
		{"RelativeLink", "[x](/admin)", "[x](/admin)"},
		{"AttributeInjection", `[x](https://a.example/" onmouseover="alert(1))`,
			`[x](https://a.example/&#34; onmouseover=&#34;alert(1))`},
		{"QuoteInURL", `[x](https://a.example/'x)`, `[x](https://a.example/&#39;x)`},
		{"HTMLInLinkText", "[<b>x</b>](https://a.example)",
			`<a href="https://a.example" rel="noopener noreferrer" target="_blank">&lt;b&gt;x&lt;/b&gt;</a>`},
		{"AmpersandInURL", "[x](https://a.example/?a=1&b=2)",
			`<a href="https://a.example/?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">x</a>`},
		{"NestedLink", "[[a](https://a.example)](https://b.example)",
			`[<a href="https://a.example" rel="noopener noreferrer" target="_blank">a</a>](https://b.example)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := markdown(tc.in); got != tc.want {
				t.Errorf("markdown(%q)\n got %s\nwant %s", tc.in, got, tc.want)
			}
		})
	}
}

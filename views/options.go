package views

import (
	"bytes"
	"context"
	"html"
	"strings"
)

// Options are a select's options, rendered once (escaped by the optionList
// component) and then marked for each page: the country list of 237
// options is the same for every shopper of a locale but for the selected
// one, and rendering it was a third of the page's time.
type Options struct {
	rendered string
}

// RenderOptions renders opts, none selected.
func RenderOptions(opts []Option) Options {
	var buf bytes.Buffer
	optionList(opts).Render(context.Background(), &buf) // writes to memory: cannot fail
	return Options{rendered: buf.String()}
}

// Select returns the options with value selected (none when no option has
// it).
func (o Options) Select(value string) Options {
	plain := `<option value="` + html.EscapeString(value) + `">`
	return Options{rendered: strings.Replace(o.rendered, plain, plain[:len(plain)-1]+" selected>", 1)}
}

// Empty reports options with none to choose from: the field is an input.
func (o Options) Empty() bool { return o.rendered == "" }

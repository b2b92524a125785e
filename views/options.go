package views

import (
	"bytes"
	"context"
	"html"
	"io"
	"strings"
)

// Options are a select's options, rendered once (escaped by the optionList
// component) and then marked for each page: the country list of 237
// options is the same for every shopper of a locale but for the selected
// one, and rendering it was a third of the page's time. A page writes the
// list around its mark, rather than a copy of the list with the mark in it.
type Options struct {
	rendered string
	// selected is where " selected" goes into rendered; -1 for nowhere.
	selected int
}

// RenderOptions renders opts, none selected.
func RenderOptions(opts []Option) Options {
	var buf bytes.Buffer
	optionList(opts).Render(context.Background(), &buf) // writes to memory: cannot fail
	return Options{rendered: buf.String(), selected: -1}
}

// Select returns the options with value selected (none when no option has
// it).
func (o Options) Select(value string) Options {
	plain := `<option value="` + html.EscapeString(value) + `"`
	at := strings.Index(o.rendered, plain+">")
	if at >= 0 {
		at += len(plain)
	}
	return Options{rendered: o.rendered, selected: at}
}

// Empty reports options with none to choose from: the field is an input.
func (o Options) Empty() bool { return o.rendered == "" }

// Render writes the options, the selected one marked.
func (o Options) Render(_ context.Context, w io.Writer) error {
	if o.selected < 0 {
		_, err := io.WriteString(w, o.rendered)
		return err
	}
	for _, s := range []string{o.rendered[:o.selected], " selected", o.rendered[o.selected:]} {
		if _, err := io.WriteString(w, s); err != nil {
			return err
		}
	}
	return nil
}

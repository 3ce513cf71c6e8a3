package markdown

import (
	"strconv"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
)

// TestPageNumberingCommands: \pagenumbering{style} and \setcounter{page}{n}
// become doc.PageNumbering; another counter is left out with a warning,
// an unknown style is arabic with one.
func TestPageNumberingCommands(t *testing.T) {
	var l diag.List
	bs := Convert([]byte("\\pagenumbering{roman}\n\\setcounter{page}{3}\n\nText \\setcounter{section}{2} \\pagenumbering{weird}.\n\n\\tableofcontents\n"), Options{File: "x.md"}, &l)
	var got []string
	for _, b := range bs {
		switch b := b.(type) {
		case *doc.PageNumbering:
			got = append(got, b.Style+"="+strconv.Itoa(b.Start))
		case *doc.ListOf:
			got = append(got, "list")
		case *doc.Paragraph:
			got = append(got, doc.PlainText(b.Content))
		}
	}
	if g := strings.Join(got, "|"); g != "roman=1|=3|Text|arabic=1|.|list" {
		t.Errorf("blocks %q", g)
	}
	var msgs []string
	for _, d := range l.Items() {
		msgs = append(msgs, d.Msg)
	}
	m := strings.Join(msgs, "\n")
	if !strings.Contains(m, `raw LaTeX \setcounter is left out`) || !strings.Contains(m, `\pagenumbering{weird}: an unknown numbering`) || len(msgs) != 2 {
		t.Errorf("diagnostics:\n%s", m)
	}
}

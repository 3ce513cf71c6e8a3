package layout

import (
	"testing"

	"quire/internal/doc"
	"quire/internal/draw"
)

// footers returns the folio printed at the foot of each page ("" for none).
func footers(pages []*draw.Page) []string {
	out := make([]string, len(pages))
	for i, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if t, ok := it.(*draw.Text); ok && t.Tag != nil && t.Tag.Artifact == draw.ArtifactFooter {
				out[i] = t.S
			}
		}
	}
	return out
}

// TestPageNumbering: \pagenumbering and \setcounter{page} set the folios
// from the page they fall on, as LaTeX does (the thesis template: roman
// front matter, unnumbered contents, arabic from the first chapter), and
// the table of contents prints the folios the pages show.
func TestPageNumbering(t *testing.T) {
	para := &doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Some text of the front matter."}}}
	d := &doc.Document{Meta: doc.Meta{Title: "Folios"}, Blocks: []doc.Block{
		para, &doc.PageNumbering{Style: "gobble", Start: 1}, &doc.PageBreak{},
		&doc.PageNumbering{Style: "roman", Start: 1},
		&doc.Heading{Level: 1, ID: "abstract", Unnumbered: true, Content: []doc.Inline{doc.Text{S: "Abstract"}}}, para, &doc.PageBreak{},
		&doc.Heading{Level: 1, ID: "thanks", Unnumbered: true, Content: []doc.Inline{doc.Text{S: "Thanks"}}}, para, &doc.PageBreak{},
		&doc.PageNumbering{Style: "gobble", Start: 1}, &doc.ListOf{Kind: doc.ListContents}, &doc.PageBreak{},
		&doc.PageNumbering{Start: 1}, &doc.PageNumbering{Style: "arabic", Start: 1},
		&doc.Heading{Level: 1, ID: "intro", Content: []doc.Inline{doc.Text{S: "Introduction"}}}, para, &doc.PageBreak{},
		&doc.Heading{Level: 1, ID: "more", Content: []doc.Inline{doc.Text{S: "More"}}}, para, &doc.PageBreak{},
		&doc.PageNumbering{Style: "Alph", Start: 1},
		&doc.Heading{Level: 1, ID: "app", Content: []doc.Inline{doc.Text{S: "Appendix"}}}, para,
	}}
	doc.NumberFloats(d)
	r := runTOC(t, d)
	got := footers(r.pages)
	want := []string{"", "i", "ii", "", "1", "2", "A"}
	if len(got) != len(want) {
		t.Fatalf("folios %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("folios %q, want %q", got, want)
		}
	}
	// The viewer's page labels say the same: style and number a page.
	wantLabels := []draw.PageLabel{{Style: "", N: 1}, {Style: "r", N: 1}, {Style: "r", N: 2}, {Style: "", N: 1}, {Style: "D", N: 1}, {Style: "D", N: 2}, {Style: "A", N: 1}}
	for i, p := range r.pages {
		if p.Label == nil || *p.Label != wantLabels[i] {
			t.Errorf("page %d: label %v, want %v", i+1, p.Label, wantLabels[i])
		}
	}
	nums := r.numbers()
	for id, w := range map[string]string{"abstract": "i", "thanks": "ii", "intro": "1", "more": "2", "app": "A"} {
		if nums[id] != w {
			t.Errorf("the contents print %q for %s, its page shows %q", nums[id], id, w)
		}
	}
	for n, w := range map[int]string{1: "I", 4: "IV", 9: "IX", 14: "XIV", 40: "XL", 1987: "MCMLXXXVII", 4000: "4000"} {
		if g := roman(n); g != w {
			t.Errorf("roman(%d) = %q, want %q", n, g, w)
		}
	}
}

// TestPageNumberingNone: without a change of numbering no folios are kept
// (arabic from 1, "n of N" on the submission).
func TestPageNumberingNone(t *testing.T) {
	r := runTOC(t, tocDoc(3, 0, 0))
	if r.l.lists.folios != nil {
		t.Errorf("folios %q kept for a document that does not change them", r.l.lists.folios)
	}
	for i, p := range r.pages {
		if p.Label != nil {
			t.Errorf("page %d labelled %v in a document that numbers its pages 1, 2, 3", i+1, *p.Label)
		}
	}
	if f := footers(r.pages); f[0] != "1" {
		t.Errorf("first folio %q", f[0])
	}
}

package layout

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

// TestReusedParagraphsShareNothing sets a paragraph, then others that fill
// the pooled paragraph's slices with anchors, notes, links, hyphenated and
// long words, then the first again: its lines must be what they were, so
// nothing of one paragraph leaks into the next through the pool (para,
// its box chunks, the line scratch) or the breakers linebreak reuses.
func TestReusedParagraphsShareNothing(t *testing.T) {
	st := article(t)
	l := New(st, &diag.List{})
	g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
	o := paraOpts{justify: true, hyphenate: true, leading: 14, indent: 12}
	ts := textStyle{face: st.BodyFace, size: st.BodySize}
	first := []doc.Inline{doc.Text{S: "Typesetting a paragraph of considerable length demonstrates the hyphenation of extraordinarily long words, and the justification of lines."}}
	lines := func(in []doc.Inline) string {
		var b strings.Builder
		for _, ln := range g.setInline(in, st.TextWidth(), o, ts) {
			fmt.Fprintf(&b, "line %.3f %v %v %d notes\n", ln.width, ln.hyphenated, ln.overfull, len(ln.notes))
			for _, it := range draw.Expand(ln.items) {
				if tx, ok := it.(*draw.Text); ok {
					fmt.Fprintf(&b, "  %q %.3f %.3f %s %v glyphs %d\n", tx.S, tx.X, tx.Y, tx.Face, tx.Space, len(tx.Glyphs))
				} else {
					fmt.Fprintf(&b, "  %T %+v\n", it, it)
				}
			}
		}
		return b.String()
	}
	want := lines(first)
	note := &doc.Note{Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "A note."}}}}}
	var other []doc.Inline
	for i := 0; i < 40; i++ {
		other = append(other,
			doc.Anchor{ID: fmt.Sprintf("a%d", i)},
			doc.Text{S: "internationalization " + strings.Repeat("x", 30+i) + " "},
			doc.Link{URL: "https://example.org/a/b", Content: []doc.Inline{doc.Text{S: "linked words "}}},
			doc.Emph{Content: []doc.Inline{doc.Text{S: "emphasised incomprehensibilities"}}},
			doc.NoteRef{Note: note},
			doc.Text{S: " and "},
		)
	}
	other = append(other, doc.Anchor{ID: "end"})
	lines(other)
	lines([]doc.Inline{doc.Text{S: "Short."}})
	if got := lines(first); got != want {
		t.Errorf("the paragraph set again differs:\n%s\nfirst time:\n%s", got, want)
	}
	if !reflect.DeepEqual(lines(first), want) {
		t.Error("setting the paragraph is not repeatable")
	}
}

func TestIndexSpace(t *testing.T) {
	for _, s := range []string{"", "word", "two words", "tab\there", "nl\nx", "cr\rx", "thin\u2009space", "en\u2002em\u2003", "dash\u2013x\u2014y\u2011", "\u20acuro price", "a\xe2", "\xe2\x80", "ünïcödé wörds", "\u00a0nbsp"} {
		if got, want := indexSpace(s), strings.IndexFunc(s, isSpace); got != want {
			t.Errorf("indexSpace(%q) = %d, want %d", s, got, want)
		}
	}
}

package layout

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

// TestNoteInNote checks that a footnote referenced only from inside another
// footnote is set, after the note that refers to it.
func TestNoteInNote(t *testing.T) {
	inner := &doc.Note{Number: 2, Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Innermost remark."}}}}}
	outer := &doc.Note{Number: 1, Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Outer remark."}, doc.NoteRef{Note: inner}}}}}
	d := &doc.Document{Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Body text."}, doc.NoteRef{Note: outer}}}}}
	pages, err := New(article(t), &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	var bodyY, outerY, innerY float64
	for _, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if x, ok := it.(*draw.Text); ok {
				switch {
				case strings.Contains(x.S, "Body"):
					bodyY = x.Y
				case strings.Contains(x.S, "Outer"):
					outerY = x.Y
				case strings.Contains(x.S, "Innermost"):
					innerY = x.Y
				}
			}
		}
	}
	if outerY == 0 || innerY == 0 {
		t.Fatalf("outer note at y=%v, inner note at y=%v; both should be set", outerY, innerY)
	}
	// Notes follow the body down the page, whichever way y runs.
	if (innerY-outerY)*(outerY-bodyY) <= 0 {
		t.Errorf("the inner note (y=%v) is not below the outer one (y=%v)", innerY, outerY)
	}
}

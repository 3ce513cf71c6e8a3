package pdf

import (
	"bytes"
	"testing"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/shape"
)

// TestWordsAsTexts: a draw.Words is written exactly as the Text of each
// of its words would be, tagged or not, compressed or not: the same
// content streams, marks, plan and structure.
func TestWordsAsTexts(t *testing.T) {
	root := draw.NewDocument()
	para := root.Add(draw.RoleP)
	link := para.Add(draw.RoleLink)
	words := func(y float64, face string, tag *draw.Node, look *draw.Look, x float64, ss ...string) *draw.Words {
		w := &draw.Words{Y: y, Face: face, Size: 10, Tag: tag, Look: look}
		for k, s := range ss {
			w.W = append(w.W, draw.Word{X: x, R: &shape.Shape(face, s, 0).Runs[0].GlyphRun, Space: k < len(ss)-1})
			x += font.MustGet(face).Width(s, 10) + 2.7
		}
		return w
	}
	mk := func() []*draw.Page {
		p := &draw.Page{Width: 300, Height: 200}
		p.Items = []draw.Item{
			words(40, font.Serif, para, nil, 20, "Words", "on", "a", "line,"),
			&draw.Anchor{Name: "here", Y: 30},
			words(40, font.SerifItalic, para, nil, 120, "then", "italic"),
			words(40, font.Serif, link, draw.Colored(doc.Color{B: 0.6}), 190, "a", "link"),
			&draw.Link{X: 190, Y: 32, W: 40, H: 10, Dest: "here", Tag: link},
			words(54, font.Serif, para, nil, 20, "and", "the", "next", "line."),
		}
		return []*draw.Page{p, {Width: 300, Height: 200, Items: []draw.Item{words(40, font.Sans, draw.Artifact(draw.ArtifactFooter), nil, 140, "2")}}}
	}
	for _, opt := range []Options{{}, {Tagged: true}, DefaultOptions()} {
		pages := mk()
		asTexts := make([]*draw.Page, len(pages))
		for i, p := range pages {
			c := *p
			c.Items = draw.Expand(p.Items)
			for _, it := range c.Items {
				if _, ok := it.(*draw.Words); ok {
					t.Fatal("Expand left a Words")
				}
			}
			asTexts[i] = &c
		}
		m := Meta{Title: "Words"}
		got, want := write(t, pages, m, opt), write(t, asTexts, m, opt)
		if !bytes.Equal(got, want) {
			t.Errorf("%+v: Words written unlike their Texts (%d bytes, want %d)", opt, len(got), len(want))
		}
	}
}

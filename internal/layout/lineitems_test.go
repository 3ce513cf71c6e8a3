package layout

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/lang"
	"quire/internal/linebreak"
)

// lineItemsText is inline content whose lines hold every kind of item a
// set line has: words in several looks and sizes, links, anchors, a note
// mark, strike-outs and underlines.
func lineItemsText() []doc.Inline {
	words := "International negotiation, well-known administrative responsibility; extraordinary consideration. "
	note := &doc.Note{Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "A note."}}}}}
	return []doc.Inline{
		doc.Text{S: words},
		doc.Anchor{ID: "a1"},
		doc.Emph{Content: []doc.Inline{doc.Text{S: words}}},
		doc.Link{URL: "https://example.org", Content: []doc.Inline{doc.Text{S: "a link over words "}}},
		doc.Strike{Content: []doc.Inline{doc.Text{S: "struck out words "}}},
		doc.Underline{Content: []doc.Inline{doc.Text{S: "underlined words "}}},
		doc.Text{S: words},
		doc.NoteRef{Note: note},
		doc.Super{Content: []doc.Inline{doc.Text{S: "raised words"}}},
		doc.Text{S: " " + words + words},
	}
}

// setLines sets in as setInlineFresh does, in p, and releases p.
func setLines(p *para, in []doc.Inline, width float64, o paraOpts) []setLine {
	lg, _ := lang.Lookup("en-US")
	b := &builder{p: p, opts: o, lang: lg, docLang: lg, width: width}
	st := textStyle{face: font.Serif, size: 10}
	b.flatten(in, &st)
	b.finish()
	ls := setParagraph(p, width, o, linebreak.DefaultParams())
	p.release()
	return ls
}

// lineText writes what the lines' items draw, word by word.
func lineText(ls []setLine) string {
	var w strings.Builder
	for i, ln := range ls {
		fmt.Fprintf(&w, "line %d:\n", i)
		for _, it := range ln.items {
			switch it := it.(type) {
			case *draw.Words:
				fmt.Fprintf(&w, "  words y=%g %s %g %s %p:", it.Y, it.Face, it.Size, role(it.Tag), it.Look)
				for _, x := range it.W {
					fmt.Fprintf(&w, " %q@%.3f/%v", x.R.S, x.X, x.Space)
				}
				w.WriteString("\n")
			case *draw.Path:
				fmt.Fprintf(&w, "  path %v %v\n", it.Ops, it.LineWidth)
			case *draw.Link:
				fmt.Fprintf(&w, "  link %g %g %g %g %q %q %s\n", it.X, it.Y, it.W, it.H, it.URL, it.Dest, role(it.Tag))
			default:
				fmt.Fprintf(&w, "  %T %+v\n", it, it)
			}
		}
	}
	return w.String()
}

// role names the role of a node of the structure (nodes are made anew
// each time a paragraph is set).
func role(n *draw.Node) string {
	if n == nil {
		return "-"
	}
	return fmt.Sprint(n.Role)
}

// TestLineItemsScratch: the lines' items, Words and words are made in
// scratch a paragraph keeps for the next one (setParagraph) and copied
// into arrays of their own. A paragraph set with the scratch of earlier
// ones draws what it draws when set fresh, and the lines of the earlier
// ones are not changed by it; no line's items or words run into the
// next's.
func TestLineItemsScratch(t *testing.T) {
	in := lineItemsText()
	for _, o := range []paraOpts{{justify: true, hyphenate: true}, {}, {center: true}} {
		for _, width := range []float64{300, 90} {
			fresh := setLines(&para{}, in, width, o)
			want := lineText(fresh)
			// One paragraph's scratch, used by paragraphs of other
			// measures first.
			p := &para{}
			first := setLines(p, in, width*1.7, o)
			firstText := lineText(first)
			got := setLines(p, in, width, o)
			setLines(p, in[:3], width*0.6, o)
			if s := lineText(got); s != want {
				t.Errorf("%+v, width %g: set with earlier scratch:\n%s\nwant:\n%s", o, width, s, want)
			}
			if s := lineText(first); s != firstText {
				t.Errorf("%+v, width %g: an earlier paragraph's lines changed by the next ones", o, width)
			}
			if len(got) < 2 {
				t.Fatalf("%+v, width %g: %d lines, want several", o, width, len(got))
			}
			kinds := map[string]bool{}
			for i, ln := range got {
				if cap(ln.items) != len(ln.items) {
					t.Errorf("line %d: %d items, room for %d", i, len(ln.items), cap(ln.items))
				}
				for _, it := range ln.items {
					kinds[fmt.Sprintf("%T", it)] = true
					if w, ok := it.(*draw.Words); ok && cap(w.W) != len(w.W) {
						t.Errorf("line %d: Words of %d words, room for %d", i, len(w.W), cap(w.W))
					}
				}
			}
			for _, k := range []string{"*draw.Words", "*draw.Path", "*draw.Link", "*draw.Anchor"} {
				if !kinds[k] {
					t.Errorf("%+v, width %g: no %s on the lines", o, width, k)
				}
			}
		}
	}
}

// TestBoxSize: a paragraph's boxes are copied into its chunks and read
// line by line; what few have (anchors, notes) lies apart (boxExt).
func TestBoxSize(t *testing.T) {
	if n := unsafe.Sizeof(hbox{}); n > 72 {
		t.Errorf("hbox is %d bytes, want at most 72", n)
	}
	// A galley's boxes: one for each line of a book.
	if n := unsafe.Sizeof(vbox{}); n > 72 {
		t.Errorf("vbox is %d bytes, want at most 72", n)
	}
}

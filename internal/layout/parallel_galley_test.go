package layout

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/markdown"
	"quire/internal/style"
)

// galleyDump sets the blocks of body (Markdown) with setBlocks and
// returns a description of everything the galley holds: each box's
// height, flags, items and notes (recursively), the structure tree and
// the diagnostics, in order.
func galleyDump(t *testing.T, body string) string {
	t.Helper()
	var diags diag.List
	d := &doc.Document{Blocks: markdown.Convert([]byte(body), markdown.Options{File: "t.md"}, &diags)}
	doc.NumberNotes(d)
	st, err := style.For("article", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	l := New(st, &diags)
	l.setLang(&d.Meta)
	l.root = draw.NewDocument()
	g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
	s := l.st
	g.setBlocks(d.Blocks, ctx{width: s.TextWidth(), size: s.BodySize, leading: s.Leading, face: s.BodyFace, parent: l.root})
	var b strings.Builder
	seen := map[*noteSet]bool{}
	var box func(indent string, v *vbox)
	box = func(indent string, v *vbox) {
		fmt.Fprintf(&b, "%sh=%.4f noBreak=%v space=%v shrink=%.3f float=%v items=%d", indent, v.h, v.noBreak, v.space, v.shrink, v.float, len(v.items))
		for _, it := range draw.Expand(v.items) {
			if tx, ok := it.(*draw.Text); ok {
				fmt.Fprintf(&b, " %q@%.2f", tx.S, tx.X)
			}
		}
		b.WriteString("\n")
		for _, ns := range v.notes() {
			fmt.Fprintf(&b, "%snote %s\n", indent, ns.note.Mark)
			if !seen[ns] {
				seen[ns] = true
				for _, nl := range ns.lines {
					box(indent+"  ", nl)
				}
			}
		}
	}
	for _, v := range g.out {
		box("", v)
	}
	var tree func(n *draw.Node, depth int)
	tree = func(n *draw.Node, depth int) {
		fmt.Fprintf(&b, "%s%s %s\n", strings.Repeat("  ", depth), n.Role, n.ID)
		for _, k := range n.Kids {
			if k.Parent != n {
				fmt.Fprintf(&b, "%s(wrong parent)\n", strings.Repeat("  ", depth+1))
			}
			tree(k, depth+1)
		}
	}
	tree(l.root, 0)
	for _, dg := range diags.Recorded() {
		b.WriteString(dg.String() + "\n")
	}
	fmt.Fprintf(&b, "%+v\n", l.quality)
	return b.String()
}

// TestPartsGalley sets a document in parts of one block each and in one
// piece: the galleys must be the same, box for box.
func TestPartsGalley(t *testing.T) {
	var b strings.Builder
	para := "The frontier commission met again in the autumn, and its members argued over the maps that each side had drawn, for neither trusted the surveys of the other. "
	for s := 1; s <= 12; s++ {
		if s%4 == 3 {
			fmt.Fprintf(&b, "#### Section %d skips a level\n\n", s)
		} else {
			fmt.Fprintf(&b, "## Section %d\n\n", s)
		}
		if s%2 == 0 {
			b.WriteString("- first item\n\n- second item, of a loose list\n\n")
		}
		fmt.Fprintf(&b, "%s A note.[^n%d]\n\n", strings.Repeat(para, 2), s)
		if s == 2 || s == 9 {
			b.WriteString("Referenced twice.[^again]\n\n")
		}
		b.WriteString("> A quotation.\n\nAfter the quotation.\n\n")
		fmt.Fprintf(&b, "[^n%d]: A note which cites another.[^m%d]\n\n[^m%d]: The note inside.\n\n", s, s, s)
	}
	b.WriteString("[^again]: Referenced in sections 2 and 9.\n")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	want := galleyDump(t, b.String())
	runtime.GOMAXPROCS(4)
	defer SetPartBytes(1)()
	if parts := cutParts(markdown.Convert([]byte(b.String()), markdown.Options{}, &diag.List{})); len(parts) < 20 {
		t.Fatalf("%d parts, want one a block where notes allow", len(parts))
	}
	got := galleyDump(t, b.String())
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("line %d of the galley differs:\n got %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("galleys differ in length: %d lines, want %d", len(gl), len(wl))
	}
}

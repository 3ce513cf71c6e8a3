package layout

import (
	"math"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

// tocDoc is a document of many sections (a table of contents longer than
// a page) with figures and a table; extra paragraphs go before section
// moveAt, pushing it and what follows onto later pages.
func tocDoc(sections, moveAt, extra int) *doc.Document {
	d := &doc.Document{Meta: doc.Meta{Title: "Contents test", TOC: true, LOF: true, LOT: true}}
	para := func() *doc.Paragraph {
		return &doc.Paragraph{Content: []doc.Inline{doc.Text{S: strings.Repeat("The commission met again in the autumn and argued over the maps. ", 6)}}}
	}
	for s := 1; s <= sections; s++ {
		if s == moveAt {
			for k := 0; k < extra; k++ {
				d.Blocks = append(d.Blocks, para())
			}
		}
		d.Blocks = append(d.Blocks, &doc.Heading{Level: 1, ID: "sec" + itoa(s), Content: []doc.Inline{doc.Text{S: "Section "}, doc.Emph{Content: []doc.Inline{doc.Text{S: "number"}}}, doc.Text{S: " " + itoa(s)}}})
		d.Blocks = append(d.Blocks, &doc.Heading{Level: 2, ID: "sub" + itoa(s), Content: []doc.Inline{doc.Text{S: "A subsection whose title is long enough to wrap onto a second line of the contents, " + itoa(s)}}})
		d.Blocks = append(d.Blocks, &doc.Heading{Level: 4, ID: "deep" + itoa(s), Content: []doc.Inline{doc.Text{S: "Too deep to list"}}})
		d.Blocks = append(d.Blocks, para(), para())
		if s%10 == 0 {
			d.Blocks = append(d.Blocks, &doc.Table{ID: "tbl" + itoa(s), Caption: []doc.Inline{doc.Text{S: "The long caption of a table"}}, ShortCaption: []doc.Inline{doc.Text{S: "Short table " + itoa(s)}},
				Header: [][]doc.Inline{{doc.Text{S: "a"}}}, Rows: [][][]doc.Inline{{{doc.Text{S: "1"}}}}})
		}
	}
	d.Blocks = append(d.Blocks, &doc.Heading{Level: 1, ID: "hidden", Unlisted: true, Content: []doc.Inline{doc.Text{S: "Unlisted"}}})
	doc.NumberFloats(d)
	return d
}

type tocRun struct {
	pages []*draw.Page
	l     *Layout
}

func runTOC(t *testing.T, d *doc.Document) tocRun {
	t.Helper()
	l := New(article(t), &diag.List{})
	pages, err := l.Run(d)
	if err != nil {
		t.Fatal(err)
	}
	return tocRun{pages, l}
}

// numbers maps each entry's target to the page number it prints.
func (r tocRun) numbers() map[string]string {
	m := map[string]string{}
	for _, f := range r.l.lists.fills.list {
		m[f.id] = f.text.S
	}
	return m
}

// tocPages returns the pages that hold entries of the contents (text in a
// TOCI node).
func (r tocRun) tocPages() []int {
	var out []int
	for i, p := range r.pages {
		for _, it := range draw.Expand(p.Items) {
			if t, ok := it.(*draw.Text); ok && under(t.Tag, draw.RoleTOCI) {
				out = append(out, i+1)
				break
			}
		}
	}
	return out
}

func under(n *draw.Node, role draw.Role) bool {
	for ; n != nil; n = n.Parent {
		if n.Role == role {
			return true
		}
	}
	return false
}

// TestTOCPageNumbers: every entry prints the page its heading, figure or
// table is on, also when the contents take two pages, and when a heading
// moves to a later page the entry follows it while the contents keep
// their height (the numbers are filled in after pagination).
func TestTOCPageNumbers(t *testing.T) {
	a := runTOC(t, tocDoc(40, 25, 0))
	b := runTOC(t, tocDoc(40, 25, 12))
	for _, r := range []tocRun{a, b} {
		anchors := anchorsByPage(r.pages)
		nums := r.numbers()
		if len(nums) != 40*2+4 {
			t.Errorf("%d entries, want %d (two levels of 40 sections and 4 tables; level 4 and the unlisted heading left out)", len(nums), 40*2+4)
		}
		for id, s := range nums {
			if want := itoa(anchors[id]); s != want || anchors[id] == 0 {
				t.Errorf("entry %s prints page %q, its target is on page %s", id, s, want)
			}
		}
		if _, ok := nums["hidden"]; ok {
			t.Error("an .unlisted heading is in the contents")
		}
		if _, ok := nums["deep1"]; ok {
			t.Error("a heading below toc-depth 3 is in the contents")
		}
		if p := r.tocPages(); len(p) < 2 {
			t.Errorf("the contents take pages %v, want two or more", p)
		}
	}
	na, nb := a.numbers(), b.numbers()
	if na["sec24"] != nb["sec24"] || na["sec25"] == nb["sec25"] {
		t.Errorf("section 24 on pages %s/%s, section 25 on %s/%s: 25 should move", na["sec24"], nb["sec24"], na["sec25"], nb["sec25"])
	}
	// The lists' lines stand at the same places whatever the numbers.
	ya, yb := tocLines(a.pages), tocLines(b.pages)
	if len(ya) != len(yb) {
		t.Fatalf("%d lines of lists against %d", len(ya), len(yb))
	}
	for i := range ya {
		if ya[i] != yb[i] {
			t.Fatalf("line %d of the lists at %v, with the heading moved at %v", i, ya[i], yb[i])
		}
	}
}

// tocLines lists the page and baseline of each line of the lists.
func tocLines(pages []*draw.Page) [][2]float64 {
	var out [][2]float64
	for i, p := range pages {
		last := math.NaN()
		for _, it := range draw.Expand(p.Items) {
			if t, ok := it.(*draw.Text); ok && under(t.Tag, draw.RoleTOCI) && t.Y != last {
				out = append(out, [2]float64{float64(i), t.Y})
				last = t.Y
			}
		}
	}
	return out
}

// TestTOCEntries checks what an entry is made of: the section number, the
// title in its own markup, dot leaders on one grid, the page number
// right-aligned at the margin, all of it one link to the heading, tagged
// TOC > TOCI > Reference > Link.
func TestTOCEntries(t *testing.T) {
	r := runTOC(t, tocDoc(3, 0, 0))
	st := r.l.st
	right := st.Inner + st.TextWidth()
	p := r.pages[0]
	var dots []float64
	var nums, italics int
	var tocNode *draw.Node
	links := map[string]bool{}
	for _, it := range draw.Expand(p.Items) {
		switch it := it.(type) {
		case *draw.Text:
			if it.Tag.IsArtifact() && it.S == "." {
				dots = append(dots, it.X)
				continue
			}
			if !under(it.Tag, draw.RoleTOCI) {
				continue
			}
			if it.Tag.Role != draw.RoleLink || it.Tag.Parent.Role != draw.RoleReference || it.Tag.Parent.Parent.Role != draw.RoleTOCI {
				t.Errorf("%q is tagged %s in %s, want Link in Reference in TOCI", it.S, it.Tag.Role, it.Tag.Parent.Role)
			}
			tocNode = it.Tag.Parent.Parent.Parent
			if strings.Contains(strings.ToLower(it.Face), "italic") && it.S == "number" {
				italics++
			}
			if it.S == "1" || it.S == "2" {
				if math.Abs(it.X+measure(it)-right) < 0.01 {
					nums++
				}
			}
		case *draw.Link:
			if it.Dest != "" {
				links[it.Dest] = true
			}
		}
	}
	if tocNode == nil || tocNode.Role != draw.RoleTOC {
		t.Fatalf("entries are not in a TOC node")
	}
	if italics < 3 {
		t.Errorf("%d italic words in the entries, want the 3 titles' emphasis", italics)
	}
	if nums < 6 {
		t.Errorf("%d page numbers end at the right margin, want the 6 entries'", nums)
	}
	for _, id := range []string{"sec1", "sub2", "sec3"} {
		if !links[id] {
			t.Errorf("no link to %s on the contents' page", id)
		}
	}
	if len(dots) < 20 {
		t.Fatalf("%d leader dots", len(dots))
	}
	step := dots[1] - dots[0]
	for _, x := range dots {
		k := (x - dots[0]) / step
		if math.Abs(k-math.Round(k)) > 1e-6 {
			t.Fatalf("leader dot at %v is off the grid of %v from %v", x, step, dots[0])
		}
	}
}

// TestTOCPlacedOnce: a \tableofcontents in the manuscript prints the
// contents there, and toc: true then prints no second one; the lists of
// figures and tables take the short caption.
func TestTOCPlacedOnce(t *testing.T) {
	d := tocDoc(12, 0, 0)
	d.Blocks = append(d.Blocks[:4:4], append([]doc.Block{&doc.ListOf{Kind: doc.ListContents}}, d.Blocks[4:]...)...)
	r := runTOC(t, d)
	heads := 0
	short := false
	for _, p := range r.pages {
		for _, it := range draw.Expand(p.Items) {
			if b, ok := it.(*draw.Bookmark); ok && b.Title == "Contents" {
				heads++
			}
			if tx, ok := it.(*draw.Text); ok && under(tx.Tag, draw.RoleTOCI) && tx.S == "Short" {
				short = true
			}
		}
	}
	if heads != 1 {
		t.Errorf("%d tables of contents, want 1", heads)
	}
	if !short {
		t.Error("the list of tables does not print the short caption")
	}
	// It stands after the first section, not before it.
	if n := r.numbers(); n["sec1"] != "1" {
		t.Errorf("sec1 on page %s", n["sec1"])
	}
}

// TestTOCNone: a document that asks for no list gets none and costs no
// entries.
func TestTOCNone(t *testing.T) {
	d := tocDoc(3, 0, 0)
	d.Meta.TOC, d.Meta.LOF, d.Meta.LOT = false, false, false
	r := runTOC(t, d)
	if r.l.lists != nil || len(r.tocPages()) != 0 {
		t.Error("a list printed without toc, lof, lot or a raw command")
	}
}

// TestTOCBreaksBetweenEntries: a list that does not fit the rest of a
// page starts there and goes on on the next one, breaking between
// entries, never inside one.
func TestTOCBreaksBetweenEntries(t *testing.T) {
	d := tocDoc(12, 0, 0)
	d.Meta.TOC, d.Meta.LOT = false, false
	// Most of a page of text, then the list of tables, then its entries.
	var blocks []doc.Block
	for k := 0; k < 5; k++ {
		blocks = append(blocks, d.Blocks[3]) // a paragraph
	}
	d.Blocks = append(append(blocks, &doc.ListOf{Kind: doc.ListContents}), d.Blocks...)
	r := runTOC(t, d)
	p := r.tocPages()
	if len(p) != 2 || p[0] != 1 {
		t.Fatalf("the contents are on pages %v, want from page 1 on", p)
	}
	// No entry is cut: the lines of each TOCI are on one page.
	pageOf := map[*draw.Node]int{}
	for i, pg := range r.pages {
		for _, it := range draw.Expand(pg.Items) {
			tx, ok := it.(*draw.Text)
			if !ok || tx.Tag == nil || tx.Tag.Role != draw.RoleLink || !under(tx.Tag, draw.RoleTOCI) {
				continue
			}
			item := tx.Tag.Parent.Parent
			if p, ok := pageOf[item]; ok && p != i {
				t.Fatalf("an entry is cut between pages %d and %d", p+1, i+1)
			}
			pageOf[item] = i
		}
	}
}

// TestTOCHangingIndent: a title that wraps goes on under its first word,
// not under its number, and short of the page numbers' column.
func TestTOCHangingIndent(t *testing.T) {
	r := runTOC(t, tocDoc(3, 0, 0))
	right := r.l.st.Inner + r.l.st.TextWidth()
	// The texts of the first subsection's entry, by baseline.
	var numX float64
	starts := map[float64]float64{}
	ends := map[float64]float64{}
	for _, it := range draw.Expand(r.pages[0].Items) {
		tx, ok := it.(*draw.Text)
		if !ok || tx.Tag == nil || tx.Tag.Role != draw.RoleLink || !under(tx.Tag, draw.RoleTOCI) {
			continue
		}
		var link *draw.Link
		for _, it2 := range draw.Expand(r.pages[0].Items) {
			if l, ok := it2.(*draw.Link); ok && l.Tag == tx.Tag && l.Dest == "sub1" {
				link = l
			}
		}
		if link == nil {
			continue
		}
		if tx.S == "1.1" {
			numX = tx.X
			continue
		}
		if math.Abs(tx.X+measure(tx)-right) < 0.01 {
			continue // the page number
		}
		if x, ok := starts[tx.Y]; !ok || tx.X < x {
			starts[tx.Y] = tx.X
		}
		ends[tx.Y] = max(ends[tx.Y], tx.X+measure(tx))
	}
	if len(starts) != 2 {
		t.Fatalf("entry sub1's title is on %d lines, want 2", len(starts))
	}
	var xs []float64
	for _, x := range starts {
		xs = append(xs, x)
	}
	if len(xs) != 2 || math.Abs(xs[0]-xs[1]) > 0.01 || xs[0] <= numX+5 {
		t.Errorf("the title's lines start at %v, its number at %v: want both lines at one indent right of the number", xs, numX)
	}
	for _, e := range ends {
		if e > right-2.5*r.l.st.BodySize {
			t.Errorf("a title line ends at %v, in the page numbers' column (right margin %v)", e, right)
		}
	}
}

// TestTOCUnnumberedAtIndent: an unnumbered heading's entry starts at its
// level's indent, where a number would stand (LaTeX's \addcontentsline
// without \numberline), a numbered one after the number's box.
func TestTOCUnnumberedAtIndent(t *testing.T) {
	d := tocDoc(2, 0, 0)
	d.Blocks = append([]doc.Block{&doc.Heading{Level: 1, ID: "pre", Unnumbered: true, Content: []doc.Inline{doc.Text{S: "Preface"}}}}, d.Blocks...)
	doc.NumberFloats(d)
	r := runTOC(t, d)
	x := map[string]float64{}
	for _, it := range draw.Expand(r.pages[0].Items) {
		if tx, ok := it.(*draw.Text); ok && under(tx.Tag, draw.RoleTOCI) && tx.X < r.l.st.Inner+r.l.st.TextWidth()/2 {
			if _, ok := x[tx.S]; !ok {
				x[tx.S] = tx.X // the first of each word left of the page numbers
			}
		}
	}
	left := r.l.st.Inner
	if math.Abs(x["Preface"]-left) > 0.01 || math.Abs(x["1"]-left) > 0.01 || x["Section"] < left+r.l.st.BodySize {
		t.Errorf("Preface at %v, number 1 at %v, its title at %v; the left edge is %v", x["Preface"], x["1"], x["Section"], left)
	}
}

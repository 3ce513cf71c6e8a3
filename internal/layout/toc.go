package layout

import (
	"math"
	"strings"
	"sync"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/shape"
)

// The table of contents and the lists of figures, tables and listings,
// set as LaTeX sets them (latex.ltx's \@dottedtocline, article.cls's
// \l@section): an entry is the heading's number in a box of its level's
// width, its title wrapped with a hanging indent short of the right
// margin, dot leaders on a grid common to every entry, and the page
// number right-aligned in a box of fixed width. Top-level entries of the
// contents are bold, without leaders, with space above. A figure, table
// or listing is listed by its number and its short caption
// (short-caption=, as pandoc-crossref hands LaTeX a \caption[short]) or
// else its whole caption, as \listoffigures does.
//
// Page numbers are known only after pagination. The entries are set with
// room for the widest page number, so the list's height does not depend
// on the numbers; the numbers are filled in once the pages are made
// (fillTOC), in one pass, with no fixed-point iteration.

// tocEntry is one entry of a list.
type tocEntry struct {
	level  int    // 1 for a top-level heading and for every float
	number string // "2.1", "3"; "" unnumbered
	title  []doc.Inline
	id     string // the anchor the entry links to and takes its page from
}

// tocLists are the document's lists, collected once before it is set.
type tocLists struct {
	lists  [4][]tocEntry // by doc.ListKind
	placed [4]bool       // the manuscript places the list itself (\tableofcontents)
	fills  *tocFills
	// folios are the pages' numbers as printed, when the manuscript
	// changes them (\pagenumbering, \setcounter{page}; folio.go); nil:
	// arabic from 1.
	folios []string
	labels []draw.PageLabel // the same numbers, as the PDF's page labels
	marks  numberMarks
}

// tocFills are the page numbers still to fill in. Parts of the document
// set in parallel (parallel.go) share it; the order of fills does not
// matter, each fills its own text.
type tocFills struct {
	mu   sync.Mutex
	list []tocFill
}

// tocFill is a page number to fill in: the text that prints it, ending at
// right (box coordinates), with the page of anchor id.
type tocFill struct {
	id    string
	text  *draw.Text
	right float64
}

func (f *tocFills) add(x tocFill) {
	f.mu.Lock()
	f.list = append(f.list, x)
	f.mu.Unlock()
}

// collectLists gathers the entries of every list from d: headings down to
// toc-depth (not .unlisted ones, nor those without an anchor) and the
// numbered figures, tables and listings. It returns nil when the document
// asks for no list, so that a document without one costs one walk.
func (l *Layout) collectLists(d *doc.Document) *tocLists {
	t := &tocLists{fills: &tocFills{}}
	want := d.Meta.TOC || d.Meta.LOF || d.Meta.LOT
	depth := d.Meta.TOCDepth
	if depth <= 0 {
		depth = doc.DefaultTOCDepth
	}
	numbered := l.st.NumberHeadings
	doc.EachBlock(d.Blocks, func(b doc.Block) {
		switch b := b.(type) {
		case *doc.ListOf:
			t.placed[b.Kind] = true
			want = true
		case *doc.PageNumbering:
			want = true
		case *doc.Heading:
			if b.Unlisted || b.ID == "" || max(b.Level, 1) > depth {
				return
			}
			e := tocEntry{level: max(b.Level, 1), title: tocTitle(b.Content), id: b.ID}
			if numbered && !b.Unnumbered {
				e.number = b.Number
			}
			t.lists[doc.ListContents] = append(t.lists[doc.ListContents], e)
		case *doc.Bibliography:
			if b.Untitled || len(b.Entries) == 0 && b.Title == "" {
				return
			}
			title := b.Title
			if title == "" {
				title = l.lang.Terms.Bibliography
			}
			t.lists[doc.ListContents] = append(t.lists[doc.ListContents], tocEntry{level: 1, title: []doc.Inline{doc.Text{S: title}}, id: "bibliography"})
		case *doc.Figure:
			if b.Number > 0 && b.ID != "" {
				t.lists[doc.ListFigures] = append(t.lists[doc.ListFigures], floatEntry(b.Number, b.ShortCaption, b.Caption, b.ID))
			}
		case *doc.Table:
			if b.Number > 0 && b.ID != "" {
				t.lists[doc.ListTables] = append(t.lists[doc.ListTables], floatEntry(b.Number, b.ShortCaption, b.Caption, b.ID))
			}
		case *doc.CodeBlock:
			if b.Number > 0 && b.ID != "" {
				t.lists[doc.ListListings] = append(t.lists[doc.ListListings], floatEntry(b.Number, b.ShortCaption, b.Caption, b.ID))
			}
		}
	})
	if !want {
		return nil
	}
	return t
}

func floatEntry(n int, short, caption []doc.Inline, id string) tocEntry {
	title := short
	if len(title) == 0 {
		title = caption
	}
	return tocEntry{level: 1, number: itoa(n), title: tocTitle(title), id: id}
}

// tocTitle returns a title as an entry prints it: its markup kept
// (italics, small capitals, math), its footnote marks, anchors and links
// left out (the entry is a link of its own, the note stays in the text).
func tocTitle(in []doc.Inline) []doc.Inline {
	out := make([]doc.Inline, 0, len(in))
	for _, x := range in {
		switch x := x.(type) {
		case doc.NoteRef, doc.Anchor:
		case doc.LineBreak:
			out = append(out, doc.Text{S: " "})
		case doc.Link:
			out = append(out, tocTitle(x.Content)...)
		case doc.Ref:
			out = append(out, tocTitle(x.Content)...)
		case doc.Emph:
			out = append(out, doc.Emph{Content: tocTitle(x.Content)})
		case doc.Strong:
			out = append(out, doc.Strong{Content: tocTitle(x.Content)})
		case doc.Strike:
			out = append(out, doc.Strike{Content: tocTitle(x.Content)})
		case doc.SmallCaps:
			out = append(out, doc.SmallCaps{Content: tocTitle(x.Content)})
		case doc.Super:
			out = append(out, doc.Super{Content: tocTitle(x.Content)})
		case doc.Span:
			x.ID = ""
			x.Content = tocTitle(x.Content)
			out = append(out, x)
		case doc.Wrapper:
			out = append(out, x.WithChildren(tocTitle(x.Children())))
		default:
			out = append(out, x)
		}
	}
	return out
}

// frontLists sets the lists the front matter asks for (toc, lof, lot)
// after the title block, unless the manuscript places them itself.
func (l *Layout) frontLists(g *galley, m *doc.Meta, c ctx) {
	t := l.lists
	if t == nil {
		return
	}
	for _, k := range []struct {
		on   bool
		kind doc.ListKind
	}{{m.TOC, doc.ListContents}, {m.LOF, doc.ListFigures}, {m.LOT, doc.ListTables}} {
		if k.on && !t.placed[k.kind] {
			g.listOf(k.kind, c)
		}
	}
}

// listTitle returns the heading of a list: the term of the document's
// language, or the front matter's (toc-title, lofTitle...), whose
// Markdown heading marks ("## List of Figures", as pandoc-crossref's
// demo writes it) are dropped.
func (g *galley) listTitle(kind doc.ListKind) string {
	t := &g.words().Terms
	s := [...]string{t.Contents, t.ListOfFigures, t.ListOfTables, t.ListOfListings}[kind]
	s = strings.TrimSpace(s)
	if h := strings.TrimLeft(s, "#"); h != s && (h == "" || h[0] == ' ') {
		s = strings.TrimSpace(h)
	}
	return s
}

// listOf sets one list: its heading (unnumbered, as LaTeX's \section*)
// and its entries, a TOC of TOCI in the document's structure.
func (g *galley) listOf(kind doc.ListKind, c ctx) {
	t := g.l.lists
	if t == nil || c.inNote {
		return
	}
	g.heading(&doc.Heading{Level: 1, Content: []doc.Inline{doc.Text{S: g.listTitle(kind)}}, Unnumbered: true}, c)
	entries := t.lists[kind]
	if len(entries) == 0 {
		return
	}
	s := g.l.st
	em := c.size
	contents := kind == doc.ListContents
	face := c.face
	// LaTeX's widths (article.cls): indent and number box by level;
	// a box grows to hold the widest number of its level.
	indents := []float64{0, 1.5, 3.8, 7.0, 10, 12}
	numWs := []float64{1.5, 2.3, 3.2, 4.1, 5, 6}
	if !contents {
		indents[0], numWs[0] = 1.5, 2.3 // \l@figure
	}
	var indent, numW [7]float64
	for lv := 1; lv <= 6; lv++ {
		indent[lv] = indents[lv-1] * em
		numW[lv] = numWs[lv-1] * em
	}
	for _, e := range entries {
		lv := min(e.level, 6)
		if e.number != "" {
			w := shape.Width(g.entryFace(face, contents, lv), c.size, e.number) + 0.5*em
			numW[lv] = max(numW[lv], w)
		}
	}
	for lv := 2; lv <= 6; lv++ {
		indent[lv] = max(indent[lv], indent[lv-1]+numW[lv-1])
	}
	// The page number's box holds four digits at least (LaTeX's
	// \@pnumwidth, 1.55em, holds three); the title stops \@tocrmarg
	// (2.55em) short of the margin, the leaders at the number's box.
	pnumW := max(1.55*em, shape.Width(face, c.size, "0000")+0.3*em)
	rmarg := max(2.55*em, pnumW+0.5*em)
	dot := shape.Width(face, c.size, ".")
	step := dot + 0.5*em // \@dotsep: 4.5mu on each side of the dot
	list := g.l.node(c.parent, draw.RoleTOC)
	leading := c.leading
	for i, e := range entries {
		lv := min(e.level, 6)
		if contents && lv == 1 && i > 0 {
			g.skip(em) // \addvspace{1.0em plus 1pt}
		}
		ef := g.entryFace(face, contents, lv)
		item := list.Add(draw.RoleTOCI)
		link := item.Add(draw.RoleReference).Add(draw.RoleLink)
		// The title starts after the number's box (at the indent when it
		// has no number, as \addcontentsline without \numberline); its
		// further lines hang at the box's end.
		x0 := c.x + indent[lv]
		w := c.width - indent[lv] - rmarg
		hang := numW[lv]
		if w-hang < 4*em { // deep levels in a narrow column: no hang
			hang = 0
		}
		firstX := 0.0
		if e.number != "" {
			firstX = max(hang, shape.Width(ef, c.size, e.number)+0.3*em)
		}
		st := textStyle{face: ef, size: c.size, dest: e.id, tag: link}
		ls := g.setInline(e.title, w, paraOpts{leading: leading, indent: firstX, hang: hang}, st)
		if len(ls) == 0 {
			ls = []setLine{{}}
		}
		tc := c
		tc.x = x0
		vs := g.lines(ls, tc, leading, true)
		markBoxes(vs, item)
		first, last := vs[0], vs[len(vs)-1]
		// An entry's lines stay together; the page may break after it
		// (but not between a list's heading and its first entry).
		last.noBreak = false
		base := func(v *vbox) float64 {
			if y, ok := firstBaseline(v.items); ok {
				return y
			}
			return leading * 0.78
		}
		if e.number != "" {
			y := base(first)
			nw := shape.Width(ef, c.size, e.number)
			// First in the items: read (and extracted) before the title.
			first.items = append([]draw.Item{
				&draw.Text{X: x0, Y: y, Face: ef, Size: c.size, S: e.number, Tag: link, Space: true},
				&draw.Link{X: x0, Y: y - c.size*0.8, W: nw, H: c.size * 1.05, Dest: e.id, Tag: link}}, first.items...)
		}
		y := base(last)
		spaceAfterLast(last.items) // the title, then its page number: two words
		right := c.x + c.width
		if !contents || lv > 1 {
			// Leaders: dots on a grid from the frame's left edge, so that
			// they line up from entry to entry.
			end := x0 + ls[len(ls)-1].width + 0.3*em
			stop := right - pnumW
			lead := artifactNode()
			for k := math.Ceil((end - c.x) / step); c.x+k*step+dot <= stop; k++ {
				last.items = append(last.items, &draw.Text{X: c.x + k*step, Y: y, Face: face, Size: c.size, S: ".", Tag: lead})
			}
		}
		num := &draw.Text{X: right, Y: y, Face: ef, Size: c.size, Tag: link}
		last.items = append(last.items, num,
			&draw.Link{X: right - pnumW, Y: y - c.size*0.8, W: pnumW, H: c.size * 1.05, Dest: e.id, Tag: link})
		t.fills.add(tocFill{id: e.id, text: num, right: right})
		_ = s
	}
	g.skip(c.leading * 0.5)
}

// entryFace is the face of an entry: bold for the top level of the
// contents (article.cls's \l@section).
func (g *galley) entryFace(face string, contents bool, lv int) string {
	if contents && lv == 1 {
		return font.Bold(face)
	}
	return face
}

func artifactNode() *draw.Node { return draw.Artifact(draw.ArtifactLayout) }

// fillTOC fills in the page numbers of the lists once the pages are made:
// the folio of the page that holds each entry's anchor.
func (l *Layout) fillTOC(pcs []pageContent) {
	t := l.lists
	if t == nil {
		return
	}
	t.folios, t.labels = l.folios(pcs)
	if len(t.fills.list) == 0 {
		return
	}
	want := make(map[string]int, len(t.fills.list))
	for _, f := range t.fills.list {
		want[f.id] = 0
	}
	for pi, pc := range pcs {
		for _, p := range pc.body {
			for _, it := range p.v.items {
				if a, ok := it.(*draw.Anchor); ok {
					if n, ok := want[a.Name]; ok && n == 0 {
						want[a.Name] = pi + 1
					}
				}
			}
		}
	}
	for _, f := range t.fills.list {
		n := want[f.id]
		if n == 0 {
			continue // cannot happen: every entry's target has its anchor
		}
		f.text.S = l.folio(n)
		f.text.X = f.right - shape.Width(f.text.Face, f.text.Size, f.text.S)
	}
}

// folio is the page number as an entry prints it: page n's own folio
// (the submission's "n of N" gives n); "" on a page numbered "gobble".
func (l *Layout) folio(n int) string {
	if l.lists != nil && l.lists.folios != nil && n-1 < len(l.lists.folios) {
		return l.lists.folios[n-1]
	}
	return itoa(n)
}

package pdf

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/pdf/num"
	"quire/internal/pdf/tag"
)

// Tagged PDF (Options.Tagged). While the pages are drawn, every drawing
// item is wrapped in marked content, its node's (draw.Item's Tag):
//
//	/P <</MCID 3>> BDC ... EMC
//	/Artifact <</Type /Pagination /Subtype /Header>> BDC ... EMC
//
// through fpdf's RawWriteStr, the only way fpdf lets anything but its own
// drawing into a content stream. Consecutive items of one node share one
// sequence, so a line of words is one MCID, and the sequences are drawn
// around whole items, outside text objects (text.go ends the one open
// before a sequence opens or closes) and q/Q: what an item's drawing
// writes (kerned TJ arrays, ActualText spans of formulas) is nested
// inside. Items that draw nothing on the page (anchors,
// bookmarks, links) neither open nor close a sequence.
//
// fpdf has no structure tree and no way to add objects or catalog keys
// (its catalog is written by a private function with a fixed set of keys,
// its objects numbered privately; RawWriteStr writes only into a page),
// so after fpdf has written the file, fix adds (see tagFix): the
// structure tree's objects (package tag), /StructTreeRoot, /MarkInfo and
// /ViewerPreferences in the catalog, /StructParents and /Tabs /S in each
// page, and /StructParent and /Contents in each link annotation.
//
// The pages are drawn on all cores (parallel.go): what a page's drawing
// learns of the structure is kept in its own pageMarks, with reading
// orders counted from the page's start, and handed to the document's
// marker in page order (addPage), which numbers them on from the pages
// before; the file is the one a one-core build writes.
type marker struct {
	on    bool
	seq   int64             // the places in reading order given out so far, on all pages
	pages int               // the document's, for the size of content
	free  chan pageMarksOut // marks the marker is done with, for the drawers to reuse

	content []tag.Content
	annots  [][]*draw.Node // per page, the node of each annotation in the order fpdf writes them
	aorder  [][]int64
	links   map[*draw.Node]*strings.Builder // the text of each link, for its annotation's /Contents
	entries []byte                          // annotEntries' scratch
	boxes   []tag.NodeBox                   // of figures and formulas, in page order
	loose   *draw.Node                      // the node of items layout did not mark
	pieces  map[*draw.Node]int              // annotations per link node
	shared  map[*draw.Node]int              // the object of a link's /Contents
}

func newMarker(on bool, pages int) *marker {
	return &marker{on: on, pages: pages, links: map[*draw.Node]*strings.Builder{},
		pieces: map[*draw.Node]int{}, shared: map[*draw.Node]int{}, loose: &draw.Node{Role: draw.RoleP}}
}

// beginPage starts the marks of the next page, in page order.
func (m *marker) beginPage() {
	m.annots = append(m.annots, nil)
	m.aorder = append(m.aorder, nil)
}

// annot records the link annotation fpdf was just given for item l, of
// place order in the reading order of the page being added (pageMarks'
// count).
func (m *marker) annot(l *draw.Link, order int64) {
	if !m.on {
		return
	}
	n := l.Tag
	if n == nil || n.IsArtifact() {
		n = m.loose.Add(draw.RoleLink)
	}
	p := len(m.annots) - 1
	m.annots[p] = append(m.annots[p], n)
	m.pieces[n]++
	m.aorder[p] = append(m.aorder[p], order+m.seq)
}

// addPage adds what a page's drawing learnt, once its annotations are
// recorded: its marked content, the boxes of its figures and formulas (a
// figure is on one page: a box a page before gave is kept) and the text
// of its links.
func (m *marker) addPage(pm *pageMarksOut) {
	if !m.on {
		return
	}
	page := len(m.annots) // pages added, this one included
	m.content = growFor(m.content, len(pm.content), page, m.pages)
	for _, c := range pm.content {
		c.Order += m.seq
		m.content = append(m.content, c)
	}
	m.boxes = growFor(m.boxes, len(pm.boxes), page, m.pages)
	for _, b := range pm.boxes {
		m.boxes = append(m.boxes, tag.NodeBox{Node: b.node, Box: b.box})
	}
	for _, t := range pm.links {
		b := m.links[t.node]
		if b == nil {
			b = &strings.Builder{}
			m.links[t.node] = b
		}
		b.WriteString(t.text)
		if t.space {
			b.WriteByte(' ')
		}
	}
	m.seq += pm.seq
	if m.free != nil {
		// Copied: the page's arrays can hold another page's marks.
		select {
		case m.free <- *pm:
		default:
		}
	}
}

// growFor returns s with room for n more marks, those of the page-th
// page of pages: when it must grow it grows to what the pages so far
// project for the document, at least by a quarter and at most fourfold,
// rather than doubling: each growth copies all the marks so far, and the
// last leaves up to half the array unused.
func growFor[T any](s []T, n, page, pages int) []T {
	need := len(s) + n
	if need <= cap(s) {
		return s
	}
	want := need + need/4
	if page > 0 && pages > page {
		want = max(want, min(need/page*pages+need/page, 4*need))
	}
	t := make([]T, len(s), want)
	copy(t, s)
	return t
}

// spare returns marks whose arrays the marker is done with, emptied, if
// there are any.
func (m *marker) spare() pageMarksOut {
	select {
	case out := <-m.free:
		return pageMarksOut{content: out.content[:0], boxes: out.boxes[:0], links: out.links[:0]}
	default:
		return pageMarksOut{}
	}
}

// pageMarks is the marked content of the page being drawn.
type pageMarks struct {
	on      bool
	loose   *draw.Node // the marker's
	open    *draw.Node // the node of the sequence open on the page, if any
	isOpen  bool
	page    int // 0-based
	logical int // the page of the document being drawn (draw.PageStart), 0-based
	mcid    int // the next MCID on the page
	pageH   float64
	boxAt   map[*draw.Node]int // index into out.boxes
	out     pageMarksOut
	// The face of the last text grown, by name: a formula's pieces are
	// mostly in one face.
	face     *font.Face
	faceName string
}

// pageMarksOut is what the drawing of a page hands to the marker.
type pageMarksOut struct {
	content []tag.Content // Order counted from the page's start
	boxes   []nodeBox     // in the order first drawn
	links   []linkText
	seq     int64 // places in reading order given out on the page
}

type nodeBox struct {
	node *draw.Node
	box  tag.Box
}

// linkText is the text of a link's item.
type linkText struct {
	node  *draw.Node
	text  string
	space bool
}

// beginPage starts page i (0-based) of height h, its marks in out's
// arrays (empty).
func (m *pageMarks) beginPage(i int, h float64, out pageMarksOut) {
	m.page, m.logical, m.mcid, m.pageH = i, i, 0, h
	m.isOpen, m.open = false, nil
	m.out = out
	clear(m.boxAt)
}

// endPage closes the sequence open on the page and returns what the page
// learnt.
func (m *pageMarks) endPage(r *renderer) pageMarksOut {
	m.close(r)
	out := m.out
	m.out = pageMarksOut{}
	return out
}

func (m *pageMarks) close(r *renderer) {
	if m.isOpen {
		r.endText()
		r.raw("EMC")
		m.isOpen, m.open = false, nil
	}
}

// order returns the reading order of what is drawn now: the document's
// page first, then the order of drawing (counted from the page's start;
// the marker adds the pages' before).
func (m *pageMarks) order() int64 {
	m.out.seq++
	return int64(m.logical)<<40 | m.out.seq
}

// before is called with each item before it is drawn: it opens the
// item's sequence if another is open.
func (m *pageMarks) before(r *renderer, it draw.Item) {
	if !m.on {
		return
	}
	var n *draw.Node
	switch it := it.(type) {
	case *draw.PageStart:
		if it.Page >= 1 {
			m.logical = it.Page - 1
		}
		m.close(r) // another page's content: another place in reading order
		return
	case *draw.Text:
		n = it.Tag
		if it.Tag != nil && it.Tag.Role == draw.RoleLink {
			m.out.links = append(m.out.links, linkText{it.Tag, it.S, it.Space})
		}
	case *draw.Path:
		n = it.Tag
	case *draw.Image:
		n = it.Tag
	default:
		return
	}
	if n == nil {
		n = m.loose
	}
	if !m.isOpen || n != m.open {
		m.close(r)
		r.endText()
		if n.IsArtifact() {
			r.raw(artifactTag(n.Artifact))
		} else {
			b := append(r.ts.out, '/')
			b = append(b, n.Role...)
			b = append(b, " <</MCID "...)
			b = num.AppendInt(b, int64(m.mcid))
			r.ts.out = append(b, ">> BDC\n"...)
			m.out.content = append(m.out.content, tag.Content{Node: n, Page: m.page, MCID: m.mcid, Order: m.order()})
			m.mcid++
		}
		m.open, m.isOpen = n, true
	}
	if n.Role == draw.RoleFigure || n.Role == draw.RoleFormula {
		m.grow(n, it)
	}
}

// artifactTag returns the opening of an artifact's marked content.
func artifactTag(k draw.ArtifactKind) string {
	switch k {
	case draw.ArtifactHeader:
		return "/Artifact <</Type /Pagination /Subtype /Header>> BDC"
	case draw.ArtifactFooter:
		return "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"
	case draw.ArtifactPaging:
		return "/Artifact <</Type /Pagination>> BDC"
	case draw.ArtifactPage:
		return "/Artifact <</Type /Page>> BDC"
	}
	return "/Artifact <</Type /Layout>> BDC"
}

// grow adds item it to the bounding box of figure or formula n on the
// page.
func (m *pageMarks) grow(n *draw.Node, it draw.Item) {
	var x0, y0, x1, y1 float64
	switch it := it.(type) {
	case *draw.Text:
		if it.Face != m.faceName || m.face == nil {
			f, err := font.Get(it.Face)
			if err != nil {
				f = nil
			}
			m.face, m.faceName = f, it.Face
		}
		w := 0.0
		if m.face != nil {
			w = m.face.Width(it.S, it.Size)
		}
		x0, x1 = it.X, it.X+w
		y0, y1 = it.Y-it.Size*0.8, it.Y+it.Size*0.25
		if it.Angle() != 0 {
			x0, x1 = it.X-w, it.X+w
			y0, y1 = it.Y-w, it.Y+w
		}
	case *draw.Image:
		x0, y0, x1, y1 = it.X, it.Y, it.X+it.W, it.Y+it.H
	case *draw.Path:
		if len(it.Ops) == 0 {
			return
		}
		x0, y0 = math.Inf(1), math.Inf(1)
		x1, y1 = math.Inf(-1), math.Inf(-1)
		for _, op := range it.Ops {
			k := 1
			if op.Kind == doc.CurveTo {
				k = 3
			} else if op.Kind == doc.Close {
				k = 0
			}
			for _, p := range op.Points[:k] {
				x0, y0 = min(x0, p[0]), min(y0, p[1])
				x1, y1 = max(x1, p[0]), max(y1, p[1])
			}
		}
		if math.IsInf(x0, 0) {
			return
		}
		d := it.LineWidth / 2
		x0, y0, x1, y1 = x0-d, y0-d, x1+d, y1+d
	default:
		return
	}
	if math.IsNaN(x0 + y0 + x1 + y1) {
		return
	}
	// PDF coordinates: y up from the foot of the page.
	b := tag.Box{Page: m.page, LLX: x0, LLY: m.pageH - y1, URX: x1, URY: m.pageH - y0}
	if k, ok := m.boxAt[n]; ok {
		old := &m.out.boxes[k].box
		old.LLX, old.LLY = min(b.LLX, old.LLX), min(b.LLY, old.LLY)
		old.URX, old.URY = max(b.URX, old.URX), max(b.URY, old.URY)
		return
	}
	if m.boxAt == nil {
		m.boxAt = map[*draw.Node]int{}
	}
	m.boxAt[n] = len(m.out.boxes)
	m.out.boxes = append(m.out.boxes, nodeBox{n, b})
}

// annotEntries returns what an annotation of node n gets: its
// /StructParent key and its /Contents, the link's text. The text of a
// link drawn in several pieces, each its own annotation, is one object,
// numbered next, that they share; extra returns it if it is new.
func (m *marker) annotEntries(key int, n *draw.Node, next int) (entries, extra []byte) {
	b := append(m.entries[:0], "/StructParent "...) // used before the next call
	defer func() { m.entries = b[:0] }()
	b = strconv.AppendInt(b, int64(key), 10)
	b = append(b, ' ')
	if o, ok := m.shared[n]; ok {
		return appendContentsRef(b, o), nil
	}
	text := ""
	if t := m.links[n]; t != nil {
		text = fields(t.String())
	}
	if text == "" {
		text = "link"
	}
	b = append(b, "/Contents "...)
	at := len(b)
	b = tag.AppendTextString(b, text)
	if len(b)-at > 24 && m.pieces[n] > 1 {
		m.shared[n] = next
		extra = strconv.AppendInt(make([]byte, 0, len(b)-at+24), int64(next), 10)
		extra = append(extra, " 0 obj\n"...)
		extra = append(extra, b[at:]...)
		extra = append(extra, "\nendobj\n"...)
		return appendContentsRef(b[:at-len("/Contents ")], next), extra
	}
	return append(b, ' '), nil
}

// fields returns strings.Join(strings.Fields(s), " "): s itself when it
// is that already, as most links' texts are.
func fields(s string) string {
	space := true // at the start or after a space
	for _, r := range s {
		if unicode.IsSpace(r) {
			if r != ' ' || space {
				return strings.Join(strings.Fields(s), " ")
			}
			space = true
		} else {
			space = false
		}
	}
	if space && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// appendContentsRef appends "/Contents o 0 R ".
func appendContentsRef(b []byte, o int) []byte {
	b = append(b, "/Contents "...)
	b = strconv.AppendInt(b, int64(o), 10)
	return append(b, " 0 R "...)
}

// tagEdits returns the edits that point fpdf's catalog and pages (page
// objects pages, in order) at the structure tree, whose objects are
// numbered from first (tagTree): the StructTreeRoot is the first, and
// page i's /StructParents is i (package tag).
func tagEdits(ats []int, bodies [][]byte, root int, pages []int, first int) ([]edit, error) {
	var edits []edit
	if root <= 0 || root >= len(bodies) || !bytes.HasPrefix(bodies[root], []byte(catalogHead)) {
		return nil, fmt.Errorf("pdf: no catalog to tag")
	}
	edits = append(edits, edit{ats[root] + len(catalogHead), 0,
		fmt.Appendf(nil, "/StructTreeRoot %d 0 R\n/MarkInfo <</Marked true>>\n/ViewerPreferences <</DisplayDocTitle true>>\n", first)})
	for i, n := range pages {
		if n <= 0 || n >= len(bodies) || !bytes.HasPrefix(bodies[n], []byte(pageHead)) {
			return nil, fmt.Errorf("pdf: object %d is not a page", n)
		}
		edits = append(edits, edit{ats[n] + len(pageHead), 0, fmt.Appendf(nil, "/StructParents %d\n/Tabs /S\n", i)})
	}
	return edits, nil
}

// tagTree returns the structure tree, its objects numbered from first;
// annots are each page's annotation objects. It reads only what the
// pages' drawing left in the marker.
func (r *renderer) tagTree(pages []int, annots [][]int, first int) (*tag.Tree, error) {
	m := r.mc
	in := tag.Input{Pages: pages, Content: m.content, Boxes: m.boxes, First: first}
	for p, objs := range annots {
		for j, o := range objs {
			in.Annots = append(in.Annots, tag.Annot{Node: m.annots[p][j], Page: p, Obj: o, Order: m.aorder[p][j]})
		}
	}
	t, err := tag.Plan(in)
	if err != nil {
		return nil, err
	}
	if t.Root != first {
		return nil, fmt.Errorf("pdf: the structure tree's root is object %d, not %d", t.Root, first)
	}
	for i, k := range t.PageKey {
		if k != i {
			return nil, fmt.Errorf("pdf: page %d's structure key is %d", i+1, k)
		}
	}
	return t, nil
}

const (
	catalogHead = "<<\n/Type /Catalog\n"
	pageHead    = "<</Type /Page\n"
)

// wordSpace is the glyph tj draws after a tagged file's word, though it
// draws no other space at the end of a run: its Text says it is a word
// space, for the ToUnicode CMap as for tj.
func wordSpace(adv float32) draw.Glyph { return draw.Glyph{Code: ' ', Adv: adv, Text: " "} }

package layout

import (
	"slices"
	"strconv"
	"strings"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/lang"
	"quire/internal/linebreak"
	"quire/internal/shape"
)

// vbox is one item of the vertical list (the galley): a line of text, a
// rule, a table row, a float, or discardable space. Its items are relative
// to the left edge of the text block and the top of the box. A book has a
// box for each of its 100,000 lines: the flags lie together, after the
// other fields, and what few boxes have lies apart (vboxMore): 72 bytes,
// not 96.
type vbox struct {
	h         float64
	items     []draw.Item
	shrink    float64 // how much a space may give up on a full page
	numberY   float64
	more      *vboxMore // nil: no notes, not a table's row
	noBreak   bool      // no page break directly after this box
	space     bool      // discardable at a page break
	float     bool      // may move to the top of a later page
	numbered  bool      // counts for line numbering (submission)
	header    bool      // the header row of table (repeated after a break)
	pageBreak bool      // a forced page break (\newpage): the page ends here
	placed    bool      // render has moved items onto a page (page.go)
	repeat    bool      // placed on several pages (a table's repeated header): items are copied, never moved
	inherit   bool      // space whose noBreak is the box's before it, from another part (parallel.go)
}

// vboxMore is what a box has that most do not.
type vboxMore struct {
	notes []*noteSet // the notes the box references itself (addNote)
	table *tableRun  // set on the rows of a table
}

// notes returns the notes v references itself.
func (v *vbox) notes() []*noteSet {
	if v.more == nil {
		return nil
	}
	return v.more.notes
}

// table returns the table v is a row of, nil if none.
func (v *vbox) table() *tableRun {
	if v.more == nil {
		return nil
	}
	return v.more.table
}

// setNotes sets the notes v references itself.
func (v *vbox) setNotes(ns []*noteSet) {
	if v.more == nil {
		if len(ns) == 0 {
			return
		}
		v.more = &vboxMore{}
	}
	v.more.notes = ns
}

// tableRun ties the rows of one table together so a continued table gets
// its header row again.
type tableRun struct {
	header []*vbox
}

// noteSet is a footnote set at note size: its lines as vboxes.
type noteSet struct {
	note  *doc.Note
	lines []*vbox
}

func (n *noteSet) height() float64 {
	h := 0.0
	for _, l := range n.lines {
		h += l.h
	}
	return h
}

// ctx is the horizontal frame blocks are set in.
type ctx struct {
	x, width float64
	depth    int
	size     float64 // body size in this frame
	leading  float64
	face     string
	inNote   bool
	tight    bool
	numbered bool
	parent   *draw.Node // the structure node blocks set here belong to (tag.go); nil: the root
}

// galley builds the vertical list for a document.
type galley struct {
	l     *Layout
	out   []*vbox
	notes map[*doc.Note]*noteSet
	pos   doc.Pos // the block being set, for warnings
	// container is the structure node of the block being set's parent:
	// the footnotes its lines reference become its next siblings.
	container *draw.Node
	// lang is the language of the blocks being set when a division gives
	// one (::: {lang=de}); nil: the document's (langdiv.go).
	lang *lang.Language
}

// warnLongWord reports, once per block, a word that no line can hold.
func (g *galley) warnLongWord(b *builder) {
	if b.longest == "" || g.l.diags == nil {
		return
	}
	w := []rune(b.longest)
	shown := string(w)
	if len(w) > 24 {
		shown = string(w[:20]) + "…"
	}
	g.l.diags.Warnf(g.pos, "break it yourself (a space, or a hyphen at a sensible point), or set it as code", "a run of %d characters without a break point (%q) is wider than the line; it is broken between characters", len(w), shown)
}

func (g *galley) add(v *vbox) { g.out = append(g.out, v) }

// skip adds discardable vertical space.
func (g *galley) skip(h float64) {
	if h <= 0 {
		return
	}
	nb, inherit := false, g.l.chunk != nil
	if n := len(g.out); n > 0 {
		nb, inherit = g.out[n-1].noBreak, g.out[n-1].inherit
	}
	// At the start of a part set in parallel the box before is not known
	// yet; parallel.go takes its noBreak when the parts are joined.
	g.add(&vbox{h: h, space: true, noBreak: nb, shrink: h * 0.4, inherit: inherit})
}

// lines adds typeset lines as vboxes at leading, applying widow and orphan
// rules: no break after the first line or before the last one.
func (g *galley) lines(ls []setLine, c ctx, leading float64, keepAll bool) []*vbox {
	n := len(ls)
	vs := make([]*vbox, 0, n)
	boxes := make([]vbox, n) // the lines' boxes, in one array
	for i, ln := range ls {
		base := leading * 0.78
		var prev *setLine
		if i > 0 {
			prev = &ls[i-1]
		}
		extra := lineGap(prev, &ls[i], leading) // tall formulas (math.go)
		base += extra
		items := draw.Move(ln.items, c.x, base) // set for this box alone: moved, not copied
		v := &boxes[i]                          // zero: set field by field, without a bulk write barrier
		v.h, v.items, v.numbered, v.numberY = leading+extra, items, c.numbered, base
		for _, note := range ln.notes {
			v.setNotes(addNote(v.notes(), g.noteSet(note)))
		}
		if keepAll || (n >= 2 && (i == 0 || i == n-2)) {
			v.noBreak = true
		}
		vs = append(vs, v)
		g.add(v)
	}
	if len(vs) > 0 && keepAll {
		vs[len(vs)-1].noBreak = true
	}
	return vs
}

// addNote appends ns to a line's list of notes unless it is there. Only
// the notes the line references itself are listed: the notes referenced
// inside them are reached through their lines when the page is made (see
// noteClosure), so that a chain of notes each referencing the next costs
// linear time, not cubic.
func addNote(list []*noteSet, ns *noteSet) []*noteSet {
	if containsNote(list, ns) {
		return list
	}
	return append(list, ns)
}

// noteClosure appends to out the notes of roots and, after each, the notes
// referenced inside it (depth first, in reading order), each once: a note
// referenced only from another note is placed with it. seen holds the
// notes already listed (and is updated); skip leaves out a note and what it
// references, placed on an earlier page with it.
func noteClosure(out, roots []*noteSet, seen map[*noteSet]bool, skip func(*noteSet) bool) []*noteSet {
	var stack []*noteSet
	for i := len(roots) - 1; i >= 0; i-- {
		stack = append(stack, roots[i])
	}
	for len(stack) > 0 {
		ns := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[ns] || skip(ns) {
			continue
		}
		seen[ns] = true
		out = append(out, ns)
		n := len(stack)
		for _, l := range ns.lines {
			stack = append(stack, l.notes()...)
		}
		slices.Reverse(stack[n:])
	}
	return out
}

// paragraph sets inline content in frame c and adds its lines, a
// paragraph (P) of the structure.
func (g *galley) paragraph(in []doc.Inline, c ctx, o paraOpts, st textStyle) []*vbox {
	return g.para(draw.RoleP, in, c, o, st)
}

// para sets inline content in frame c and adds its lines, a structure
// node of the given role.
func (g *galley) para(role draw.Role, in []doc.Inline, c ctx, o paraOpts, st textStyle) []*vbox {
	n := g.l.node(c.parent, role)
	ls := g.setInline(in, c.width, o, st)
	if o.leading == 0 {
		o.leading = c.leading
	}
	vs := g.lines(ls, c, o.leading, false)
	markBoxes(vs, n)
	giveLines(ls) // the boxes hold what they need of the lines
	return vs
}

func (g *galley) setInline(in []doc.Inline, width float64, o paraOpts, st textStyle) []setLine {
	return g.cachedInline(in, width, o, st, g.setInlineFresh) // the lines of an earlier build (linecache.go)
}

func (g *galley) setInlineFresh(in []doc.Inline, width float64, o paraOpts, st textStyle) []setLine {
	if g.l.st.OldStyle && st.feat&shape.Lining == 0 {
		st.feat |= shape.OldStyle
	}
	p := getPara()
	defer p.release()
	docLang, hyLang := g.langs()
	b := &builder{p: p, opts: o, lang: hyLang, docLang: docLang, width: width, mono: g.l.st.MonoFace, mathCache: g.l.math}
	b.flatten(in, &st)
	b.finish()
	g.l.checkpoint()
	g.warnLongWord(b)
	params := linebreak.DefaultParams()
	if !o.justify {
		params.Tolerance = 1e4
	}
	ls := setParagraph(p, width, o, params)
	if o.justify {
		g.l.quality.count(ls)
	}
	return ls
}

// noteSet typesets a footnote once and caches it.
func (g *galley) noteSet(n *doc.Note) *noteSet {
	if ns, ok := g.notes[n]; ok {
		return ns
	}
	s := g.l.st
	ns := &noteSet{note: n}
	g.notes[n] = ns
	mark, key := noteLabel(n)
	node := g.l.node(g.container, draw.RoleNote)
	node.ID = "note-" + key
	sub := &galley{l: g.l, notes: g.notes, container: node, lang: g.lang}
	c := ctx{width: s.TextWidth(), size: s.NoteSize, leading: s.NoteLeading, face: g.l.face(false, false), inNote: true, parent: node}
	blocks := n.Blocks
	indent := s.NoteSize * 1.2
	first := true
	for _, b := range blocks {
		p, ok := b.(*doc.Paragraph)
		if !ok || !first {
			sub.block(b, c, false)
			first = false
			continue
		}
		first = false
		// The note number leads the first paragraph, linked back to the mark.
		content := append([]doc.Inline{
			doc.Anchor{ID: "fn-" + key},
			doc.Super{Content: []doc.Inline{doc.Ref{Target: "fnref-" + key, Content: []doc.Inline{doc.Text{S: mark}}}}},
			doc.Text{S: "\u00a0"},
		}, p.Content...)
		sub.paragraph(content, c, paraOpts{justify: g.l.st.Justify, hyphenate: g.l.st.Hyphenate, indent: indent, leading: s.NoteLeading},
			textStyle{face: g.l.face(false, false), size: s.NoteSize})
	}
	if first { // empty note
		sub.paragraph([]doc.Inline{doc.Anchor{ID: "fn-" + key}, doc.Super{Content: []doc.Inline{doc.Text{S: mark}}}}, c,
			paraOpts{indent: indent, leading: s.NoteLeading}, textStyle{face: g.l.face(false, false), size: s.NoteSize})
	}
	for _, v := range sub.out {
		v.numbered = false
		if !v.space {
			ns.lines = append(ns.lines, v)
		}
	}
	return ns
}

func (g *galley) bodyOpts(c ctx) paraOpts {
	return paraOpts{justify: g.l.st.Justify, hyphenate: g.l.st.Hyphenate, leading: c.leading}
}

// blocks sets a sequence of blocks in frame c.
func (g *galley) blocks(bs []doc.Block, c ctx) {
	prevPara := false
	for _, b := range bs {
		g.block(b, c, prevPara)
		_, prevPara = b.(*doc.Paragraph)
	}
}

// maxIndentDepth bounds indentation: deeper nesting keeps the same frame.
const maxIndentDepth = 8

func (g *galley) indent(c ctx, left, right float64) ctx {
	c.depth++
	if c.depth > maxIndentDepth || c.width-left-right < c.size*8 {
		return c
	}
	c.x += left
	c.width -= left + right
	return c
}

func (g *galley) block(b doc.Block, c ctx, afterPara bool) {
	g.l.checkpoint()
	s := g.l.st
	if c.parent == nil {
		c.parent = g.l.root
	}
	saved := g.container
	g.container = c.parent
	defer func() { g.container = saved }()
	if p := b.Position(); p.File != "" {
		g.pos = p
	}
	st := textStyle{face: c.face, size: c.size}
	switch b := b.(type) {
	case *doc.Paragraph:
		o := g.bodyOpts(c)
		if afterPara && !c.inNote && !b.NoIndent {
			o.indent = s.ParIndent * c.size / s.BodySize
		} else if afterPara {
			g.skip(c.leading * 0.25)
		}
		if s.ParSkip > 0 && afterPara {
			g.skip(s.ParSkip)
		}
		g.paragraph(b.Content, c, o, st)
	case *doc.Heading:
		g.heading(b, c)
	case *doc.List:
		g.list(b, c)
	case *doc.DefList:
		g.skip(c.leading * 0.4)
		list := g.l.node(c.parent, draw.RoleL)
		for _, it := range b.Items {
			o := g.bodyOpts(c)
			bst := st
			bst.face = font.Bold(st.face)
			li := list.Add(draw.RoleLI)
			tc := c
			tc.parent = li
			vs := g.para(draw.RoleLbl, it.Term, tc, o, bst)
			if len(vs) > 0 {
				vs[len(vs)-1].noBreak = true
			}
			inner := g.indent(c, c.size*1.8, 0)
			inner.parent = li.Add(draw.RoleLBody)
			for _, d := range it.Defs {
				g.blocks(d, inner)
			}
		}
		g.skip(c.leading * 0.4)
	case *doc.Quote:
		g.skip(c.leading * 0.4)
		inner := g.indent(c, c.size*1.8, c.size*1.8)
		inner.parent = g.l.node(c.parent, draw.RoleBlockQuote)
		if !c.inNote {
			inner.size = s.SmallSize
			inner.leading = s.SmallLeading
			if s.DoubleSpaced {
				inner.leading = s.Leading
			}
		}
		g.blocks(b.Blocks, inner)
		g.skip(c.leading * 0.4)
	case *doc.CodeBlock:
		g.code(b, c)
	case *doc.ThematicBreak:
		g.skip(c.leading * 0.6)
		w := 72.0
		if w > c.width {
			w = c.width
		}
		x := c.x + (c.width-w)/2
		rule := draw.Line(x, c.leading*0.25, x+w, c.leading*0.25, 0.5, doc.Black)
		rule.Tag = draw.Artifact(draw.ArtifactLayout)
		g.add(&vbox{h: c.leading * 0.5, items: []draw.Item{rule}})
		g.skip(c.leading * 0.6)
	case *doc.Table:
		g.table(b, c)
	case *doc.Figure:
		g.figure(b, c)
	case *doc.Bibliography:
		g.bibliography(b, c)
	case *doc.Div:
		g.div(b, c)
	case *doc.PageBreak:
		if !c.inNote {
			g.add(&vbox{pageBreak: true})
		}
	case *doc.LineBlock:
		g.lineBlock(b, c)
	case *doc.MathBlock:
		g.mathBlock(b, c)
	case *doc.ListOf:
		g.listOf(b.Kind, c) // toc.go
	case *doc.PageNumbering:
		g.pageNumbering(b, c) // folio.go
	case *doc.RawBlock:
		// dropped; the loader warned
	}
}

func (g *galley) heading(h *doc.Heading, c ctx) {
	s := g.l.st
	lv := h.Level
	if lv < 1 {
		lv = 1
	}
	if lv > 4 {
		lv = 4
	}
	size := s.HeadingSizes[lv-1]
	face := s.HeadingFace
	if lv >= 3 {
		face = g.l.face(true, true)
	}
	if c.inNote {
		size = c.size
	}
	content := h.Content
	label := ""
	if s.NumberHeadings && h.Number != "" && !h.Unnumbered && !c.inNote {
		// Numbers come from doc.NumberFloats, which references use too.
		label = h.Number
		content = append([]doc.Inline{doc.Text{S: label + "\u2002"}}, content...)
	}
	before := []float64{1.6, 1.2, 1.0, 0.8}[lv-1] * s.Leading
	after := []float64{0.6, 0.45, 0.3, 0.2}[lv-1] * s.Leading
	if s.DoubleSpaced {
		before, after = s.Leading*0.5, 0
	}
	g.skip(before)
	leading := size * 1.25
	if s.DoubleSpaced {
		leading = s.Leading
	}
	var node *draw.Node
	if c.inNote {
		node = g.l.node(c.parent, draw.RoleP)
	} else {
		node = g.l.node(c.parent, g.l.headingRole(h, max(h.Level, 1)))
		node.Title = doc.PlainText(h.Content)
	}
	ls := g.setInline(content, c.width, paraOpts{leading: leading}, textStyle{face: face, size: size})
	vs := g.lines(ls, c, leading, true)
	markBoxes(vs, node)
	giveLines(ls)
	if len(vs) > 0 && !c.inNote {
		title := doc.PlainText(h.Content)
		if label != "" {
			title = label + " " + title
		}
		items := []draw.Item{&draw.Bookmark{Title: title, Level: lv - 1, Y: 0}}
		if h.ID != "" {
			items = append(items, &draw.Anchor{Name: h.ID, Y: 0})
		}
		vs[0].items = append(items, vs[0].items...)
	}
	g.add(&vbox{h: after, space: true, noBreak: true, shrink: after * 0.3})
}

func (g *galley) list(l *doc.List, c ctx) {
	s := g.l.st
	if !c.tight {
		g.skip(c.leading * 0.3)
	}
	labelW := c.size * 1.8
	if l.Ordered {
		last := l.Start + len(l.Items) - 1
		labelW = shape.Width(c.face, c.size, strconv.Itoa(last)+".") + c.size*0.6
		if labelW < c.size*1.8 {
			labelW = c.size * 1.8
		}
	}
	inner := g.indent(c, labelW, 0)
	inner.tight = l.Tight
	indented := inner.x > c.x
	list := g.l.node(c.parent, draw.RoleL)
	for i, it := range l.Items {
		if i > 0 && !l.Tight {
			g.skip(c.leading * 0.3)
		}
		li := list.Add(draw.RoleLI)
		lbl := li.Add(draw.RoleLbl)
		inner.parent = li.Add(draw.RoleLBody)
		var label string
		switch {
		case it.Task == 1:
			label = "\u2610"
		case it.Task == 2:
			label = "\u2611"
		case l.Ordered:
			label = strconv.Itoa(l.Start+i) + "."
		default:
			label = []string{"\u2022", "\u2013", "\u2022", "\u2013"}[c.depth%4]
		}
		start := len(g.out)
		prev := false
		for _, b := range it.Blocks {
			g.block(b, inner, prev)
			_, prev = b.(*doc.Paragraph)
		}
		// The label goes on the first line of the item.
		var first *vbox
		for _, v := range g.out[start:] {
			if !v.space {
				first = v
				break
			}
		}
		lw := shape.Width(c.face, c.size, label)
		lx := inner.x - lw - c.size*0.5
		if !indented {
			lx = c.x
		}
		t := &draw.Text{X: lx, Y: c.leading * 0.78, Face: c.face, Size: c.size, S: label, Tag: lbl}
		if first == nil {
			first = &vbox{h: c.leading, numbered: inner.numbered}
			g.add(first)
		} else if len(first.items) > 0 {
			if y, ok := firstBaseline(first.items); ok {
				t.Y = y
			}
		}
		first.items = append(first.items, t)
	}
	_ = s
	if !c.tight {
		g.skip(c.leading * 0.3)
	}
}

// firstBaseline returns the baseline of the first text of items.
func firstBaseline(items []draw.Item) (float64, bool) {
	for _, it := range items {
		switch t := it.(type) {
		case *draw.Text:
			return t.Y, true
		case *draw.Words:
			return t.Y, true
		}
	}
	return 0, false
}

func (g *galley) code(cb *doc.CodeBlock, c ctx) {
	s := g.l.st
	size, leading := s.CodeSize, s.CodeLeading
	if c.inNote {
		size, leading = c.size*0.9, c.leading
	}
	g.listingCaption(cb, c)
	g.skip(c.leading * 0.4)
	code := g.l.node(c.parent, draw.RoleP).Add(draw.RoleCode)
	inner := g.indent(c, c.size, 0)
	cw := shape.Width(s.MonoFace, size, "0")
	maxCols := int(inner.width / cw)
	if maxCols < 8 {
		maxCols = 8
	}
	text := strings.TrimRight(strings.ReplaceAll(cb.Text, "\t", "    "), "\n")
	lines := strings.Split(text, "\n")
	var vs []*vbox
	for _, ln := range lines {
		ln = strings.TrimRight(ln, "\r \t")
		rs := []rune(ln)
		// A line too long is wrapped at a space or punctuation
		// (codewrap.go), its continuations indented four spaces more.
		indent := []rune(strings.Repeat(" ", min(leadingSpaces(rs)+4, maxCols/2)))
		for first := true; first || len(rs) > 0; first = false {
			if !first {
				for len(rs) > 0 && rs[0] == ' ' {
					rs = rs[1:]
				}
				if len(rs) == 0 {
					break
				}
				rs = append(indent[:len(indent):len(indent)], rs...)
			}
			chunk := rs[:codeBreak(rs, maxCols)]
			rs = rs[len(chunk):]
			v := &vbox{h: leading, numbered: c.numbered, numberY: leading * 0.78}
			if len(chunk) > 0 {
				v.items = []draw.Item{&draw.Text{X: inner.x, Y: leading * 0.78, Face: s.MonoFace, Size: size, S: string(chunk), Tag: code}}
			}
			if len(rs) > 0 { // continuation marker in the margin
				v.items = append(v.items, &draw.Text{X: inner.x + inner.width + 2, Y: leading * 0.78, Face: s.MonoFace, Size: size * 0.8, S: "\u21a9", Look: draw.Colored(doc.Gray(0.4)), Tag: draw.Artifact(draw.ArtifactLayout)})
			}
			vs = append(vs, v)
			g.add(v)
		}
	}
	// Short code blocks do not split; long ones keep two lines together at each end.
	for i, v := range vs {
		if len(vs) <= 6 || i == 0 || i >= len(vs)-2 {
			v.noBreak = i < len(vs)-1
		}
	}
	g.skip(c.leading * 0.4)
}

// caption sets "Figure n. caption" (or "Table n.") at small size.
func (g *galley) caption(label string, in []doc.Inline, c ctx, center bool) []setLine {
	s := g.l.st
	var content []doc.Inline
	if label != "" {
		content = append(content, doc.Strong{Content: []doc.Inline{doc.Text{S: label}}})
		if len(in) > 0 {
			content = append(content, doc.Text{S: " "})
		}
	}
	content = append(content, in...)
	o := paraOpts{justify: true, hyphenate: s.Hyphenate, leading: s.SmallLeading}
	ls := g.setInline(content, c.width, o, textStyle{face: g.l.face(false, false), size: s.SmallSize})
	if center && len(ls) == 1 {
		shiftX(ls[0].items, (c.width-ls[0].width)/2)
	}
	return ls
}

func (g *galley) bibliography(b *doc.Bibliography, c ctx) {
	s := g.l.st
	title := b.Title
	if title == "" {
		title = g.words().Terms.Bibliography
	}
	if len(b.Entries) == 0 && b.Title == "" {
		return // a {#refs} div in a manuscript without bibliography
	}
	if b.Untitled {
		g.add(&vbox{items: []draw.Item{&draw.Anchor{Name: "bibliography", Y: 0}}, noBreak: true})
	} else {
		g.heading(&doc.Heading{Level: 1, Content: []doc.Inline{doc.Text{S: title}}, Unnumbered: true, ID: "bibliography"}, c)
	}
	g.bibEntries(b, c) // biblabels.go
	_ = s
}

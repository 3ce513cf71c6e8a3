package layout

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/linebreak"
	texmath "quire/internal/math"
)

// Formulas in paragraphs and displays. An inline formula is a sequence of
// boxes the line breaker sees like words, with a penalty and the
// operator's space between them where TeX allows a break (after a
// relation or a binary operator at the formula's top level); a display is
// set on lines of its own, centred, with its number at the right margin.
// An inline formula met again in the same size, face and colour is not
// laid out again (mathCache): its pieces and their display items, made
// once at the origin (mathTmpl), are copied where it is set. A formula
// set once has its items moved where it is set, not copied.

// mathRun is the payload of a formula piece in a paragraph.
type mathRun struct {
	*mathPiece            // its size and display items at the origin
	node       *draw.Node // the formula's structure node (tag.go), shared by its pieces
	text       string     // on the formula's first piece, the formula's text
}

// mathOptions returns the layout options for text set in st.
func mathOptions(st *textStyle) texmath.Options {
	o := texmath.Options{Size: st.size, TextFace: uprightOf(st.face)}
	if st.color != (doc.Color{}) {
		c := texmath.Color{R: st.color.R, G: st.color.G, B: st.color.B}
		o.Color = &c
	}
	return o
}

// uprightOf returns the upright face of the family of face, for \text.
func uprightOf(face string) string {
	switch face {
	case font.Sans, font.SansBold, font.SansItalic:
		return font.Sans
	case font.Mono, font.MonoBold:
		return font.Mono
	}
	return font.Serif
}

// mathCache keeps the inline formulas of one layout set, by formula and
// the options they are set with: a formula that comes again (package
// math gives the same *Formula for the same source read with the same
// macros) in the same size, face and colour is laid out, and made into
// display items at the origin, at most twice. The first time, the cache
// only notes the formula (seen, by itself: a word a formula): most
// formulas of a document are set once, and what they were set with is
// then kept only by what draws them, not for the whole layout. A formula
// met again, in any style, is kept (m). A Layout's parts set in parallel
// share it.
type mathCache struct {
	mu   sync.Mutex
	m    map[mathKey]*mathSet
	seen map[*texmath.Formula]struct{}
}

type mathKey struct {
	f     *texmath.Formula
	size  float64
	face  string
	color doc.Color
}

// mathSet is an inline formula set: its pieces, or the error that made
// it be set as its source.
type mathSet struct {
	pieces []mathPiece
	// runs are the pieces' runs in a paragraph, made with the set when
	// it is set once (not shared).
	runs []mathRun
	// texts are the pieces' texts, which their ActualText spans point
	// to, and the Looks of the runs starting the spans: the display list
	// keeps them, not the pieces.
	texts []mathText
	err   error
}

type mathText struct {
	s    string
	look draw.Look // Actual: &s
}

// mathPiece is a formula's piece: its box's size, the break and space
// after it (texmath.Piece), and what it draws.
type mathPiece struct {
	w, h, d                        float64
	glue, stretch, shrink, penalty float64
	brk                            bool
	idx                            int32 // its place among the formula's pieces
	tmpl                           *mathTmpl
}

// inline returns f set with the options of st, from c when it holds it;
// c may be nil.
func (c *mathCache) inline(f *texmath.Formula, st *textStyle) *mathSet {
	var k mathKey
	shared := false // the set goes into c: it is placed many times
	if c != nil {
		k = mathKey{f, st.size, uprightOf(st.face), st.color}
		c.mu.Lock()
		if s := c.m[k]; s != nil {
			c.mu.Unlock()
			return s
		}
		if _, shared = c.seen[f]; !shared {
			if c.seen == nil {
				c.seen = map[*texmath.Formula]struct{}{}
			}
			c.seen[f] = struct{}{}
		}
		c.mu.Unlock()
	}
	var s *mathSet
	in, err := f.LayoutInline(mathOptions(st))
	if err != nil {
		s = &mathSet{err: err}
	} else {
		var tmpls []mathTmpl
		s, tmpls = newMathSet(len(in.Pieces), shared)
		s.texts = make([]mathText, len(in.Pieces))
		for i := range in.Pieces {
			p := &in.Pieces[i]
			s.pieces[i] = mathPiece{w: p.Box.W, h: p.Box.H, d: p.Box.D, glue: p.Glue, stretch: p.Stretch, shrink: p.Shrink,
				penalty: p.Penalty, brk: p.Break, idx: int32(i), tmpl: &tmpls[i]}
			s.texts[i].s = p.Text
			tmpls[i].shared = shared
		}
		initTmpls(tmpls, in.Pieces, s.texts)
		// The templates are what is drawn: the layout is not kept (the
		// boxes' sizes are).
		in.Recycle()
	}
	if shared {
		c.mu.Lock()
		if c.m == nil {
			c.m = map[mathKey]*mathSet{}
		}
		c.m[k] = s
		c.mu.Unlock()
	}
	return s
}

// newMathSet returns a set of n pieces and their n templates, and their
// runs unless it is shared, in one allocation for the few pieces most
// formulas have.
func newMathSet(n int, shared bool) (*mathSet, []mathTmpl) {
	var s *mathSet
	var t []mathTmpl
	switch n {
	case 1:
		a := new(struct {
			s mathSet
			p [1]mathPiece
			t [1]mathTmpl
			r [1]mathRun
		})
		s, t = &a.s, a.t[:]
		s.pieces, s.runs = a.p[:], a.r[:]
	case 2:
		a := new(struct {
			s mathSet
			p [2]mathPiece
			t [2]mathTmpl
			r [2]mathRun
		})
		s, t = &a.s, a.t[:]
		s.pieces, s.runs = a.p[:], a.r[:]
	case 3:
		a := new(struct {
			s mathSet
			p [3]mathPiece
			t [3]mathTmpl
			r [3]mathRun
		})
		s, t = &a.s, a.t[:]
		s.pieces, s.runs = a.p[:], a.r[:]
	case 4:
		a := new(struct {
			s mathSet
			p [4]mathPiece
			t [4]mathTmpl
			r [4]mathRun
		})
		s, t = &a.s, a.t[:]
		s.pieces, s.runs = a.p[:], a.r[:]
	default:
		s, t = &mathSet{pieces: make([]mathPiece, n)}, make([]mathTmpl, n)
		if !shared {
			s.runs = make([]mathRun, n)
		}
	}
	if shared {
		s.runs = nil
	}
	return s, t
}

// math adds an inline formula to the paragraph.
func (b *builder) math(m doc.Math, st *textStyle) {
	f, ok := m.Formula.(*texmath.Formula)
	if !ok {
		b.text(m.TeX, st)
		return
	}
	set := b.mathCache.inline(f, st)
	if set.err != nil {
		b.text(m.TeX, st)
		return
	}
	b.flushWord()
	node := mathNode(st.tag, m)
	runs := set.runs // a set set once is this paragraph's alone
	if runs == nil {
		runs = make([]mathRun, len(set.pieces))
	}
	for i := range set.pieces {
		p := &set.pieces[i]
		// Each piece is an ActualText span of its own text: a span
		// standing for the whole formula on its first piece made
		// pdftotext's default mode end the line after the formula.
		run := &runs[i]
		run.mathPiece, run.node = p, node
		if i == 0 {
			run.text = m.Text
		}
		h := b.p.newBox(hbox{st: st, math: run})
		if len(b.p.pendingAnchors) > 0 {
			h.addAnchors(b.p.pendingAnchors)
			b.p.pendingAnchors = nil
		}
		b.p.items = append(b.p.items, linebreak.Item{Kind: linebreak.Box, Width: p.w})
		b.p.boxes = append(b.p.boxes, h)
		if p.brk {
			b.p.items = append(b.p.items,
				linebreak.Item{Kind: linebreak.Penalty, Penalty: p.penalty},
				linebreak.Item{Kind: linebreak.Glue, Width: p.glue, Stretch: p.stretch, Shrink: p.shrink})
			b.p.boxes = append(b.p.boxes, nil, nil)
		}
	}
	b.lastGlue = false
}

// placeMathBox sets a formula piece h at x on a line: its glyphs and
// rules, and the anchors and notes that sit on it. j says whether it is
// one ActualText span with the pieces of its formula beside it on the
// line (mathJoins), and text is that span's text when h starts it.
func placeMathBox(sl *setLine, h *hbox, x float64, j mathJoin, text string) {
	y := -h.st.rise
	for _, a := range h.anchors() {
		sl.items = append(sl.items, &draw.Anchor{Name: a, Y: -h.st.size})
	}
	sl.notes = append(sl.notes, h.notes()...)
	n := len(sl.items)
	placeMath(sl, h.math, x, y, j, text)
	draw.Mark(sl.items[n:], h.math.node)
	if h.st.url != "" || h.st.dest != "" {
		sl.items = addLink(sl.items, &draw.Link{X: x, Y: y - h.math.h, W: h.math.w, H: h.math.h + h.math.d, URL: h.st.url, Dest: h.st.dest, Tag: h.st.tag})
	}
}

// placeMath appends the display items of a formula piece set at (x, y)
// on a line, joined to the pieces beside it as j says (placeJoined), and
// grows the line's height and depth.
func placeMath(sl *setLine, r *mathRun, x, y float64, j mathJoin, text string) {
	if j != 0 {
		sl.items = r.tmpl.placeJoined(sl.items, x, y, j, text)
	} else {
		sl.items = r.tmpl.place(sl.items, x, y)
	}
	sl.mathH = max(sl.mathH, r.h-y)
	sl.mathD = max(sl.mathD, r.d+y)
}

// mathJoin says which ends of a formula piece placed on a line it shares
// with the pieces of its formula beside it there.
type mathJoin uint8

const (
	joinPrev mathJoin = 1 << iota // the piece before is on the line, just before it
	joinNext                      // the piece after is on the line, just after it
)

// Pieces of one formula set side by side on a line are one ActualText
// span, not one each: the span starts with the first one's first run
// and ends with the last one's last, its text theirs joined by spaces
// (as the PDF writer's joinSpans reads such spans), and the invisible
// marks where pieces meet are not drawn. The span a piece would end or
// start where it meets another is what a line break between them makes
// it, as before. Only pieces placed for the first time, of a formula set
// once (whose templates are theirs alone), with text of their own and no
// anchor, note or link of their own, are joined.

// joinable reports whether the formula piece h may be one span with
// another of its formula.
func joinable(h *hbox) bool {
	t := h.math.tmpl
	return !t.shared && !t.taken.Load() && len(t.texts) > 0 && h.ext == nil && h.st.url == "" && h.st.dest == ""
}

// mathJoins returns how the formula piece of segs[k] joins the pieces of
// its formula beside it on the line (see mathJoin), and, when it starts
// a span of more than one piece, the span's text.
func mathJoins(segs []lineSeg, k int) (mathJoin, string) {
	h := segs[k].math
	if !joinable(h) {
		return 0, ""
	}
	// neighbour returns the formula piece beside segs[k] in direction
	// d, glue between them, and whether it is the next piece of h's
	// formula that way and is joined to it: placed so, before it, or
	// joinable, after it.
	neighbour := func(k, d int) (int, bool) {
		cur := segs[k].math
		for i := k + d; i >= 0 && i < len(segs); i += d {
			sg := &segs[i]
			if sg.run != nil {
				return 0, false
			}
			if sg.math == nil {
				continue // glue
			}
			ok := sg.math.math.node == cur.math.node && sg.math.math.idx == cur.math.idx+int32(d)
			if d < 0 {
				// Placed already: joined to this one if it was
				// placed so.
				return i, ok && sg.math.math.tmpl.join&joinNext != 0
			}
			return i, ok && joinable(sg.math)
		}
		return 0, false
	}
	var j mathJoin
	if _, ok := neighbour(k, -1); ok {
		j |= joinPrev
	}
	i, ok := neighbour(k, 1)
	if !ok {
		return j, ""
	}
	j |= joinNext
	if j&joinPrev != 0 {
		return j, ""
	}
	// The span's first piece: its text is the pieces' up to the last
	// one joined, the formula's own when they are all of it.
	var buf [8]string
	parts := append(buf[:0], *h.math.tmpl.texts[0].Actual())
	for ; ok; i, ok = neighbour(i, 1) {
		parts = append(parts, *segs[i].math.math.tmpl.texts[0].Actual())
	}
	if whole := h.math.text; joinedIs(whole, parts) {
		return j, whole
	}
	return j, strings.Join(parts, " ")
}

// joinedIs reports whether s is parts joined by spaces.
func joinedIs(s string, parts []string) bool {
	for k, p := range parts {
		if k > 0 {
			if s == "" || s[0] != ' ' {
				return false
			}
			s = s[1:]
		}
		if !strings.HasPrefix(s, p) {
			return false
		}
		s = s[len(p):]
	}
	return s == ""
}

// placeJoined is place for a piece joined to others of its formula (j,
// not 0): at the end it shares with another, the span it would start or
// end there is not, and its invisible mark there is not drawn; text, if
// it starts the span, is the span's. The template must be joinable
// (placed for the first time, not shared). What it changes in its runs
// is noted (join, look0, actual0) for a copy made of it later (copyAt).
func (t *mathTmpl) placeJoined(out []draw.Item, x, y float64, j mathJoin, text string) []draw.Item {
	first, last := &t.texts[0], &t.texts[len(t.texts)-1]
	skipFirst := j&joinPrev != 0 && t.startMark
	skipLast := j&joinNext != 0 && t.endMark
	t.join = j
	if j&joinPrev != 0 && !t.startMark {
		t.look0 = first.Look
		first.Look = lookOf(first.Color(), 0) // the run without the span
	}
	if j&joinNext != 0 && !t.endMark {
		last.EndActual = false
	}
	if text != "" && !skipFirst {
		// The span starts here: the text it stands for is the pieces'.
		a := first.Look.Actual
		t.actual0 = *a
		*a = text
	}
	n := len(out)
	out = t.place(out, x, y)
	if !skipFirst && !skipLast {
		return out
	}
	// The marks not drawn are dropped from what was placed, the first
	// item and the last text, wherever they lie among the rules.
	placed := out[n:]
	w := 0
	for i, it := range placed {
		if tx, ok := it.(*draw.Text); ok && (skipFirst && tx == first || skipLast && tx == last) {
			continue
		}
		placed[w] = placed[i]
		w++
	}
	clear(placed[w:])
	return out[:n+w]
}

// mathItems converts a formula's box into display items with its origin
// at (x, y), its glyph runs one ActualText span standing for actual.
func mathItems(b *texmath.Box, x, y float64, actual string) []draw.Item {
	return newMathTmpl(b, actual).place(nil, x, y)
}

// mathTmpl is what a formula's box draws, made once: its glyph runs and
// rules at the origin, in order, the runs one ActualText span. The
// placement of a template set once (not shared) moves them where they
// are set; a shared one's are copied.
type mathTmpl struct {
	texts []draw.Text     // the runs, the invisible marks included, in order
	rules []draw.RectPath // the rules, in order; see rule
	// isRule says which items, the runs and rules in order, are rules:
	// bit i of isRule0 for item i < 64, of isRuleMore beyond.
	isRule0    uint64
	isRuleMore []uint64
	w          float64
	// endMark says the last run is an invisible mark ending the span w
	// before the box's end: its X is that distance; startMark, that the
	// first is a mark starting it at the origin.
	endMark, startMark bool
	// join says how the template was placed joined to the pieces
	// beside it (placeJoined), look0 and actual0 what that changed: the
	// Look of its first run and the text of its span.
	join    mathJoin
	look0   *draw.Look
	actual0 string
	shared  bool
	taken   atomic.Bool // a placement holds texts and rules
	px, py  float64     // where they were placed
}

// isRule reports whether item i of t is a rule.
func (t *mathTmpl) isRule(i int) bool {
	if i < 64 {
		return t.isRule0>>i&1 != 0
	}
	i -= 64
	return t.isRuleMore[i/64]>>(i%64)&1 != 0
}

// A rule of a template at the origin is its RectPath at its place there,
// its size held in the MoveTo's second point, which a MoveTo does not
// use: the placement sets the rule as FilledRect would, from its place
// and size.
func setRule(r *draw.RectPath, x, y, w, h float64, c draw.Color) {
	p := r.Set(x, y, w, h, c)
	p.Ops[0].Points[1] = [2]float64{w, h}
}

// rule returns a template's rule at the origin: its place, size and
// colour.
func rule(p *draw.Path) (x, y, w, h float64, c draw.Color) {
	o := &p.Ops[0].Points
	return o[0][0], o[0][1], o[1][0], o[1][1], *p.Fill
}

// newMathTmpl makes the template of b's items, its runs a span standing
// for actual. The math face is never
// shaped: its glyphs are chosen and placed here. A glyph on the baseline,
// at the size and in the colour of a run before it, at or after that
// run's last glyph, extends the run, though other runs (a script, a
// fraction's numerator) came between them: the previous glyph's advance
// takes it to where this one stands (a TJ adjustment), so that a formula
// is a run for each baseline and size, not one per atom (a_i b_i c_i is
// three runs: a, the subscripts, b c). Text in a text face ends the runs
// before it, and the first run is not extended once another has started:
// the span of ActualText starts with the first run and ends with the one
// that ends the formula.
func newMathTmpl(b *texmath.Box, actual string) *mathTmpl {
	a := new(struct {
		t  [1]mathTmpl
		tx [1]mathText
	})
	a.tx[0].s = actual
	initTmpls(a.t[:], []texmath.Piece{{Box: b}}, a.tx[:])
	return &a.t[0]
}

// tmplRun is a run of a template being made: the item it starts at, its
// glyphs and the bytes of their code points (ranges in the arrays the
// runs share), its colour.
type tmplRun struct {
	item   int
	g0, g1 int // g0 < 0: a run of text
	c0, c1 int
	col    doc.Color
	n      int     // its glyphs
	lastX  float64 // where its last glyph (so far) starts
}

// tmplEnt is a run (index in the runs) or a rule (index in the box's
// items) of a template being made, in order.
type tmplEnt struct {
	rule bool
	i    int
}

// tmplPiece is what a template being made has: its runs and entries
// (ranges in the scratch arrays), and its invisible marks.
type tmplPiece struct {
	r0, r1, e0, e1     int
	last               int // the run that ends the span
	startMark, endMark bool
	mg                 int // the mark's glyph
	ms0, ms1           int // the mark's code point in the code bytes; ms0 < 0: "."
	markSize, markW    float64
}

// tmplBufs are the scratch arrays of initTmpls; they hold no pointers.
type tmplBufs struct {
	runs   []tmplRun
	ents   []tmplEnt
	pieces []tmplPiece
	code   []byte
	gruns  []int // the run of each glyph of a piece
}

var tmplScratch = sync.Pool{New: func() any { return new(tmplBufs) }}

// initTmpls makes tmpls[i] the template of pieces[i].Box's items (see
// newMathTmpl), its runs the span of spans[i].s, whose Look spans[i]
// holds. The runs of all pieces are found first, in scratch arrays
// without pointers; then the arrays the templates share are made at
// their sizes and filled: the glyphs of all runs lie one after the other
// in one array, their code points in one string, the runs of all
// templates in one array, and their rules in another.
func initTmpls(tmpls []mathTmpl, pieces []texmath.Piece, spans []mathText) {
	mf := font.MustGet(font.Math)
	nglyphs := 0
	for _, p := range pieces {
		for i := range p.Box.Items {
			if p.Box.Items[i].Kind == texmath.Glyph {
				nglyphs++
			}
		}
	}
	sc := tmplScratch.Get().(*tmplBufs)
	defer tmplScratch.Put(sc)
	runs, ents, tps, code, gruns := sc.runs[:0], sc.ents[:0], sc.pieces[:0], sc.code[:0], sc.gruns[:0]
	defer func() {
		sc.runs, sc.ents, sc.pieces, sc.code, sc.gruns = runs[:0], ents[:0], tps[:0], code[:0], gruns[:0]
	}()
	// One more glyph a piece for an invisible mark (below).
	glyphs := make([]draw.Glyph, 0, nglyphs+len(pieces))
	nrules, ntexts := 0, 0
	for _, p := range pieces {
		b := p.Box
		tp := tmplPiece{r0: len(runs), e0: len(ents), mg: -1}
		// The runs: each glyph extends the latest open run it may
		// extend, or starts one. The first run is extended only while
		// it is the latest: it starts the span (below), and another
		// run is to end it.
		open := len(runs) // the runs from open on are open
		gruns = gruns[:0]
		for i := range b.Items {
			it := &b.Items[i]
			col := itemColor(it)
			switch it.Kind {
			case texmath.Glyph:
				k := -1
				for j := len(runs) - 1; j >= open; j-- {
					if j == tp.r0 && j < len(runs)-1 {
						break
					}
					r := &runs[j]
					ri := &b.Items[r.item]
					if ri.Size == it.Size && abs(ri.Y-it.Y) < 0.005 && r.col == col && it.X >= r.lastX-0.005 {
						k = j
						break
					}
				}
				if k < 0 {
					runs = append(runs, tmplRun{item: i, col: col})
					ents = append(ents, tmplEnt{i: len(runs) - 1})
					k = len(runs) - 1
				}
				runs[k].lastX = it.X
				runs[k].n++
				gruns = append(gruns, k)
			case texmath.TextRun:
				// Text in a text face ends the runs before it.
				runs = append(runs, tmplRun{item: i, g0: -1, col: col})
				ents = append(ents, tmplEnt{i: len(runs) - 1})
				open = len(runs)
			case texmath.Rule:
				// A rule does not end a glyph run: the glyphs after it
				// may extend the runs before it.
				ents = append(ents, tmplEnt{rule: true, i: i})
			}
		}
		// Each run's glyphs one after the other, the advance of each
		// but the last taking the pen to where the next stands (a TJ
		// adjustment over the glyphs of other runs between them).
		for j := tp.r0; j < len(runs); j++ {
			if r := &runs[j]; r.g0 >= 0 {
				r.g0 = len(glyphs)
				r.g1 = r.g0
				glyphs = glyphs[:len(glyphs)+r.n]
			}
		}
		gi := 0
		for i := range b.Items {
			it := &b.Items[i]
			if it.Kind != texmath.Glyph {
				continue
			}
			r := &runs[gruns[gi]]
			gi++
			if r.g1 > r.g0 {
				glyphs[r.g1-1].Adv = float32((it.X - r.lastX) * 1000 / it.Size)
			}
			glyphs[r.g1] = draw.Glyph{Code: it.Code, Adv: float32(mf.Advance(it.Code))}
			r.g1++
			r.lastX = it.X
		}
		for j := tp.r0; j < len(runs); j++ {
			if r := &runs[j]; r.g0 >= 0 {
				r.c0 = len(code)
				for _, g := range glyphs[r.g0:r.g1] {
					code = utf8.AppendRune(code, g.Code)
				}
				r.c1 = len(code)
			}
		}
		tp.r1, tp.e1 = len(runs), len(ents)
		tp.last = tp.r1 - 1
		if tp.r1 > tp.r0 {
			// Text extraction (poppler) puts a span's text on the line
			// from where its first glyph starts to where its last ends:
			// the span starts and ends with a glyph on the formula's
			// baseline at its two ends. Where the formula's first (last)
			// run is not such a glyph, an invisible one is drawn there.
			// The run that ends at the formula's end on its baseline
			// is put last, unless it is the first.
			endsBox := func(j int) bool {
				r := &runs[j]
				li := &b.Items[r.item]
				if r.g0 < 0 || abs(li.Y) >= 0.005 {
					return false
				}
				var w float64
				for _, g := range glyphs[r.g0:r.g1] {
					w += float64(g.Adv)
				}
				return abs(li.X+w*li.Size/1000-b.W) < 0.01*li.Size
			}
			tp.endMark = !endsBox(tp.last)
			if tp.endMark {
				for j := tp.r1 - 2; j > tp.r0; j-- {
					if endsBox(j) {
						tp.last, tp.endMark = j, false
						pe := ents[tp.e0:tp.e1]
						for k := range pe {
							if !pe[k].rule && pe[k].i == j {
								copy(pe[k:], pe[k+1:])
								pe[len(pe)-1] = tmplEnt{i: j}
								break
							}
						}
						break
					}
				}
			}
			fr := &runs[tp.r0]
			fi := &b.Items[fr.item]
			tp.startMark = !(fi.Kind == texmath.Glyph && abs(fi.X) < 0.005 && abs(fi.Y) < 0.005)
			if tp.startMark || tp.endMark {
				var r rune
				if fi.Kind == texmath.Glyph {
					var n int
					r, n = utf8.DecodeRune(code[fr.c0:fr.c1])
					tp.ms0, tp.ms1, tp.markSize = fr.c0, fr.c0+n, fi.Size
					tp.markW = font.Measure(font.Math, fi.Size, string(code[fr.c0:fr.c0+n]))
				} else {
					r, tp.ms0, tp.markSize = '.', -1, b.H
					tp.markW = font.Measure(font.Math, b.H, ".")
				}
				tp.mg = len(glyphs)
				glyphs = append(glyphs, draw.Glyph{Code: r, Adv: float32(mf.Advance(r))})
			}
		}
		marks := 0
		if tp.startMark {
			marks++
		}
		if tp.endMark {
			marks++
		}
		nrules += tp.e1 - tp.e0 - (tp.r1 - tp.r0)
		ntexts += tp.r1 - tp.r0 + marks
		tps = append(tps, tp)
	}
	all := string(code)
	var texts []draw.Text
	if ntexts > 0 {
		texts = make([]draw.Text, 0, ntexts)
	}
	var rules []draw.RectPath
	if nrules > 0 {
		rules = make([]draw.RectPath, 0, nrules)
	}
	for k, p := range pieces {
		b, tp, t := p.Box, &tps[k], &tmpls[k]
		t.w = b.W
		x0, r0 := len(texts), len(rules)
		var mark draw.Text
		if tp.mg >= 0 {
			gs := "."
			if tp.ms0 >= 0 {
				gs = all[tp.ms0:tp.ms1]
			}
			mark = draw.Text{Face: font.Math, Size: tp.markSize, S: gs, Invisible: true, Look: lookOf(runs[tp.r0].col, 0),
				Glyphs: glyphs[tp.mg : tp.mg+1 : tp.mg+1]}
		}
		// The span starts on the first run: its Look is the run's with
		// the span's text.
		sp := &spans[k]
		start := func(tx *draw.Text) {
			sp.look = draw.Look{Color: tx.Color(), Actual: &sp.s}
			tx.Look = &sp.look
		}
		n := 0 // the items so far
		if tp.startMark {
			texts = append(texts, mark)
			start(&texts[len(texts)-1])
			n++
		}
		for _, e := range ents[tp.e0:tp.e1] {
			if e.rule {
				it := &b.Items[e.i]
				rules = rules[:len(rules)+1]
				setRule(&rules[len(rules)-1], it.X, it.Y, it.W, it.H, itemColor(it))
				if n < 64 {
					t.isRule0 |= 1 << n
				} else {
					m := n - 64
					for len(t.isRuleMore) <= m/64 {
						t.isRuleMore = append(t.isRuleMore, 0)
					}
					t.isRuleMore[m/64] |= 1 << (m % 64)
				}
				n++
				continue
			}
			r := &runs[e.i]
			it := &b.Items[r.item]
			look := lookOf(r.col, 0)
			if r.g0 >= 0 {
				texts = append(texts, draw.Text{X: it.X, Y: it.Y, Face: font.Math, Size: it.Size, Look: look,
					S: all[r.c0:r.c1], Glyphs: glyphs[r.g0:r.g1:r.g1]})
			} else {
				texts = append(texts, draw.Text{X: it.X, Y: it.Y, Face: it.Face, Size: it.Size, S: it.S, Look: look})
			}
			tx := &texts[len(texts)-1]
			if e.i == tp.r0 && !tp.startMark {
				start(tx)
			}
			if e.i == tp.last && !tp.endMark {
				tx.EndActual = true
			}
			n++
		}
		if tp.endMark {
			mark.X, mark.EndActual = tp.markW, true
			texts = append(texts, mark)
			t.endMark = true
		}
		t.startMark = tp.startMark
		if len(texts) > x0 {
			t.texts = texts[x0:len(texts):len(texts)]
		}
		if len(rules) > r0 {
			t.rules = rules[r0:len(rules):len(rules)]
		}
	}
}

// itemColor returns the colour of a formula's item.
func itemColor(it *texmath.Item) doc.Color {
	if it.Color == nil {
		return doc.Black
	}
	return doc.Color{R: it.Color.R, G: it.Color.G, B: it.Color.B}
}

// place appends the template's items set with the origin at (x, y) to
// out: its own, moved there, the first time a template that is not
// shared is placed; copies otherwise.
func (t *mathTmpl) place(out []draw.Item, x, y float64) []draw.Item {
	n := len(t.texts) + len(t.rules)
	out = slices.Grow(out, n)
	if t.shared {
		return t.copyAt(out, n, x, y, false)
	}
	if !t.taken.CompareAndSwap(false, true) {
		// Placed again, which a formula set once is not: copied from
		// where it was placed.
		return t.copyAt(out, n, x, y, true)
	}
	t.px, t.py = x, y
	k, r := 0, 0 // the runs and rules so far
	last := len(t.texts) - 1
	for i := range n {
		if t.isRule(i) {
			rp := &t.rules[r]
			r++
			ox, oy, w, h, c := rule(rp.Path())
			out = append(out, rp.Set(x+ox, y+oy, w, h, c))
			continue
		}
		c := &t.texts[k]
		if k == last && t.endMark {
			c.X = x + t.w - c.X
		} else {
			c.X += x
		}
		c.Y += y
		k++
		out = append(out, c)
	}
	return out
}

// copyAt appends copies of t's n items set at (x, y) to out: from the
// origin, or, if placed, from where t's own items were placed.
func (t *mathTmpl) copyAt(out []draw.Item, n int, x, y float64, placed bool) []draw.Item {
	texts := make([]draw.Text, len(t.texts))
	last := len(t.texts) - 1
	defer t.unjoin(texts)
	k, r := 0, 0
	for i := range n {
		if t.isRule(i) {
			p := t.rules[r].Path()
			r++
			var ox, oy, w, h float64
			if placed {
				o := p.Ops
				ox, oy = o[0].Points[0][0]-t.px, o[0].Points[0][1]-t.py
				w, h = o[1].Points[0][0]-o[0].Points[0][0], o[2].Points[0][1]-o[1].Points[0][1]
			} else {
				ox, oy, w, h, _ = rule(p)
			}
			out = append(out, draw.FilledRect(x+ox, y+oy, w, h, *p.Fill))
			continue
		}
		// Field by field: storing a whole struct in the heap costs a
		// bulk write barrier while the collector runs.
		c, s := &texts[k], &t.texts[k]
		c.Face, c.Size, c.S, c.Glyphs, c.Invisible, c.Look, c.EndActual = s.Face, s.Size, s.S, s.Glyphs, s.Invisible, s.Look, s.EndActual
		switch {
		case placed:
			c.X, c.Y = x+(s.X-t.px), y+(s.Y-t.py)
		case k == last && t.endMark:
			c.X, c.Y = x+t.w-s.X, y+s.Y
		default:
			c.X, c.Y = x+s.X, y+s.Y
		}
		k++
		out = append(out, c)
	}
	return out
}

// unjoin makes texts, copies of t's runs, the runs of a piece of its own
// again where placeJoined joined t to the pieces beside it.
func (t *mathTmpl) unjoin(texts []draw.Text) {
	if t.join == 0 || len(texts) == 0 {
		return
	}
	first, last := &texts[0], &texts[len(texts)-1]
	if t.look0 != nil {
		first.Look = t.look0
	}
	if t.join&joinNext != 0 && !t.endMark {
		last.EndActual = true
	}
	if t.join&joinPrev == 0 && first.Actual() != nil {
		// It started the span: its own text, in a Look of its own.
		l := *first.Look
		l.Actual = &t.actual0
		first.Look = &l
	}
}

// lineSkip is the least space between the depth of a line and the height
// of the next when tall formulas would make them touch (TeX's \lineskip).
const lineSkip = 1.0

// mathBlock sets a display formula.
func (g *galley) mathBlock(mb *doc.MathBlock, c ctx) {
	f, ok := mb.Math.Formula.(*texmath.Formula)
	if !ok {
		return
	}
	st := textStyle{face: c.face, size: c.size}
	o := mathOptions(&st)
	// The measure of the display: the text's, less room for the number.
	room := 0.0 // the widest number and the space before it
	for _, r := range mb.Rows {
		num := r.Tag
		if num == "" && r.Number > 0 {
			num = "(" + strconv.Itoa(r.Number) + ")"
		}
		if num != "" {
			room = max(room, font.Measure(uprightOf(c.face), c.size, num)+c.size)
		}
	}
	o.Width = c.width - room
	d, err := f.LayoutDisplay(o)
	if err != nil {
		return
	}
	skip := c.size * 1.0 // \abovedisplayskip, \belowdisplayskip
	if c.inNote {
		skip = c.size * 0.6
	}
	g.skip(skip)
	// The widest line of an alignment block, to centre the block.
	blockW := 0.0
	for _, ln := range d.Lines {
		if ln.Block {
			blockW = max(blockW, ln.Box.W)
		}
	}
	indent := c.size // multline's \multlinegap
	var vs []*vbox
	node := mathNode(nil, mb.Math)
	c.parent = g.l.node(c.parent, draw.RoleP)
	c.parent.Adopt(node)
	var label *draw.Node // the equation numbers
	for i, ln := range d.Lines {
		var x float64
		switch {
		case ln.Block:
			// Centred, or further left when the numbers need the room
			// (as amsmath sets a wide alignment).
			x = max(0, min((c.width-blockW)/2, c.width-room-blockW))
		case ln.Align == 'l':
			x = indent
		case ln.Align == 'r':
			x = c.width - ln.Box.W - indent
		default:
			x = (c.width - ln.Box.W) / 2
		}
		var numW float64
		var num string
		// A row broken into lines has its number on its last line and
		// its anchor on its first.
		lastOfRow := i == len(d.Lines)-1 || d.Lines[i+1].Row != ln.Row
		firstOfRow := i == 0 || d.Lines[i-1].Row != ln.Row
		if ln.Row < len(mb.Rows) && lastOfRow {
			r := mb.Rows[ln.Row]
			switch {
			case r.Tag != "":
				num = r.Tag
			case r.Number > 0:
				num = "(" + strconv.Itoa(r.Number) + ")"
			}
		}
		face := uprightOf(c.face)
		if num != "" {
			numW = font.Measure(face, c.size, num)
			if ln.Align == 'r' {
				x -= numW
			}
		}
		x = max(x, 0)
		h, dp := max(ln.Box.H, c.size*0.75), max(ln.Box.D, c.size*0.25)
		items := mathItems(ln.Box, c.x+x, h, ln.Text) // each line stands for its own text
		draw.Mark(items, node)
		v := &vbox{h: h + dp, items: items, numbered: c.numbered, numberY: h, noBreak: i < len(d.Lines)-1 && !ln.PageBreak}
		if num != "" {
			if label == nil {
				label = g.l.node(c.parent, draw.RoleLbl)
			}
			// The number at the right margin on the line's baseline, or
			// below the line when the line leaves no room for it.
			nx := c.x + c.width - numW
			if x+ln.Box.W > c.width-numW-c.size {
				v.items = append(v.items, &draw.Text{X: nx, Y: h + dp + c.leading*0.78, Face: face, Size: c.size, S: num, Tag: label})
				v.h += c.leading
			} else {
				v.items = append(v.items, &draw.Text{X: nx, Y: h, Face: face, Size: c.size, S: num, Tag: label})
			}
		}
		if ln.Row < len(mb.Rows) && mb.Rows[ln.Row].ID != "" && firstOfRow {
			v.items = append([]draw.Item{&draw.Anchor{Name: mb.Rows[ln.Row].ID, Y: 0}}, v.items...)
		}
		if ln.Box.W > c.width+0.5 && g.l.diags != nil {
			g.l.diags.Warnf(mb.Pos, "break the formula into lines with an align or multline environment", "a display formula %.0f pt wide is wider than the text (%.0f pt)", ln.Box.W, c.width)
		}
		g.add(v)
		vs = append(vs, v)
		if i < len(d.Gaps) {
			// Between rows a page may end: the gap is then dropped, and
			// each row's number stays on its row's box.
			g.add(&vbox{h: d.Gaps[i], noBreak: true, space: ln.PageBreak})
		}
	}
	g.skip(skip)
}

// lineGap returns the space to add above line cur, after line prev, so
// that tall formulas in them keep lineSkip apart at the given leading.
func lineGap(prev, cur *setLine, leading float64) float64 {
	if cur.mathH == 0 && (prev == nil || prev.mathD == 0) {
		return 0
	}
	above := leading * 0.78
	below := leading - above
	h := max(cur.mathH, above*0.9)
	d := below * 0.9
	if prev != nil {
		d = max(d, prev.mathD)
	}
	if need := h + d + lineSkip; need > leading {
		return need - leading
	}
	return 0
}

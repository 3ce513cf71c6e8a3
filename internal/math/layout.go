package math

import (
	"bytes"
	stdmath "math"
	"strings"
	"sync"

	"quire/internal/font"
	"quire/internal/math/otmath"
)

// Options control the layout of a formula.
type Options struct {
	// Size is the size of the surrounding text in points. Formulas are set
	// in the math face scaled so that its x-height matches the text face's
	// (see Scale).
	Size float64
	// TextFace is the face of \text{...} and of the surrounding text
	// (font.Serif when empty).
	TextFace string
	// Color is the colour of the formula (black when nil).
	Color *Color
	// Width is the measure of a display in points: a display line wider
	// than it has its spaces shrunk, or is broken before a relation or a
	// binary operator onto continuation lines (displaybreak.go). 0: lines
	// are set at their natural width, however wide.
	Width float64
}

// TeX's penalties for breaking an inline formula.
const (
	RelPenalty   = 500 // after a relation (\relpenalty)
	BinOpPenalty = 700 // after a binary operator (\binoppenalty)
)

var (
	scaleOnce sync0
	mathScale float64
)

type sync0 struct{ done bool }

// Scale is the factor the math face is set at relative to the text size:
// the x-height of the text face (Liberation Serif) over that of the math
// face (DejaVu Math TeX Gyre), measured from the fonts.
func Scale(textFace string) float64 {
	if textFace == "" {
		textFace = font.Serif
	}
	mf, _, err := otmath.Default()
	if err != nil {
		return 1
	}
	tf, err := font.Get(textFace)
	if err != nil {
		return 1
	}
	mx, ok := mf.GlyphOf('x')
	if !ok {
		return 1
	}
	tx := tf.XHeight()
	if tx <= 0 {
		return 1
	}
	s := tx / (mf.Metrics(mx).YMax * 1000 / mf.UnitsPerEm)
	if s < 0.7 || s > 1.3 {
		return 1
	}
	return s
}

// lay is the state of one layout.
type lay struct {
	f        *otmath.Font
	c        *otmath.Constants
	base     float64 // text-style size of the math face, points
	textSize float64 // size of \text
	face     string
	err      error
	scale    float64
	arena    *arena // nil: boxes are allocated one by one
	stack    []frame
	items    *slabs[Item] // where an inline formula's items are taken from
}

// newLay returns the state of a layout with options o, without an arena.
func newLay(o Options) (*lay, error) {
	l := &lay{}
	if err := l.init(o); err != nil {
		return nil, err
	}
	return l, nil
}

// arenaLay returns the state of a layout with options o, with an arena
// (the lay is the arena's); release gives both back.
func arenaLay(o Options) (*lay, error) {
	a := arenas.Get().(*arena)
	l := &a.lay
	if err := l.init(o); err != nil {
		arenas.Put(a)
		return nil, err
	}
	l.arena, l.stack = a, a.stack
	return l, nil
}

func (l *lay) init(o Options) error {
	f, _, err := otmath.Default()
	if err != nil {
		return err
	}
	if o.TextFace == "" {
		o.TextFace = font.Serif
	}
	sc := Scale(o.TextFace)
	*l = lay{f: f, c: &f.Constants, base: o.Size * sc, textSize: o.Size, face: o.TextFace, scale: sc}
	return nil
}

// size returns the font size of style st.
func (l *lay) size(st Style) float64 {
	switch st {
	case StyleScript:
		return l.base * l.c.ScriptPercentScaleDown / 100
	case StyleScriptScript:
		return l.base * l.c.ScriptScriptPercentScaleDown / 100
	}
	return l.base
}

// u converts font units to points at the size of style st.
func (l *lay) u(v float64, st Style) float64 { return v * l.size(st) / l.f.UnitsPerEm }

func (l *lay) em(st Style) float64 { return l.size(st) }

func supStyle(st Style) Style {
	switch st {
	case StyleDisplay, StyleText:
		return StyleScript
	}
	return StyleScriptScript
}

func fracStyle(st Style) Style {
	switch st {
	case StyleDisplay:
		return StyleText
	case StyleText:
		return StyleScript
	}
	return StyleScriptScript
}

// glyphBox returns the box of glyph g at style st.
func (l *lay) glyphBox(g otmath.GlyphID, st Style) *box {
	m := l.f.Metrics(g)
	s := l.size(st) / l.f.UnitsPerEm
	b := l.newBox(box{w: m.Advance * s, h: max(0, m.YMax*s), d: max(0, -m.YMin*s), code: l.f.Code(g), gsize: l.size(st), gid: int(g), isChar: true, accentX: -1})
	if it, ok, ta, acc := l.f.Extra(g); ok || acc {
		if ok {
			b.italic = it * s
		}
		if acc {
			b.accentX, b.hasAccent = ta*s, true
		}
	}
	return b
}

// charBox returns the box of character r, from the math face when it has
// the character, else from the text face.
func (l *lay) charBox(r rune, st Style) *box {
	if g, ok := l.f.GlyphOf(r); ok && l.f.Code(g) != 0 {
		return l.glyphBox(g, st)
	}
	// Fall back from a math alphabet to the plain letter, then to text.
	if base := plainLetter(r); base != r {
		if g, ok := l.f.GlyphOf(base); ok {
			return l.glyphBox(g, st)
		}
	}
	return l.textBox(string(r), "", st)
}

// plainLetter maps a math alphanumeric character back to its letter.
func plainLetter(r rune) rune {
	if r >= 0x1D400 && r <= 0x1D6A3 {
		i := (r - 0x1D400) % 52
		if i < 26 {
			return 'A' + i
		}
		return 'a' + i - 26
	}
	if r >= 0x1D7CE && r <= 0x1D7FF {
		return '0' + (r-0x1D7CE)%10
	}
	if r >= 0x1D6A8 && r <= 0x1D7C9 {
		i := int((r - 0x1D6A8) % 58)
		if i < 25 {
			return 0x391 + rune(i)
		}
		if i >= 26 && i < 51 {
			return 0x3B1 + rune(i-26)
		}
	}
	return r
}

// textFaceOf returns the face of a text piece.
func (l *lay) textFaceOf(f string) string {
	switch f {
	case "bf":
		return boldOf(l.face)
	case "it":
		return italicOf(l.face)
	case "sf":
		return font.Sans
	case "tt":
		return font.Mono
	}
	return l.face
}

func boldOf(f string) string {
	switch f {
	case font.Sans, font.SansItalic:
		return font.SansBold
	case font.Mono:
		return font.MonoBold
	}
	return font.SerifBold
}

func italicOf(f string) string {
	switch f {
	case font.Sans, font.SansBold:
		return font.SansItalic
	}
	return font.SerifItalic
}

// textBox returns a run of text in the text face at the size of style st.
func (l *lay) textBox(s, face string, st Style) *box {
	fc := l.textFaceOf(face)
	size := l.textSize * l.size(st) / l.base
	fa := font.MustGet(fc)
	w := font.Measure(fc, size, s)
	return l.newBox(box{w: w, h: fa.Ascent * size / 1000 * 0.9, d: fa.Descent * size / 1000 * 0.8, text: s, face: fc, gsize: size, accentX: -1})
}

// atom is an element of an hlist being built from a math list.
type atom struct {
	class    Class
	b        *box
	spacing  bool    // takes part in inter-atom spacing (atoms do; kerns don't)
	penalty  float64 // a penalty after this item (\nobreak, \allowbreak): NaN for none
	explicit bool    // an explicit penalty item
	space    float64 // explicit space (not an atom)
	isSpace  bool
	src      *node // the node the atom was made of, for its text (nil for a kern)
}

// spaceTable gives the space between atoms of two classes, in units of
// thin (1), medium (2) and thick (3) spaces; negative: only in display
// and text styles. (The TeXbook, chapter 18.)
var spaceTable = [8][8]int8{
	//         Ord Op Bin Rel Open Close Punct Inner
	/* Ord   */ {0, 1, -2, -3, 0, 0, 0, -1},
	/* Op    */ {1, 1, 0, -3, 0, 0, 0, -1},
	/* Bin   */ {-2, -2, 0, 0, -2, 0, 0, -2},
	/* Rel   */ {-3, -3, 0, 0, -3, 0, 0, -3},
	/* Open  */ {0, 0, 0, 0, 0, 0, 0, 0},
	/* Close */ {0, 1, -2, -3, 0, 0, 0, -1},
	/* Punct */ {-1, -1, 0, -1, -1, -1, -1, -1},
	/* Inner */ {-1, 1, -2, -3, -1, 0, -1, -1},
}

// glue is a space between atoms, in points, with its stretch and shrink.
type glue struct{ w, stretch, shrink float64 }

func (l *lay) interSpace(a, b Class, st Style) glue {
	k := spaceTable[a][b]
	if k < 0 {
		if st >= StyleScript {
			return glue{}
		}
		k = -k
	}
	mu := l.em(st) / 18
	switch k {
	case 1:
		return glue{3 * mu, 0, 0}
	case 2:
		return glue{4 * mu, 2 * mu, 4 * mu}
	case 3:
		return glue{5 * mu, 5 * mu, 0}
	}
	return glue{}
}

// hlist is a laid-out math list with its break points.
type hlist struct {
	items []hitem
}

type hitem struct {
	b       *box
	x       float64
	glue    glue    // the space after this item
	breakOK bool    // a line may break after this item (and its glue)
	penalty float64 // the cost of that break
	class   Class   // the class of the atom (Ord for kerns and penalties)
	op      bool    // a relation or binary operator a display may break before
	src     *node   // the node it was made of (nil for a kern)
}

// mlist converts a math list into atoms and then into an hlist (Appendix
// G, rules 1 to 22), in style st, cramped or not.
func (l *lay) mlist(list []*node, st Style, cramped bool) hlist {
	atoms := l.atomList(len(list))
	cur := st
	for i := 0; i < len(list); i++ {
		n := list[i]
		switch n.kind {
		case nStyle:
			cur = n.style
			continue
		case nSpace:
			mu := l.em(cur) / 18
			atoms = append(atoms, atom{b: l.kern(n.num * mu), isSpace: true})
			continue
		case nPenalty:
			if k := len(atoms); k > 0 {
				atoms[k-1].penalty = n.num
				atoms[k-1].explicit = true
			}
			continue
		case nChoice:
			sub := l.mlist(n.x().choice[min(int(cur), 3)], cur, cramped)
			atoms = append(atoms, atom{class: Ord, b: l.hbox(sub), spacing: true, src: n})
			continue
		case nSize:
			saved, savedText := l.base, l.textSize
			l.base, l.textSize = l.base*n.num, l.textSize*n.num
			sub := l.mlist(n.nuc, cur, cramped)
			l.base, l.textSize = saved, savedText
			atoms = append(atoms, atom{class: Ord, b: l.hbox(sub), spacing: true, src: n})
			continue
		case nColor:
			sub := l.mlist(n.nuc, cur, cramped)
			b := l.hbox(sub)
			c := n.x().color
			b.color = &c
			atoms = append(atoms, atom{class: Ord, b: b, spacing: true, src: n})
			continue
		}
		b := l.node(n, cur, cramped)
		atoms = append(atoms, atom{class: n.class, b: b, spacing: true, src: n})
	}
	// Rules 5 and 6: a Bin after nothing, Op, Bin, Rel, Open or Punct, or
	// before Rel, Close or Punct, is an Ord.
	prev := -1
	for i := range atoms {
		if !atoms[i].spacing {
			continue
		}
		if atoms[i].class == Bin {
			if prev < 0 {
				atoms[i].class = Ord
			} else {
				switch atoms[prev].class {
				case Bin, Op, Rel, Open, Punct:
					atoms[i].class = Ord
				}
			}
		}
		if prev >= 0 && atoms[prev].class == Bin {
			switch atoms[i].class {
			case Rel, Close, Punct:
				atoms[prev].class = Ord
			}
		}
		prev = i
	}
	if prev >= 0 && atoms[prev].class == Bin {
		atoms[prev].class = Ord
	}
	// Spacing and break points.
	h := hlist{items: l.hitemList(len(atoms))}
	x := 0.0
	lastAtom := -1
	for i, a := range atoms {
		if a.spacing && lastAtom >= 0 {
			g := l.interSpace(atoms[lastAtom].class, a.class, cur)
			if k := len(h.items); k > 0 {
				h.items[k-1].glue = g
				x += g.w
			}
		}
		it := hitem{b: a.b, x: x, src: a.src}
		if a.spacing {
			lastAtom = i
			it.class = a.class
			// Breaks after a relation or a binary operator, unless a
			// relation follows a relation.
			if a.class == Rel || a.class == Bin {
				next := Ord
				for k := i + 1; k < len(atoms); k++ {
					if atoms[k].spacing {
						next = atoms[k].class
						break
					}
				}
				if i+1 < len(atoms) && !(a.class == Rel && next == Rel) {
					it.breakOK, it.op = true, true
					it.penalty = RelPenalty
					if a.class == Bin {
						it.penalty = BinOpPenalty
					}
				}
			}
		}
		if a.explicit {
			it.breakOK = a.penalty < 10000
			it.penalty = a.penalty
		}
		h.items = append(h.items, it)
		x += a.b.w
	}
	return h
}

// hbox returns the hlist as one box, glue at its natural width.
func (l *lay) hbox(h hlist) *box {
	b := l.newBox(box{accentX: -1})
	b.kids = l.kidList(len(h.items))
	x := 0.0
	for _, it := range h.items {
		l.add(b, it.b, x, 0)
		x += it.b.w + it.glue.w
	}
	b.w = x
	if len(h.items) == 1 {
		c := h.items[0].b
		b.italic, b.isChar, b.gid, b.accentX, b.hasAccent = c.italic, c.isChar, c.gid, c.accentX, c.hasAccent
	}
	return b
}

// list lays out a list as a box.
func (l *lay) list(list []*node, st Style, cramped bool) *box {
	return l.hbox(l.mlist(list, st, cramped))
}

// node lays out one node (an atom with its scripts).
func (l *lay) node(n *node, st Style, cramped bool) *box {
	var nuc *box
	limits := false
	switch n.kind {
	case nSym:
		nuc = l.charBox(n.r, st)
		if n.x().flag == "pad" {
			// \implies, \impliedby, \iff: amsmath's \;\Longrightarrow\;,
			// a thick space (5 mu) each side of the relation.
			pad := 5 * l.em(st) / 18
			b := l.newBox(box{w: nuc.w + 2*pad, h: nuc.h, d: nuc.d, accentX: -1})
			l.add(b, nuc, pad, 0)
			nuc = b
		}
	case nList:
		nuc = l.list(n.nuc, st, cramped)
		switch n.x().flag {
		case "pmod", "pod", "mod":
			nuc = l.mod(n, st, cramped, nuc)
		}
	case nOp:
		nuc, limits = l.op(n, st, cramped)
	case nFrac:
		nuc = l.frac(n, st, cramped)
	case nRad:
		nuc = l.radical(n, st)
	case nAcc:
		nuc = l.accent(n, st, cramped)
	case nOverline:
		b := l.list(n.nuc, st, true)
		th := l.u(l.c.OverbarRuleThickness, st)
		gap := l.u(l.c.OverbarVerticalGap, st)
		nuc = l.newBox(box{w: b.w, accentX: -1})
		l.add(nuc, b, 0, 0)
		l.add(nuc, l.ruleBox(b.w, th, 0), 0, b.h+gap)
		nuc.h += l.u(l.c.OverbarExtraAscender, st)
	case nUnderline:
		b := l.list(n.nuc, st, cramped)
		th := l.u(l.c.UnderbarRuleThickness, st)
		gap := l.u(l.c.UnderbarVerticalGap, st)
		nuc = l.newBox(box{w: b.w, accentX: -1})
		l.add(nuc, b, 0, 0)
		l.add(nuc, l.ruleBox(b.w, 0, th), 0, -(b.d + gap))
		nuc.d += l.u(l.c.UnderbarExtraDescender, st)
	case nOverUnder:
		nuc = l.overUnder(n, st, cramped)
		limits = n.x().flag == "over" || n.x().flag == "under"
	case nLeftRight:
		nuc = l.leftRight(n, st, cramped)
	case nBig:
		// LaTeX's \big: \left on a strut n.num em tall above the baseline.
		a := l.u(l.c.AxisHeight, st)
		delta := 2 * (n.num*l.em(StyleText) - a)
		size := max(delta*901/1000, delta-0.5*l.em(StyleText))
		nuc = l.delimiter(n.r, size, st)
	case nText:
		nuc = l.text(n, st)
	case nArray:
		nuc = l.array(n.x().arr, st)
	case nPhantom:
		b := l.list(n.nuc, st, cramped)
		nuc = l.newBox(box{w: b.w, h: b.h, d: b.d, accentX: -1})
		switch n.x().flag {
		case "hphantom":
			nuc.h, nuc.d = 0, 0
		case "vphantom":
			nuc.w = 0
		}
	case nSmash:
		b := l.list(n.nuc, st, cramped)
		nuc = l.newBox(box{w: b.w, accentX: -1})
		nuc.kids = append(l.kidList(1), kid{0, 0, b})
		switch n.x().flag {
		case "t":
			nuc.d = b.d
		case "b":
			nuc.h = b.h
		}
	case nLap:
		b := l.list(n.nuc, st, cramped)
		nuc = l.newBox(box{accentX: -1})
		switch n.x().flag {
		case "l":
			l.add(nuc, b, -b.w, 0)
		case "r":
			l.add(nuc, b, 0, 0)
		default:
			l.add(nuc, b, -b.w/2, 0)
		}
		nuc.w = 0
	case nRule:
		em := l.em(st)
		nuc = l.ruleBox(n.x().w*em, n.x().h*em, n.x().d*em)
	case nRaise:
		b := l.list(n.nuc, st, cramped)
		y := n.num * l.em(StyleText)
		if n.x().flag == "vcenter" {
			y = l.u(l.c.AxisHeight, st) - (b.h-b.d)/2
		}
		nuc = l.newBox(box{w: b.w, accentX: -1})
		l.add(nuc, b, 0, y)
	case nColorbox:
		b := l.list(n.nuc, st, cramped)
		pad := 0.3 * l.em(st)
		nuc = l.newBox(box{w: b.w + 2*pad, accentX: -1})
		bg := l.ruleBox(nuc.w, b.h+pad, b.d+pad)
		c := n.x().color
		bg.color = &c
		l.add(nuc, bg, 0, 0)
		if n.x().flag == "frame" && n.x().choice != nil && len(n.x().choice[0]) > 0 {
			fc := n.x().choice[0][0].x().color
			th := 0.04 * l.em(StyleText)
			for _, r := range []*box{l.ruleBox(nuc.w, b.h+pad, -(b.h + pad - th)), l.ruleBox(nuc.w, -(b.d + pad - th), b.d+pad), l.ruleBox(th, b.h+pad, b.d+pad), l.ruleBox(th, b.h+pad, b.d+pad)} {
				r.color = &fc
			}
			rs := []*box{l.ruleBox(nuc.w, b.h+pad, -(b.h + pad - th)), l.ruleBox(nuc.w, -(b.d + pad - th), b.d+pad), l.ruleBox(th, b.h+pad, b.d+pad), l.ruleBox(th, b.h+pad, b.d+pad)}
			for i, r := range rs {
				r.color = &fc
				x := 0.0
				if i == 3 {
					x = nuc.w - th
				}
				l.add(nuc, r, x, 0)
			}
		}
		l.add(nuc, b, pad, 0)
	case nBoxed:
		b := l.list(n.nuc, st, cramped)
		if n.x().flag == "angl" {
			// The actuarial angle: a rule over the content and down its
			// right side.
			th := 0.04 * l.em(StyleText)
			gap := 0.15 * l.em(st)
			nuc = l.newBox(box{w: b.w + gap + th, accentX: -1})
			l.add(nuc, b, 0, 0)
			l.add(nuc, l.ruleBox(nuc.w, b.h+gap+th, -(b.h+gap)), 0, 0)
			l.add(nuc, l.ruleBox(th, b.h+gap+th, b.d), nuc.w-th, 0)
			break
		}
		pad := 0.3 * l.em(st)
		th := 0.04 * l.em(StyleText)
		nuc = l.newBox(box{w: b.w + 2*pad + 2*th, accentX: -1})
		l.add(nuc, b, pad+th, 0)
		h, d := b.h+pad, b.d+pad
		l.add(nuc, l.ruleBox(nuc.w, h+th, -h), 0, 0)
		l.add(nuc, l.ruleBox(nuc.w, -d, d+th), 0, 0)
		l.add(nuc, l.ruleBox(th, h+th, d+th), 0, 0)
		l.add(nuc, l.ruleBox(th, h+th, d+th), nuc.w-th, 0)
	case nCancel:
		b := l.list(n.nuc, st, cramped)
		nuc = l.newBox(box{w: b.w, accentX: -1})
		l.add(nuc, b, 0, 0)
		th := 0.04 * l.em(StyleText)
		// A stroke from corner to corner, drawn as a thin parallelogram
		// of small rules.
		steps := 24
		x0, y0, x1, y1 := 0.0, -b.d, b.w, b.h
		lines := [][4]float64{}
		switch n.x().flag {
		case "cancel":
			lines = append(lines, [4]float64{x0, y0, x1, y1})
		case "bcancel":
			lines = append(lines, [4]float64{x0, y1, x1, y0})
		default:
			lines = append(lines, [4]float64{x0, y0, x1, y1}, [4]float64{x0, y1, x1, y0})
		}
		for _, ln := range lines {
			for k := 0; k < steps; k++ {
				t0, t1 := float64(k)/float64(steps), float64(k+1)/float64(steps)
				xa, ya := ln[0]+(ln[2]-ln[0])*t0, ln[1]+(ln[3]-ln[1])*t0
				xb, yb := ln[0]+(ln[2]-ln[0])*t1, ln[1]+(ln[3]-ln[1])*t1
				l.add(nuc, l.ruleBox(max(xb-xa, th), th/2, th/2), min(xa, xb), (ya+yb)/2)
			}
		}
	case nNot:
		b := l.list(n.nuc, st, cramped)
		slash := l.charBox('/', st)
		nuc = l.newBox(box{w: b.w, accentX: -1})
		l.add(nuc, b, 0, 0)
		l.add(nuc, slash, (b.w-slash.w)/2, 0)
	case nXArrow:
		nuc = l.xarrow(n, st)
	default:
		nuc = l.kern(0)
	}
	if !n.hasSup && !n.hasSub {
		return nuc
	}
	if limits || n.kind == nOp && n.limits == 1 || n.kind == nOp && n.limits == 0 && st == StyleDisplay && l.opLimitsByDefault(n) {
		return l.limits(nuc, n, st, cramped)
	}
	return l.scripts(nuc, n, st, cramped)
}

// opLimitsByDefault reports whether a large operator or function takes
// limits in display style (\sum, \lim) or not (\int, \sin).
func (l *lay) opLimitsByDefault(n *node) bool {
	return n.limits == 0
}

// op lays out a large operator or a function name (rule 13).
func (l *lay) op(n *node, st Style, cramped bool) (*box, bool) {
	var b *box
	switch {
	case n.big:
		g, ok := l.f.GlyphOf(n.r)
		if !ok {
			return l.charBox(n.r, st), false
		}
		b = l.glyphBox(g, st)
		if st == StyleDisplay {
			if con := l.f.Vertical[g]; con != nil {
				minH := l.u(l.c.DisplayOperatorMinHeight, st)
				for _, v := range con.Variants {
					vb := l.glyphBox(v.Glyph, st)
					b = vb
					if vb.h+vb.d >= minH {
						break
					}
				}
			}
		}
		// Centre on the axis.
		a := l.u(l.c.AxisHeight, st)
		shift := (b.h-b.d)/2 - a
		c := l.newBox(box{w: b.w, h: b.h - shift, d: b.d + shift, italic: b.italic, accentX: -1})
		c.kids = append(l.kidList(1), kid{0, -shift, b})
		b = c
	case n.x().text != "":
		b = l.textOp(n.x().text, st)
		if n.x().flag == "bmod" {
			return b, false
		}
	default:
		b = l.list(n.nuc, st, cramped)
		if n.x().flag != "mathop" {
			b.italic = 0
		}
	}
	return b, n.limits == 1 || n.limits == 0 && st == StyleDisplay && !n.big && n.x().text == "" && n.x().flag == "" && false
}

// textOp sets an operator name (sin, lim) upright in the math face.
func (l *lay) textOp(s string, st Style) *box {
	b := l.newBox(box{accentX: -1})
	x := 0.0
	for _, r := range s {
		if r == ' ' {
			x += l.em(st) * 3 / 18
			continue
		}
		c := l.charBox(r, st)
		l.add(b, c, x, 0)
		x += c.w
	}
	b.w = x
	return b
}

// mod lays out \pmod{n}, \pod{n} and \mod{n}.
func (l *lay) mod(n *node, st Style, cramped bool, arg *box) *box {
	b := l.newBox(box{accentX: -1})
	x := 0.0
	sp := 18.0
	if st >= StyleScript {
		sp = 6
	}
	x += sp * l.em(st) / 18
	if n.x().flag == "mod" {
		m := l.textOp("mod", st)
		l.add(b, m, x, 0)
		x += m.w + 6*l.em(st)/18
	} else {
		o := l.charBox('(', st)
		l.add(b, o, x, 0)
		x += o.w
		if n.x().flag == "pmod" {
			m := l.textOp("mod", st)
			l.add(b, m, x, 0)
			x += m.w + 6*l.em(st)/18
		}
	}
	l.add(b, arg, x, 0)
	x += arg.w
	if n.x().flag != "mod" {
		c := l.charBox(')', st)
		l.add(b, c, x, 0)
		x += c.w
	}
	b.w = x
	return b
}

// scripts attaches superscripts and subscripts (rule 18, with the MATH
// table's constants).
func (l *lay) scripts(nuc *box, n *node, st Style, cramped bool) *box {
	ss := supStyle(st)
	var sup, sub *box
	if n.hasSup {
		sup = l.list(n.scr().sup, ss, cramped)
		if n.primes {
			// Primes alone (f', f''): the math face's U+2032 is drawn
			// raised at the size of its base, as unicode-math's ssty
			// prime is after its shift; fpdf reaches no glyph without a
			// code point, so the base glyph at the base's size, unshifted.
			sup = l.list(n.scr().sup, st, cramped)
		}
	}
	if n.hasSub {
		sub = l.list(n.scr().sub, ss, true)
	}
	c := l.c
	var u, v float64
	if !nuc.isChar {
		u = nuc.h - l.u(c.SuperscriptBaselineDropMax, ss)
		v = nuc.d + l.u(c.SubscriptBaselineDropMin, ss)
	}
	primes := sup != nil && n.primes
	if sup != nil && !primes {
		shift := c.SuperscriptShiftUp
		if cramped {
			shift = c.SuperscriptShiftUpCramped
		}
		u = max(u, l.u(shift, st), sup.d+l.u(c.SuperscriptBottomMin, st))
	}
	if primes {
		u = 0
	}
	if sub != nil && (sup == nil || primes) {
		v = max(v, l.u(c.SubscriptShiftDown, st), sub.h-l.u(c.SubscriptTopMax, st))
	}
	if sub != nil && sup != nil && !primes {
		v = max(v, l.u(c.SubscriptShiftDown, st))
		gap := (u - sup.d) - (sub.h - v)
		if min := l.u(c.SubSuperscriptGapMin, st); gap < min {
			v += min - gap
			if psi := l.u(c.SuperscriptBottomMaxWithSubscript, st) - (u - sup.d); psi > 0 {
				u += psi
				v -= psi
			}
		}
	}
	b := l.newBox(box{accentX: -1})
	l.add(b, nuc, 0, 0)
	w := nuc.w
	supX, subX := nuc.w, nuc.w
	if n.kind == nOp && n.big {
		subX -= nuc.italic
	} else {
		supX += nuc.italic
	}
	space := l.u(c.SpaceAfterScript, st)
	if sup != nil {
		l.add(b, sup, supX, u)
		w = max(w, supX+sup.w+space)
	}
	if sub != nil {
		l.add(b, sub, subX, -v)
		w = max(w, subX+sub.w+space)
	}
	b.w = w
	return b
}

// limits places scripts above and below a large operator (rule 13a).
func (l *lay) limits(nuc *box, n *node, st Style, cramped bool) *box {
	ss := supStyle(st)
	c := l.c
	var sup, sub *box
	if n.hasSup {
		sup = l.list(n.scr().sup, ss, cramped)
	}
	if n.hasSub {
		sub = l.list(n.scr().sub, ss, true)
	}
	w := nuc.w
	if sup != nil {
		w = max(w, sup.w)
	}
	if sub != nil {
		w = max(w, sub.w)
	}
	b := l.newBox(box{w: w, accentX: -1})
	l.add(b, nuc, (w-nuc.w)/2, 0)
	delta := nuc.italic
	if sup != nil {
		rise := nuc.h + max(l.u(c.UpperLimitBaselineRiseMin, st), l.u(c.UpperLimitGapMin, st)+sup.d)
		l.add(b, sup, (w-sup.w)/2+delta/2, rise)
	}
	if sub != nil {
		drop := nuc.d + max(l.u(c.LowerLimitBaselineDropMin, st), l.u(c.LowerLimitGapMin, st)+sub.h)
		l.add(b, sub, (w-sub.w)/2-delta/2, -drop)
	}
	return b
}

// frac lays out a generalized fraction (rule 15).
func (l *lay) frac(n *node, st Style, cramped bool) *box {
	if n.forced {
		st = n.style
	}
	ns := fracStyle(st)
	if strings.HasPrefix(n.x().flag, "cfrac") {
		ns = StyleDisplay
	}
	num := l.list(n.x().a, ns, cramped)
	den := l.list(n.x().b, ns, true)
	c := l.c
	disp := st == StyleDisplay
	axis := l.u(c.AxisHeight, st)
	th := l.u(c.FractionRuleThickness, st)
	if n.num >= 0 {
		th = n.num * l.em(StyleText)
	}
	var u, v float64
	if th > 0 {
		u, v = l.u(c.FractionNumeratorShiftUp, st), l.u(c.FractionDenominatorShiftDown, st)
		gn, gd := l.u(c.FractionNumeratorGapMin, st), l.u(c.FractionDenominatorGapMin, st)
		if disp {
			u, v = l.u(c.FractionNumeratorDisplayStyleShiftUp, st), l.u(c.FractionDenominatorDisplayStyleShiftDown, st)
			gn, gd = l.u(c.FractionNumDisplayStyleGapMin, st), l.u(c.FractionDenomDisplayStyleGapMin, st)
		}
		if g := (u - num.d) - (axis + th/2); g < gn {
			u += gn - g
		}
		if g := (axis - th/2) - (den.h - v); g < gd {
			v += gd - g
		}
	} else {
		u, v = l.u(c.StackTopShiftUp, st), l.u(c.StackBottomShiftDown, st)
		gap := l.u(c.StackGapMin, st)
		if disp {
			u, v = l.u(c.StackTopDisplayStyleShiftUp, st), l.u(c.StackBottomDisplayStyleShiftDown, st)
			gap = l.u(c.StackDisplayStyleGapMin, st)
		}
		if cl := (u - num.d) - (den.h - v); cl < gap {
			u += (gap - cl) / 2
			v += (gap - cl) / 2
		}
	}
	w := max(num.w, den.w)
	pad := 0.12 * l.em(StyleText) // \nulldelimiterspace
	if n.x().l != 0 || n.x().rr != 0 {
		pad = 0
	}
	b := l.newBox(box{accentX: -1})
	numX := (w - num.w) / 2
	if n.x().flag == "cfracl" {
		numX = 0
	} else if n.x().flag == "cfracr" {
		numX = w - num.w
	}
	l.add(b, num, pad+numX, u)
	l.add(b, den, pad+(w-den.w)/2, -v)
	if th > 0 {
		l.add(b, l.ruleBox(w, axis+th/2, -(axis-th/2)), pad, 0)
	}
	b.w = w + 2*pad
	if n.x().l == 0 && n.x().rr == 0 {
		return b
	}
	size := l.em(StyleText) * 1.01
	if disp {
		size = l.em(StyleText) * 2.39
	}
	out := l.newBox(box{accentX: -1})
	x := 0.0
	if n.x().l != 0 {
		d := l.delimiter(n.x().l, size, st)
		l.add(out, d, 0, 0)
		x += d.w
	}
	l.add(out, b, x, 0)
	x += b.w
	if n.x().rr != 0 {
		d := l.delimiter(n.x().rr, size, st)
		l.add(out, d, x, 0)
		x += d.w
	}
	out.w = x
	return out
}

// radical lays out \sqrt (rule 11).
func (l *lay) radical(n *node, st Style) *box {
	c := l.c
	body := l.list(n.nuc, st, true)
	gap := l.u(c.RadicalVerticalGap, st)
	if st == StyleDisplay {
		gap = l.u(c.RadicalDisplayStyleVerticalGap, st)
	}
	th := l.u(c.RadicalRuleThickness, st)
	need := body.h + body.d + gap + th
	rad := l.stretchV(0x221A, need, st)
	if total := rad.h + rad.d; total > need {
		gap += (total - need) / 2
	}
	// The radical's top is the rule's top.
	top := body.h + gap + th
	shift := top - rad.h
	b := l.newBox(box{accentX: -1})
	x := 0.0
	if len(n.x().a) > 0 {
		deg := l.list(n.x().a, StyleScriptScript, false)
		before := l.u(c.RadicalKernBeforeDegree, st)
		after := l.u(c.RadicalKernAfterDegree, st)
		raise := c.RadicalDegreeBottomRaisePercent / 100 * (rad.h + rad.d)
		l.add(b, deg, before, -(rad.d-shift)+raise)
		x = max(0, before+deg.w+after)
		b.w = max(b.w, before+deg.w)
	}
	l.add(b, rad, x, shift)
	x += rad.w
	l.add(b, l.ruleBox(body.w, top, -(top-th)), x, 0)
	l.add(b, body, x, 0)
	b.w = max(b.w, x+body.w)
	b.h = max(b.h, top+l.u(c.RadicalExtraAscender, st))
	return b
}

// accent places an accent over (or an arrow under) its base (rule 12).
func (l *lay) accent(n *node, st Style, cramped bool) *box {
	base := l.list(n.nuc, st, true)
	under := n.x().flag == "underarrow"
	var acc *box
	if n.x().flag == "arrow" || under {
		acc = l.stretchH(n.r, base.w, st)
	} else {
		g, ok := l.f.GlyphOf(n.r)
		if !ok {
			return base
		}
		acc = l.glyphBox(g, st)
		if n.x().flag == "wide" {
			if con := l.f.Horizontal[g]; con != nil {
				for _, v := range con.Variants {
					acc = l.glyphBox(v.Glyph, st)
					if acc.w >= base.w*0.95 {
						break
					}
				}
			}
		}
	}
	b := l.newBox(box{w: base.w, accentX: base.accentX, italic: base.italic})
	l.add(b, base, 0, 0)
	if under {
		gap := l.u(l.c.UnderbarVerticalGap, st) / 2
		l.add(b, acc, (base.w-acc.w)/2, -(base.d + gap + acc.h))
		return b
	}
	var x float64
	if n.x().flag == "arrow" {
		x = (base.w - acc.w) / 2
		gap := l.u(l.c.OverbarVerticalGap, st) / 2
		// An arrow sits on the base with a small gap.
		l.add(b, acc, x, base.h+gap+acc.d)
		return b
	}
	attach := base.w / 2
	if base.isChar && base.hasAccent {
		attach = base.accentX
	} else if base.isChar {
		attach = (base.w + base.italic) / 2
	}
	accAttach := acc.w / 2
	if acc.hasAccent {
		accAttach = acc.accentX
	} else if m := l.f.Metrics(otmath.GlyphID(acc.gid)); acc.isChar {
		// No attachment point: the middle of the ink (a combining mark
		// has no width and its ink left of its origin).
		accAttach = (m.XMin + m.XMax) / 2 * l.size(st) / l.f.UnitsPerEm
	}
	x = attach - accAttach
	y := 0.0
	if abh := l.u(l.c.AccentBaseHeight, st); base.h > abh {
		y = base.h - abh
	}
	l.add(b, acc, x, y)
	return b
}

// overUnder lays out braces over and under, \overset, \underset and
// \stackrel.
func (l *lay) overUnder(n *node, st Style, cramped bool) *box {
	c := l.c
	switch n.x().flag {
	case "over", "under":
		base := l.list(n.nuc, st, cramped)
		br := l.stretchH(n.r, base.w, st)
		b := l.newBox(box{w: max(base.w, br.w), accentX: -1})
		l.add(b, base, (b.w-base.w)/2, 0)
		gap := l.u(c.StretchStackGapBelowMin, st)
		if n.x().flag == "over" {
			l.add(b, br, (b.w-br.w)/2, base.h+gap+br.d)
		} else {
			l.add(b, br, (b.w-br.w)/2, -(base.d + gap + br.h))
		}
		return b
	}
	base := l.list(n.nuc, st, cramped)
	ss := supStyle(st)
	b := l.newBox(box{accentX: -1})
	var over, under *box
	w := base.w
	if n.x().a != nil {
		over = l.list(n.x().a, ss, cramped)
		w = max(w, over.w)
	}
	if n.x().b != nil {
		under = l.list(n.x().b, ss, true)
		w = max(w, under.w)
	}
	b.w = w
	l.add(b, base, (w-base.w)/2, 0)
	if over != nil {
		rise := base.h + max(l.u(c.UpperLimitBaselineRiseMin, st), l.u(c.UpperLimitGapMin, st)+over.d)
		l.add(b, over, (w-over.w)/2, rise)
	}
	if under != nil {
		drop := base.d + max(l.u(c.LowerLimitBaselineDropMin, st), l.u(c.LowerLimitGapMin, st)+under.h)
		l.add(b, under, (w-under.w)/2, -drop)
	}
	return b
}

// xarrow lays out \xrightarrow[under]{over}.
func (l *lay) xarrow(n *node, st Style) *box {
	ss := supStyle(st)
	over := l.list(n.x().a, ss, false)
	var under *box
	if n.x().b != nil {
		under = l.list(n.x().b, ss, true)
	}
	pad := 0.5 * l.em(st)
	w := over.w
	if under != nil {
		w = max(w, under.w)
	}
	w = max(w+2*pad, 1.5*l.em(st))
	arrow := l.stretchH(n.r, w, st)
	w = max(w, arrow.w)
	b := l.newBox(box{w: w, accentX: -1})
	l.add(b, arrow, (w-arrow.w)/2, 0)
	gap := 0.1 * l.em(st)
	l.add(b, over, (w-over.w)/2, arrow.h+gap+over.d)
	if under != nil {
		l.add(b, under, (w-under.w)/2, -(arrow.d + gap + under.h))
	}
	return b
}

// leftRight lays out \left ... \middle ... \right (rule 19).
func (l *lay) leftRight(n *node, st Style, cramped bool) *box {
	parts := make([]*box, len(n.x().parts))
	h, d := 0.0, 0.0
	for i, p := range n.x().parts {
		parts[i] = l.list(p, st, cramped)
		h = max(h, parts[i].h)
		d = max(d, parts[i].d)
	}
	a := l.u(l.c.AxisHeight, st)
	delta := 2 * max(h-a, d+a)
	size := max(delta*901/1000, delta-0.5*l.em(StyleText))
	b := l.newBox(box{accentX: -1})
	x := 0.0
	for i, dl := range n.x().delims {
		db := l.delimiter(dl, size, st)
		l.add(b, db, x, 0)
		x += db.w
		if i < len(parts) {
			l.add(b, parts[i], x, 0)
			x += parts[i].w
		}
	}
	b.w = x
	return b
}

// delimiter returns delimiter r grown to at least size (height plus
// depth), centred on the axis; '.' is an empty delimiter.
func (l *lay) delimiter(r rune, size float64, st Style) *box {
	if r == '.' || r == 0 {
		return l.kern(0.12 * l.em(StyleText))
	}
	b := l.stretchV(r, size, st)
	a := l.u(l.c.AxisHeight, st)
	shift := (b.h-b.d)/2 - a
	c := l.newBox(box{w: b.w, h: b.h - shift, d: b.d + shift, accentX: -1})
	c.kids = append(l.kidList(1), kid{0, -shift, b})
	return c
}

// stretchV returns glyph r, or a larger variant of it, or an assembly of
// its parts, whose height plus depth is at least size (or the largest the
// font has).
func (l *lay) stretchV(r rune, size float64, st Style) *box {
	g, ok := l.f.GlyphOf(r)
	if !ok {
		return l.charBox(r, st)
	}
	b := l.glyphBox(g, st)
	if b.h+b.d >= size {
		return b
	}
	con := l.f.Vertical[g]
	if con == nil {
		return b
	}
	for _, v := range con.Variants {
		b = l.glyphBox(v.Glyph, st)
		if b.h+b.d >= size {
			return b
		}
	}
	if len(con.Assembly) == 0 {
		return b
	}
	return l.assemble(con.Assembly, size, st, true)
}

// stretchH returns glyph r, a wider variant or an assembly at least w wide.
func (l *lay) stretchH(r rune, w float64, st Style) *box {
	g, ok := l.f.GlyphOf(r)
	if !ok {
		return l.charBox(r, st)
	}
	b := l.glyphBox(g, st)
	if b.w >= w {
		return b
	}
	con := l.f.Horizontal[g]
	if con == nil {
		return b
	}
	for _, v := range con.Variants {
		b = l.glyphBox(v.Glyph, st)
		if b.w >= w {
			return b
		}
	}
	if len(con.Assembly) == 0 {
		return b
	}
	return l.assemble(con.Assembly, w, st, false)
}

// maxRepeats bounds the extenders of one assembly.
const maxRepeats = 300

// assemble builds a glyph assembly of at least size (OpenType MATH,
// GlyphAssembly): the extenders are repeated as often as needed and the
// overlaps of the connectors spread evenly.
func (l *lay) assemble(parts []otmath.Part, size float64, st Style, vertical bool) *box {
	s := l.size(st) / l.f.UnitsPerEm
	minOv := l.f.MinConnectorOverlap * s
	var seq []otmath.Part
	for reps := 0; reps <= maxRepeats; reps++ {
		seq = seq[:0]
		for _, p := range parts {
			if p.Extender {
				for k := 0; k < reps; k++ {
					seq = append(seq, p)
				}
				continue
			}
			seq = append(seq, p)
		}
		total := 0.0
		for i, p := range seq {
			total += p.FullAdvance * s
			if i > 0 {
				total -= minOv
			}
		}
		if total >= size || reps == maxRepeats {
			break
		}
	}
	// Spread the excess over the joints, each within its connectors.
	total := 0.0
	for _, p := range seq {
		total += p.FullAdvance * s
	}
	joints := len(seq) - 1
	overlap := make([]float64, max(joints, 0))
	for i := range overlap {
		overlap[i] = minOv
	}
	if joints > 0 {
		excess := total - float64(joints)*minOv - size
		if excess > 0 {
			for i := range overlap {
				maxOv := min(seq[i].EndConnector, seq[i+1].StartConnector) * s
				overlap[i] = min(maxOv, minOv+excess/float64(joints))
				overlap[i] = max(overlap[i], minOv)
			}
		}
	}
	b := l.newBox(box{accentX: -1})
	pos := 0.0
	for i, p := range seq {
		gb := l.glyphBox(p.Glyph, st)
		m := l.f.Metrics(p.Glyph)
		if vertical {
			l.add(b, gb, 0, pos-m.YMin*s)
			b.w = max(b.w, gb.w)
		} else {
			l.add(b, gb, pos, 0)
		}
		pos += p.FullAdvance * s
		if i < len(overlap) {
			pos -= overlap[i]
		}
	}
	if vertical {
		// Put the assembly's bottom at the baseline; callers centre it.
		b.h, b.d = pos, 0
	} else {
		b.w = pos
	}
	b.italic = 0
	return b
}

// text lays out \text{...}.
func (l *lay) text(n *node, st Style) *box {
	b := l.newBox(box{accentX: -1})
	x := 0.0
	for _, p := range n.x().texts {
		var c *box
		if p.math != nil {
			c = l.list(p.math, StyleText, false)
		} else {
			c = l.textBox(p.s, p.face, st)
		}
		l.add(b, c, x, 0)
		if p.strike || p.under {
			th := 0.05 * c.gsize
			y := 0.27 * c.gsize
			if p.under {
				y = -0.12 * c.gsize
			}
			l.add(b, l.ruleBox(c.w, th/2, th/2), x, y)
		}
		x += c.w
	}
	b.w = x
	return b
}

// array lays out an alignment as one box centred on the axis.
func (l *lay) array(a *array, st Style) *box {
	grid := l.grid(a, st)
	b := grid.box
	axis := l.u(l.c.AxisHeight, st)
	total := b.h + b.d
	c := l.newBox(box{w: b.w, accentX: -1})
	// Centre on the axis: the grid's top at total/2 + axis.
	l.add(c, b, 0, total/2+axis-b.h)
	if a.l == 0 && a.r == 0 {
		return c
	}
	size := c.h + c.d
	out := l.newBox(box{accentX: -1})
	x := 0.0
	if a.l != 0 {
		d := l.delimiter(a.l, size, st)
		l.add(out, d, x, 0)
		x += d.w
	}
	l.add(out, c, x, 0)
	x += c.w
	if a.r != 0 {
		d := l.delimiter(a.r, size, st)
		l.add(out, d, x, 0)
		x += d.w
	}
	out.w = x
	return out
}

// gridResult is an alignment laid out: one box whose baseline is the
// first row's, and the rows' baselines and boxes for displays.
type gridResult struct {
	box  *box
	rows []*box    // each row as a box of the full width
	ys   []float64 // baseline of each row, downwards from the first
}

// grid lays out the cells of an alignment.
func (l *lay) grid(a *array, st Style) gridResult {
	if a.styled {
		st = a.style
	}
	em := l.em(StyleText)
	ncols := 0
	for _, r := range a.rows {
		ncols = max(ncols, len(r.cells))
	}
	specs := l.colSpecs(ncols)
	var trailing []sep
	{
		k := 0
		for _, c := range a.cols {
			if c.align == 0 {
				trailing = c.before
				continue
			}
			if k < ncols {
				specs[k] = c
			}
			k++
		}
		for ; k < ncols; k++ {
			last := byte('c')
			if k > 0 && specs[k-1].align != 0 {
				last = specs[k-1].align
			}
			specs[k] = colSpec{align: last}
		}
	}
	if a.pairs {
		for k := range specs {
			specs[k] = colSpec{align: "rl"[k%2]}
		}
	}
	cells := l.boxPtrs(len(a.rows) * ncols) // row i: cells[i*ncols:][:ncols]
	widths := l.floatList(ncols)
	for i, r := range a.rows {
		row := cells[i*ncols : (i+1)*ncols]
		for k := 0; k < ncols; k++ {
			var list []*node
			if k < len(r.cells) {
				list = r.cells[k]
			}
			if a.pairs && k%2 == 1 {
				list = append([]*node{{kind: nList, class: Ord}}, list...)
			}
			row[k] = l.list(list, st, false)
			widths[k] = max(widths[k], row[k].w)
		}
	}
	stretch := a.stretch
	if stretch == 0 {
		stretch = 1
	}
	strutH, strutD := 0.84*em*stretch, 0.36*em*stretch
	if st >= StyleScript {
		strutH, strutD = l.em(st)*0.84*stretch, l.em(st)*0.36*stretch
		if a.env == "subarray" {
			strutH, strutD = 0, 0
		}
	}
	sepBox := func(ss []sep) (*box, []float64) {
		b := l.newBox(box{accentX: -1})
		var rules []float64
		x := 0.0
		for _, s := range ss {
			if s.rule {
				rules = append(rules, x)
				x += 0.04 * em
				continue
			}
			sb := l.list(s.list, st, false)
			l.add(b, sb, x, 0)
			x += sb.w
		}
		b.w = x
		return b, rules
	}
	// Column positions.
	colX := l.floatList(ncols)
	type vrule struct{ x float64 }
	var vrules []float64
	var seps []kid
	x := 0.0
	pairGap := 2 * em
	for k := 0; k < ncols; k++ {
		hasAt := false
		for _, s := range specs[k].before {
			if s.hasAt {
				hasAt = true
			}
		}
		if !hasAt && k > 0 && !a.pairs {
			x += a.colsep * em
		}
		if a.pairs && k > 0 && k%2 == 0 {
			x += pairGap
		}
		if len(specs[k].before) > 0 {
			sb, rules := sepBox(specs[k].before)
			for _, r := range rules {
				vrules = append(vrules, x+r)
			}
			seps = append(seps, kid{x, 0, sb})
			x += sb.w
		}
		if !hasAt && !a.pairs && (a.env == "array" || a.env == "darray") {
			x += a.colsep * em
		}
		colX[k] = x
		x += widths[k]
		if !a.pairs && (a.env == "array" || a.env == "darray") && k == ncols-1 {
			x += a.colsep * em
		}
	}
	if len(trailing) > 0 {
		sb, rules := sepBox(trailing)
		for _, r := range rules {
			vrules = append(vrules, x+r)
		}
		seps = append(seps, kid{x, 0, sb})
		x += sb.w
	}
	width := x
	// Rows.
	res := gridResult{box: l.newBox(box{w: width, accentX: -1})}
	y := 0.0 // baseline of the current row, downwards from the top
	top := 0.0
	var hrules []float64
	res.rows, res.ys = l.boxPtrs(len(a.rows)), l.floatList(len(a.rows))
	for i, r := range a.rows {
		h, d := strutH, strutD
		row := cells[i*ncols : (i+1)*ncols]
		for _, c := range row {
			h = max(h, c.h)
			d = max(d, c.d)
		}
		rowTop := top
		for k := 0; k < r.hlines; k++ {
			hrules = append(hrules, rowTop)
			rowTop += 0.04 * em
			if k+1 < r.hlines {
				rowTop += 0.2 * em
			}
		}
		y = rowTop + h
		rb := l.newBox(box{w: width, accentX: -1})
		for k, c := range row {
			cx := colX[k]
			switch specs[k].align {
			case 'r':
				cx += widths[k] - c.w
			case 'c':
				cx += (widths[k] - c.w) / 2
			}
			l.add(rb, c, cx, 0)
		}
		for _, s := range seps {
			l.add(rb, s.b, s.x, 0)
		}
		rb.h, rb.d = max(rb.h, h), max(rb.d, d)
		res.rows[i], res.ys[i] = rb, y
		top = y + d + r.gap*em
		if i < len(a.rows)-1 {
			top += a.jot * em
		}
	}
	bottom := top
	if n := len(a.rows); n > 0 && a.rows[n-1].gap > 0 {
		bottom -= a.rows[n-1].gap * em
	}
	// The grid box: baseline at the first row's; children placed upward.
	g := res.box
	first := 0.0
	if len(res.ys) > 0 {
		first = res.ys[0]
	}
	for i, rb := range res.rows {
		l.add(g, rb, 0, first-res.ys[i])
	}
	for _, hr := range hrules {
		l.add(g, l.ruleBox(width, 0.04*em, 0), 0, first-hr-0.04*em)
	}
	for _, vr := range vrules {
		l.add(g, l.ruleBox(0.04*em, first, bottom-first), vr, 0)
	}
	g.h = max(g.h, first)
	g.d = max(g.d, bottom-first)
	return res
}

// Inline is an inline formula laid out as pieces a line may break
// between: after a relation or a binary operator at the top level of the
// formula, never inside a group.
type Inline struct {
	Pieces []Piece
	items  *slabs[Item] // the pieces' items
	boxes  []Box        // the pieces' boxes
}

// inlines hold Inlines recycled, with their arrays of pieces and boxes.
var inlines = sync.Pool{New: func() any { return new(Inline) }}

// Recycle says the caller is done with in, its pieces and their items:
// their memory goes to a later layout's. Nothing of in may be used after.
func (in *Inline) Recycle() {
	if in.items == nil {
		return
	}
	in.items.reset()
	itemSlabs.Put(in.items)
	in.items = nil
	if cap(in.Pieces) > 64 {
		return // a huge formula's arrays are dropped
	}
	// What the arrays held is overwritten by the next layout (see
	// arena): the pieces' texts, which the caller has, stay referenced
	// meanwhile.
	for i := range in.boxes {
		in.boxes[i].Items = nil
	}
	in.Pieces = in.Pieces[:0]
	inlines.Put(in)
}

// Piece is one unbreakable part of an inline formula with the space and
// break after it.
type Piece struct {
	Box *Box
	// Glue after the piece (the operator's space), in points.
	Glue, Stretch, Shrink float64
	// Penalty is the cost of breaking after the piece (RelPenalty,
	// BinOpPenalty); Break is false for the last piece.
	Penalty float64
	Break   bool
	// Text is the piece's Unicode text: the pieces' texts, joined by
	// spaces, are the formula's Text.
	Text string
}

// LayoutInline lays out f in text style for a paragraph.
func (f *Formula) LayoutInline(o Options) (*Inline, error) {
	l, err := arenaLay(o)
	if err != nil {
		return nil, err
	}
	defer l.release()
	l.items = itemSlabs.Get().(*slabs[Item])
	st := StyleText
	if f.Display {
		st = StyleDisplay
	}
	var h hlist
	if f.arr != nil {
		h = hlist{items: append(l.hitemList(1), hitem{b: l.array(f.arr, st)})}
	} else {
		h = l.mlist(f.list, st, false)
	}
	// The pieces, and their boxes in one array: a piece ends after each
	// break.
	n := 1
	for i, it := range h.items {
		if it.breakOK && i < len(h.items)-1 {
			n++
		}
	}
	out, boxes := newInline(n)
	out.items = l.items
	cur := l.newBox(box{accentX: -1})
	x := 0.0
	// The nodes of the pieces, one after the other, and where each
	// piece's end: their texts are written after the loop, into one
	// string.
	src, ends := l.arena.src[:0], l.arena.ends[:0]
	defer func() { l.arena.src, l.arena.ends = src[:0], ends[:0] }()
	flush := func(it hitem, last bool) {
		cur.w = x
		b := &boxes[len(out.Pieces)]
		l.flattenInto(b, cur)
		setColor(b, o.Color)
		p := Piece{Box: b}
		ends = append(ends, len(src))
		if !last {
			p.Glue, p.Stretch, p.Shrink = it.glue.w, it.glue.stretch, it.glue.shrink
			p.Penalty, p.Break = it.penalty, true
		}
		out.Pieces = append(out.Pieces, p)
		cur = l.newBox(box{accentX: -1})
		x = 0
	}
	for i, it := range h.items {
		if cur.kids == nil {
			// Room for the piece's items, up to its break.
			k := i
			for k < len(h.items)-1 && !h.items[k].breakOK {
				k++
			}
			cur.kids = l.kidList(k - i + 1)
		}
		l.add(cur, it.b, x, 0)
		x += it.b.w
		if it.src != nil {
			src = append(src, it.src)
		}
		if it.breakOK && i < len(h.items)-1 {
			flush(it, false)
			continue
		}
		x += it.glue.w
	}
	if len(cur.kids) > 0 || len(out.Pieces) == 0 {
		flush(hitem{}, true)
	}
	if f.arr != nil || len(out.Pieces) == 1 {
		out.Pieces[0].Text = f.text // one piece: the formula's whole text
		return out, nil
	}
	// The pieces' texts, written one after the other: each is where it
	// stands in the formula's text (they are that text, split at the
	// breaks), or else they are one string.
	t := textBufs.Get().(*textBuf)
	defer func() {
		t.b = t.b[:0]
		textBufs.Put(t)
	}()
	var atBuf [16]int
	at := atBuf[:0]
	start := 0
	for _, e := range ends {
		at = append(at, len(t.b))
		t.list(src[start:e])
		at = append(at, len(t.b))
		start = e
	}
	pos := 0
	for i := range out.Pieces {
		pt := bytes.TrimSpace(t.b[at[2*i]:at[2*i+1]])
		for pos < len(f.text) && f.text[pos] == ' ' {
			pos++
		}
		if len(f.text)-pos < len(pt) || f.text[pos:pos+len(pt)] != string(pt) {
			all := string(t.b)
			for i := range out.Pieces {
				out.Pieces[i].Text = strings.TrimSpace(all[at[2*i]:at[2*i+1]])
			}
			return out, nil
		}
		out.Pieces[i].Text = f.text[pos : pos+len(pt)]
		pos += len(pt)
	}
	return out, nil
}

// newInline returns an Inline with room for n pieces, and their n boxes,
// recycled if one was.
func newInline(n int) (*Inline, []Box) {
	in := inlines.Get().(*Inline)
	if cap(in.Pieces) < n {
		in.Pieces = make([]Piece, 0, max(n, 4))
		in.boxes = make([]Box, max(n, 4))
	}
	return in, in.boxes[:n]
}

// rowText returns the Unicode text of row i of an alignment.
func rowText(a *array, i int) string {
	var b strings.Builder
	textArray(&b, &array{rows: a.rows[i : i+1], pairs: a.pairs}, "")
	return strings.TrimSpace(b.String())
}

func setColor(b *Box, c *Color) {
	if c == nil {
		return
	}
	for i := range b.Items {
		if b.Items[i].Color == nil {
			b.Items[i].Color = c
		}
	}
}

// DisplayLine is one line of a display: its box and where it goes.
type DisplayLine struct {
	Box *Box
	// Align is 'c' (centred), 'l' (flush left, multline's first line) or
	// 'r' (flush right, its last line).
	Align byte
	// X is the line's offset in the block of an alignment whose lines are
	// centred together (align); 0 otherwise.
	X float64
	// Row is the index of the line's Row in the Formula (numbers, labels).
	Row int
	// Block is true for the lines of one alignment, which are centred as
	// a whole.
	Block bool
	// Text is the line's Unicode text (the formula's Text, for a display
	// of one line).
	Text string
	// PageBreak says a page may end after this line: between the rows of
	// align and gather (and their kin), as amsmath's \allowdisplaybreaks
	// lets them, and between the lines of a display broken to fit the
	// measure with two lines on either side; never inside a multline.
	PageBreak bool
}

// Display is a display formula laid out.
type Display struct {
	Lines []DisplayLine
	// Gaps[i] is the space between line i and i+1 beyond the lines'
	// heights and depths, in points.
	Gaps []float64
}

// LayoutDisplay lays out f as a display.
func (f *Formula) LayoutDisplay(o Options) (*Display, error) {
	l, err := arenaLay(o)
	if err != nil {
		return nil, err
	}
	defer l.release()
	d := &Display{}
	if f.arr == nil {
		h := l.mlist(f.list, StyleDisplay, false)
		if l.breakDisplay(d, h, o, 0, f.text) {
			return d, nil
		}
		b := l.flatten(l.hbox(h))
		setColor(b, o.Color)
		d.Lines = []DisplayLine{{Box: b, Align: 'c', Text: f.text}}
		return d, nil
	}
	a := f.arr
	base := strings.TrimSuffix(a.env, "*")
	if base == "equation" {
		// One line: the content (perhaps a split) as a box.
		var b *box
		if len(a.rows) == 1 && len(a.rows[0].cells) == 1 {
			h := l.mlist(a.rows[0].cells[0], StyleDisplay, false)
			if l.breakDisplay(d, h, o, 0, strings.ReplaceAll(f.text, "\n", " ")) {
				return d, nil
			}
			b = l.hbox(h)
		} else {
			b = l.array(a, StyleDisplay)
		}
		fb := l.flatten(b)
		setColor(fb, o.Color)
		d.Lines = []DisplayLine{{Box: fb, Align: 'c', Row: len(a.rows) - 1, Text: strings.ReplaceAll(f.text, "\n", " ")}}
		return d, nil
	}
	g := l.grid(a, StyleDisplay)
	em := l.em(StyleText)
	for i, rb := range g.rows {
		fb := l.flatten(rb)
		setColor(fb, o.Color)
		line := DisplayLine{Box: fb, Align: 'c', Row: i, Text: rowText(a, i), PageBreak: !a.multline && i < len(g.rows)-1}
		switch {
		case a.multline:
			// Lines of multline: the cell alone, first left, last right.
			cb := l.flatten(l.list(a.rows[i].cells[0], StyleDisplay, false))
			setColor(cb, o.Color)
			line.Box = cb
			if i == 0 && len(g.rows) > 1 {
				line.Align = 'l'
			} else if i == len(g.rows)-1 && len(g.rows) > 1 {
				line.Align = 'r'
			}
		case a.gather:
			cb := l.flatten(l.list(a.rows[i].cells[0], StyleDisplay, false))
			setColor(cb, o.Color)
			line.Box = cb
		default:
			line.Block = true
		}
		d.Lines = append(d.Lines, line)
		if i < len(g.rows)-1 {
			gap := a.rows[i].gap*em + a.jot*em
			// Baselines at least a baseline skip apart.
			pitch := g.ys[i+1] - g.ys[i]
			natural := rb.d + g.rows[i+1].h
			d.Gaps = append(d.Gaps, max(gap, pitch-natural))
		}
	}
	return d, nil
}

var _ = stdmath.Inf

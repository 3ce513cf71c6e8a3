package math

import (
	"cmp"
	"slices"
	"sync"
)

// box is a node of the box tree layout builds: a leaf (a glyph, a rule or
// a run of text) or a list of placed children. Dimensions are in points:
// w the advance width, h the height above the baseline, d the depth below.
type box struct {
	w, h, d float64
	kids    []kid

	// Leaves.
	code  rune    // a glyph: its code point in the derived math font
	gsize float64 // the glyph's size in points
	rule  bool    // a filled rectangle from (0, -d) to (w, h)
	text  string  // a run of text in face
	face  string
	color *Color

	// What scripts and accents need to know.
	italic    float64 // italic correction of a single glyph
	accentX   float64 // top accent attachment (a single glyph), if hasAccent
	hasAccent bool
	isChar    bool // a single character (rule 18: scripts hang from it)
	gid       int  // the glyph of a single character, for variants
}

type kid struct {
	x, y float64 // y is upwards
	b    *box
}

// add places c at (x, y) in b, growing b's height and depth.
func (l *lay) add(b, c *box, x, y float64) {
	if b.kids == nil {
		b.kids = l.kidList(4)
	}
	b.kids = append(b.kids, kid{x, y, c})
	b.h = max(b.h, c.h+y)
	b.d = max(b.d, c.d-y)
}

func (l *lay) ruleBox(w, h, d float64) *box {
	b := l.newBox(box{rule: true, accentX: -1})
	b.w, b.h, b.d = w, h, d
	return b
}

func (l *lay) kern(w float64) *box {
	b := l.newBox(box{accentX: -1})
	b.w = w
	return b
}

// arena holds what one layout makes and drops: a formula's box tree, its
// atoms and hlists are garbage once flattened into items, so they are
// taken from slabs kept between layouts (arenas) instead of being
// allocated one by one.
//
// What an array held stays there, unreferenced by anything live, until a
// later layout overwrites it: clearing the arrays at every release cost
// a write barrier per pointer while the collector runs, and what they
// keep alive (the boxes, nodes and strings of the last formulas laid out,
// at most maxSlabs arrays of each kind) is bounded, and goes with the
// arena when the pool drops it.
type arena struct {
	lay    lay // the layout using the arena
	boxes  slabs[box]
	kids   slabs[kid]
	atoms  slabs[atom]
	hitems slabs[hitem]
	stack  []frame // flatten's
	src    []*node // LayoutInline's nodes of the pieces
	ends   []int   // and where each piece's end in src
	// An alignment's columns, cells and rows (grid).
	floats bump[float64]
	boxps  bump[*box]
	specs  bump[colSpec]
}

// bump hands out slices of one array, kept between layouts, until it is
// reset; when it is full, a larger one takes its place (the slices
// handed out keep the old).
type bump[T any] struct{ b []T }

// take returns n zero elements.
func (p *bump[T]) take(n int) []T {
	if cap(p.b)-len(p.b) < n {
		p.b = make([]T, 0, max(2*cap(p.b), n, 32))
	}
	k := len(p.b)
	p.b = p.b[:k+n]
	s := p.b[k : k+n : k+n]
	clear(s)
	return s
}

// floatList, boxPtrs and colSpecs return n zero elements, from l's arena
// if it has one.
func (l *lay) floatList(n int) []float64 {
	if l.arena == nil {
		return make([]float64, n)
	}
	return l.arena.floats.take(n)
}

func (l *lay) boxPtrs(n int) []*box {
	if l.arena == nil {
		return make([]*box, n)
	}
	return l.arena.boxps.take(n)
}

func (l *lay) colSpecs(n int) []colSpec {
	if l.arena == nil {
		return make([]colSpec, n)
	}
	return l.arena.specs.take(n)
}

var arenas = sync.Pool{New: func() any { return new(arena) }}

// itemSlabs hold the items of inline formulas that were recycled.
var itemSlabs = sync.Pool{New: func() any { return new(slabs[Item]) }}

// slabs hands out slices of T from arrays kept between layouts.
type slabs[T any] struct {
	s   [][]T
	cur int // the array slices are taken from
}

// slabSize is how many elements an array of slabs holds; maxSlabs bounds
// the arrays kept between layouts (a huge formula's are dropped).
const (
	slabSize = 256
	maxSlabs = 32
)

// take returns an empty slice with room for n elements (more are
// appended elsewhere, as to any slice).
func (a *slabs[T]) take(n int) []T {
	if n > slabSize/4 {
		return make([]T, 0, n)
	}
	for {
		if a.cur == len(a.s) {
			// The first arrays are small: slabs that are never reused
			// (an Inline not recycled) waste little.
			size := slabSize
			if k := len(a.s); k < 4 {
				size = 16 << k
			}
			a.s = append(a.s, make([]T, 0, size))
		}
		s := a.s[a.cur]
		if k := len(s); k+n <= cap(s) {
			a.s[a.cur] = s[:k+n]
			return s[k : k : k+n]
		}
		a.cur++
	}
}

// reset makes every array empty again. What they held is not cleared
// (see arena): it is overwritten as the arrays are taken again.
func (a *slabs[T]) reset() {
	for i := range a.s[:min(a.cur+1, len(a.s))] {
		a.s[i] = a.s[i][:0]
	}
	a.cur = 0
	if len(a.s) > maxSlabs {
		clear(a.s[maxSlabs:]) // the arrays dropped are garbage
		a.s = a.s[:maxSlabs]
	}
}

// newBox returns a box set to v, from l's arena if it has one.
func (l *lay) newBox(v box) *box {
	if l.arena == nil {
		b := v
		return &b
	}
	b := &l.arena.boxes.take(1)[:1][0]
	*b = v
	return b
}

// kidList, atomList and hitemList return empty lists with room for n.
func (l *lay) kidList(n int) []kid {
	if l.arena == nil {
		return make([]kid, 0, n)
	}
	return l.arena.kids.take(n)
}

func (l *lay) atomList(n int) []atom {
	if l.arena == nil {
		return make([]atom, 0, n)
	}
	return l.arena.atoms.take(n)
}

func (l *lay) hitemList(n int) []hitem {
	if l.arena == nil {
		return make([]hitem, 0, n)
	}
	return l.arena.hitems.take(n)
}

// release gives l's arena back; nothing taken from it may be used after.
func (l *lay) release() {
	a := l.arena
	if a == nil {
		return
	}
	l.arena, l.items = nil, nil
	a.stack = l.stack[:0]
	l.stack = nil
	a.boxes.reset()
	a.kids.reset()
	a.atoms.reset()
	a.hitems.reset()
	a.floats.b, a.boxps.b, a.specs.b = a.floats.b[:0], a.boxps.b[:0], a.specs.b[:0]
	arenas.Put(a)
}

// ItemKind is the kind of an Item.
type ItemKind uint8

const (
	Glyph   ItemKind = iota // a glyph of the math font (font.Math) by code point
	Rule                    // a filled rectangle
	TextRun                 // text in a text face
)

// Item is one drawable element of a laid-out formula, in points, relative
// to the formula's origin on its baseline, y growing downwards (as in a
// display list). A Glyph or TextRun is drawn from (X, Y) on its baseline;
// a Rule covers (X, Y)–(X+W, Y+H).
type Item struct {
	Kind  ItemKind
	X, Y  float64
	W, H  float64
	Code  rune // Glyph: code point in the math face; TextRun: unused
	Size  float64
	Face  string // TextRun
	S     string // TextRun
	Color *Color
}

// Box is a laid-out piece of a formula: its width, height above and depth
// below the baseline, in points, and what to draw.
type Box struct {
	W, H, D float64
	Items   []Item
}

// frame is a box met while flattening, with its origin and colour.
type frame struct {
	b     *box
	x, y  float64
	color *Color
}

// flatten turns a box tree into items. It walks with an explicit stack so
// deep nesting cannot exhaust the Go stack.
func (l *lay) flatten(b *box) *Box {
	out := &Box{}
	l.flattenInto(out, b)
	return out
}

// flattenInto is flatten into *out.
func (l *lay) flattenInto(out *Box, b *box) {
	// The leaves first, so that the items are allocated once.
	n := 0
	stack := append(l.stack[:0], frame{b, 0, 0, nil})
	defer func() { l.stack = stack[:0] }()
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f.b.code != 0 || f.b.rule || f.b.text != "" {
			n++
		}
		for _, k := range f.b.kids {
			stack = append(stack, frame{b: k.b})
		}
	}
	*out = Box{W: b.w, H: b.h, D: b.d}
	if l.items != nil {
		out.Items = l.items.take(n)
	} else {
		out.Items = make([]Item, 0, n)
	}
	stack = append(stack[:0], frame{b, 0, 0, nil})
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		col := f.color
		if f.b.color != nil {
			col = f.b.color
		}
		switch {
		case f.b.code != 0:
			out.Items = append(out.Items, Item{Kind: Glyph, X: f.x, Y: -f.y, Code: f.b.code, Size: f.b.gsize, Color: col})
		case f.b.rule:
			if f.b.w > 0 && f.b.h+f.b.d > 0 {
				out.Items = append(out.Items, Item{Kind: Rule, X: f.x, Y: -(f.y + f.b.h), W: f.b.w, H: f.b.h + f.b.d, Color: col})
			}
		case f.b.text != "":
			out.Items = append(out.Items, Item{Kind: TextRun, X: f.x, Y: -f.y, Face: f.b.face, Size: f.b.gsize, S: f.b.text, Color: col})
		}
		for i := len(f.b.kids) - 1; i >= 0; i-- {
			k := f.b.kids[i]
			stack = append(stack, frame{k.b, f.x + k.x, f.y + k.y, col})
		}
	}
	// Reading order: by baseline band, then left to right, so that text
	// extraction and run merging see the glyphs in order.
	slices.SortStableFunc(out.Items, func(a, b Item) int { return cmp.Compare(a.X, b.X) })
}

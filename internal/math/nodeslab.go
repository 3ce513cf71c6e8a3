package math

import "unsafe"

// A formula's nodes, their further fields and scripts, and its lists are
// taken from slabs: arrays of a parser, shared by the formulas it reads
// one after another, so that a formula costs a few allocations, not one
// per node and per list (a manuscript's formulas are all read, and kept,
// before the first is laid out). A list taken from a slab has no spare
// capacity: appending to it copies it.

// How many nodes, further fields, scripts and list entries a slab
// holds.
const (
	formulaSlab = 16
	textSlab    = 4096
	nodeSlab    = 128
	moreSlab    = 8
	scriptSlab  = 32
	listSlab    = 256
)

// parseSlabs are a parser's slabs, and the scratch lists it builds lists in,
// one per nesting depth.
type parseSlabs struct {
	formulas []Formula
	texts    []byte // written once, read as strings
	nodes    []node
	mores    []nodeMore
	scripts  []scripts
	lists    []*node
	scratch  [][]*node
	textBuf  textBuf // where a formula's text is written
}

// formula returns a zero Formula of the slab.
func (p *parser) formula() *Formula {
	if len(p.formulas) == cap(p.formulas) {
		p.formulas = make([]Formula, 0, formulaSlab)
	}
	p.formulas = p.formulas[:len(p.formulas)+1]
	return &p.formulas[len(p.formulas)-1]
}

// keepText returns b as a string held by the text slab. The slab's bytes
// are written once, when they are taken, and only read after: what a
// string of them holds never changes.
func (p *parser) keepText(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > textSlab/8 {
		return string(b)
	}
	if cap(p.texts)-len(p.texts) < len(b) {
		p.texts = make([]byte, 0, textSlab)
	}
	i := len(p.texts)
	p.texts = append(p.texts, b...)
	return unsafe.String(&p.texts[i], len(b))
}

// node returns a node of the slab holding n.
func (p *parser) node(n node) *node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]node, 0, nodeSlab)
	}
	p.nodes = append(p.nodes, n)
	return &p.nodes[len(p.nodes)-1]
}

// more returns further fields of the slab holding m.
func (p *parser) more(m nodeMore) *nodeMore {
	if len(p.mores) == cap(p.mores) {
		p.mores = make([]nodeMore, 0, moreSlab)
	}
	p.mores = append(p.mores, m)
	return &p.mores[len(p.mores)-1]
}

// mut returns n's further fields, for writing, taken from the slab if n
// has none.
func (p *parser) mut(n *node) *nodeMore {
	if n.m == nil {
		n.m = p.more(nodeMore{})
	}
	return n.m
}

// mscr returns n's scripts, for writing, taken from the slab if n has
// none.
func (p *parser) mscr(n *node) *scripts {
	if n.sc == nil {
		if len(p.scripts) == cap(p.scripts) {
			p.scripts = make([]scripts, 0, scriptSlab)
		}
		p.scripts = append(p.scripts, scripts{})
		n.sc = &p.scripts[len(p.scripts)-1]
	}
	return n.sc
}

// keep returns a copy of l in the list slab (nil for an empty l).
func (p *parser) keep(l []*node) []*node {
	if len(l) == 0 {
		return nil
	}
	if len(l) > listSlab/4 {
		return append([]*node(nil), l...)
	}
	if cap(p.lists)-len(p.lists) < len(l) {
		p.lists = make([]*node, 0, listSlab)
	}
	i := len(p.lists)
	p.lists = append(p.lists, l...)
	return p.lists[i:len(p.lists):len(p.lists)]
}

// list1 returns the list of n alone, from the list slab.
func (p *parser) list1(n *node) []*node {
	if cap(p.lists) == len(p.lists) {
		p.lists = make([]*node, 0, listSlab)
	}
	p.lists = append(p.lists, n)
	i := len(p.lists)
	return p.lists[i-1 : i : i]
}

// scratchList returns the scratch list of nesting depth d, empty.
func (p *parser) scratchList(d int) []*node {
	for len(p.scratch) <= d {
		p.scratch = append(p.scratch, nil)
	}
	return p.scratch[d][:0]
}

// keepScratch gives back the scratch list of depth d, which l grew from,
// and returns l kept.
func (p *parser) keepScratch(d int, l []*node) []*node {
	k := p.keep(l)
	clear(l)
	p.scratch[d] = l[:0]
	return k
}

// reset readies a parser taken from the pool for src.
func (p *parser) reset(src string, macros *Macros) {
	sl := p.parseSlabs
	*p = parser{src: src, parseSlabs: sl}
	p.st = stream{lx: lexer{src: src}, macros: macros}
	p.st.back = p.st.back0[:0]
	p.s = &p.st
}

// release puts p back in the pool: what it read is the formula's now,
// the rest of its slabs is for the next formulas.
func (p *parser) release() {
	p.f = nil
	p.s = nil
	p.st = stream{}
	p.color = nil
	p.rowTag, p.rowHasTag, p.rowLabel, p.rowNotag = nil, nil, nil, nil
	p.tagOutside = nil
	p.sawDisplayEnv = nil
	parsers.Put(p)
}

package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Bounds on fenced divs. goldmark's work per line grows with the number of
// blocks open, and a closing fence asks every open div whether a div
// inside it claims the line: 2,000 nested divs took 8 s and 8,000 took
// minutes and gigabytes. So at most maxDivs divs of one form (::: or
// <div>) are open at a time; a deeper div is flattened into the innermost
// one (its fences are left out, with one warning, its content kept), and
// the question "is a div or fenced code open inside this one" is answered
// for all open divs in one pass a line.

// maxDivs is the deepest fenced divs of one form nest.
const maxDivs = 32

// divDepth is what a divNode keeps for the bounds.
type divDepth struct {
	// flat marks the fence line of a div nested too deep (or the closing
	// fence of one): it makes no block; warn is set on the first.
	flat, warn bool
	// extra counts the flattened divs open inside this one.
	extra int
	// idx is the div's index among the opened blocks (divLine).
	idx int
}

var (
	divLineKey   = parser.NewContextKey() // *divLine
	divWarnedKey = parser.NewContextKey() // *divNode: the flattening was warned of at this fence
)

// divLine answers innerOpen for one line: the index of the innermost open
// div of each form and of the innermost fenced code block.
type divLine struct {
	start, n int      // the line's offset and the number of open blocks
	last     ast.Node // the innermost open block
	claim    [2]int   // innermost ::: div, <div> div; -1 if none
	code     int      // innermost fenced code; -1 if none
}

// innerOpen reports whether a block opened inside node claims a closing
// fence line that starts at offset start: a div of the same form, or
// fenced code.
func innerOpen(node ast.Node, pc parser.Context, start int, html bool) bool {
	opened := pc.OpenedBlocks()
	if len(opened) == 0 {
		return false
	}
	st, _ := pc.Get(divLineKey).(*divLine)
	if st == nil || st.start != start || st.n != len(opened) || st.last != opened[len(opened)-1].Node {
		st = &divLine{start: start, n: len(opened), last: opened[len(opened)-1].Node, claim: [2]int{-1, -1}, code: -1}
		for i, b := range opened {
			switch x := b.Node.(type) {
			case *divNode:
				x.idx = i
				if !x.flat && !x.stray { // these close at their next line
					st.claim[form(x.html)] = i
				}
			case *ast.FencedCodeBlock:
				st.code = i
			}
		}
		pc.Set(divLineKey, st)
	}
	d := node.(*divNode)
	return st.claim[form(html)] > d.idx || st.code > d.idx
}

func form(html bool) int {
	if html {
		return 1
	}
	return 0
}

// innermostDiv returns the innermost open div of the form and the number
// of open divs of that form.
func innermostDiv(pc parser.Context, html bool) (*divNode, int) {
	var in *divNode
	n := 0
	for _, b := range pc.OpenedBlocks() {
		if d, ok := b.Node.(*divNode); ok && d.html == html && !d.flat && !d.stray {
			in = d
			n++
		}
	}
	return in, n
}

// openFlat flattens the div n opens if maxDivs divs of its form are open:
// it returns the fence's flat node, consuming the line, or nil.
func openFlat(pc parser.Context, n *divNode, reader text.Reader, seg text.Segment) *divNode {
	in, depth := innermostDiv(pc, n.html)
	if depth < maxDivs {
		return nil
	}
	in.extra++
	return flatFence(pc, n, reader, seg)
}

// closeFlat consumes the closing fence of a flattened div, if one is open
// in the innermost div of the form.
func closeFlat(pc parser.Context, html bool, n *divNode, reader text.Reader, seg text.Segment) *divNode {
	in, _ := innermostDiv(pc, html)
	if in == nil || in.extra == 0 {
		return nil
	}
	in.extra--
	return flatFence(pc, n, reader, seg)
}

func flatFence(pc parser.Context, n *divNode, reader text.Reader, seg text.Segment) *divNode {
	n.flat = true
	if pc.Get(divWarnedKey) == nil {
		n.warn = true
		pc.Set(divWarnedKey, n)
	}
	n.SetPos(n.start)
	reader.Advance(seg.Len() - 1)
	return n
}

// The nesting bounds, for the README's table of limits: blocks and inlines
// deeper than MaxNesting, and fenced divs of one form deeper than MaxDivs,
// are flattened with a warning.
const (
	MaxNesting = maxDepth
	MaxDivs    = maxDivs
)

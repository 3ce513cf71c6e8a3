package math

import (
	stdmath "math"
	"slices"
)

// Displays wider than the measure (Options.Width). A careful typesetter
// does not let a display run into the margin: a line slightly too wide
// has its medium spaces shrunk (TeX's \medmuskip minus 4mu); one much too
// wide is broken before a relation or a binary operator at its top level
// (never inside a group), as The TeXbook (chapter 19) and the AMS advise
// for displays. The continuation lines start with the operator: a
// relation under the first line's first relation (or 2 em in, when that
// relation stands far right), a binary operator 1 em further in. The
// breaks are chosen for the fewest lines, then relations before binary
// operators (TeX's 500 and 700), then even lines. The lines are one block,
// centred as a whole; a page may end between them only with two lines on
// either side; the equation's number goes on the last. What still cannot fit (one unbreakable piece wider than the
// measure) is set at its width, and the layout package warns.

// breakDisplay sets the hlist h of display row row (text: its Unicode
// text) into d within o.Width: shrunk, or broken into lines. It returns
// false when h fits as it is (or o.Width is 0) and d is left alone.
func (l *lay) breakDisplay(d *Display, h hlist, o Options, row int, text string) bool {
	items := h.items
	n := len(items)
	if o.Width <= 0 || n == 0 {
		return false
	}
	w, shrink := lineWidth(items)
	if w <= o.Width+0.005 {
		return false
	}
	if w-shrink <= o.Width {
		d.Lines = []DisplayLine{{Box: l.setLine(items, 0, o.Width, o.Color), Align: 'c', Row: row, Text: text}}
		return true
	}
	em := l.em(StyleDisplay)
	// Continuation lines: a relation under the first relation.
	relIndent := 2 * em
	for _, it := range items {
		if it.op && it.class == Rel {
			if it.x <= 0.4*o.Width {
				relIndent = it.x
			}
			break
		}
	}
	indent := func(s int) float64 {
		switch {
		case s == 0:
			return 0
		case items[s].class == Rel:
			return relIndent
		}
		return relIndent + em
	}
	// Break candidates: before an operator the inline layout may break
	// after (relations after relations excepted), and the end.
	var cand []int
	for k := 1; k < n; k++ {
		if items[k].op {
			cand = append(cand, k)
		}
	}
	cand = append(cand, n)
	// Widths by prefix sums: the line of items s..e-1 is pw[e]-pw[s]
	// less the glue after e-1 wide, and may shrink by ps[e-1]-ps[s].
	pw := make([]float64, n+1)
	ps := make([]float64, n+1)
	for i, it := range items {
		pw[i+1] = pw[i] + it.b.w + it.glue.w
		ps[i+1] = ps[i] + it.glue.shrink
	}
	cost := func(s, e int) (float64, bool) {
		lw := pw[e] - pw[s] - items[e-1].glue.w
		lsh := ps[e-1] - ps[s]
		avail := o.Width - indent(s)
		c := 5000.0
		if e < n {
			c += items[e].penalty
			if slack := avail - lw; slack > 0 {
				c += 2000 * (slack / o.Width) * (slack / o.Width)
			}
		}
		if lw-lsh > avail {
			c += 1e6 + 1e3*(lw-lsh-avail) // one piece wider than the measure
		}
		return c, lw-lsh <= o.Width
	}
	// best[i]: the least cost of lines ending before cand[i]; from[i]:
	// where the last of them starts (an index into cand, -1: at item 0).
	// Starts are tried from the nearest back to the first too wide for
	// any line, so the work grows with the number of candidates times
	// the candidates a line can hold (a 10,000-term sum breaks at once).
	best := make([]float64, len(cand))
	from := make([]int, len(cand))
	for i, e := range cand {
		best[i] = stdmath.Inf(1)
		for j := i - 1; j >= -1; j-- {
			s, prev := 0, 0.0
			if j >= 0 {
				s, prev = cand[j], best[j]
			}
			c, fits := cost(s, e)
			if c+prev < best[i] {
				best[i], from[i] = c+prev, j
			}
			if !fits {
				break
			}
		}
	}
	var starts []int
	for i := len(cand) - 1; i >= 0; i = from[i] {
		if from[i] < 0 {
			starts = append(starts, 0)
			break
		}
		starts = append(starts, cand[from[i]])
	}
	slices.Reverse(starts)
	gap := 0.3 * l.em(StyleText) // amsmath's \jot
	for k, s := range starts {
		e := n
		if k+1 < len(starts) {
			e = starts[k+1]
		}
		line := items[s:e]
		var src []*node
		for _, it := range line {
			if it.src != nil {
				src = append(src, it.src)
			}
		}
		t := listString(src)
		if len(starts) == 1 {
			t = text
		}
		// A display of more lines than a page may hold must break
		// somewhere: a page may end between its lines with two of them
		// on either side.
		pb := k >= 1 && k <= len(starts)-3
		d.Lines = append(d.Lines, DisplayLine{Box: l.setLine(line, indent(s), o.Width, o.Color), Align: 'c', Row: row, Block: len(starts) > 1, Text: t, PageBreak: pb})
		if k+1 < len(starts) {
			d.Gaps = append(d.Gaps, gap)
		}
	}
	return true
}

// lineWidth returns the natural width of a line of items (the glue after
// the last not counted) and how much its glue may shrink.
func lineWidth(items []hitem) (w, shrink float64) {
	for i, it := range items {
		w += it.b.w
		if i < len(items)-1 {
			w += it.glue.w
			shrink += it.glue.shrink
		}
	}
	return w, shrink
}

// setLine sets items as one line starting at indent, its glue shrunk as
// much as the line needs to fit width (no more than it may).
func (l *lay) setLine(items []hitem, indent, width float64, c *Color) *Box {
	w, shrink := lineWidth(items)
	ratio := 0.0
	if over := indent + w - width; over > 0 && shrink > 0 {
		ratio = stdmath.Min(1, over/shrink)
	}
	b := l.newBox(box{accentX: -1})
	x := indent
	for i, it := range items {
		l.add(b, it.b, x, 0)
		x += it.b.w
		if i < len(items)-1 {
			x += it.glue.w - it.glue.shrink*ratio
		}
	}
	b.w = x
	fb := l.flatten(b)
	setColor(fb, c)
	return fb
}

package layout

import (
	"sort"

	"quire/internal/doc"
	"quire/internal/linebreak"
	"quire/internal/shape"
)

// cellWidths measures a table cell as it will be set (its code, bold,
// emphasis and formulas in their own faces): nat is its width on one line,
// min the width of its widest piece between break points (its longest
// word; a URL counts by its pieces).
func (g *galley) cellWidths(in []doc.Inline, st textStyle) (nat, min float64) {
	if len(in) == 0 {
		return 0, 0
	}
	p := getPara()
	defer p.release()
	st.feat |= shape.Lining
	// Width 0: no emergency break points, so a word counts whole.
	docLang, _ := g.langs()
	b := &builder{p: p, opts: paraOpts{}, docLang: docLang, mono: g.l.st.MonoFace}
	b.flatten(in, &st)
	b.finish()
	var run, line float64
	for q, it := range p.items {
		switch it.Kind {
		case linebreak.Box:
			run += it.Width
			line += it.Width
		case linebreak.Glue:
			if it.Stretch < 1e4 { // not the finishing glue
				line += it.Width
			}
			min = max(min, run)
			run = 0
		case linebreak.Penalty:
			if it.Penalty < linebreak.Infinity && q+1 < len(p.items) {
				// A line may end here, with the penalty's width (a hyphen).
				min = max(min, run+it.Width)
				run = 0
			}
		}
	}
	return max(line, min), max(min, run)
}

// fitColumns gives each column its minimum width where the minimums do
// not all fit: the narrow columns keep theirs, and the columns whose
// longest words are wider than a common cap are set to the cap (their
// words are then hyphenated). The cap makes the widths sum to avail.
func fitColumns(min []float64, avail float64) []float64 {
	w := make([]float64, len(min))
	sorted := append([]float64(nil), min...)
	sort.Float64s(sorted)
	// With the k narrowest columns at their minimum, the others share
	// what is left equally.
	cap, used := 0.0, 0.0
	for k, m := range sorted {
		rest := len(sorted) - k
		if c := (avail - used) / float64(rest); m > c {
			cap = c
			break
		}
		used += m
		cap = m
	}
	for i, m := range min {
		w[i] = m
		if m > cap {
			w[i] = cap
		}
	}
	return w
}

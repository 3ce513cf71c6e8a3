package chart

import (
	"math"
	"sort"
	"strconv"

	"quire/internal/doc"
)

// bars is a bar or stacked-bar chart, with optional period spans above the
// bars, annotations and a highlighted stretch of the x axis.
type bars struct {
	s       *Spec
	stacked bool
	binned  bool        // categories are consecutive years
	first   int         // first year when binned
	cats    []string    // category labels
	groups  []string    // "" only when ungrouped
	vals    [][]float64 // [cat][group]
	spans   []item
	integer bool // all values whole numbers: integer ticks
}

func newBars(s *Spec, items []item) *bars {
	b := &bars{s: s, stacked: s.Type == "stacked-bar", binned: s.Bin == "year", integer: true}
	gi := map[string]int{}
	for _, it := range items {
		if it.period {
			b.spans = append(b.spans, it)
			continue
		}
		if _, ok := gi[it.group]; !ok {
			gi[it.group] = len(b.groups)
			b.groups = append(b.groups, it.group)
		}
	}
	ci := map[string]int{}
	if b.binned {
		lo, hi := math.MaxInt, math.MinInt
		if s.Range != nil {
			lo, hi = int(s.Range[0]), int(s.Range[1])
		} else {
			for _, it := range items {
				lo = min(lo, int(math.Floor(it.x0)))
				hi = max(hi, int(math.Floor(it.x0)))
				if it.period {
					hi = max(hi, int(math.Ceil(it.x1))-1)
				}
			}
		}
		b.first = lo
		hi = min(hi, lo+maxBins) // build refused more
		for y := lo; y <= hi; y++ {
			ci[strconv.Itoa(y)] = len(b.cats)
			b.cats = append(b.cats, strconv.Itoa(y))
		}
	}
	for _, it := range items {
		if it.period {
			continue
		}
		key := it.cat
		if b.binned {
			key = strconv.Itoa(int(math.Floor(it.x0)))
		}
		if _, ok := ci[key]; !ok {
			ci[key] = len(b.cats)
			b.cats = append(b.cats, key)
		}
	}
	b.vals = make([][]float64, len(b.cats))
	for i := range b.vals {
		b.vals[i] = make([]float64, len(b.groups))
	}
	for _, it := range items {
		if it.period {
			continue
		}
		key := it.cat
		if b.binned {
			key = strconv.Itoa(int(math.Floor(it.x0)))
		}
		b.vals[ci[key]][gi[it.group]] += it.y
		if it.y != math.Trunc(it.y) {
			b.integer = false
		}
	}
	return b
}

// catTotal is the height of category i's bar (stack) or its tallest bar.
func (b *bars) catTotal(i int) float64 {
	t := 0.0
	for _, v := range b.vals[i] {
		if b.stacked || len(b.groups) <= 1 {
			t += v
		} else {
			t = math.Max(t, v)
		}
	}
	return t
}

type placedSpan struct {
	it       item
	x0, x1   float64
	lx       float64 // label start
	label    string
	row      int
	labelBox box
	above    bool // label set in the row above the bracket (no room beside it)
}

// Draw implements doc.Graphic.
func (b *bars) Draw(c doc.Canvas, width float64) (float64, error) {
	s := b.s
	ratio := s.Height
	if ratio == 0 {
		ratio = 0.6
	}
	height := width * ratio
	fs := tickSize

	maxV := 0.0
	for i := range b.cats {
		maxV = math.Max(maxV, b.catTotal(i))
	}
	ticks, top := niceTicks(maxV, b.integer, 5)

	// Margins.
	left := 0.0
	for _, t := range ticks {
		left = math.Max(left, c.MeasureText(face, fs, formatNum(t)))
	}
	left += 4
	if s.YLabel != "" {
		left += fs + 4
	}
	// Category labels too wide for their bars are turned upright.
	maxW := 0.0
	for _, cat := range b.cats {
		maxW = math.Max(maxW, c.MeasureText(face, fs, cat))
	}
	upright := !b.binned && maxW+4 > (width-left-4)/float64(len(b.cats))
	labelH := fs
	if upright {
		labelH = maxW + 3
	}
	bottom := 3 + labelH + 3
	if s.XLabel != "" {
		bottom += fs + 5
	}
	right := math.Max(4, c.MeasureText(face, fs, b.cats[len(b.cats)-1])/2)
	if upright {
		right = 4
	}
	plotL, plotR := left, width-right
	band := (plotR - plotL) / float64(len(b.cats))
	xAt := func(year float64) float64 { return plotL + (year-float64(b.first))*band }

	// Legend.
	topY := 0.0
	if len(b.groups) > 1 || (len(b.groups) == 1 && b.groups[0] != "") {
		row := 0
		x := plotL
		for i, g := range b.groups {
			w := 9 + 3 + c.MeasureText(face, fs, g)
			if x+w > width && x > plotL {
				x = plotL
				row++
			}
			ly := topY + float64(row)*(fs+4)
			swatch(c, x, ly+1, 9, fs-1.5, styleOf(i))
			c.Text(face, fs, x+12, ly+fs-0.8, 0, g, ink)
			x += w + 10
		}
		topY += float64(row+1)*(fs+4) + 4
	}

	// Period spans: brackets with their label beside them (after the
	// bracket, or before it when it would run off the right), in greedy rows
	// of non-overlapping extents.
	var placed []placedSpan
	rowH := noteSize + 5
	sort.SliceStable(b.spans, func(i, j int) bool { return b.spans[i].x0 < b.spans[j].x0 })
	extent := func(p placedSpan, w float64) box {
		return box{math.Min(p.x0, p.lx), 0, math.Max(p.x1, p.lx+w), 1}
	}
	for _, it := range b.spans {
		lo, hi := float64(b.first), float64(b.first+len(b.cats))
		p := placedSpan{it: it, x0: xAt(clamp(it.x0, lo, hi)), x1: xAt(clamp(it.x1, lo, hi)), label: it.label}
		w := c.MeasureText(face, noteSize, it.label)
		var cands []float64
		if p.x1+3+w <= width {
			cands = append(cands, p.x1+3)
		}
		if p.x0-3-w >= 0 {
			cands = append(cands, p.x0-3-w)
		}
		if len(cands) == 0 {
			// No room beside the bracket: the label goes in the row above
			// it, starting where the bracket starts.
			p.above = true
			cands = append(cands, clamp(p.x0, 0, width-w))
		}
		// rows reports whether rows r (and r+1 for a label above) are free
		// of other spans' extents.
		used := func(r int, ext box) bool {
			for _, q := range placed {
				qext := extent(q, c.MeasureText(face, noteSize, q.label))
				if (q.row == r || q.above && q.row+1 == r) && ext.overlaps(qext, 6) {
					return true
				}
			}
			return false
		}
		best, bestX := -1, cands[0]
		for _, lx := range cands {
			p.lx = lx
			ext := extent(p, w)
			for r := 0; best < 0 || r < best; r++ {
				if !used(r, ext) && !(p.above && used(r+1, ext)) {
					best, bestX = r, lx
					break
				}
			}
		}
		p.row, p.lx = best, bestX
		placed = append(placed, p)
	}
	nRows := 0
	for _, p := range placed {
		nRows = max(nRows, p.row+1)
		if p.above {
			nRows = max(nRows, p.row+2)
		}
	}
	spanTop := topY
	topY += float64(nRows) * rowH
	if nRows > 0 {
		topY += 3
	}

	// Annotations: labels in rows just above the plot, each with a lead
	// line down to the top of its bar, placed like timeline labels so that
	// no label overlaps another and no lead line crosses a label.
	catOf := func(x float64) int {
		if b.binned {
			return int(math.Floor(x)) - b.first
		}
		return int(x)
	}
	bw := math.Min(band*0.7, 28)
	var notes []label
	for _, a := range s.Annotate {
		ci := catOf(a.X)
		if ci < 0 || ci >= len(b.cats) {
			continue
		}
		notes = append(notes, label{x: plotL + (float64(ci)+0.5)*band, w: c.MeasureText(face, noteSize, a.Text), text: a.Text, ref: ci})
	}
	sort.SliceStable(notes, func(i, j int) bool { return notes[i].x < notes[j].x })
	alignRight := false
	for _, n := range notes {
		if n.x+1.5+n.w > width {
			alignRight = true
		}
	}
	notes = placeLabels(notes, width, alignRight)
	noteRows := 0
	for _, n := range notes {
		noteRows = max(noteRows, n.row+1)
	}
	noteRowH := noteSize + 3
	noteBase := topY + float64(noteRows)*noteRowH // baseline of row 0
	topY += float64(noteRows) * noteRowH
	if noteRows > 0 {
		topY += 3
	}

	plotT := topY + fs*0.5 // room for the top tick label
	plotB := height - bottom
	if minH := math.Max(40, 0.3*width); plotB-plotT < minH { // keep a usable plot: grow the figure
		plotB = plotT + minH
		height = plotB + bottom
	}
	yAt := func(v float64) float64 { return plotB - v/top*(plotB-plotT) }

	// Highlight band behind everything.
	if h := s.Highlight; h != nil && b.binned {
		hx0 := xAt(clamp(h.From, float64(b.first), float64(b.first+len(b.cats))))
		hx1 := xAt(clamp(h.To+1, float64(b.first), float64(b.first+len(b.cats))))
		shadeRect(c, hx0, plotT, hx1-hx0, plotB-plotT, shade)
		if h.Label != "" {
			c.Text(face, noteSize, hx0+2, plotT+noteSize+1, 0, h.Label, ink)
		}
	}

	// Grid and y tick labels.
	for _, t := range ticks {
		y := yAt(t)
		if t > 0 {
			rule(c, plotL, y, plotR, y, gridWidth, gridGray)
		}
		lbl := formatNum(t)
		w := c.MeasureText(face, fs, lbl)
		c.Text(face, fs, plotL-4-w, y+fs*0.35, 0, lbl, ink)
	}
	if s.YLabel != "" {
		mid := (plotT + plotB) / 2
		w := c.MeasureText(face, fs, s.YLabel)
		c.Text(face, fs, fs, mid+w/2, 90, s.YLabel, ink)
	}

	// Bars.
	for i := range b.cats {
		cx := plotL + (float64(i)+0.5)*band
		if b.stacked || len(b.groups) <= 1 {
			acc := 0.0
			for g, v := range b.vals[i] {
				if v == 0 {
					continue
				}
				y0, y1 := yAt(acc+v), yAt(acc)
				swatch(c, cx-bw/2, y0, bw, y1-y0, styleOf(g))
				acc += v
			}
			continue
		}
		sub := bw / float64(len(b.groups))
		for g, v := range b.vals[i] {
			if v == 0 {
				continue
			}
			x := cx - bw/2 + float64(g)*sub
			swatch(c, x, yAt(v), sub, plotB-yAt(v), styleOf(g))
		}
	}

	// X axis: baseline, year ticks, thinned labels.
	rule(c, plotL, plotB, plotR, plotB, axisWidth, ink)
	every := 1
	for _, k := range []int{1, 2, 5, 10, 20, 50} {
		every = k
		if float64(k)*band >= maxW+4 {
			break
		}
	}
	for i, cat := range b.cats {
		cx := plotL + (float64(i)+0.5)*band
		labelled := !b.binned || (b.first+i)%every == 0 || every == 1
		tl := 2.0
		if labelled {
			tl = 3
		}
		rule(c, cx, plotB, cx, plotB+tl, axisWidth, ink)
		switch w := c.MeasureText(face, fs, cat); {
		case upright:
			c.Text(face, fs, cx+fs*0.35, plotB+6+w, 90, cat, ink)
		case labelled:
			c.Text(face, fs, clamp(cx-w/2, 0, width-w), plotB+3+fs, 0, cat, ink)
		}
	}
	if s.XLabel != "" {
		w := c.MeasureText(face, fs, s.XLabel)
		c.Text(face, fs, (plotL+plotR)/2-w/2, plotB+3+labelH+5+fs, 0, s.XLabel, ink)
	}

	// Spans, with faint lines marking the period's ends on the plot.
	for _, p := range placed {
		y := spanTop + float64(nRows-p.row)*rowH - rowH/2
		line(c, p.x0, y, p.x1, y, 0.8, ink)
		line(c, p.x0, y-2.5, p.x0, y+2.5, 0.6, ink)
		line(c, p.x1, y-2.5, p.x1, y+2.5, 0.6, ink)
		rule(c, p.x0, plotT, p.x0, plotB, 0.3, gridGray, 1.5, 1.5)
		rule(c, p.x1, plotT, p.x1, plotB, 0.3, gridGray, 1.5, 1.5)
		ly := y + noteSize*0.35
		if p.above {
			ly -= rowH
		}
		c.Text(face, noteSize, p.lx, ly, 0, p.label, ink)
	}

	// Annotations and their lead lines.
	for _, n := range notes {
		base := noteBase - float64(n.row)*noteRowH
		c.Text(face, noteSize, n.lx, base, 0, n.text, ink)
		line(c, n.x, base+2, n.x, yAt(b.catTotal(n.ref))-1.5, 0.4, ink)
	}

	return height, nil
}

package chart

import (
	"math"
	"sort"
	"strconv"

	"quire/internal/doc"
)

// timeline draws dated events as markers on a time axis, each labelled on a
// row above the axis and joined to its marker by a lead line. Markers are
// shaped and shaded by group; the highlight span is shaded and labelled.
type timeline struct {
	s        *Spec
	events   []item
	groups   []string
	from, to float64 // axis range in decimal years
}

func newTimeline(s *Spec, items []item) *timeline {
	t := &timeline{s: s, events: items}
	sort.SliceStable(t.events, func(i, j int) bool { return t.events[i].x0 < t.events[j].x0 })
	seen := map[string]bool{}
	for _, it := range items {
		if !seen[it.group] {
			seen[it.group] = true
			t.groups = append(t.groups, it.group)
		}
	}
	if s.Range != nil {
		t.from, t.to = s.Range[0], s.Range[1]+1
	} else {
		t.from = math.Floor(t.events[0].x0)
		t.to = math.Floor(t.events[len(t.events)-1].x0) + 1
	}
	return t
}

// marker shapes, in order of group appearance.
type markerStyle struct {
	shape  int // 0 circle, 1 square, 2 diamond, 3 triangle
	filled bool
}

var markers = []markerStyle{{0, true}, {1, true}, {0, false}, {2, true}, {1, false}, {3, false}, {2, false}, {3, true}}

func drawMarker(c doc.Canvas, x, y, r float64, m markerStyle) {
	var ops []doc.PathOp
	switch m.shape {
	case 0:
		k := 0.5523 * r
		ops = []doc.PathOp{
			ptOp(doc.MoveTo, x+r, y),
			{Kind: doc.CurveTo, Points: [3][2]float64{{x + r, y + k}, {x + k, y + r}, {x, y + r}}},
			{Kind: doc.CurveTo, Points: [3][2]float64{{x - k, y + r}, {x - r, y + k}, {x - r, y}}},
			{Kind: doc.CurveTo, Points: [3][2]float64{{x - r, y - k}, {x - k, y - r}, {x, y - r}}},
			{Kind: doc.CurveTo, Points: [3][2]float64{{x + k, y - r}, {x + r, y - k}, {x + r, y}}},
			{Kind: doc.Close},
		}
	case 1:
		q := r * 0.85
		ops = rectPath(x-q, y-q, 2*q, 2*q)
	case 2:
		q := r * 1.2
		ops = []doc.PathOp{ptOp(doc.MoveTo, x, y-q), ptOp(doc.LineTo, x+q, y), ptOp(doc.LineTo, x, y+q), ptOp(doc.LineTo, x-q, y), {Kind: doc.Close}}
	default:
		q := r * 1.15
		ops = []doc.PathOp{ptOp(doc.MoveTo, x, y-q), ptOp(doc.LineTo, x+q, y+q*0.75), ptOp(doc.LineTo, x-q, y+q*0.75), {Kind: doc.Close}}
	}
	fill := doc.Gray(1)
	if m.filled {
		fill = doc.Gray(0.15)
	}
	c.Path(doc.Path{Ops: ops, Fill: &fill, Stroke: &ink, LineWidth: 0.5})
}

// label is a placed event label.
type label struct {
	x      float64 // marker x
	lx     float64 // text start
	w      float64
	row    int
	below  bool // set below the axis
	text   string
	marker int // marker style (timeline)
	ref    int // the caller's index (bar category)
}

// placeLabels assigns each label a row: the lowest row where its box
// overlaps no other box in that row, its lead line (at the marker x, from
// the axis to its row) crosses no box in a row nearer the axis, and no lead
// line from a farther row crosses its box. With right false labels start at
// their marker and are placed from right to left, so a cluster climbs in a
// staircase to the left; with right true they end at their marker and are
// placed from left to right. ls must be sorted by x; the result keeps that
// order.
func placeLabels(ls []label, width float64, right bool) []label {
	const pad, lead = 4.0, 1.5
	crosses := func(x float64, l label) bool { return x >= l.lx-lead && x <= l.lx+l.w+lead }
	fits := func(try label, out []label, strict bool) bool {
		for _, q := range out {
			switch {
			case q.row == try.row && try.lx < q.lx+q.w+pad && q.lx < try.lx+try.w+pad:
				return false
			case strict && q.row < try.row && crosses(try.x, q):
				return false
			case q.row > try.row && crosses(q.x, try):
				return false
			}
		}
		return true
	}
	out := make([]label, 0, len(ls))
	for k := range ls {
		i := len(ls) - 1 - k
		if right {
			i = k
		}
		l := ls[i]
		if right {
			l.lx = clamp(l.x-lead-l.w, 0, width-l.w)
		} else {
			l.lx = clamp(l.x+lead, 0, width-l.w)
		}
		l.row = -1
		for _, strict := range []bool{true, false} {
			for r := 0; r <= len(out); r++ {
				l.row = r
				if fits(l, out, strict) {
					break
				}
				l.row = -1
			}
			if l.row >= 0 {
				break
			}
		}
		if l.row < 0 { // cannot happen: the row beyond all others is free
			l.row = len(out)
		}
		out = append(out, l)
	}
	if !right {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out
}

// Draw implements doc.Graphic.
func (t *timeline) Draw(c doc.Canvas, width float64) (float64, error) {
	s := t.s
	fs := noteSize
	rowH := fs + 1.8
	padL, padR := 2.0, 2.0
	// Leave room for the last year label at the right.
	lastYear := strconv.Itoa(int(t.to))
	padR = math.Max(padR, c.MeasureText(face, tickSize, lastYear)/2)
	padL = math.Max(padL, c.MeasureText(face, tickSize, strconv.Itoa(int(t.from)))/2)
	xAt := func(v float64) float64 { return padL + (v-t.from)/(t.to-t.from)*(width-padL-padR) }

	mi := map[string]int{}
	for i, g := range t.groups {
		mi[g] = i
	}
	var above, below []label
	for _, e := range t.events {
		l := label{x: xAt(e.x0), w: c.MeasureText(face, fs, e.label), text: e.label, marker: mi[e.group]}
		if l.x+1.5+l.w <= width {
			above = append(above, l)
		} else {
			l.below = true
			below = append(below, l)
		}
	}
	above = placeLabels(above, width, false)
	below = placeLabels(below, width, true)
	rows, rowsBelow := 0, 0
	for _, l := range above {
		rows = max(rows, l.row+1)
	}
	for _, l := range below {
		rowsBelow = max(rowsBelow, l.row+1)
	}
	ls := append(above, below...)

	// Legend.
	y := 0.0
	if len(t.groups) > 1 {
		x := 0.0
		row := 0
		for i, g := range t.groups {
			w := 12 + c.MeasureText(face, tickSize, g)
			if x+w > width && x > 0 {
				x, row = 0, row+1
			}
			ly := float64(row) * (tickSize + 4)
			drawMarker(c, x+3.5, ly+tickSize*0.45, 2.6, markers[i%len(markers)])
			c.Text(face, tickSize, x+10, ly+tickSize*0.8, 0, g, ink)
			x += w + 10
		}
		y = float64(row+1)*(tickSize+4) + 4
	}
	hlY := y
	if s.Highlight != nil && s.Highlight.Label != "" {
		y += fs + 4
	}
	rowsTop := y
	axisY := rowsTop + float64(rows)*rowH + 6
	yearBand := axisY + 4 + tickSize + 3 // bottom of the year labels
	belowBottom := yearBand
	if rowsBelow > 0 {
		belowBottom = yearBand + 2 + float64(rowsBelow)*rowH
	}

	// Highlight band over the label rows and the axis.
	if h := s.Highlight; h != nil {
		hx0, hx1 := xAt(clamp(h.From, t.from, t.to)), xAt(clamp(h.To+1, t.from, t.to))
		shadeRect(c, hx0, hlY, hx1-hx0, belowBottom+2-hlY, shade)
		if h.Label != "" {
			w := c.MeasureText(face, fs, h.Label)
			c.Text(face, fs, clamp((hx0+hx1)/2-w/2, 0, width-w), hlY+fs, 0, h.Label, ink)
		}
	}

	// Lead lines and labels.
	leadCol := doc.Gray(0.45)
	for _, l := range ls {
		if l.below {
			base := yearBand + 2 + float64(l.row+1)*rowH - 2.5
			rule(c, l.x, axisY+2.5, l.x, base-0.75*fs-1, 0.3, leadCol)
			c.Text(face, fs, l.lx, base, 0, l.text, ink)
			continue
		}
		base := rowsTop + float64(rows-l.row)*rowH - 2
		rule(c, l.x, axisY-2.5, l.x, base+1, 0.3, leadCol)
		c.Text(face, fs, l.lx, base, 0, l.text, ink)
	}

	// Axis with ticks every 5 years, labels every 10 (or thinned to fit).
	// Year labels are knocked out of any lead line passing behind them.
	rule(c, xAt(t.from), axisY, xAt(t.to), axisY, axisWidth, ink)
	step := 10
	for _, k := range []int{5, 10, 20, 25, 50} {
		if float64(k)/(t.to-t.from)*(width-padL-padR) >= c.MeasureText(face, tickSize, "0000")+6 {
			step = k
			break
		}
	}
	for yr := int(math.Ceil(t.from)); float64(yr) <= t.to && float64(yr) <= math.Ceil(t.from)+maxYears; yr++ {
		x := xAt(float64(yr))
		switch {
		case yr%step == 0:
			rule(c, x, axisY, x, axisY+3.5, axisWidth, ink)
			lbl := strconv.Itoa(yr)
			w := c.MeasureText(face, tickSize, lbl)
			lx := clamp(x-w/2, 0, width-w)
			bg := doc.Gray(1)
			for _, l := range below {
				if l.x > lx-1 && l.x < lx+w+1 {
					if h := t.s.Highlight; h != nil && float64(yr) >= h.From && float64(yr) <= h.To+1 {
						bg = shade
					}
					shadeRect(c, lx-1, axisY+4.5, w+2, tickSize+1.5, bg)
					break
				}
			}
			c.Text(face, tickSize, lx, axisY+4+tickSize, 0, lbl, ink)
		case yr%5 == 0 || step <= 5:
			rule(c, x, axisY, x, axisY+2, axisWidth, ink)
		}
	}
	height := belowBottom + 2
	if s.XLabel != "" {
		w := c.MeasureText(face, tickSize, s.XLabel)
		c.Text(face, tickSize, width/2-w/2, height+tickSize+2, 0, s.XLabel, ink)
		height += tickSize + 4
	}
	for _, l := range ls {
		drawMarker(c, l.x, axisY, 2.4, markers[l.marker%len(markers)])
	}
	return height, nil
}

package pdf

import (
	"math"
	"strconv"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/pdf/num"
)

// Paths and graphics state. The writer writes paths, colours, line widths
// and stroke styles itself, in fpdf's formats ("%.2f %.2f m", a colour as
// fpdf's rgbColorValue writes it), into the page's content (text.go's
// buffer), tracking what the page has been told so that only changes are
// written. fpdf draws only images and imported pages (form.go); before it
// does, what is written here is handed to it (flush).

// startState is what a page's content begins with, as fpdf writes it at
// every new page (AddPageFormat), the writer never changing fpdf's own
// graphics state: butt caps, miter joins, fpdf's default line width of
// 0.2 mm, black strokes and fills.
const startState = "0 J\n0 j\n0.57 w\n0.000 G\n0.000 g\n"

// setFillColor makes c the fill colour.
func (r *renderer) setFillColor(c draw.Color) {
	v := rgb(c)
	if r.fillOK && v == r.fill {
		return
	}
	r.endTJ()
	r.ts.out = appendColor(r.ts.out, v, 'g')
	r.fill, r.fillOK = v, true
}

// setDrawColor makes c the stroke colour.
func (r *renderer) setDrawColor(c draw.Color) {
	v := rgb(c)
	if r.strokeOK && v == r.stroke {
		return
	}
	r.endTJ()
	r.ts.out = appendColor(r.ts.out, v, 'G')
	r.stroke, r.strokeOK = v, true
}

// setLineWidth makes w the line width.
func (r *renderer) setLineWidth(w float64) {
	if r.lwOK && w == r.lw {
		return
	}
	r.ts.out = num.AppendFixed(r.ts.out, w, 2)
	r.ts.out = append(r.ts.out, " w\n"...)
	r.lw, r.lwOK = w, true
}

// appendXY appends a point, in PDF coordinates, with prec decimals.
func (r *renderer) appendXY(b []byte, p [2]float64, prec int) []byte {
	b = num.AppendFixed(b, p[0], prec)
	b = append(b, ' ')
	b = num.AppendFixed(b, r.pageH-p[1], prec)
	return append(b, ' ')
}

// appendDash appends a dash pattern operator ("[4.00 2.00] 0.00 d").
func appendDash(b []byte, dash []float64, phase float64) []byte {
	b = append(b, '[')
	for i, v := range dash {
		if i > 0 {
			b = append(b, ' ')
		}
		b = num.AppendFixed(b, v, 2)
	}
	b = append(b, "] "...)
	b = num.AppendFixed(b, phase, 2)
	return append(b, " d\n"...)
}

func (r *renderer) drawPath(p *draw.Path) {
	if len(p.Ops) == 0 || p.Fill == nil && p.Stroke == nil {
		return
	}
	r.endText()
	op := "f"
	if p.Fill != nil {
		r.setFillColor(*p.Fill)
	}
	if p.Stroke != nil {
		r.setDrawColor(*p.Stroke)
		r.setLineWidth(p.LineWidth)
		op = "S"
		if p.Fill != nil {
			op = "B"
		}
	}
	dashed := p.Stroke != nil && len(p.Dash) > 0
	if dashed {
		r.ts.out = appendDash(r.ts.out, p.Dash, p.DashPhase)
	}
	if p.Stroke != nil {
		r.strokeStyle(p.Cap, p.Join, p.MiterLimit)
	}
	b := r.ts.out
	ops := p.Ops
	if x, y, w, h, ok := rectOf(p, r.pageH); ok {
		// A filled rectangle (a fraction's rule, a radical's bar, a
		// table's rule) is one re operator: half the bytes of its
		// four corners, each corner where the path's would be.
		b = num.AppendHundredths(b, x)
		b = append(b, ' ')
		b = num.AppendHundredths(b, y)
		b = append(b, ' ')
		b = num.AppendHundredths(b, w)
		b = append(b, ' ')
		b = num.AppendHundredths(b, h)
		b = append(b, " re\n"...)
		ops = nil
	}
	for _, o := range ops {
		pt := o.Points
		switch o.Kind {
		case doc.MoveTo:
			b = append(r.appendXY(b, pt[0], 2), "m\n"...)
		case doc.LineTo:
			b = append(r.appendXY(b, pt[0], 2), "l\n"...)
		case doc.CurveTo:
			b = r.appendXY(b, pt[0], 5)
			b = r.appendXY(b, pt[1], 5)
			b = append(r.appendXY(b, pt[2], 5), "c\n"...)
		case doc.Close:
			b = append(b, "h\n"...)
		}
	}
	b = append(b, op...)
	if p.EvenOdd && p.Fill != nil {
		b = append(b, '*')
	}
	b = append(b, '\n')
	if dashed {
		b = appendDash(b, nil, 0)
	}
	r.ts.out = b
}

// rectOf reports whether p is filled only and is one axis-aligned
// rectangle (a move, three lines along the axes and a close, as
// draw.FilledRect makes it), and returns it in PDF coordinates on a page
// pageH high, in hundredths of a point: its lower left corner and its
// size, each corner rounded to the hundredth as drawPath writes a path's
// points (math.Round: an exact tie may round the other way than strconv).
func rectOf(p *draw.Path, pageH float64) (x, y, w, h int64, ok bool) {
	o := p.Ops
	if p.Stroke != nil || len(o) != 5 || o[0].Kind != doc.MoveTo || o[1].Kind != doc.LineTo ||
		o[2].Kind != doc.LineTo || o[3].Kind != doc.LineTo || o[4].Kind != doc.Close {
		return 0, 0, 0, 0, false
	}
	var xs, ys [4]int64
	for i := range 4 {
		px, py := o[i].Points[0][0]*100, (pageH-o[i].Points[0][1])*100
		if !(math.Abs(px) < 1<<40 && math.Abs(py) < 1<<40) {
			return 0, 0, 0, 0, false // NaN, infinite or huge: as a path
		}
		xs[i], ys[i] = int64(math.Round(px)), int64(math.Round(py))
	}
	alongX := ys[0] == ys[1] && xs[1] == xs[2] && ys[2] == ys[3] && xs[3] == xs[0]
	alongY := xs[0] == xs[1] && ys[1] == ys[2] && xs[2] == xs[3] && ys[3] == ys[0]
	if !alongX && !alongY {
		return 0, 0, 0, 0, false
	}
	x0, x1 := min(xs[0], xs[2]), max(xs[0], xs[2])
	y0, y1 := min(ys[0], ys[2]), max(ys[0], ys[2])
	return x0, y0, x1 - x0, y1 - y0, true
}

// strokeStyle sets how strokes end and turn: "" for butt caps and miter
// joins, a miter limit of 0 for PDF's default (10). Only changes are
// written; each page starts with butt caps, miter joins and the default
// miter limit (startState, beginPage).
func (r *renderer) strokeStyle(cap, join string, miter float64) {
	if cap != r.cap {
		r.ts.out = strconv.AppendInt(r.ts.out, int64(capStyle(cap)), 10)
		r.ts.out = append(r.ts.out, " J\n"...)
		r.cap = cap
	}
	if join != r.join {
		r.ts.out = strconv.AppendInt(r.ts.out, int64(joinStyle(join)), 10)
		r.ts.out = append(r.ts.out, " j\n"...)
		r.join = join
	}
	if miter <= 0 {
		miter = 10
	}
	miter = max(1, miter)
	if r.miter == 0 {
		r.miter = 10
	}
	if miter != r.miter {
		r.ts.out = strconv.AppendFloat(r.ts.out, miter, 'f', -1, 64)
		r.ts.out = append(r.ts.out, " M\n"...)
		r.miter = miter
	}
}

// capStyle and joinStyle return the operands of J and j for a style's
// name, as fpdf's SetLineCapStyle and SetLineJoinStyle take them.
func capStyle(s string) int {
	switch s {
	case "round":
		return 1
	case "square":
		return 2
	}
	return 0
}

func joinStyle(s string) int {
	switch s {
	case "round":
		return 1
	case "bevel":
		return 2
	}
	return 0
}

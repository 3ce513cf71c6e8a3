package chart

import (
	"math"
	"strconv"
	"strings"

	"quire/internal/doc"
)

// Print style shared by all chart types.
const (
	face      = "sans"
	faceBold  = "sans-bold"
	tickSize  = 7.5 // tick labels and legend
	noteSize  = 7.0 // annotations, span labels, timeline labels
	axisWidth = 0.5
	gridWidth = 0.3
	barLine   = 0.4
)

var (
	ink      = doc.Black
	gridGray = doc.Gray(0.82)
	shade    = doc.Gray(0.92)
)

// fillStyle is how one group is painted: a grey level, optionally hatched.
type fillStyle struct {
	gray  float64
	hatch int // 0 none, 1 "/", 2 "\", 3 crossed
}

// fills are distinct in greyscale print: solid greys far apart, then
// hatching on white.
var fills = []fillStyle{
	{gray: 0.25},
	{gray: 1, hatch: 1},
	{gray: 0.68},
	{gray: 1},
	{gray: 0.88, hatch: 2},
	{gray: 1, hatch: 3},
}

func styleOf(i int) fillStyle { return fills[i%len(fills)] }

func ptOp(k doc.PathKind, x, y float64) doc.PathOp {
	return doc.PathOp{Kind: k, Points: [3][2]float64{{x, y}}}
}

func line(c doc.Canvas, x1, y1, x2, y2, w float64, col doc.Color, dash ...float64) {
	c.Path(doc.Path{Ops: []doc.PathOp{ptOp(doc.MoveTo, x1, y1), ptOp(doc.LineTo, x2, y2)}, Stroke: &col, LineWidth: w, Dash: dash})
}

// rule draws a line that is decoration (a grid line, an axis, a tick).
func rule(c doc.Canvas, x1, y1, x2, y2, w float64, col doc.Color, dash ...float64) {
	c.Path(doc.Path{Ops: []doc.PathOp{ptOp(doc.MoveTo, x1, y1), ptOp(doc.LineTo, x2, y2)}, Stroke: &col, LineWidth: w, Dash: dash, Decoration: true})
}

// shadeRect fills a rectangle that is decoration (a highlighted band).
func shadeRect(c doc.Canvas, x, y, w, h float64, fill doc.Color) {
	c.Path(doc.Path{Ops: rectPath(x, y, w, h), Fill: &fill, Decoration: true})
}

func rectPath(x, y, w, h float64) []doc.PathOp {
	return []doc.PathOp{ptOp(doc.MoveTo, x, y), ptOp(doc.LineTo, x+w, y), ptOp(doc.LineTo, x+w, y+h), ptOp(doc.LineTo, x, y+h), {Kind: doc.Close}}
}

// swatch paints a rectangle in fill style st with a thin outline.
func swatch(c doc.Canvas, x, y, w, h float64, st fillStyle) {
	if w <= 0 || h <= 0 {
		return
	}
	f := doc.Gray(st.gray)
	c.Path(doc.Path{Ops: rectPath(x, y, w, h), Fill: &f})
	if st.hatch&1 != 0 {
		hatch(c, x, y, w, h, 1)
	}
	if st.hatch&2 != 0 {
		hatch(c, x, y, w, h, -1)
	}
	c.Path(doc.Path{Ops: rectPath(x, y, w, h), Stroke: &ink, LineWidth: barLine})
}

// hatch draws 45° lines clipped to the rectangle; dir 1 rises to the right.
func hatch(c doc.Canvas, x, y, w, h float64, dir float64) {
	const gap = 2.2
	var ops []doc.PathOp
	// Lines u = const where u = (x-x0) + dir'*(y-y0); clip analytically.
	for u := gap / 2; u < w+h; u += gap {
		var ax, ay, bx, by float64
		if dir > 0 { // from bottom-left going up-right: points with (px-x) + (y+h-py) = u
			ax, ay = x+math.Min(u, w), y+h-math.Max(0, u-w)
			bx, by = x+math.Max(0, u-h), y+h-math.Min(u, h)
		} else { // from top-left going down-right: (px-x) + (py-y) = u
			ax, ay = x+math.Min(u, w), y+math.Max(0, u-w)
			bx, by = x+math.Max(0, u-h), y+math.Min(u, h)
		}
		ops = append(ops, ptOp(doc.MoveTo, ax, ay), ptOp(doc.LineTo, bx, by))
	}
	col := ink
	c.Path(doc.Path{Ops: ops, Stroke: &col, LineWidth: 0.3})
}

// niceTicks returns ticks from 0 to at least max, with a 1-2-5 step that is
// a whole number when integer is set.
func niceTicks(max float64, integer bool, want int) (ticks []float64, top float64) {
	if max <= 0 {
		max = 1
	}
	raw := max / float64(want)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if integer && m == 2.5 {
			continue
		}
		step = m * mag
		if step >= raw {
			break
		}
	}
	if integer && step < 1 {
		step = 1
	}
	top = math.Ceil(max/step-1e-9) * step
	for i := 0; i < maxTicks; i++ {
		v := float64(i) * step
		if v > top+step/2 {
			break
		}
		ticks = append(ticks, v)
	}
	return ticks, top
}

// formatNum writes v without useless decimals ("189", not "189.00"), with
// thin grouping of thousands.
func formatNum(v float64) string {
	if math.Abs(v-math.Round(v)) < 1e-9 {
		s := strconv.FormatInt(int64(math.Round(v)), 10)
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimPrefix(s, "-")
		if len(s) > 4 {
			var b strings.Builder
			for i, r := range s {
				if i > 0 && (len(s)-i)%3 == 0 {
					b.WriteByte(',')
				}
				b.WriteRune(r)
			}
			s = b.String()
		}
		if neg {
			s = "−" + s
		}
		return s
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// box is an axis-aligned rectangle used for overlap tests.
type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box, pad float64) bool {
	return a.x0 < b.x1+pad && b.x0 < a.x1+pad && a.y0 < b.y1+pad && b.y0 < a.y1+pad
}

// textBox is the box of text set at baseline (x, y), approximating ascent
// and descent from the size.
func textBox(c doc.Canvas, f string, size, x, y float64, s string) box {
	w := c.MeasureText(f, size, s)
	return box{x, y - 0.75*size, x + w, y + 0.22*size}
}

func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

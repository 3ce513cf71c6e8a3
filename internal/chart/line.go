package chart

import (
	"math"
	"sort"

	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"quire/internal/doc"
)

// lineChart is a line chart drawn by go-chart through Renderer, one series
// per group, restyled for print.
type lineChart struct {
	s      *Spec
	groups []string
	xs, ys [][]float64
}

func newLine(s *Spec, items []item) *lineChart {
	l := &lineChart{s: s}
	gi := map[string]int{}
	sorted := append([]item(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].x0 < sorted[j].x0 })
	for _, it := range sorted {
		i, ok := gi[it.group]
		if !ok {
			i = len(l.groups)
			gi[it.group] = i
			l.groups = append(l.groups, it.group)
			l.xs = append(l.xs, nil)
			l.ys = append(l.ys, nil)
		}
		l.xs[i] = append(l.xs[i], it.x0)
		l.ys[i] = append(l.ys[i], it.y)
	}
	return l
}

// scale is how many go-chart pixels make a point.
const scale = 10

var dashes = [][]float64{nil, {4, 2}, {1, 1.5}, {5, 1.5, 1, 1.5}}

// Draw implements doc.Graphic.
func (l *lineChart) Draw(c doc.Canvas, width float64) (float64, error) {
	ratio := l.s.Height
	if ratio == 0 {
		ratio = 0.6
	}
	height := width * ratio
	px := func(v float64) int { return int(math.Round(v * scale)) }
	font := gochart.Style{FontSize: tickSize, FontColor: drawing.ColorBlack}
	integer := true
	maxY, minX, maxX := 0.0, math.Inf(1), math.Inf(-1)
	for g := range l.ys {
		for i, v := range l.ys[g] {
			maxY = math.Max(maxY, v)
			if v != math.Trunc(v) {
				integer = false
			}
			minX = math.Min(minX, l.xs[g][i])
			maxX = math.Max(maxX, l.xs[g][i])
		}
	}
	if l.s.Range != nil {
		minX, maxX = l.s.Range[0], l.s.Range[1]
	}
	yTicks, top := niceTicks(maxY, integer, 5)
	// The y label and the legend are drawn here, not by go-chart, whose
	// versions collide with the tick labels.
	padTop, padLeft := 6.0, 2.0
	if l.s.YLabel != "" {
		padLeft += tickSize + 4
		w := c.MeasureText(face, tickSize, l.s.YLabel)
		c.Text(face, tickSize, tickSize, height/2+w/2, 90, l.s.YLabel, ink)
	}
	if len(l.groups) > 1 {
		x := padLeft
		for g, name := range l.groups {
			w := 22 + c.MeasureText(face, tickSize, name)
			col := doc.Gray(float64(g%3) * 0.3)
			line(c, x, tickSize*0.6, x+16, tickSize*0.6, 1.1, col, dashes[g%len(dashes)]...)
			c.Text(face, tickSize, x+20, tickSize*0.95, 0, name, ink)
			x += w + 12
		}
		padTop += tickSize + 6
	}
	var yt []gochart.Tick
	for _, v := range yTicks {
		yt = append(yt, gochart.Tick{Value: v, Label: formatNum(v)})
	}
	var xt []gochart.Tick
	// At most ten ticks, fewer when their labels are wide (a range of
	// 1e15 has labels of 21 characters): each label gets its width and a
	// gap.
	labelW := 8 + math.Max(c.MeasureText(face, tickSize, formatNum(minX)), c.MeasureText(face, tickSize, formatNum(maxX)))
	room := max(1, min(10, int((width-padLeft-10)/labelW)-1))
	step := xStep(maxX-minX, room)
	first := math.Ceil(minX/step) * step
	for i := 0; i < maxTicks; i++ {
		v := first + float64(i)*step
		if v > maxX+1e-9*step {
			break
		}
		xt = append(xt, gochart.Tick{Value: v, Label: formatNum(v)})
	}
	gray := func(g float64) drawing.Color {
		v := uint8(math.Round(g * 255))
		return drawing.Color{R: v, G: v, B: v, A: 255}
	}
	axis := gochart.Style{StrokeColor: drawing.ColorBlack, StrokeWidth: axisWidth * scale, FontSize: tickSize, FontColor: drawing.ColorBlack}
	ch := gochart.Chart{
		Width:  px(width),
		Height: px(height),
		DPI:    72 * scale,
		Background: gochart.Style{Padding: gochart.Box{Top: px(padTop), Left: px(padLeft), Right: px(10), Bottom: px(2)},
			FillColor: drawing.ColorTransparent},
		Canvas: gochart.Style{FillColor: drawing.ColorTransparent},
		XAxis: gochart.XAxis{Name: l.s.XLabel, NameStyle: font, Style: axis, Ticks: xt, TickPosition: gochart.TickPositionUnderTick,
			Range:     &gochart.ContinuousRange{Min: minX, Max: maxX},
			TickStyle: gochart.Style{StrokeColor: drawing.ColorBlack, StrokeWidth: axisWidth * scale}},
		// go-chart's primary y axis sits on the right; print wants it on the
		// left, which is go-chart's secondary axis.
		// (go-chart 2.1.2 takes the secondary range from the primary's ticks.)
		YAxis: gochart.YAxis{Style: gochart.Style{Hidden: true}, Ticks: yt, Range: &gochart.ContinuousRange{Min: 0, Max: top}},
		YAxisSecondary: gochart.YAxis{Style: axis, Ticks: yt,
			Range:          &gochart.ContinuousRange{Min: 0, Max: top},
			GridMajorStyle: gochart.Style{StrokeColor: gray(0.82), StrokeWidth: gridWidth * scale},
			GridLines:      gridLines(yTicks)},
	}
	for g := range l.groups {
		ch.Series = append(ch.Series, gochart.ContinuousSeries{
			Name:    l.groups[g],
			YAxis:   gochart.YAxisSecondary,
			XValues: l.xs[g],
			YValues: l.ys[g],
			Style: gochart.Style{StrokeColor: gray(float64(g%3) * 0.3), StrokeWidth: 1.1 * scale,
				StrokeDashArray: scaled(dashes[g%len(dashes)]), DotWidth: 1.6 * scale, DotColor: gray(float64(g%3) * 0.3)},
		})
	}
	r := NewRenderer(c, scale)
	if err := ch.Render(r.Provider(), nil); err != nil {
		return 0, err
	}
	return height, nil
}

func gridLines(ticks []float64) []gochart.GridLine {
	var gl []gochart.GridLine
	for _, v := range ticks[1:] {
		gl = append(gl, gochart.GridLine{Value: v})
	}
	return gl
}

func scaled(d []float64) []float64 {
	var out []float64
	for _, v := range d {
		out = append(out, v*scale)
	}
	return out
}

// xStep is the step of the x ticks over span: whole numbers 1, 2, 5, 10,
// 20, 25, 50, 100, then 1-2-5 times a power of ten, the smallest with at
// most n steps in the span, so that few ticks are drawn whatever the span.
func xStep(span float64, n int) float64 {
	fn := float64(n)
	for _, k := range []float64{1, 2, 5, 10, 20, 25, 50, 100} {
		if span/k <= fn {
			return k
		}
	}
	mag := math.Pow(10, math.Floor(math.Log10(span/fn)))
	for _, m := range []float64{1, 2, 5, 10} {
		if span/(m*mag) <= fn {
			return m * mag
		}
	}
	return 10 * mag
}

package chart

import (
	"io"
	"math"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"quire/internal/doc"
)

// Renderer adapts a doc.Canvas to go-chart's Renderer interface, so that
// go-chart's layout can draw straight into Quire's display list as vectors.
//
// go-chart works in integer pixels. To keep print precision the renderer
// works at Scale units per point: a chart meant to be w points wide is laid
// out by go-chart as w*Scale pixels, and every coordinate is divided by Scale
// on its way to the canvas. go-chart sizes fonts in points at its DPI
// (pixels = points*DPI/72); NewRenderer sets the DPI to 72*Scale, so a
// go-chart font size of 7.5 comes out as 7.5 pt on the page.
//
// go-chart's truetype fonts are ignored: text is set in Face ("sans" unless
// changed) and measured with the canvas.
type Renderer struct {
	Canvas doc.Canvas
	Scale  float64 // go-chart pixels per point
	Face   string  // font face for all text

	dpi         float64
	ops         []doc.PathOp
	cur         [2]float64 // current point, in points
	stroke      drawing.Color
	fill        drawing.Color
	fontColor   drawing.Color
	strokeWidth float64
	dash        []float64
	fontSize    float64 // go-chart points
	rotation    *float64
}

var _ gochart.Renderer = (*Renderer)(nil)

// NewRenderer returns a Renderer drawing on c at the given scale.
func NewRenderer(c doc.Canvas, scale float64) *Renderer {
	r := &Renderer{Canvas: c, Scale: scale, Face: "sans", dpi: 72 * scale}
	r.ResetStyle()
	return r
}

// Provider returns a go-chart RendererProvider that hands out r.
func (r *Renderer) Provider() gochart.RendererProvider {
	return func(int, int) (gochart.Renderer, error) { return r, nil }
}

// ResetStyle implements gochart.Renderer.
func (r *Renderer) ResetStyle() {
	r.stroke, r.fill, r.fontColor = drawing.ColorTransparent, drawing.ColorTransparent, drawing.ColorBlack
	r.strokeWidth = 0
	r.dash = nil
	r.fontSize = gochart.DefaultFontSize
	r.rotation = nil
	r.ops = nil
}

// GetDPI implements gochart.Renderer.
func (r *Renderer) GetDPI() float64 { return r.dpi }

// SetDPI implements gochart.Renderer. The DPI decides how go-chart's point
// font sizes are turned into pixels; the renderer converts them back.
func (r *Renderer) SetDPI(dpi float64) {
	if dpi > 0 {
		r.dpi = dpi
	}
}

// SetClassName implements gochart.Renderer; class names mean nothing here.
func (r *Renderer) SetClassName(string) {}

// SetStrokeColor implements gochart.Renderer.
func (r *Renderer) SetStrokeColor(c drawing.Color) { r.stroke = c }

// SetFillColor implements gochart.Renderer.
func (r *Renderer) SetFillColor(c drawing.Color) { r.fill = c }

// SetStrokeWidth implements gochart.Renderer (width in pixels).
func (r *Renderer) SetStrokeWidth(w float64) { r.strokeWidth = w }

// SetStrokeDashArray implements gochart.Renderer (lengths in pixels).
func (r *Renderer) SetStrokeDashArray(d []float64) { r.dash = append([]float64(nil), d...) }

func (r *Renderer) pt(x, y int) [2]float64 {
	return [2]float64{float64(x) / r.Scale, float64(y) / r.Scale}
}

// MoveTo implements gochart.Renderer.
func (r *Renderer) MoveTo(x, y int) {
	p := r.pt(x, y)
	r.ops = append(r.ops, doc.PathOp{Kind: doc.MoveTo, Points: [3][2]float64{p}})
	r.cur = p
}

// LineTo implements gochart.Renderer.
func (r *Renderer) LineTo(x, y int) {
	p := r.pt(x, y)
	r.lineTo(p)
}

func (r *Renderer) lineTo(p [2]float64) {
	kind := doc.LineTo
	if len(r.ops) == 0 {
		kind = doc.MoveTo
	}
	r.ops = append(r.ops, doc.PathOp{Kind: kind, Points: [3][2]float64{p}})
	r.cur = p
}

// QuadCurveTo implements gochart.Renderer, raising the quadratic curve to
// the equivalent cubic.
func (r *Renderer) QuadCurveTo(cx, cy, x, y int) {
	q, e := r.pt(cx, cy), r.pt(x, y)
	if len(r.ops) == 0 {
		r.MoveTo(cx, cy)
	}
	p0 := r.cur
	c1 := [2]float64{p0[0] + 2.0/3*(q[0]-p0[0]), p0[1] + 2.0/3*(q[1]-p0[1])}
	c2 := [2]float64{e[0] + 2.0/3*(q[0]-e[0]), e[1] + 2.0/3*(q[1]-e[1])}
	r.ops = append(r.ops, doc.PathOp{Kind: doc.CurveTo, Points: [3][2]float64{c1, c2, e}})
	r.cur = e
}

// ArcTo implements gochart.Renderer: an elliptical arc about (cx, cy) from
// startAngle through delta radians (y down, so positive is clockwise on the
// page), joined to the current path by a straight line.
func (r *Renderer) ArcTo(cx, cy int, rx, ry, startAngle, delta float64) {
	c := r.pt(cx, cy)
	r.arc(c[0], c[1], rx/r.Scale, ry/r.Scale, startAngle, delta)
}

func (r *Renderer) arc(cx, cy, rx, ry, start, delta float64) {
	at := func(t float64) [2]float64 { return [2]float64{cx + rx*math.Cos(t), cy + ry*math.Sin(t)} }
	d := func(t float64) [2]float64 { return [2]float64{-rx * math.Sin(t), ry * math.Cos(t)} }
	r.lineTo(at(start))
	n := int(math.Ceil(math.Abs(delta) / (math.Pi / 2)))
	if n == 0 {
		return
	}
	step := delta / float64(n)
	k := 4.0 / 3 * math.Tan(step/4)
	for i := 0; i < n; i++ {
		t0, t1 := start+float64(i)*step, start+float64(i+1)*step
		p0, p3 := at(t0), at(t1)
		d0, d1 := d(t0), d(t1)
		c1 := [2]float64{p0[0] + k*d0[0], p0[1] + k*d0[1]}
		c2 := [2]float64{p3[0] - k*d1[0], p3[1] - k*d1[1]}
		r.ops = append(r.ops, doc.PathOp{Kind: doc.CurveTo, Points: [3][2]float64{c1, c2, p3}})
		r.cur = p3
	}
}

// Close implements gochart.Renderer.
func (r *Renderer) Close() {
	if len(r.ops) > 0 {
		r.ops = append(r.ops, doc.PathOp{Kind: doc.Close})
	}
}

// paint converts a go-chart colour; a fully transparent colour is no paint.
// Partial transparency is flattened against white paper.
func paint(c drawing.Color) *doc.Color {
	if c.A == 0 {
		return nil
	}
	a := float64(c.A) / 255
	mix := func(v uint8) float64 { return float64(v)/255*a + (1 - a) }
	return &doc.Color{R: mix(c.R), G: mix(c.G), B: mix(c.B)}
}

func (r *Renderer) flush(stroke, fill bool) {
	if len(r.ops) == 0 {
		return
	}
	p := doc.Path{Ops: r.ops, LineWidth: r.strokeWidth / r.Scale}
	if stroke && r.strokeWidth > 0 {
		p.Stroke = paint(r.stroke)
	}
	if fill {
		p.Fill = paint(r.fill)
	}
	for _, v := range r.dash {
		p.Dash = append(p.Dash, v/r.Scale)
	}
	r.ops = nil
	if p.Stroke == nil && p.Fill == nil {
		return
	}
	r.Canvas.Path(p)
}

// Stroke implements gochart.Renderer.
func (r *Renderer) Stroke() { r.flush(true, false) }

// Fill implements gochart.Renderer.
func (r *Renderer) Fill() { r.flush(false, true) }

// FillStroke implements gochart.Renderer.
func (r *Renderer) FillStroke() { r.flush(true, true) }

// Circle implements gochart.Renderer, painting with the current fill and
// stroke.
func (r *Renderer) Circle(radius float64, x, y int) {
	c := r.pt(x, y)
	rad := radius / r.Scale
	saved := r.ops
	r.ops = nil
	r.ops = append(r.ops, doc.PathOp{Kind: doc.MoveTo, Points: [3][2]float64{{c[0] + rad, c[1]}}})
	r.arc(c[0], c[1], rad, rad, 0, 2*math.Pi)
	r.ops = append(r.ops, doc.PathOp{Kind: doc.Close})
	r.flush(true, true)
	r.ops = saved
}

// SetFont implements gochart.Renderer. The truetype font is ignored; text is
// set in r.Face.
func (r *Renderer) SetFont(*truetype.Font) {}

// SetFontColor implements gochart.Renderer.
func (r *Renderer) SetFontColor(c drawing.Color) { r.fontColor = c }

// SetFontSize implements gochart.Renderer; size is in points at r's DPI.
func (r *Renderer) SetFontSize(size float64) { r.fontSize = size }

// FontPoints returns the current font size in points on the page.
func (r *Renderer) FontPoints() float64 {
	return r.fontSize * r.dpi / 72 / r.Scale
}

// Text implements gochart.Renderer: body with its baseline starting at
// (x, y), turned by the current text rotation.
func (r *Renderer) Text(body string, x, y int) {
	p := r.pt(x, y)
	angle := 0.0
	if r.rotation != nil {
		// go-chart turns clockwise on a y-down page; the canvas counter-clockwise.
		angle = -*r.rotation * 180 / math.Pi
		angle = math.Mod(angle+360, 360)
	}
	col := paint(r.fontColor)
	if col == nil {
		return
	}
	r.Canvas.Text(r.Face, r.FontPoints(), p[0], p[1], angle, body, *col)
}

// MeasureText implements gochart.Renderer: the text's box in pixels, its
// height the font size, turned by the current rotation as go-chart expects.
func (r *Renderer) MeasureText(body string) gochart.Box {
	w := r.Canvas.MeasureText(r.Face, r.FontPoints(), body) * r.Scale
	b := gochart.Box{Right: int(math.Ceil(w)), Bottom: int(math.Ceil(r.fontSize * r.dpi / 72))}
	if r.rotation != nil {
		b = b.Corners().Rotate(*r.rotation * 180 / math.Pi).Box()
	}
	return b
}

// SetTextRotation implements gochart.Renderer.
func (r *Renderer) SetTextRotation(radians float64) { r.rotation = &radians }

// ClearTextRotation implements gochart.Renderer.
func (r *Renderer) ClearTextRotation() { r.rotation = nil }

// Save implements gochart.Renderer; the drawing is already on the canvas.
func (r *Renderer) Save(io.Writer) error { return nil }

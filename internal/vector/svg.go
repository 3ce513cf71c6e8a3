// Package vector reads vector figures (SVG) into drawings that Quire draws
// as vector paths through its display list, never as pixels. SVG is parsed
// by github.com/srwiley/oksvg (paths, basic shapes, groups, transforms,
// <use> of definitions, styles and CSS classes). Each shape becomes a path
// of lines and Bézier curves in the units of the view box, with the
// transforms applied: filled by its fill rule, and stroked as a real
// stroke (width, dashes, caps, joins and miter limit, scaled by the
// transform) where the transform keeps circles round; under a transform
// that stretches one way more than the other, the stroke's outline is
// filled instead.
//
// What oksvg does not know, Parse finds itself in a pass over the XML:
// fill-rule, display: none and the shapes of <clipPath>, <mask>, <pattern>,
// <marker> and <symbol>, which are not drawn. Each shape's paths are told
// apart by a marker path inserted after the element (see marker).
//
// What is not drawn (text, embedded images, filters, masks, patterns,
// markers, clip paths, CSS rules other than ".name") is reported by Parse,
// so the caller can warn; a gradient is drawn in its average colour, and
// partial opacity is blended with white (Quire's PDFs carry no
// transparency).
package vector

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
	"golang.org/x/image/math/fixed"

	"quire/internal/doc"
)

// Drawing is a parsed SVG: paths in the units of its view box.
type Drawing struct {
	W, H  float64 // the view box's size
	Paths []doc.Path
}

// scaleOne matches a one-argument scale transform.
var scaleOne = regexp.MustCompile(`scale\(\s*([-+0-9.eE]+)\s*\)`)

// MaxBytes bounds an SVG file read by Parse.
const MaxBytes = 20 << 20

// unit is the resolution of the capture: the view box is mapped to this
// many fixed-point units across its larger side, so that curves are
// flattened finely (about a tenth of a point on a page).
const unit = 8192.0

// markerBase is added to an element's index to make its marker's miter
// limit, which no real drawing uses.
const markerBase = 7e6

// Parse reads an SVG document. unsupported names what it cannot draw,
// sorted ("clip paths", "text"), for a warning.
func Parse(data []byte) (d *Drawing, unsupported []string, err error) {
	if len(data) > MaxBytes {
		return nil, nil, fmt.Errorf("the SVG is %d MB; the limit is %d MB", len(data)>>20, MaxBytes>>20)
	}
	sc, err := scan(data)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, fmt.Errorf("the SVG could not be read: %v", r)
		}
	}()
	data = sc.marked(data)
	// oksvg reads scale(s) as scale(s, 0); SVG means scale(s, s).
	data = scaleOne.ReplaceAll(data, []byte("scale($1 $1)"))
	icon, err := oksvg.ReadIconStream(bytes.NewReader(data), oksvg.IgnoreErrorMode)
	if err != nil {
		return nil, nil, fmt.Errorf("the SVG could not be read: %v", err)
	}
	vb := icon.ViewBox
	if !(vb.W > 0 && vb.H > 0) || math.IsInf(vb.W, 0) || math.IsInf(vb.H, 0) {
		return nil, nil, fmt.Errorf("the SVG has no size (give its <svg> a viewBox, or width and height)")
	}
	scale := unit / math.Max(vb.W, vb.H)
	// Map the view box to [0, W*scale] x [0, H*scale].
	t := rasterx.Matrix2D{A: scale, D: scale, E: -vb.X * scale, F: -vb.Y * scale}.Mult(icon.Transform)
	cv := &converter{
		capture:   &capture{},
		scale:     scale,
		t:         t,
		clips:     map[string][4]float64{},
		clipRects: sc.clipRects,
		missing:   sc.missing,
	}
	w, h := int(vb.W*scale)+1, int(vb.H*scale)+1
	cv.dasher = rasterx.NewDasher(w, h, cv.capture)
	d = &Drawing{W: vb.W, H: vb.H}
	// Each element's paths come before its marker.
	var pending []int
	for i := range icon.SVGPaths {
		sp := &icon.SVGPaths[i]
		if k, ok := markerOf(sp); ok {
			var e *element
			if k < len(sc.elems) {
				e = &sc.elems[k]
			}
			for _, j := range pending {
				d.Paths = append(d.Paths, cv.convert(&icon.SVGPaths[j], e)...)
			}
			pending = pending[:0]
			continue
		}
		pending = append(pending, i)
	}
	for _, j := range pending {
		d.Paths = append(d.Paths, cv.convert(&icon.SVGPaths[j], nil)...)
	}
	return d, sc.unsupported(cv.clips, vb.W, vb.H), nil
}

// markerOf returns the index of the element whose marker sp is.
func markerOf(sp *oksvg.SvgPath) (int, bool) {
	m := sp.MiterLimit - markerBase
	if m < 0 || m != math.Trunc(m) || m > 1e6 {
		return 0, false
	}
	return int(m), true
}

// converter turns oksvg's paths into the drawing's.
type converter struct {
	capture *capture
	dasher  *rasterx.Dasher
	scale   float64               // capture units per view-box unit
	t       rasterx.Matrix2D      // view box to capture units
	clips   map[string][4]float64 // extents of the clip paths drawn outside <defs>
	// clipRects are the rectangular clip paths (scan); missing gets what
	// could not be applied.
	clipRects map[string]clipRect
	missing   map[string]bool
}

// transform returns the matrix that maps sp's user units to view-box
// units: oksvg keeps it unexported, so a right triangle with legs along
// the axes is drawn with sp's style and its corners read back. The legs
// are lengthened until they land some thousand capture units long, so
// that the fixed-point capture measures them finely.
func (cv *converter) transform(sp *oksvg.SvgPath) (m [6]float64, ok bool) {
	tri := *sp
	tri.SetFillColor(color.Black)
	tri.SetLineColor(nil)
	leg := 1.0 // user units
	for range 6 {
		l := fixed.Int26_6(math.Round(leg * 64))
		leg = float64(l) / 64
		var p rasterx.Path
		p.Start(fixed.Point26_6{})
		p.Line(fixed.Point26_6{X: l})
		p.Line(fixed.Point26_6{Y: l})
		tri.Path = p
		cv.capture.reset()
		tri.DrawTransformed(cv.dasher, 1, cv.t)
		o := cv.capture.outline
		if len(o) < 3 {
			return m, false
		}
		p0, p1, p2 := o[0].Points[0], o[1].Points[0], o[2].Points[0]
		k := 1 / (leg * cv.scale)
		m = [6]float64{(p1[0] - p0[0]) * k, (p1[1] - p0[1]) * k, (p2[0] - p0[0]) * k, (p2[1] - p0[1]) * k, p0[0] / cv.scale, p0[1] / cv.scale}
		long := math.Max(math.Hypot(p1[0]-p0[0], p1[1]-p0[1]), math.Hypot(p2[0]-p0[0], p2[1]-p0[1]))
		if long >= 256 && long <= 1<<16 {
			return m, true
		}
		next := leg * 1024 / math.Max(long, 1.0/64)
		if next*64 > 1<<28 || next*64 < 1 {
			return m, long > 0
		}
		leg = next
	}
	return m, true
}

// convert returns the paths that draw sp, an element's shape (e nil: not
// known), clipped to its clip path where that is a rectangle.
func (cv *converter) convert(sp *oksvg.SvgPath, e *element) []doc.Path {
	out := cv.paths(sp, e)
	if e == nil || e.clipRef == "" || len(out) == 0 {
		return out
	}
	c := cv.clipRects[e.clipRef]
	if !c.ok {
		return out
	}
	m, ok := cv.transform(sp)
	if !ok || math.Abs(m[1]) > 1e-4*math.Abs(m[0]) || math.Abs(m[2]) > 1e-4*math.Abs(m[3]) {
		// Turned or skewed, the rectangle is no longer one.
		cv.missing["clip paths"] = true
		return out
	}
	r := rect{m[0]*c.r[0] + m[4], m[3]*c.r[1] + m[5], m[0]*c.r[2] + m[4], m[3]*c.r[3] + m[5]}
	r = rect{math.Min(r[0], r[2]), math.Min(r[1], r[3]), math.Max(r[0], r[2]), math.Max(r[1], r[3])}
	var clipped []doc.Path
	for _, p := range out {
		clipped = append(clipped, clipTo(p, r)...)
	}
	return clipped
}

// paths returns the paths that draw sp, unclipped.
func (cv *converter) paths(sp *oksvg.SvgPath, e *element) []doc.Path {
	if e != nil && e.clip != "" {
		cv.clipShape(sp, e.clip)
		return nil
	}
	if e != nil && e.hidden {
		return nil
	}
	// The paint of the fill and of the stroke, each drawn alone.
	fill := *sp
	fill.SetLineColor(nil)
	fillCol, fillOK, _ := cv.draw(&fill)
	stroke := *sp
	stroke.SetFillColor(nil)
	lw, dash, off := sp.LineWidth, sp.Dash, sp.DashOffset
	stroke.LineWidth, stroke.DashOffset = lw*cv.scale, off*cv.scale
	if len(dash) > 0 {
		stroke.Dash = make([]float64, len(dash))
		for k, v := range dash {
			stroke.Dash[k] = v * cv.scale
		}
	}
	strokeCol, strokeOK, outline := cv.draw(&stroke)
	strokeOK = strokeOK && lw > 0
	if !fillOK && !strokeOK {
		return nil
	}
	m, ok := cv.transform(sp)
	if !ok {
		return nil
	}
	rec := &pathRecorder{m: m}
	sp.Path.AddTo(rec)
	if !rec.draws() {
		return nil
	}
	var out []doc.Path
	p := doc.Path{Ops: rec.ops}
	if fillOK {
		p.Fill = &fillCol
		p.EvenOdd = e != nil && e.evenOdd
	}
	if strokeOK {
		// A stroke is a stroke where the transform scales every direction
		// alike; otherwise its outline, as oksvg drew it, is filled.
		a, b := math.Hypot(m[0], m[1]), math.Hypot(m[2], m[3])
		dot := (m[0]*m[2] + m[1]*m[3]) / (a * b)
		if a > 0 && math.Abs(a-b) <= 0.01*a && math.Abs(dot) < 0.01 {
			p.Stroke = &strokeCol
			p.LineWidth = lw * a
			for _, v := range dash {
				p.Dash = append(p.Dash, v*a)
			}
			p.DashPhase = off * a
			p.Cap, p.Join, p.MiterLimit = capName(sp.LineCap), joinName(sp.LineJoin), sp.MiterLimit
		} else if len(outline) > 0 {
			if p.Fill != nil {
				out = append(out, p)
			}
			return append(out, doc.Path{Ops: outline, Fill: &strokeCol})
		}
	}
	if p.Fill == nil && p.Stroke == nil {
		return nil
	}
	return append(out, p)
}

// clipShape adds the extent of sp, a shape of the clip path id, to the
// clip path's.
func (cv *converter) clipShape(sp *oksvg.SvgPath, id string) {
	m, ok := cv.transform(sp)
	if !ok {
		return
	}
	rec := &pathRecorder{m: m}
	sp.Path.AddTo(rec)
	b, seen := cv.clips[id]
	if !seen {
		b = [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	}
	for _, op := range rec.ops {
		if op.Kind == doc.Close {
			continue
		}
		for _, q := range op.Points[:1+2*btoi(op.Kind == doc.CurveTo)] {
			b = [4]float64{math.Min(b[0], q[0]), math.Min(b[1], q[1]), math.Max(b[2], q[0]), math.Max(b[3], q[1])}
		}
	}
	cv.clips[id] = b
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// draw draws sp into the capture and returns its paint and its outline
// (in view-box units); ok is false when it draws nothing visible.
func (cv *converter) draw(sp *oksvg.SvgPath) (col doc.Color, ok bool, outline []doc.PathOp) {
	cv.capture.reset()
	sp.DrawTransformed(cv.dasher, 1, cv.t)
	c := cv.capture
	if !c.drawn {
		return doc.Color{}, false, nil
	}
	col, ok = c.paint()
	for _, o := range c.outline {
		for m := range o.Points {
			o.Points[m][0] /= cv.scale
			o.Points[m][1] /= cv.scale
		}
		outline = append(outline, o)
	}
	return col, ok, outline
}

// capName and joinName map oksvg's caps and joins to PDF's.
func capName(f rasterx.CapFunc) string {
	switch p := reflect.ValueOf(f).Pointer(); {
	case f == nil:
		return ""
	case p == reflect.ValueOf(rasterx.RoundCap).Pointer(), p == reflect.ValueOf(rasterx.CubicCap).Pointer(), p == reflect.ValueOf(rasterx.QuadraticCap).Pointer():
		return "round"
	case p == reflect.ValueOf(rasterx.SquareCap).Pointer():
		return "square"
	}
	return ""
}

func joinName(j rasterx.JoinMode) string {
	switch j {
	case rasterx.Round, rasterx.Arc:
		return "round"
	case rasterx.Bevel:
		return "bevel"
	}
	return ""
}

// pathRecorder is a rasterx.Adder that keeps a path's segments, mapped by
// m from user units (fixed point) to view-box units.
type pathRecorder struct {
	m   [6]float64
	ops []doc.PathOp
	cur [2]float64
}

func (r *pathRecorder) pt(p fixed.Point26_6) [2]float64 {
	x, y := float64(p.X)/64, float64(p.Y)/64
	return [2]float64{r.m[0]*x + r.m[2]*y + r.m[4], r.m[1]*x + r.m[3]*y + r.m[5]}
}

func (r *pathRecorder) Start(a fixed.Point26_6) {
	r.cur = r.pt(a)
	r.ops = append(r.ops, doc.PathOp{Kind: doc.MoveTo, Points: [3][2]float64{r.cur}})
}

func (r *pathRecorder) Line(b fixed.Point26_6) {
	r.cur = r.pt(b)
	r.ops = append(r.ops, doc.PathOp{Kind: doc.LineTo, Points: [3][2]float64{r.cur}})
}

// QuadBezier is raised to a cubic.
func (r *pathRecorder) QuadBezier(b, c fixed.Point26_6) {
	q, e := r.pt(b), r.pt(c)
	c1 := [2]float64{r.cur[0] + 2*(q[0]-r.cur[0])/3, r.cur[1] + 2*(q[1]-r.cur[1])/3}
	c2 := [2]float64{e[0] + 2*(q[0]-e[0])/3, e[1] + 2*(q[1]-e[1])/3}
	r.cur = e
	r.ops = append(r.ops, doc.PathOp{Kind: doc.CurveTo, Points: [3][2]float64{c1, c2, e}})
}

func (r *pathRecorder) CubeBezier(b, c, d fixed.Point26_6) {
	r.cur = r.pt(d)
	r.ops = append(r.ops, doc.PathOp{Kind: doc.CurveTo, Points: [3][2]float64{r.pt(b), r.pt(c), r.cur}})
}

func (r *pathRecorder) Stop(closeLoop bool) {
	if closeLoop && len(r.ops) > 0 && r.ops[len(r.ops)-1].Kind != doc.Close {
		r.ops = append(r.ops, doc.PathOp{Kind: doc.Close})
	}
}

// draws reports whether the path has a segment.
func (r *pathRecorder) draws() bool {
	for _, op := range r.ops {
		if op.Kind == doc.LineTo || op.Kind == doc.CurveTo {
			return true
		}
	}
	return false
}

// capture is a rasterx.Scanner that keeps what it is given instead of
// rasterising it: the outline of the last shape drawn, and its paint.
type capture struct {
	ops     []doc.PathOp
	outline []doc.PathOp
	col     interface{}
	drawn   bool
}

func (c *capture) reset() {
	c.ops, c.outline, c.col, c.drawn = c.ops[:0], nil, nil, false
}

func pt(p fixed.Point26_6) [2]float64 { return [2]float64{float64(p.X) / 64, float64(p.Y) / 64} }

func (c *capture) Start(a fixed.Point26_6) {
	c.ops = append(c.ops, doc.PathOp{Kind: doc.MoveTo, Points: [3][2]float64{pt(a)}})
}

func (c *capture) Line(b fixed.Point26_6) {
	c.ops = append(c.ops, doc.PathOp{Kind: doc.LineTo, Points: [3][2]float64{pt(b)}})
}

func (c *capture) extent() (x0, y0, x1, y1 float64) {
	x0, y0, x1, y1 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, op := range c.ops {
		p := op.Points[0]
		x0, y0, x1, y1 = math.Min(x0, p[0]), math.Min(y0, p[1]), math.Max(x1, p[0]), math.Max(y1, p[1])
	}
	return
}

func (c *capture) GetPathExtent() fixed.Rectangle26_6 {
	if len(c.ops) == 0 {
		return fixed.Rectangle26_6{}
	}
	x0, y0, x1, y1 := c.extent()
	return fixed.Rectangle26_6{Min: fixed.Point26_6{X: fixed.Int26_6(x0 * 64), Y: fixed.Int26_6(y0 * 64)}, Max: fixed.Point26_6{X: fixed.Int26_6(x1 * 64), Y: fixed.Int26_6(y1 * 64)}}
}

func (c *capture) SetBounds(w, h int)           { _, _ = w, h }
func (c *capture) SetColor(col interface{})     { c.col = col }
func (c *capture) SetWinding(nonZero bool)      { _ = nonZero }
func (c *capture) Clear()                       { c.ops = c.ops[:0] }
func (c *capture) SetClip(rect image.Rectangle) { _ = rect }

// Draw keeps the outline gathered since Clear.
func (c *capture) Draw() {
	if len(c.ops) >= 2 {
		c.drawn = true
		c.outline = append(append(c.outline, c.ops...), doc.PathOp{Kind: doc.Close})
	}
	c.ops = c.ops[:0]
}

// paint returns the paint as an opaque colour: a colour blended with white
// by its alpha, or a gradient's average over the outline's box. ok is
// false for a fully transparent paint.
func (c *capture) paint() (doc.Color, bool) {
	var samples []color.Color
	switch v := c.col.(type) {
	case color.Color:
		samples = []color.Color{v}
	case rasterx.ColorFunc:
		saved := c.ops
		c.ops = c.outline
		x0, y0, x1, y1 := c.extent()
		c.ops = saved
		for _, f := range [][2]float64{{0.5, 0.5}, {0.1, 0.1}, {0.9, 0.1}, {0.1, 0.9}, {0.9, 0.9}} {
			samples = append(samples, v(int(x0+(x1-x0)*f[0]), int(y0+(y1-y0)*f[1])))
		}
	default:
		return doc.Color{}, false
	}
	var r, g, b, a float64
	for _, s := range samples {
		cr, cg, cb, ca := s.RGBA() // premultiplied
		r, g, b, a = r+float64(cr)/0xffff, g+float64(cg)/0xffff, b+float64(cb)/0xffff, a+float64(ca)/0xffff
	}
	n := float64(len(samples))
	r, g, b, a = r/n, g/n, b/n, a/n
	if a < 1.0/512 {
		return doc.Color{}, false
	}
	// Premultiplied over white: c + (1-a).
	return doc.Color{R: math.Min(1, r+1-a), G: math.Min(1, g+1-a), B: math.Min(1, b+1-a)}, true
}

// Draw draws the drawing into width points on c; it returns the height.
// It makes a Drawing a doc.Graphic.
func (d *Drawing) Draw(c doc.Canvas, width float64) (float64, error) {
	if d.W <= 0 {
		return 0, nil
	}
	k := width / d.W
	for _, p := range d.Paths {
		q := p
		q.Ops = make([]doc.PathOp, len(p.Ops))
		for i, op := range p.Ops {
			for m := range op.Points {
				op.Points[m][0] *= k
				op.Points[m][1] *= k
			}
			q.Ops[i] = op
		}
		q.LineWidth *= k
		q.DashPhase *= k
		if len(p.Dash) > 0 {
			q.Dash = make([]float64, len(p.Dash))
			for i, v := range p.Dash {
				q.Dash[i] = v * k
			}
		}
		c.Path(q)
	}
	return d.H * k, nil
}

// markerPath is the marker inserted after element k: a path that draws
// nothing, its miter limit telling the element.
func markerPath(k int) string {
	return `<path d="M0 0" fill="none" stroke="none" stroke-miterlimit="` + strconv.Itoa(int(markerBase)+k) + `"/>`
}

// Describe says what an unsupported list means, for a warning.
func Describe(unsupported []string) string {
	return "not drawn: " + strings.Join(unsupported, ", ")
}

// Package vector reads vector figures (SVG) into drawings that Quire draws
// as vector paths through its display list, never as pixels. SVG is parsed
// by github.com/srwiley/oksvg (paths, basic shapes, groups, transforms,
// styles and CSS classes); each path's outline, with the transforms applied
// and strokes turned into outlines, is captured as polygons in points.
//
// What the parser does not draw (text, embedded images, filters, masks,
// patterns) is reported by Parse, so the caller can warn; a gradient is
// drawn in its average colour, and partial opacity is blended with white
// (Quire's PDFs carry no transparency).
package vector

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"regexp"
	"sort"
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

// Parse reads an SVG document. unsupported names the elements it cannot
// draw, sorted ("text", "image"), for a warning.
func Parse(data []byte) (d *Drawing, unsupported []string, err error) {
	if len(data) > MaxBytes {
		return nil, nil, fmt.Errorf("the SVG is %d MB; the limit is %d MB", len(data)>>20, MaxBytes>>20)
	}
	unsupported, err = scan(data)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, fmt.Errorf("the SVG could not be read: %v", r)
		}
	}()
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
	t := rasterx.Matrix2D{A: scale, D: scale, E: -vb.X * scale, F: -vb.Y * scale}
	cap := &capture{}
	w, h := int(vb.W*scale)+1, int(vb.H*scale)+1
	dasher := rasterx.NewDasher(w, h, cap)
	d = &Drawing{W: vb.W, H: vb.H}
	for i := range icon.SVGPaths {
		cap.out = nil
		sp := &icon.SVGPaths[i]
		// The stroker works in output units: widths and dashes are
		// scaled with the view box.
		lw, dash, off := sp.LineWidth, sp.Dash, sp.DashOffset
		sp.LineWidth, sp.DashOffset = lw*scale, off*scale
		if len(dash) > 0 {
			sp.Dash = make([]float64, len(dash))
			for k, v := range dash {
				sp.Dash[k] = v * scale
			}
		}
		sp.DrawTransformed(dasher, 1, t.Mult(icon.Transform))
		sp.LineWidth, sp.Dash, sp.DashOffset = lw, dash, off
		for _, p := range cap.out {
			for k := range p.Ops {
				for m := range p.Ops[k].Points {
					p.Ops[k].Points[m][0] /= scale
					p.Ops[k].Points[m][1] /= scale
				}
			}
			d.Paths = append(d.Paths, p)
		}
	}
	return d, unsupported, nil
}

// scan checks that data is an SVG document and lists the elements oksvg
// does not draw.
func scan(data []byte) ([]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	seen := map[string]bool{}
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("the SVG is not well-formed XML: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = se.Name.Local
		}
		switch se.Name.Local {
		case "text", "image", "foreignObject", "filter", "mask", "pattern", "use", "marker", "textPath", "tspan":
			n := se.Name.Local
			if n == "tspan" || n == "textPath" {
				n = "text"
			}
			seen[n] = true
		}
	}
	if root != "svg" {
		return nil, fmt.Errorf("the file is not an SVG image (its root element is <%s>)", root)
	}
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

// capture is a rasterx.Scanner that keeps the outlines it is given instead
// of rasterising them.
type capture struct {
	ops     []doc.PathOp
	evenOdd bool
	col     interface{}
	out     []doc.Path
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

func (c *capture) SetBounds(w, h int)                { _, _ = w, h }
func (c *capture) SetColor(col interface{})          { c.col = col }
func (c *capture) SetWinding(useNonZeroWinding bool) { c.evenOdd = !useNonZeroWinding }
func (c *capture) Clear()                            { c.ops = nil }
func (c *capture) SetClip(rect image.Rectangle)      { _ = rect }

// Draw keeps the outline gathered since Clear, filled with the colour set.
func (c *capture) Draw() {
	if len(c.ops) < 2 {
		c.ops = nil
		return
	}
	col, ok := c.solid()
	if ok {
		ops := append([]doc.PathOp(nil), c.ops...)
		ops = append(ops, doc.PathOp{Kind: doc.Close})
		c.out = append(c.out, doc.Path{Ops: ops, Fill: &col, EvenOdd: c.evenOdd})
	}
	c.ops = nil
}

// solid returns the paint as an opaque colour: a colour blended with white
// by its alpha, or a gradient's average over the outline's box. ok is
// false for a fully transparent paint.
func (c *capture) solid() (doc.Color, bool) {
	var samples []color.Color
	switch v := c.col.(type) {
	case color.Color:
		samples = []color.Color{v}
	case rasterx.ColorFunc:
		x0, y0, x1, y1 := c.extent()
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
		c.Path(q)
	}
	return d.H * k, nil
}

// Describe says what an unsupported list means, for a warning.
func Describe(unsupported []string) string {
	return "its " + strings.Join(unsupported, ", ") + " elements are not drawn"
}

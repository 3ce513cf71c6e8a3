package vector

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"quire/internal/doc"
)

func bounds(p doc.Path) (x0, y0, x1, y1 float64) {
	x0, y0, x1, y1 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, op := range p.Ops {
		if op.Kind == doc.Close {
			continue
		}
		q := op.Points[0]
		if op.Kind == doc.CurveTo {
			q = op.Points[2]
		}
		x0, y0, x1, y1 = math.Min(x0, q[0]), math.Min(y0, q[1]), math.Max(x1, q[0]), math.Max(y1, q[1])
	}
	return
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.05 }

func TestParse(t *testing.T) {
	src := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="10 20 200 100">
  <rect x="10" y="20" width="200" height="100" fill="#000" fill-opacity="0"/>
  <rect x="20" y="30" width="40" height="10" fill="#ff0000"/>
  <g transform="translate(100 50) scale(2)">
    <rect x="0" y="0" width="10" height="5" fill="blue" fill-opacity="0.5" fill-rule="evenodd"/>
  </g>
  <path d="M 20 100 L 120 100" stroke="black" stroke-width="4" fill="none"/>
  <text x="0" y="10">label</text>
</svg>`
	d, unsupported, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if d.W != 200 || d.H != 100 {
		t.Errorf("size %vx%v", d.W, d.H)
	}
	if strings.Join(unsupported, ",") != "text" {
		t.Errorf("unsupported %v", unsupported)
	}
	// The transparent background is not drawn: three paths.
	if len(d.Paths) != 3 {
		t.Fatalf("%d paths: %+v", len(d.Paths), d.Paths)
	}
	red := d.Paths[0]
	if x0, y0, x1, y1 := bounds(red); !near(x0, 10) || !near(y0, 10) || !near(x1, 50) || !near(y1, 20) || *red.Fill != (doc.Color{R: 1}) {
		t.Errorf("red rect at %v %v %v %v fill %v (view box origin moved to 0,0)", x0, y0, x1, y1, *red.Fill)
	}
	blue := d.Paths[1]
	if x0, y0, x1, y1 := bounds(blue); !near(x0, 90) || !near(y0, 30) || !near(x1, 110) || !near(y1, 40) {
		t.Errorf("transformed rect at %v %v %v %v", x0, y0, x1, y1)
	}
	if math.Abs(blue.Fill.B-1) > 0.01 || math.Abs(blue.Fill.R-0.5) > 0.01 {
		t.Errorf("half-transparent blue over white: %v", *blue.Fill)
	}
	// The stroke is a stroke, 4 units wide, along the path's line.
	if x0, y0, x1, y1 := bounds(d.Paths[2]); !near(x0, 10) || !near(x1, 110) || !near(y0, 80) || !near(y1, 80) || d.Paths[2].Stroke == nil || !near(d.Paths[2].LineWidth, 4) || d.Paths[2].Fill != nil {
		t.Errorf("stroke %v %v %v %v: %+v", x0, y0, x1, y1, d.Paths[2])
	}
	// Drawn at 100 points wide, everything halves.
	var got []doc.Path
	h, _ := d.Draw(recorder{&got}, 100)
	if h != 50 {
		t.Errorf("height %v", h)
	}
	if x0, _, x1, _ := bounds(got[0]); !near(x0, 5) || !near(x1, 25) {
		t.Errorf("scaled rect %v..%v", x0, x1)
	}
	if !near(got[2].LineWidth, 2) {
		t.Errorf("scaled stroke width %v", got[2].LineWidth)
	}
	if x0, _, _, _ := bounds(d.Paths[0]); !near(x0, 10) {
		t.Errorf("Draw changed the drawing")
	}
}

type recorder struct{ out *[]doc.Path }

func (r recorder) MeasureText(string, float64, string) float64                        { return 0 }
func (r recorder) Text(string, float64, float64, float64, float64, string, doc.Color) {}
func (r recorder) Path(p doc.Path)                                                    { *r.out = append(*r.out, p) }

func TestParseErrors(t *testing.T) {
	for src, want := range map[string]string{
		"<html><body/></html>": "not an SVG image",
		"<svg><path d='M0 0'":  "not well-formed",
		`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`: "has no size",
	} {
		if _, _, err := Parse([]byte(src)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", src, err, want)
		}
	}
}

func parse(t *testing.T, src string) (*Drawing, []string) {
	t.Helper()
	d, unsupported, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return d, unsupported
}

// fill-rule, which oksvg does not read, is taken from the element, its
// groups, CSS rules and its style attribute.
func TestFillRule(t *testing.T) {
	d, _ := parse(t, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <style>.eo { fill-rule: evenodd } #nz { fill-rule: nonzero } polygon { fill-rule: evenodd }</style>
  <path d="M0 0 H10 V10 Z" fill-rule="evenodd"/>
  <g fill-rule="evenodd"><rect width="5" height="5"/><rect width="5" height="5" fill-rule="nonzero"/></g>
  <path class="eo" d="M0 0 H10 V10 Z"/>
  <path class="eo" id="nz" d="M0 0 H10 V10 Z"/>
  <polygon points="0,0 10,0 10,10"/>
  <path d="M0 0 H10 V10 Z" style="fill-rule:evenodd" fill-rule="nonzero"/>
  <path d="M0 0 H10 V10 Z"/>
</svg>`)
	var got []bool
	for _, p := range d.Paths {
		got = append(got, p.EvenOdd)
	}
	want := []bool{true, true, false, true, false, true, true, false}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("even-odd %v, want %v", got, want)
	}
}

// What is not shown is not drawn: display none, hidden, the shapes of a
// clip path or a symbol; definitions are drawn where they are used. A clip
// path that is not a rectangle is named as not applied, unless it holds
// the whole picture (as Google Drawings' do).
func TestHiddenAndDefinitions(t *testing.T) {
	d, unsupported := parse(t, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">
  <defs><path id="glyph" d="M0 0 H10 V10 Z" fill="#00ff00"/></defs>
  <clipPath id="c"><circle cx="50" cy="50" r="40"/></clipPath>
  <clipPath id="all"><path d="m0 0l100 0l0 100l-100 0z"/></clipPath>
  <symbol id="s"><rect width="50" height="50"/></symbol>
  <g style="display:none"><rect width="50" height="50" fill="red"/></g>
  <rect width="50" height="50" fill="red" visibility="hidden"/>
  <rect x="20" y="20" width="10" height="10" fill="blue" clip-path="url(#c)"/>
  <g clip-path="url(#all)"/>
  <use xlink:href="#glyph" x="50" y="50"/>
  <use xlink:href="#glyph" x="70" y="70"/>
</svg>`)
	if len(d.Paths) != 3 {
		t.Fatalf("%d paths, want the blue square and the glyph twice: %+v", len(d.Paths), d.Paths)
	}
	if *d.Paths[0].Fill != (doc.Color{B: 1}) || *d.Paths[1].Fill != (doc.Color{G: 1}) {
		t.Errorf("fills %v %v", *d.Paths[0].Fill, *d.Paths[1].Fill)
	}
	if x0, y0, _, _ := bounds(d.Paths[2]); !near(x0, 70) || !near(y0, 70) {
		t.Errorf("second use at %v,%v", x0, y0)
	}
	if strings.Join(unsupported, ",") != "clip paths" {
		t.Errorf("unsupported %q", unsupported)
	}
}

// Strokes are real strokes, with the width, dashes, caps, joins and miter
// limit scaled by the transform; curves stay curves. Under a transform
// that stretches one way, the stroke's outline is filled.
func TestStrokes(t *testing.T) {
	d, _ := parse(t, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <g transform="translate(10 10) scale(2)">
    <path d="M0 0 L20 0 L20 10" fill="none" stroke="#000" stroke-width="1.5" stroke-dasharray="4 2" stroke-dashoffset="1" stroke-linecap="round" stroke-linejoin="bevel" stroke-miterlimit="3"/>
    <circle cx="10" cy="30" r="5" fill="yellow" stroke="red"/>
  </g>
  <g transform="scale(3 1)"><path d="M0 90 L10 90" stroke="blue" stroke-width="2" fill="none"/></g>
  <path d="M0 0 L1 1" stroke="black" stroke-width="0" fill="none"/>
  <path d="M50 50 L60 60" stroke="black" fill="none"/>
</svg>`)
	if len(d.Paths) != 4 {
		t.Fatalf("%d paths: %+v", len(d.Paths), d.Paths)
	}
	p := d.Paths[0]
	if p.Stroke == nil || p.Fill != nil || !near(p.LineWidth, 3) || fmt.Sprint(p.Dash) != "[8 4]" || !near(p.DashPhase, 2) ||
		p.Cap != "round" || p.Join != "bevel" || p.MiterLimit != 3 {
		t.Errorf("dashed stroke: %+v", p)
	}
	if len(p.Ops) != 3 || p.Ops[1].Kind != doc.LineTo || !near(p.Ops[2].Points[0][0], 50) || !near(p.Ops[2].Points[0][1], 30) {
		t.Errorf("open path %+v", p.Ops)
	}
	c := d.Paths[1]
	curves := 0
	for _, op := range c.Ops {
		if op.Kind == doc.CurveTo {
			curves++
		}
	}
	if c.Fill == nil || c.Stroke == nil || curves < 4 || !near(c.LineWidth, 2) {
		t.Errorf("circle: %d curves, %+v", curves, c)
	}
	if x0, y0, x1, y1 := bounds(c); math.Abs(x0-20) > 0.3 || math.Abs(x1-40) > 0.3 || math.Abs(y0-60) > 0.3 || math.Abs(y1-80) > 0.3 {
		t.Errorf("circle box %v %v %v %v", x0, y0, x1, y1)
	}
	if o := d.Paths[2]; o.Stroke != nil || o.Fill == nil || *o.Fill != (doc.Color{B: 1}) {
		t.Errorf("stretched stroke: %+v, want its outline filled", o)
	}
	// SVG's defaults: butt caps, miter joins, miter limit 4, width 1.
	if q := d.Paths[3]; q.Cap != "" || q.Join != "" || q.MiterLimit != 4 || !near(q.LineWidth, 1) {
		t.Errorf("default stroke: %+v", q)
	}
}

// The transform is measured finely whatever the scale of the user units
// (oksvg keeps coordinates to 1/64 of a user unit, so user units much
// larger than the view box's lose their detail).
func TestTransformScales(t *testing.T) {
	for _, k := range []string{"0.001", "0.1", "1", "40"} {
		d, _ := parse(t, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><g transform="scale(`+k+`)"><rect x="`+fmt.Sprint(10/atof(k))+`" y="0" width="`+fmt.Sprint(50/atof(k))+`" height="`+fmt.Sprint(20/atof(k))+`"/></g></svg>`)
		if len(d.Paths) != 1 {
			t.Fatalf("scale %s: %d paths", k, len(d.Paths))
		}
		if x0, y0, x1, y1 := bounds(d.Paths[0]); math.Abs(x0-10) > 0.01 || math.Abs(x1-60) > 0.01 || math.Abs(y0) > 0.01 || math.Abs(y1-20) > 0.01 {
			t.Errorf("scale %s: box %v %v %v %v", k, x0, y0, x1, y1)
		}
	}
}

func atof(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// What is not drawn is named.
func TestUnsupported(t *testing.T) {
	_, unsupported := parse(t, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <style>g path { fill: red } .a { fill: blue }</style>
  <defs><pattern id="p" width="2" height="2"><rect width="1" height="1"/></pattern><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>
  <rect width="5" height="5" fill="url(#p)"/><rect width="5" height="5" fill="url(#g)"/>
  <rect id="r" width="1" height="1"/><use xlink:href="#r"/>
  <path d="M0 0 L1 1" mask="url(#m)" class="a b"/>
  <text>label</text><image href="x.png"/>
</svg>`)
	want := "<use> of elements outside <defs>,CSS rules other than by element, .class and #id,embedded images,masks,patterns,text"
	if got := strings.Join(unsupported, ","); got != want {
		t.Errorf("unsupported\n%s\nwant\n%s", got, want)
	}
}

// CSS rules by element name, class and id are applied, with CSS's
// precedence: over presentation attributes, under the style attribute.
func TestCSS(t *testing.T) {
	d, unsupported := parse(t, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#0000ff"/><stop offset="1" stop-color="#0000ff"/></linearGradient></defs>
  <style>
    polygon { fill: url("#g"); }
    #special { fill: #00ff00 }
    rect.big { fill: #ff0000 }
    .a { stroke: #ff0000 } .b { stroke-width: 3 }
  </style>
  <polygon points="0,0 10,0 10,10"/>
  <rect id="special" width="5" height="5" fill="black"/>
  <rect class="big" width="5" height="5" fill="black" style="fill:#ffff00"/>
  <rect class="big" width="5" height="5"/>
  <path class="a b" d="M0 0 L5 5" fill="none"/>
</svg>`)
	if len(unsupported) != 0 {
		t.Errorf("unsupported %q", unsupported)
	}
	if len(d.Paths) != 5 {
		t.Fatalf("%d paths", len(d.Paths))
	}
	for i, want := range []doc.Color{{B: 1}, {G: 1}, {R: 1, G: 1}, {R: 1}} {
		if d.Paths[i].Fill == nil || *d.Paths[i].Fill != want {
			t.Errorf("path %d: fill %v, want %v", i, d.Paths[i].Fill, want)
		}
	}
	if p := d.Paths[4]; p.Stroke == nil || *p.Stroke != (doc.Color{R: 1}) || !near(p.LineWidth, 3) {
		t.Errorf("two classes: %+v", p)
	}
}

// A clip path of one rectangle (matplotlib clips lines and fills to the
// axes) is applied: a fill is cut to it and a stroke cut into the pieces
// inside; what lies inside is kept as it is, what lies outside dropped.
func TestRectClip(t *testing.T) {
	d, unsupported := parse(t, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <path d="M0 50 L100 50 L100 90 L0 90 Z" clip-path="url(#axes)" style="fill: #ff0000"/>
  <g clip-path="url(#axes)">
    <path d="M0 20 L100 20" style="fill: none; stroke: #0000ff"/>
    <path d="M20 20 L30 30" style="fill: none; stroke: #00ff00"/>
    <path d="M0 95 L100 95" style="fill: none; stroke: #000000"/>
  </g>
  <defs><clipPath id="axes"><rect x="10" y="10" width="80" height="60"/></clipPath></defs>
</svg>`)
	if len(unsupported) != 0 {
		t.Errorf("unsupported %q", unsupported)
	}
	if len(d.Paths) != 3 {
		t.Fatalf("%d paths: %+v", len(d.Paths), d.Paths)
	}
	if x0, y0, x1, y1 := bounds(d.Paths[0]); !near(x0, 10) || !near(y0, 50) || !near(x1, 90) || !near(y1, 70) || d.Paths[0].Fill == nil {
		t.Errorf("clipped fill %v %v %v %v", x0, y0, x1, y1)
	}
	if x0, _, x1, _ := bounds(d.Paths[1]); !near(x0, 10) || !near(x1, 90) || d.Paths[1].Stroke == nil || d.Paths[1].Fill != nil {
		t.Errorf("clipped stroke %v..%v: %+v", x0, x1, d.Paths[1])
	}
	if len(d.Paths[2].Ops) != 2 || *d.Paths[2].Stroke != (doc.Color{G: 1}) {
		t.Errorf("a stroke inside is kept as it is: %+v", d.Paths[2])
	}
}

func TestClipPolyline(t *testing.T) {
	r := rect{0, 0, 10, 10}
	pieces := clipPolyline([][2]float64{{-5, 5}, {5, 5}, {5, 15}, {8, 5}, {8, 2}}, r)
	if fmt.Sprint(pieces) != "[[[0 5] [5 5] [5 10]] [[6.5 10] [8 5] [8 2]]]" {
		t.Errorf("pieces %v", pieces)
	}
	poly := clipPolygon([][2]float64{{-5, -5}, {15, -5}, {15, 15}, {-5, 15}}, r)
	if b, _ := extent(polyOps(poly, true)); b != (rect{0, 0, 10, 10}) {
		t.Errorf("polygon clipped to %v", b)
	}
}

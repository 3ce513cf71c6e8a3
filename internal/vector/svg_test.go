package vector

import (
	"math"
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
	// The stroke becomes an outline 4 units thick.
	if x0, y0, x1, y1 := bounds(d.Paths[2]); !near(x0, 10) || !near(x1, 110) || !near(y1-y0, 4) {
		t.Errorf("stroke outline %v %v %v %v", x0, y0, x1, y1)
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

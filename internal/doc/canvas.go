package doc

// Canvas is what a Graphic draws on: a vector surface in points with the
// origin at the graphic's top-left corner and y growing downwards. Fonts are
// named by Face ("serif", "serif-bold", "serif-italic", "sans", "sans-bold",
// "mono"); sizes are in points.
type Canvas interface {
	// MeasureText returns the advance width of s in face at size.
	MeasureText(face string, size float64, s string) float64
	// Text draws s with its baseline starting at (x, y), rotated by angle
	// degrees counter-clockwise about that point.
	Text(face string, size float64, x, y, angle float64, s string, color Color)
	// Path draws a path built from the given segments.
	Path(p Path)
}

// Color is an RGB colour with components in 0..1.
type Color struct{ R, G, B float64 }

// Gray returns a grey of level g (0 black, 1 white).
func Gray(g float64) Color { return Color{g, g, g} }

// Black is the default ink.
var Black = Color{}

// PathOp is one segment of a path.
type PathOp struct {
	Kind   PathKind
	Points [3][2]float64 // MoveTo/LineTo use Points[0]; CurveTo uses all three
}

// PathKind is a path segment kind.
type PathKind int

const (
	MoveTo PathKind = iota
	LineTo
	CurveTo // cubic Bézier: two control points then the end point
	Close
)

// Path is a vector path with its paint.
type Path struct {
	Ops       []PathOp
	Stroke    *Color // nil: not stroked
	Fill      *Color // nil: not filled
	LineWidth float64
	Dash      []float64 // empty: solid
	EvenOdd   bool      // fill by the even-odd rule (SVG fill-rule: evenodd), not nonzero winding
	// How a stroke ends and turns (SVG figures): Cap "", "round" or
	// "square" ("" is butt); Join "", "round" or "bevel" ("" is miter);
	// MiterLimit 0 is PDF's default, 10. DashPhase starts the dashes
	// that far into their pattern.
	Cap, Join             string
	MiterLimit, DashPhase float64
	// Decoration marks a path that carries no content of its own: a
	// chart's grid lines, axes, ticks and shading. A tagged PDF makes
	// it an artifact.
	Decoration bool
}

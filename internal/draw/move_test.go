package draw

import (
	"testing"

	"quire/internal/doc"
)

// TestMoveRect: a rectangle's points are its own and are moved in place;
// a copy of its Path, sharing them, gets new ones, and so does a path
// whose points came from elsewhere, so that the other holder keeps them.
func TestMoveRect(t *testing.T) {
	r := FilledRect(1, 2, 3, 4, Color{R: 1})
	ops := &r.Ops[0]
	c := *r
	Move([]Item{r}, 10, 20)
	if &r.Ops[0] != ops || r.Ops[0].Points[0] != [2]float64{11, 22} || r.Ops[2].Points[0] != [2]float64{14, 26} || r.Fill.R != 1 {
		t.Errorf("the rectangle moved: %v, fill %v", r.Ops, *r.Fill)
	}
	Move([]Item{&c}, 100, 100)
	if &c.Ops[0] == ops || c.Ops[0].Points[0] != [2]float64{111, 122} || r.Ops[0].Points[0] != [2]float64{11, 22} {
		t.Errorf("the copy: %v, the rectangle %v", c.Ops, r.Ops)
	}
	shared := []doc.PathOp{{Kind: doc.MoveTo, Points: [3][2]float64{{1, 1}}}}
	p := &Path{Path: doc.Path{Ops: shared}}
	Move([]Item{p}, 1, 1)
	if shared[0].Points[0] != [2]float64{1, 1} || p.Ops[0].Points[0] != [2]float64{2, 2} {
		t.Errorf("a path's shared points moved: %v, %v", shared, p.Ops)
	}
	q := Rect(0, 0, 1, 1, nil, &Color{G: 1}, 0.5)
	Move([]Item{q}, 5, 0)
	if q.Ops[1].Points[0] != [2]float64{6, 0} || q.Stroke.G != 1 || q.LineWidth != 0.5 || q.Fill != nil {
		t.Errorf("Rect: %+v", q)
	}
}

// TestRectPaths: the rectangles of an array are each moved in place.
func TestRectPaths(t *testing.T) {
	rs := make([]RectPath, 2)
	a, b := rs[0].Set(0, 0, 1, 1, Color{}), rs[1].Set(5, 5, 2, 2, Color{B: 1})
	Move([]Item{a, b}, 1, 1)
	if &a.Ops[0] != &rs[0].ops[0] || &b.Ops[0] != &rs[1].ops[0] || a.Ops[2].Points[0] != [2]float64{2, 2} || b.Ops[0].Points[0] != [2]float64{6, 6} || b.Fill.B != 1 || rs[1].Path() != b {
		t.Errorf("%v, %v", a.Ops, b.Ops)
	}
}

package draw

import (
	"testing"

	"quire/internal/doc"
)

func TestShiftCopies(t *testing.T) {
	orig := []Item{
		&Text{X: 1, Y: 2, S: "a"},
		Line(0, 0, 10, 0, 1, doc.Black),
		&Link{X: 1, Y: 1, W: 2, H: 2},
		&Anchor{Name: "x", Y: 5},
		&Bookmark{Title: "b", Y: 6},
		&Image{X: 3, Y: 4},
	}
	got := Shift(orig, 10, 20)
	if tx := got[0].(*Text); tx.X != 11 || tx.Y != 22 {
		t.Errorf("text at %v,%v", tx.X, tx.Y)
	}
	if p := got[1].(*Path); p.Ops[1].Points[0] != [2]float64{20, 20} {
		t.Errorf("path end %v", p.Ops[1].Points[0])
	}
	if a := got[3].(*Anchor); a.Y != 25 {
		t.Errorf("anchor y %v", a.Y)
	}
	if b := got[4].(*Bookmark); b.Y != 26 {
		t.Errorf("bookmark y %v", b.Y)
	}
	if orig[0].(*Text).X != 1 || orig[1].(*Path).Ops[1].Points[0][0] != 10 {
		t.Error("Shift changed its input")
	}
}

func TestRecorderOffsets(t *testing.T) {
	r := &Recorder{X: 100, Y: 50, Measure: func(string, float64, string) float64 { return 7 }}
	r.Text("sans", 8, 1, 2, 90, "label", doc.Black)
	r.Path(doc.Path{Ops: []doc.PathOp{{Kind: doc.MoveTo, Points: [3][2]float64{{1, 1}}}}})
	if tx := r.Items[0].(*Text); tx.X != 101 || tx.Y != 52 || tx.Angle() != 90 {
		t.Errorf("text %+v", tx)
	}
	if p := r.Items[1].(*Path); p.Ops[0].Points[0] != [2]float64{101, 51} {
		t.Errorf("path %v", p.Ops[0].Points[0])
	}
	if r.MeasureText("sans", 8, "x") != 7 {
		t.Error("measure not delegated")
	}
}

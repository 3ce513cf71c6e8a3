package impose

import (
	"testing"

	"quire/internal/draw"
)

func TestForPrint(t *testing.T) {
	const bleed = 3 * 72 / 25.4
	pages := testPages(2)
	if out, tr := ForPrint(pages, 0, false); &out[0] != &pages[0] || tr != (Trim{}) {
		t.Error("pages changed without bleed or marks")
	}
	out, tr := ForPrint(pages, bleed, true)
	off := bleed + MarkArea
	if tr.TrimInset != off || tr.BleedInset != MarkArea {
		t.Errorf("Trim = %+v", tr)
	}
	p := out[0]
	if p.Width != a5W+2*off || p.Height != a5H+2*off {
		t.Errorf("page is %v×%v", p.Width, p.Height)
	}
	if x := p.Items[0].(*draw.Text).X; x != 10+off {
		t.Errorf("text moved to x=%v, want %v", x, 10+off)
	}
	// Eight marks, each wholly outside the bleed box and inside the page.
	marks := p.Items[len(pages[0].Items):]
	if len(marks) != 8 {
		t.Fatalf("%d marks, want 8", len(marks))
	}
	x0, y0 := off-bleed, off-bleed
	x1, y1 := off+a5W+bleed, off+a5H+bleed
	for _, m := range marks {
		pts := m.(*draw.Path).Ops
		a, b := pts[0].Points[0], pts[1].Points[0]
		for _, q := range [][2]float64{a, b} {
			if q[0] < 0 || q[1] < 0 || q[0] > p.Width || q[1] > p.Height {
				t.Errorf("mark point %v off the page", q)
			}
		}
		inside := func(q [2]float64) bool { return q[0] > x0 && q[0] < x1 && q[1] > y0 && q[1] < y1 }
		if inside(a) || inside(b) {
			t.Errorf("mark %v–%v enters the bleed", a, b)
		}
		if a[0] != b[0] && a[1] != b[1] {
			t.Errorf("mark %v–%v is not straight", a, b)
		}
	}
	// Bleed alone: no marks, no slug.
	out, tr = ForPrint(pages, bleed, false)
	if tr.TrimInset != bleed || tr.BleedInset != 0 || len(out[0].Items) != len(pages[0].Items) {
		t.Errorf("bleed only: Trim = %+v, %d items", tr, len(out[0].Items))
	}
}

func TestAddFoldMarks(t *testing.T) {
	sheets, err := Booklet(testPages(4), a4W, a4H)
	if err != nil {
		t.Fatal(err)
	}
	out, tr := ForPrint(sheets, 9, true)
	n := len(out[0].Items)
	AddFoldMarks(out, tr, 9)
	marks := out[0].Items[n:]
	if len(marks) != 2 {
		t.Fatalf("%d fold marks, want 2", len(marks))
	}
	for _, m := range marks {
		ops := m.(*draw.Path).Ops
		a, b := ops[0].Points[0], ops[1].Points[0]
		if a[0] != out[0].Width/2 || b[0] != a[0] {
			t.Errorf("fold mark at x=%v..%v, want %v", a[0], b[0], out[0].Width/2)
		}
		for _, y := range []float64{a[1], b[1]} {
			if y > tr.BleedInset && y < out[0].Height-tr.BleedInset {
				t.Errorf("fold mark enters the bleed at y=%v", y)
			}
		}
	}
	// Without marks there is no room, and nothing is added.
	plain, tr := ForPrint(sheets, 9, false)
	n = len(plain[0].Items)
	AddFoldMarks(plain, tr, 9)
	if len(plain[0].Items) != n {
		t.Error("fold marks added without a mark area")
	}
}

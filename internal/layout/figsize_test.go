package layout

import (
	"math"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

// An image's width and height attributes: a percentage of the measure, a
// length, or a height the width follows (within the measure); a width
// wins over a height.
func TestFigureSize(t *testing.T) {
	st := article(t)
	measure := st.PageW - st.Inner - st.Outer
	for _, c := range []struct {
		width, height string
		w, h          float64
	}{
		{"50%", "", measure / 2, measure / 4},
		{"4cm", "", 4 * 72 / 2.54, 2 * 72 / 2.54},
		{"", "1in", 144, 72},
		{"", "72pt", 144, 72},
		{"", "96px", 144, 72},
		{"25%", "5in", measure / 4, measure / 8},
		{"", "", measure, measure / 2},
	} {
		im := &doc.Image{Path: "a.png", Format: "png", Width: 200, Height: 100, Data: []byte("x")}
		d := &doc.Document{Blocks: []doc.Block{&doc.Figure{Image: im, Width: c.width, Height: c.height, Caption: []doc.Inline{doc.Text{S: "A"}}}}}
		pages, err := New(st, &diag.List{}).Run(d)
		if err != nil {
			t.Fatal(err)
		}
		var got *draw.Image
		for _, it := range pages[0].Items {
			if x, ok := it.(*draw.Image); ok {
				got = x
			}
		}
		if got == nil {
			t.Fatalf("width %q height %q: no image drawn", c.width, c.height)
		}
		if math.Abs(got.W-c.w) > 0.01 || math.Abs(got.H-c.h) > 0.01 {
			t.Errorf("width %q height %q: drawn %.2f×%.2f, want %.2f×%.2f", c.width, c.height, got.W, got.H, c.w, c.h)
		}
	}
}

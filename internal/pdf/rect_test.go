package pdf

import (
	"bytes"
	"strings"
	"testing"

	"quire/internal/doc"
	"quire/internal/draw"
)

// TestFilledRectIsRe: a filled axis-aligned rectangle is written as one re
// operator with its corner and size as its path's corners are rounded; a
// stroked one, a rotated one and one of more subpaths stay paths.
func TestFilledRectIsRe(t *testing.T) {
	black := draw.Color{}
	stroked := draw.FilledRect(10, 10, 30, 5, black)
	stroked.Stroke, stroked.Fill = &black, nil
	rotated := &draw.Path{Path: doc.Path{Fill: &black, Ops: []doc.PathOp{
		{Kind: doc.MoveTo, Points: [3][2]float64{{0, 0}}}, {Kind: doc.LineTo, Points: [3][2]float64{{10, 5}}},
		{Kind: doc.LineTo, Points: [3][2]float64{{5, 15}}}, {Kind: doc.LineTo, Points: [3][2]float64{{-5, 10}}},
		{Kind: doc.Close}}}}
	p := &draw.Page{Width: 200, Height: 100, Items: []draw.Item{
		draw.FilledRect(20.004, 30.126, 40.5, 0.54, black), // y from the top: 100-30.126-0.54
		stroked, rotated,
	}}
	out := write(t, []*draw.Page{p}, Meta{}, Options{})
	contents, _ := pageContents(t, out, nil)
	if len(contents) != 1 {
		t.Fatalf("%d content streams", len(contents))
	}
	c := string(contents[0])
	if !strings.Contains(c, "\n20.00 69.33 40.50 0.54 re\nf\n") {
		t.Errorf("the filled rectangle is not one re:\n%s", c)
	}
	if n := strings.Count(c, " re\n"); n != 1 {
		t.Errorf("%d re operators, want 1 (the stroked and the rotated one are paths):\n%s", n, c)
	}
	if n := bytes.Count(contents[0], []byte(" m\n")); n != 2 {
		t.Errorf("%d paths, want 2:\n%s", n, c)
	}
}

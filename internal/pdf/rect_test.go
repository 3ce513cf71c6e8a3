package pdf

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"

	"quire/internal/doc"
	"quire/internal/draw"
)

// A filled upright rectangle (a formula's rule) is one re operator whose
// far corner, as a reader adds it up, is the one the four points would
// have put there, or, where no corner's sums come out exact, the four
// points; a stroked rectangle and a slanted one keep their points.
func TestRectangles(t *testing.T) {
	black := draw.Color{}
	var items []draw.Item
	type box struct{ x0, y0, x1, y1 string } // as %.2f writes them, PDF coordinates
	var want []box
	const h = 800.0
	for i := range 40 {
		x, y := 100+float64(i)*7.37, 100+float64(i)*13.113
		w, ht := 5.73+float64(i)*0.41, 0.42+float64(i%5)*0.06
		items = append(items, draw.Rect(x, y, w, ht, &black, nil, 0))
		f := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
		want = append(want, box{f(x), f(h - (y + ht)), f(x + w), f(h - y)})
	}
	stroked := draw.Rect(10, 10, 20, 5, nil, &black, 1)
	slanted := &draw.Path{Path: doc.Path{Ops: []doc.PathOp{
		{Kind: doc.MoveTo, Points: [3][2]float64{{10, 10}}},
		{Kind: doc.LineTo, Points: [3][2]float64{{30, 12}}},
		{Kind: doc.LineTo, Points: [3][2]float64{{30, 20}}},
		{Kind: doc.LineTo, Points: [3][2]float64{{10, 20}}},
		{Kind: doc.Close},
	}, Fill: &black}}
	items = append(items, stroked, slanted)
	out := write(t, []*draw.Page{{Width: 600, Height: h, Items: items}}, Meta{}, Options{})

	num := `(-?[\d.]+)`
	re := regexp.MustCompile(`(?m)^` + num + ` ` + num + ` ` + num + ` ` + num + ` re\nf$`)
	path := regexp.MustCompile(`(?m)^` + num + ` ` + num + ` m\n` + num + ` ` + num + ` l\n` + num + ` ` + num + ` l\n` + num + ` ` + num + ` l\nh\n([fS])$`)
	var got []box
	rects := 0
	for _, m := range re.FindAllSubmatch(out, -1) {
		var v [4]float64
		for k := range v {
			v[k], _ = strconv.ParseFloat(string(m[k+1]), 64)
		}
		// The far corner as a reader finds it, written as the path
		// would have written it, must parse to the same number.
		for k, far := range [2]float64{v[0] + v[2], v[1] + v[3]} {
			s := strconv.FormatFloat(far, 'f', 2, 64)
			if p, _ := strconv.ParseFloat(s, 64); p != far {
				t.Errorf("re %s: corner %d at %v, not %s", m[0], k, far, s)
			}
		}
		f := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
		x0, x1 := min(v[0], v[0]+v[2]), max(v[0], v[0]+v[2])
		y0, y1 := min(v[1], v[1]+v[3]), max(v[1], v[1]+v[3])
		got = append(got, box{f(x0), f(y0), f(x1), f(y1)})
		rects++
	}
	paths := 0
	for _, m := range path.FindAllSubmatch(out, -1) {
		if string(m[9]) == "S" {
			continue
		}
		var v [8]float64
		for k := range v {
			v[k], _ = strconv.ParseFloat(string(m[k+1]), 64)
		}
		f := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
		got = append(got, box{f(min(v[0], v[4])), f(min(v[1], v[5])), f(max(v[0], v[4])), f(max(v[1], v[5]))})
		paths++
	}
	if rects < len(want)/2 {
		t.Errorf("%d of %d rules written as re", rects, len(want))
	}
	// The slanted path is the one more path.
	if len(got) != len(want)+1 {
		t.Fatalf("%d filled rectangles and paths written, want %d:\n%s", len(got), len(want)+1, out)
	}
	seen := map[box]int{}
	for _, b := range got {
		seen[b]++
	}
	for _, b := range want {
		if seen[b] == 0 {
			t.Errorf("rule %v not drawn", b)
		}
		seen[b]--
	}
	if !bytes.Contains(out, []byte("10.00 790.00 m\n30.00 790.00 l\n30.00 785.00 l\n10.00 785.00 l\nh\nS\n")) {
		t.Errorf("the stroked rectangle is not its four points:\n%s", out)
	}
	if !bytes.Contains(out, []byte("10.00 790.00 m\n30.00 788.00 l\n")) {
		t.Errorf("the slanted path is not its points")
	}
	t.Logf("%d re, %d paths", rects, paths)
}

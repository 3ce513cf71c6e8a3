package vector

import (
	"math"

	"quire/internal/doc"
)

// A rectangle x0, y0, x1, y1 in view-box units.
type rect [4]float64

// clipTo returns the paths that draw p clipped to r, the clip paths of
// plotting programs (matplotlib clips every line to its axes): a path
// inside r is kept as it is and one outside dropped; one across r's edge
// is flattened, its fill cut by Sutherland–Hodgman and its stroke by
// Liang–Barsky, into a filled path and a stroked one.
func clipTo(p doc.Path, r rect) []doc.Path {
	b, ok := extent(p.Ops)
	if !ok {
		return nil
	}
	if b[0] >= r[0] && b[1] >= r[1] && b[2] <= r[2] && b[3] <= r[3] {
		return []doc.Path{p}
	}
	if b[2] < r[0] || b[0] > r[2] || b[3] < r[1] || b[1] > r[3] {
		return nil
	}
	subs := flatten(p.Ops)
	var out []doc.Path
	if p.Fill != nil {
		f := p
		f.Stroke, f.Ops = nil, nil
		for _, s := range subs {
			poly := clipPolygon(s.pts, r)
			if len(poly) < 3 {
				continue
			}
			f.Ops = append(f.Ops, polyOps(poly, true)...)
		}
		if len(f.Ops) > 0 {
			out = append(out, f)
		}
	}
	if p.Stroke != nil {
		s := p
		s.Fill, s.Ops = nil, nil
		for _, sub := range subs {
			pts := sub.pts
			if sub.closed && len(pts) > 1 {
				pts = append(pts[:len(pts):len(pts)], pts[0])
			}
			for _, piece := range clipPolyline(pts, r) {
				s.Ops = append(s.Ops, polyOps(piece, false)...)
			}
		}
		if len(s.Ops) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// extent returns the box of ops, control points included.
func extent(ops []doc.PathOp) (rect, bool) {
	b := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	n := 0
	for _, op := range ops {
		k := 1
		switch op.Kind {
		case doc.Close:
			continue
		case doc.CurveTo:
			k = 3
		}
		for _, q := range op.Points[:k] {
			b = rect{math.Min(b[0], q[0]), math.Min(b[1], q[1]), math.Max(b[2], q[0]), math.Max(b[3], q[1])}
			n++
		}
	}
	return b, n > 0
}

// subpath is a flattened subpath.
type subpath struct {
	pts    [][2]float64
	closed bool
}

// flatten turns ops into polylines, each curve into 24 segments.
func flatten(ops []doc.PathOp) []subpath {
	var out []subpath
	var cur *subpath
	var at [2]float64
	for _, op := range ops {
		switch op.Kind {
		case doc.MoveTo:
			out = append(out, subpath{pts: [][2]float64{op.Points[0]}})
			cur = &out[len(out)-1]
			at = op.Points[0]
		case doc.LineTo:
			if cur == nil {
				continue
			}
			at = op.Points[0]
			cur.pts = append(cur.pts, at)
		case doc.CurveTo:
			if cur == nil {
				continue
			}
			p0, p1, p2, p3 := at, op.Points[0], op.Points[1], op.Points[2]
			for i := 1; i <= 24; i++ {
				t := float64(i) / 24
				u := 1 - t
				a, b, c, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
				cur.pts = append(cur.pts, [2]float64{a*p0[0] + b*p1[0] + c*p2[0] + d*p3[0], a*p0[1] + b*p1[1] + c*p2[1] + d*p3[1]})
			}
			at = p3
		case doc.Close:
			if cur != nil {
				cur.closed = true
				at = cur.pts[0]
			}
		}
	}
	return out
}

// clipPolygon clips a polygon to r (Sutherland–Hodgman).
func clipPolygon(poly [][2]float64, r rect) [][2]float64 {
	edges := []struct {
		inside func(p [2]float64) bool
		cross  func(a, b [2]float64) [2]float64
	}{
		{func(p [2]float64) bool { return p[0] >= r[0] }, func(a, b [2]float64) [2]float64 { return atX(a, b, r[0]) }},
		{func(p [2]float64) bool { return p[0] <= r[2] }, func(a, b [2]float64) [2]float64 { return atX(a, b, r[2]) }},
		{func(p [2]float64) bool { return p[1] >= r[1] }, func(a, b [2]float64) [2]float64 { return atY(a, b, r[1]) }},
		{func(p [2]float64) bool { return p[1] <= r[3] }, func(a, b [2]float64) [2]float64 { return atY(a, b, r[3]) }},
	}
	for _, e := range edges {
		if len(poly) == 0 {
			break
		}
		in := poly
		poly = nil
		prev := in[len(in)-1]
		for _, p := range in {
			switch {
			case e.inside(p) && !e.inside(prev):
				poly = append(poly, e.cross(prev, p), p)
			case e.inside(p):
				poly = append(poly, p)
			case e.inside(prev):
				poly = append(poly, e.cross(prev, p))
			}
			prev = p
		}
	}
	return poly
}

func atX(a, b [2]float64, x float64) [2]float64 {
	t := (x - a[0]) / (b[0] - a[0])
	return [2]float64{x, a[1] + t*(b[1]-a[1])}
}

func atY(a, b [2]float64, y float64) [2]float64 {
	t := (y - a[1]) / (b[1] - a[1])
	return [2]float64{a[0] + t*(b[0]-a[0]), y}
}

// clipPolyline returns the pieces of a polyline inside r (Liang–Barsky on
// each segment).
func clipPolyline(pts [][2]float64, r rect) [][][2]float64 {
	var out [][][2]float64
	var piece [][2]float64
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		t0, t1, ok := clipSegment(a, b, r)
		if !ok {
			if len(piece) > 1 {
				out = append(out, piece)
			}
			piece = nil
			continue
		}
		p := [2]float64{a[0] + t0*(b[0]-a[0]), a[1] + t0*(b[1]-a[1])}
		q := [2]float64{a[0] + t1*(b[0]-a[0]), a[1] + t1*(b[1]-a[1])}
		if len(piece) == 0 || t0 > 0 {
			if len(piece) > 1 {
				out = append(out, piece)
			}
			piece = [][2]float64{p}
		}
		piece = append(piece, q)
		if t1 < 1 {
			out = append(out, piece)
			piece = nil
		}
	}
	if len(piece) > 1 {
		out = append(out, piece)
	}
	return out
}

// clipSegment returns the part [t0, t1] of the segment a-b inside r.
func clipSegment(a, b [2]float64, r rect) (t0, t1 float64, ok bool) {
	t0, t1 = 0, 1
	dx, dy := b[0]-a[0], b[1]-a[1]
	for _, c := range [4][2]float64{{-dx, a[0] - r[0]}, {dx, r[2] - a[0]}, {-dy, a[1] - r[1]}, {dy, r[3] - a[1]}} {
		p, q := c[0], c[1]
		if p == 0 {
			if q < 0 {
				return 0, 0, false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return 0, 0, false
		}
	}
	return t0, t1, true
}

func polyOps(pts [][2]float64, closed bool) []doc.PathOp {
	ops := make([]doc.PathOp, 0, len(pts)+1)
	for i, p := range pts {
		k := doc.LineTo
		if i == 0 {
			k = doc.MoveTo
		}
		ops = append(ops, doc.PathOp{Kind: k, Points: [3][2]float64{p}})
	}
	if closed {
		ops = append(ops, doc.PathOp{Kind: doc.Close})
	}
	return ops
}

package linebreak

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// formulaPara is a paragraph of words with a few wide pieces that break
// only at costly penalties, as inline formulas do: it often needs the
// last-resort pass. same makes every word as wide as the others, so that
// many breakings tie; neg adds negative penalties.
func formulaPara(r *rand.Rand, n int, same, neg bool) []Item {
	var items []Item
	for i := range n {
		if i > 0 {
			items = append(items, space)
		}
		switch {
		case r.IntN(12) == 0:
			for k := range 1 + r.IntN(3) {
				if k > 0 {
					items = append(items, Item{Kind: Penalty, Penalty: 700},
						Item{Kind: Glue, Width: 2.2, Stretch: 1.1, Shrink: 2.2})
				}
				items = append(items, box(20+40*r.Float64()))
			}
		case same:
			items = append(items, box(20), hyphen, box(10))
		default:
			for j := range 1 + r.IntN(3) {
				if j > 0 {
					items = append(items, hyphen)
				}
				items = append(items, box(5+10*r.Float64()))
			}
		}
		if neg && r.IntN(20) == 0 {
			items = append(items, Item{Kind: Penalty, Penalty: -50})
		}
	}
	return append(items, fil, end)
}

// TestBoundSameResult checks that bounding the last pass by a breaking of
// lines up to a tolerance changes no result, also where many breakings
// tie, where penalties are negative (no bound), without emergency stretch
// and with hyphens limited or not; and that the bound saves work in the
// last pass.
func TestBoundSameResult(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	last, bounded, best := 0, 0, 0
	var evals, evalsOff int
	for i := range 600 {
		same, neg := i%3 == 1, i%5 == 4
		items := formulaPara(r, 20+r.IntN(200), same, neg)
		w0, w := 250+100*r.Float64(), 250+100*r.Float64()
		if i%2 == 0 {
			w0 = w - 15
		}
		widths := func(l int) float64 {
			if l == 0 {
				return w0
			}
			return w
		}
		p := DefaultParams()
		if i%4 == 3 {
			p.MaxHyphenLines = 0
		}
		if i%7 == 6 {
			p.EmergencyStretch = 0
		}
		got := Break(items, widths, p)
		unbounded = true
		want := Break(items, widths, p)
		unbounded = false
		check(t, items, got)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("paragraph %d (same %v, neg %v, widths %.2f %.2f): bounded\n%v\nunbounded\n%v", i, same, neg, w0, w, got, want)
		}

		// The work of the last pass, with and without the bound found
		// as passes finds it first.
		bk := newBreaker(items, widths, p)
		if bk.run(p.PreTolerance, 0, false, false) > 0 || bk.run(p.Tolerance, 0, true, false) > 0 {
			continue
		}
		if last++; !bk.monotone() {
			continue
		}
		es := p.EmergencyStretch
		tol := p.Tolerance
		if bk.run(tol, es, true, false) == 0 {
			if tol *= 5; bk.run(tol, es, true, false) == 0 {
				continue
			}
		}
		bounded++
		bound := bk.total
		if lt := p.LinePenalty + tol; bound < lt*lt {
			best++
		}
		e := bk.evals
		bk.run(Infinity, es, true, true)
		evalsOff += bk.evals - e
		bk.bound = bound
		e = bk.evals
		bk.run(Infinity, es, true, true)
		evals += bk.evals - e
	}
	t.Logf("%d paragraphs of 600 reach the last pass, %d with a bound, %d of them provably best: %d nodes examined in the last pass instead of %d", last, bounded, best, evals, evalsOff)
	if best < bounded/5 || best == bounded {
		t.Errorf("%d of %d bounds are provably best: the paragraphs do not test both ways", best, bounded)
	}
	if bounded < last/2 {
		t.Errorf("only %d paragraphs of the %d that reach the last pass have a bound", bounded, last)
	}
	if 3*evals > evalsOff {
		t.Errorf("the bound saves too little: %d nodes examined instead of %d", evals, evalsOff)
	}
}

// BenchmarkBreakFormulas breaks paragraphs of 100 words with wide pieces
// that break only at costly penalties, as inline formulas do: one in seven
// needs the last-resort pass.
func BenchmarkBreakFormulas(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 3))
	paras := make([][]Item, 200)
	n := 0
	for i := range paras {
		paras[i] = formulaPara(r, 100, false, false)
		n += len(paras[i])
	}
	p := DefaultParams()
	for b.Loop() {
		for _, items := range paras {
			Break(items, fixed(300), p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/item")
}

package linebreak

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
)

// Items of a 10pt text face.
var (
	space  = Item{Kind: Glue, Width: 3.33, Stretch: 1.67, Shrink: 1.11}
	fil    = Item{Kind: Glue, Stretch: 1e6}
	end    = Item{Kind: Penalty, Penalty: -Infinity}
	hyphen = Item{Kind: Penalty, Width: 3.33, Penalty: 50, Flagged: true}
)

func box(w float64) Item { return Item{Kind: Box, Width: w} }

// para builds a paragraph of words separated by spaces. Each word is a list
// of syllable widths joined by hyph, a flagged penalty.
func para(words [][]float64, hyph Item) []Item {
	var items []Item
	for i, w := range words {
		if i > 0 {
			items = append(items, space)
		}
		for j, s := range w {
			if j > 0 {
				items = append(items, hyph)
			}
			items = append(items, box(s))
		}
	}
	return append(items, fil, end)
}

// words returns n words of one syllable, 5 to 30 points wide.
func words(n int, seed uint64) [][]float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	ws := make([][]float64, n)
	for i := range ws {
		ws[i] = []float64{5 + 25*r.Float64()}
	}
	return ws
}

// syllables returns n words of 1 to 3 syllables, 5 to 15 points each.
func syllables(n int, seed uint64) [][]float64 {
	r := rand.New(rand.NewPCG(seed, 2))
	ws := make([][]float64, n)
	for i := range ws {
		k := 1 + r.IntN(3)
		for range k {
			ws[i] = append(ws[i], 5+10*r.Float64())
		}
	}
	return ws
}

func fixed(w float64) func(int) float64 { return func(int) float64 { return w } }

func fitness(l Line) uint8 {
	switch {
	case l.Overfull:
		return tight
	case l.Ratio < 0:
		if l.Badness > 12 {
			return tight
		}
		return decent
	case l.Badness > 99:
		return veryLoose
	case l.Badness > 12:
		return loose
	}
	return decent
}

// demerits recomputes the total demerits of a breaking with TeX's formula.
func demerits(items []Item, lines []Line, p Params) float64 {
	total := 0.0
	prevFit, prevHyph := decent, false
	for k, l := range lines {
		d := p.LinePenalty + l.Badness
		if math.Abs(d) >= 10000 {
			d = 1e8
		} else {
			d *= d
		}
		pi := -float64(Infinity)
		if l.End < len(items) && items[l.End].Kind == Penalty {
			pi = items[l.End].Penalty
		} else if l.End < len(items) {
			pi = 0
		}
		if pi > 0 {
			d += pi * pi
		} else if pi > -Infinity {
			d -= pi * pi
		}
		if prevHyph {
			if l.Hyphenated {
				d += p.FlaggedDemerits
			} else if k == len(lines)-1 {
				d += p.FinalHyphenDemerits
			}
		}
		f := fitness(l)
		if f > prevFit+1 || prevFit > f+1 {
			d += p.FitnessDemerits
		}
		total += d
		prevFit, prevHyph = f, l.Hyphenated
	}
	return total
}

// optimum returns the least total demerits of any breaking whose lines all
// have badness at most p.Tolerance, by exhaustive dynamic programming over
// (break, line number, fitness, consecutive hyphens). It is +Inf if there
// is none.
func optimum(items []Item, widths func(int) float64, p Params) float64 {
	type state struct {
		pos, line int
		fit       uint8
		hyph      int
	}
	var breaks []int
	for q := range items {
		if legal(items, q) {
			breaks = append(breaks, q)
		}
	}
	best := map[state]float64{{pos: -1, fit: decent}: 0}
	result := math.Inf(1)
	// States are settled in order of position since lines go forward.
	order := []state{{pos: -1, fit: decent}}
	for len(order) > 0 {
		// Take the state of least position.
		mi := 0
		for i, s := range order {
			if s.pos < order[mi].pos {
				mi = i
			}
		}
		s := order[mi]
		order = append(order[:mi], order[mi+1:]...)
		base := best[s]
		start := 0
		if s.pos >= 0 {
			start = skip(items, s.pos+1)
		}
		for _, q := range breaks {
			if q < start {
				continue
			}
			l := Line{Start: start, End: q}
			finish(items, &l, widths(s.line))
			if l.Overfull {
				break
			}
			it := items[q]
			forced := it.Kind == Penalty && it.Penalty <= -Infinity
			if l.Badness <= p.Tolerance && !(l.Hyphenated && p.MaxHyphenLines > 0 && s.hyph >= p.MaxHyphenLines) {
				d := demerits(items, []Line{l}, Params{LinePenalty: p.LinePenalty})
				if s.hyph > 0 {
					if l.Hyphenated {
						d += p.FlaggedDemerits
					} else if forced && q == len(items)-1 {
						d += p.FinalHyphenDemerits
					}
				}
				f := fitness(l)
				if f > s.fit+1 || s.fit > f+1 {
					d += p.FitnessDemerits
				}
				h := 0
				if l.Hyphenated {
					h = s.hyph + 1
				}
				t := state{pos: q, line: s.line + 1, fit: f, hyph: h}
				if q == len(items)-1 {
					result = min(result, base+d)
				} else if old, ok := best[t]; !ok || base+d < old {
					if !ok {
						order = append(order, t)
					}
					best[t] = base + d
				}
			}
			if forced {
				break
			}
		}
	}
	return result
}

// check verifies the structural invariants of a breaking.
func check(t *testing.T, items []Item, lines []Line) {
	t.Helper()
	prev := -1
	for i, l := range lines {
		if l.Start > l.End || l.End <= prev || l.Start <= prev && prev >= 0 {
			t.Fatalf("line %d: bad range [%d, %d) after break %d", i, l.Start, l.End, prev)
		}
		if l.End < len(items) && !legal(items, l.End) {
			t.Fatalf("line %d: break at illegal item %d %+v", i, l.End, items[l.End])
		}
		if prev >= 0 && l.Start != skip(items, prev+1) {
			t.Fatalf("line %d starts at %d, want %d", i, l.Start, skip(items, prev+1))
		}
		prev = l.End
	}
	for q, it := range items {
		if it.Kind == Penalty && it.Penalty <= -Infinity {
			found := false
			for _, l := range lines {
				found = found || l.End == q
			}
			if !found {
				t.Fatalf("forced break at %d not taken", q)
			}
		}
	}
}

func maxBadness(lines []Line) float64 {
	b := 0.0
	for _, l := range lines[:len(lines)-1] {
		b = max(b, l.Badness)
	}
	return b
}

func TestTotalFitBeatsGreedy(t *testing.T) {
	// Forty unhyphenated words on a narrow measure: first-fit fills the
	// early lines and leaves a line with a 542 badness, which total-fit
	// avoids by setting the earlier lines a little looser.
	items := para(words(40, 2), hyphen)
	widths := fixed(150)
	p := DefaultParams()
	kp := Break(items, widths, p)
	gr := Greedy(items, widths)
	check(t, items, kp)
	check(t, items, gr)
	loose := false
	for _, l := range gr[:len(gr)-1] {
		loose = loose || l.Badness > 99
	}
	if !loose {
		t.Fatalf("greedy breaking has no very loose line; the test paragraph needs changing")
	}
	dk, dg := demerits(items, kp, p), demerits(items, gr, p)
	bk, bg := maxBadness(kp), maxBadness(gr)
	t.Logf("demerits: total-fit %.0f, first-fit %.0f; max badness %.1f vs %.1f", dk, dg, bk, bg)
	if dk >= dg {
		t.Errorf("total-fit demerits %.0f not below first-fit %.0f", dk, dg)
	}
	if bk >= bg || bk > p.Tolerance {
		t.Errorf("total-fit max badness %.1f, first-fit %.1f", bk, bg)
	}
	same := len(kp) == len(gr)
	for i := 0; same && i < len(kp); i++ {
		same = kp[i].End == gr[i].End
	}
	if same {
		t.Errorf("total-fit and first-fit breaks are the same")
	}
}

// TestOptimal compares Break with an exhaustive search on many small
// paragraphs, in shapes where line numbers matter and with fitness
// demerits large enough to make fitness classes matter.
func TestOptimal(t *testing.T) {
	shapes := []struct {
		name   string
		widths func(int) float64
	}{
		{"fixed", fixed(200)},
		{"hang", func(i int) float64 { return []float64{160, 160, 200}[min(i, 2)] }},
		{"shaped", func(i int) float64 { return []float64{150, 180, 210, 240}[min(i, 3)] }},
		{"zigzag", func(i int) float64 { return []float64{150, 250}[min(i, 8)%2] }},
		{"notch", func(i int) float64 { return []float64{200, 40, 200}[min(i, 2)] }},
	}
	p := DefaultParams()
	p.PreTolerance = -1
	feasible, total := 0, 0
	for _, sh := range shapes {
		for seed := range uint64(400) {
			items := para(syllables(25, seed), hyphen)
			for _, fd := range []float64{100, 10000} {
				for _, tol := range []float64{400, 3000} {
					p.FitnessDemerits, p.Tolerance = fd, tol
					total++
					lines := Break(items, sh.widths, p)
					check(t, items, lines)
					want := optimum(items, sh.widths, p)
					if math.IsInf(want, 1) {
						continue // no feasible breaking
					}
					feasible++
					for i, l := range lines {
						if l.Overfull || l.Badness > p.Tolerance {
							t.Fatalf("%s/%d: line %d %+v beyond tolerance", sh.name, seed, i, l)
						}
					}
					if got := demerits(items, lines, p); math.Abs(got-want) > 1e-6*max(1, want) {
						t.Errorf("%s/%d/%v/%v: demerits %.3f, optimum %.3f", sh.name, seed, fd, tol, got, want)
					}
				}
			}
		}
	}
	if feasible < total/2 {
		t.Errorf("only %d of %d paragraphs feasible", feasible, total)
	}
}

func TestRatios(t *testing.T) {
	p := DefaultParams()
	items := para(syllables(300, 3), hyphen)
	lines := Break(items, fixed(300), p)
	check(t, items, lines)
	bound := math.Cbrt(p.Tolerance / 100)
	for i, l := range lines[:len(lines)-1] {
		if l.Overfull || l.Ratio < -1 || l.Ratio > bound {
			t.Errorf("line %d: ratio %.3f outside [-1, %.3f]", i, l.Ratio, bound)
		}
	}
	if r := lines[len(lines)-1].Ratio; math.Abs(r) > 1e-3 {
		t.Errorf("last line ratio %g, want about 0", r)
	}
}

func TestForcedAndForbidden(t *testing.T) {
	ws := words(80, 11)
	var items []Item
	for i, w := range ws {
		switch {
		case i == 0:
		case i%10 == 0:
			// A forced line break.
			items = append(items, fil, end)
		case i%3 == 0:
			// A tie: no break here.
			items = append(items, Item{Kind: Penalty, Penalty: Infinity}, space)
		default:
			items = append(items, space)
		}
		items = append(items, box(w[0]))
	}
	items = append(items, fil, end)
	for _, lines := range [][]Line{Break(items, fixed(160), DefaultParams()), Greedy(items, fixed(160))} {
		check(t, items, lines)
		for _, l := range lines {
			if it := items[l.End]; it.Kind == Penalty && it.Penalty >= Infinity {
				t.Errorf("break at forbidden penalty %d", l.End)
			}
		}
	}
}

func TestOverfull(t *testing.T) {
	p := DefaultParams()
	items := []Item{box(500), fil, end}
	for _, lines := range [][]Line{Break(items, fixed(100), p), Greedy(items, fixed(100))} {
		if len(lines) != 1 || !lines[0].Overfull || lines[0].Ratio != -1 {
			t.Errorf("got %+v, want one overfull line", lines)
		}
	}
	// A wide box in running text: one overfull line, the rest fine.
	ws := words(60, 5)
	ws[30] = []float64{500}
	items = para(ws, hyphen)
	lines := Break(items, fixed(200), p)
	check(t, items, lines)
	over := 0
	for _, l := range lines {
		if l.Overfull {
			over++
		}
	}
	if over != 1 {
		t.Errorf("%d overfull lines, want 1: %+v", over, lines)
	}
	// Every line overfull.
	lines = Break(para(words(50, 5), hyphen), fixed(1), p)
	if len(lines) != 50 {
		t.Errorf("%d lines at width 1, want one per word", len(lines))
	}
}

func TestDegenerate(t *testing.T) {
	p := DefaultParams()
	for _, items := range [][]Item{
		nil,
		{space},
		{space, space, hyphen},
		{Item{Kind: Penalty, Penalty: 0}},
	} {
		if l := Break(items, fixed(100), p); len(l) != 0 {
			t.Errorf("Break(%v) = %+v, want no lines", items, l)
		}
		if l := Greedy(items, fixed(100)); len(l) != 0 {
			t.Errorf("Greedy(%v) = %+v, want no lines", items, l)
		}
	}
	// Glue with a forced end makes one line.
	items := []Item{space, space, end}
	for _, lines := range [][]Line{Break(items, fixed(100), p), Greedy(items, fixed(100))} {
		if len(lines) != 1 || lines[0].Start != 0 || lines[0].End != 2 {
			t.Errorf("got %+v, want one line [0, 2)", lines)
		}
	}
	// Consecutive forced breaks make an empty line.
	items = []Item{box(10), fil, end, end, box(10), fil, end}
	lines := Break(items, fixed(100), p)
	check(t, items, lines)
	if len(lines) != 3 || lines[1].Start != 3 || lines[1].End != 3 {
		t.Errorf("got %+v, want an empty middle line", lines)
	}
	// No forced end: trailing glue is dropped.
	items = []Item{box(10), space, box(10), space}
	lines = Break(items, fixed(100), p)
	if len(lines) != 1 || lines[0].End != 3 {
		t.Errorf("got %+v, want one line ending at 3", lines)
	}
	// Zero and negative widths.
	for _, w := range []float64{0, -10} {
		lines = Break(para(words(10, 1), hyphen), fixed(w), p)
		if len(lines) == 0 {
			t.Errorf("width %g: no lines", w)
		}
	}
}

// hyphenRun returns the longest run of consecutive hyphenated lines.
func hyphenRun(lines []Line) int {
	run, longest := 0, 0
	for _, l := range lines {
		if l.Hyphenated {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

func TestMaxHyphenLines(t *testing.T) {
	// Hyphens are free and spaces nearly rigid, so the unlimited optimum
	// hyphenates many lines in a row.
	cheap := Item{Kind: Penalty, Width: 3, Penalty: -50, Flagged: true}
	p := DefaultParams()
	p.PreTolerance = -1
	p.Tolerance = 1000
	p.FlaggedDemerits = 0
	p.FinalHyphenDemerits = 0
	items := para(syllables(200, 9), cheap)
	widths := fixed(140)
	p.MaxHyphenLines = 0
	free := Break(items, widths, p)
	if n := hyphenRun(free); n < 3 {
		t.Fatalf("unlimited optimum has at most %d hyphenated lines in a row; the test needs changing", n)
	}
	for _, limit := range []int{1, 2, 3} {
		p.MaxHyphenLines = limit
		lines := Break(items, widths, p)
		check(t, items, lines)
		if n := hyphenRun(lines); n > limit {
			t.Errorf("MaxHyphenLines=%d: %d hyphenated lines in a row", limit, n)
		}
		for i, l := range lines {
			if l.Overfull || l.Badness > p.Tolerance {
				t.Fatalf("MaxHyphenLines=%d: line %d %+v beyond tolerance", limit, i, l)
			}
		}
		if limit <= 3 {
			small := para(syllables(40, 9), cheap)
			got, want := demerits(small, Break(small, widths, p), p), optimum(small, widths, p)
			if math.Abs(got-want) > 1e-6*max(1, want) {
				t.Errorf("MaxHyphenLines=%d: demerits %.3f, optimum %.3f", limit, got, want)
			}
		}
	}
}

func TestVaryingWidths(t *testing.T) {
	// A hanging indent: the first three lines are narrow.
	widths := func(i int) float64 {
		if i < 3 {
			return 120
		}
		return 240
	}
	items := para(syllables(200, 4), hyphen)
	lines := Break(items, widths, DefaultParams())
	check(t, items, lines)
	bound := math.Cbrt(DefaultParams().Tolerance / 100)
	for i, l := range lines[:len(lines)-1] {
		if l.Overfull || l.Ratio > bound {
			t.Errorf("line %d: %+v", i, l)
		}
		// The natural width must be near the line's own width.
		var w float64
		for _, it := range items[l.Start:l.End] {
			if it.Kind != Penalty {
				w += it.Width
			}
		}
		if l.Hyphenated {
			w += items[l.End].Width
		}
		if lw := widths(i); w < lw-60 || w > lw+20 {
			t.Errorf("line %d: natural width %.1f for measure %.0f", i, w, lw)
		}
	}
	// A width that varies beyond the probed lines still gives a valid
	// breaking.
	long := para(syllables(20000, 4), hyphen)
	alt := func(i int) float64 { return 200 + 40*float64(i%2*min(1, i/2000)) }
	lines = Break(long, alt, DefaultParams())
	check(t, long, lines)
	for i, l := range lines[:len(lines)-1] {
		if l.Overfull {
			t.Errorf("line %d overfull", i)
		}
	}
}

// TestLongParagraph checks that a long paragraph keeps its active list
// short and its passive list proportional to its length.
func TestLongParagraph(t *testing.T) {
	items := para(syllables(50000, 1), hyphen)
	lines := Break(items, fixed(345), DefaultParams())
	check(t, items, lines)
	for i, l := range lines[:len(lines)-1] {
		if l.Overfull || l.Badness > DefaultParams().Tolerance {
			t.Fatalf("line %d: %+v", i, l)
		}
	}
}

// TestLinearWork checks that the work per item, counted as active nodes
// examined, does not grow with the length of the paragraph, in the normal
// passes, in the last-resort pass and when every line is overfull.
func TestLinearWork(t *testing.T) {
	cases := []struct {
		name  string
		width float64
		tol   float64
	}{
		{"normal", 345, 200},
		{"last resort", 345, 1},
		{"overfull", 12, 200},
	}
	for _, c := range cases {
		var per [2]float64
		for i, n := range []int{2000, 60000} {
			items := para(syllables(n, 8), hyphen)
			p := DefaultParams()
			p.Tolerance = c.tol
			p.PreTolerance = -1
			bk := newBreaker(items, fixed(c.width), p)
			lines := bk.solve()
			check(t, items, lines)
			per[i] = float64(bk.evals) / float64(len(items))
		}
		t.Logf("%s: %.2f and %.2f nodes examined per item", c.name, per[0], per[1])
		if per[1] > 1.1*per[0] || per[1] > 100 {
			t.Errorf("%s: work per item grows from %.2f to %.2f", c.name, per[0], per[1])
		}
	}
}

func benchItems(n int) []Item { return para(syllables(n, 42), hyphen) }

func BenchmarkBreak(b *testing.B) {
	for _, n := range []int{1000, 200000} {
		items := benchItems(n)
		b.Run(strconv.Itoa(n)+"words", func(b *testing.B) {
			p := DefaultParams()
			for b.Loop() {
				Break(items, fixed(345), p)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(items)), "ns/item")
		})
	}
}

func BenchmarkGreedy(b *testing.B) {
	for _, n := range []int{1000, 200000} {
		items := benchItems(n)
		b.Run(strconv.Itoa(n)+"words", func(b *testing.B) {
			for b.Loop() {
				Greedy(items, fixed(345))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(items)), "ns/item")
		})
	}
}

// TestProbeGrows checks that a paragraph reaching past the lines Break
// probes first is broken as if all had been probed from the start: here
// the measure changes at line 100 and again at line 300.
func TestProbeGrows(t *testing.T) {
	items := para(syllables(6000, 3), hyphen)
	shape := func(i int) float64 {
		if i >= 100 && i < 300 {
			return 260 + 80*float64(i%2) // a line number's parity matters
		}
		return 300
	}
	p := DefaultParams()
	got := Break(items, shape, p)
	check(t, items, got)
	if len(got) < 400 {
		t.Fatalf("%d lines: the paragraph does not reach past the probed lines", len(got))
	}
	full := newBreaker(items, shape, p)
	full.probe(min(maxProbe, len(items)+1))
	want := full.solve()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lines differ from a breaking with every line probed first")
	}
	if full.easy != 300 {
		t.Errorf("easy = %d, want 300", full.easy)
	}
}

// TestAppend: AppendBreak and AppendGreedy give the lines Break and
// Greedy give, after the lines dst holds, which they leave as they are,
// with a first line narrower than the rest (widths counts the paragraph's
// lines, not dst's).
func TestAppend(t *testing.T) {
	widths := func(i int) float64 {
		if i == 0 {
			return 90
		}
		return 160
	}
	var dst []Line
	for n, seed := range []uint64{1, 2, 3, 4} {
		items := para(syllables(40+30*n, seed), hyphen)
		for _, greedy := range []bool{false, true} {
			prev := append([]Line{}, dst...)
			var want, got []Line
			if greedy {
				want, got = Greedy(items, widths), AppendGreedy(dst, items, widths)
			} else {
				want, got = Break(items, widths, DefaultParams()), AppendBreak(dst, items, widths, DefaultParams())
			}
			if len(want) < 2 {
				t.Fatalf("paragraph %d: %d lines, want several", n, len(want))
			}
			if !slices.Equal(got[:len(prev)], prev) {
				t.Errorf("paragraph %d (greedy %v): the lines before changed", n, greedy)
			}
			if !slices.Equal(got[len(prev):], want) {
				t.Errorf("paragraph %d (greedy %v): appended\n%+v\nwant\n%+v", n, greedy, got[len(prev):], want)
			}
			dst = got
		}
	}
	if got := AppendBreak(dst, nil, widths, DefaultParams()); len(got) != len(dst) {
		t.Errorf("no items: %d lines appended", len(got)-len(dst))
	}
}

package linebreak

import (
	"math"
	"slices"
	"sync"
)

// maxProbe is the number of leading lines whose widths Break inspects to
// find where the paragraph shape becomes regular.
const maxProbe = 1024

// firstProbe is how many it inspects first: a paragraph that reaches past
// them is broken again with twice as many, up to maxProbe (most
// paragraphs have a few lines, and the widths cost a call each).
const firstProbe = 64

// Break returns the lines of an optimal breaking of items: one that
// minimises the total demerits of its lines, as TeX does. widths(i) is the
// available width of line i, counting from 0, so paragraphs with a hanging
// first line or shaped paragraphs work.
//
// Break never fails. Like TeX it tries up to three passes: one without
// flagged breaks that accepts lines of badness up to PreTolerance (skipped
// when PreTolerance is negative), one with flagged breaks up to Tolerance,
// and a last-resort pass that accepts any badness and adds EmergencyStretch
// to every line. When, in that pass, the last remaining candidate line
// overflows its measure before any other break is found, Break ends an
// overfull line (marked Overfull) at the first break past the measure and
// goes on from there, so there is always a result.
//
// Accepting any badness, the last-resort pass keeps every break within a
// line's width of the current item in play, which makes it the slow one.
// So Break first looks, as TeX's emergency pass does, for a breaking with
// the emergency stretch whose lines have a badness up to Tolerance (then
// up to 5 and 25 times Tolerance, while below Infinity). The demerits of a
// breaking it finds bound those of the best one: the last-resort pass then
// drops every break whose demerits are already higher. That cannot lose the
// best breaking when no line can have negative demerits, so it is done only
// then: when no penalty but forced breaks is negative, nor any demerits
// parameter. When the bound is below the demerits of any line looser than
// the tolerance that found it, (LinePenalty+tolerance)², that breaking is
// the best one, and the last-resort pass is not run at all. The looking
// costs up to three passes of the fast kind; a paragraph of many lines,
// whose breaks reach the bound only near its end, pays them for little.
//
// Break takes time proportional to len(items) times the number of legal
// breaks that fit on one line, which is linear for any fixed measure, and
// memory proportional to the number of feasible breaks (8 bytes each) plus
// the few breaks still active. It calls widths for the first lines, as
// far as the breaking reaches and at most 1024, to find the last line L
// whose width differs from the one before; breaks are then told apart by
// their line number only up to L, so the result is optimal when every line
// from L on has the same width, and a valid breaking (each line measured
// against its own width) otherwise.
func Break(items []Item, widths func(line int) float64, p Params) []Line {
	return AppendBreak(nil, items, widths, p)
}

// AppendBreak is Break appending the lines to dst: a caller that sets
// one paragraph after another keeps one array for their lines.
func AppendBreak(dst []Line, items []Item, widths func(line int) float64, p Params) []Line {
	items = trim(items)
	n := len(items)
	if n == 0 {
		return dst
	}
	if n >= math.MaxInt32 {
		return AppendGreedy(dst, items, widths)
	}
	bk := newBreaker(items, widths, p)
	bk.dst = dst
	lines := bk.solve()
	bk.release()
	return lines
}

// breakers holds breakers done with, for their slices to be used again:
// a document breaks thousands of paragraphs, one after the other on each
// core.
var breakers = sync.Pool{New: func() any { return new(breaker) }}

// maxPooled bounds the nodes a released breaker keeps room for.
const maxPooled = 1 << 16

func newBreaker(items []Item, widths func(int) float64, p Params) *breaker {
	bk := breakers.Get().(*breaker)
	*bk = breaker{items: items, widths: widths, p: p,
		cache: bk.cache[:0], passive: bk.passive[:0], active: bk.active[:0], cands: bk.cands[:0],
		bound: math.Inf(1)}
	bk.probe(min(firstProbe, len(items)+1))
	bk.hyphCap = 1
	if p.MaxHyphenLines > 0 {
		bk.hyphCap = uint8(min(p.MaxHyphenLines, 255))
	}
	return bk
}

// solve runs the passes of Break, again with more lines probed whenever a
// pass reaches a line beyond them.
func (bk *breaker) solve() []Line {
	for {
		if lines := bk.passes(); !bk.beyond {
			return lines
		}
		bk.beyond = false
		bk.probe(min(2*len(bk.cache), maxProbe, len(bk.items)+1))
	}
}

// passes runs the passes of Break; it stops early, its result unused, when
// one sets bk.beyond.
func (bk *breaker) passes() []Line {
	p := &bk.p
	if p.PreTolerance >= 0 {
		if best := bk.run(p.PreTolerance, 0, false, false); bk.beyond {
			return nil
		} else if best > 0 {
			return bk.lines(best)
		}
	}
	if best := bk.run(p.Tolerance, 0, true, false); bk.beyond {
		return nil
	} else if best > 0 {
		return bk.lines(best)
	}
	if bk.bound = math.Inf(1); !unbounded && bk.monotone() {
		t := p.Tolerance
		if p.EmergencyStretch <= 0 {
			t *= 5 // the pass at Tolerance is the one that failed
		}
		for k := 0; k < 3 && t < Infinity; k, t = k+1, t*5 {
			if best := bk.run(t, p.EmergencyStretch, true, false); bk.beyond {
				return nil
			} else if best > 0 {
				if lt := p.LinePenalty + t; lt >= 0 && lt < Infinity && bk.total < lt*lt {
					// Any line of a badness above t has demerits of
					// at least lt², so any breaking with one has more
					// than this one: it is the one the last pass
					// would find.
					return bk.lines(best)
				}
				bk.bound = bk.total
				break
			}
		}
	}
	best := bk.run(max(p.Tolerance, Infinity), p.EmergencyStretch, true, true)
	bk.bound = math.Inf(1)
	if bk.beyond {
		return nil
	}
	return bk.lines(best)
}

// unbounded turns the bound of the last pass off, for tests.
var unbounded = false

// monotone reports whether no line can have negative demerits, so that
// the total demerits of the breaks along a breaking never decrease: no
// penalty is negative but forced breaks, whose square try does not
// subtract, and no demerits parameter is negative. ((LinePenalty + badness)
// is squared, so its sign does not matter.)
func (bk *breaker) monotone() bool {
	p := &bk.p
	if p.FlaggedDemerits < 0 || p.FinalHyphenDemerits < 0 || p.FitnessDemerits < 0 {
		return false
	}
	for i := range bk.items {
		if it := &bk.items[i]; it.Kind == Penalty && it.Penalty < 0 && it.Penalty > -Infinity {
			return false
		}
	}
	return true
}

// passive records a break: the item index at which a line ends and the
// passive index of the break before it. Index 0 is the paragraph start.
type passive struct {
	pos, prev int32
}

// node is an active node: a break from which a further line may start.
type node struct {
	w, y, z float64 // width, stretch and shrink of items[:start]
	total   float64 // total demerits of the lines up to this break
	start   int32   // first item of the next line
	pass    int32   // index in breaker.passive
	line    int32   // number of lines so far: the index of the next line
	fit     uint8   // fitness class of the line ending here
	hyph    uint8   // consecutive lines ending in flagged breaks, capped
}

// cand is a candidate break found while trying one breakpoint.
type cand struct {
	total float64
	prev  int32 // passive index of the break that starts the line
	line  int32 // number of lines after this break
	class int32 // line number class: min(line, easy)
	fit   uint8
	hyph  uint8
}

type breaker struct {
	items   []Item
	widths  func(int) float64
	p       Params
	cache   []float64 // widths of the first lines
	easy    int32     // lines from easy on have equal widths
	hyphCap uint8
	// maxRatio is the pass's looseFor(tol).
	maxRatio float64
	// bound is, in the last pass, the total demerits of a breaking known
	// to exist: breaks of higher demerits cannot lead to a better one and
	// are dropped. It is +Inf otherwise.
	bound float64
	// total is the total demerits of the best breaking run found.
	total float64
	// beyond is set when a pass reaches a line past the probed ones
	// while more could be probed: the pass stops, and solve probes more.
	beyond bool

	passive []passive
	active  []node
	cands   []cand

	w, y, z float64 // width, stretch and shrink of items before the current one

	// The last scan for the start of a line after a break: items in
	// (scanFrom, scanTo) are discardable, and sw, sy, sz are the sums of
	// items[:scanTo].
	scanFrom, scanTo int
	sw, sy, sz       float64

	evals int // active nodes examined, for tests of the running time

	dst []Line // where lines appends the lines (AppendBreak)
}

// probe caches the widths of the first k lines and finds the line from
// which all widths are equal.
func (bk *breaker) probe(k int) {
	bk.easy = 0
	bk.cache = slices.Grow(bk.cache[:0], k)[:k]
	for i := range bk.cache {
		bk.cache[i] = bk.widths(i)
		if i > 0 && bk.cache[i] != bk.cache[i-1] {
			bk.easy = int32(i)
		}
	}
}

func (bk *breaker) width(line int32) float64 {
	if int(line) < len(bk.cache) {
		return bk.cache[line]
	}
	return bk.widths(int(line))
}

// release gives bk back to the pool; nothing may use it any more.
func (bk *breaker) release() {
	if cap(bk.passive) > maxPooled || cap(bk.active) > maxPooled {
		return
	}
	bk.items, bk.widths, bk.dst = nil, nil, nil
	breakers.Put(bk)
}

// run makes one pass over the items and returns the passive index of the
// best final break, or 0 if the pass failed. Only the final pass rescues
// overfull lines, and it cannot fail.
func (bk *breaker) run(tol, es float64, flagged, final bool) int32 {
	items := bk.items
	n := len(items)
	bk.passive = append(bk.passive[:0], passive{pos: -1, prev: -1})
	bk.active = append(bk.active[:0], node{fit: decent})
	bk.w, bk.y, bk.z = 0, 0, 0
	bk.scanFrom, bk.scanTo = -1, -1
	bk.maxRatio = looseFor(tol)
	for q := 0; q < n; q++ {
		if q&4095 == 4095 {
			bk.rebase()
		}
		it := &items[q]
		switch it.Kind {
		case Box:
			bk.w += it.Width
		case Glue:
			if legal(items, q) && !bk.idle(q, 0, es) {
				if !bk.try(q, 0, 0, false, tol, es, final) {
					return 0
				}
			}
			bk.w += it.Width
			bk.y += it.Stretch
			bk.z += it.Shrink
		case Penalty:
			if it.Penalty < Infinity && (flagged || !it.Flagged) && (it.Penalty <= -Infinity || !bk.idle(q, it.Width, es)) {
				if !bk.try(q, it.Width, it.Penalty, it.Flagged, tol, es, final) {
					return 0
				}
			}
		}
	}
	if last := &items[n-1]; last.Kind != Penalty || last.Penalty > -Infinity {
		if !bk.try(n, 0, -Infinity, false, tol, es, final) {
			return 0
		}
	}
	// The last break was forced, so every active node ends there.
	best, bestTotal := int32(0), math.Inf(1)
	for i := range bk.active {
		if a := &bk.active[i]; a.total < bestTotal {
			best, bestTotal = a.pass, a.total
		}
	}
	bk.total = bestTotal
	return best
}

// looseFor returns an adjustment ratio above which a stretched line's
// badness is certainly above tol, even as badness computes it in floating
// point (a margin of a billionth), or +Inf when no ratio is (tol at or
// above Infinity, the largest badness). try compares with it to skip the
// division and cube of badness for the many lines still too short.
func looseFor(tol float64) float64 {
	if tol >= Infinity {
		return math.Inf(1)
	}
	return min(math.Cbrt(max(tol, 0)/100)*(1+1e-9)+1e-9, 4.65)
}

// rebase subtracts the running sums from every stored sum, so that sums
// stay small and precise in long paragraphs.
func (bk *breaker) rebase() {
	w, y, z := bk.w, bk.y, bk.z
	for i := range bk.active {
		a := &bk.active[i]
		a.w -= w
		a.y -= y
		a.z -= z
	}
	bk.sw -= w
	bk.sy -= y
	bk.sz -= z
	bk.w, bk.y, bk.z = 0, 0, 0
}

// idle reports whether try, for an unforced break at q adding width pw,
// would only keep every active node as it is: each line from one to q is
// too loose for the pass (see maxRatio), or starts after q. It counts the
// nodes examined, as try does.
func (bk *breaker) idle(q int, pw, es float64) bool {
	act := bk.active
	if len(act) == 0 {
		return false
	}
	maxR := bk.maxRatio
	for i := range act {
		a := &act[i]
		if int32(q) < a.start {
			continue
		}
		// As try computes them, to the last bit.
		short := bk.width(a.line) - (bk.w - a.w + pw)
		if s := bk.y - a.y + es; !(short > eps && s > 0 && short > s*maxR) {
			return false
		}
	}
	bk.evals += len(act)
	return true
}

// try considers a break at item q (len(items) for the implicit end), where
// pw is the width the break adds and pi its penalty. It reports false when
// no active node remains, so the pass has failed.
func (bk *breaker) try(q int, pw, pi float64, flagged bool, tol, es float64, final bool) bool {
	p := &bk.p
	forced := pi <= -Infinity
	atEnd := forced && q >= len(bk.items)-1
	act := bk.active
	bk.evals += len(act)
	cands := bk.cands[:0]
	kept := 0
	maxR := bk.maxRatio
	for i := range act {
		a := &act[i]
		if int32(q) < a.start {
			if kept != i {
				act[kept] = *a
			}
			kept++
			continue
		}
		if a.total > bk.bound {
			// Lines add demerits (monotone), so no breaking through
			// a beats the one known.
			continue
		}
		// Badness and fitness class of the line from a to q.
		short := bk.width(a.line) - (bk.w - a.w + pw)
		bad, fit := 0.0, decent
		switch {
		case short > eps:
			if s := bk.y - a.y + es; s > 0 {
				if short > s*maxR && !forced {
					// Too loose for the pass, as badness would say
					// without a division: the node stays.
					if kept != i {
						act[kept] = *a
					}
					kept++
					continue
				}
				bad = badness(short / s)
			} else {
				bad = Infinity
			}
			if bad > 99 {
				fit = veryLoose
			} else if bad > 12 {
				fit = loose
			}
		case short < -eps:
			if s := bk.z - a.z; -short > s+eps {
				bad = Infinity + 1
			} else {
				bad = badness(short / s)
			}
			if bad > 12 {
				fit = tight
			}
		}
		artificial := false
		if bad > Infinity || forced {
			// The node is deactivated: no later line can start at it.
			if final && bad > tol && len(cands) == 0 && kept == 0 && i == len(act)-1 {
				// It is the last active node and nothing else breaks
				// here: keep it by setting an overfull line.
				artificial = true
			} else if bad > tol {
				continue
			}
		} else {
			// a stays active, copied down (act[i] itself is left as it
			// is, so a still reads it).
			if kept != i {
				act[kept] = *a
			}
			kept++
			if bad > tol {
				continue
			}
		}
		hyph := uint8(0)
		if flagged {
			if a.hyph >= bk.hyphCap && p.MaxHyphenLines > 0 && !artificial {
				continue
			}
			hyph = min(a.hyph+1, bk.hyphCap)
		}
		d := 0.0
		if !artificial {
			d = p.LinePenalty + bad
			if math.Abs(d) >= 10000 {
				d = 1e8
			} else {
				d *= d
			}
			if pi > 0 {
				d += pi * pi
			} else if pi > -Infinity {
				d -= pi * pi
			}
			if a.hyph > 0 {
				if flagged {
					d += p.FlaggedDemerits
				} else if atEnd {
					d += p.FinalHyphenDemerits
				}
			}
			if fit > a.fit+1 || a.fit > fit+1 {
				d += p.FitnessDemerits
			}
		}
		d += a.total
		c := cand{total: d, prev: a.pass, line: a.line + 1, fit: fit, hyph: hyph}
		c.class = min(c.line, bk.easy)
		merged := false
		for j := range cands {
			o := &cands[j]
			if o.class == c.class && o.fit == c.fit && o.hyph == c.hyph {
				if c.total < o.total {
					*o = c
				}
				merged = true
				break
			}
		}
		if !merged {
			cands = append(cands, c)
		}
	}
	bk.active = act[:kept]
	bk.cands = cands
	if len(cands) == 0 {
		return kept > 0
	}
	start, w, y, z := bk.after(q)
	for i := range cands {
		c := &cands[i]
		if bk.dominated(c) {
			continue
		}
		if int(c.line) >= len(bk.cache) && len(bk.cache) < min(maxProbe, len(bk.items)+1) {
			// The next line's width is not probed: stop the pass.
			bk.beyond = true
			return false
		}
		if c.total > bk.bound {
			continue // as a above
		}
		bk.passive = append(bk.passive, passive{pos: int32(q), prev: c.prev})
		bk.active = append(bk.active, node{
			w: w, y: y, z: z, total: c.total, start: int32(start),
			pass: int32(len(bk.passive) - 1), line: c.line, fit: c.fit, hyph: c.hyph,
		})
	}
	return true
}

// dominated reports whether another candidate of the same line class makes
// c useless: one that allows at least as much later on and whose demerits,
// even after the largest possible fitness penalty, are lower.
func (bk *breaker) dominated(c *cand) bool {
	for i := range bk.cands {
		o := &bk.cands[i]
		if o != c && o.class == c.class && o.hyph <= c.hyph && o.total+bk.p.FitnessDemerits < c.total {
			return true
		}
	}
	return false
}

// after returns the start of the line that follows a break at q and the
// sums of the items before it.
func (bk *breaker) after(q int) (start int, w, y, z float64) {
	if q > bk.scanFrom && q < bk.scanTo {
		return bk.scanTo, bk.sw, bk.sy, bk.sz
	}
	items := bk.items
	w, y, z = bk.w, bk.y, bk.z
	i := q
	if i < len(items) && items[i].Kind == Glue {
		w += items[i].Width
		y += items[i].Stretch
		z += items[i].Shrink
	}
	for i++; i < len(items) && discardable(&items[i]); i++ {
		if it := &items[i]; it.Kind == Glue {
			w += it.Width
			y += it.Stretch
			z += it.Shrink
		}
	}
	bk.scanFrom, bk.scanTo = q, i
	bk.sw, bk.sy, bk.sz = w, y, z
	return i, w, y, z
}

// lines builds the lines ending at the passive break best, tracing the
// breaks back to the paragraph start, and returns them appended to bk.dst.
func (bk *breaker) lines(best int32) []Line {
	k := 0
	for i := best; i > 0; i = bk.passive[i].prev {
		k++
	}
	out := slices.Grow(bk.dst, k)[:len(bk.dst)+k]
	lines := out[len(bk.dst):]
	clear(lines)
	for i, j := best, k-1; i > 0; i, j = bk.passive[i].prev, j-1 {
		lines[j].End = int(bk.passive[i].pos)
	}
	start := 0
	for j := range lines {
		l := &lines[j]
		l.Start = min(start, l.End)
		finish(bk.items, l, bk.width(int32(j)))
		start = skip(bk.items, l.End+1)
	}
	return out
}

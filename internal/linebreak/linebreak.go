// Package linebreak implements the Knuth–Plass total-fit line-breaking
// algorithm (D. E. Knuth and M. F. Plass, "Breaking Paragraphs into Lines",
// 1981), the algorithm TeX uses to break paragraphs.
//
// The package knows nothing of fonts or output formats. A paragraph is a
// sequence of items: boxes (material of fixed width, such as a word or a
// syllable), glue (space that can stretch and shrink) and penalties (places
// where a line may be broken, at a cost).
//
// The conventions are those of TeX:
//
//   - A paragraph normally ends with a glue item of huge stretch (for
//     example 1e6, TeX's "fil") followed by a forced break, a penalty of
//     -Infinity; without the finishing glue the last line is justified.
//     A forced break in the middle of a paragraph likewise wants a fil glue
//     before it, otherwise the line it ends is stretched to the full measure.
//   - A break may occur at a glue item only when the glue immediately
//     follows a box and is not itself followed by a forced break (TeX puts
//     an unbreakable penalty before its finishing glue to the same end),
//     and at a penalty item whose Penalty is below Infinity.
//     A penalty of -Infinity or less always breaks.
//   - The item at which a line is broken belongs to neither line. A glue
//     break contributes nothing; a penalty break adds the penalty's Width
//     (for example a hyphen) to the end of the line it ends.
//   - Glue and non-forced penalties that follow a break are discarded: the
//     next line starts at the first box or forced penalty after the break,
//     so Line.Start skips them.
//
// If the items do not end with a forced break, Break and Greedy drop any
// trailing glue and penalties and end the last line there, as if a forced
// break followed; Line.End of the last line is then the index after the
// last box (len(items) when there is no trailing glue). A paragraph with
// no box and no forced break has no lines.
package linebreak

// Kind is the kind of an Item.
type Kind uint8

// The kinds of item.
const (
	Box Kind = iota
	Glue
	Penalty
)

// Infinity is the penalty that forbids a break (when positive) or forces one
// (when negative). It is also the largest badness: the badness of a line
// that is stretched too far, or that needs to stretch but cannot.
const Infinity = 10000

// Item is a box, glue or penalty.
type Item struct {
	Kind Kind
	// Flagged marks a penalty as a hyphen break (a discretionary break).
	// Consecutive lines ending in flagged breaks cost FlaggedDemerits, and
	// Params.MaxHyphenLines limits how many there can be. (It sits beside
	// Kind, so that an Item is 40 bytes, not 48: the passes read every
	// item of a paragraph.)
	Flagged bool
	// Width is the natural width in points. For a penalty it is the width
	// added to the line when the line is broken there (a hyphen, say).
	Width float64
	// Stretch and Shrink are the glue's stretchability and shrinkability.
	// They are ignored for boxes and penalties.
	Stretch, Shrink float64
	// Penalty is the cost of breaking at a penalty item. A value of
	// Infinity or more forbids the break; -Infinity or less forces it.
	Penalty float64
}

// Params holds the parameters of Break. The zero value is usable, but
// DefaultParams gives values close to plain TeX's.
type Params struct {
	// Tolerance is the largest badness accepted for a line in the main
	// pass (TeX's \tolerance, 200 in plain TeX).
	Tolerance float64
	// PreTolerance is the largest badness accepted in a first pass that
	// does not consider flagged (hyphen) breaks, as TeX's \pretolerance.
	// A negative value skips that pass.
	PreTolerance float64
	// LinePenalty is added to the badness of every line before squaring
	// (TeX's \linepenalty); it makes fewer lines preferable.
	LinePenalty float64
	// FlaggedDemerits are added when two consecutive lines end in flagged
	// breaks (TeX's \doublehyphendemerits).
	FlaggedDemerits float64
	// FinalHyphenDemerits are added when the second-last line of a
	// paragraph ends in a flagged break (TeX's \finalhyphendemerits).
	FinalHyphenDemerits float64
	// FitnessDemerits are added when adjacent lines belong to fitness
	// classes that are not adjacent, say a very loose line next to a
	// decent one (TeX's \adjdemerits).
	FitnessDemerits float64
	// MaxHyphenLines is the largest number of consecutive lines that may
	// end in a flagged break. It is a hard limit, relaxed only by the
	// overfull rescue of the last pass. Zero means no limit.
	MaxHyphenLines int
	// EmergencyStretch is stretch in points assumed in every line, in
	// addition to the line's own, when computing badness in the last-resort
	// pass (TeX's \emergencystretch). It does not change the glue settings
	// reported in Line.Ratio.
	EmergencyStretch float64
}

// DefaultParams returns the parameters of plain TeX, except that
// FlaggedDemerits and FitnessDemerits are lower, hyphenated lines are
// limited to three in a row (Bringhurst's rule; a limit of two left lines of
// long Russian and German words at five times their stretch where a third
// hyphen was the natural break) and there is 12pt of emergency stretch.
func DefaultParams() Params {
	return Params{
		Tolerance:           200,
		PreTolerance:        100,
		LinePenalty:         10,
		FlaggedDemerits:     3000,
		FinalHyphenDemerits: 5000,
		FitnessDemerits:     100,
		MaxHyphenLines:      3,
		EmergencyStretch:    12,
	}
}

// Line is one line of a broken paragraph.
type Line struct {
	// Items [Start, End) make the line. End is the index of the item at
	// which the line is broken, or len(items) for a last line that does not
	// end in a forced break. Start is the first item after the previous
	// break that is a box or a forced penalty (glue and other penalties
	// after a break are discarded), or 0 on the first line.
	Start, End int
	// Ratio is the adjustment ratio r of the line's glue: each glue item
	// is set to its width plus r times its stretch when r >= 0, or plus r
	// times its shrink when r < 0. It is 0 for a short line without
	// stretch and -1 for an overfull line.
	Ratio float64
	// Badness is 100|r|³, at most Infinity. It is Infinity for a short
	// line that cannot stretch and for an overfull line.
	Badness float64
	// Hyphenated reports whether the line ends at a flagged penalty.
	Hyphenated bool
	// Overfull reports whether the line is wider than its measure even
	// with all its glue shrunk fully.
	Overfull bool
}

// Fitness classes, numbered as in TeX.
const (
	veryLoose uint8 = iota
	loose
	decent
	tight
)

// eps is the tolerance, in points, of width comparisons.
const eps = 1e-6

// badness returns 100|r|³ capped at Infinity.
func badness(r float64) float64 {
	if r < 0 {
		r = -r
	}
	if r > 4.65 { // 100 * 4.65³ > Infinity
		return Infinity
	}
	b := 100 * r * r * r
	if b > Infinity {
		return Infinity
	}
	return b
}

// discardable reports whether it is removed at the start of a line.
func discardable(it *Item) bool {
	return it.Kind == Glue || it.Kind == Penalty && it.Penalty > -Infinity
}

// skip returns the index of the first item at or after i that is not
// discardable, or len(items).
func skip(items []Item, i int) int {
	for i < len(items) && discardable(&items[i]) {
		i++
	}
	return i
}

// trim returns items without trailing discardable items, unless it ends in
// a forced break.
func trim(items []Item) []Item {
	n := len(items)
	if n > 0 && items[n-1].Kind == Penalty && items[n-1].Penalty <= -Infinity {
		return items
	}
	for n > 0 && discardable(&items[n-1]) {
		n--
	}
	return items[:n]
}

// legal reports whether a line may be broken at items[q]; a penalty must
// also be below Infinity, which callers check.
func legal(items []Item, q int) bool {
	switch items[q].Kind {
	case Glue:
		return q > 0 && items[q-1].Kind == Box &&
			!(q+1 < len(items) && items[q+1].Kind == Penalty && items[q+1].Penalty <= -Infinity)
	case Penalty:
		return items[q].Penalty < Infinity
	}
	return false
}

// finish computes the Ratio, Badness, Hyphenated and Overfull fields of l
// from the items of the line and its width lw.
func finish(items []Item, l *Line, lw float64) {
	var w, y, z float64
	for i := l.Start; i < l.End; i++ {
		it := &items[i]
		switch it.Kind {
		case Box:
			w += it.Width
		case Glue:
			w += it.Width
			y += it.Stretch
			z += it.Shrink
		}
	}
	if l.End < len(items) && items[l.End].Kind == Penalty {
		w += items[l.End].Width
		l.Hyphenated = items[l.End].Flagged
	}
	short := lw - w
	switch {
	case short > eps:
		if y > 0 {
			l.Ratio = short / y
			l.Badness = badness(l.Ratio)
		} else {
			l.Badness = Infinity
		}
	case short < -eps:
		if -short > z+eps {
			l.Ratio, l.Badness, l.Overfull = -1, Infinity, true
		} else {
			l.Ratio = max(short/z, -1)
			l.Badness = badness(l.Ratio)
		}
	}
}

// Greedy breaks items first-fit: each line takes as much material as fits,
// shrinking its glue if need be, whatever the looseness left on the line.
// Forced breaks are honoured. A line with no break that fits ends at the
// first legal break and is marked Overfull. widths(i) is the width of line
// i, counting from 0.
func Greedy(items []Item, widths func(line int) float64) []Line {
	return AppendGreedy(nil, items, widths)
}

// AppendGreedy is Greedy appending the lines to dst.
func AppendGreedy(dst []Line, items []Item, widths func(line int) float64) []Line {
	items = trim(items)
	n := len(items)
	if n == 0 {
		return dst
	}
	lines := dst
	start := 0
	for {
		lw := widths(len(lines) - len(dst))
		var w, y, z float64
		last, end := -1, -1
		for q := start; q <= n; q++ {
			if q == n {
				end = q
				if last >= 0 && w-z > lw+eps {
					end = last
				}
				break
			}
			it := &items[q]
			if legal(items, q) {
				pw := 0.0
				if it.Kind == Penalty {
					pw = it.Width
				}
				if w+pw-z <= lw+eps {
					last = q
					if it.Kind == Penalty && it.Penalty <= -Infinity {
						end = q
						break
					}
				} else {
					end = last
					if end < 0 {
						end = q
					}
					break
				}
			}
			switch it.Kind {
			case Box:
				w += it.Width
			case Glue:
				w += it.Width
				y += it.Stretch
				z += it.Shrink
			}
		}
		l := Line{Start: start, End: end}
		finish(items, &l, lw)
		lines = append(lines, l)
		// Discardable items after the last break make no line.
		if start = skip(items, end+1); start >= n {
			break
		}
	}
	return lines
}

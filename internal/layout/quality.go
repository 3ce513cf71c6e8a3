package layout

// Quality counts what a typographer looks for in the justified paragraphs
// of a document: loose and tight lines, hyphenated line ends, hyphens on
// consecutive lines and overfull lines. Lines of ragged or centred text and
// the last line of each paragraph, whose glue is not set, are not counted.
type Quality struct {
	Lines       int // justified lines, last lines of paragraphs excluded
	Loose       int // adjustment ratio above 1
	Tight       int // adjustment ratio below −0.8
	Hyphenated  int // lines ending at a hyphenation point or explicit hyphen break
	Consecutive int // hyphenated lines that follow a hyphenated line
	Overfull    int // lines wider than the measure even with glue fully shrunk
}

// Quality returns the figures of the documents laid out so far.
func (l *Layout) Quality() Quality { return l.quality }

// add adds the figures of o.
func (q *Quality) add(o Quality) {
	q.Lines += o.Lines
	q.Loose += o.Loose
	q.Tight += o.Tight
	q.Hyphenated += o.Hyphenated
	q.Consecutive += o.Consecutive
	q.Overfull += o.Overfull
}

// count adds the lines of one justified paragraph.
func (q *Quality) count(ls []setLine) {
	prevHyph := false
	for i, ln := range ls {
		if i == len(ls)-1 {
			break
		}
		q.Lines++
		switch {
		case ln.ratio > 1:
			q.Loose++
		case ln.ratio < -0.8:
			q.Tight++
		}
		if ln.hyphenated {
			q.Hyphenated++
			if prevHyph {
				q.Consecutive++
			}
		}
		prevHyph = ln.hyphenated
		if ln.overfull {
			q.Overfull++
		}
	}
}

package chart

import (
	"math"
	"strconv"
	"strings"

	"quire/internal/doc"
)

// Descriptions of charts in words, for readers who cannot see them (a
// tagged PDF's alternate text of the figure, doc.Describer): the kind of
// chart, its axes, its series and the ranges of its values, from the data
// drawn. An author's alt key replaces them. They are in English.

var (
	_ doc.Describer = (*bars)(nil)
	_ doc.Describer = (*timeline)(nil)
	_ doc.Describer = (*lineChart)(nil)
)

// maxListed is how many series or events a description names before it
// says how many more there are.
const maxListed = 12

// Describe implements doc.Describer.
func (b *bars) Describe() string {
	var d describer
	kind := "Bar chart"
	switch {
	case b.stacked && len(b.groups) > 1:
		kind = "Stacked bar chart"
	case len(b.groups) > 1:
		kind = "Grouped bar chart"
	}
	y := b.s.YLabel
	if y == "" {
		y = b.s.Y
	}
	if y == "" {
		y = "number of rows"
	}
	d.add(kind + " of " + y)
	x := b.s.XLabel
	if x == "" && b.binned {
		x = "year"
	}
	if x == "" {
		x = b.s.X
	}
	if len(b.cats) > 0 {
		if b.binned {
			d.add("by " + x + ", " + b.cats[0] + " to " + b.cats[len(b.cats)-1])
		} else {
			d.add("by " + x + ": " + list(b.cats))
		}
	}
	if len(b.groups) > 1 {
		d.sentence(strconv.Itoa(len(b.groups)) + " series: " + list(b.groups))
	}
	lo, hi, at := math.Inf(1), math.Inf(-1), -1
	for i := range b.cats {
		t := b.catTotal(i)
		lo = math.Min(lo, t)
		if t > hi {
			hi, at = t, i
		}
	}
	if at >= 0 {
		what := "bars"
		if b.stacked && len(b.groups) > 1 {
			what = "totals"
		}
		d.sentence(what + " from " + formatNum(lo) + " to " + formatNum(hi) + " (" + b.cats[at] + ")")
	}
	if len(b.spans) > 0 {
		d.sentence(strconv.Itoa(len(b.spans)) + " period totals are drawn as brackets above the bars")
	}
	if h := b.s.Highlight; h != nil {
		d.sentence(highlight(h))
	}
	if len(b.s.Annotate) > 0 {
		var notes []string
		for _, a := range b.s.Annotate {
			notes = append(notes, a.Text+" ("+formatNum(a.X)+")")
		}
		d.sentence("notes: " + list(notes))
	}
	return d.String()
}

// Describe implements doc.Describer.
func (t *timeline) Describe() string {
	var d describer
	d.add("Timeline of " + strconv.Itoa(len(t.events)) + " events, " + strconv.Itoa(int(t.from)) + " to " + strconv.Itoa(int(t.to)-1)) // t.to ends the last year
	if len(t.groups) > 1 {
		d.sentence("marked by kind: " + list(t.groups))
	}
	var ev []string
	for _, e := range t.events {
		ev = append(ev, e.label)
	}
	if len(ev) > 0 {
		d.sentence("events: " + list(ev))
	}
	if h := t.s.Highlight; h != nil {
		d.sentence(highlight(h))
	}
	return d.String()
}

// Describe implements doc.Describer.
func (l *lineChart) Describe() string {
	var d describer
	y := l.s.YLabel
	if y == "" {
		y = l.s.Y
	}
	x := l.s.XLabel
	if x == "" {
		x = l.s.X
	}
	d.add("Line chart of " + y + " against " + x)
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for g := range l.ys {
		for i, v := range l.ys[g] {
			minY, maxY = math.Min(minY, v), math.Max(maxY, v)
			minX, maxX = math.Min(minX, l.xs[g][i]), math.Max(maxX, l.xs[g][i])
		}
	}
	if !math.IsInf(minX, 0) {
		d.add(formatNum(minX) + " to " + formatNum(maxX))
	}
	if len(l.groups) > 1 {
		d.sentence(strconv.Itoa(len(l.groups)) + " series: " + list(l.groups))
	}
	if !math.IsInf(minY, 0) {
		d.sentence("values from " + formatNum(minY) + " to " + formatNum(maxY))
	}
	return d.String()
}

func highlight(h *Highlight) string {
	s := "shaded: " + formatNum(h.From) + " to " + formatNum(h.To)
	if h.Label != "" {
		s += ", " + h.Label
	}
	return s
}

// list joins items with commas, naming at most maxListed of them.
func list(items []string) string {
	if len(items) > maxListed {
		return strings.Join(items[:maxListed], ", ") + " and " + strconv.Itoa(len(items)-maxListed) + " more"
	}
	return strings.Join(items, ", ")
}

// describer builds a description: clauses joined by commas, sentences by
// full stops.
type describer struct{ b strings.Builder }

func (d *describer) add(clause string) {
	if d.b.Len() > 0 {
		d.b.WriteString(", ")
	}
	d.b.WriteString(clause)
}

func (d *describer) sentence(s string) {
	if d.b.Len() > 0 {
		d.b.WriteString(". ")
	}
	if s != "" {
		d.b.WriteString(strings.ToUpper(s[:1]) + s[1:])
	}
}

func (d *describer) String() string {
	s := d.b.String()
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

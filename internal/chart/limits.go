package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"quire/internal/data"
)

// Limits on what one chart draws. Each keeps the work of a chart (and its
// memory) bounded whatever the spec and the data say; each is named in the
// error that refuses a chart over it (see README.md, "Limits").
const (
	// maxBins bounds the yearly bars of a binned bar chart: range: [0,
	// 1e9] would otherwise make a billion bars.
	maxBins = 2000
	// maxYears bounds the span of a timeline's axis, which has a tick a
	// year.
	maxYears = 10000
	// maxSpans bounds the period spans drawn above bars; placing their
	// labels is cubic in their number.
	maxSpans = 200
	// maxAbs bounds the magnitude of every number a chart uses: range,
	// highlight and annotation positions, x and y values. Sums of 20,000
	// such values stay exact enough and far from overflow.
	maxAbs = 1e15
	// maxTicks bounds the ticks of an axis.
	maxTicks = 50
)

// finite reports whether v is a number a chart can use (see maxAbs).
func finite(v float64) bool { return !math.IsNaN(v) && math.Abs(v) <= maxAbs }

// withinLimits refuses, with an error naming the limit, a chart whose
// axis or bars would be too many to draw.
func (b *builder) withinLimits(items []item, dated bool) bool {
	s := b.s
	key := "range"
	if s.Range == nil {
		key = "x"
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, it := range items {
		lo, hi = math.Min(lo, math.Floor(it.x0)), math.Max(hi, math.Floor(it.x0))
		if it.period {
			hi = math.Max(hi, math.Ceil(it.x1)-1)
		}
	}
	if s.Range != nil {
		lo, hi = math.Floor(s.Range[0]), math.Floor(s.Range[1])
	}
	years := hi - lo + 1
	switch {
	case s.Type == "timeline" && years > maxYears:
		b.errorf(key, "narrow the range: or select rows with where:", "the axis spans %s years; a timeline spans at most %d", formatNum(years), maxYears)
		return false
	case dated && s.Type != "timeline" && years > maxBins:
		b.errorf(key, "narrow the range: or select rows with where:, or leave out bin: year", "%s yearly bars from %s to %s; a binned bar chart draws at most %d", formatNum(years), formatNum(lo), formatNum(hi), maxBins)
		return false
	}
	spans := 0
	for _, it := range items {
		if it.period {
			spans++
		}
	}
	if spans > maxSpans {
		b.errorf("spans", "select fewer period rows with spans: where:", "%d period spans; a chart draws at most %d", spans, maxSpans)
		return false
	}
	return true
}

// checkCategories checks the x cells of unbinned bars, which are read as
// categories: in a column of years or numbers (all but a few of its cells
// drawn: one, or a quarter at most), a cell that is neither is a typo that would make a bar of its
// own, and is reported (cellErr) and left out.
func (b *builder) checkCategories(items []item, xc int, cellErr func(string, error)) []item {
	numeric := func(s string) bool {
		if _, err := data.ParseDate(s); err == nil {
			return true
		}
		_, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
		return err == nil
	}
	odd := 0
	for _, it := range items {
		if !numeric(it.cat) {
			odd++
		}
	}
	if odd == 0 || len(items)-odd < 2 || odd > 1 && odd*4 > len(items) {
		return items // categories, or nothing to say
	}
	kept := items[:0]
	for _, it := range items {
		if numeric(it.cat) {
			kept = append(kept, it)
			continue
		}
		cellErr("x", b.t.Errorf(it.row, xc, "%q is not a year or number like the column's other cells; as a category it would be a bar of its own", it.cat))
	}
	return kept
}

// LimitsMarkdown is the table of limits in README.md, made from the
// constants above (chart/readme_test.go checks that the README holds it).
func LimitsMarkdown() string {
	var b strings.Builder
	b.WriteString("| limit | value |\n|---|---|\n")
	row := func(what string, v any) { fmt.Fprintf(&b, "| %s | %v |\n", what, v) }
	for _, t := range Types {
		row("rows drawn by a "+t+" chart", maxItems[t])
	}
	row("yearly bars of a binned bar chart (`bin: year`)", maxBins)
	row("years spanned by a timeline's axis", maxYears)
	row("period spans (`spans:`)", maxSpans)
	row("magnitude of any number (values, `range`, `highlight`, `annotate`)", "1e15")
	row("ticks of an axis", maxTicks)
	row("columns of the CSV", data.MaxColumns)
	row("size of the CSV", fmt.Sprintf("%d MB", data.MaxSize>>20))
	return b.String()
}

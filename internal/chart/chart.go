package chart

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"quire/internal/data"
	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/project"
)

// Parse reads a chart block's YAML, loads its data through folder (which
// refuses files outside the manuscript folder), validates columns and
// filters, and returns a Figure, numbered later, whose Graphic draws the
// chart. pos is the Markdown position of the block's first line of YAML: an
// error on line k of the YAML is reported at line pos.Line+k-1. Errors go
// to diags (CSV errors name the CSV file and row as well as the Markdown
// line) and Parse returns nil.
func Parse(text []byte, pos diag.Pos, folder *project.Folder, diags *diag.List) doc.Block {
	s, ok := parseSpec(text, pos, diags)
	if !ok {
		return nil
	}
	b := &builder{s: s, diags: diags}
	g := b.build(folder)
	if g == nil {
		return nil
	}
	fig := &doc.Figure{
		At:      doc.At{Pos: s.blockPos},
		ID:      "fig:" + s.ID,
		Caption: caption(s),
		Source:  sourceLine(s, b.sources),
		Graphic: g,
		Alt:     s.Alt,
	}
	return fig
}

// builder turns a Spec and its table into a Graphic, reporting problems.
type builder struct {
	s       *Spec
	diags   *diag.List
	t       *data.Table
	failed  bool
	sources []string // distinct source values of the rows drawn
}

// recoverf is errorf for a problem a draft build works around (a warning
// then); the caller decides whether the chart fails.
func (b *builder) recoverf(key, hint, format string, args ...any) {
	p, ok := b.s.keyPos[key]
	if !ok {
		p = b.s.blockPos
	}
	b.diags.Recoverf(p, hint, "chart %q: "+format, append([]any{b.s.ID}, args...)...)
}

func (b *builder) errorf(key, hint, format string, args ...any) {
	p, ok := b.s.keyPos[key]
	if !ok {
		p = b.s.blockPos
	}
	b.diags.Errorf(p, hint, "chart %q: "+format, append([]any{b.s.ID}, args...)...)
	b.failed = true
}

// item is one row kept for drawing.
type item struct {
	row    int
	x0, x1 float64 // x as a decimal year (or number); x1 the end of the period
	cat    string  // x as written, for unbinned bars
	y      float64
	group  string
	label  string
	period bool // a period total, drawn as a span
}

func (b *builder) col(key, name string) int {
	if name == "" {
		return -1
	}
	c := b.t.Col(name)
	if c < 0 {
		b.errorf(key, "name one of the columns of the CSV header", "%s has no column %q (columns: %s)", b.t.File, name, strings.Join(b.t.Header, ", "))
	}
	return c
}

var placeholder = regexp.MustCompile(`\{([^{}|]+)(?:\|([a-z]+))?\}`)

// isTemplate reports whether a label is a template ("{name}, {period}")
// rather than a column name.
func isTemplate(s string) bool { return strings.Contains(s, "{") }

func (b *builder) checkTemplate(key, tmpl string) {
	for _, m := range placeholder.FindAllStringSubmatch(tmpl, -1) {
		if m[1] != "period" {
			b.col(key, m[1])
		}
		switch m[2] {
		case "", "lower", "year":
		default:
			b.errorf(key, "filters are lower and year", "label filter %q is unknown", m[2])
		}
	}
}

// expand fills a label template from row r; period is the x..end span.
func (b *builder) expand(tmpl string, r int, it item) string {
	return placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		sm := placeholder.FindStringSubmatch(m)
		if sm[1] == "period" {
			return period(it.x0, it.x1)
		}
		v := b.t.Cell(r, b.t.Col(sm[1]))
		switch sm[2] {
		case "lower":
			if v != "" {
				v = strings.ToLower(v[:1]) + v[1:]
			}
		case "year":
			if d, err := data.ParseDate(v); err == nil {
				v = strconv.Itoa(d.Year)
			}
		}
		return v
	})
}

// period formats a span of decimal years as "1932–34", "1938" or
// "1899–1901".
func period(x0, x1 float64) string {
	a := int(math.Floor(x0))
	z := int(math.Ceil(x1)) - 1
	if z <= a {
		return strconv.Itoa(a)
	}
	if a/100 == z/100 {
		return fmt.Sprintf("%d–%02d", a, z%100)
	}
	return fmt.Sprintf("%d–%d", a, z)
}

func (b *builder) build(folder *project.Folder) doc.Graphic {
	s := b.s
	if s.Data == "" {
		b.errorf("data", "give the CSV's path relative to the manuscript folder", "no data file given")
		return nil
	}
	t, err := data.Load(folder, s.Data)
	if err != nil {
		hint := "fix the CSV at the line named: every row needs as many fields as the header, and quotes must close"
		var h interface{ HintText() string }
		if errors.As(err, &h) && h.HintText() != "" {
			hint = h.HintText()
		}
		b.errorf("data", hint, "%v", err)
		return nil
	}
	b.t = t
	// Which columns each type needs.
	switch s.Type {
	case "timeline":
		if s.X == "" || s.Label == "" {
			b.errorf("type", "a timeline needs x (a date column) and label", "timeline needs x and label")
		}
	case "line":
		if s.X == "" || s.Y == "" {
			b.errorf("type", "a line chart needs x and y", "line chart needs x and y")
		}
	default:
		if s.X == "" {
			b.errorf("type", "a bar chart needs x", "%s chart needs x", s.Type)
		}
	}
	if s.Spans != nil && s.Y == "" {
		b.errorf("spans", "spans are rows whose y value is above 1; give y", "spans need a y column")
	}
	if s.Spans != nil && s.Spans.End == "" {
		b.errorf("spans", "name the column of the periods' end dates: spans: {end: end}", "spans need an end column")
	}
	xc := b.col("x", s.X)
	yc := b.col("y", s.Y)
	gc := b.col("group", s.Group)
	lc := -1
	if s.Label != "" {
		if isTemplate(s.Label) {
			b.checkTemplate("label", s.Label)
		} else {
			lc = b.col("label", s.Label)
		}
	}
	for _, f := range s.Where {
		if t.Col(f.Column) < 0 {
			b.diags.Errorf(f.Pos, "name one of the columns of the CSV header", "chart %q: where: %s has no column %q (columns: %s)", s.ID, t.File, f.Column, strings.Join(t.Header, ", "))
			b.failed = true
		}
	}
	ec := -1
	if s.Spans != nil {
		ec = b.col("spans", s.Spans.End)
		if s.Spans.Label != "" {
			b.checkTemplate("spans", s.Spans.Label)
		}
		for _, f := range s.Spans.Where {
			if t.Col(f.Column) < 0 {
				b.diags.Errorf(f.Pos, "name one of the columns of the CSV header", "chart %q: spans where: %s has no column %q", s.ID, t.File, f.Column)
				b.failed = true
			}
		}
	}
	if b.failed {
		return nil
	}
	srcCol := t.Col("source")
	dated := s.Type == "timeline" || s.Bin == "year"
	var items []item
	// A cell the chart cannot place is an error (a warning in a draft,
	// and its row is left out): no row is dropped silently.
	badCells := 0
	cellErr := func(key string, err error) {
		badCells++
		if badCells <= 5 {
			b.recoverf(key, "fix the cell in the CSV, or leave its row out with where:", "%v", err)
		}
		if !b.diags.Draft {
			b.failed = true
		}
	}
rows:
	for r := range t.Rows {
		for _, f := range s.Where {
			if !f.match(t.Cell(r, t.Col(f.Column))) {
				continue rows
			}
		}
		it := item{row: r, y: 1}
		cell := t.Cell(r, xc)
		it.cat = cell
		switch {
		case dated:
			d, err := t.Date(r, xc)
			if err != nil {
				cellErr("x", err)
				continue
			}
			it.x0, it.x1 = d.Decimal(), d.End()
		case s.Type == "line":
			if d, err := data.ParseDate(cell); err == nil && strings.Contains(cell, "-") {
				it.x0 = d.Decimal()
			} else if v, err := t.Float(r, xc); err == nil {
				it.x0 = v
			} else {
				cellErr("x", err)
				continue
			}
			it.x1 = it.x0
		}
		if !dated && s.Type != "line" && cell == "" {
			cellErr("x", t.Errorf(r, xc, "empty cell where a category is needed"))
			continue
		}
		if (dated || s.Type == "line") && !finite(it.x0) {
			cellErr("x", t.Errorf(r, xc, "%q is out of range (at most 1e15)", cell))
			continue
		}
		if yc >= 0 {
			v, err := t.Float(r, yc)
			if err != nil {
				cellErr("y", err)
				continue
			}
			if !finite(v) {
				cellErr("y", t.Errorf(r, yc, "%v is out of range (a chart's numbers are at most 1e15)", v))
				continue
			}
			if v < 0 && s.Type != "line" {
				cellErr("y", t.Errorf(r, yc, "%v is negative; bars start at zero", v))
				continue
			}
			it.y = v
		}
		if gc >= 0 {
			it.group = t.Cell(r, gc)
			if it.group == "" {
				cellErr("group", t.Errorf(r, gc, "empty cell where a group is needed"))
				continue
			}
		}
		if s.Spans != nil && it.y > 1 {
			it.period = true
			if !dated {
				b.errorf("spans", "spans need dates: set bin: year", "spans need a dated x axis")
				return nil
			}
			d, err := t.Date(r, ec)
			if err != nil {
				cellErr("spans", err)
				continue
			}
			it.x1 = d.End()
			if it.x1 < it.x0 {
				cellErr("spans", t.Errorf(r, ec, "period ends (%s) before it starts (%s)", t.Cell(r, ec), cell))
				continue
			}
			for _, f := range s.Spans.Where {
				if !f.match(t.Cell(r, t.Col(f.Column))) {
					continue rows
				}
			}
			tmpl := s.Spans.Label
			if tmpl == "" {
				tmpl = "{" + s.Y + "}, {period}"
			}
			it.label = b.expand(tmpl, r, it)
		} else if lc >= 0 {
			it.label = t.Cell(r, lc)
		} else if s.Label != "" {
			it.label = b.expand(s.Label, r, it)
		}
		if s.Range != nil && (dated || s.Type == "line") {
			from, to := s.Range[0], s.Range[1]+1
			if s.Type == "line" {
				to = s.Range[1]
			}
			if it.x1 <= from || it.x0 >= to || (s.Type == "line" && (it.x0 < from || it.x0 > to)) {
				continue
			}
		}
		items = append(items, it)
	}
	if !dated && s.Type != "line" {
		items = b.checkCategories(items, xc, cellErr)
	}
	if badCells > 5 {
		b.recoverf("data", "fix the cells in the CSV", "%d more bad cells in %s not shown", badCells-5, t.File)
	}
	if b.failed {
		return nil
	}
	if !b.withinLimits(items, dated) {
		return nil
	}
	if len(items) == 0 {
		var conds []string
		for _, f := range s.Where {
			conds = append(conds, f.String())
		}
		if s.Range != nil {
			conds = append(conds, fmt.Sprintf("range %v–%v", s.Range[0], s.Range[1]))
		}
		key := "where"
		if _, ok := s.keyPos[key]; !ok {
			key = "range"
		}
		b.errorf(key, "check the where and range keys against the data", "nothing to draw: none of the %d rows of %s passes the filters (%s)", len(t.Rows), t.File, strings.Join(conds, "; "))
		return nil
	}
	if n := len(items); n > maxItems[s.Type] {
		b.errorf("data", "select fewer rows with where or range", "%d rows to draw; a %s chart takes at most %d", n, s.Type, maxItems[s.Type])
		return nil
	}
	if s.Type == "line" {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, it := range items {
			lo, hi = math.Min(lo, it.x0), math.Max(hi, it.x0)
		}
		if lo == hi && s.Range == nil {
			b.errorf("x", "give the chart rows with at least two different x values", "a line needs at least two different x values")
			return nil
		}
	}
	// Sources of the rows drawn.
	if srcCol >= 0 {
		seen := map[string]bool{}
		for _, it := range items {
			for _, part := range strings.Split(t.Cell(it.row, srcCol), ";") {
				part = strings.TrimSpace(part)
				if part != "" && !seen[part] {
					seen[part] = true
					b.sources = append(b.sources, part)
				}
			}
		}
		sort.Strings(b.sources)
	}
	switch s.Type {
	case "timeline":
		return newTimeline(s, items)
	case "line":
		return newLine(s, items)
	}
	return newBars(s, items)
}

func caption(s *Spec) []doc.Inline {
	var out []doc.Inline
	if s.Title != "" {
		t := s.Title
		if !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "?") {
			t += "."
		}
		out = append(out, doc.Strong{Content: []doc.Inline{doc.Text{S: t}}})
	}
	if s.Caption != "" {
		if len(out) > 0 {
			out = append(out, doc.Text{S: " "})
		}
		out = append(out, doc.Text{S: s.Caption})
	}
	return out
}

// maxItems bounds the rows a chart draws, keeping layout time and the
// figure legible.
var maxItems = map[string]int{"timeline": 200, "bar": 5000, "stacked-bar": 5000, "line": 20000}

// maxSources bounds the sources listed in a default source line.
const maxSources = 16

func sourceLine(s *Spec, sources []string) []doc.Inline {
	var out []doc.Inline
	if s.Notes != "" {
		n := s.Notes
		if !strings.HasPrefix(n, "Note") {
			n = "Note: " + n
		}
		out = append(out, doc.Text{S: n})
	}
	line := s.Source
	if line == "" && len(sources) > 0 {
		list := sources
		more := 0
		if len(list) > maxSources {
			list, more = list[:maxSources], len(list)-maxSources
		}
		line = strings.Join(list, "; ")
		if more > 0 {
			line += fmt.Sprintf("; and %d more (see %s)", more, s.Data)
		}
		if len(sources) == 1 {
			line = "Source: " + line
		} else {
			line = "Sources: " + line
		}
	} else if line != "" && !strings.HasPrefix(line, "Source") {
		line = "Source: " + line
	}
	if line != "" {
		if !strings.HasSuffix(line, ".") {
			line += "."
		}
		if len(out) > 0 {
			out = append(out, doc.LineBreak{})
		}
		out = append(out, doc.Text{S: line})
	}
	return out
}

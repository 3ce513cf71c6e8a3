package csl

import (
	"strconv"
)

// dpRender is a date part to render with its effective attributes.
type dpRender struct {
	name       string
	form       string
	f          Formatting
	rangeDelim string
}

func (x *ctx) datePartsFor(e *element) ([]dpRender, Formatting, string, bool) {
	f := e.f
	delim := e.delim
	hasDelim := e.hasDelim
	var parts []dpRender
	if e.form == "text" || e.form == "numeric" {
		loc := x.p.loc.date(e.form)
		if loc == nil {
			x.warn("the locale has no %s date format", e.form)
			return nil, f, delim, hasDelim
		}
		if !hasDelim {
			delim, hasDelim = loc.delim, loc.hasDelim
		}
		show := e.dateParts
		if show == "" {
			show = "year-month-day"
		}
		for _, lp := range loc.parts {
			if show == "year" && lp.name != "year" || show == "year-month" && lp.name == "day" {
				continue
			}
			dp := dpRender{name: lp.name, form: lp.form, f: lp.f, rangeDelim: "–"}
			if lp.hasRangeDelim {
				dp.rangeDelim = lp.rangeDelim
			}
			for _, sp := range e.parts {
				if sp.name != lp.name {
					continue
				}
				if sp.form != "" {
					dp.form = sp.form
				}
				if sp.hasRangeDelim {
					dp.rangeDelim = sp.rangeDelim
				}
				// style overrides formatting but not the locale's affixes
				o := sp.f
				if o.FontStyle != "" {
					dp.f.FontStyle = o.FontStyle
				}
				if o.FontVariant != "" {
					dp.f.FontVariant = o.FontVariant
				}
				if o.FontWeight != "" {
					dp.f.FontWeight = o.FontWeight
				}
				if o.TextDecoration != "" {
					dp.f.TextDecoration = o.TextDecoration
				}
				if o.VerticalAlign != "" {
					dp.f.VerticalAlign = o.VerticalAlign
				}
				if o.TextCase != "" {
					dp.f.TextCase = o.TextCase
				}
				if o.StripPeriods {
					dp.f.StripPeriods = true
				}
				if o.Prefix != "" || o.Suffix != "" {
					// CSL: affixes on date-parts of localized dates are
					// ignored; citeproc-js applies them. Follow citeproc-js.
					if o.Prefix != "" {
						dp.f.Prefix = o.Prefix
					}
					if o.Suffix != "" {
						dp.f.Suffix = o.Suffix
					}
				}
			}
			parts = append(parts, dp)
		}
		// the locale's own formatting applies, under the element's
		lf := loc.f
		if f.Prefix == "" {
			f.Prefix = lf.Prefix
		}
		if f.Suffix == "" {
			f.Suffix = lf.Suffix
		}
		return parts, f, delim, hasDelim
	}
	for _, sp := range e.parts {
		dp := dpRender{name: sp.name, form: sp.form, f: sp.f, rangeDelim: "–"}
		if sp.hasRangeDelim {
			dp.rangeDelim = sp.rangeDelim
		}
		parts = append(parts, dp)
	}
	return parts, f, delim, hasDelim
}

func (x *ctx) evalDate(e *element) *out {
	v := e.variable
	if x.suppressed[v] {
		x.accessed++
		return nil
	}
	d := x.item().Dates[v]
	x.accessed++
	if d == nil || (!d.hasParts() && d.Literal == "" && d.Season == 0) {
		return nil
	}
	if x.inSubstitute {
		x.suppress(v)
	}
	parts, f, delim, _ := x.datePartsFor(e)
	if d.Literal != "" && !d.hasParts() {
		x.nonEmpty++
		o := &out{kids: []*out{lit(x.p.parse(d.Literal))}, tag: tagDate, date: d}
		return group(fmtPtr(f), x.withYearSuffix(o))
	}
	var body []*out
	a, b := d.Parts[0], [3]int{}
	na, nb := d.NParts[0], 0
	isRange := len(d.Parts) > 1
	if isRange {
		b, nb = d.Parts[1], d.NParts[1]
		if nb == 0 && b == ([3]int{}) {
			// open range: "2000–"
		} else if a == b && na == nb {
			isRange = false
		}
	}
	season := d.Season
	if !isRange {
		body = x.renderDateParts(parts, a, na, season, delim)
	} else if nb == 0 {
		body = x.renderDateParts(parts, a, na, season, delim)
		if len(body) > 0 {
			rd := "–"
			for _, p := range parts {
				if p.name == "year" {
					rd = p.rangeDelim
				}
			}
			body = []*out{group(nil, groupDelim(nil, delim, body), litS(rd))}
		}
	} else {
		// the largest part that differs decides what is repeated
		diff := "day"
		if a[0] != b[0] {
			diff = "year"
		} else if a[1] != b[1] || na != nb {
			diff = "month"
		}
		inDiff := func(name string) bool {
			switch diff {
			case "year":
				return true
			case "month":
				return name == "month" || name == "day"
			}
			return name == "day"
		}
		var before, diffs, after []dpRender
		for _, p := range parts {
			if inDiff(p.name) {
				diffs = append(diffs, p)
			} else if len(diffs) == 0 {
				before = append(before, p)
			} else {
				after = append(after, p)
			}
		}
		rd := "–"
		for _, p := range diffs {
			if p.name == diff {
				rd = p.rangeDelim
			}
		}
		left := x.renderDateParts(diffs, a, na, season, delim)
		right := x.renderDateParts(diffs, b, nb, season, delim)
		if len(left) > 0 && len(right) > 0 {
			left = dropLastSuffix(left)
			right = dropFirstPrefix(right)
		}
		var seq []*out
		seq = append(seq, x.renderDateParts(before, a, na, season, delim)...)
		mid := group(nil, groupDelim(nil, delim, left), litS(rd), groupDelim(nil, delim, right))
		if len(left) == 0 || len(right) == 0 {
			mid = groupDelim(nil, delim, append(left, right...))
		}
		seq = append(seq, mid)
		seq = append(seq, x.renderDateParts(after, a, na, season, delim)...)
		body = []*out{groupDelim(nil, delim, seq)}
		delim = ""
	}
	if len(body) == 0 {
		return nil
	}
	x.nonEmpty++
	o := &out{kids: []*out{groupDelim(nil, delim, body)}, tag: tagDate, date: d}
	return group(fmtPtr(f), x.withYearSuffix(o))
}

// withYearSuffix appends the year-suffix after the first rendered date of
// a cite when the style does not place the variable itself.
func (x *ctx) withYearSuffix(o *out) *out {
	if x.dis == nil || x.dis.yearSuffix == 0 || x.p.style.usesYearSuffixVar || x.usedYearSuffix || x.sorting {
		return o
	}
	x.usedYearSuffix = true
	ys := &out{kids: []*out{litS(yearSuffixText(x.dis.yearSuffix))}, tag: tagYearSuffix, num: x.dis.yearSuffix}
	return &out{kids: []*out{o, ys}}
}

func dropLastSuffix(os []*out) []*out {
	if len(os) == 0 {
		return os
	}
	last := os[len(os)-1]
	if last != nil && last.f != nil && last.f.Suffix != "" {
		c := *last
		f := *last.f
		f.Suffix = ""
		c.f = &f
		os = append(os[:len(os)-1:len(os)-1], &c)
	}
	return os
}

func dropFirstPrefix(os []*out) []*out {
	if len(os) == 0 {
		return os
	}
	first := os[0]
	if first != nil && first.f != nil && first.f.Prefix != "" {
		c := *first
		f := *first.f
		f.Prefix = ""
		c.f = &f
		rest := append([]*out{&c}, os[1:]...)
		return rest
	}
	return os
}

func (x *ctx) renderDateParts(parts []dpRender, d [3]int, n int, season int, delim string) []*out {
	var outs []*out
	for _, p := range parts {
		var s string
		switch p.name {
		case "year":
			if n < 1 {
				continue
			}
			s = x.formatYear(d[0], p.form)
		case "month":
			if n >= 2 && d[1] > 12 {
				// a month 13-20 or 21-24 is a season
				switch {
				case d[1] <= 20:
					season = (d[1]-13)%4 + 1
				case d[1] <= 24:
					season = d[1] - 20
				default:
					season = 0
				}
			}
			if n >= 2 && d[1] >= 1 && d[1] <= 12 {
				s = x.formatMonth(d[1], p.form)
			} else if season > 0 && season <= 4 {
				if p.form == "numeric" || p.form == "numeric-leading-zeros" {
					continue
				}
				form := "long"
				if p.form == "short" {
					form = "short"
				}
				t, ok := x.p.loc.termText("season-0"+strconv.Itoa(season), form, false)
				if !ok {
					continue
				}
				s = t
			} else {
				continue
			}
		case "day":
			if n < 3 || d[2] <= 0 || d[1] < 1 || d[1] > 12 {
				continue
			}
			s = x.formatDay(d[2], p.form, d[1])
		}
		if s == "" {
			continue
		}
		f := p.f
		outs = append(outs, group(fmtPtr(f), litS(s)))
	}
	return outs
}

func (x *ctx) formatYear(y int, form string) string {
	if y < 0 {
		s := strconv.Itoa(-y)
		if t, ok := x.p.loc.termText("bc", "long", false); ok {
			s += t
		}
		return s
	}
	if form == "short" {
		s := strconv.Itoa(y % 100)
		if y%100 < 10 {
			s = "0" + s
		}
		return s
	}
	s := strconv.Itoa(y)
	if y > 0 && y < 1000 {
		if t, ok := x.p.loc.termText("ad", "long", false); ok {
			s += t
		}
	}
	return s
}

func (x *ctx) formatMonth(m int, form string) string {
	switch form {
	case "numeric":
		return strconv.Itoa(m)
	case "numeric-leading-zeros":
		return twoDigits(m)
	}
	tf := "long"
	if form == "short" {
		tf = "short"
	}
	t, ok := x.p.loc.termText("month-"+twoDigits(m), tf, false)
	if !ok {
		return strconv.Itoa(m)
	}
	return t
}

func (x *ctx) formatDay(day int, form string, month int) string {
	switch form {
	case "numeric-leading-zeros":
		return twoDigits(day)
	case "ordinal":
		if x.p.loc.limitDayOrdinals() && day != 1 {
			return strconv.Itoa(day)
		}
		gender := ""
		if month >= 1 && month <= 12 {
			gender = x.p.loc.nounGender("month-" + twoDigits(month))
		}
		return x.ordinal(day, gender)
	}
	return strconv.Itoa(day)
}

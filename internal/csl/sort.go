package csl

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// sortValue is one key of an item: a string (compared by the collator),
// a number, or missing (sorted last in both directions).
type sortValue struct {
	missing bool
	s       string
	num     bool
	n       int
}

func (p *Processor) sortKeys(lay *Layout, c *cite, dis *disamb) []sortValue {
	vals := make([]sortValue, len(lay.sort))
	for i, k := range lay.sort {
		x := &ctx{p: p, lay: lay, c: c, dis: dis, bib: lay == p.style.Bibliography, sorting: true, sortKey: k}
		if k.variable != "" {
			vals[i] = x.sortVariable(k.variable)
			continue
		}
		o := group(nil, x.evalElems(k.macro.elems)...)
		s := normalizeSortString(o.plainText())
		if s == "" {
			vals[i] = sortValue{missing: true}
			continue
		}
		// a macro that renders a date or number sorts as such
		if isDigits(s) {
			vals[i] = sortValue{s: fmt.Sprintf("%020s", s)}
			continue
		}
		vals[i] = sortValue{s: s}
	}
	return vals
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// normalizeSortString drops punctuation (hyphens join, other marks
// separate) so that sort keys compare by their words.
func normalizeSortString(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == '‐':
			return -1
		case unicode.IsPunct(r) || r == 'ʾ' || r == 'ʿ':
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(strings.Join(strings.Fields(s), " "))
}

// dateSortKey writes a date so that strings compare in date order.
func dateSortKey(d *Date) string {
	var b strings.Builder
	for i, p := range d.Parts {
		if i > 0 {
			b.WriteString("/")
		}
		y, m, dd := p[0], p[1], p[2]
		n := d.NParts[i]
		if n < 2 {
			m = 0
		}
		if n < 3 {
			dd = 0
		}
		if y < 0 {
			fmt.Fprintf(&b, "-%09d", 999999999+y)
		} else {
			fmt.Fprintf(&b, "0%09d", y)
		}
		fmt.Fprintf(&b, "%02d%02d", m, dd)
	}
	return b.String()
}

func (x *ctx) sortVariable(v string) sortValue {
	it := x.item()
	switch {
	case nameVars[v]:
		ns := it.Names[v]
		if len(ns) == 0 {
			return sortValue{missing: true}
		}
		// names in sort order, long form
		o := x.nameSortString(ns)
		return sortValue{s: o}
	case dateVars[v]:
		d := it.Dates[v]
		if d == nil || !d.hasParts() {
			return sortValue{missing: true}
		}
		return sortValue{s: dateSortKey(d)}
	}
	s := x.rawStr(v)
	if s == "" {
		return sortValue{missing: true}
	}
	if numberVars[v] {
		// numeric sort on the first number
		n, ok := leadingInt(s)
		if ok {
			return sortValue{num: true, n: n, s: s}
		}
	}
	return sortValue{s: normalizeSortString(parseMarkup(s).String())}
}

func leadingInt(s string) (int, bool) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && !unicode.IsDigit(rune(s[i])) {
		if unicode.IsLetter(rune(s[i])) {
			i++
			continue
		}
		break
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i {
		return 0, false
	}
	n := 0
	for _, c := range s[i:j] {
		n = n*10 + int(c-'0')
		if n > 1e9 {
			break
		}
	}
	return n, true
}

func (x *ctx) nameSortString(ns []Name) string {
	var parts []string
	for i := range ns {
		n := &ns[i]
		if n.Literal != "" {
			parts = append(parts, n.Literal)
			continue
		}
		var fs []string
		if x.p.style.demoteNDP == "never" {
			fs = []string{strings.TrimSpace(n.NonDroppingParticle + " " + n.Family), n.DroppingParticle, n.Given, n.Suffix}
		} else {
			fs = []string{n.Family, strings.TrimSpace(n.DroppingParticle + " " + n.NonDroppingParticle), n.Given, n.Suffix}
		}
		var keep []string
		for _, f := range fs {
			if f != "" {
				keep = append(keep, f)
			}
		}
		parts = append(parts, strings.Join(keep, " "))
	}
	return normalizeSortString(strings.Join(parts, ", "))
}

// collator compares sort strings the way the locale orders them, without
// regard to case and accents at the first level.
func newCollator(lang string) *collate.Collator {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.AmericanEnglish
	}
	return collate.New(tag, collate.Loose)
}

func (p *Processor) compareKeys(a, b []sortValue, lay *Layout) int {
	for i := range a {
		if i >= len(b) {
			break
		}
		x, y := a[i], b[i]
		desc := lay.sort[i].desc
		if x.missing || y.missing {
			if x.missing && y.missing {
				continue
			}
			if x.missing {
				return 1
			}
			return -1
		}
		var c int
		if x.num && y.num {
			switch {
			case x.n < y.n:
				c = -1
			case x.n > y.n:
				c = 1
			}
		} else {
			c = p.coll.CompareString(x.s, y.s)
			if c == 0 {
				c = strings.Compare(x.s, y.s)
				if c != 0 {
					// case differences decide only when all else is equal
					c = 0
				}
			}
		}
		if c != 0 {
			if desc {
				return -c
			}
			return c
		}
	}
	return 0
}

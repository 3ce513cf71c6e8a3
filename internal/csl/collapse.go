package csl

// piece is a rendered cite, or a collapsed part of one, in a citation.
type piece struct {
	o           *out
	item        *CiteItem // for the cite's prefix and suffix
	delimBefore *string
}

type citeOut struct {
	o  *out
	pc *placed
}

func cs2outs[T any](cs []T, f func(i int) (*out, *placed)) []citeOut {
	r := make([]citeOut, len(cs))
	for i := range cs {
		o, pc := f(i)
		r[i] = citeOut{o: o, pc: pc}
	}
	return r
}

func strp(s string) *string { return &s }

// namesKey is what cite grouping compares: the first names rendered.
func namesKey(o *out) (string, bool) {
	n := firstNamesNode(o)
	if n == nil {
		return "", true // cites without names group together
	}
	return n.plainText(), true
}

func (p *Processor) collapse(cs []citeOut) []piece {
	lay := p.style.Citation
	layDelim := lay.delim
	afterCollapse := layDelim
	if lay.hasAfterCollapse {
		afterCollapse = lay.afterCollapseDelim
	}
	switch lay.collapse {
	case "citation-number":
		return p.collapseNumbers(cs, layDelim, afterCollapse)
	}
	grouping := lay.hasCiteGroupDelim || lay.collapse == "year" || lay.collapse == "year-suffix" || lay.collapse == "year-suffix-ranged"
	if !grouping {
		ps := make([]piece, len(cs))
		for i, c := range cs {
			ps[i] = piece{o: c.o, item: c.pc.ci}
		}
		return ps
	}
	// within a group: the cite-group-delimiter; without one, ", " when the
	// style sorts (and so groups) cites, else the layout's delimiter (as
	// citeproc-js does)
	groupDelim := layDelim
	if lay.hasCiteGroupDelim {
		groupDelim = lay.citeGroupDelim
	} else if len(lay.sort) > 0 {
		groupDelim = ", "
	}
	ysDelim := layDelim
	if lay.hasYearSuffixDelim {
		ysDelim = lay.yearSuffixDelim
	} else if lay.hasCiteGroupDelim {
		ysDelim = lay.citeGroupDelim
	}
	// cites are regrouped only when the style sorts them; otherwise only
	// neighbours with the same names are grouped
	regroup := len(lay.sort) > 0
	// group cites with the same names, in order of the first of each
	var groups [][]citeOut
	index := map[string]int{}
	for _, c := range cs {
		k, ok := namesKey(c.o)
		if ok && c.pc.ci.Prefix == "" {
			if gi, seen := index[k]; seen && (regroup || gi == len(groups)-1) {
				groups[gi] = append(groups[gi], c)
				continue
			}
			index[k] = len(groups)
		}
		groups = append(groups, []citeOut{c})
	}
	var out []piece
	prevCollapsed := false
	for gi, g := range groups {
		for i, c := range g {
			pc := piece{o: c.o, item: c.pc.ci}
			if i == 0 {
				if gi > 0 {
					if prevCollapsed {
						pc.delimBefore = strp(afterCollapse)
					} else {
						pc.delimBefore = strp(layDelim)
					}
				}
				out = append(out, pc)
				continue
			}
			if lay.collapse == "" {
				pc.delimBefore = strp(groupDelim)
				out = append(out, pc)
				continue
			}
			// collapse: drop the names
			prev := g[i-1]
			o := removeFirstNames(c.o)
			pc.delimBefore = strp(groupDelim)
			if prev.pc.ci.Locator != "" {
				pc.delimBefore = strp(afterCollapse)
			}
			if (lay.collapse == "year-suffix" || lay.collapse == "year-suffix-ranged") && sameDate(prev.o, c.o) && hasYearSuffix(c.o) && c.pc.ci.Locator == "" && prev.pc.ci.Locator == "" {
				o = onlyYearSuffix(c.o)
				pc.delimBefore = strp(ysDelim)
			}
			pc.o = o
			out = append(out, pc)
		}
		prevCollapsed = len(g) > 1 && lay.collapse != ""
	}
	if lay.collapse == "year-suffix-ranged" {
		out = rangeYearSuffixes(out)
	}
	return out
}

func dateOf(o *out) string {
	var d string
	found := false
	o.walk(func(n *out) bool {
		if found {
			return false
		}
		if n.tag == tagDate {
			found = true
			// the date text without the year-suffix
			var b []*out
			for _, k := range n.kids {
				b = append(b, k)
			}
			d = (&out{kids: b}).plainText()
			return false
		}
		return true
	})
	return d
}

func sameDate(a, b *out) bool {
	da, db := dateOf(a), dateOf(b)
	return da != "" && da == db
}

func hasYearSuffix(o *out) bool {
	found := false
	o.walk(func(n *out) bool {
		if n.tag == tagYearSuffix {
			found = true
		}
		return !found
	})
	return found
}

func yearSuffixNum(o *out) int {
	num := 0
	o.walk(func(n *out) bool {
		if n.tag == tagYearSuffix {
			num = n.num
			return false
		}
		return num == 0
	})
	return num
}

func onlyYearSuffix(o *out) *out {
	var found *out
	o.walk(func(n *out) bool {
		if found != nil {
			return false
		}
		if n.tag == tagYearSuffix {
			found = n
			return false
		}
		return true
	})
	return found
}

// rangeYearSuffixes turns runs of three or more consecutive year-suffix
// pieces ("a, b, c") into ranges ("a–c").
func rangeYearSuffixes(ps []piece) []piece {
	var out []piece
	i := 0
	for i < len(ps) {
		// a run starts at a piece whose next pieces are bare year-suffixes
		j := i
		if isBareSuffix(ps, i) || i+1 < len(ps) && isBareSuffix(ps, i+1) {
			j = i + 1
			for j < len(ps) && isBareSuffix(ps, j) && yearSuffixNum(ps[j].o) == yearSuffixNum(ps[j-1].o)+1 {
				j++
			}
		}
		if j-i >= 3 {
			out = append(out, ps[i])
			last := ps[j-1]
			last.delimBefore = strp("–")
			out = append(out, last)
			i = j
			continue
		}
		out = append(out, ps[i])
		i++
	}
	return out
}

func isBareSuffix(ps []piece, i int) bool {
	o := ps[i].o
	return o != nil && o.tag == tagYearSuffix
}

// citeNumber is the citation number when a cite renders nothing else.
func citeNumber(o *out) (int, bool) {
	if o == nil {
		return 0, false
	}
	var num *out
	count := 0
	o.walk(func(n *out) bool {
		if n.tag == tagCitationNumber {
			num = n
			count++
			return false
		}
		return true
	})
	if count != 1 {
		return 0, false
	}
	if o.rawText() != num.rawText() {
		return 0, false
	}
	return num.num, true
}

func (p *Processor) collapseNumbers(cs []citeOut, layDelim, afterCollapse string) []piece {
	var out []piece
	i := 0
	prevRange := false
	for i < len(cs) {
		n, ok := citeNumber(cs[i].o)
		j := i + 1
		if ok && cs[i].pc.ci.Locator == "" && cs[i].pc.ci.Prefix == "" && cs[i].pc.ci.Suffix == "" {
			for j < len(cs) {
				m, ok2 := citeNumber(cs[j].o)
				if !ok2 || m != n+(j-i) || cs[j].pc.ci.Prefix != "" || cs[j].pc.ci.Suffix != "" || cs[j].pc.ci.Locator != "" && j+1 < len(cs) {
					break
				}
				j++
			}
		}
		first := piece{o: cs[i].o, item: cs[i].pc.ci}
		if len(out) > 0 {
			if prevRange {
				first.delimBefore = strp(afterCollapse)
			} else {
				first.delimBefore = strp(layDelim)
			}
		}
		if j-i >= 3 {
			last := piece{o: cs[j-1].o, item: cs[j-1].pc.ci, delimBefore: strp("–")}
			out = append(out, first, last)
			prevRange = true
			i = j
			continue
		}
		out = append(out, first)
		prevRange = false
		i++
	}
	return out
}

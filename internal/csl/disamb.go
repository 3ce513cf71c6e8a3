package csl

import (
	"sort"
	"strings"
)

// disambiguation follows CSL 1.0.2 §Disambiguation: cites that render
// the same for different items are made distinct by adding names, then
// given names, then the disambiguate condition, then year-suffixes.

type disCtx struct {
	p       *Processor
	lay     *Layout
	items   []*Item
	numbers map[string]int
	first   map[string]int
	cited   map[positions]map[string]bool // context -> items cited in it
	ctxs    []positions
}

func (d *disCtx) key(it *Item, pos positions) string {
	c := &cite{item: it, pos: pos, number: d.numbers[it.ID], firstNote: d.first[it.ID]}
	o := d.p.renderCite(c, d.lay, false)
	return o.plainText()
}

// ambiguous returns the sets of items that render alike in some context
// where at least one of them is cited.
func (d *disCtx) ambiguous() [][]*Item {
	var sets [][]*Item
	seen := map[string]bool{}
	for _, pos := range d.ctxs {
		byKey := map[string][]*Item{}
		var keys []string
		for _, it := range d.items {
			k := d.key(it, pos)
			if k == "" {
				continue
			}
			if _, ok := byKey[k]; !ok {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], it)
		}
		for _, k := range keys {
			s := byKey[k]
			if len(s) < 2 {
				continue
			}
			anyCited := false
			for _, it := range s {
				if d.cited[pos][it.ID] {
					anyCited = true
				}
			}
			if !anyCited {
				continue
			}
			var ids []string
			for _, it := range s {
				ids = append(ids, it.ID)
			}
			sig := strings.Join(ids, "\x00")
			if seen[sig] {
				continue
			}
			seen[sig] = true
			sets = append(sets, s)
		}
	}
	return sets
}

// unique reports whether it renders differently from every other item of
// set in every context.
func (d *disCtx) unique(it *Item, set []*Item) bool {
	for _, pos := range d.ctxs {
		k := d.key(it, pos)
		for _, o := range set {
			if o != it && d.key(o, pos) == k {
				return false
			}
		}
	}
	return true
}

// clashes counts the items of set that render like it.
func (d *disCtx) clashes(it *Item, set []*Item) int {
	n := 0
	for _, pos := range d.ctxs {
		k := d.key(it, pos)
		for _, o := range set {
			if o != it && d.key(o, pos) == k {
				n++
			}
		}
	}
	return n
}

func (p *Processor) disambiguate(all [][]*placed, order []*Item) {
	lay := p.style.Citation
	d := &disCtx{p: p, lay: lay, items: order, numbers: map[string]int{}, first: map[string]int{}, cited: map[positions]map[string]bool{}}
	for i, it := range order {
		d.numbers[it.ID] = i + 1
	}
	for _, ps := range all {
		for _, pc := range ps {
			pos := pc.c.pos
			if d.cited[pos] == nil {
				d.cited[pos] = map[string]bool{}
				d.ctxs = append(d.ctxs, pos)
			}
			d.cited[pos][pc.c.item.ID] = true
			d.numbers[pc.c.item.ID] = pc.c.number
			if _, ok := d.first[pc.c.item.ID]; !ok {
				d.first[pc.c.item.ID] = pc.c.firstNote
			}
		}
	}
	if len(d.ctxs) == 0 {
		return
	}
	if lay.addGivenname && lay.givennameRule != "by-cite" {
		p.globalGivennames(d)
	}
	sets := d.ambiguous()
	if len(sets) == 0 {
		return
	}
	if lay.addNames {
		for _, s := range sets {
			p.addNames(d, s)
		}
		sets = d.ambiguous()
	}
	if lay.addGivenname && lay.givennameRule == "by-cite" {
		for _, s := range sets {
			p.addGivennamesByCite(d, s)
		}
		sets = d.ambiguous()
	}
	// the disambiguate condition
	if len(sets) > 0 && p.usesDisambiguateCond() {
		for _, s := range sets {
			for _, it := range s {
				p.disOf(it.ID).condition = true
			}
		}
		sets = d.ambiguous()
	}
	if lay.addYearSuffix && len(sets) > 0 {
		p.addYearSuffixes(d, sets, order)
	}
}

func (p *Processor) usesDisambiguateCond() bool {
	found := false
	var walk func(es []*element)
	walk = func(es []*element) {
		for _, e := range es {
			if found {
				return
			}
			for _, b := range e.branches {
				for _, c := range b.conds {
					if c.kind == cDisambiguate {
						found = true
					}
				}
				walk(b.kids)
			}
			walk(e.kids)
		}
	}
	for _, m := range p.style.macros {
		walk(m.elems)
	}
	walk(p.style.Citation.elems)
	return found
}

func maxNames(it *Item) int {
	m := 0
	for _, ns := range it.Names {
		if len(ns) > m {
			m = len(ns)
		}
	}
	return m
}

// addNames raises the number of names shown for each item of set until it
// renders uniquely.
func (p *Processor) addNames(d *disCtx, set []*Item) {
	max := 0
	for _, it := range set {
		if m := maxNames(it); m > max {
			max = m
		}
	}
	base := map[string]int{}
	for _, it := range set {
		base[it.ID] = p.disOf(it.ID).etAlNames
	}
	best := map[string]int{}
	for _, it := range set {
		best[it.ID] = -1
	}
	for n := 1; n <= max; n++ {
		for _, it := range set {
			if best[it.ID] < 0 {
				p.disOf(it.ID).etAlNames = n
			}
		}
		for _, it := range set {
			if best[it.ID] < 0 && d.unique(it, set) {
				best[it.ID] = n
			}
		}
	}
	for _, it := range set {
		if best[it.ID] > 0 {
			p.disOf(it.ID).etAlNames = best[it.ID]
		} else {
			p.disOf(it.ID).etAlNames = base[it.ID]
		}
	}
}

// addGivennamesByCite expands given names, one name at a time, for the
// items of set that remain ambiguous.
func (p *Processor) addGivennamesByCite(d *disCtx, set []*Item) {
	for _, it := range set {
		if d.unique(it, set) {
			continue
		}
		dis := p.disOf(it.ID)
		if dis.givens == nil {
			dis.givens = map[string]int{}
		}
		before := d.clashes(it, set)
		for _, v := range nameVarsOf(it) {
			for i := range it.Names[v] {
				n := &it.Names[v][i]
				k := nameKey(n)
				for level := dis.givens[k] + 1; level <= 2; level++ {
					old := dis.givens[k]
					dis.givens[k] = level
					c := d.clashes(it, set)
					if c < before {
						before = c
					} else {
						dis.givens[k] = old
					}
					if c == 0 {
						return
					}
				}
			}
		}
	}
}

func nameVarsOf(it *Item) []string {
	var vs []string
	for v := range it.Names {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	// author first
	for i, v := range vs {
		if v == "author" {
			vs[0], vs[i] = vs[i], vs[0]
		}
	}
	return vs
}

// globalGivennames applies the all-names and primary-name rules: names
// that share a family name but not the given name are expanded in every
// cite.
func (p *Processor) globalGivennames(d *disCtx) {
	rule := p.style.Citation.givennameRule
	primary := strings.HasPrefix(rule, "primary-name")
	initialsOnly := strings.HasSuffix(rule, "with-initials")
	type occ struct {
		it *Item
		n  *Name
	}
	byFamily := map[string][]occ{}
	var fams []string
	for _, it := range d.items {
		for _, v := range nameVarsOf(it) {
			for i := range it.Names[v] {
				if primary && i > 0 {
					break
				}
				n := &it.Names[v][i]
				if n.Literal != "" || n.Family == "" {
					continue
				}
				f := n.NonDroppingParticle + " " + n.Family
				if _, ok := byFamily[f]; !ok {
					fams = append(fams, f)
				}
				byFamily[f] = append(byFamily[f], occ{it, n})
			}
		}
	}
	opts := p.style.Citation.nameCache[nil]
	with := ". "
	if opts != nil && opts.hasInitializeWith {
		with = opts.initializeWith
	}
	for _, f := range fams {
		os := byFamily[f]
		for _, a := range os {
			level := 0
			for _, b := range os {
				if a.n.Given == b.n.Given {
					continue
				}
				ia := initializeName(a.n.Given, with, true, true)
				ib := initializeName(b.n.Given, with, true, true)
				if ia != ib {
					if level < 1 {
						level = 1
					}
				} else if !initialsOnly {
					level = 2
				}
			}
			if level > 0 {
				dis := p.disOf(a.it.ID)
				if dis.givens == nil {
					dis.givens = map[string]int{}
				}
				if dis.givens[nameKey(a.n)] < level {
					dis.givens[nameKey(a.n)] = level
				}
			}
		}
	}
}

// addYearSuffixes gives the items of each remaining ambiguous set the
// letters a, b, c... in bibliography order.
func (p *Processor) addYearSuffixes(d *disCtx, sets [][]*Item, order []*Item) {
	// merge sets that share items
	parent := map[string]string{}
	var find func(string) string
	find = func(a string) string {
		for parent[a] != "" && parent[a] != a {
			a = parent[a]
		}
		return a
	}
	for _, s := range sets {
		for _, it := range s {
			if parent[it.ID] == "" {
				parent[it.ID] = it.ID
			}
		}
		r := find(s[0].ID)
		for _, it := range s[1:] {
			ri := find(it.ID)
			if ri != r {
				parent[ri] = r
			}
		}
	}
	next := map[string]int{}
	for _, it := range order {
		if parent[it.ID] == "" {
			continue
		}
		r := find(it.ID)
		next[r]++
		dis := p.disOf(it.ID)
		dis.yearSuffix = next[r]
	}
}

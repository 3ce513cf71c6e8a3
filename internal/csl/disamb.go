package csl

import (
	"sort"
	"strconv"
	"strings"
)

// disambiguation follows CSL 1.0.2 §Disambiguation: cites that render
// the same for different items are made distinct by adding names, then
// given names, then the disambiguate condition, then year-suffixes.

type disCtx struct {
	p        *Processor
	lay      *Layout
	items    []*Item
	numbers  map[string]int
	first    map[string]int
	citedAny map[string]bool
	ctxs     []positions
	// rendered keys by item, context and disambiguation state: most
	// items' state does not change between rounds
	cache map[keyID]string
}

type keyID struct {
	id  string
	pos positions
	sig string
}

func (d *disCtx) key(it *Item, pos positions) string {
	k := keyID{it.ID, pos, d.p.disOf(it.ID).sig()}
	if s, ok := d.cache[k]; ok {
		return s
	}
	c := &cite{item: it, pos: pos, number: d.numbers[it.ID], firstNote: d.first[it.ID]}
	o := d.p.renderCite(c, d.lay, false)
	s := o.plainText()
	if d.cache == nil {
		d.cache = map[keyID]string{}
	}
	d.cache[k] = s
	return s
}

// sig is the disambiguation state as a string, "" when nothing is added.
func (d *disamb) sig() string {
	if d.etAlNames == 0 && d.allGivens == 0 && d.yearSuffix == 0 && d.condition == 0 && len(d.givens) == 0 && len(d.givenPos) == 0 {
		return ""
	}
	var b strings.Builder
	for _, n := range []int{d.etAlNames, d.allGivens, d.yearSuffix, d.condition} {
		b.WriteString(strconv.Itoa(n))
		b.WriteByte(',')
	}
	for _, m := range []map[string]int{d.givens, d.givenPos} {
		ks := make([]string, 0, len(m))
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			b.WriteString(k)
			b.WriteByte('=')
			b.WriteString(strconv.Itoa(m[k]))
			b.WriteByte(';')
		}
		b.WriteByte('|')
	}
	return b.String()
}

// keys renders every item of set in every context.
func (d *disCtx) keys(set []*Item) [][]string {
	ks := make([][]string, len(set))
	for i, it := range set {
		ks[i] = make([]string, len(d.ctxs))
		for j, pos := range d.ctxs {
			ks[i][j] = d.key(it, pos)
		}
	}
	return ks
}

// clashCounts counts, for each item of set, the other items that render
// like it in some context.
func clashCounts(ks [][]string) []int {
	n := make([]int, len(ks))
	for i := range ks {
		for j := range ks {
			if i == j {
				continue
			}
			for c := range ks[i] {
				if ks[i][c] != "" && ks[i][c] == ks[j][c] {
					n[i]++
					break
				}
			}
		}
	}
	return n
}

func same(a, b [][]string) bool {
	for i := range a {
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

// ambiguous returns the sets of items that render alike in some context
// where at least one of them is cited.
func (d *disCtx) ambiguous() [][]*Item {
	var sets [][]*Item
	seen := map[string]bool{}
	for ci, pos := range d.ctxs {
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
				if d.citedAny[it.ID] {
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
		_ = ci
	}
	return sets
}

func (p *Processor) disambiguate(all [][]*placed, order []*Item) {
	lay := p.style.Citation
	d := &disCtx{p: p, lay: lay, items: order, numbers: map[string]int{}, first: map[string]int{}, citedAny: map[string]bool{}}
	for i, it := range order {
		d.numbers[it.ID] = i + 1
	}
	seenCtx := map[positions]bool{}
	addCtx := func(pos positions) {
		pos.ibid, pos.ibidWithLocator = false, false
		if !seenCtx[pos] {
			seenCtx[pos] = true
			d.ctxs = append(d.ctxs, pos)
		}
	}
	for _, ps := range all {
		for _, pc := range ps {
			d.citedAny[pc.c.item.ID] = true
			d.numbers[pc.c.item.ID] = pc.c.number
			if _, ok := d.first[pc.c.item.ID]; !ok {
				d.first[pc.c.item.ID] = pc.c.firstNote
			}
		}
	}
	if len(d.citedAny) == 0 {
		return
	}
	// only cited items take part (and uncited ones when asked)
	if !p.DisambiguateUncited {
		var cited []*Item
		for _, it := range d.items {
			if d.citedAny[it.ID] {
				cited = append(cited, it)
			}
		}
		d.items = cited
	}
	// cites are compared as first and as subsequent cites (as one when
	// the layout renders them alike)
	switch {
	case p.positionFree():
		addCtx(positions{first: true})
	case p.style.IsNote():
		// a note style's first cites are its full notes: only the short
		// subsequent ones can be alike
		addCtx(positions{subsequent: true})
	default:
		addCtx(positions{first: true})
		addCtx(positions{subsequent: true})
	}
	if lay.addGivenname && lay.givennameRule != "by-cite" {
		p.globalGivennames(d)
	}
	sets := d.ambiguous()
	if len(sets) == 0 {
		return
	}
	base := map[string]disamb{}
	for _, s := range sets {
		for _, it := range s {
			base[it.ID] = p.disOf(it.ID).snapshot()
		}
	}
	if lay.addNames {
		for _, s := range sets {
			p.addNames(d, s)
		}
	}
	if lay.addGivenname && lay.givennameRule == "by-cite" {
		for _, s := range sets {
			p.addGivennamesByCite(d, s)
		}
	}
	if lay.addNames || lay.addGivenname {
		sets = d.ambiguous()
	}
	// the disambiguate condition, one condition at a time
	if len(sets) > 0 {
		if n := p.disambiguateConds(); n > 0 {
			for _, s := range sets {
				p.addConditions(d, s, n)
			}
			sets = d.ambiguous()
		}
	}
	if lay.addYearSuffix && len(sets) > 0 {
		p.addYearSuffixes(d, sets, order)
	}
}

func (d *disamb) snapshot() disamb {
	c := *d
	return c
}

// positionFree says the citation layout renders a cite the same in every
// position: no position condition, no et-al-subsequent-* options.
func (p *Processor) positionFree() bool {
	lay := p.style.Citation
	for _, o := range lay.nameCache {
		if o.etAlSubMin != o.etAlMin || o.etAlSubUseFirst != o.etAlUseFirst {
			return false
		}
	}
	return p.citationConds(cPosition) == 0
}

// disambiguateConds counts the disambiguate="true" conditions of the
// citation layout.
func (p *Processor) disambiguateConds() int {
	return p.citationConds(cDisambiguate)
}

// citationConds counts the conditions of kind in the citation layout and
// the macros it calls.
func (p *Processor) citationConds(kind condKind) int {
	n := 0
	eachElement(p.style.Citation.elems, map[*macro]bool{}, func(e *element) {
		for _, b := range e.branches {
			for _, c := range b.conds {
				if c.kind == kind {
					n++
				}
			}
		}
	})
	return n
}

// addConditions turns on the disambiguate conditions one at a time for the
// items of set until they render uniquely.
func (p *Processor) addConditions(d *disCtx, set []*Item, n int) {
	cc := clashCounts(d.keys(set))
	for level := 1; level <= n; level++ {
		for i, it := range set {
			dis := p.disOf(it.ID)
			if cc[i] > 0 && dis.condition < level {
				dis.condition = level
			}
		}
		cc = clashCounts(d.keys(set))
		if sum(cc) == 0 {
			return
		}
	}
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

// addNames raises the number of names shown until the items of set render
// uniquely, or as few alike as adding names can make them: each item keeps
// the smallest number that does best for it.
func (p *Processor) addNames(d *disCtx, set []*Item) {
	max := 0
	for _, it := range set {
		if m := maxNames(it); m > max {
			max = m
		}
	}
	base := make([]int, len(set))
	for i, it := range set {
		base[i] = p.disOf(it.ID).etAlNames
	}
	// with given-name disambiguation on, names count as different when
	// their given names would tell them apart
	withGivens := p.style.Citation.addGivenname
	keys := func() [][]string {
		if !withGivens {
			return d.keys(set)
		}
		saved := make([]int, len(set))
		for i, it := range set {
			dis := p.disOf(it.ID)
			saved[i] = dis.allGivens
			dis.allGivens = 2
		}
		ks := d.keys(set)
		for i, it := range set {
			p.disOf(it.ID).allGivens = saved[i]
		}
		return ks
	}
	startKeys := keys()
	start := clashCounts(startKeys)
	// when showing every name changes nothing (no list is cut with et
	// al.), adding names cannot help: skip the rounds
	for i, it := range set {
		if max > base[i] {
			p.disOf(it.ID).etAlNames = max
		}
	}
	if same(keys(), startKeys) {
		for i, it := range set {
			p.disOf(it.ID).etAlNames = base[i]
		}
		return
	}
	best := append([]int(nil), start...)
	bestN := append([]int(nil), base...)
	for n := 1; n <= max; n++ {
		for i, it := range set {
			if n > base[i] {
				p.disOf(it.ID).etAlNames = n
			}
		}
		cc := clashCounts(keys())
		for i := range set {
			if cc[i] < best[i] {
				best[i] = cc[i]
				bestN[i] = n
			}
		}
		if sum(cc) == 0 {
			break
		}
	}
	for i, it := range set {
		p.disOf(it.ID).etAlNames = bestN[i]
	}
}

// addGivennamesByCite expands given names for the items of set, one name
// position at a time: a name is expanded (to initials, or to the full given
// name when the initials are the same) where another item of the set has a
// name of the same family but a different given name at that position. It
// stops once the items render uniquely.
func (p *Processor) addGivennamesByCite(d *disCtx, set []*Item) {
	if sum(clashCounts(d.keys(set))) == 0 {
		return
	}
	opts := p.style.Citation.nameCache[nil]
	with, hasWith := "", false
	for _, o := range p.style.Citation.nameCache {
		if o.hasInitializeWith {
			with, hasWith = o.initializeWith, true
			break
		}
	}
	_ = opts
	forms := func(n *Name) (string, string) {
		ini := n.Given
		if hasWith {
			ini = initializeName(n.Given, with, true, p.style.initializeWithHyphen)
		} else {
			ini = initializeName(n.Given, ". ", true, p.style.initializeWithHyphen)
		}
		full := n.Given
		if hasWith {
			full = initializeName(n.Given, with, false, p.style.initializeWithHyphen)
		}
		return ini, full
	}
	maxK := 0
	for _, it := range set {
		if m := maxNames(it); m > maxK {
			maxK = m
		}
	}
	for k := 0; k < maxK; k++ {
		for _, it := range set {
			for _, v := range nameVarsOf(it) {
				ns := it.Names[v]
				if k >= len(ns) || ns[k].Literal != "" {
					continue
				}
				a := &ns[k]
				ai, af := forms(a)
				level := 0
				for _, o := range set {
					if o == it {
						continue
					}
					for _, ov := range nameVarsOf(o) {
						ons := o.Names[ov]
						if k >= len(ons) {
							continue
						}
						b := &ons[k]
						if b.Family != a.Family || b.NonDroppingParticle != a.NonDroppingParticle {
							continue
						}
						bi, bf := forms(b)
						switch {
						case ai != bi:
							if level < 1 {
								level = 1
							}
						case af != bf:
							level = 2
						}
					}
				}
				if level > 0 {
					dis := p.disOf(it.ID)
					if dis.givenPos == nil {
						dis.givenPos = map[string]int{}
					}
					key := v + ":" + strconv.Itoa(k)
					if dis.givenPos[key] < level {
						dis.givenPos[key] = level
					}
				}
			}
		}
		if sum(clashCounts(d.keys(set))) == 0 {
			return
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
				fa := initializeName(a.n.Given, with, false, true)
				fb := initializeName(b.n.Given, with, false, true)
				if ia != ib {
					if level < 1 {
						level = 1
					}
				} else if !initialsOnly && fa != fb {
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

package csl

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

func (x *ctx) nameOptsFor(e *element) *nameOpts {
	ne := e.name
	if ne == nil && x.inSubstitute && x.substParent != nil {
		ne = x.substParent.name
	}
	if o, ok := x.lay.nameCache[ne]; ok {
		return o
	}
	o := resolveNameOpts(x.lay.inherit, ne)
	return o
}

func (x *ctx) evalNames(e *element) *out {
	vars := e.variables
	if len(vars) == 0 && x.inSubstitute && x.substParent != nil {
		vars = x.substParent.variables
	}
	opts := x.nameOptsFor(e)
	etAl := e.etAl
	label := e.label
	labelBefore := e.labelBefore
	if x.inSubstitute && x.substParent != nil {
		if etAl == nil {
			etAl = x.substParent.etAl
		}
		if label == nil && e.name == nil {
			label = x.substParent.label
			labelBefore = x.substParent.labelBefore
		}
	}
	if x.sorting {
		label = nil
	}
	delim := ""
	if e.hasDelim {
		delim = e.delim
	} else if opts.hasNamesDelim {
		delim = opts.namesDelim
	} else if x.inSubstitute && x.substParent != nil && x.substParent.hasDelim {
		delim = x.substParent.delim
	}
	it := x.item()
	// the variables with names
	type nv struct {
		v     string
		names []Name
	}
	var present []nv
	for _, v := range vars {
		x.accessed++
		if x.suppressed[v] {
			continue
		}
		if ns := it.Names[v]; len(ns) > 0 {
			present = append(present, nv{v, ns})
		}
	}
	// editor and translator the same people: one list, "editortranslator"
	if len(present) >= 2 {
		ei, ti := -1, -1
		for i, p := range present {
			switch p.v {
			case "editor":
				ei = i
			case "translator":
				ti = i
			}
		}
		if ei >= 0 && ti >= 0 && slices.Equal(present[ei].names, present[ti].names) {
			if t, ok := x.p.loc.term("editortranslator", labelForm(label), ""); ok && t.Single != "" {
				present[ei].v = "editortranslator"
				present = append(present[:ti], present[ti+1:]...)
			}
		}
	}
	if len(present) == 0 {
		if e.hasSubstitute && !x.inSubstitute {
			o := x.substitute(e)
			if o == nil {
				return nil
			}
			if f := x.fmt(&e.f); f != nil {
				return &out{kids: []*out{o}, f: f, tag: tagNames, substituted: true, nameVar: o.nameVar, names: o.names}
			}
			return o
		}
		return nil
	}
	x.nonEmpty += len(present)
	if x.inSubstitute {
		for _, p := range present {
			x.suppress(p.v)
			if p.v == "editortranslator" {
				x.suppress("editor")
				x.suppress("translator")
			}
		}
	}
	if opts.form == "count" {
		total := 0
		for _, p := range present {
			ns, others := withoutOthers(p.names)
			total += x.shownCount(opts, len(ns), others)
		}
		if total == 0 {
			return nil
		}
		o := &out{kids: []*out{litS(strconv.Itoa(total))}, tag: tagNames, nameVar: present[0].v, names: present[0].names}
		return group(x.fmt(&e.f), o)
	}
	var parts []*out
	for _, p := range present {
		x.nameVar = p.v
		if p.v == "editortranslator" {
			x.nameVar = "editor"
		}
		o := x.nameList(p.v, p.names, opts, etAl, e.f)
		if o == nil {
			continue
		}
		if label != nil {
			lv := p.v
			l := x.namesLabel(label, lv, len(p.names))
			if l != nil {
				if labelBefore {
					o = group(nil, l, o)
				} else {
					o = group(nil, o, l)
				}
			}
		}
		parts = append(parts, &out{kids: []*out{o}, tag: tagNames, nameVar: p.v, names: p.names})
	}
	if len(parts) == 0 {
		return nil
	}
	res := groupDelim(x.fmt(&e.f), delim, parts)
	return res
}

func labelForm(l *element) string {
	if l == nil || l.form == "" {
		return "long"
	}
	return l.form
}

func (x *ctx) namesLabel(l *element, v string, n int) *out {
	plural := n > 1
	switch l.plural {
	case "always":
		plural = true
	case "never":
		plural = false
	}
	form := l.form
	if form == "" {
		form = "long"
	}
	t, ok := x.p.loc.termText(v, form, plural)
	if !ok || t == "" {
		return nil
	}
	return group(x.fmt(&l.f), lit(parseAffixText(t)))
}

func (x *ctx) substitute(e *element) *out {
	saveIn, saveParent := x.inSubstitute, x.substParent
	x.inSubstitute = true
	x.substParent = e
	defer func() { x.inSubstitute, x.substParent = saveIn, saveParent }()
	for _, s := range e.substitute {
		a0, n0 := x.accessed, x.nonEmpty
		o := x.eval(s)
		if o == nil && s.kind == eText && s.term != "" {
			if _, defined := x.p.loc.term(s.term, s.form, ""); defined {
				return nil // an empty term still ends the substitution
			}
		}
		if o != nil {
			if o.tag == tagNames {
				o.substituted = true
				return o
			}
			// a title or other substitute stands for the names
			return &out{kids: []*out{o}, tag: tagNames, substituted: true}
		}
		_ = a0
		_ = n0
	}
	return nil
}

// etAlLimits returns how many names to show of n (n when all).
// others says the list ends in "and others", names left out: it counts
// as long enough for et al.
func (x *ctx) shownCount(o *nameOpts, n int, others bool) int {
	min, first := o.etAlMin, o.etAlUseFirst
	if !x.bib && x.c.pos.subsequent && !x.sorting {
		min, first = o.etAlSubMin, o.etAlSubUseFirst
	}
	if x.sortKey != nil {
		if x.sortKey.hasNamesMin {
			min = x.sortKey.namesMin
		}
		if x.sortKey.hasNamesUseFirst {
			first = x.sortKey.namesUseFirst
		}
	}
	long := n >= min || others
	if x.dis != nil && x.dis.etAlNames > first && min > 0 && long {
		first = x.dis.etAlNames
	}
	if min > 0 && long && first < n {
		return first // 0: et-al-use-first="0" shows no names
	}
	return n
}

func (x *ctx) useLast(o *nameOpts) bool {
	if x.sortKey != nil && x.sortKey.namesUseLast != "" {
		return x.sortKey.namesUseLast == "true"
	}
	return o.etAlUseLast
}

// isOthers is a name that stands for more names: {"literal": "others"}.
func isOthers(n *Name) bool {
	return n.Literal == "others" && n.Family == "" && n.Given == ""
}

// withoutOthers takes BibTeX's "and others" (a literal name "others", as
// pandoc writes it) off a list: names were left out, so et al. always, after
// the names the style shows of a long list (pandoc's citeproc shows all of
// a list shorter than et-al-min: "Roe, Poe, et al." where this writes "Roe
// et al.").
func withoutOthers(names []Name) ([]Name, bool) {
	if k := len(names); k > 1 && isOthers(&names[k-1]) {
		return names[:k-1], true
	}
	return names, false
}

// nameList renders the names of one variable with delimiters, "and" and
// et al.
func (x *ctx) nameList(v string, names []Name, o *nameOpts, etAl *etAlElem, namesF Formatting) *out {
	names, others := withoutOthers(names)
	n := len(names)
	shown := x.shownCount(o, n, others)
	if shown == 0 {
		return nil
	}
	truncated := shown < n || others
	useLast := truncated && !others && x.useLast(o) && shown <= n-2
	var rendered []*out
	for i := 0; i < shown; i++ {
		rendered = append(rendered, x.formatName(&names[i], o, i))
	}
	var lastName *out
	if useLast {
		lastName = x.formatName(&names[n-1], o, n-1)
	}
	delim := o.delim
	// the and term
	andTerm := ""
	switch o.and {
	case "text":
		andTerm, _ = x.p.loc.termText("and", "long", false)
	case "symbol":
		// the symbol form only: "and" is no symbol
		andTerm = "&"
		if t, ok := x.p.loc.termExact("and", "symbol"); ok {
			andTerm = t
		}
	}
	inverted := func(i int) bool {
		if i < len(names) && !names[i].isPersonal() {
			return false
		}
		return o.asSortOrder == "all" || o.asSortOrder == "first" && i == 0
	}
	if x.sorting {
		inverted = func(int) bool { return true }
	}
	var kids []*out
	for i, r := range rendered {
		if r == nil {
			continue
		}
		if i > 0 {
			sep := delim
			if x.sorting {
				sep = ", "
			} else if i == shown-1 && !truncated && andTerm != "" {
				useDelim := false
				switch o.delimPrecedesLast {
				case "always":
					useDelim = true
				case "never":
					useDelim = false
				case "after-inverted-name":
					useDelim = inverted(i - 1)
				default: // contextual
					useDelim = shown >= 3
				}
				pre, post := " ", " "
				if endsWithSpace(andTerm) {
					// a conjunction joined to the next word (Hebrew ו)
					pre, post = "", ""
				}
				if useDelim {
					sep = delim + andTerm + post
				} else {
					sep = pre + andTerm + post
				}
			}
			kids = append(kids, lit(cachedPlain(sep)))
		}
		kids = append(kids, &out{kids: []*out{r}, tag: tagName, names: names[i : i+1 : i+1]})
	}
	if truncated && x.sorting && useLast {
		kids = append(kids, litS(", "), &out{kids: []*out{lastName}, tag: tagName, names: []Name{names[n-1]}})
	}
	if truncated && !x.sorting {
		if useLast {
			kids = append(kids, litS(delim+"… "))
			kids = append(kids, &out{kids: []*out{lastName}, tag: tagName, names: []Name{names[n-1]}})
		} else {
			term := "et-al"
			var ef Formatting
			if etAl != nil {
				term, ef = etAl.term, etAl.f
			}
			t, ok := x.p.loc.termText(term, "long", false)
			if ok && t != "" {
				useDelim := false
				switch o.delimPrecedesEtAl {
				case "always":
					useDelim = true
				case "never":
					useDelim = false
				case "after-inverted-name":
					useDelim = inverted(shown - 1)
				default:
					useDelim = shown >= 2
				}
				sep := " "
				if useDelim {
					sep = delim
				} else if !isByzantine(t) {
					sep = "" // "Zither等"
				}
				kids = append(kids, litS(sep), group(fmtPtr(ef), lit(parseAffixText(t))))
			}
		}
	}
	if len(kids) == 0 {
		return nil
	}
	return &out{kids: kids, tag: tagNameList}
}

// nameKey identifies a person for given-name disambiguation.
func nameKey(n *Name) string {
	return n.Family + "\x00" + n.Given + "\x00" + n.NonDroppingParticle + "\x00" + n.DroppingParticle + "\x00" + n.Literal
}

// givenLevel is how far the disambiguation has expanded this name:
// 0 as the style says, 1 with initials, 2 with the full given name.
func (x *ctx) givenLevel(n *Name, i int) int {
	if x.dis == nil {
		return 0
	}
	l := x.dis.allGivens
	if g, ok := x.dis.givens[nameKey(n)]; ok && g > l {
		l = g
	}
	if x.dis.givenPos != nil {
		if g := x.dis.givenPos[x.nameVar+":"+strconv.Itoa(i)]; g > l {
			l = g
		}
	}
	return l
}

// isByzantine: names in Latin, Greek, Cyrillic, Hebrew, Arabic... scripts
// put the given name first and separate parts with spaces; others (CJK)
// do not.
func isByzantine(s string) bool {
	for _, r := range s {
		if r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
			r >= 0x0e01 && r <= 0x0e5b || r >= 0x00c0 && r <= 0x017f || r >= 0x0370 && r <= 0x03ff ||
			r >= 0x0400 && r <= 0x052f || r >= 0x0590 && r <= 0x05d4 || r >= 0x05d6 && r <= 0x05ff ||
			r >= 0x1f00 && r <= 0x1fff || r >= 0x0600 && r <= 0x06ff || r >= 0x200c && r <= 0x200e ||
			r >= 0x2018 && r <= 0x2019 || r >= 0x021a && r <= 0x021b || r >= 0x202a && r <= 0x202e ||
			r >= 0x0180 && r <= 0x024f || r >= 0x1e00 && r <= 0x1eff {
			return true
		}
	}
	return false
}

func (x *ctx) formatName(n *Name, o *nameOpts, i int) *out {
	if n.Literal != "" || (n.Family == "" && n.Given == "") {
		l := n.Literal
		if l == "" {
			return nil
		}
		t := lit(x.p.parse(l))
		return group(fmtPtr(o.f), group(fmtPtr(o.family), t))
	}
	form := o.form
	initialize := o.initialize
	level := x.givenLevel(n, i)
	if level >= 1 && form == "short" {
		form = "long"
	}
	if level >= 2 {
		initialize = false
		form = "long"
		if !o.hasInitializeWith {
			// nothing to expand
		}
	}
	if level == 1 && !o.hasInitializeWith {
		initialize = false
	}
	inverted := o.asSortOrder == "all" || o.asSortOrder == "first" && i == 0
	if x.sorting {
		inverted = true
	}
	byz := isByzantine(n.Family + n.Given)
	fam := n.Family
	given := n.Given
	if o.hasInitializeWith && given != "" && fam != "" {
		given = initializeName(given, o.initializeWith, initialize, x.p.style.initializeWithHyphen)
	}
	if x.sorting {
		// sort keys use the name parts unformatted
	}
	famF, givF, famAff, givAff := o.famF, o.givF, o.famAff, o.givAff
	part := func(s string, f *Formatting) *out {
		if s == "" {
			return nil
		}
		if f == nil {
			return lit(x.p.parse(s))
		}
		return &out{kids: []*out{lit(x.p.parse(s))}, f: f}
	}
	ndp := part(n.NonDroppingParticle, famF)
	dp := part(n.DroppingParticle, givF)
	famO := part(fam, famF)
	givO := part(given, givF)
	suf := part(n.Suffix, nil)
	if !byz {
		// family then given, no spaces
		var o2 *out
		switch {
		case form == "short":
			o2 = group(famAff, famO)
		default:
			o2 = group(nil, group(famAff, famO), group(givAff, givO))
		}
		return group(o.fP, o2)
	}
	sp := func(a, b *out) *out {
		// join with a space unless a ends in an apostrophe or hyphen
		if a == nil {
			return b
		}
		if b == nil {
			return a
		}
		t := a.plainText()
		if strings.HasSuffix(t, "’") || strings.HasSuffix(t, "'") || strings.HasSuffix(t, "-") || strings.HasSuffix(t, "–") || endsWithSpace(t) {
			return group(nil, a, b)
		}
		return &out{kids: []*out{a, b}, delim: " ", hasDelim: true}
	}
	sep := func(a, b *out) *out {
		if a == nil {
			return b
		}
		if b == nil {
			return a
		}
		return &out{kids: []*out{a, b}, delim: o.sortSep, hasDelim: true}
	}
	demote := x.p.style.demoteNDP
	var res *out
	switch {
	case form == "short":
		res = group(famAff, sp(ndp, famO))
	case inverted && (demote == "never" || demote == "sort-only" && !x.sorting):
		res = sep(sep(group(famAff, sp(ndp, famO)), group(givAff, sp(givO, dp))), suf)
	case inverted:
		res = sep(sep(group(famAff, famO), group(givAff, sp(sp(givO, dp), ndp))), suf)
	default:
		var famPart *out
		if n.CommaSuffix && suf != nil {
			famPart = &out{kids: []*out{sp(sp(dp, ndp), famO), suf}, delim: ", ", hasDelim: true}
		} else {
			famPart = sp(sp(sp(dp, ndp), famO), suf)
		}
		if dp != nil && givO == nil {
			res = group(famAff, famPart)
		} else {
			res = sp(group(givAff, givO), group(famAff, famPart))
		}
	}
	return group(o.fP, res)
}

// initializeName turns given names into initials ("John Robert" -> "J. R."
// with initialize-with ". "); with initialize false it only normalizes the
// initials already there.
func initializeName(given, with string, initialize, hyphen bool) string {
	words := splitGiven(given)
	var b strings.Builder
	for _, w := range words {
		// a word in markup ("<b>John</b>") is initialized inside it
		pre, core, post := splitTags(w.word)
		rs := []rune(core)
		if len(rs) == 0 {
			continue
		}
		isInitial := w.period || len(rs) == 1 && unicode.IsUpper(rs[0])
		upperStart := unicode.IsUpper(rs[0])
		switch {
		case !upperStart && !isInitial:
			// a lowercase word (particle) stays; after a hyphen it is dropped
			if w.hyphen {
				continue
			}
			if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
				b.WriteString(" ")
			}
			b.WriteString(w.word)
			b.WriteString(" ")
		case isInitial || initialize:
			ini := string(rs[0])
			if !w.period && len(rs) > 2 && unicode.IsUpper(rs[1]) && isLowerWord(rs[2:]) {
				ini = string(rs[0]) + string(unicode.ToLower(rs[1])) // "TSerendorjiin" -> "Ts"
			}
			if w.period {
				ini = core // "Th." and "ME." stay as they are
			}
			if w.hyphen {
				s := strings.TrimRight(b.String(), " ")
				b.Reset()
				b.WriteString(s)
				if hyphen {
					b.WriteString("-")
				}
			}
			if pre == "" && post == "" {
				b.WriteString(ini)
				b.WriteString(with)
				break
			}
			// the period inside the markup, the space after it
			sp := strings.TrimRight(with, " ")
			b.WriteString(pre + ini + sp + post + with[len(sp):])
		default:
			if w.hyphen {
				s := strings.TrimRight(b.String(), " ")
				b.Reset()
				b.WriteString(s)
				b.WriteString("-")
			} else if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
				b.WriteString(" ")
			}
			b.WriteString(w.word)
			b.WriteString(" ")
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// splitTags splits the markup tags off both ends of a word:
// "<b>John</b>" is "<b>", "John", "</b>". A word without them is its own
// core.
func splitTags(w string) (pre, core, post string) {
	core = w
	for strings.HasPrefix(core, "<") {
		i := strings.IndexByte(core, '>')
		if i < 0 || strings.HasPrefix(core, "</") {
			break
		}
		pre, core = pre+core[:i+1], core[i+1:]
	}
	if pre == "" {
		return "", w, ""
	}
	for strings.HasSuffix(core, ">") {
		i := strings.LastIndex(core, "</")
		if i < 0 {
			break
		}
		core, post = core[:i], core[i:]+post
	}
	if core == "" || strings.ContainsAny(core, "<>") {
		return "", w, ""
	}
	return pre, core, post
}

func isLowerWord(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func endsWithSpace(s string) bool {
	if s == "" {
		return false
	}
	r := []rune(s)
	return unicode.IsSpace(r[len(r)-1])
}

func isUpperWord(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

type givenWord struct {
	word   string
	period bool // written as an initial with a period
	hyphen bool // joined to the previous word by a hyphen
	sep    string
}

func splitGiven(s string) []givenWord {
	var out []givenWord
	cur := []rune{}
	hyph := false
	flush := func(period bool) {
		if len(cur) > 0 {
			out = append(out, givenWord{word: string(cur), period: period, hyphen: hyph})
			hyph = false
		}
		cur = cur[:0]
	}
	for _, r := range s {
		switch {
		case r == '.':
			flush(true)
		case r == ' ' || r == '\u00a0':
			flush(false)
		case r == '-' || r == '‐':
			flush(false)
			hyph = true
		default:
			cur = append(cur, r)
		}
	}
	flush(false)
	return out
}

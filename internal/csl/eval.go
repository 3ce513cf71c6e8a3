package csl

import (
	"strconv"
	"strings"
	"unicode"
)

// positions of a cite, for note styles (and position tests in any style).
type positions struct {
	first, subsequent, ibid, ibidWithLocator, nearNote bool
}

// cite is one cite being rendered: the item and the citation item's data.
type cite struct {
	item      *Item
	ci        *CiteItem
	pos       positions
	firstNote int // first-reference-note-number
	number    int // citation-number
}

// disamb is the disambiguation state of an item.
type disamb struct {
	etAlNames  int            // names to show (0: as the style says)
	givens     map[string]int // name key -> 1 initials, 2 full given name (global rules)
	givenPos   map[string]int // "variable:index" -> level (by-cite)
	allGivens  int            // level for every name
	yearSuffix int            // 1 = a
	condition  int            // how many disambiguate="true" conditions hold
}

// ctx is the state of rendering one cite or bibliography entry.
type ctx struct {
	p   *Processor
	lay *Layout
	c   *cite
	dis *disamb
	bib bool

	accessed, nonEmpty int
	suppressed         map[string]bool
	inSubstitute       bool
	substParent        *element
	sortKey            *sortKey
	sorting            bool
	usedYearSuffix     bool
	depth              int
	condSeen           int
	nameVar            string // the names variable being rendered
}

func (x *ctx) item() *Item { return x.c.item }

func (x *ctx) warn(format string, args ...any) { x.p.warnf(format, args...) }

// evalElems renders elements in order; the chosen branch of a <choose>
// stands in the enclosing element as its own elements would (a group's
// delimiter goes between them).
func (x *ctx) evalElems(es []*element) []*out {
	var outs []*out // taken at the first output: most render nothing
	for _, e := range es {
		if e.kind == eChoose {
			if os := x.chooseElems(e); len(os) > 0 {
				if outs == nil && len(es) == 1 {
					return os
				}
				if outs == nil {
					outs = x.p.slice(len(es) + len(os))
				}
				outs = append(outs, os...)
				x.p.recycle(os)
			}
			continue
		}
		if o := x.eval(e); o != nil {
			if outs == nil {
				outs = x.p.slice(len(es))
			}
			outs = append(outs, o)
		}
	}
	return outs
}

// slice is an empty slice of outputs with room for n, from the slices
// recycle was given.
func (p *Processor) slice(n int) []*out {
	for i := len(p.free) - 1; i >= 0 && i >= len(p.free)-4; i-- {
		if s := p.free[i]; cap(s) >= n {
			p.free[i] = p.free[len(p.free)-1]
			p.free = p.free[:len(p.free)-1]
			return s
		}
	}
	return make([]*out, 0, max(n, 4))
}

// recycle takes back a slice from evalElems that no output holds.
func (p *Processor) recycle(s []*out) {
	if cap(s) == 0 || len(p.free) >= 64 {
		return
	}
	clear(s)
	p.free = append(p.free, s[:0])
}

// keeps reports whether o holds kids (a group made of them).
func keeps(o *out, kids []*out) bool {
	return o != nil && len(o.kids) > 0 && len(kids) > 0 && &o.kids[0] == &kids[0]
}

// done recycles kids unless o holds them.
func (x *ctx) done(o *out, kids []*out) *out {
	if !keeps(o, kids) {
		x.p.recycle(kids)
	}
	return o
}

func (x *ctx) chooseElems(e *element) []*out {
	x.depth++
	defer func() { x.depth-- }()
	if x.depth > 400 {
		return nil
	}
	for _, b := range e.branches {
		if b.match == "else" || x.test(b) {
			return x.evalElems(b.kids)
		}
	}
	return nil
}

func (x *ctx) eval(e *element) *out {
	x.depth++
	defer func() { x.depth-- }()
	if x.depth > 400 {
		return nil
	}
	switch e.kind {
	case eText:
		return x.evalText(e)
	case eNumber:
		return x.evalNumber(e)
	case eLabel:
		return x.evalLabel(e, "")
	case eNames:
		return x.evalNames(e)
	case eDate:
		return x.evalDate(e)
	case eGroup:
		return x.evalGroup(e)
	case eChoose:
		return x.evalChoose(e)
	}
	return nil
}

// fmt is an element's formatting as it applies to the current item: title
// case only for English items, Turkish rules for Turkish ones.
// fmt is an element's formatting for the item: title case only for
// English, Turkish case rules for Turkish and Azeri. It is shared with the
// style (never written to) unless the item changes it.
func (x *ctx) fmt(f *Formatting) *Formatting {
	switch f.TextCase {
	case "title":
		if !x.isEnglish() {
			c := *f
			c.TextCase = ""
			return fmtPtr(c)
		}
	case "uppercase", "lowercase":
		if l := strings.ToLower(x.item().Vars["language"]); strings.HasPrefix(l, "tr") || strings.HasPrefix(l, "az") {
			c := *f
			c.TextCase += "-tr"
			return &c
		}
	}
	if f.isZero() {
		return nil
	}
	return f
}

func fmtPtr(f Formatting) *Formatting {
	if f.isZero() {
		return nil
	}
	return &f
}

// ---- variables ----

// str looks up a standard or number variable, counting the access for
// group suppression.
func (x *ctx) str(v string) string {
	s := x.rawStr(v)
	x.accessed++
	if s != "" {
		x.nonEmpty++
	}
	return s
}

func (x *ctx) rawStr(v string) string {
	if x.suppressed[v] {
		return ""
	}
	it := x.item()
	switch v {
	case "locator":
		if x.c.ci != nil {
			return x.c.ci.Locator
		}
		return ""
	case "citation-number":
		if x.c.number > 0 {
			return strconv.Itoa(x.c.number)
		}
		return ""
	case "first-reference-note-number":
		if x.c.firstNote > 0 {
			return strconv.Itoa(x.c.firstNote)
		}
		return ""
	case "page-first":
		if s := it.Vars["page-first"]; s != "" {
			return s
		}
		p := it.Vars["page"]
		i := strings.IndexFunc(p, func(r rune) bool { return r == '-' || r == '–' || r == ',' || r == '&' || r == ' ' })
		if i >= 0 {
			p = p[:i]
		}
		return p
	case "citation-label":
		s := it.Vars[v]
		if s == "" {
			s = citationLabel(it)
		}
		if x.dis != nil && x.dis.yearSuffix > 0 && !x.p.style.usesYearSuffixVar && !x.sorting {
			s += yearSuffixText(x.dis.yearSuffix)
			x.usedYearSuffix = true
		}
		return s
	case "year-suffix":
		if x.dis != nil && x.dis.yearSuffix > 0 {
			return yearSuffixText(x.dis.yearSuffix)
		}
		return ""
	case "id":
		return it.ID
	case "type":
		return it.Type
	}
	return it.Vars[v]
}

func (x *ctx) hasVar(v string) bool {
	if x.suppressed[v] {
		return false
	}
	it := x.item()
	if nameVars[v] {
		return len(it.Names[v]) > 0
	}
	if dateVars[v] {
		d := it.Dates[v]
		return d != nil && (d.hasParts() || d.Literal != "" || d.Season != 0)
	}
	switch v {
	case "locator":
		return x.c.ci != nil && x.c.ci.Locator != ""
	case "year-suffix":
		return x.dis != nil && x.dis.yearSuffix > 0
	}
	return x.rawStr(v) != ""
}

func yearSuffixText(n int) string {
	if n <= 26 {
		return string(rune('a' + n - 1))
	}
	n--
	return string(rune('a'+n/26-1)) + string(rune('a'+n%26))
}

func citationLabel(it *Item) string {
	var b strings.Builder
	var ns []Name
	if a := it.Names["author"]; len(a) > 0 {
		ns = a
	} else {
		for _, v := range []string{"editor", "translator", "composer", "director"} {
			if len(it.Names[v]) > 0 {
				ns = it.Names[v]
				break
			}
		}
	}
	n := 4
	switch {
	case len(ns) >= 4:
		ns = ns[:4]
		n = 1
	case len(ns) > 1:
		n = 2
	}
	for _, nm := range ns {
		f := []rune(nm.Family)
		if nm.Family == "" {
			f = []rune(nm.Literal)
		}
		if len(f) > n {
			f = f[:n]
		}
		b.WriteString(string(f))
	}
	if b.Len() == 0 {
		b.WriteString("Xyz")
	}
	if d := it.Dates["issued"]; d.hasParts() {
		y := d.year() % 100
		if y < 0 {
			y = -y
		}
		b.WriteString(strconv.Itoa(y/10) + strconv.Itoa(y%10))
	}
	return b.String()
}

// ---- text ----

var stringVars = map[string]bool{"URL": true, "DOI": true, "ISBN": true, "ISSN": true, "PMID": true, "PMCID": true}

func (x *ctx) evalText(e *element) *out {
	switch {
	case e.macro != nil:
		return x.evalMacro(e)
	case e.term != "":
		plural := e.plural == "true"
		t, ok := x.p.loc.termText(e.term, e.form, plural)
		if !ok {
			x.p.noTerm(e)
			return nil
		}
		if t == "" {
			return nil
		}
		o := &out{kids: []*out{lit(parseAffixText(t))}, f: x.fmt(&e.f), tag: tagTerm}
		return o
	case e.value != "":
		return group(x.fmt(&e.f), lit(parseAffixText(e.value)))
	case e.variable != "":
		return x.evalTextVar(e)
	}
	return nil
}

// parseAffixText reads markup and quotation marks in terms and values.
func parseAffixText(s string) Text {
	return styleMarkup(s)
}

// evalMacro renders a macro call; like a group, it is suppressed when it
// calls variables and all of them are empty (as citeproc-js does).
func (x *ctx) evalMacro(e *element) *out {
	a0, n0 := x.accessed, x.nonEmpty
	kids := x.evalElems(e.macro.elems)
	if x.accessed > a0 && x.nonEmpty == n0 {
		return x.done(nil, kids)
	}
	if len(kids) == 0 {
		return nil
	}
	x.accessed++
	x.nonEmpty++
	return x.done(group(x.fmt(&e.f), kids...), kids)
}

func (x *ctx) evalTextVar(e *element) *out {
	v := e.variable
	if v == "year-suffix" {
		if x.dis == nil || x.dis.yearSuffix == 0 {
			return nil
		}
		x.usedYearSuffix = true
		o := &out{kids: []*out{litS(yearSuffixText(x.dis.yearSuffix))}, tag: tagYearSuffix, num: x.dis.yearSuffix}
		return group(x.fmt(&e.f), o)
	}
	if nameVars[v] || dateVars[v] {
		// not renderable by <text>; counts as accessed
		x.accessed++
		return nil
	}
	var s string
	if e.form == "short" {
		if sv := x.rawStr(v + "-short"); sv != "" {
			x.accessed++
			x.nonEmpty++
			s = sv
		} else if v == "title" || v == "container-title" {
			s = x.str(v)
		} else {
			s = x.str(v)
		}
	} else {
		s = x.str(v)
	}
	if s == "" {
		return nil
	}
	if x.inSubstitute {
		x.suppress(v)
	}
	var o *out
	switch v {
	case "citation-number":
		o = &out{kids: []*out{litS(s)}, tag: tagCitationNumber, num: x.c.number}
	case "page":
		o = lit(x.pageRange(s))
	case "locator":
		t := x.locatorText(s)
		o = &out{kids: []*out{lit(x.p.parse(t))}, tag: tagLocator}
	case "URL":
		o = &out{kids: []*out{litS(s)}, tag: tagURL, url: s}
	case "DOI":
		u := s
		if !strings.Contains(u, "://") {
			u = "https://doi.org/" + strings.TrimPrefix(u, "doi:")
		}
		o = &out{kids: []*out{litS(s)}, tag: tagURL, url: u}
	default:
		if stringVars[v] {
			o = litS(s)
		} else {
			o = lit(x.p.parse(s))
		}
		if v == "title" {
			o = &out{kids: []*out{o}, tag: tagTitle}
		}
	}
	return group(x.fmt(&e.f), o)
}

func (x *ctx) suppress(v string) {
	if x.suppressed == nil {
		x.suppressed = map[string]bool{}
	}
	x.suppressed[v] = true
}

// isEnglish: title case applies only to English items.
func (x *ctx) isEnglish() bool {
	lang := x.item().Vars["language"]
	if lang == "" {
		lang = x.p.loc.lang
	}
	lang = strings.ToLower(lang)
	return lang == "en" || strings.HasPrefix(lang, "en-") || strings.HasPrefix(lang, "en_")
}

func (x *ctx) locatorText(s string) string {
	label := "page"
	if x.c.ci != nil && x.c.ci.Label != "" {
		label = x.c.ci.Label
	}
	if strings.Contains(s, "&") {
		if t, ok := x.p.loc.termExact("and", "symbol"); ok && t != "&" {
			s = strings.ReplaceAll(s, "&", t)
		}
	}
	if label == "page" {
		return x.pageRange(s).String()
	}
	return x.rangeText(s, "").String()
}

// ---- group and choose ----

func (x *ctx) evalGroup(e *element) *out {
	a0, n0 := x.accessed, x.nonEmpty
	kids := x.evalElems(e.kids)
	if x.accessed > a0 && x.nonEmpty == n0 {
		return x.done(nil, kids)
	}
	if len(kids) == 0 {
		return nil
	}
	// a group with output counts as a non-empty variable for its parent
	// (as citeproc-js has it)
	x.accessed++
	x.nonEmpty++
	return x.done(groupDelim(x.fmt(&e.f), e.delim, kids), kids)
}

func (x *ctx) evalChoose(e *element) *out {
	for _, b := range e.branches {
		if b.match == "else" || x.test(b) {
			kids := x.evalElems(b.kids)
			if len(kids) == 0 {
				return nil
			}
			return x.done(group(nil, kids...), kids)
		}
	}
	return nil
}

func (x *ctx) test(b *branch) bool {
	var results []bool
	for _, c := range b.conds {
		for _, v := range c.vals {
			results = append(results, x.testOne(c.kind, v))
		}
	}
	switch b.match {
	case "any":
		for _, r := range results {
			if r {
				return true
			}
		}
		return false
	case "none":
		for _, r := range results {
			if r {
				return false
			}
		}
		return true
	case "nand":
		for _, r := range results {
			if !r {
				return true
			}
		}
		return false
	default:
		for _, r := range results {
			if !r {
				return false
			}
		}
		return len(results) > 0
	}
}

func (x *ctx) testOne(k condKind, v string) bool {
	it := x.item()
	switch k {
	case cType:
		return it.Type == v
	case cVariable:
		return x.hasVar(v)
	case cIsNumeric:
		s := x.rawStr(v)
		if s == "" {
			return false
		}
		return isNumeric(s)
	case cIsUncertainDate:
		d := it.Dates[v]
		return d != nil && d.Circa
	case cLocator:
		if x.c.ci == nil || x.c.ci.Locator == "" {
			return false
		}
		l := x.c.ci.Label
		if l == "" {
			l = "page"
		}
		if l == "sub verbo" {
			l = "sub-verbo"
		}
		return l == v
	case cPosition:
		if x.bib {
			return false
		}
		p := x.c.pos
		switch v {
		case "first":
			return p.first
		case "subsequent":
			return p.subsequent
		case "ibid":
			return p.ibid || p.ibidWithLocator
		case "ibid-with-locator":
			return p.ibidWithLocator
		case "near-note":
			return p.nearNote
		}
		return false
	case cDisambiguate:
		x.condSeen++
		on := x.dis != nil && x.condSeen <= x.dis.condition
		return on == (v == "true")
	}
	return false
}

// isNumeric: numbers with affixes, separated by commas, hyphens or
// ampersands ("2nd", "L2d", "2-4", "2, 3 & 5").
func isNumeric(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '-' || r == '&' || r == '–' || r == ' '
	})
	if len(parts) == 0 {
		return false
	}
	for _, p := range parts {
		hasDigit := false
		for _, r := range p {
			if unicode.IsDigit(r) {
				hasDigit = true
			} else if !unicode.IsLetter(r) {
				return false
			}
		}
		if !hasDigit {
			return false
		}
		// letters only as a prefix or suffix, at most a few
		letters := 0
		for _, r := range p {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		if letters > 2 && !isRomanish(p) {
			return false
		}
	}
	return true
}

func isRomanish(p string) bool {
	return false
}

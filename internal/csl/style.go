package csl

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Formatting holds the affixes and formatting attributes an element may carry.
type Formatting struct {
	Prefix, Suffix                   string
	FontStyle, FontVariant           string
	FontWeight, TextDecoration       string
	VerticalAlign, Display, TextCase string
	Quotes, StripPeriods             bool
}

func (f *Formatting) isZero() bool { return f == nil || *f == Formatting{} }

type elemKind uint8

const (
	eText elemKind = iota
	eNumber
	eLabel
	eNames
	eDate
	eGroup
	eChoose
)

// element is one rendering element of a style, resolved at parse time
// (macros are pointers, options are parsed).
type element struct {
	kind     elemKind
	line     int
	f        Formatting
	delim    string
	hasDelim bool

	// text
	variable string // text, number, label, date
	macro    *macro
	term     string
	value    string
	form     string // text/label: long|short|verb|verb-short|symbol; number: numeric|ordinal|long-ordinal|roman; date: text|numeric
	plural   string // text term: "true"/"false"; label: contextual|always|never

	// names
	variables     []string
	name          *nameElem
	etAl          *etAlElem
	label         *element // label child of names
	labelBefore   bool
	substitute    []*element
	hasSubstitute bool

	// date
	dateParts string // year-month-day | year-month | year
	parts     []*datePart

	// group, macro body
	kids []*element

	// choose
	branches []*branch
}

type macro struct {
	name        string
	line        int
	elems       []*element
	usesLocator bool
}

type datePart struct {
	name          string // day|month|year
	form          string
	rangeDelim    string
	hasRangeDelim bool
	f             Formatting
	line          int
}

type branch struct {
	match string // all|any|none
	conds []cond
	kids  []*element
	line  int
}

type condKind uint8

const (
	cType condKind = iota
	cVariable
	cIsNumeric
	cIsUncertainDate
	cLocator
	cPosition
	cDisambiguate
)

type cond struct {
	kind condKind
	vals []string
}

// nameElem holds the attributes of a <name> element as written; the
// options in force are these over the inherited ones.
type nameElem struct {
	attrs  map[string]string
	family Formatting
	given  Formatting
	f      Formatting
	line   int
}

type etAlElem struct {
	term string
	f    Formatting
}

// Layout is a citation or bibliography section of a style.
type Layout struct {
	f       Formatting
	delim   string
	elems   []*element
	sort    []*sortKey
	inherit map[string]string // name options of style and section
	line    int

	// citation
	addNames, addGivenname, addYearSuffix bool
	givennameRule                         string
	collapse                              string
	citeGroupDelim                        string
	hasCiteGroupDelim                     bool
	yearSuffixDelim, afterCollapseDelim   string
	hasYearSuffixDelim, hasAfterCollapse  bool
	nearNoteDistance                      int

	// bibliography
	hangingIndent       bool
	secondFieldAlign    string
	lineSpacing         int
	entrySpacing        int
	subsequentAuthor    string
	hasSubsequentAuthor bool
	subsequentRule      string

	// resolved name options, per name element
	nameCache map[*nameElem]*nameOpts
}

type sortKey struct {
	variable                      string
	macro                         *macro
	desc                          bool
	namesMin, namesUseFirst       int
	namesUseLast                  string
	hasNamesMin, hasNamesUseFirst bool
}

// Style is a parsed independent CSL style. It is immutable after parsing
// and may be shared.
type Style struct {
	File          string
	ID, Title     string
	Class         string // in-text | note
	Version       string
	DefaultLocale string
	Citation      *Layout
	Bibliography  *Layout
	locales       []*Locale // in-style locales

	demoteNDP            string // display-and-sort | sort-only | never
	initializeWithHyphen bool
	pageRangeFormat      string
	macros               map[string]*macro
	usesYearSuffixVar    bool

	// Dependent styles name their parent here (and have no layouts).
	Parent string
	// Line is the line of the <style> element.
	Line int
}

// HasLocale reports whether the style holds a <locale> for the language
// tag (or its base language).
func (s *Style) HasLocale(tag string) bool {
	base := baseLang(tag)
	for _, l := range s.locales {
		if l.Lang == tag || l.Lang == base {
			return true
		}
	}
	return false
}

// IsNote reports whether the style puts citations in notes.
func (s *Style) IsNote() bool { return s.Class == "note" }

// HangingIndent, SecondFieldAlign, LineSpacing and EntrySpacing are the
// bibliography's layout options.
func (s *Style) HangingIndent() bool {
	return s.Bibliography != nil && s.Bibliography.hangingIndent
}

func (s *Style) SecondFieldAlign() string {
	if s.Bibliography == nil {
		return ""
	}
	return s.Bibliography.secondFieldAlign
}

func (s *Style) LineSpacing() int {
	if s.Bibliography == nil || s.Bibliography.lineSpacing == 0 {
		return 1
	}
	return s.Bibliography.lineSpacing
}

func (s *Style) EntrySpacing() int {
	if s.Bibliography == nil {
		return 1
	}
	return s.Bibliography.entrySpacing
}

// Numeric reports whether the style's citations show citation numbers.
func (s *Style) Numeric() bool {
	found := false
	var walk func(es []*element, seen map[*macro]bool)
	walk = func(es []*element, seen map[*macro]bool) {
		for _, e := range es {
			if found {
				return
			}
			if (e.kind == eText || e.kind == eNumber) && e.variable == "citation-number" {
				found = true
				return
			}
			if e.macro != nil && !seen[e.macro] {
				seen[e.macro] = true
				walk(e.macro.elems, seen)
			}
			walk(e.kids, seen)
			for _, b := range e.branches {
				walk(b.kids, seen)
			}
		}
	}
	if s.Citation != nil {
		walk(s.Citation.elems, map[*macro]bool{})
	}
	return found
}

const cslNS = "http://purl.org/net/xbiblio/csl"

type styleParser struct {
	file       string
	st         *Style
	macroNodes map[string]*node
	expanding  map[string]bool
	errs       []*Error
}

func (p *styleParser) fail(n *node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.line
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// ParseStyle parses a CSL 1.0.x style. file names the source in errors.
func ParseStyle(file string, src []byte) (*Style, error) {
	root, err := parseXML(file, src)
	if err != nil {
		return nil, err
	}
	if root.name != "style" || root.space != cslNS {
		what := "<" + root.name + ">"
		if root.space != "" && root.space != cslNS {
			what += " in namespace " + root.space
		}
		return nil, &Error{File: file, Line: root.line, Msg: fmt.Sprintf("not a CSL style: the root element is %s, not <style xmlns=%q>", what, cslNS)}
	}
	st := &Style{File: file, Line: root.line, macros: map[string]*macro{}, initializeWithHyphen: true, demoteNDP: "display-and-sort"}
	p := &styleParser{file: file, st: st, macroNodes: map[string]*node{}, expanding: map[string]bool{}}
	st.Class = root.get("class")
	st.Version = root.get("version")
	st.DefaultLocale = root.get("default-locale")
	if v, ok := root.attr("demote-non-dropping-particle"); ok {
		if !oneOf(v, "never", "sort-only", "display-and-sort") {
			p.fail(root, "demote-non-dropping-particle=%q is not one of never, sort-only, display-and-sort", v)
		}
		st.demoteNDP = v
	}
	if v, ok := root.attr("initialize-with-hyphen"); ok {
		st.initializeWithHyphen = v != "false"
	}
	if v, ok := root.attr("page-range-format"); ok {
		if !oneOf(v, "chicago", "chicago-15", "chicago-16", "expanded", "minimal", "minimal-two") {
			p.fail(root, "page-range-format=%q is not one of chicago, chicago-15, chicago-16, expanded, minimal, minimal-two", v)
		}
		st.pageRangeFormat = v
	}
	if st.Class != "" && st.Class != "in-text" && st.Class != "note" {
		p.fail(root, "class=%q: a style's class is in-text or note", st.Class)
	}
	inherit := map[string]string{}
	for _, a := range root.attrs {
		if inheritableNameAttr[a.Name.Local] {
			inherit[a.Name.Local] = a.Value
		}
	}
	var citNode, bibNode *node
	for _, k := range root.kids {
		if k.space != cslNS {
			continue
		}
		switch k.name {
		case "info":
			for _, i := range k.kids {
				switch i.name {
				case "id":
					st.ID = strings.TrimSpace(i.text)
				case "title":
					st.Title = strings.TrimSpace(i.text)
				case "link":
					if i.get("rel") == "independent-parent" {
						st.Parent = i.get("href")
					}
				}
			}
		case "locale":
			loc, err := parseLocaleNode(file, k)
			if err != nil {
				p.errs = append(p.errs, err.(*Error))
			} else {
				st.locales = append(st.locales, loc)
			}
		case "macro":
			name := k.get("name")
			if name == "" {
				p.fail(k, "<macro> needs a name attribute")
				continue
			}
			if _, dup := p.macroNodes[name]; dup {
				p.fail(k, "macro %q is defined twice", name)
			}
			p.macroNodes[name] = k
		case "citation":
			citNode = k
		case "bibliography":
			bibNode = k
		default:
			p.fail(k, "<%s> is not allowed in <style> (expected info, locale, macro, citation, bibliography)", k.name)
		}
	}
	if st.Class == "" {
		p.fail(root, "<style> needs a class attribute (in-text or note)")
	}
	if citNode == nil {
		if st.Parent != "" {
			if len(p.errs) > 0 {
				return nil, p.errs[0]
			}
			return st, nil
		}
		p.fail(root, "the style has no <citation> element")
	}
	// macros are parsed on first use so that unused ones cost nothing, but
	// every macro is checked
	names := make([]string, 0, len(p.macroNodes))
	for n := range p.macroNodes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p.getMacro(n, p.macroNodes[n])
	}
	if citNode != nil {
		st.Citation = p.parseLayout(citNode, inherit, false)
	}
	if bibNode != nil {
		st.Bibliography = p.parseLayout(bibNode, inherit, true)
	}
	if len(p.errs) > 0 {
		return nil, p.errs[0]
	}
	st.usesYearSuffixVar = p.usesVariable("year-suffix")
	for _, l := range []*Layout{st.Citation, st.Bibliography} {
		if l != nil {
			l.nameCache = map[*nameElem]*nameOpts{}
			p.resolveNames(l)
		}
	}
	return st, nil
}

func oneOf(v string, opts ...string) bool {
	for _, o := range opts {
		if v == o {
			return true
		}
	}
	return false
}

var inheritableNameAttr = map[string]bool{
	"and": true, "delimiter-precedes-et-al": true, "delimiter-precedes-last": true,
	"et-al-min": true, "et-al-use-first": true, "et-al-use-last": true,
	"et-al-subsequent-min": true, "et-al-subsequent-use-first": true,
	"initialize": true, "initialize-with": true, "name-as-sort-order": true,
	"sort-separator": true, "name-form": true, "name-delimiter": true, "names-delimiter": true,
}

func (p *styleParser) getMacro(name string, n *node) *macro {
	if p.expanding[name] {
		p.fail(n, "macro %q calls itself (through the macros it calls)", name)
		return nil
	}
	if m, ok := p.st.macros[name]; ok {
		return m
	}
	p.expanding[name] = true
	m := &macro{name: name, line: n.line}
	p.st.macros[name] = m
	m.elems = p.parseChildren(n, "macro")
	delete(p.expanding, name)
	return m
}

func (p *styleParser) parseLayout(n *node, styleInherit map[string]string, bib bool) *Layout {
	l := &Layout{inherit: map[string]string{}, line: n.line, nearNoteDistance: 5, givennameRule: "by-cite", entrySpacing: 1, subsequentRule: "complete-all"}
	for k, v := range styleInherit {
		l.inherit[k] = v
	}
	for _, a := range n.attrs {
		if inheritableNameAttr[a.Name.Local] {
			l.inherit[a.Name.Local] = a.Value
		}
	}
	boolAttr := func(name string) bool { return n.get(name) == "true" }
	intAttr := func(name string, def int) int {
		v, ok := n.attr(name)
		if !ok {
			return def
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			p.fail(n, "%s=%q is not a number", name, v)
			return def
		}
		return i
	}
	if !bib {
		l.addNames = boolAttr("disambiguate-add-names")
		l.addGivenname = boolAttr("disambiguate-add-givenname")
		l.addYearSuffix = boolAttr("disambiguate-add-year-suffix")
		if v, ok := n.attr("givenname-disambiguation-rule"); ok {
			if !oneOf(v, "all-names", "all-names-with-initials", "primary-name", "primary-name-with-initials", "by-cite") {
				p.fail(n, "givenname-disambiguation-rule=%q is not a CSL rule", v)
			}
			l.givennameRule = v
		}
		if v, ok := n.attr("collapse"); ok {
			if !oneOf(v, "citation-number", "year", "year-suffix", "year-suffix-ranged") {
				p.fail(n, "collapse=%q is not one of citation-number, year, year-suffix, year-suffix-ranged", v)
			}
			l.collapse = v
		}
		l.citeGroupDelim, l.hasCiteGroupDelim = n.attr("cite-group-delimiter")
		l.yearSuffixDelim, l.hasYearSuffixDelim = n.attr("year-suffix-delimiter")
		l.afterCollapseDelim, l.hasAfterCollapse = n.attr("after-collapse-delimiter")
		l.nearNoteDistance = intAttr("near-note-distance", 5)
	} else {
		l.hangingIndent = boolAttr("hanging-indent")
		l.secondFieldAlign = n.get("second-field-align")
		l.lineSpacing = intAttr("line-spacing", 1)
		l.entrySpacing = intAttr("entry-spacing", 1)
		l.subsequentAuthor, l.hasSubsequentAuthor = n.attr("subsequent-author-substitute")
		if v, ok := n.attr("subsequent-author-substitute-rule"); ok {
			l.subsequentRule = v
		}
	}
	var layoutNode *node
	for _, k := range n.kids {
		switch k.name {
		case "layout":
			if layoutNode != nil {
				// CSL-M allows several localized layouts; the first without
				// locale is the default.
				if _, ok := k.attr("locale"); ok {
					continue
				}
				if _, ok := layoutNode.attr("locale"); !ok {
					continue
				}
			}
			layoutNode = k
		case "sort":
			for _, key := range k.kids {
				if key.name != "key" {
					p.fail(key, "<%s> is not allowed in <sort> (expected key)", key.name)
					continue
				}
				sk := &sortKey{desc: key.get("sort") == "descending"}
				if v, ok := key.attr("variable"); ok {
					sk.variable = v
				} else if m, ok := key.attr("macro"); ok {
					mn, found := p.macroNodes[m]
					if !found {
						p.fail(key, "<key> calls macro %q, which the style does not define", m)
						continue
					}
					sk.macro = p.getMacro(m, mn)
				} else {
					p.fail(key, "<key> needs a variable or macro attribute")
					continue
				}
				if v, ok := key.attr("names-min"); ok {
					sk.namesMin, _ = strconv.Atoi(v)
					sk.hasNamesMin = true
				}
				if v, ok := key.attr("names-use-first"); ok {
					sk.namesUseFirst, _ = strconv.Atoi(v)
					sk.hasNamesUseFirst = true
				}
				sk.namesUseLast = key.get("names-use-last")
				l.sort = append(l.sort, sk)
			}
		default:
			p.fail(k, "<%s> is not allowed in <%s> (expected sort, layout)", k.name, n.name)
		}
	}
	if layoutNode == nil {
		p.fail(n, "<%s> has no <layout>", n.name)
		return l
	}
	l.f = p.formatting(layoutNode)
	l.delim = layoutNode.get("delimiter")
	l.elems = p.parseChildren(layoutNode, "layout")
	return l
}

func (p *styleParser) formatting(n *node) Formatting {
	var f Formatting
	f.Prefix = n.get("prefix")
	f.Suffix = n.get("suffix")
	check := func(attr string, opts ...string) string {
		v, ok := n.attr(attr)
		if ok && !oneOf(v, opts...) {
			p.fail(n, "%s=%q is not one of %s", attr, v, strings.Join(opts, ", "))
		}
		return v
	}
	f.FontStyle = check("font-style", "normal", "italic", "oblique")
	f.FontVariant = check("font-variant", "normal", "small-caps")
	f.FontWeight = check("font-weight", "normal", "bold", "light")
	f.TextDecoration = check("text-decoration", "none", "underline")
	f.VerticalAlign = check("vertical-align", "baseline", "sup", "sub")
	f.Display = check("display", "block", "left-margin", "right-inline", "indent")
	f.TextCase = check("text-case", "lowercase", "uppercase", "capitalize-first", "capitalize-all", "sentence", "title")
	f.Quotes = n.get("quotes") == "true"
	f.StripPeriods = n.get("strip-periods") == "true"
	return f
}

func (p *styleParser) parseChildren(n *node, ctx string) []*element {
	var out []*element
	for _, k := range n.kids {
		if e := p.parseElement(k, ctx); e != nil {
			out = append(out, e)
		}
	}
	return out
}

var renderingElems = "text, number, label, names, date, group, choose"

func (p *styleParser) parseElement(n *node, ctx string) *element {
	e := &element{line: n.line}
	switch n.name {
	case "text":
		e.kind = eText
		e.f = p.formatting(n)
		e.form = n.get("form")
		count := 0
		if v, ok := n.attr("variable"); ok {
			e.variable = v
			count++
		}
		if v, ok := n.attr("macro"); ok {
			count++
			mn, found := p.macroNodes[v]
			if !found {
				p.fail(n, "<text> calls macro %q, which the style does not define", v)
				return nil
			}
			e.macro = p.getMacro(v, mn)
			if e.macro == nil {
				return nil
			}
		}
		if v, ok := n.attr("term"); ok {
			e.term = v
			count++
			e.plural = n.get("plural")
		}
		if v, ok := n.attr("value"); ok {
			e.value = v
			count++
		}
		if count != 1 {
			p.fail(n, "<text> needs exactly one of variable, macro, term, value")
			return nil
		}
	case "number":
		e.kind = eNumber
		e.f = p.formatting(n)
		e.variable = n.get("variable")
		e.form = n.get("form")
		if e.variable == "" {
			p.fail(n, "<number> needs a variable attribute")
			return nil
		}
	case "label":
		e.kind = eLabel
		e.f = p.formatting(n)
		e.variable = n.get("variable")
		e.form = n.get("form")
		e.plural = n.get("plural")
		if e.variable == "" && ctx != "names" {
			p.fail(n, "<label> needs a variable attribute")
			return nil
		}
	case "names":
		e.kind = eNames
		e.f = p.formatting(n)
		e.variables = strings.Fields(n.get("variable"))
		e.delim, e.hasDelim = n.attr("delimiter")
		if len(e.variables) == 0 && ctx != "substitute" {
			p.fail(n, "<names> needs a variable attribute")
			return nil
		}
		seenName := false
		for _, k := range n.kids {
			switch k.name {
			case "name":
				ne := &nameElem{attrs: map[string]string{}, f: p.formatting(k), line: k.line}
				for _, a := range k.attrs {
					ne.attrs[a.Name.Local] = a.Value
				}
				for _, np := range k.kids {
					if np.name != "name-part" {
						p.fail(np, "<%s> is not allowed in <name> (expected name-part)", np.name)
						continue
					}
					switch np.get("name") {
					case "family":
						ne.family = p.formatting(np)
					case "given":
						ne.given = p.formatting(np)
					default:
						p.fail(np, "<name-part name=%q>: name is given or family", np.get("name"))
					}
				}
				e.name = ne
				seenName = true
			case "et-al":
				ea := &etAlElem{term: k.get("term"), f: p.formatting(k)}
				if ea.term == "" {
					ea.term = "et-al"
				}
				e.etAl = ea
			case "label":
				l := p.parseElement(k, "names")
				if l != nil {
					e.label = l
					e.labelBefore = !seenName
				}
			case "substitute":
				e.hasSubstitute = true
				e.substitute = p.parseChildren(k, "substitute")
			default:
				p.fail(k, "<%s> is not allowed in <names> (expected name, et-al, label, substitute)", k.name)
			}
		}
	case "date":
		e.kind = eDate
		e.f = p.formatting(n)
		e.variable = n.get("variable")
		e.form = n.get("form")
		e.delim, e.hasDelim = n.attr("delimiter")
		if e.variable == "" && ctx != "locale" {
			p.fail(n, "<date> needs a variable attribute")
			return nil
		}
		if e.form != "" && e.form != "text" && e.form != "numeric" {
			p.fail(n, "<date form=%q>: form is text or numeric", e.form)
		}
		e.dateParts = n.get("date-parts")
		for _, k := range n.kids {
			if k.name != "date-part" {
				p.fail(k, "<%s> is not allowed in <date> (expected date-part)", k.name)
				continue
			}
			dp := &datePart{name: k.get("name"), form: k.get("form"), f: p.formatting(k), line: k.line}
			dp.rangeDelim, dp.hasRangeDelim = k.attr("range-delimiter")
			if !oneOf(dp.name, "day", "month", "year") {
				p.fail(k, "<date-part name=%q>: name is day, month or year", dp.name)
				continue
			}
			e.parts = append(e.parts, dp)
		}
	case "group":
		e.kind = eGroup
		e.f = p.formatting(n)
		e.delim, e.hasDelim = n.attr("delimiter")
		e.kids = p.parseChildren(n, "group")
	case "choose":
		e.kind = eChoose
		for i, k := range n.kids {
			if k.name != "if" && k.name != "else-if" && k.name != "else" {
				p.fail(k, "<%s> is not allowed in <choose> (expected if, else-if, else)", k.name)
				continue
			}
			if i == 0 && k.name != "if" {
				p.fail(k, "<choose> must start with <if>, not <%s>", k.name)
			}
			b := &branch{match: "all", line: k.line}
			if v, ok := k.attr("match"); ok {
				if !oneOf(v, "all", "any", "none", "nand") {
					p.fail(k, "match=%q is not one of all, any, none", v)
				}
				b.match = v
			}
			if k.name != "else" {
				for _, a := range k.attrs {
					var ck condKind
					switch a.Name.Local {
					case "type":
						ck = cType
					case "variable":
						ck = cVariable
					case "is-numeric":
						ck = cIsNumeric
					case "is-uncertain-date":
						ck = cIsUncertainDate
					case "locator":
						ck = cLocator
					case "position":
						ck = cPosition
					case "disambiguate":
						ck = cDisambiguate
					case "match":
						continue
					default:
						continue
					}
					b.conds = append(b.conds, cond{kind: ck, vals: strings.Fields(a.Value)})
				}
				if len(b.conds) == 0 {
					p.fail(k, "<%s> has no condition", k.name)
				}
			} else {
				b.match = "else"
			}
			b.kids = p.parseChildren(k, "choose")
			e.branches = append(e.branches, b)
		}
	default:
		p.fail(n, "<%s> is not allowed in <%s> (expected %s)", n.name, ctx, renderingElems)
		return nil
	}
	return e
}

// usesVariable reports whether any element of the style renders variable v.
func (p *styleParser) usesVariable(v string) bool {
	found := false
	f := func(e *element) {
		if e.variable == v {
			found = true
		}
	}
	for _, m := range p.st.macros {
		eachElement(m.elems, nil, f)
	}
	for _, l := range []*Layout{p.st.Citation, p.st.Bibliography} {
		if l != nil {
			eachElement(l.elems, nil, f)
		}
	}
	return found
}

// eachElement calls f with every element of es and, depth first, with the
// elements under it: a choose's branches, a group's children, a names'
// substitute. With seen not nil it enters the macros the elements call as
// well, each once, recording them in seen; with seen nil it does not.
func eachElement(es []*element, seen map[*macro]bool, f func(*element)) {
	for _, e := range es {
		f(e)
		if seen != nil && e.macro != nil && !seen[e.macro] {
			seen[e.macro] = true
			eachElement(e.macro.elems, seen, f)
		}
		for _, b := range e.branches {
			eachElement(b.kids, seen, f)
		}
		eachElement(e.kids, seen, f)
		eachElement(e.substitute, seen, f)
	}
}

// resolveNames computes the name options in force for every <name> of the
// style under layout l.
func (p *styleParser) resolveNames(l *Layout) {
	seen := map[*macro]bool{}
	f := func(e *element) {
		if e.kind == eNames && e.name != nil {
			l.nameCache[e.name] = resolveNameOpts(l.inherit, e.name)
		}
	}
	eachElement(l.elems, seen, f)
	for _, k := range l.sort {
		if k.macro != nil && !seen[k.macro] {
			seen[k.macro] = true
			eachElement(k.macro.elems, seen, f)
		}
	}
	l.nameCache[nil] = resolveNameOpts(l.inherit, nil)
}

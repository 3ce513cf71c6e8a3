package doc

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"quire/internal/diag"
	"quire/internal/lang"
)

// Cross-references: numbering of sections, figures, tables, listings and
// display equations, and the text of references to them.
//
// A reference is printed in one of two ways. By default it names the kind
// in full, "Figure 2", "Figures 2 and 3", "Section 2.1", "Equation 1",
// "Listing 1" (numbers in runs of three or more as "2–4"). A manuscript
// whose front matter sets pandoc-crossref's metadata variables (Meta.CrossRef
// not empty) is printed as that filter prints it into a PDF: "fig. 2",
// "figs. 2, 3, 4", "Fig. 2" for @Fig:..., "eq. 1", "sec. 2.1", "lsts. 1, 2",
// with the filter's prefix variables (figPrefix, tblPrefix, eqnPrefix,
// secPrefix, lstPrefix) honoured.

// Kinds of cross-reference targets, as written in labels (fig:x, fig-x).
const (
	KindFigure   = "fig"
	KindTable    = "tbl"
	KindEquation = "eq"
	KindSection  = "sec"
	KindListing  = "lst"
)

// CrossRefKinds are the label prefixes that make "@prefix:id" or
// "@prefix-id" a cross-reference rather than a citation.
var CrossRefKinds = []string{KindFigure, KindTable, KindEquation, KindSection, KindListing}

// CrossRefKey reports whether a citation key ("fig:map", "Fig:map",
// "tbl-history") names a cross-reference, and returns the label it names
// (with the prefix in lower case) and whether the prefix was capitalised.
func CrossRefKey(key string) (label string, capital, ok bool) {
	for _, k := range CrossRefKinds {
		if len(key) <= len(k)+1 || !strings.EqualFold(key[:len(k)], k) {
			continue
		}
		if sep := key[len(k)]; sep != ':' && sep != '-' {
			continue
		}
		p := key[:len(k)]
		if p != k && p != strings.ToUpper(k[:1])+k[1:] {
			continue // "FIG:x", "fIg:x": not a prefix
		}
		return k + key[len(k):], p != k, true
	}
	return "", false, false
}

// CrossRefKeys are pandoc-crossref's metadata variables. A front-matter
// key in this list is accepted without a warning and recorded in
// Meta.CrossRef; any of them makes references print as the filter prints
// them. (The project package reads the front matter; this is the one list.)
var CrossRefKeys = []string{
	"autoEqnLabels", "autoSectionLabels", "ccsDelim", "ccsLabelSep", "ccsTemplate",
	"chapDelim", "chapters", "chaptersDepth", "codeBlockCaptions", "cref",
	"eqLabels", "eqnBlockTemplate", "eqnIndexTemplate", "eqnInlineTemplate",
	"eqnPrefix", "eqnPrefixTemplate", "eqnDisplayTemplate", "equationNumberTeX",
	"figLabels", "figPrefix", "figPrefixTemplate", "figureTemplate", "figureTitle",
	"lastDelim", "linkReferences", "listings", "listingTemplate", "listingTitle",
	"lofTitle", "lolTitle", "lotTitle", "lstLabels", "lstPrefix", "lstPrefixTemplate",
	"nameInLink", "numberSections", "pairDelim", "rangeDelim", "refDelim",
	"refIndexTemplate", "secHeaderDelim", "secHeaderTemplate", "secLabels",
	"secPrefix", "secPrefixTemplate", "sectionsDepth", "setLabelAttribute",
	"subfigGrid", "subfigLabels", "subfigureChildTemplate", "subfigureRefIndexTemplate",
	"subfigureTemplate", "subfigColumns", "tableEqns", "tableTemplate", "tableTitle",
	"tblLabels", "tblPrefix", "tblPrefixTemplate", "titleDelim",
}

// IsCrossRefKey reports whether k is one of CrossRefKeys.
func IsCrossRefKey(k string) bool {
	i := sort.SearchStrings(sortedCrossRefKeys, k)
	return i < len(sortedCrossRefKeys) && sortedCrossRefKeys[i] == k
}

var sortedCrossRefKeys = func() []string {
	s := append([]string(nil), CrossRefKeys...)
	sort.Strings(s)
	return s
}()

// An Equation is a display equation that can carry a label ($$...$$
// {#eq:x}): the math package's block (or inline) implements it on a
// pointer type. NumberFloats numbers, in reading order, every equation
// whose label is not empty.
type Equation interface {
	EquationLabel() string
	SetEquationNumber(n int)
}

// kindWords are the English words of a reference: singular and plural, in
// full (Quire's own style) and as pandoc-crossref abbreviates them. Other
// languages take theirs from package lang (wordsOf).
var kindWords = map[string][4]string{
	KindFigure:   {"Figure", "Figures", "fig.", "figs."},
	KindTable:    {"Table", "Tables", "tbl.", "tbls."},
	KindEquation: {"Equation", "Equations", "eq.", "eqns."},
	KindSection:  {"Section", "Sections", "sec.", "secs."},
	KindListing:  {"Listing", "Listings", "lst.", "lsts."},
}

// wordsOf returns the words of a reference to kind in language lg:
// singular and plural in full and, for pandoc-crossref's style, as it
// writes them (English abbreviations; other languages their own words in
// lower case).
func wordsOf(lg *lang.Language, kind string) [4]string {
	sg, pl := refTerms(lg, kind)
	if lg == nil || strings.HasPrefix(lg.Tag, "en") {
		w := kindWords[kind]
		if lg != nil { // the front matter's overrides
			if dsg, dpl := refTerms(lang.Default(), kind); sg != dsg || pl != dpl {
				w[0], w[1] = sg, pl
			}
		}
		return w
	}
	return [4]string{sg, pl, strings.ToLower(sg), strings.ToLower(pl)}
}

// refTerms returns the singular and the plural word of a reference to kind.
func refTerms(lg *lang.Language, kind string) (sg, pl string) {
	if lg == nil {
		lg = lang.Default()
	}
	t := &lg.Terms
	switch kind {
	case KindFigure:
		sg, pl = t.FigureRef, t.FigureRefs
	case KindTable:
		sg, pl = t.TableRef, t.TableRefs
	case KindEquation:
		sg, pl = t.EquationRef, t.EquationRefs
	case KindListing:
		sg, pl = t.ListingRef, t.ListingRefs
	default:
		sg, pl = t.Section, t.Sections
	}
	if pl == "" {
		pl = sg
	}
	return sg, pl
}

// KindWord returns the word a caption or reference uses for kind
// ("Figure"), plural if n != 1.
func KindWord(kind string, n int) string {
	w := kindWords[kind]
	if n != 1 {
		return w[1]
	}
	return w[0]
}

// target is what a label names.
type target struct {
	kind  string
	num   string   // "2", "2.1", "6b"; "" for an unnumbered section
	title []Inline // a section's heading, for an unnumbered one
}

// NumberFloats normalises heading levels (the top level used becomes
// level 1), numbers sections (unless Meta.NumberSections is false),
// figures and their subfigures, tables and listings with a caption or a
// label, and labelled equations, each in reading order, and returns what
// every label names.
func NumberFloats(d *Document) map[string]target {
	labels, _ := numberFloats(d)
	return labels
}

// numberFloats is NumberFloats, which also returns the labels written
// twice (each after the first).
func numberFloats(d *Document) (map[string]target, []dupLabel) {
	NormalizeHeadings(d)
	n := &numberer{labels: map[string]target{}, at: map[string]Pos{}, numberSecs: d.Meta.NumberSections == nil || *d.Meta.NumberSections}
	n.blocks(d.Blocks)
	return n.labels, n.dups
}

// dupLabel is a cross-reference label given a second time: references go
// to the first.
type dupLabel struct {
	id         string
	pos, first Pos
}

// NormalizeHeadings shifts heading levels so that the top level used in
// the body is level 1: a manuscript whose sections are "##" gets sections
// numbered 1, 2, 3, not 0.1, 0.2.
func NormalizeHeadings(d *Document) {
	top := 0
	EachBlock(d.Blocks, func(b Block) {
		if h, ok := b.(*Heading); ok && h.Level > 0 && (top == 0 || h.Level < top) {
			top = h.Level
		}
	})
	if top <= 1 {
		return
	}
	EachBlock(d.Blocks, func(b Block) {
		if h, ok := b.(*Heading); ok {
			h.Level = max(1, h.Level-top+1)
		}
	})
}

type numberer struct {
	labels        map[string]target
	at            map[string]Pos // where each explicit label was given
	dups          []dupLabel
	fig, tbl, lst int
	eq            int
	sec           []int
	numberSecs    bool
	appendix      bool // after \appendix: top-level sections lettered
}

// kindDropped is the kind of a label in raw LaTeX that was left out.
const kindDropped = "dropped"

func (n *numberer) label(id string, t target) {
	if id == "" {
		return
	}
	if _, dup := n.labels[id]; !dup {
		n.labels[id] = t
	}
}

// given notes that the author wrote label id at pos (not a generated
// one); a cross-reference label (fig:, tbl-, sec:...) written a second
// time is recorded in dups.
func (n *numberer) given(id string, pos Pos) {
	if _, _, ok := CrossRefKey(id); !ok {
		return
	}
	if first, dup := n.at[id]; dup {
		n.dups = append(n.dups, dupLabel{id: id, pos: pos, first: first})
		return
	}
	n.at[id] = pos
}

func (n *numberer) blocks(bs []Block) {
	EachBlock(bs, func(b Block) {
		switch b := b.(type) {
		case *Figure:
			if b.ID == "" && len(b.Caption) == 0 && len(b.Sub) == 0 && b.Graphic == nil {
				// An image without a caption or a label is placed, not
				// numbered (as pandoc does).
				return
			}
			n.fig++
			b.Number = n.fig
			b.ID = orLabel(b.ID, &b.Caption)
			n.given(b.ID, b.Pos)
			if b.ID == "" {
				b.ID = "fig:" + strconv.Itoa(n.fig)
			}
			num := strconv.Itoa(n.fig)
			n.label(b.ID, target{kind: KindFigure, num: num})
			for i, sub := range b.Sub {
				sub.Letter = string(rune('a' + i%26))
				sub.ID = orLabel(sub.ID, &sub.Caption)
				n.given(sub.ID, b.Pos)
				n.label(sub.ID, target{kind: KindFigure, num: num + sub.Letter})
			}
		case *Table:
			b.ID = orLabel(b.ID, &b.Caption)
			n.given(b.ID, b.Pos)
			if len(b.Caption) > 0 || b.ID != "" {
				n.tbl++
				b.Number = n.tbl
				if b.ID == "" {
					b.ID = "tbl:" + strconv.Itoa(n.tbl)
				}
				n.label(b.ID, target{kind: KindTable, num: strconv.Itoa(n.tbl)})
			}
		case *CodeBlock:
			b.ID = orLabel(b.ID, &b.Caption)
			n.given(b.ID, b.Pos)
			if len(b.Caption) > 0 || b.ID != "" {
				n.lst++
				b.Number = n.lst
				n.label(b.ID, target{kind: KindListing, num: strconv.Itoa(n.lst)})
			}
		case *Heading:
			n.heading(b)
		case *Paragraph:
			n.equations(b.Content, b.Pos)
			n.dropped(b.Content)
		case *Appendix:
			n.appendix = true
			n.sec = nil
		case *MathBlock:
			n.mathBlock(b) // math.go
		}
		if e, ok := b.(Equation); ok {
			n.equation(e, positionOf(b))
		}
	})
}

func (n *numberer) heading(h *Heading) {
	if h.ID == "" {
		h.ID = labelIn(&h.Content)
	}
	n.given(h.ID, h.Pos)
	h.Number = ""
	if h.Unnumbered || !n.numberSecs {
		n.label(h.ID, target{kind: KindSection, title: h.Content})
		return
	}
	lv := max(h.Level, 1)
	for len(n.sec) < lv {
		n.sec = append(n.sec, 0)
	}
	n.sec = n.sec[:lv]
	n.sec[lv-1]++
	parts := make([]string, len(n.sec))
	for i, x := range n.sec {
		parts[i] = strconv.Itoa(x)
	}
	if n.appendix && n.sec[0] <= 26 {
		parts[0] = string(rune('A' + n.sec[0] - 1))
	}
	h.Number = strings.Join(parts, ".")
	n.label(h.ID, target{kind: KindSection, num: h.Number, title: h.Content})
}

// dropped records the labels of raw LaTeX left out (DroppedLabel anchors).
func (n *numberer) dropped(in []Inline) {
	for _, x := range in {
		if a, ok := x.(Anchor); ok && strings.HasPrefix(a.ID, DroppedLabel) {
			n.label(a.ID[len(DroppedLabel):], target{kind: kindDropped})
		}
	}
}

func (n *numberer) equations(in []Inline, pos Pos) {
	EachInline(in, func(x Inline) {
		if e, ok := x.(Equation); ok {
			n.equation(e, pos)
		}
	})
}

// positionOf returns the position of b, if it has one.
func positionOf(b Block) Pos {
	if p, ok := b.(interface{ Position() Pos }); ok {
		return p.Position()
	}
	return Pos{}
}

func (n *numberer) equation(e Equation, pos Pos) {
	id := e.EquationLabel()
	if id == "" {
		return
	}
	n.given(id, pos)
	n.eq++
	e.SetEquationNumber(n.eq)
	n.label(id, target{kind: KindEquation, num: strconv.Itoa(n.eq)})
}

// orLabel returns id, or else the label written inside the caption (an
// Anchor from "\label{x}" or "[]{#x}"), which it removes.
func orLabel(id string, caption *[]Inline) string {
	if l := labelIn(caption); id == "" {
		return l
	}
	return id
}

// labelIn removes the first top-level Anchor of *in and returns its ID.
func labelIn(in *[]Inline) string {
	for i, x := range *in {
		if a, ok := x.(Anchor); ok && a.ID != "" {
			out := append(append([]Inline(nil), (*in)[:i]...), (*in)[i+1:]...)
			// Drop the space the label leaves at the end.
			if k := len(out) - 1; k >= 0 {
				if t, ok := out[k].(Text); ok {
					if s := strings.TrimRight(t.S, " "); s != "" {
						out[k] = Text{S: s}
					} else {
						out = out[:k]
					}
				}
			}
			*in = out
			return a.ID
		}
	}
	return ""
}

// ResolveRefs numbers sections and floats and replaces every CrossRef
// with its text, each number a Ref to its target. An unknown label is an
// error at the reference's position (a warning in a draft build), with
// the known labels of that kind as a hint, and prints "??".
func ResolveRefs(d *Document, diags *diag.List) {
	lg, _ := lang.Of(d.Meta.Lang, d.Meta.Terms)
	labels, dups := numberFloats(d)
	for _, dup := range dups {
		first := dup.first.String()
		if dup.first.File == dup.pos.File {
			first = "line " + strconv.Itoa(dup.first.Line)
		}
		diags.Recoverf(dup.pos, "give each its own label; references to it go to the first",
			"label %s is given twice (first at %s)", dup.id, first)
	}
	r := &resolver{labels: labels, diags: diags, meta: &d.Meta, filter: len(d.Meta.CrossRef) > 0, lang: lg}
	// A division in another language (::: {lang=de}) words its references
	// in that language: "Abbildung 2" in a German passage. Innermost
	// first, so that the words are those of the nearest language.
	langDivs(d.Blocks, func(div *Div) {
		l, ok := lang.Lookup(div.Lang)
		if !ok {
			return
		}
		sub := *r
		sub.lang = l
		MapInlines(&Document{Blocks: []Block{div}}, sub.resolve)
	})
	MapInlines(d, r.resolve)
}

// langDivs calls f with every division of bs that sets a language, those
// nested inside one before it.
func langDivs(bs []Block, f func(*Div)) {
	WalkBlocks(bs, nil, func(b Block) {
		if div, ok := b.(*Div); ok && div.Lang != "" {
			f(div)
		}
	})
}

// resolve replaces the CrossRefs of in with their text.
func (r *resolver) resolve(in []Inline, _ bool) []Inline {
	var out []Inline
	for i, x := range in {
		cr, ok := x.(CrossRef)
		if a, isA := x.(Anchor); isA && strings.HasPrefix(a.ID, DroppedLabel) {
			if out == nil {
				out = append(make([]Inline, 0, len(in)), in[:i]...)
			}
			continue
		}
		if !ok {
			if out != nil {
				out = append(out, x)
			}
			continue
		}
		if out == nil {
			out = append(make([]Inline, 0, len(in)+4), in[:i]...)
		}
		out = r.render(cr, out)
	}
	if out == nil {
		return in
	}
	return out
}

type resolver struct {
	labels map[string]target
	diags  *diag.List
	meta   *Meta
	filter bool // print as pandoc-crossref does
	lang   *lang.Language
}

// lookup finds the target of a label: as written, or, for "sec:x" and
// "sec-x", the heading whose identifier is x (pandoc-crossref's
// autoSectionLabels).
func (r *resolver) lookup(id string) (target, bool) {
	if t, ok := r.labels[id]; ok {
		return t, true
	}
	if strings.HasPrefix(id, "sec:") || strings.HasPrefix(id, "sec-") {
		if t, ok := r.labels[id[4:]]; ok && t.kind == KindSection {
			return t, true
		}
	}
	return target{}, false
}

type resolved struct {
	CrossRef
	t  target
	id string
}

// render appends the text of cr (and its group) to out.
func (r *resolver) render(cr CrossRef, out []Inline) []Inline {
	items := append([]CrossRef{cr}, cr.Group...)
	var rs []resolved
	unknown := 0
	for _, it := range items {
		t, ok := r.lookup(it.Target)
		if !ok {
			r.unknown(it)
			if unknown > 0 {
				out = append(out, Text{S: ", "})
			}
			out = append(out, Text{S: "??"})
			unknown++
			continue
		}
		if t.kind == kindDropped {
			r.diags.Warnf(it.Pos, "write the target in Markdown to refer to it", "@%s is labelled in raw LaTeX that is left out", it.Target)
			if unknown > 0 {
				out = append(out, Text{S: ", "})
			}
			out = append(out, Text{S: "??"})
			unknown++
			continue
		}
		id := it.Target
		if _, direct := r.labels[id]; !direct {
			id = id[4:]
		}
		rs = append(rs, resolved{it, t, id})
	}
	if len(rs) == 0 {
		return out
	}
	if unknown > 0 {
		out = append(out, Text{S: ", "})
	}
	// Group consecutive references of one kind.
	var groups [][]resolved
	for _, x := range rs {
		if k := len(groups) - 1; k >= 0 && groups[k][0].t.kind == x.t.kind && !x.Bare && !groups[k][0].Bare {
			groups[k] = append(groups[k], x)
			continue
		}
		groups = append(groups, []resolved{x})
	}
	// "Figure @fig:x": the kind is already written before the reference.
	bare := len(groups) == 1 && len(groups[0]) == 1 && precededByWord(out, groups[0][0].t.kind)
	for gi, g := range groups {
		if gi > 0 {
			if !r.filter {
				out = append(out, Text{S: "; "})
			} else {
				out = append(out, Text{S: ", "})
			}
		}
		out = r.group(g, gi == 0 && cr.Capital, bare, out)
	}
	return out
}

// group appends the references of one kind: prefix and numbers.
func (r *resolver) group(g []resolved, capital, bare bool, out []Inline) []Inline {
	kind := g[0].t.kind
	if g[0].Name && len(g) == 1 && g[0].t.title != nil {
		return append(out, Ref{Target: g[0].id, Content: g[0].t.title})
	}
	if kind == KindSection && g[0].t.num == "" && len(g) == 1 {
		// An unnumbered section is named by its title.
		return append(out, Ref{Target: g[0].id, Content: append(append([]Inline{Text{S: r.lang.Quotes[0]}}, g[0].t.title...), Text{S: r.lang.Quotes[1]})})
	}
	prefix := ""
	if !bare && !g[0].Bare {
		prefix = r.prefix(kind, len(g), capital)
	}
	nums := make([]string, len(g))
	for i, x := range g {
		nums[i] = x.t.num
		if nums[i] == "" {
			nums[i] = r.lang.Quotes[0] + PlainText(x.t.title) + r.lang.Quotes[1]
		}
		if x.Paren {
			nums[i] = "(" + nums[i] + ")"
		}
	}
	if len(g) == 1 {
		s := nums[0]
		if prefix != "" {
			s = prefix + "\u00a0" + s
		}
		return append(out, Ref{Target: g[0].id, Content: []Inline{Text{S: s}}})
	}
	if prefix != "" {
		out = append(out, Text{S: prefix + "\u00a0"})
	}
	if r.filter {
		for i, x := range g {
			if i > 0 {
				out = append(out, Text{S: ", "})
			}
			out = append(out, Ref{Target: x.id, Content: []Inline{Text{S: nums[i]}}})
		}
		return out
	}
	// Quire's style: "1 and 2", "1, 2 and 4", runs of three or more "2–4".
	type run struct{ from, to int }
	var runs []run
	for i := range g {
		if k := len(runs) - 1; k >= 0 && consecutive(nums[runs[k].to], nums[i]) {
			runs[k].to = i
			continue
		}
		runs = append(runs, run{i, i})
	}
	var parts [][]Inline
	for _, ru := range runs {
		if ru.to-ru.from >= 2 {
			parts = append(parts, []Inline{
				Ref{Target: g[ru.from].id, Content: []Inline{Text{S: nums[ru.from]}}},
				Text{S: "–"},
				Ref{Target: g[ru.to].id, Content: []Inline{Text{S: nums[ru.to]}}},
			})
			continue
		}
		for i := ru.from; i <= ru.to; i++ {
			parts = append(parts, []Inline{Ref{Target: g[i].id, Content: []Inline{Text{S: nums[i]}}}})
		}
	}
	for i, p := range parts {
		switch {
		case i == 0:
		case i == len(parts)-1:
			out = append(out, Text{S: " " + r.lang.Terms.And + " "})
		default:
			out = append(out, Text{S: ", "})
		}
		out = append(out, p...)
	}
	return out
}

// consecutive reports whether b is the number after a ("3", "4").
func consecutive(a, b string) bool {
	x, err1 := strconv.Atoi(a)
	y, err2 := strconv.Atoi(b)
	return err1 == nil && err2 == nil && y == x+1
}

// prefix returns the word before the numbers of n references of kind.
func (r *resolver) prefix(kind string, n int, capital bool) string {
	w := wordsOf(r.lang, kind)
	if !r.filter {
		if n == 1 {
			return w[0]
		}
		return w[1]
	}
	p := w[2]
	if n != 1 {
		p = w[3]
	}
	key := map[string]string{KindFigure: "figPrefix", KindTable: "tblPrefix", KindEquation: "eqnPrefix", KindSection: "secPrefix", KindListing: "lstPrefix"}[kind]
	if v, ok := r.meta.CrossRef[key]; ok {
		p = strings.TrimSpace(v)
		// figPrefix: [fig., figs.] gives the plural too.
		if pv, ok := r.meta.Terms[lang.PluralKey(key)]; ok && n != 1 {
			p = strings.TrimSpace(pv)
		}
	}
	if capital && p != "" {
		c, size := utf8.DecodeRuneInString(p)
		p = string(unicode.ToUpper(c)) + p[size:]
	}
	return p
}

// precededByWord reports whether out ends with the word of kind and a
// space ("Figure ", "Table ", "Eq. "), so that the number alone follows.
func precededByWord(out []Inline, kind string) bool {
	if len(out) == 0 {
		return false
	}
	t, ok := out[len(out)-1].(Text)
	if !ok || !strings.HasSuffix(t.S, " ") && !strings.HasSuffix(t.S, "\u00a0") {
		return false
	}
	s := strings.TrimRight(t.S, " \u00a0")
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' })
	word := strings.ToLower(s[i+1:])
	kw := kindWords[kind]
	for _, w := range append(kw[:], extraWords[kind]...) {
		if word == strings.ToLower(w) {
			return true
		}
	}
	return false
}

// extraWords are further words that name a kind before a bare number.
var extraWords = map[string][]string{
	KindFigure:   {"Fig.", "Fig", "Figs."},
	KindTable:    {"Tab.", "Tab"},
	KindEquation: {"Eq.", "Eqs.", "Eqn.", "Eqns."},
	KindSection:  {"Sec.", "Secs.", "Sect.", "Chapter", "Chapters", "§"},
	KindListing:  {"Lst."},
}

// unknown reports a reference to a label that nothing carries.
func (r *resolver) unknown(cr CrossRef) {
	kind := ""
	if l, _, ok := CrossRefKey(cr.Target); ok {
		kind = l[:strings.IndexAny(l, ":-")]
	}
	var known []string
	for id, t := range r.labels {
		if t.kind == kind && kind != "" {
			known = append(known, "@"+id)
		}
	}
	sort.Strings(known)
	if len(known) > 8 {
		known = append(known[:8], "…")
	}
	hint := "label the target with {#" + cr.Target + "}"
	if len(known) > 0 {
		hint = "known: " + strings.Join(known, ", ")
	}
	r.diags.Recoverf(cr.Pos, hint, "unknown cross-reference @%s", cr.Target)
}

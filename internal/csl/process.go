package csl

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/collate"
)

// CiteItem is one cite of a citation.
type CiteItem struct {
	ID             string
	Locator, Label string // Label is a CSL locator term: page, chapter, section...
	Prefix, Suffix string // may contain the CSL-JSON markup
	SuppressAuthor bool
	AuthorOnly     bool
}

// Citation is a group of cites made at one place of the text.
type Citation struct {
	ID        string
	NoteIndex int // the note the citation is in (1, 2, ...); 0 in the text
	Items     []CiteItem
	// MidSentence says the citation does not start a note's sentence, so
	// a term it starts with ("ibid.") is not capitalized.
	MidSentence bool
	// Embedded says the citation stands inside a sentence of the text, so
	// the layout's suffix (the period of a note style) is left off.
	Embedded bool
}

// Entry is a bibliography entry.
type Entry struct {
	ID   string
	Text Text
}

// Result is what processing a document's citations yields.
type Result struct {
	Citations    []Text
	Bibliography []Entry
	Warnings     []Warning
}

// Warning is a problem that did not stop processing; Line, when not 0, is
// the style's line it comes from.
type Warning struct {
	Line int
	Msg  string
}

// Processor renders citations and a bibliography for a set of items
// under one style and locale.
type Processor struct {
	style *Style
	loc   *locales
	items []*Item
	byID  map[string]*Item
	coll  *collate.Collator

	warnings []Warning
	warned   map[string]bool

	dis map[string]*disamb

	parsed map[string]Text // parse's cache
	free   [][]*out        // evalElems's slices, for reuse
	// sortCites's keys by item, number and disambiguation
	citeSort map[citeSortID][]sortValue

	locFormsOnce sync.Once
	locForms     []locatorForm

	// EmptyCite, when set, stands for a cite that renders nothing (the
	// test suite expects "[CSL STYLE ERROR: reference with no printed form.]").
	EmptyCite string

	// DisambiguateUncited makes the items never cited (a bibliography's
	// nocite items) take part in disambiguation too.
	DisambiguateUncited bool

	// NoIbid keeps cites from the ibid positions (they are subsequent).
	NoIbid bool
}

// NewProcessor prepares a processor. lang selects the locale ("" for the
// style's default); src finds locale files.
func NewProcessor(st *Style, lang string, src LocaleSource, items []*Item) (*Processor, error) {
	if st.Citation == nil {
		return nil, fmt.Errorf("%s: the style has no citation layout (a dependent style? its parent is %s)", st.File, st.Parent)
	}
	ls, err := buildLocales(st, lang, src)
	if err != nil {
		return nil, err
	}
	p := &Processor{style: st, loc: ls, items: items, byID: map[string]*Item{}, warned: map[string]bool{}, dis: map[string]*disamb{}}
	for _, it := range items {
		if _, dup := p.byID[it.ID]; !dup {
			p.byID[it.ID] = it
		}
	}
	p.coll = newCollator(ls.lang)
	p.checkTerms()
	return p, nil
}

func (p *Processor) warnf(format string, args ...any) { p.warnAt(0, format, args...) }

func (p *Processor) warnAt(line int, format string, args ...any) {
	m := fmt.Sprintf(format, args...)
	if !p.warned[m] {
		p.warned[m] = true
		p.warnings = append(p.warnings, Warning{Line: line, Msg: m})
	}
}

// noTerm warns of a term the style names that is no CSL term and that no
// locale defines (after the fallbacks: the style's own terms, the locale,
// its base language, en-US): it renders nothing. A CSL term the locales
// lack renders nothing without a warning, as the specification has it.
func (p *Processor) noTerm(e *element) {
	if knownTerm(e.term) {
		return
	}
	p.warnAt(e.line, "unknown term %q: no locale defines it (language %s), so it renders nothing", e.term, p.loc.lang)
}

// checkTerms looks up every term the style's elements name, so that an
// unknown one is reported whatever the items are.
func (p *Processor) checkTerms() {
	st := p.style
	walk := func(es []*element) {
		eachElement(es, nil, func(e *element) {
			if e.kind == eText && e.term != "" {
				if _, ok := p.loc.termText(e.term, e.form, e.plural == "true"); !ok {
					p.noTerm(e)
				}
			}
		})
	}
	names := make([]string, 0, len(st.macros))
	for n := range st.macros {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		walk(st.macros[n].elems)
	}
	for _, l := range []*Layout{st.Citation, st.Bibliography} {
		if l != nil {
			walk(l.elems)
		}
	}
}

func (p *Processor) disOf(id string) *disamb {
	d := p.dis[id]
	if d == nil {
		d = &disamb{}
		p.dis[id] = d
	}
	return d
}

// placed is a cite in its citation, with what rendering it needs.
type placed struct {
	c           *cite
	ci          *CiteItem
	citation    int
	index       int
	midSentence bool
	embedded    bool
}

// Process renders the citations, in document order, and the bibliography
// of the processor's items.
func (p *Processor) Process(cits []Citation) *Result {
	st := p.style
	p.citeSort = nil
	res := &Result{}
	// bibliography order and citation numbers
	order := p.bibOrder(cits)
	numbers := map[string]int{}
	for i, it := range order {
		numbers[it.ID] = i + 1
	}
	// cites with positions
	all := make([][]*placed, len(cits))
	type last struct {
		note int
	}
	lastCite := map[string]*last{}
	firstNote := map[string]int{}
	// the cites an ibid may refer back to: in-text citations and notes are
	// separate sequences; in notes, the previous citation of the same note,
	// else all cites of the last note with citations
	var prevInText []*CiteItem
	var prevNoteCites []*CiteItem
	prevNote := 0
	var curNoteCites []*CiteItem
	var prevInNote []*CiteItem // the previous citation in the current note
	for ci := range cits {
		c := &cits[ci]
		items := make([]*CiteItem, 0, len(c.Items))
		for i := range c.Items {
			items = append(items, &c.Items[i])
		}
		// sort the cites (when the style sorts citations)
		if len(st.Citation.sort) > 0 && len(items) > 1 {
			items = p.sortCites(items, numbers)
		}
		note := c.NoteIndex
		if note > 0 && note != prevNote {
			if len(curNoteCites) > 0 {
				prevNoteCites = curNoteCites
			}
			curNoteCites = nil
			prevInNote = nil
			prevNote = note
		}
		var before []*CiteItem
		switch {
		case note == 0:
			before = prevInText
		case prevInNote != nil:
			before = prevInNote
		default:
			before = prevNoteCites
		}
		var ps []*placed
		for i, item := range items {
			it := p.byID[item.ID]
			if it == nil {
				p.warnf("no item %q", item.ID)
				it = &Item{ID: item.ID, Vars: map[string]string{}}
			}
			pc := &placed{ci: item, citation: ci, index: i, midSentence: c.MidSentence, embedded: c.Embedded}
			cc := &cite{item: it, ci: item, number: numbers[item.ID]}
			lc := lastCite[item.ID]
			if lc == nil {
				cc.pos.first = true
				if _, ok := firstNote[item.ID]; !ok && !item.AuthorOnly {
					firstNote[item.ID] = note
				}
			} else {
				cc.pos.subsequent = true
				var prev *CiteItem
				if i > 0 {
					if items[i-1].ID == item.ID {
						prev = items[i-1]
					}
				} else if len(before) == 1 && before[0].ID == item.ID {
					prev = before[0]
				}
				if prev != nil {
					pl, pb := prev.Locator, prev.Label
					cl, cb := item.Locator, item.Label
					switch {
					case pl == "" && cl == "":
						cc.pos.ibid = true
					case pl == "" && cl != "":
						cc.pos.ibidWithLocator = true
					case pl != "" && cl == "":
						// not ibid
					case pl == cl && pb == cb:
						cc.pos.ibid = true
					default:
						cc.pos.ibidWithLocator = true
					}
				}
				if note > 0 && lc.note > 0 && note-lc.note <= st.Citation.nearNoteDistance {
					cc.pos.nearNote = true
				}
			}
			if p.NoIbid {
				cc.pos.ibid, cc.pos.ibidWithLocator = false, false
			}
			if item.AuthorOnly && st.IsNote() {
				// a name in the running text: the short form of notes
				cc.pos = positions{subsequent: true}
			}
			if cc.pos.subsequent {
				cc.firstNote = firstNote[item.ID]
			}
			pc.c = cc
			ps = append(ps, pc)
			if !item.AuthorOnly {
				lastCite[item.ID] = &last{note: note}
			}
		}
		counted := items[:0:0]
		for _, item := range items {
			if !item.AuthorOnly {
				counted = append(counted, item)
			}
		}
		if len(counted) > 0 {
			if note == 0 {
				prevInText = counted
			} else {
				prevInNote = counted
				curNoteCites = append(curNoteCites, counted...)
			}
		}
		all[ci] = ps
	}
	p.disambiguate(all, order)
	// render the citations
	for ci := range cits {
		res.Citations = append(res.Citations, p.renderCitation(all[ci]))
	}
	if st.Bibliography != nil {
		res.Bibliography = p.renderBibliography(order, numbers, firstNote)
	}
	res.Warnings = p.warnings
	return res
}

// bibOrder is the order of the bibliography: sorted by the style's keys,
// or by first citation (items never cited follow in the given order).
func (p *Processor) bibOrder(cits []Citation) []*Item {
	seen := map[string]bool{}
	var order []*Item
	for _, c := range cits {
		for _, ci := range c.Items {
			if it := p.byID[ci.ID]; it != nil && !seen[ci.ID] {
				seen[ci.ID] = true
				order = append(order, it)
			}
		}
	}
	for _, it := range p.items {
		if !seen[it.ID] {
			seen[it.ID] = true
			order = append(order, it)
		}
	}
	bl := p.style.Bibliography
	if bl == nil || len(bl.sort) == 0 {
		return order
	}
	// citation-number in sort keys refers to the unsorted order
	numbers := map[string]int{}
	for i, it := range order {
		numbers[it.ID] = i + 1
	}
	keys := make(map[string][]sortValue, len(order))
	for _, it := range order {
		keys[it.ID] = p.sortKeys(bl, &cite{item: it, number: numbers[it.ID]}, p.disOf(it.ID))
	}
	sorted := append([]*Item(nil), order...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return p.compareKeys(keys[sorted[i].ID], keys[sorted[j].ID], bl) < 0
	})
	return sorted
}

type citeSortID struct {
	id     string
	number int
	sig    string
}

func (p *Processor) sortCites(items []*CiteItem, numbers map[string]int) []*CiteItem {
	if len(items) < 2 {
		return items
	}
	lay := p.style.Citation
	keys := make([][]sortValue, len(items))
	for i, ci := range items {
		it := p.byID[ci.ID]
		if it == nil {
			it = &Item{ID: ci.ID, Vars: map[string]string{}}
		}
		// an item's keys are the same in every citation (for its number
		// and disambiguation)
		dis := p.disOf(ci.ID)
		k := citeSortID{ci.ID, numbers[ci.ID], dis.sig()}
		ks, ok := p.citeSort[k]
		if !ok {
			ks = p.sortKeys(lay, &cite{item: it, ci: nil, number: numbers[ci.ID], pos: positions{first: true}}, dis)
			if p.citeSort == nil {
				p.citeSort = map[citeSortID][]sortValue{}
			}
			p.citeSort[k] = ks
		}
		keys[i] = ks
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return p.compareKeys(keys[idx[a]], keys[idx[b]], lay) < 0
	})
	out := make([]*CiteItem, len(items))
	for i, j := range idx {
		out[i] = items[j]
	}
	return out
}

// renderCite renders one cite with the citation layout (without the
// cite's prefix and suffix).
func (p *Processor) renderCite(c *cite, lay *Layout, bib bool) *out {
	x := &ctx{p: p, lay: lay, c: c, dis: p.disOf(c.item.ID), bib: bib}
	kids := x.evalElems(lay.elems)
	return group(nil, kids...)
}

func (p *Processor) renderCitation(ps []*placed) Text {
	lay := p.style.Citation
	r := &renderer{}
	type rc struct {
		pc   *placed
		o    *out
		text Text
	}
	var cs []rc
	for _, pc := range ps {
		if _, known := p.byID[pc.ci.ID]; !known {
			cs = append(cs, rc{pc: pc, o: lit(Text{{Kind: Bold, Kids: plain(pc.ci.ID + "?")}})})
			continue
		}
		o := p.renderCite(pc.c, lay, false)
		if o == nil && !pc.ci.SuppressAuthor {
			p.warnf("the style renders nothing for %q", pc.ci.ID)
			if p.EmptyCite != "" {
				o = litS(p.EmptyCite)
			}
		}
		if pc.ci.SuppressAuthor {
			o = removeFirstNames(o)
		} else if pc.ci.AuthorOnly {
			o = firstNamesNode(o)
			if o == nil {
				// the layout shows no names (a numeric style): the
				// author's short name
				o = p.renderCite(pc.c, authorLayout(), false)
			}
		}
		if p.style.IsNote() && !pc.midSentence && (pc.index == 0 && pc.ci.Prefix == "" || pc.ci.Prefix != "" && startsSentence(pc.ci.Prefix)) {
			o = capitalizeInitialTerm(o)
		}
		cs = append(cs, rc{pc: pc, o: o})
	}
	// cite grouping and collapsing
	pieces := p.collapse(cs2outs(cs, func(i int) (*out, *placed) { return cs[i].o, cs[i].pc }))
	var parts []Text
	for i, pc := range pieces {
		t := r.render(pc.o)
		if pc.item != nil && !t.empty() {
			t = Text{{Kind: ItemRef, Attr: pc.item.ID, Kids: t}}
		}
		if pc.item != nil {
			if p.loc.punctuationInQuote() {
				t = movePunctuationIntoQuotes(t)
			}
			if pc.item.Prefix != "" {
				t = joinPunct([]Text{wrap(userAffix, parseMarkup(pc.item.Prefix)), t})
			}
			if pc.item.Suffix != "" {
				t = joinPunct([]Text{t, wrap(userAffix, parseMarkup(pc.item.Suffix))})
			}
		}
		if t.empty() {
			continue
		}
		if len(parts) > 0 {
			d := lay.delim
			if pieces[i].delimBefore != nil {
				d = *pieces[i].delimBefore
			}
			// a cite that starts with punctuation takes the place of the
			// delimiter; one that ends with punctuation absorbs the
			// delimiter's own
			if r := t.firstRune(); r == ',' || r == ';' || r == '.' {
				d = ""
			} else if r := parts[len(parts)-1].lastRune(); (r == ',' || r == ';' || r == ':') && len(d) > 0 && (d[0] == ',' || d[0] == ';') {
				d = d[1:]
			}
			if d != "" {
				parts = append(parts, plain(d))
			}
		}
		parts = append(parts, t)
	}
	t := joinPunct(parts)
	if t.empty() {
		return nil
	}
	f := lay.f
	authorOnly := len(ps) > 0
	for _, pc := range ps {
		if !pc.ci.AuthorOnly {
			authorOnly = false
		}
	}
	switch {
	case authorOnly:
		// names standing in the text take none of the layout's formatting
		f = Formatting{}
	case len(ps) > 0 && ps[0].embedded:
		f.Suffix = ""
	}
	return p.finish(applyLayoutFormatting(&f, t))
}

var authorStyle struct {
	once sync.Once
	lay  *Layout
}

// authorLayout renders an author's short name, for an author named in the
// text when the style's citations name no authors.
func authorLayout() *Layout {
	authorStyle.once.Do(func() {
		st, err := ParseStyle("author.csl", []byte(`<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
<citation et-al-min="3" et-al-use-first="1"><layout><names variable="author"><name form="short" and="text"/>
<substitute><names variable="editor"/><names variable="translator"/><text variable="title" form="short" font-style="italic"/></substitute>
</names></layout></citation></style>`))
		if err != nil {
			panic(err)
		}
		authorStyle.lay = st.Citation
	})
	return authorStyle.lay
}

// startsSentence reports whether a cite with this prefix starts a
// sentence in a note: no prefix, or one of several words ending with a
// full stop.
func startsSentence(prefix string) bool {
	if prefix == "" {
		return true
	}
	t := strings.TrimRight(prefix, " \u00a0")
	if !strings.HasSuffix(prefix, " ") {
		return false
	}
	t = strings.TrimRight(t, "”’\"'»)")
	if t == "" || !strings.ContainsAny(t[len(t)-1:], ".!?") {
		return false
	}
	return len(strings.Fields(prefix)) > 1
}

// capitalizeInitialTerm capitalizes a term ("ibid") that starts a cite.
func capitalizeInitialTerm(o *out) *out {
	if o == nil {
		return nil
	}
	// most cites start with no term: no copy then
	starts := false
	for n := o; n != nil && !n.leaf; n = n.kids[0] {
		if n.tag == tagTerm {
			starts = true
			break
		}
		if len(n.kids) == 0 || n.f != nil && n.f.Prefix != "" {
			break
		}
	}
	if !starts {
		return o
	}
	c := o.copyOut()
	n := c
	for n != nil && !n.leaf {
		if n.tag == tagTerm {
			f := Formatting{TextCase: "capitalize-first"}
			if n.f != nil {
				f2 := *n.f
				if f2.TextCase == "" {
					f2.TextCase = "capitalize-first"
				}
				n.f = &f2
			} else {
				n.f = &f
			}
			return c
		}
		if len(n.kids) == 0 {
			break
		}
		// the first kid that renders (group formatting with a prefix
		// means the term does not start the cite)
		if n.f != nil && n.f.Prefix != "" {
			break
		}
		n = n.kids[0]
	}
	return c
}

// applyLayoutFormatting applies a layout's formatting: unlike other
// elements, its affixes are inside its font styles.
func applyLayoutFormatting(f *Formatting, t Text) Text {
	aff := Formatting{Prefix: f.Prefix, Suffix: f.Suffix}
	t = applyFormatting(&aff, t)
	rest := *f
	rest.Prefix, rest.Suffix = "", ""
	return applyFormatting(&rest, t)
}

// Quotes are the locale's quotation marks: outer open and close, inner
// open and close.
func (p *Processor) Quotes() [4]string {
	oo, oc, io, ic := p.loc.quotes()
	return [4]string{oo, oc, io, ic}
}

// finish applies the locale's punctuation-in-quote rule.
func (p *Processor) finish(t Text) Text {
	if p.loc.punctuationInQuote() {
		t = movePunctuationIntoQuotes(t)
	}
	return t
}

// movePunctuationIntoQuotes moves periods, commas, question and
// exclamation marks that follow a closing quotation mark inside it,
// merging them with the punctuation already there.
func movePunctuationIntoQuotes(t Text) Text {
	if !t.has(func(s *Span) bool { return s.Kind == Quoted }) {
		return t
	}
	out := make(Text, 0, len(t))
	for i := 0; i < len(t); i++ {
		s := t[i]
		if s.Kids != nil && s.Kind != userAffix {
			s.Kids = movePunctuationIntoQuotes(s.Kids)
		}
		out = append(out, s)
	}
	for i := 0; i+1 < len(out); i++ {
		if !endsWithQuoted(out[i]) {
			continue
		}
		for i+1 < len(out) {
			next := Text(out[i+1:])
			r := next.firstRune()
			if r != '.' && r != ',' && r != '!' && r != '?' {
				break
			}
			rest := next.dropFirstRune()
			q := appendInsideQuote(out[i], r)
			out = append(append(out[:i:i], q), rest...)
		}
	}
	return out
}

func endsWithQuoted(s Span) bool {
	if s.Kind == Quoted {
		return true
	}
	if s.Kind == Plain || len(s.Kids) == 0 || s.Kind == Block || s.Kind == userAffix {
		return false
	}
	return endsWithQuoted(s.Kids[len(s.Kids)-1])
}

func appendInsideQuote(s Span, p rune) Span {
	if s.Kind == Quoted {
		inner := Text(s.Kids).clone()
		last := inner.lastRune()
		switch punctRule(last, p) {
		case keepFirst:
			return s
		case keepSecond:
			inner = inner.dropLastRune()
		}
		if n := len(inner); n > 0 && endsWithQuoted(inner[n-1]) {
			// the quotation ends with another: the mark goes inside both
			inner[n-1] = appendInsideQuote(inner[n-1], p)
			s.Kids = inner
			return s
		}
		s.Kids = append(inner, Span{Kind: Plain, Text: string(p)})
		return s
	}
	kids := Text(s.Kids).clone()
	kids[len(kids)-1] = appendInsideQuote(kids[len(kids)-1], p)
	s.Kids = kids
	return s
}

func removeFirstNames(o *out) *out {
	if o == nil {
		return nil
	}
	c := o.copyOut()
	done := false
	var rm func(n *out) *out
	rm = func(n *out) *out {
		if n == nil || done {
			return n
		}
		if n.tag == tagNames {
			done = true
			return nil
		}
		for i, k := range n.kids {
			n.kids[i] = rm(k)
		}
		return n
	}
	return rm(c)
}

// ---- bibliography ----

func (p *Processor) renderBibliography(order []*Item, numbers map[string]int, firstNote map[string]int) []Entry {
	lay := p.style.Bibliography
	r := &renderer{}
	outs := make([]*out, len(order))
	for i, it := range order {
		c := &cite{item: it, number: numbers[it.ID], pos: positions{first: true}, firstNote: firstNote[it.ID]}
		x := &ctx{p: p, lay: lay, c: c, dis: p.disOf(it.ID), bib: true}
		kids := x.evalElems(lay.elems)
		if lay.secondFieldAlign != "" && len(kids) > 0 {
			first := &out{kids: []*out{kids[0]}, f: &Formatting{Display: "left-margin"}}
			var rest *out
			if len(kids) > 1 {
				rest = &out{kids: kids[1:], f: &Formatting{Display: "right-inline"}}
			}
			kids = []*out{first}
			if rest != nil {
				kids = append(kids, rest)
			}
		}
		outs[i] = group(nil, kids...)
	}
	if lay.hasSubsequentAuthor {
		p.substituteAuthors(outs, lay)
	}
	var entries []Entry
	for i, it := range order {
		t := r.render(outs[i])
		if t.empty() {
			continue
		}
		f := lay.f
		if lay.secondFieldAlign != "" && f.Suffix != "" {
			// the layout suffix goes inside the last block
			t = appendSuffixInBlock(t, f.Suffix)
			f.Suffix = ""
		}
		t = applyLayoutFormatting(&f, t)
		entries = append(entries, Entry{ID: it.ID, Text: p.finish(t)})
	}
	return entries
}

func appendSuffixInBlock(t Text, suf string) Text {
	if len(t) == 0 {
		return t
	}
	last := t[len(t)-1]
	if last.Kind == Block {
		t = t.clone()
		kids := Text(t[len(t)-1].Kids)
		t[len(t)-1].Kids = joinPunct([]Text{kids, plain(suf)})
		return t
	}
	return joinPunct([]Text{t, plain(suf)})
}

// firstNamesNode finds the first names output of an entry or a cite (the
// names an author-only cite shows).
func firstNamesNode(o *out) *out {
	var found *out
	o.walk(func(n *out) bool {
		if found != nil {
			return false
		}
		if n.tag == tagNames {
			found = n
			return false
		}
		return true
	})
	return found
}

// substituteAuthors replaces the names of an entry that repeats the
// previous entry's names with the subsequent-author-substitute string.
func (p *Processor) substituteAuthors(outs []*out, lay *Layout) {
	rule := lay.subsequentRule
	sub := lay.subsequentAuthor
	var prevNames []string
	var prevText string
	havePrev := false
	for i, o := range outs {
		if o == nil {
			havePrev = false
			continue
		}
		n := firstNamesNode(o)
		if n == nil {
			havePrev = false
			continue
		}
		names := collectNames(n)
		text := n.plainText()
		if !havePrev {
			prevNames, prevText, havePrev = names, text, true
			continue
		}
		matched := false
		if len(names) == 0 && len(prevNames) == 0 && text == prevText {
			c := o.copyOut()
			replaceWhole(firstNamesNode(c), sub)
			outs[i] = c
			continue
		}
		switch rule {
		case "complete-each", "complete-all":
			if len(names) > 0 && slices.Equal(names, prevNames) || len(names) == 0 && text == prevText {
				matched = true
				c := o.copyOut()
				nn := firstNamesNode(c)
				if rule == "complete-all" || len(names) == 0 {
					replaceWhole(nn, sub)
				} else {
					replaceEachName(nn, sub, len(names))
				}
				outs[i] = c
			}
		case "partial-each", "partial-first":
			k := 0
			for k < len(names) && k < len(prevNames) && names[k] == prevNames[k] {
				k++
			}
			if k > 0 {
				matched = true
				if rule == "partial-first" {
					k = 1
				}
				c := o.copyOut()
				nn := firstNamesNode(c)
				replaceEachName(nn, sub, k)
				outs[i] = c
			}
		}
		if !matched {
			prevNames, prevText = names, text
		}
	}
}

// collectNames lists the names rendered in n, as text.
func collectNames(n *out) []string {
	var ns []string
	n.walk(func(k *out) bool {
		if k.tag == tagName {
			ns = append(ns, k.plainText())
			return false
		}
		return true
	})
	return ns
}

// replaceWhole puts sub in place of the names (keeping a label).
func replaceWhole(n *out, sub string) {
	replaced := false
	var rec func(k *out)
	rec = func(k *out) {
		if k == nil || replaced {
			return
		}
		if k.tag == tagNameList {
			k.kids = []*out{litS(sub)}
			k.delim, k.hasDelim = "", false
			replaced = true
			return
		}
		for _, kid := range k.kids {
			rec(kid)
		}
	}
	rec(n)
	if !replaced {
		n.kids = []*out{litS(sub)}
		n.leaf = false
		n.delim, n.hasDelim = "", false
		if sub == "" {
			n.kids = nil
		}
	}
}

func replaceEachName(n *out, sub string, count int) {
	done := 0
	n.walk(func(k *out) bool {
		if k.tag == tagName {
			if done < count {
				k.kids = []*out{litS(sub)}
				done++
			}
			return false
		}
		return true
	})
}

// ---- helpers for the test suite's output ----

// HTML renders rich text as the CSL test suite writes it.
func (p *Processor) HTML(t Text) string {
	var b strings.Builder
	oo, oc, io, ic := p.loc.quotes()
	writeHTML(&b, SplitSuperscripts(t), htmlState{}, [4]string{oo, oc, io, ic})
	return b.String()
}

package cite

import (
	"sort"
	"strings"
	"unicode/utf8"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/lang"
)

// Style names accepted in Meta.CitationStyle.
const (
	ChicagoNotes      = "chicago-notes"
	ChicagoAuthorDate = "chicago-author-date"
)

// occurrence is one citation met in reading order.
type occurrence struct {
	c      doc.Citation
	inNote bool // inside a footnote written by the author
}

// event is a step of the reading-order walk: a citation, or the start or
// end of a footnote written by the author.
type event struct {
	cite      *occurrence
	noteStart bool
	noteEnd   bool
}

// walk lists citations and footnotes in reading order, descending into a
// footnote where its reference stands (the order of doc.NumberNotes).
func walk(d *doc.Document) []event {
	var evs []event
	var inlines func(in []doc.Inline, inNote bool)
	var blocks func(bs []doc.Block, inNote bool)
	inlines = func(in []doc.Inline, inNote bool) {
		for _, x := range in {
			switch x := x.(type) {
			case doc.Citation:
				evs = append(evs, event{cite: &occurrence{c: x, inNote: inNote}})
			case doc.NoteRef:
				if x.Note != nil {
					evs = append(evs, event{noteStart: true})
					blocks(x.Note.Blocks, true)
					evs = append(evs, event{noteEnd: true})
				}
			case doc.Emph:
				inlines(x.Content, inNote)
			case doc.Strong:
				inlines(x.Content, inNote)
			case doc.Strike:
				inlines(x.Content, inNote)
			case doc.SmallCaps:
				inlines(x.Content, inNote)
			case doc.Super:
				inlines(x.Content, inNote)
			case doc.Link:
				inlines(x.Content, inNote)
			case doc.Ref:
				inlines(x.Content, inNote)
			}
		}
	}
	blocks = func(bs []doc.Block, inNote bool) {
		for _, b := range bs {
			switch b := b.(type) {
			case *doc.Heading:
				inlines(b.Content, inNote)
			case *doc.Paragraph:
				inlines(b.Content, inNote)
			case *doc.List:
				for _, it := range b.Items {
					blocks(it.Blocks, inNote)
				}
			case *doc.DefList:
				for _, it := range b.Items {
					inlines(it.Term, inNote)
					for _, d := range it.Defs {
						blocks(d, inNote)
					}
				}
			case *doc.Quote:
				blocks(b.Blocks, inNote)
			case *doc.Table:
				inlines(b.Caption, inNote)
				for _, c := range b.Header {
					inlines(c, inNote)
				}
				for _, r := range b.Rows {
					for _, c := range r {
						inlines(c, inNote)
					}
				}
			case *doc.Figure:
				inlines(b.Caption, inNote)
				inlines(b.Source, inNote)
			}
		}
	}
	blocks(d.Blocks, false)
	return evs
}

// formatted is a citation's output.
type formatted struct {
	content []doc.Inline
	ibid    bool         // starts with "Ibid."
	lead    []doc.Inline // notes style, @key in running text: the author named in the text
}

// locator cleans a locator: page labels ("p.", "pp.") are dropped, as
// Chicago gives bare page numbers, and hyphens in ranges become en dashes.
func locator(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"pp.", "p.", "pages", "page"} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			rest := strings.TrimLeft(s[len(p):], " \u00a0")
			if rest != "" && isDigit(rest[0]) {
				s = rest
				break
			}
		}
	}
	return pages(s)
}

// Process resolves every doc.Citation in d against lib in the style named by
// d.Meta.CitationStyle, adds the bibliography or reference list, reports
// unknown keys to diags and numbers the notes with doc.NumberNotes.
//
// In the notes style a citation in the body becomes a footnote, placed
// after a following punctuation mark; a citation inside a footnote is
// formatted where it stands. In the author-date style citations become
// parenthetical (or, for @key in running text, narrative) references.
func Process(d *doc.Document, lib *Library, diags *diag.List) {
	st := &style{}
	switch d.Meta.CitationStyle {
	case "", ChicagoNotes:
	case ChicagoAuthorDate:
		st.authorDate = true
	default:
		diags.Warnf(d.Meta.Pos["citation-style"], `use "chicago-notes" or "chicago-author-date"`,
			"unknown citation style %q; using chicago-notes", d.Meta.CitationStyle)
	}
	evs := walk(d)

	// Which entries are cited, and which keys are unknown.
	used := map[string]bool{}
	sugg := newSuggester(lib.Keys())
	unread := lib.Len() == 0 && lib != nil && len(lib.failed) > 0
	reportedUnread := false
	for _, ev := range evs {
		if ev.cite == nil {
			continue
		}
		for _, it := range ev.cite.c.Items {
			if _, ok := lib.Lookup(it.Key); ok {
				used[it.Key] = true
				continue
			}
			if unread {
				// The bibliography's own error says why; one line here
				// instead of one for every citation.
				if !reportedUnread {
					reportedUnread = true
					diags.Recoverf(it.Pos, "fix the bibliography's error reported above; citations are printed as written",
						"citations cannot be resolved: no entry could be read from %s", strings.Join(lib.failed, ", "))
				}
				continue
			}
			hint := "add the entry to a file listed under bibliography: in the front matter"
			if lib.Len() == 0 {
				hint = "no bibliography entries were loaded; list a .bib or CSL-JSON file under bibliography: in the front matter"
			}
			if s := sugg.suggest(it.Key); s != "" {
				diags.Recoverf(it.Pos, hint, "unknown citation key %q (did you mean %q?)", it.Key, s)
			} else {
				diags.Recoverf(it.Pos, hint, "unknown citation key %q", it.Key)
			}
		}
	}
	for _, k := range d.Meta.NoCite {
		if k == "*" {
			for _, k := range lib.Keys() {
				used[k] = true
			}
			continue
		}
		if _, ok := lib.Lookup(k); ok {
			used[k] = true
		} else {
			diags.Warnf(d.Meta.Pos["nocite"], "", "nocite: unknown citation key %q", k)
		}
	}
	var list []*Entry
	for k := range used {
		e, _ := lib.Lookup(k)
		list = append(list, e)
	}
	sortEntries(list)
	if st.authorDate {
		st.letters = disambiguate(list)
	}

	// Format the citations in reading order.
	// Keyed by the first item's address, which the copies of a Citation
	// share; a queue in case one Citation value is used twice.
	out := map[*doc.CiteItem][]formatted{}
	seen := map[string]bool{}
	prev := "" // the single work cited by the previous note, for Ibid.
	noteKeys := []string(nil)
	noteCites := 0 // citations in the current author's footnote
	for _, ev := range evs {
		switch {
		case ev.noteStart:
			noteKeys, noteCites = nil, 0
		case ev.noteEnd:
			prev = ""
			if noteCites == 1 && len(noteKeys) == 1 {
				prev = noteKeys[0]
			}
		default:
			c := ev.cite.c
			if len(c.Items) == 0 {
				continue
			}
			var f formatted
			if st.authorDate {
				f = st.authorDateCite(c, lib)
			} else {
				usePrev := d.Meta.Ibid && (!ev.cite.inNote || noteCites == 0)
				f = st.noteCite(c, lib, seen, prev, usePrev)
				if c.InText && !ev.cite.inNote {
					f.lead = inTextLead(c, lib)
				}
				var keys []string
				for _, it := range c.Items {
					keys = append(keys, it.Key)
				}
				if ev.cite.inNote {
					noteCites++
					noteKeys = append(noteKeys, keys...)
				} else {
					prev = ""
					if len(keys) == 1 {
						prev = keys[0]
					}
				}
			}
			out[&c.Items[0]] = append(out[&c.Items[0]], f)
		}
	}

	doc.MapInlines(d, func(in []doc.Inline, inNote bool) []doc.Inline {
		return splice(in, inNote, out, st.authorDate)
	})

	// The bibliography.
	var bib *doc.Bibliography
	findBib(d.Blocks, &bib)
	if bib != nil || len(list) > 0 {
		if bib == nil {
			bib = &doc.Bibliography{}
			d.Blocks = append(d.Blocks, bib)
		}
		switch {
		case d.Meta.BibTitle != "":
			bib.Title = d.Meta.BibTitle
		case bib.Title != "":
		case st.authorDate:
			lg, _ := lang.Of(d.Meta.Lang, d.Meta.Terms)
			bib.Title = lg.Terms.References
		default:
			lg, _ := lang.Of(d.Meta.Lang, d.Meta.Terms)
			bib.Title = lg.Terms.Bibliography
		}
		bib.Hanging = true
		bib.Entries, bib.IDs = nil, nil
		for _, e := range list {
			bib.Entries = append(bib.Entries, st.entry(e))
			bib.IDs = append(bib.IDs, "ref-"+e.Key)
		}
	}
	doc.NumberNotes(d)
}

// findBib finds the first Bibliography block, looking into containers.
func findBib(bs []doc.Block, found **doc.Bibliography) {
	for _, b := range bs {
		if *found != nil {
			return
		}
		switch b := b.(type) {
		case *doc.Bibliography:
			*found = b
		case *doc.Quote:
			findBib(b.Blocks, found)
		case *doc.Div:
			findBib(b.Blocks, found)
		case *doc.List:
			for _, it := range b.Items {
				findBib(it.Blocks, found)
			}
		}
	}
}

// splice replaces the citations of one inline sequence by their formatted
// content: a note reference in the body (notes style), or text in place.
func splice(in []doc.Inline, inNote bool, out map[*doc.CiteItem][]formatted, authorDate bool) []doc.Inline {
	has := false
	for _, x := range in {
		if _, ok := x.(doc.Citation); ok {
			has = true
			break
		}
	}
	if !has {
		return in
	}
	res := make([]doc.Inline, 0, len(in)+2)
	for i := 0; i < len(in); i++ {
		c, ok := in[i].(doc.Citation)
		if !ok {
			res = append(res, in[i])
			continue
		}
		if len(c.Items) == 0 {
			continue
		}
		var f formatted
		if q := out[&c.Items[0]]; len(q) > 0 {
			f = q[0]
			if len(q) > 1 {
				out[&c.Items[0]] = q[1:]
			}
		}
		content := cloneInlines(f.content)
		if authorDate || inNote {
			if f.ibid && strings.TrimSpace(doc.PlainText(res)) != "" && !endsSentence(res) {
				decapitalize(content)
			}
			res = append(res, content...)
			// Avoid a doubled period after "et al." or "Ibid.".
			if i+1 < len(in) && lastRune(content) == '.' {
				if t, ok := in[i+1].(doc.Text); ok && strings.HasPrefix(t.S, ".") {
					in[i+1] = doc.Text{S: t.S[1:]}
				}
			}
			continue
		}
		// A footnote: drop the space before it and move it after a
		// following punctuation mark.
		if n := len(res); n > 0 && len(f.lead) == 0 {
			if t, ok := res[n-1].(doc.Text); ok {
				t.S = strings.TrimRight(t.S, " \t\n")
				if t.S == "" {
					res = res[:n-1]
				} else {
					res[n-1] = t
				}
			}
		}
		res = append(res, cloneInlines(f.lead)...)
		if i+1 < len(in) {
			if t, ok := in[i+1].(doc.Text); ok && t.S != "" && strings.ContainsAny(t.S[:1], ".,;:?!") {
				// A sentence's period after "Roe et al." is the one
				// already there.
				if t.S[0] != '.' || lastRune(res) != '.' {
					res = appendPlain(res, t.S[:1])
				}
				in[i+1] = doc.Text{S: t.S[1:]}
			}
		}
		capitalize(content)
		content = appendText(content, ".")
		res = append(res, doc.NoteRef{Note: &doc.Note{
			Pos:    c.Pos,
			Blocks: []doc.Block{&doc.Paragraph{At: doc.At{Pos: c.Pos}, Content: content}},
		}})
	}
	// Drop texts emptied by moved punctuation.
	kept := res[:0]
	for _, x := range res {
		if t, ok := x.(doc.Text); ok && t.S == "" {
			continue
		}
		kept = append(kept, x)
	}
	return kept
}

// appendPlain appends s, merging with a preceding Text.
func appendPlain(in []doc.Inline, s string) []doc.Inline {
	if n := len(in); n > 0 {
		if t, ok := in[n-1].(doc.Text); ok {
			in[n-1] = doc.Text{S: t.S + s}
			return in
		}
	}
	return append(in, doc.Text{S: s})
}

func endsSentence(in []doc.Inline) bool {
	s := strings.TrimRight(doc.PlainText(in), " \u00a0")
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '?' || r == '!'
}

// cloneInlines copies a formatted run so that each use owns its Text values.
func cloneInlines(in []doc.Inline) []doc.Inline {
	out := make([]doc.Inline, len(in))
	for i, x := range in {
		switch x := x.(type) {
		case doc.Emph:
			x.Content = cloneInlines(x.Content)
			out[i] = x
		case doc.Ref:
			x.Content = cloneInlines(x.Content)
			out[i] = x
		case doc.Link:
			x.Content = cloneInlines(x.Content)
			out[i] = x
		case doc.Strong:
			x.Content = cloneInlines(x.Content)
			out[i] = x
		default:
			out[i] = x
		}
	}
	return out
}

// inTextLead is what stays in the running text for @key in the notes
// style: the authors' surnames (or short title), linked to the entry, with
// the note after them.
func inTextLead(c doc.Citation, lib *Library) []doc.Inline {
	var b builder
	for i, it := range c.Items {
		e, ok := lib.Lookup(it.Key)
		if !ok || it.SuppressAuthor {
			continue
		}
		if i > 0 && len(b.out) > 0 {
			b.t(" and ")
		}
		b.ref(e.Key, func(h *builder) { label(h, e) })
	}
	return b.out
}

// unknown is the placeholder for a key not in the library.
func unknown(key string) doc.Inline {
	return doc.Strong{Content: []doc.Inline{doc.Text{S: key + "?"}}}
}

// addSuffix adds a citation's suffix, the text after the key when no comma
// introduces a locator ("[@key and passim]"): after a space unless it
// starts with punctuation.
func addSuffix(b *builder, s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	if strings.ContainsAny(s[:1], ".,;:") {
		b.t(s)
		return
	}
	b.t(" " + s)
}

// addPrefix adds a citation's prefix ("see") and a space.
func addPrefix(b *builder, s string) {
	if s = strings.TrimSpace(s); s != "" {
		b.t(s + " ")
	}
}

// noteCite formats a citation as note text, without the final period.
// seen records works already cited in full; prev is the single work of the
// previous note, used for "Ibid." when ibid is set.
func (s *style) noteCite(c doc.Citation, lib *Library, seen map[string]bool, prev string, ibid bool) formatted {
	var b builder
	var f formatted
	for i, it := range c.Items {
		if i > 0 {
			b.t("; ")
		}
		addPrefix(&b, it.Prefix)
		e, ok := lib.Lookup(it.Key)
		loc := locator(it.Locator)
		switch {
		case !ok:
			b.add(unknown(it.Key))
		case ibid && len(c.Items) == 1 && it.Key == prev:
			f.ibid = it.Prefix == ""
			word := "Ibid."
			if it.Prefix != "" {
				word = "ibid."
			}
			b.ref(e.Key, func(h *builder) { h.t(word) })
			if loc != "" {
				b.t(", " + loc)
			}
		case seen[it.Key]:
			s.shortNote(&b, e, loc, it.SuppressAuthor)
		default:
			seen[it.Key] = true
			s.fullNote(&b, e, loc, it.SuppressAuthor)
		}
		addSuffix(&b, it.Suffix)
	}
	f.content = b.out
	return f
}

// authorDateCite formats an author-date citation: "(Coox 1985, 45)", or
// "Coox (1985, 45)" in running text.
func (s *style) authorDateCite(c doc.Citation, lib *Library) formatted {
	var b builder
	if !c.InText {
		b.t("(")
	}
	for i, it := range c.Items {
		if i > 0 {
			b.t("; ")
		}
		e, ok := lib.Lookup(it.Key)
		loc := locator(it.Locator)
		if c.InText && !it.SuppressAuthor {
			if !ok {
				b.add(unknown(it.Key))
				continue
			}
			b.ref(e.Key, func(h *builder) { label(h, e) })
			b.t(" (")
			addPrefix(&b, it.Prefix)
			b.t(s.year(e))
			if loc != "" {
				b.t(", " + loc)
			}
			addSuffix(&b, it.Suffix)
			b.t(")")
			continue
		}
		if c.InText {
			b.t("(")
		}
		addPrefix(&b, it.Prefix)
		switch {
		case !ok:
			b.add(unknown(it.Key))
		case it.SuppressAuthor:
			b.ref(e.Key, func(h *builder) { h.t(s.year(e)) })
		default:
			b.ref(e.Key, func(h *builder) {
				label(h, e)
				h.t(" " + s.year(e))
			})
		}
		if loc != "" {
			b.t(", " + loc)
		}
		addSuffix(&b, it.Suffix)
		if c.InText {
			b.t(")")
		}
	}
	if !c.InText {
		b.t(")")
	}
	return formatted{content: b.out}
}

// sortEntries orders entries by first author's surname and given name,
// then year, then title; works without author sort by title.
func sortEntries(list []*Entry) {
	type k struct{ name, year, title string }
	keys := map[*Entry]k{}
	for _, e := range list {
		ns, _, _ := creators(e)
		var kk k
		if len(ns) > 0 {
			for _, n := range ns {
				kk.name += sortKey(n.Family) + "\x01" + sortKey(n.Given) + "\x02"
			}
		} else {
			kk.name = titleSortKey(e.Title)
		}
		kk.year = e.Year
		kk.title = titleSortKey(e.Title)
		keys[e] = kk
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := keys[list[i]], keys[list[j]]
		if a.name != b.name {
			return a.name < b.name
		}
		if a.year != b.year {
			return a.year < b.year
		}
		if a.title != b.title {
			return a.title < b.title
		}
		return list[i].Key < list[j].Key
	})
}

// disambiguate gives works by the same authors in the same year the
// letters a, b, c... in the order of the sorted list.
func disambiguate(list []*Entry) map[string]string {
	groups := map[string][]*Entry{}
	var order []string
	for _, e := range list {
		ns, _, _ := creators(e)
		if len(ns) == 0 {
			continue
		}
		var id strings.Builder
		for _, n := range ns {
			id.WriteString(n.inverted() + "\x00")
		}
		id.WriteString("\x01" + e.Year)
		if _, ok := groups[id.String()]; !ok {
			order = append(order, id.String())
		}
		groups[id.String()] = append(groups[id.String()], e)
	}
	letters := map[string]string{}
	for _, id := range order {
		g := groups[id]
		if len(g) < 2 {
			continue
		}
		for i, e := range g {
			letters[e.Key] = letterFor(i)
		}
	}
	return letters
}

func letterFor(i int) string {
	if i < 26 {
		return string(rune('a' + i))
	}
	return letterFor(i/26-1) + string(rune('a'+i%26))
}

// suggester finds the known key closest to a mistyped one.
type suggester struct {
	keys  []string
	lower [][]rune // keys in lower case
}

func newSuggester(keys []string) *suggester {
	s := &suggester{keys: keys}
	for _, k := range keys {
		s.lower = append(s.lower, []rune(strings.ToLower(k)))
	}
	return s
}

// maxSuggestKey bounds the length of a key that gets a suggestion: the
// search is linear in the key's length for each known key, and a key of
// hundreds of characters is no typing error.
const maxSuggestKey = 256

// suggest returns the known key closest to key by edit distance, if it is
// close enough to be a likely typing error. It costs O(len(key)·d) for each
// known key, with d the largest distance accepted (at most 3).
func (s *suggester) suggest(key string) string {
	best, bestD := "", 0
	rk := []rune(strings.ToLower(key))
	if len(rk) > maxSuggestKey {
		return ""
	}
	limit := max(1, min(3, len(rk)/3))
	for i, k := range s.lower {
		d, ok := withinDistance(rk, k, limit)
		if ok && (best == "" || d < bestD || d == bestD && s.keys[i] < best) {
			best, bestD = s.keys[i], d
		}
	}
	return best
}

// suggest returns the key of keys closest to key (see suggester).
func suggest(key string, keys []string) string { return newSuggester(keys).suggest(key) }

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d, _ := withinDistance(ra, rb, max(len(ra), len(rb)))
	return d
}

// withinDistance returns the Levenshtein distance between a and b and true
// if it is at most limit; otherwise false. Only the band of width
// 2·limit+1 around the diagonal is computed, and the search stops as soon
// as every cell of a row exceeds limit.
func withinDistance(a, b []rune, limit int) (int, bool) {
	if d := len(a) - len(b); d > limit || -d > limit {
		return 0, false
	}
	const inf = 1 << 30
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
		if j > limit {
			prev[j] = inf
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		// Cells outside the band are infinite; only its edges are read.
		cur[lo-1] = inf
		if lo == 1 && i <= limit {
			cur[0] = i
		}
		if hi < len(b) {
			cur[hi+1] = inf
		}
		rowMin := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return 0, false
		}
		prev, cur = cur, prev
	}
	if prev[len(b)] > limit {
		return 0, false
	}
	return prev[len(b)], true
}

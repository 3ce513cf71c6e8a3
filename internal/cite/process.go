package cite

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"quire/internal/csl"
	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/lang"
)

// Style names accepted in Meta.CitationStyle for the styles Quire used to
// build in; they select the shipped CSL styles.
const (
	ChicagoNotes      = "chicago-notes"
	ChicagoAuthorDate = "chicago-author-date"
)

// occurrence is one citation met in reading order.
type occurrence struct {
	c           doc.Citation
	inNote      bool // inside a footnote written by the author
	midSentence bool // in such a footnote, after text that does not end a sentence
	embedded    bool // in such a footnote, followed by more of the sentence
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
	var noteText strings.Builder // the text of the current author's footnote so far
	var inlines func(in []doc.Inline, inNote bool)
	var blocks func(bs []doc.Block, inNote bool)
	inlines = func(in []doc.Inline, inNote bool) {
		for i, x := range in {
			switch x := x.(type) {
			case doc.Text:
				if inNote {
					noteText.WriteString(x.S)
				}
			case doc.Citation:
				mid := false
				if inNote {
					t := strings.TrimRight(noteText.String(), " \u00a0")
					r, _ := utf8.DecodeLastRuneInString(t)
					mid = t != "" && r != '.' && r != '?' && r != '!'
				}
				emb := false
				if inNote && i+1 < len(in) {
					if t, ok := in[i+1].(doc.Text); ok {
						r, _ := utf8.DecodeRuneInString(strings.TrimLeft(t.S, " \u00a0"))
						emb = strings.TrimSpace(t.S) != "" && !strings.ContainsRune(".!?", r)
					}
				}
				evs = append(evs, event{cite: &occurrence{c: x, inNote: inNote, midSentence: mid, embedded: emb}})
				if inNote {
					noteText.WriteString("x")
				}
			case doc.NoteRef:
				if x.Note != nil {
					evs = append(evs, event{noteStart: true})
					noteText.Reset()
					blocks(x.Note.Blocks, true)
					evs = append(evs, event{noteEnd: true})
				}
			default:
				if kids, ok := doc.Children(x); ok {
					inlines(kids, inNote)
				}
			}
		}
	}
	// every inline sequence in reading order, as doc.EachInlines finds
	// them (line blocks, division titles, captions of code and
	// subfigures too); inlines enters the footnotes
	blocks = func(bs []doc.Block, inNote bool) {
		doc.EachInlines(bs, func(in []doc.Inline) { inlines(in, inNote) })
	}
	blocks(d.Blocks, false)
	return evs
}

// formatted is a citation's output.
type formatted struct {
	content []doc.Inline
	lead    []doc.Inline // notes style, @key in running text: the author named in the text
	note    bool         // content goes into a footnote of its own
}

// job ties a document citation to the CSL citations made for it.
type job struct {
	occ    *occurrence
	lead   int // index of the author-only citation, or -1
	main   int // index of the citation proper
	inText bool
	note   bool
}

// MaxEntries bounds the works a bibliography lists: every entry is
// formatted and typeset, and nocite: "@*" over a large database would make
// a book of thousands of pages.
const MaxEntries = 20000

// Process resolves every doc.Citation in d against lib with the CSL style
// the front matter names (csl:, citation-style:, default Chicago
// notes-bibliography), adds the bibliography, reports unknown keys and
// the style's problems to diags and numbers the notes with
// doc.NumberNotes.
//
// In a note style a citation in the body becomes a footnote, placed after
// a following punctuation mark, and @key in running text leaves the
// author's name in the text; a citation inside a footnote is formatted
// where it stands. In the other styles citations stand in the text; @key
// becomes the author's name followed by the rest of the citation.
func Process(d *doc.Document, lib *Library, diags *diag.List) { process(d, lib, diags, nil) }

func process(d *doc.Document, lib *Library, diags *diag.List, results *Results) {
	st := loadStyle(d.Meta, lib.folderOrNil(), diags)
	tag := localeFor(d.Meta, st, diags)
	evs := walk(d)

	// Which entries are cited, and which keys are unknown.
	used := map[string]bool{}
	var order []*csl.Item
	sugg := newSuggester(lib.Keys())
	unread := lib.Len() == 0 && lib != nil && len(lib.failed) > 0
	reportedUnread := false
	for _, ev := range evs {
		if ev.cite == nil {
			continue
		}
		for _, it := range ev.cite.c.Items {
			if e, ok := lib.Lookup(it.Key); ok {
				if !used[it.Key] {
					used[it.Key] = true
					order = append(order, e.Item)
				}
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
	addNoCite := func(k string) {
		if e, ok := lib.Lookup(k); ok && !used[k] {
			used[k] = true
			order = append(order, e.Item)
		}
	}
	for _, k := range d.Meta.NoCite {
		if k == "*" {
			for _, k := range lib.Keys() {
				addNoCite(k)
			}
			continue
		}
		if _, ok := lib.Lookup(k); ok {
			addNoCite(k)
		} else {
			diags.Warnf(d.Meta.Pos["nocite"], "add the entry to the bibliography or remove the key from nocite:", "nocite: unknown citation key %q", k)
		}
	}

	if len(order) > MaxEntries {
		pos, ok := d.Meta.Pos["nocite"]
		if !ok {
			pos = d.Meta.Pos["bibliography"]
		}
		diags.Errorf(pos, "cite fewer works, or list fewer with nocite:", "the bibliography would list %d works; the limit is %d", len(order), MaxEntries)
		order = order[:MaxEntries]
	}
	p, err := csl.NewProcessor(st, tag, shippedLocale, order)
	if err != nil {
		diags.Errorf(diag.Pos{File: st.File, Line: st.Line}, "use a style that ships with Quire (citation-style:)", "%v", err)
		doc.NumberNotes(d)
		return
	}
	p.NoIbid = !d.Meta.Ibid
	p.DisambiguateUncited = true
	isNote := st.IsNote()

	// The CSL citations, in reading order, with their notes.
	var cits []csl.Citation
	var jobs []job
	noteNum := 0
	for _, ev := range evs {
		switch {
		case ev.noteStart:
			noteNum++
			continue
		case ev.noteEnd:
			continue
		}
		c := ev.cite.c
		if len(c.Items) == 0 {
			continue
		}
		j := job{occ: ev.cite, lead: -1}
		note := 0
		switch {
		case ev.cite.inNote:
			note = noteNum
		case isNote:
			noteNum++
			note = noteNum
			j.note = true
		}
		items := citeItems(p, c)
		if c.InText && !ev.cite.inNote {
			lead := make([]csl.CiteItem, 0, len(items))
			for _, it := range items {
				if it.SuppressAuthor {
					continue
				}
				lead = append(lead, csl.CiteItem{ID: it.ID, AuthorOnly: true})
			}
			if len(lead) > 0 {
				j.lead = len(cits)
				cits = append(cits, csl.Citation{NoteIndex: note, Items: lead})
			}
			if !isNote {
				for i := range items {
					items[i].SuppressAuthor = true
				}
			}
			j.inText = true
		}
		j.main = len(cits)
		cits = append(cits, csl.Citation{NoteIndex: note, Items: items, MidSentence: ev.cite.midSentence, Embedded: ev.cite.embedded})
		jobs = append(jobs, j)
	}
	res := results.run(p, st, tag, order, cits) // p.Process(cits), or the last build's (results.go)
	for _, w := range res.Warnings {
		if strings.HasPrefix(w.Msg, "no item") {
			continue // reported above, at the citation
		}
		diags.Warnf(diag.Pos{File: st.File, Line: w.Line}, "check the style and the entries it formats", "citation style: %s", w.Msg)
	}
	quotes := p.Quotes()

	// Format the citations in reading order. Keyed by the first item's
	// address, which the copies of a Citation share; a queue in case one
	// Citation value is used twice.
	out := map[*doc.CiteItem][]formatted{}
	for _, j := range jobs {
		f := formatted{note: j.note, content: toInlines(res.Citations[j.main], quotes)}
		if j.lead >= 0 {
			f.lead = toInlines(res.Citations[j.lead], quotes)
		}
		if j.inText && !isNote && len(f.lead) > 0 {
			// "Coox (1985, 45)": the author, then the rest
			f.content = append(append(f.lead, doc.Text{S: " "}), f.content...)
			f.lead = nil
		}
		c := j.occ.c
		out[&c.Items[0]] = append(out[&c.Items[0]], f)
	}
	doc.MapInlines(d, func(in []doc.Inline, inNote bool) []doc.Inline {
		return splice(in, inNote, out)
	})

	// The bibliography.
	var bib *doc.Bibliography
	findBib(d.Blocks, &bib)
	if bib != nil || len(res.Bibliography) > 0 {
		if bib == nil {
			bib = &doc.Bibliography{}
			d.Blocks = append(d.Blocks, bib)
		}
		switch {
		case d.Meta.BibTitle != "":
			bib.Title = d.Meta.BibTitle
		case bib.Title != "":
		case isNote:
			lg, _ := lang.Of(d.Meta.Lang, d.Meta.Terms)
			bib.Title = lg.Terms.Bibliography
		default:
			lg, _ := lang.Of(d.Meta.Lang, d.Meta.Terms)
			bib.Title = lg.Terms.References
		}
		bib.Hanging = st.HangingIndent()
		bib.EntrySpacing = st.EntrySpacing()
		bib.Entries, bib.IDs, bib.Labels = nil, nil, nil
		for _, e := range res.Bibliography {
			label, body := splitEntry(e.Text)
			bib.Entries = append(bib.Entries, toInlines(body, quotes))
			if st.SecondFieldAlign() != "" {
				bib.Labels = append(bib.Labels, toInlines(label, quotes))
			}
			bib.IDs = append(bib.IDs, "ref-"+e.ID)
		}
	}
	doc.NumberNotes(d)
}

// splitEntry separates a bibliography entry set with second-field-align
// into its label (the left-margin block) and the rest.
func splitEntry(t csl.Text) (csl.Text, csl.Text) {
	var label, body csl.Text
	for _, s := range t {
		if s.Kind == csl.Block {
			switch s.Attr {
			case "left-margin":
				label = append(label, s.Kids...)
				continue
			case "right-inline", "indent", "block":
				body = append(body, s.Kids...)
				continue
			}
		}
		body = append(body, s)
	}
	return label, body
}

// citeItems maps a citation's items to CSL cites: locators split into
// their type and number (what follows goes to the suffix), suffixes that
// start with a word get a space.
func citeItems(p *csl.Processor, c doc.Citation) []csl.CiteItem {
	items := make([]csl.CiteItem, 0, len(c.Items))
	for _, it := range c.Items {
		ci := csl.CiteItem{ID: it.Key, SuppressAuthor: it.SuppressAuthor}
		label, loc, rest := p.SplitLocator(it.Locator)
		ci.Label, ci.Locator = label, loc
		suffix := strings.TrimSpace(it.Suffix)
		if rest != "" {
			if loc == "" && !strings.ContainsAny(rest[:1], ",;.") {
				rest = ", " + rest
			}
			suffix = strings.TrimSpace(rest + " " + suffix)
		}
		if suffix != "" && !strings.ContainsAny(suffix[:1], ".,;:!?)") {
			suffix = " " + suffix
		}
		ci.Suffix = suffix
		if pre := strings.TrimSpace(it.Prefix); pre != "" {
			ci.Prefix = pre + " "
		}
		items = append(items, ci)
	}
	return items
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
func splice(in []doc.Inline, inNote bool, out map[*doc.CiteItem][]formatted) []doc.Inline {
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
		if !f.note {
			// "cheap.[@key]", written for notes, under an in-text style:
			// the citation goes before the punctuation, after a no-break
			// space ("cheap (Author 1935).", "cheap [6]."); superscript
			// numbers stay after it
			if p, ok := gluedPunct(res, content); ok {
				t := res[len(res)-1].(doc.Text)
				res[len(res)-1] = doc.Text{S: t.S[:len(t.S)-len(p)] + "\u00a0"}
				res = append(res, content...)
				if !(p == "." && lastRuneOf(content) == '.') {
					res = appendPlain(res, p)
				}
				continue
			}
			if startsSuper(content) {
				// a superscript number sits on the word before it
				// ("shown here [@key]." is "shown here¹."), as pandoc
				// sets it
				res = trimTrailingSpace(res)
			}
			res = append(res, content...)
			// Avoid a doubled period after "et al." or "Ibid.".
			if i+1 < len(in) && lastRuneOf(content) == '.' {
				if t, ok := in[i+1].(doc.Text); ok && strings.HasPrefix(t.S, ".") {
					in[i+1] = doc.Text{S: t.S[1:]}
				}
			}
			continue
		}
		// A footnote: drop the space before it and move it after a
		// following punctuation mark.
		if len(f.lead) == 0 {
			res = trimTrailingSpace(res)
		}
		res = append(res, cloneInlines(f.lead)...)
		if i+1 < len(in) {
			if t, ok := in[i+1].(doc.Text); ok && t.S != "" && strings.ContainsAny(t.S[:1], ".,;:?!") {
				// A sentence's period after "Roe et al." is the one
				// already there.
				if t.S[0] != '.' || lastRuneOf(res) != '.' {
					res = appendPlain(res, t.S[:1])
				}
				in[i+1] = doc.Text{S: t.S[1:]}
			}
		}
		capitalize(content)
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

// trimTrailingSpace drops the white space at the end of in's last Text
// (and that Text when nothing is left of it).
func trimTrailingSpace(res []doc.Inline) []doc.Inline {
	if n := len(res); n > 0 {
		if t, ok := res[n-1].(doc.Text); ok {
			t.S = strings.TrimRight(t.S, " \t\n")
			if t.S == "" {
				return res[:n-1]
			}
			res[n-1] = t
		}
	}
	return res
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

var _ = sort.Strings

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

// gluedPunct finds the punctuation mark that ends the text before an
// in-text citation with no space between them ("cheap.", "total,"), where
// a writer put a note's citation: not after an abbreviation or an initial
// ("e.g.", "J."), not before a superscript citation.
func gluedPunct(res []doc.Inline, content []doc.Inline) (string, bool) {
	if len(res) == 0 || len(content) == 0 {
		return "", false
	}
	if startsSuper(content) {
		return "", false
	}
	t, ok := res[len(res)-1].(doc.Text)
	if !ok || t.S == "" {
		return "", false
	}
	r, size := utf8.DecodeLastRuneInString(t.S)
	if !strings.ContainsRune(".,;:!?", r) {
		return "", false
	}
	before := t.S[:len(t.S)-size]
	word := before[strings.LastIndexAny(before, " \t\n\u00a0")+1:]
	if utf8.RuneCountInString(word) < 2 || strings.Contains(word, ".") {
		return "", false
	}
	prev, _ := utf8.DecodeLastRuneInString(word)
	if !(unicode.IsLetter(prev) || unicode.IsDigit(prev) || strings.ContainsRune(")]”’\"'", prev)) {
		return "", false
	}
	return string(r), true
}

// startsSuper reports whether in starts with superscript (through the
// references and links around it).
func startsSuper(in []doc.Inline) bool {
	for len(in) > 0 {
		switch x := in[0].(type) {
		case doc.Super:
			return true
		case doc.Ref:
			in = x.Content
		case doc.Link:
			in = x.Content
		default:
			return false
		}
	}
	return false
}

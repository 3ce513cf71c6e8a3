package lang

import (
	"sort"
	"strings"
)

// TermKey is one front-matter key that overrides a generated term.
type TermKey struct {
	Key   string   // Quire's key, e.g. "figure-title"
	Alias []string // the same key as pandoc or pandoc-crossref name it
	Doc   string   // what the term is, for the README
	field func(*Terms) *string
}

// TermKeys lists every overridable term, in the README's order.
var TermKeys = []TermKey{
	{"abstract-title", nil, "heading of the abstract", func(t *Terms) *string { return &t.Abstract }},
	{"keywords-title", nil, "label before the keywords", func(t *Terms) *string { return &t.Keywords }},
	{"toc-title", nil, "heading of the table of contents", func(t *Terms) *string { return &t.Contents }},
	{"lof-title", []string{"lofTitle"}, "heading of the list of figures", func(t *Terms) *string { return &t.ListOfFigures }},
	{"lot-title", []string{"lotTitle"}, "heading of the list of tables", func(t *Terms) *string { return &t.ListOfTables }},
	{"lol-title", []string{"lolTitle"}, "heading of the list of code listings", func(t *Terms) *string { return &t.ListOfListings }},
	{"figure-title", []string{"figureTitle"}, "caption label of a figure", func(t *Terms) *string { return &t.Figure }},
	{"table-title", []string{"tableTitle"}, "caption label of a table", func(t *Terms) *string { return &t.Table }},
	{"listing-title", []string{"listingTitle"}, "caption label of a code listing", func(t *Terms) *string { return &t.Listing }},
	{"equation-title", nil, "label of an equation", func(t *Terms) *string { return &t.Equation }},
	{"figure-prefix", []string{"figPrefix"}, "a figure in cross-references", func(t *Terms) *string { return &t.FigureRef }},
	{"table-prefix", []string{"tblPrefix"}, "a table in cross-references", func(t *Terms) *string { return &t.TableRef }},
	{"equation-prefix", []string{"eqnPrefix"}, "an equation in cross-references", func(t *Terms) *string { return &t.EquationRef }},
	{"listing-prefix", []string{"lstPrefix"}, "a listing in cross-references", func(t *Terms) *string { return &t.ListingRef }},
	{"section-prefix", []string{"secPrefix"}, "a section in cross-references", func(t *Terms) *string { return &t.Section }},
	{"figure-prefix-plural", nil, "figures in cross-references (a list `figPrefix: [fig., figs.]` sets both forms)", func(t *Terms) *string { return &t.FigureRefs }},
	{"table-prefix-plural", nil, "tables in cross-references", func(t *Terms) *string { return &t.TableRefs }},
	{"equation-prefix-plural", nil, "equations in cross-references", func(t *Terms) *string { return &t.EquationRefs }},
	{"listing-prefix-plural", nil, "listings in cross-references", func(t *Terms) *string { return &t.ListingRefs }},
	{"section-prefix-plural", nil, "sections in cross-references", func(t *Terms) *string { return &t.Sections }},
	{"references-title", nil, "heading of the reference list (author-date styles)", func(t *Terms) *string { return &t.References }},
	{"bibliography-term", nil, "heading of the bibliography (notes styles); `bibliography-title` sets the heading whatever the style", func(t *Terms) *string { return &t.Bibliography }},
	{"notes-title", nil, "heading of endnotes", func(t *Terms) *string { return &t.Notes }},
	{"callout-note-title", []string{"callout-note-caption"}, "title of a `.callout-note` (and `.note`, `.info`) with none of its own", func(t *Terms) *string { return &t.CalloutNote }},
	{"callout-tip-title", []string{"callout-tip-caption"}, "title of a `.callout-tip` (and `.tip`, `.hint`)", func(t *Terms) *string { return &t.CalloutTip }},
	{"callout-warning-title", []string{"callout-warning-caption"}, "title of a `.callout-warning`", func(t *Terms) *string { return &t.CalloutWarning }},
	{"callout-important-title", []string{"callout-important-caption"}, "title of a `.callout-important`", func(t *Terms) *string { return &t.CalloutImportant }},
	{"callout-caution-title", []string{"callout-caution-caption"}, "title of a `.callout-caution` (and `.danger`)", func(t *Terms) *string { return &t.CalloutCaution }},
	{"page-of", nil, "folio of the submission, `{n}` and `{total}` are the numbers", func(t *Terms) *string { return &t.PageOf }},
	{"and-term", nil, "joins two authors in the running head", func(t *Terms) *string { return &t.And }},
	{"et-al-term", nil, "after the first of three or more authors in the running head", func(t *Terms) *string { return &t.EtAl }},
	{"cover-anonymised", nil, "cover: in place of the authors", func(t *Terms) *string { return &t.Anonymised }},
	{"cover-word-count", nil, "cover: label of the word count", func(t *Terms) *string { return &t.WordCount }},
	{"cover-word-count-detail", nil, "cover: `{body}` and `{notes}` words, and what is not counted", func(t *Terms) *string { return &t.WordCountRest }},
	{"cover-abstract-words", nil, "cover: the abstract's words, `{n}`", func(t *Terms) *string { return &t.AbstractWords }},
	{"cover-limit", nil, "cover: a journal's limit, `{n}`", func(t *Terms) *string { return &t.Limit }},
	{"cover-floats", nil, "cover: label of the figures and tables", func(t *Terms) *string { return &t.Floats }},
	{"cover-floats-detail", nil, "cover: `{figures}`, `{tables}` and where they are", func(t *Terms) *string { return &t.FloatsRest }},
	{"cover-figure-one", nil, "cover: one figure", func(t *Terms) *string { return &t.FigureOne }},
	{"cover-figures", nil, "cover: `{n}` figures", func(t *Terms) *string { return &t.FigureMany }},
	{"cover-table-one", nil, "cover: one table", func(t *Terms) *string { return &t.TableOne }},
	{"cover-tables", nil, "cover: `{n}` tables", func(t *Terms) *string { return &t.TableMany }},
	{"cover-date", nil, "cover: label of the date", func(t *Terms) *string { return &t.Date }},
}

var keyIndex = func() map[string]int {
	m := map[string]int{}
	for i, k := range TermKeys {
		m[k.Key] = i
		for _, a := range k.Alias {
			m[a] = i
		}
	}
	return m
}()

// pluralOf maps the key of a cross-reference prefix to the key of its
// plural form.
var pluralOf = map[string]string{
	"figure-prefix": "figure-prefix-plural", "table-prefix": "table-prefix-plural",
	"equation-prefix": "equation-prefix-plural", "listing-prefix": "listing-prefix-plural",
	"section-prefix": "section-prefix-plural",
}

// PluralKey returns the key of the plural form of the term key names
// ("figPrefix", "figure-prefix": "figure-prefix-plural"), or "" for a term
// without one. The front matter's [singular, plural] list for a prefix
// sets the key and its PluralKey.
func PluralKey(key string) string {
	i, ok := keyIndex[key]
	if !ok {
		return ""
	}
	return pluralOf[TermKeys[i].Key]
}

// IsTermKey reports whether a front-matter key overrides a term.
func IsTermKey(key string) bool {
	_, ok := keyIndex[key]
	return ok
}

// TermKeyNames returns every key and alias, sorted.
func TermKeyNames() []string {
	var out []string
	for k := range keyIndex {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Get returns the term a key names ("" for an unknown key).
func (t *Terms) Get(key string) string {
	i, ok := keyIndex[key]
	if !ok {
		return ""
	}
	return *TermKeys[i].field(t)
}

// WithTerms returns a copy of l whose terms are overridden by the
// front-matter values in over (keys of TermKeys or their aliases; others
// are ignored). A pandoc-crossref prefix keeps its trailing space or
// non-breaking space out: "Fig.\u00a0" and "Fig." both give "Fig.". A
// prefix overridden without its plural serves for both, as in
// pandoc-crossref.
func (l *Language) WithTerms(over map[string]string) *Language {
	if len(over) == 0 {
		return l
	}
	c := *l
	keys := make([]string, 0, len(over))
	for k := range over {
		keys = append(keys, k)
	}
	sort.Strings(keys) // Quire's own key wins over an alias: applied last
	sort.SliceStable(keys, func(i, j int) bool { return isAlias(keys[i]) && !isAlias(keys[j]) })
	for _, k := range keys {
		if i, ok := keyIndex[k]; ok {
			*TermKeys[i].field(&c.Terms) = strings.TrimRight(over[k], " \u00a0")
		}
	}
	for _, k := range keys {
		pk := PluralKey(k)
		if pk == "" || hasAny(over, pk) {
			continue
		}
		i := keyIndex[k]
		*TermKeys[keyIndex[pk]].field(&c.Terms) = *TermKeys[i].field(&c.Terms)
	}
	return &c
}

// hasAny reports whether over sets key or one of its aliases.
func hasAny(over map[string]string, key string) bool {
	i := keyIndex[key]
	if _, ok := over[TermKeys[i].Key]; ok {
		return true
	}
	for _, a := range TermKeys[i].Alias {
		if _, ok := over[a]; ok {
			return true
		}
	}
	return false
}

func isAlias(k string) bool {
	i, ok := keyIndex[k]
	return ok && TermKeys[i].Key != k
}

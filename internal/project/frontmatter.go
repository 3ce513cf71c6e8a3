package project

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	cslfiles "quire/assets/csl"
	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/lang"
)

// maxFrontMatter bounds the front matter's size; YAML bombs and runaway
// blocks are refused before parsing.
const maxFrontMatter = 256 << 10

// splitFrontMatter separates a leading YAML block delimited by "---" lines
// from the body. It returns the YAML (without delimiters), the body, and the
// number of lines before the body. ok is false when src has no front matter;
// closed is false when the opening line has no closing line.
func splitFrontMatter(src []byte) (yml, body []byte, bodyLine int, ok, closed bool) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !found || strings.TrimRight(string(first), " \t\r") != "---" {
		return nil, src, 0, false, false
	}
	line := 1
	off := len(first) + 1
	for len(rest) > 0 {
		l, r, _ := bytes.Cut(rest, []byte("\n"))
		line++
		t := strings.TrimRight(string(l), " \t\r")
		if t == "---" || t == "..." {
			return src[len(first)+1 : off], r, line, true, true
		}
		off += len(l) + 1
		rest = r
	}
	return nil, src, 0, true, false
}

// markup is a front-matter value written in Markdown, with where it starts.
type markup struct {
	Text string
	Pos  diag.Pos
}

func (m markup) empty() bool { return strings.TrimSpace(m.Text) == "" }

// metaState gathers the front matter of every block a manuscript has
// (a metadata file, the front matter of each file); later blocks override
// earlier ones key by key, as pandoc does. finish turns it into doc.Meta.
type metaState struct {
	meta  *doc.Meta
	diags *diag.List

	title, subtitle, thanks, abstract markup
	authors                           []*rawAuthor
	authorsPos                        diag.Pos
	affs                              []*rawAff
	notesText                         map[string]markup // author-notes
	keywords, tags                    []string
	date                              string // "today" or "last-modified" until finish resolves it
	datePos                           diag.Pos

	ignored []ignored // keys and author fields for other tools

	pending    []titleNote // title notes whose Markdown is converted later
	thanksNote *doc.Note   // the title's own note
}

// ignored is a key Quire accepts without using it.
type ignored struct {
	name, tool string
	pos        diag.Pos
}

func newMetaState(meta *doc.Meta, diags *diag.List) *metaState {
	if meta.Pos == nil {
		meta.Pos = map[string]diag.Pos{}
	}
	if meta.Extra == nil {
		meta.Extra = map[string]any{}
	}
	return &metaState{meta: meta, diags: diags, notesText: map[string]markup{}}
}

// reader reads one YAML block of front matter into a metaState.
type reader struct {
	st      *metaState
	file    string
	lineOff int // YAML line n is file line n+lineOff
	last    int // the block's last file line (its closing --- for front matter)
	diags   *diag.List
	meta    *doc.Meta
}

// parseFrontMatter decodes yml (front matter whose YAML starts on file line
// 2) into meta, for a file of one block. abstract is the raw Markdown of
// the abstract with its file line.
func parseFrontMatter(file string, yml []byte, meta *doc.Meta, diags *diag.List) (abstract string, abstractLine int) {
	st := newMetaState(meta, diags)
	st.read(file, yml, 1, diags)
	st.finish(nil)
	return st.abstract.Text, st.abstract.Pos.Line
}

// read parses one block: yml whose first line is file line lineOff+1.
func (st *metaState) read(file string, yml []byte, lineOff int, diags *diag.List) {
	if len(yml) > maxFrontMatter {
		diags.Errorf(diag.Pos{File: file, Line: lineOff}, "keep the front matter to titles, authors, abstract and settings", "front matter is larger than %d KB", maxFrontMatter>>10)
		return
	}
	// YAML also counts a lone carriage return as a line break; keep its
	// line numbers within the block (closing --- included).
	r := &reader{st: st, file: file, lineOff: lineOff, last: bytes.Count(yml, []byte("\n")) + lineOff + 1, diags: diags, meta: st.meta}
	var root yaml.Node
	if err := yaml.Unmarshal(yml, &root); err != nil {
		line := lineOff + 1
		msg := err.Error()
		// yaml.v3 messages read "yaml: line N: ..."; shift to file lines.
		if strings.HasPrefix(msg, "yaml: line ") {
			rest := strings.TrimPrefix(msg, "yaml: line ")
			if i := strings.Index(rest, ":"); i > 0 {
				if n, e := strconv.Atoi(rest[:i]); e == nil {
					line = min(max(n+lineOff, lineOff+1), r.last)
					msg = strings.TrimSpace(rest[i+1:])
				}
			}
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		diags.Errorf(diag.Pos{File: file, Line: line}, "check indentation and quoting; values containing ':' need quotes", "invalid YAML in front matter: %s", msg)
		return
	}
	if len(root.Content) == 0 {
		return
	}
	m := root.Content[0]
	if m.Kind == yaml.ScalarNode && m.Tag == "!!null" {
		return
	}
	if m.Kind != yaml.MappingNode {
		diags.Errorf(r.pos(m), "write the front matter as 'key: value' lines", "front matter must be a mapping of keys to values")
		return
	}
	r.mapping(m, "")
}

// mapping reads the keys of m; prefix names the enclosing key ("book.").
func (r *reader) mapping(m *yaml.Node, prefix string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn, v := m.Content[i], m.Content[i+1]
		k := kn.Value
		if idx, ok := keyIndex[k]; ok {
			key := Keys[idx]
			r.meta.Pos[key.Name] = r.pos(kn)
			if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				continue // "date: null": not set
			}
			key.parse(r, key.Name, v)
			continue
		}
		if lang.IsTermKey(k) { // a generated word: abstract-title, figureTitle, ...
			// pandoc-crossref writes prefixes as [singular, plural]:
			// the plural is kept under its own key.
			tv := v
			if v.Kind == yaml.SequenceNode && len(v.Content) > 0 && v.Content[0].Kind == yaml.ScalarNode {
				tv = v.Content[0]
			}
			if t, ok := r.str(k, tv); ok {
				if r.meta.Terms == nil {
					r.meta.Terms = map[string]string{}
				}
				r.meta.Terms[k] = t
				if pk := lang.PluralKey(k); pk != "" && tv != v && len(v.Content) > 1 && v.Content[1].Kind == yaml.ScalarNode {
					r.meta.Terms[pk] = v.Content[1].Value
				}
			}
			r.meta.Pos[k] = r.pos(kn)
			if !doc.IsCrossRefKey(k) {
				continue
			}
		}
		if doc.IsCrossRefKey(k) {
			// pandoc-crossref's settings: read by the cross-reference
			// resolver (a list gives its first, singular, form).
			if r.meta.CrossRef == nil {
				r.meta.CrossRef = map[string]string{}
			}
			val := v.Value
			if v.Kind == yaml.SequenceNode && len(v.Content) > 0 {
				val = v.Content[0].Value
			}
			r.meta.CrossRef[k] = val
			r.meta.Pos[k] = r.pos(kn)
			continue
		}
		if tool, ok := toolOf[k]; ok {
			r.st.ignored = append(r.st.ignored, ignored{prefix + k, tool, r.pos(kn)})
			continue
		}
		if s := suggestKey(k); s != "" {
			r.diags.Warnf(r.pos(kn), knownKeysHint(), "unknown front-matter key %q is ignored; did you mean %s?", k, s)
			continue
		}
		r.st.ignored = append(r.st.ignored, ignored{prefix + k, "", r.pos(kn)})
	}
}

// pos is the file position of node n.
func (r *reader) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: r.file, Line: min(max(n.Line+r.lineOff, r.lineOff+1), r.last), Col: n.Column}
}

// textPos is where the text of scalar n starts: a block scalar (| or >)
// starts on the line after its indicator.
func (r *reader) textPos(n *yaml.Node) diag.Pos {
	p := r.pos(n)
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		p.Line = min(p.Line+1, r.last)
		p.Col = 0
	} else if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		p.Col++
	}
	return p
}

func (r *reader) str(k string, v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode {
		r.diags.Errorf(r.pos(v), fmt.Sprintf("write %s as text, e.g. %s: \"...\"", k, k), "%s must be text, not a %s", k, kindName(v))
		return "", false
	}
	return v.Value, true
}

func (r *reader) md(k string, v *yaml.Node) (markup, bool) {
	s, ok := r.str(k, v)
	if !ok {
		return markup{}, false
	}
	return markup{Text: s, Pos: r.textPos(v)}, true
}

func (r *reader) strList(k string, v *yaml.Node) ([]string, bool) {
	switch v.Kind {
	case yaml.SequenceNode:
		var out []string
		for _, c := range v.Content {
			if c.Kind != yaml.ScalarNode || c.Tag == "!!null" {
				r.diags.Errorf(r.pos(c), fmt.Sprintf("give %s as a list of text items", k), "%s: each item must be text", k)
				return nil, false
			}
			out = append(out, c.Value)
		}
		return out, true
	case yaml.ScalarNode:
		if v.Tag == "!!str" {
			return []string{v.Value}, true
		}
	}
	r.diags.Errorf(r.pos(v), fmt.Sprintf("write %s as a list, e.g.\n\t%s:\n\t  - first\n\t  - second", k, k), "%s must be a list of text items, not a %s", k, kindName(v))
	return nil, false
}

func (r *reader) boolean(k string, v *yaml.Node) (bool, bool) {
	var b bool
	if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
		r.diags.Errorf(r.pos(v), "use true or false", "%s must be true or false, not %s", k, describe(v))
		return false, false
	}
	return b, true
}

// describe quotes a scalar's value, or names the node's kind.
func describe(v *yaml.Node) string {
	if v.Kind == yaml.ScalarNode {
		return strconv.Quote(v.Value)
	}
	return "a " + kindName(v)
}

func (r *reader) title(k string, v *yaml.Node) {
	if m, ok := r.md(k, v); ok {
		r.st.title = m
		r.meta.Title = m.Text
	}
}

func (r *reader) subtitle(k string, v *yaml.Node) {
	if m, ok := r.md(k, v); ok {
		r.st.subtitle = m
		r.meta.Subtitle = m.Text
	}
}

func (r *reader) shortTitle(k string, v *yaml.Node) { r.meta.ShortTitle, _ = r.str(k, v) }

func (r *reader) thanks(k string, v *yaml.Node) { r.st.thanks, _ = r.md(k, v) }

func (r *reader) abstract(k string, v *yaml.Node) { r.st.abstract, _ = r.md(k, v) }

func (r *reader) lang(k string, v *yaml.Node) {
	if s, ok := r.str(k, v); ok {
		if strings.TrimSpace(s) == "" || strings.ContainsAny(s, " \t/") {
			r.diags.Errorf(r.pos(v), "give a BCP 47 language tag, e.g. lang: en-US or lang: de", "lang %q is not a language tag", s)
			return
		}
		r.meta.Lang = s
	}
}

func (r *reader) keywords(k string, v *yaml.Node) {
	l, ok := r.strList(k, v)
	if !ok {
		return
	}
	if len(l) == 1 && strings.ContainsAny(l[0], ",;") {
		l = splitList(l[0])
	}
	if k == "tags" {
		r.st.tags = l
	} else {
		r.st.keywords = l
	}
}

func (r *reader) paperSize(k string, v *yaml.Node) {
	if s, ok := r.str(k, v); ok {
		s = strings.ToLower(s)
		if s != "a4" && s != "letter" {
			r.diags.Errorf(r.pos(v), "use a4 or letter", "unknown papersize %q", s)
		} else {
			r.meta.PaperSize = s
		}
	}
}

func (r *reader) font(k string, v *yaml.Node) {
	s, ok := r.str(k, v)
	if !ok {
		return
	}
	switch k {
	case "mainfont":
		r.meta.MainFont = s
	case "sansfont":
		r.meta.SansFont = s
	case "monofont":
		r.meta.MonoFont = s
	}
}

func (r *reader) fontSize(k string, v *yaml.Node) {
	if s, ok := r.str(k, v); ok {
		f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "pt"), 64)
		if err != nil || !(f >= 6 && f <= 24) { // NaN too
			r.diags.Errorf(r.pos(v), "give a size in points between 6 and 24, e.g. fontsize: 11pt", "bad fontsize %q", s)
		} else {
			r.meta.FontSize = f
		}
	}
}

func (r *reader) numberSections(k string, v *yaml.Node) {
	if b, ok := r.boolean(k, v); ok {
		r.meta.NumberSections = &b
	}
}

func (r *reader) toc(k string, v *yaml.Node) {
	if b, ok := r.boolean(k, v); ok {
		r.meta.TOC = b
	}
}

// tocDepth is toc-depth: the deepest heading level in the table of
// contents, 1 to 6.
func (r *reader) tocDepth(k string, v *yaml.Node) {
	n, err := strconv.Atoi(strings.TrimSpace(v.Value))
	if v.Kind != yaml.ScalarNode || err != nil || n < 1 || n > 6 {
		r.diags.Errorf(r.pos(v), "give a heading level from 1 to 6, e.g. toc-depth: 2", "%s must be a heading level from 1 to 6, not %s", k, describe(v))
		return
	}
	r.meta.TOCDepth = n
}

func (r *reader) lof(k string, v *yaml.Node) { r.meta.LOF, _ = r.boolean(k, v) }

func (r *reader) lot(k string, v *yaml.Node) { r.meta.LOT, _ = r.boolean(k, v) }

func (r *reader) linkCitations(k string, v *yaml.Node) { r.meta.LinkCitations, _ = r.boolean(k, v) }

func (r *reader) bibliography(k string, v *yaml.Node) { r.meta.Bibliography, _ = r.strList(k, v) }

// citationStyle names a CSL style that ships with Quire (assets/csl is
// the one list of them).
func (r *reader) citationStyle(k string, v *yaml.Node) {
	if s, ok := r.str(k, v); ok {
		if st, ok := cslfiles.Resolve(s); ok {
			r.meta.CitationStyle = st
		} else {
			r.diags.Errorf(r.pos(v), "use one of "+strings.Join(cslfiles.Styles(), ", ")+"; or give a style file with csl:", "unknown citation-style %q", s)
		}
	}
}

// csl keeps the style file for the CSL processor (package cite reads it
// through the folder).
func (r *reader) csl(k string, v *yaml.Node) {
	s, ok := r.str(k, v)
	if !ok {
		return
	}
	if strings.TrimSpace(s) == "" {
		r.diags.Errorf(r.pos(v), "give the style file's path, e.g. csl: apa.csl", "csl is empty")
		return
	}
	r.meta.CSL = s
}

// locale selects the CSL locale of citations and bibliography.
func (r *reader) locale(k string, v *yaml.Node) {
	if s, ok := r.str(k, v); ok {
		if strings.TrimSpace(s) == "" || strings.ContainsAny(s, " \t/") {
			r.diags.Errorf(r.pos(v), "give a BCP 47 language tag, e.g. locale: en-GB", "locale %q is not a language tag", s)
			return
		}
		r.meta.CSLLocale = s
	}
}

func (r *reader) bibTitle(k string, v *yaml.Node) { r.meta.BibTitle, _ = r.str(k, v) }

func (r *reader) noCite(k string, v *yaml.Node) {
	if l, ok := r.strList(k, v); ok {
		r.meta.NoCite = nil
		for _, s := range l {
			for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
				r.meta.NoCite = append(r.meta.NoCite, strings.TrimPrefix(f, "@"))
			}
		}
	}
}

func (r *reader) ibid(k string, v *yaml.Node)      { r.meta.Ibid, _ = r.boolean(k, v) }
func (r *reader) anonymous(k string, v *yaml.Node) { r.meta.Anonymous, _ = r.boolean(k, v) }

func (r *reader) profile(k string, v *yaml.Node) {
	if s, ok := r.str(k, v); ok {
		switch s {
		case "article", "submission", "handout":
			r.meta.Profile = s
		default:
			r.diags.Errorf(r.pos(v), "use article, submission or handout", "unknown profile %q", s)
		}
	}
}

func (r *reader) extra(k string, v *yaml.Node) {
	var x any
	if err := v.Decode(&x); err == nil {
		r.meta.Extra[k] = x
	}
	r.meta.Extra[k+"@node"] = v
}

// date keeps a date as written; "today", "now" and "last-modified" are
// resolved when the front matter is complete (finish), from
// SOURCE_DATE_EPOCH or the git history, never from the clock.
func (r *reader) date(k string, v *yaml.Node) {
	s, ok := r.str(k, v)
	if !ok {
		return
	}
	r.st.date, r.st.datePos = "", r.pos(v)
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "today", "now", "last-modified":
		r.st.date = strings.ToLower(strings.TrimSpace(s))
		r.meta.Date = ""
		return
	}
	r.meta.Date = s
}

func (r *reader) journal(k string, v *yaml.Node) {
	if v.Kind != yaml.MappingNode {
		r.diags.Errorf(r.pos(v), "e.g. journal: {abstract-words: 250, keywords: 6, words: 10000}", "journal must be a mapping of limits")
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i].Value, v.Content[i+1]
		var n int
		if val.Kind != yaml.ScalarNode || val.Decode(&n) != nil || n < 0 {
			r.diags.Errorf(r.pos(val), "give a whole number", "journal %s must be a whole number", k)
			continue
		}
		switch k {
		case "abstract-words":
			r.meta.Journal.AbstractWords = n
		case "keywords":
			r.meta.Journal.Keywords = n
		case "words":
			r.meta.Journal.Words = n
		default:
			r.diags.Warnf(r.pos(v.Content[i]), "journal limits: abstract-words, keywords, words", "unknown journal limit %q is ignored", k)
		}
	}
}

// book reads a Quarto book: mapping: its metadata keys as top-level keys;
// chapters and appendices are for discovery.
func (r *reader) book(k string, v *yaml.Node) {
	if v.Kind != yaml.MappingNode {
		r.diags.Errorf(r.pos(v), "e.g. book:\n\t  title: My thesis\n\t  chapters: [index.qmd, intro.qmd]", "book must be a mapping")
		return
	}
	rest := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(v.Content); i += 2 {
		switch v.Content[i].Value {
		case "chapters", "appendices", "references":
		default:
			rest.Content = append(rest.Content, v.Content[i], v.Content[i+1])
		}
	}
	readMapping(r, rest, "book.")
}

// readMapping is (*reader).mapping, called through a variable to break the
// initialisation cycle Keys -> book -> mapping -> Keys.
var readMapping func(r *reader, m *yaml.Node, prefix string)

func init() { readMapping = (*reader).mapping }

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	case yaml.AliasNode:
		return "alias"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "number"
	case "!!bool":
		return "boolean"
	case "!!null":
		return "empty value"
	}
	return "text"
}

// finish completes the metadata once every block is read: authors and
// affiliations resolved, title notes made, keywords merged, the date
// resolved, and one line naming the keys left to other tools. files are
// the manuscript's source files (for last-modified).
func (st *metaState) finish(files []string) {
	m := st.meta
	m.Keywords = append(append([]string(nil), st.keywords...), st.tags...)
	st.finishAuthors()
	if st.date != "" {
		if t, ok := resolveDate(st.date, files); ok {
			m.Date = t.Format("2006-01-02")
		} else {
			st.diags.Warnf(st.datePos, "set SOURCE_DATE_EPOCH, commit the manuscript to git, or write the date, e.g. date: 2026-11-27",
				"date: %s: there is no SOURCE_DATE_EPOCH and no git commit of the manuscript; Quire never reads the clock, so the date is left out", st.date)
		}
	}
	st.reportIgnored()
}

// reportIgnored names, in one line, the keys and author fields Quire
// accepts without using them.
func (st *metaState) reportIgnored() {
	if len(st.ignored) == 0 {
		return
	}
	byTool := map[string][]string{}
	var tools []string
	seen := map[string]bool{}
	for _, ig := range st.ignored {
		if seen[ig.tool+"\x00"+ig.name] {
			continue
		}
		seen[ig.tool+"\x00"+ig.name] = true
		if _, ok := byTool[ig.tool]; !ok {
			tools = append(tools, ig.tool)
		}
		byTool[ig.tool] = append(byTool[ig.tool], ig.name)
	}
	sort.SliceStable(tools, func(i, j int) bool { return tools[i] != "" && tools[j] == "" })
	var parts []string
	for _, t := range tools {
		names := strings.Join(byTool[t], ", ")
		if t == "" {
			parts = append(parts, "not known to Quire: "+names)
		} else {
			parts = append(parts, "for "+t+": "+names)
		}
	}
	st.diags.Warnf(st.ignored[0].pos, knownKeysHint(), "front-matter keys Quire does not use are ignored (%s)", strings.Join(parts, "; "))
}

// headerIncludes keeps the text of header-includes for the math
// package, which reads the macro definitions in it.
func (r *reader) headerIncludes(k string, v *yaml.Node) {
	r.meta.Extra[k] = headerText(v)
}

// headerText returns the text of header-includes: a string or a list of
// strings (raw blocks like "```{=latex}" fences are kept as text).
func headerText(v *yaml.Node) string {
	switch v.Kind {
	case yaml.ScalarNode:
		return v.Value
	case yaml.SequenceNode:
		var parts []string
		for _, c := range v.Content {
			parts = append(parts, headerText(c))
		}
		return strings.Join(parts, "\n")
	}
	return ""
}

package project

import (
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"quire/internal/doc"
)

// Key is one front-matter key Quire reads. Keys is the one table the parser
// dispatches on; the "known keys" hint and the README's table are made
// from it (KeysMarkdown), so the three cannot drift apart.
type Key struct {
	Name  string   // as written in the front matter
	Also  []string // other spellings read the same way (pandoc, Quarto, JOSS)
	Value string   // the form of the value, for the README
	Means string   // what Quire does with it, for the README
	parse func(r *reader, k string, v *yaml.Node)
}

// Keys lists every front-matter key Quire reads, in README order.
var Keys = []Key{
	{Name: "title", Value: "Markdown text", Means: "the title block; markup is set there and stripped from the PDF's Title, the outline and the running head", parse: (*reader).title},
	{Name: "subtitle", Value: "Markdown text", Means: "under the title", parse: (*reader).subtitle},
	{Name: "short-title", Also: []string{"shorttitle", "running-head"}, Value: "text", Means: "the running head (default: the title, shortened at a word boundary with an ellipsis when it does not fit)", parse: (*reader).shortTitle},
	{Name: "thanks", Value: "Markdown text", Means: "a footnote on the title, marked *", parse: (*reader).thanks},
	{Name: "author", Also: []string{"authors"}, Value: "a name, a list of names, or a list of mappings", Means: "the authors: `name` (text, or `{given, family, literal}`), `affiliation`/`affiliations` (names, mappings with a `name`, Quarto `ref:` ids, or JOSS indexes such as `\"1, 2\"`), `email`, `orcid`, `url`, `corresponding`, `equal-contributor` (or `equal-contrib`), `deceased`, `group` (a consortium, named last after a comma), `note`, `current-address`; affiliations are numbered with superscript marks and listed under the names, notes are footnotes on the title block", parse: (*reader).authors},
	{Name: "affiliations", Value: "a list of `{id, name, department, city, region, country}` (JOSS: `{index, name}`)", Means: "the institutions authors point to by `ref:` (Quarto) or by index (JOSS)", parse: (*reader).affiliations},
	{Name: "author-notes", Value: "`{corresponding, equal-contributor, deceased, group}` texts", Means: "the wording of the generated title notes (Quarto journal formats)", parse: (*reader).authorNotes},
	{Name: "date", Value: "`YYYY-MM-DD`, text, `today` or `last-modified`", Means: "under the authors, and the PDF's dates; `today` and `last-modified` are the date of `SOURCE_DATE_EPOCH` or of the file's last git commit, never the clock (without either, the PDF's dates are 2000-01-01)", parse: (*reader).date},
	{Name: "abstract", Value: "Markdown", Means: "set under the title; its text is the PDF's Subject", parse: (*reader).abstract},
	{Name: "keywords", Value: "a list, or comma-separated text", Means: "under the abstract; the PDF's Keywords and XMP `dc:subject`", parse: (*reader).keywords},
	{Name: "tags", Value: "a list, or comma-separated text", Means: "keywords, as JOSS writes them (added after `keywords`)", parse: (*reader).keywords},
	{Name: "lang", Value: "BCP 47 tag", Means: "the language (default `en-US`): hyphenation, generated words, quotation marks, the PDF's Lang (see Languages)", parse: (*reader).lang},
	{Name: "papersize", Value: "`a4` or `letter`", Means: "the paper (default `a4`)", parse: (*reader).paperSize},
	{Name: "fontsize", Value: "points, e.g. `11pt`", Means: "the body size (default: the profile's)", parse: (*reader).fontSize},
	{Name: "mainfont", Value: "a font family or a `.ttf` file", Means: "the face of the text (default Noto Serif; shipped: see Fonts); a file in the manuscript folder brings its bold and italic files found beside it by name (`X-Regular.ttf`, `X-Bold.ttf`, `X-Italic.ttf`, `X-BoldItalic.ttf`)", parse: (*reader).font},
	{Name: "sansfont", Value: "a font family or a `.ttf` file", Means: "the face of charts (default Noto Sans)", parse: (*reader).font},
	{Name: "monofont", Value: "a font family or a `.ttf` file", Means: "the face of code (default Noto Sans Mono)", parse: (*reader).font},
	{Name: "number-sections", Also: []string{"numbersections"}, Value: "`true` or `false`", Means: "number the sections (default: the profile's choice)", parse: (*reader).numberSections},
	{Name: "toc", Also: []string{"table-of-contents"}, Value: "`true` or `false`", Means: "print a table of contents after the title block and abstract (as pandoc's LaTeX does): section numbers, titles, dot leaders and page numbers, each entry a link to its section; its heading is `toc-title` (default: the language's word); a raw `\\tableofcontents` prints it where it stands instead", parse: (*reader).toc},
	{Name: "toc-depth", Value: "1 to 6", Means: "the deepest heading level the table of contents lists (default 3)", parse: (*reader).tocDepth},
	{Name: "lof", Value: "`true` or `false`", Means: "print a list of figures after the table of contents (heading: `lof-title`, pandoc-crossref's `lofTitle`); a raw `\\listoffigures` prints it where it stands instead", parse: (*reader).lof},
	{Name: "lot", Value: "`true` or `false`", Means: "print a list of tables after it (`lot-title`, `lotTitle`); `\\listoftables` where it stands, `\\listoflistings` a list of code listings (`lol-title`, `lolTitle`)", parse: (*reader).lot},
	{Name: "bibliography", Value: "a file or a list of files", Means: "BibTeX or biblatex (`.bib`), CSL-JSON (`.json`) or CSL-YAML (`.yaml`) files, relative to the manuscript folder", parse: (*reader).bibliography},
	{Name: "citation-style", Value: "a style that ships with Quire", Means: "the CSL citation style (default `chicago-notes`, Chicago notes and bibliography): " + shippedStyles(), parse: (*reader).citationStyle},
	{Name: "csl", Value: "a `.csl` file", Means: "a CSL 1.0 style file in the manuscript folder (a dependent style's parent must ship with Quire)", parse: (*reader).csl},
	{Name: "locale", Value: "BCP 47 tag", Means: "the CSL locale of citations and bibliography (default: `lang`, else the style's default locale)", parse: (*reader).locale},
	{Name: "link-citations", Value: "`true` or `false`", Means: "citations link to their bibliography entries", parse: (*reader).linkCitations},
	{Name: "bibliography-title", Also: []string{"reference-section-title"}, Value: "text", Means: "the bibliography's heading", parse: (*reader).bibTitle},
	{Name: "nocite", Value: "keys, e.g. `\"@*\"`", Means: "entries listed though not cited (`@*`: all)", parse: (*reader).noCite},
	{Name: "ibid", Value: "`true` or `false`", Means: "let the style write Ibid. for a citation repeating the one before (default `false`: a repeated citation is a short one)", parse: (*reader).ibid},
	{Name: "profile", Value: "`article`, `submission` or `handout`", Means: "the default profile", parse: (*reader).profile},
	{Name: "anonymous", Value: "`true` or `false`", Means: "`true`: build the submission anonymised, as `--anonymize` (other profiles keep the authors)", parse: (*reader).anonymous},
	{Name: "journal", Value: "`{abstract-words, keywords, words}`", Means: "limits checked at build time, e.g. `{abstract-words: 250, keywords: 6, words: 10000}`", parse: (*reader).journal},
	{Name: "profiles", Value: "settings per profile", Means: "e.g. `{submission: {anonymous: true, papersize: letter}, handout: {imposition: 2up}}`; keys `anonymous`, `papersize`, `fontsize`, `imposition`, `bleed`, `marks`, `pdfa` (`true` for PDF/A-2b, or `1b`, `2b`, `2u`, `3b`). Command-line flags win.", parse: (*reader).extra},
	{Name: "acknowledgements", Value: "text", Means: "dropped from anonymised builds", parse: (*reader).extra},
	{Name: "header-includes", Value: "LaTeX, text or a list", Means: "the TeX macros defined in it (`\\newcommand`, `\\def`, `\\DeclareMathOperator`) hold in every formula; the rest is for LaTeX and ignored", parse: (*reader).headerIncludes},
	{Name: "book", Value: "a Quarto `book:` mapping", Means: "in `_quarto.yml`: its `title`, `author`, `date` and the other keys of this table are read as here; `chapters` and `appendices` list the manuscript's files in order", parse: (*reader).book},
}

// otherTools lists the keys that steer another tool (a pandoc template,
// Quarto, a filter, Manubot). They are accepted, and named together in one
// line, never one warning each.
var otherTools = []struct {
	Tool string
	Keys []string
}{
	{"pandoc", []string{"include-before", "include-after", "documentclass", "classoption", "geometry", "margin-left", "margin-right", "margin-top", "margin-bottom", "fontfamily", "fontfamilyoptions", "mathfont", "CJKmainfont", "mainfontoptions", "linestretch", "linkcolor", "urlcolor", "citecolor", "toccolor", "filecolor", "colorlinks", "pagetitle", "subject", "description", "titlegraphic", "logo", "indent", "block-headings", "secnumdepth", "pagestyle", "biblio-style", "biblio-title", "biblatexoptions", "natbiboptions", "cite-method", "citation-abbreviations", "suppress-bibliography", "notes-after-punctuation", "css", "highlight-style", "institute", "location", "supervisor", "degree", "titlepage", "titlepage-color", "titlepage-text-color", "toc-own-page", "table-use-row-colors", "listings", "listings-disable-line-numbers", "code-block-font-size", "footer-left", "footer-center", "footer-right", "header-left", "header-center", "header-right", "disable-header-and-footer", "caption-justification", "papersize-options"}},
	{"Quarto", []string{"format", "execute", "jupyter", "knitr", "engine", "editor", "project", "manuscript", "website", "filters", "shortcodes", "crossref", "citation", "google-scholar", "appendix-style", "license", "copyright", "funding", "plain-language-summary", "key-points", "author-summary", "fig-cap-location", "tbl-cap-location", "cap-location", "reference-location", "citation-location", "code-fold", "code-tools", "code-links", "notebook-links", "number-depth", "number-offset", "keep-tex", "keep-md", "pdf-engine", "freeze", "lightbox", "other-links", "draft", "draft-mode", "brand", "theme", "title-block-banner", "order", "categories", "image", "description", "resources", "fig-width", "fig-height", "fig-format", "fig-dpi", "df-print", "self-contained", "embed-resources", "toc-location", "comments", "execute-dir", "bibliographystyle", "keep-ipynb", "published", "doi", "journal-title"}},
	{"Manubot", []string{"manubot", "thumbnail", "pandoc", "author_info", "date-meta", "header-includes-after"}},
}

// toolOf maps a key of another tool to the tool's name.
var toolOf = func() map[string]string {
	m := map[string]string{}
	for _, t := range otherTools {
		for _, k := range t.Keys {
			if _, dup := m[k]; !dup {
				m[k] = t.Tool
			}
		}
	}
	return m
}()

// keyIndex maps every spelling of a key to its entry in Keys.
var keyIndex = func() map[string]int {
	m := map[string]int{}
	for i, k := range Keys {
		m[k.Name] = i
		for _, a := range k.Also {
			m[a] = i
		}
	}
	return m
}()

// knownKeysHint is the hint of an unknown key: every key of the table.
func knownKeysHint() string {
	names := make([]string, len(Keys))
	for i, k := range Keys {
		names[i] = k.Name
	}
	return "known keys: " + strings.Join(names, ", ") + " (the README's Front matter table says what each means)"
}

// suggestKey returns the known key that name is most likely a misspelling
// of, or "": the same letters in another case, or at most two edits away
// for a name of five letters or more.
func suggestKey(name string) string {
	lower := strings.ToLower(name)
	best, bestD := "", 3
	var all []string
	for s := range keyIndex {
		all = append(all, s)
	}
	sort.Strings(all)
	for _, s := range all {
		if strings.ToLower(s) == lower {
			return s
		}
		limit := 2
		if len(s) < 5 {
			limit = 1
		}
		if d := editDistance(lower, s); d <= limit && d < bestD {
			best, bestD = s, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b (bytes).
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// KeysMarkdown returns the README's front-matter table, made from Keys and
// the keys of other tools.
func KeysMarkdown() string {
	var b strings.Builder
	b.WriteString("| key | value | meaning |\n|---|---|---|\n")
	for _, k := range Keys {
		names := "`" + k.Name + "`"
		for _, a := range k.Also {
			names += ", `" + a + "`"
		}
		b.WriteString("| " + names + " | " + k.Value + " | " + k.Means + " |\n")
	}
	b.WriteString("\npandoc-crossref's settings (")
	for i, k := range doc.CrossRefKeys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("`" + k + "`")
	}
	b.WriteString(") are read by the cross-reference resolver: their presence makes references print as the filter prints them, and `figPrefix`, `tblPrefix`, `eqnPrefix`, `secPrefix`, `lstPrefix` give the words.\n")
	b.WriteString("\nKeys that steer another tool are accepted and named together in one line (a warning), never one warning each:\n\n")
	for _, t := range otherTools {
		b.WriteString("- " + t.Tool + ": ")
		for i, k := range t.Keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("`" + k + "`")
		}
		b.WriteString("\n")
	}
	return b.String()
}

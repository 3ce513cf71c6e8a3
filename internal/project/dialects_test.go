package project

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
)

func load(t *testing.T, files map[string]string) (*Project, string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		write(t, dir, name, content)
	}
	var diags diag.List
	p := Load(dir, &diags)
	return p, diagText(&diags)
}

func affNames(m doc.Meta) []string {
	var out []string
	for _, a := range m.Affiliations {
		out = append(out, a.Name)
	}
	return out
}

func noteText(n *doc.Note) string {
	var s []string
	for _, b := range n.Blocks {
		if p, ok := b.(*doc.Paragraph); ok {
			s = append(s, doc.PlainText(p.Content))
		}
	}
	return strings.Join(s, " ")
}

// JOSS: top-level affiliations with index, per-author "1, 2" or [1, 3],
// corresponding and equal-contrib, tags as keywords.
func TestJOSSFrontMatter(t *testing.T) {
	p, d := load(t, map[string]string{"paper.md": `---
title: A JOSS paper
authors:
  - name: Albert Krewinkel
    email: albert@example.org
    affiliation: "1, 2, 4"
    corresponding: true
  - name: Juanjo Bazán
    affiliation: [1]
    equal-contrib: true
  - name: Arfon M. Smith
    affiliation: [1, 3]
    equal-contrib: true
affiliations:
  - index: 1
    name: Open Journals
  - index: 2
    name: Pandoc Development Team
  - index: 3
    name: GitHub
  - index: 4
    name: Technische Universitaet Hamburg
    ror: 04bs1pb34
tags:
  - reference
  - markdown
---

Text.
`})
	if p == nil || strings.Contains(d, "error") {
		t.Fatalf("load failed:\n%s", d)
	}
	m := p.Meta
	if got := strings.Join(affNames(m), "|"); got != "Open Journals|Pandoc Development Team|GitHub|Technische Universitaet Hamburg" {
		t.Errorf("affiliations %q", got)
	}
	want := [][]int{{1, 2, 4}, {1}, {1, 3}}
	for i, a := range m.Authors {
		if len(a.Affiliations) != len(want[i]) {
			t.Errorf("author %d affiliations %v, want %v", i, a.Affiliations, want[i])
			continue
		}
		for j := range want[i] {
			if a.Affiliations[j] != want[i][j] {
				t.Errorf("author %d affiliations %v, want %v", i, a.Affiliations, want[i])
			}
		}
	}
	if strings.Join(m.Keywords, "|") != "reference|markdown" {
		t.Errorf("tags as keywords: %q", m.Keywords)
	}
	if len(m.TitleNotes) != 2 || m.TitleNotes[0].Mark != "*" || m.TitleNotes[1].Mark != "†" {
		t.Fatalf("title notes %+v", m.TitleNotes)
	}
	if got := noteText(m.TitleNotes[0]); got != "Corresponding author: albert@example.org." {
		t.Errorf("corresponding note %q", got)
	}
	if m.Authors[1].Notes[0] != m.Authors[2].Notes[0] || m.Authors[1].Notes[0] != m.TitleNotes[1] {
		t.Errorf("equal contributors do not share one note")
	}
	if !strings.Contains(d, "paper.md:23:5: warning: front-matter keys Quire does not use are ignored (for affiliation fields: affiliations.ror)") {
		t.Errorf("ignored keys not named in one line:\n%s", d)
	}
}

// Quarto: name as {given, family}, affiliations by ref: id, author-notes,
// and a ref to an affiliation that is not listed is an error at its place.
func TestQuartoAuthors(t *testing.T) {
	p, d := load(t, map[string]string{"index.qmd": `---
title: Q
author:
  - name:
      given: Name1
      family: Surname
    equal-contributor: true
    affiliations:
      - ref: aff2
      - ref: aff1
  - name: Name2 Surname
    deceased: true
    affiliations:
      - ref: aff2
      - name: Elsewhere Institute
        city: Berlin
author-notes:
  equal-contributor: Both did the work.
affiliations:
  - id: aff1
    name: Dept A, Institution A
    city: City
    country: Country
  - id: aff2
    name: Center B
---

Text.
`})
	if p == nil || strings.Contains(d, "error") {
		t.Fatalf("load failed:\n%s", d)
	}
	m := p.Meta
	if m.Authors[0].Name != "Name1 Surname" {
		t.Errorf("name %q", m.Authors[0].Name)
	}
	// Numbered in order of first use.
	if got := strings.Join(affNames(m), "|"); got != "Center B|Dept A, Institution A, City, Country|Elsewhere Institute, Berlin" {
		t.Errorf("affiliations %q", got)
	}
	if a := m.Authors[1].Affiliations; len(a) != 2 || a[0] != 1 || a[1] != 3 {
		t.Errorf("second author's affiliations %v", a)
	}
	if len(m.TitleNotes) != 2 || m.TitleNotes[0].Blocks != nil || m.TitleNotes[1].Mark != "†" {
		t.Fatalf("title notes %+v", m.TitleNotes)
	}
	p.ConvertMarkup(func(text string, pos diag.Pos) []doc.Block {
		return []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: text}}}}
	})
	if got := noteText(m.TitleNotes[0]); got != "Both did the work." {
		t.Errorf("author-notes wording %q", got)
	}
	if got := noteText(m.TitleNotes[1]); got != "Deceased." {
		t.Errorf("deceased note %q", got)
	}

	_, d = load(t, map[string]string{"index.qmd": "---\nauthor:\n  - name: A\n    affiliations:\n      - ref: nope\naffiliations:\n  - id: aff1\n    name: X\n---\n\nText.\n"})
	if !strings.Contains(d, "index.qmd:5:14: error: author A: affiliation \"nope\" is not among the affiliations") || !strings.Contains(d, "hint: refer to an affiliation listed under affiliations: (aff1)") {
		t.Errorf("unknown ref:\n%s", d)
	}
	_, d = load(t, map[string]string{"paper.md": "---\nauthor:\n  - name: A\n    affiliation: \"1, 7\"\naffiliations:\n  - index: 1\n    name: X\n---\n\nText.\n"})
	if !strings.Contains(d, "paper.md:4:18: error: author A: affiliation \"1, 7\" is not among the affiliations") {
		t.Errorf("unknown JOSS index:\n%s", d)
	}
}

// pandoc: author as a string, a list of strings, a list of maps.
func TestPandocAuthorForms(t *testing.T) {
	for src, want := range map[string]string{
		"author: Jane Doe":                           "Jane Doe",
		"author: [Author]":                           "Author",
		"author:\n  - Ann\n  - Bob":                  "Ann|Bob",
		"author:\n  - name: Ann\n    affiliation: U": "Ann",
		"authors:\n  - given: Ann\n    family: Lee":  "Ann Lee",
	} {
		p, d := load(t, map[string]string{"paper.md": "---\n" + src + "\n---\n\nText.\n"})
		if p == nil {
			t.Fatalf("%q: %s", src, d)
		}
		var names []string
		for _, a := range p.Meta.Authors {
			names = append(names, a.Name)
		}
		if strings.Join(names, "|") != want {
			t.Errorf("%q: authors %q, want %q\n%s", src, names, want, d)
		}
	}
}

func TestOtherKeys(t *testing.T) {
	p, d := load(t, map[string]string{"paper.md": `---
title: T
keywords: "alpha, beta; gamma"
bibliography: refs.bib
csl: styles/apa.csl
link-citations: true
number-sections: false
lang: de
format:
  pdf: default
execute:
  echo: false
figPrefix: [fig., figs.]
header-includes: \usepackage{x}
titel: Typo
---

Text.
`})
	if p == nil {
		t.Fatal(d)
	}
	m := p.Meta
	if m.CrossRef["figPrefix"] != "fig." || m.Terms["figPrefix"] != "fig." || m.Terms["figure-prefix-plural"] != "figs." {
		t.Errorf("pandoc-crossref settings: %v, terms %v", m.CrossRef, m.Terms)
	}
	if strings.Join(m.Keywords, "|") != "alpha|beta|gamma" || strings.Join(m.Bibliography, "|") != "refs.bib" || m.CSL != "styles/apa.csl" || !m.LinkCitations || m.NumberSections == nil || *m.NumberSections || m.Lang != "de" {
		t.Errorf("meta %+v", m)
	}
	if strings.Contains(d, "csl:") {
		t.Errorf("csl: a style file is read by package cite, without a word here:\n%s", d)
	}
	if n := strings.Count(d, "Quire does not use"); n != 1 || !strings.Contains(d, "(for Quarto: format, execute)") {
		t.Errorf("tool keys not named in one line:\n%s", d)
	}
	if !strings.Contains(d, "paper.md:15:1: warning: unknown front-matter key \"titel\" is ignored; did you mean title?") {
		t.Errorf("typo:\n%s", d)
	}
	p, d = load(t, map[string]string{"paper.md": "---\ncsl: chicago-author-date.csl\nbibliography: [a.bib, b.json]\n---\n\nText.\n"})
	if p.Meta.CSL != "chicago-author-date.csl" || strings.Contains(d, "csl") || len(p.Meta.Bibliography) != 2 {
		t.Errorf("csl naming a shipped style: %q %v\n%s", p.Meta.CSL, p.Meta.Bibliography, d)
	}
	p, d = load(t, map[string]string{"paper.md": "---\ncitation-style: APA\nlocale: en-GB\n---\n\nText.\n"})
	if p.Meta.CitationStyle != "apa" || p.Meta.CSLLocale != "en-GB" || d != "" {
		t.Errorf("citation-style: APA, locale: en-GB: %q %q\n%s", p.Meta.CitationStyle, p.Meta.CSLLocale, d)
	}
	for src, want := range map[string]string{
		"number-sections: maybe":   "paper.md:2:18: error: number-sections must be true or false, not \"maybe\"",
		"link-citations: [x]":      "paper.md:2:17: error: link-citations must be true or false, not a list",
		"csl: {a: b}":              "paper.md:2:6: error: csl must be text, not a mapping",
		"tags: 3":                  "paper.md:2:7: error: tags must be a list of text items, not a number",
		"lang: en US":              "paper.md:2:7: error: lang \"en US\" is not a language tag",
		"locale: en GB":            "paper.md:2:9: error: locale \"en GB\" is not a language tag",
		"citation-style: nonesuch": "paper.md:2:17: error: unknown citation-style \"nonesuch\"",
		"toc-depth: 7":             "paper.md:2:12: error: toc-depth must be a heading level from 1 to 6, not \"7\"",
		"toc-depth: [2]":           "paper.md:2:12: error: toc-depth must be a heading level from 1 to 6, not a list",
		"lof: often":               "paper.md:2:6: error: lof must be true or false, not \"often\"",
		"affiliations: 7":          "paper.md:2:15: error: each affiliation must be a mapping with a name, not a number",
	} {
		_, d := load(t, map[string]string{"paper.md": "---\n" + src + "\n---\n\nText.\n"})
		if !strings.Contains(d, want) {
			t.Errorf("%q:\n%s\nwant %q", src, d, want)
		}
	}
}

// date: today and last-modified come from SOURCE_DATE_EPOCH or the git
// history, never the clock.
func TestDateKeywords(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000") // 2023-11-14
	p, d := load(t, map[string]string{"paper.md": "---\ndate: today\n---\n\nText.\n"})
	if p.Meta.Date != "2023-11-14" {
		t.Errorf("today = %q\n%s", p.Meta.Date, d)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "")
	p, d = load(t, map[string]string{"paper.md": "---\ndate: last-modified\n---\n\nText.\n"})
	if p.Meta.Date != "" || !strings.Contains(d, "paper.md:2:7: warning: date: last-modified: there is no SOURCE_DATE_EPOCH and no git commit") {
		t.Errorf("last-modified outside git = %q\n%s", p.Meta.Date, d)
	}

	git, err := exec.LookPath("git")
	if err != nil {
		t.Fatalf("git is needed for this test: %v", err)
	}
	dir := t.TempDir()
	write(t, dir, "paper.md", "---\ndate: last-modified\n---\n\nText.\n")
	env := append(os.Environ(), "GIT_AUTHOR_DATE=2021-03-04T05:06:07Z", "GIT_COMMITTER_DATE=2021-03-04T05:06:07Z",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org")
	for _, args := range [][]string{{"init", "-q"}, {"add", "paper.md"}, {"commit", "-q", "-m", "x"}} {
		cmd := exec.Command(git, args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	var diags diag.List
	p = Load(dir, &diags)
	if p.Meta.Date != "2021-03-04" {
		t.Errorf("last-modified in git = %q\n%s", p.Meta.Date, diagText(&diags))
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	p = Load(filepath.Join(dir, "paper.md"), &diags)
	if p.Meta.Date != "2021-03-04" {
		t.Errorf("last-modified prefers the commit: %q", p.Meta.Date)
	}
}

// A folder build finds paper.qmd, index.qmd, the only .md or .qmd.
func TestDiscoverSingle(t *testing.T) {
	for _, c := range []struct {
		files []string
		want  string
	}{
		{[]string{"paper.qmd", "other.qmd"}, "paper.qmd"},
		{[]string{"index.qmd", "notes.qmd"}, "index.qmd"},
		{[]string{"template.qmd", "README.md"}, "template.qmd"},
		{[]string{"only.md"}, "only.md"},
		{[]string{"source/02_b.md", "source/01_a.md"}, "source/01_a.md"},
	} {
		files := map[string]string{}
		for _, f := range c.files {
			files[f] = "# " + f + "\n"
		}
		p, d := load(t, files)
		if p == nil || !strings.HasSuffix(filepath.ToSlash(p.File), c.want) {
			t.Errorf("%v: found %v, want %s\n%s", c.files, p, c.want, d)
		}
	}
	_, d := load(t, map[string]string{"a.md": "A\n", "b.qmd": "B\n"})
	if !strings.Contains(d, "holds several Markdown files (a.md, b.qmd) and no paper.md") {
		t.Errorf("several files:\n%s", d)
	}
}

// Numbered files are read in order as one manuscript, metadata.yaml first;
// each part knows its file and the lines above its body.
func TestDiscoverChapters(t *testing.T) {
	p, d := load(t, map[string]string{
		"content/metadata.yaml":     "---\ntitle: From metadata\nkeywords: [a]\n---\n",
		"content/10.discussion.md":  "# Discussion\n",
		"content/02.intro.md":       "---\nkeywords: [b]\n---\n# Intro\n\nText.",
		"content/01.abstract.md":    "Abstract text.\n",
		"content/images/figure.txt": "not Markdown",
	})
	if p == nil {
		t.Fatal(d)
	}
	var names []string
	for _, pt := range p.Parts {
		names = append(names, filepath.Base(pt.File))
	}
	if strings.Join(names, " ") != "01.abstract.md 02.intro.md 10.discussion.md" {
		t.Errorf("parts %v", names)
	}
	if p.Meta.Title != "From metadata" || strings.Join(p.Meta.Keywords, "|") != "b" {
		t.Errorf("metadata: title %q keywords %v (the document's own front matter wins)", p.Meta.Title, p.Meta.Keywords)
	}
	if string(p.Body) != "Abstract text.\n\n# Intro\n\nText.\n\n# Discussion\n" {
		t.Errorf("body %q", p.Body)
	}
	if p.Parts[1].Line != 2 || p.Parts[1].FileLine != 3 || p.Parts[2].Line != 6 {
		t.Errorf("parts %+v", p.Parts)
	}
	if p.Name != filepath.Base(filepath.Dir(filepath.Dir(p.File))) {
		t.Errorf("name %q", p.Name)
	}
}

func TestDiscoverQuarto(t *testing.T) {
	p, d := load(t, map[string]string{
		"_quarto.yml": "project:\n  type: book\nbook:\n  title: The Book\n  author: Ann\n  chapters:\n    - index.qmd\n    - part: Part I\n      chapters: [intro.qmd]\n  appendices: [app.qmd]\nbibliography: refs.bib\n",
		"index.qmd":   "# Preface\n",
		"intro.qmd":   "---\ntitle: ignored chapter title\n---\n# Intro\n",
		"app.qmd":     "# Appendix\n",
	})
	if p == nil {
		t.Fatal(d)
	}
	if len(p.Parts) != 3 || filepath.Base(p.Parts[2].File) != "app.qmd" {
		t.Errorf("parts %+v", p.Parts)
	}
	if p.Meta.Authors[0].Name != "Ann" || strings.Join(p.Meta.Bibliography, "") != "refs.bib" {
		t.Errorf("meta from _quarto.yml: %+v", p.Meta)
	}
	if !strings.Contains(d, "_quarto.yml:1:1: warning: front-matter keys Quire does not use are ignored (for Quarto: project)") {
		t.Errorf("diagnostics:\n%s", d)
	}
	p, d = load(t, map[string]string{
		"_quarto.yml": "manuscript:\n  article: index.qmd\n",
		"index.qmd":   "---\ntitle: Article\n---\nText.\n",
		"other.qmd":   "Other.\n",
	})
	if p == nil || filepath.Base(p.File) != "index.qmd" || len(p.Parts) != 1 || p.Name != "index" {
		t.Fatalf("manuscript article: %+v\n%s", p, d)
	}
	_, d = load(t, map[string]string{"_quarto.yml": "book:\n  chapters:\n    - index.qmd\n    - missing.qmd\n", "index.qmd": "Text.\n"})
	if !strings.Contains(d, "_quarto.yml:4:7: error: _quarto.yml lists missing.qmd, which is not there") {
		t.Errorf("missing chapter:\n%s", d)
	}
	// A _quarto.yml that is not YAML, or not a mapping, is reported, not
	// passed over in silence.
	for yml, want := range map[string]string{
		"book:\n  title: [open\n": "_quarto.yml:1: error: invalid YAML",
		"- a\n- b\n":              "_quarto.yml:1:1: error: front matter must be a mapping",
	} {
		_, d = load(t, map[string]string{"_quarto.yml": yml, "index.qmd": "Text.\n"})
		if !strings.Contains(d, want) {
			t.Errorf("_quarto.yml %q: want %q, got\n%s", yml, want, d)
		}
	}
}

// An SVG figure is read as a vector drawing; a name in the wrong case is
// named in the error ("did you mean ...?").
func TestVectorAndCase(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "paper.md", "Text.\n")
	write(t, dir, "figures/TextMate.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10"><rect width="20" height="10" fill="red"/><text>x</text></svg>`)
	var diags diag.List
	p := Load(dir, &diags)
	im, err := p.LoadImage("figures/TextMate.svg")
	if err != nil || im.Vector == nil || im.Format != "svg" || im.Width != 2*im.Height || !strings.Contains(im.Warn, "not drawn: text") {
		t.Fatalf("svg: %+v %v", im, err)
	}
	_, err = p.LoadImage("figures/textmate.svg")
	if err == nil || !strings.Contains(err.Error(), "did you mean figures/TextMate.svg?") {
		t.Errorf("wrong case: %v", err)
	}
	_, err = p.LoadImage("Figures/nothing.svg")
	if err == nil || strings.Contains(err.Error(), "did you mean") {
		t.Errorf("missing file: %v", err)
	}
}

// A group author (PLOS's "with the Lorem Ipsum Consortium") gets the group
// note of author-notes; without that wording, no note.
func TestGroupAuthor(t *testing.T) {
	fm := "---\ntitle: Q\nauthor:\n  - name: Ann Lee\n  - name: with the Lorem Ipsum Consortium\n    group: true\n%s---\n\nText.\n"
	p, d := load(t, map[string]string{"index.qmd": fmt.Sprintf(fm, "author-notes:\n  group: Membership list can be found in the Acknowledgments.\n")})
	if p == nil || strings.Contains(d, "group") {
		t.Fatalf("load:\n%s", d)
	}
	m := p.Meta
	if !m.Authors[1].Group || m.Authors[0].Group || len(m.Authors[1].Notes) != 1 || len(m.TitleNotes) != 1 {
		t.Fatalf("authors %+v, notes %+v", m.Authors, m.TitleNotes)
	}
	p.ConvertMarkup(func(text string, pos diag.Pos) []doc.Block {
		return []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: text}}}}
	})
	if got := noteText(m.TitleNotes[0]); got != "Membership list can be found in the Acknowledgments." {
		t.Errorf("group note %q", got)
	}
	p, _ = load(t, map[string]string{"index.qmd": fmt.Sprintf(fm, "")})
	if !p.Meta.Authors[1].Group || len(p.Meta.TitleNotes) != 0 {
		t.Errorf("without wording: %+v, %d notes", p.Meta.Authors[1], len(p.Meta.TitleNotes))
	}
}

// An ORCID iD is checked (its form and check digit) before it is linked;
// its URL form is read too.
func TestORCID(t *testing.T) {
	for id, want := range map[string]string{
		"0000-0002-1825-0097":                   "0000-0002-1825-0097",
		"https://orcid.org/0000-0003-3022-426X": "0000-0003-3022-426X",
		"0000-0003-3022-426x":                   "0000-0003-3022-426X",
		"0000-0002-1825-0096":                   "", // wrong check digit
		"0000-0000-0000-0000":                   "",
		"XXXX-XXXX-XXXX-XXXX":                   "",
		"0000000218250097":                      "",
		"0000-0002-1825-009":                    "",
	} {
		if got := orcidOf(id); got != want {
			t.Errorf("orcidOf(%q) = %q, want %q", id, got, want)
		}
	}
	p, d := load(t, map[string]string{"paper.md": "---\nauthor:\n  - name: A\n    orcid: 0000-0002-1825-0097\n  - name: B\n    orcid: 1234-5678-9012-3456\n---\nText.\n"})
	if p == nil || p.Meta.Authors[0].ORCID != "0000-0002-1825-0097" || p.Meta.Authors[1].ORCID != "" {
		t.Fatalf("authors: %+v\n%s", p.Meta.Authors, d)
	}
	if !strings.Contains(d, `paper.md:6:12: warning: "1234-5678-9012-3456" is not an ORCID iD`) {
		t.Errorf("diagnostics:\n%s", d)
	}
}

// toc, toc-depth, lof and lot are read (no warning: the layout prints
// them); toc-title and lofTitle are generated words.
func TestTOCKeys(t *testing.T) {
	p, d := load(t, map[string]string{"paper.md": "---\ntoc: true\ntoc-depth: 2\nlof: true\nlot: true\ntoc-title: Inhalt\nlofTitle: \"## Figures\"\n---\n\nText.\n"})
	if !p.Meta.TOC || p.Meta.TOCDepth != 2 || !p.Meta.LOF || !p.Meta.LOT {
		t.Errorf("toc %v depth %d lof %v lot %v", p.Meta.TOC, p.Meta.TOCDepth, p.Meta.LOF, p.Meta.LOT)
	}
	if p.Meta.Terms["toc-title"] != "Inhalt" || p.Meta.Terms["lofTitle"] != "## Figures" {
		t.Errorf("terms %v", p.Meta.Terms)
	}
	if strings.Contains(d, "warning") {
		t.Errorf("warnings:\n%s", d)
	}
}

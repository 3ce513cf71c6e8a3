package cite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/csl"
	"quire/internal/diag"
	"quire/internal/doc"
)

func readBib(t *testing.T, src string) map[string]*csl.Item {
	t.Helper()
	var diags diag.List
	es := ReadBibTeX("t.bib", []byte(src), &diags)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	m := map[string]*csl.Item{}
	for _, e := range es {
		m[e.Key] = e.Item
	}
	return m
}

// The BibTeX and biblatex fields map to CSL variables as pandoc maps them.
func TestBibTeXToCSL(t *testing.T) {
	items := readBib(t, `
@string{jjs = {Journal of Japanese Studies}}
@article{art,
  author = {Hata, Ikuhiko and Drea, Edward J. and others},
  title = {The Myth of the {Kwantung Army} in the {iPhone} Age},
  journaltitle = jjs, shortjournal = {JJS},
  volume = 14, number = 2, pages = {45--67},
  year = 1988, month = jun,
  urldate = {2024-03-15}, doi = {https://doi.org/10.2307/132456},
  eprinttype = {arxiv}, eprint = {1234.5678},
}
@book{mv, author = {Ienaga, Sabur{\=o}}, title = {Nihon bunka shi}, langid = {japanese},
  publisher = {Iwanami}, location = {T{\=o}ky{\=o} and Ky{\=o}to}, date = {1982/1984}, number = {7}, series = {Bunko}}
@inbook{ch, crossref = {mv}, title = {Chapter One}, pages = {1--9}}
@xdata{pub, publisher = {Shared Press}}
@book{x, author = {family=Gogh, given=Vincent, prefix=van, useprefix=true}, title = {Letters}, xdata = {pub}, year = 2009}
@phdthesis{th, author = {Kat{\=o}, Y{\=u}ki}, title = {Memory}, school = {University of Chicago}, year = 2015}
@techreport{tr, author = {Smith, Jane}, title = {Logistics}, institution = {RAND}, number = {R-123}, year = 1960}
@online{web, author = {{Ministry of Foreign Affairs of Japan}}, title = {Japan--{Russia} Relations}, url = {https://www.mofa.go.jp/}, date = {2023-11-02~}}
@misc{m, author = {Nobody, Ann}, title = {Never Cited}, year = 2001, month = {5}}
`)
	art := items["art"]
	if art.Type != "article-journal" {
		t.Errorf("type %q", art.Type)
	}
	// sentence case, with the braced parts kept; protection that matters
	// (a word in lowercase) stays as nocase
	if got := art.Vars["title"]; got != `The myth of the Kwantung Army in the <span class="nocase">iPhone</span> age` {
		t.Errorf("title %q", got)
	}
	for v, want := range map[string]string{"container-title": "Journal of Japanese Studies", "container-title-short": "JJS",
		"volume": "14", "issue": "2", "page": "45-67", "DOI": "10.2307/132456", "URL": "https://arxiv.org/abs/1234.5678"} {
		if got := art.Vars[v]; got != want {
			t.Errorf("%s = %q, want %q", v, got, want)
		}
	}
	if ns := art.Names["author"]; len(ns) != 3 || ns[0].Family != "Hata" || ns[1].Given != "Edward J." || ns[2].Literal != "others" {
		t.Errorf("authors (\"and others\" kept as a literal, as pandoc does) %+v", ns)
	}
	if d := art.Dates["issued"]; d == nil || d.Parts[0] != [3]int{1988, 6, 0} || d.NParts[0] != 2 {
		t.Errorf("issued %+v", d)
	}
	if d := art.Dates["accessed"]; d == nil || d.Parts[0] != [3]int{2024, 3, 15} {
		t.Errorf("accessed %+v", d)
	}
	mv := items["mv"]
	if mv.Vars["title"] != "Nihon bunka shi" || mv.Vars["language"] != "ja-JP" {
		t.Errorf("a Japanese title keeps its case: %q %q", mv.Vars["title"], mv.Vars["language"])
	}
	if mv.Vars["publisher-place"] != "Tōkyō; Kyōto" || mv.Vars["collection-number"] != "7" || mv.Vars["collection-title"] != "Bunko" {
		t.Errorf("places, series number: %q %q %q", mv.Vars["publisher-place"], mv.Vars["collection-number"], mv.Vars["collection-title"])
	}
	if d := mv.Dates["issued"]; d == nil || len(d.Parts) != 2 || d.Parts[1][0] != 1984 {
		t.Errorf("date range %+v", d)
	}
	ch := items["ch"]
	if ch.Type != "chapter" || ch.Vars["container-title"] != "Nihon bunka shi" || ch.Vars["publisher"] != "Iwanami" || len(ch.Names["author"]) != 1 || len(ch.Names["container-author"]) != 1 || ch.Vars["title"] != "Chapter One" {
		t.Errorf("crossref: %+v", ch)
	}
	if x := items["x"]; x.Vars["publisher"] != "Shared Press" || x.Names["author"][0].NonDroppingParticle != "van" || x.Names["author"][0].Family != "Gogh" {
		t.Errorf("xdata and biblatex name: %+v", x)
	}
	if _, ok := items["pub"]; ok {
		t.Error("an @xdata entry is not a work")
	}
	if th := items["th"]; th.Type != "thesis" || th.Vars["genre"] != "PhD thesis" || th.Vars["publisher"] != "University of Chicago" {
		t.Errorf("thesis %+v", th)
	}
	if tr := items["tr"]; tr.Type != "report" || tr.Vars["genre"] != "Technical Report" || tr.Vars["number"] != "R-123" {
		t.Errorf("report %+v", tr)
	}
	if web := items["web"]; web.Type != "webpage" || web.Names["author"][0].Literal != "Ministry of Foreign Affairs of Japan" || !web.Dates["issued"].Circa || web.Vars["title"] != "Japan–Russia relations" {
		t.Errorf("online %+v %+v", web, web.Dates["issued"])
	}
	if m := items["m"]; m.Type != "" || m.Dates["issued"].Parts[0] != [3]int{2001, 5, 0} {
		t.Errorf("misc %+v", m)
	}
}

func TestCSLYAML(t *testing.T) {
	src := `---
references:
- id: doe
  type: book
  author:
  - family: Doe
    given: Jane
  title: A Book
  issued: 2001-03-04
- id: roe
  type: article-journal
  author: [{family: Roe, given: Richard}]
  title: An Article
  container-title: Journal
  issued:
  - year: 1999
    month: 5
  page: 3-9
- type: book
...
`
	var diags diag.List
	es := ReadCSLYAML("r.yaml", []byte(src), &diags)
	if len(es) != 2 || es[0].Key != "doe" || es[1].Pos.Line != 10 {
		t.Fatalf("entries %+v", es)
	}
	if d := es[0].Item.Dates["issued"]; d.Parts[0] != [3]int{2001, 3, 4} {
		t.Errorf("date %+v", d)
	}
	if d := es[1].Item.Dates["issued"]; d.Parts[0] != [3]int{1999, 5, 0} || es[1].Item.Vars["page"] != "3-9" {
		t.Errorf("old-style date %+v", d)
	}
	if items := diags.Items(); len(items) != 1 || items[0].Pos.Line != 19 || !strings.Contains(items[0].Msg, "no id") {
		t.Errorf("diagnostics %v", items)
	}
	var d2 diag.List
	ReadCSLYAML("bad.yaml", []byte("references:\n  - id: [\n"), &d2)
	if items := d2.Items(); len(items) != 1 || items[0].Pos.Line != 2 {
		t.Errorf("bad YAML: %v", items)
	}
}

// citeWith processes citations of chicago.bib's entries under a style.
func citeWith(t *testing.T, m doc.Meta, dir string, cs ...doc.Citation) (*doc.Document, *diag.List) {
	t.Helper()
	var diags diag.List
	folder := testFolder(t, "testdata")
	if dir != "" {
		folder = testFolder(t, dir)
	}
	lib := Load([]string{"chicago.bib"}, folder, &diags)
	d := &doc.Document{Meta: m}
	for _, c := range cs {
		d.Blocks = append(d.Blocks, para("X ", c, "."))
	}
	Process(d, lib, &diags)
	return d, &diags
}

func TestNumericStyle(t *testing.T) {
	d, diags := citeWith(t, doc.Meta{CitationStyle: "ieee"},
		"", cite("coox1985", "45"), doc.Citation{Items: []doc.CiteItem{{Key: "hata1988"}, {Key: "drea2007"}, {Key: "coox1985"}}},
		doc.Citation{InText: true, Items: []doc.CiteItem{{Key: "drea2007"}}})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	var got []string
	for _, b := range d.Blocks[:3] {
		got = append(got, doc.PlainText(b.(*doc.Paragraph).Content))
	}
	if want := "X [1, p. 45].|X [1]–[3].|X Drea [3]."; strings.Join(got, "|") != want {
		t.Errorf("citations %q, want %q", strings.Join(got, "|"), want)
	}
	b := bibliography(d)
	if b.Title != "References" || len(b.Labels) != 3 || doc.PlainText(b.Labels[2]) != "[3]" || b.Hanging {
		t.Errorf("bibliography %q labels %d hanging %v", b.Title, len(b.Labels), b.Hanging)
	}
	if got, want := doc.PlainText(b.Entries[1]), "I. Hata, “Continental expansion, 1905–1941,” Journal of Japanese Studies, vol. 14, no. 2, pp. 45–67, Jun. 1988, doi: 10.2307/132456."; got != want {
		t.Errorf("entry:\n got %s\nwant %s", got, want)
	}
}

func TestAPA(t *testing.T) {
	d, diags := citeWith(t, doc.Meta{CitationStyle: "apa"}, "",
		cite("coox1985", "45"), doc.Citation{InText: true, Items: []doc.CiteItem{{Key: "young1998"}}}, cite("tanaka2010", ""))
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	var got []string
	for _, b := range d.Blocks[:3] {
		got = append(got, doc.PlainText(b.(*doc.Paragraph).Content))
	}
	if want := "X (Coox, 1985, p. 45).|X Young & Gordon (1998).|X (Tanaka et al., 2010)."; strings.Join(got, "|") != want {
		t.Errorf("citations %q, want %q", strings.Join(got, "|"), want)
	}
	b := bibliography(d)
	for k, want := range map[string]string{
		"young1998":  "Young, L., & Gordon, A. (1998). Total empire. University of California Press.",
		"tanaka2010": "Tanaka, A., Satō, K., Itō, M., & Abe, J. (2010). Field notes. Heibonsha.",
	} {
		if got := doc.PlainText(bibEntry(t, b, k)); got != want {
			t.Errorf("%s:\n got %s\nwant %s", k, got, want)
		}
	}
	if !b.Hanging || b.EntrySpacing != 0 {
		t.Errorf("hanging %v entry spacing %d", b.Hanging, b.EntrySpacing)
	}
}

// A style file in the manuscript folder is read through it; its errors
// name the file and line; a dependent style uses its shipped parent.
func TestStyleFiles(t *testing.T) {
	dir := t.TempDir()
	bib, _ := os.ReadFile(filepath.Join("testdata", "chicago.bib"))
	os.WriteFile(filepath.Join(dir, "chicago.bib"), bib, 0o644)
	os.WriteFile(filepath.Join(dir, "mine.csl"), []byte(`<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
<citation><layout prefix="&lt;" suffix="&gt;"><text variable="title" font-variant="small-caps"/></layout></citation></style>`), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.csl"), []byte("<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\n<citation>\n<layout><text macro=\"nope\"/></layout></citation></style>"), 0o644)
	os.WriteFile(filepath.Join(dir, "dep.csl"), []byte(`<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="de-DE">
<info><link href="http://www.zotero.org/styles/apa" rel="independent-parent"/></info></style>`), 0o644)
	os.WriteFile(filepath.Join(dir, "nolocale.csl"), []byte("<style xmlns=\"http://purl.org/net/xbiblio/csl\"\n class=\"in-text\" version=\"1.0\" default-locale=\"xx-XX\">\n<citation><layout><text variable=\"title\"/></layout></citation></style>"), 0o644)
	os.WriteFile(filepath.Join(dir, "notcsl.csl"), []byte("<html><body/></html>"), 0o644)

	d, diags := citeWith(t, doc.Meta{CSL: "mine.csl"}, dir, cite("coox1985", ""))
	in := d.Blocks[0].(*doc.Paragraph).Content
	if got := doc.PlainText(in); got != "X <Nomonhan: Japan against Russia, 1939>." || diags.HasErrors() {
		t.Errorf("own style: %q %v", got, diags.Err())
	}
	found := false
	doc.EachInline(in, func(x doc.Inline) {
		if _, ok := x.(doc.SmallCaps); ok {
			found = true
		}
	})
	if !found {
		t.Errorf("no small caps: %#v", in)
	}

	for file, want := range map[string]string{
		"broken.csl":   `broken.csl:3: error: <text> calls macro "nope", which the style does not define`,
		"notcsl.csl":   "notcsl.csl:1: error: not a CSL style",
		"nolocale.csl": `nolocale.csl:1: error: the style's default-locale "xx-XX" names no CSL locale`,
		"missing.csl":  "missing.csl",
	} {
		_, diags := citeWith(t, doc.Meta{CSL: file, Pos: map[string]diag.Pos{"csl": {File: "paper.md", Line: 3, Col: 6}}}, dir, cite("coox1985", ""))
		if s := diagString(diags); !strings.Contains(s, want) {
			t.Errorf("%s:\n%s\nwant %q", file, s, want)
		}
	}

	d, diags = citeWith(t, doc.Meta{CSL: "dep.csl"}, dir, doc.Citation{Items: []doc.CiteItem{{Key: "hasegawa2007"}}})
	if got := doc.PlainText(bibEntry(t, bibliography(d), "hasegawa2007")); got != "Hasegawa, T. (Hrsg.). (2007). The end of the Pacific War: Reappraisals. Stanford University Press." || diags.HasErrors() {
		t.Errorf("dependent style with German locale: %q %v", got, diags.Err())
	}
	d, _ = citeWith(t, doc.Meta{CitationStyle: "apa", CSLLocale: "fr-FR"}, "", doc.Citation{Items: []doc.CiteItem{{Key: "hasegawa2007"}}})
	if got := doc.PlainText(bibEntry(t, bibliography(d), "hasegawa2007")); !strings.Contains(got, "(éd.)") {
		t.Errorf("locale fr-FR: %q", got)
	}
	_, diags = citeWith(t, doc.Meta{CitationStyle: "apa", CSLLocale: "qq-QQ", Pos: map[string]diag.Pos{"locale": {File: "paper.md", Line: 2}}}, "", cite("coox1985", ""))
	if s := diagString(diags); !strings.Contains(s, `paper.md:2: warning: no CSL locale for "qq-QQ"`) {
		t.Errorf("unknown locale: %s", s)
	}
}

// Rich text becomes the document's inlines: italics flip inside italics,
// quotation marks nest, DOIs and URLs link.
func TestInlines(t *testing.T) {
	txt := csl.Text{
		{Kind: csl.Italic, Kids: csl.Text{{Kind: csl.Plain, Text: "On "}, {Kind: csl.Italic, Kids: csl.Text{{Kind: csl.Plain, Text: "Genji"}}}}},
		{Kind: csl.Plain, Text: " "},
		{Kind: csl.Quoted, Kids: csl.Text{{Kind: csl.Plain, Text: "a "}, {Kind: csl.Quoted, Kids: csl.Text{{Kind: csl.Plain, Text: "b"}}}}},
		{Kind: csl.Plain, Text: " "},
		{Kind: csl.Link, Attr: "https://doi.org/10.1/x", Kids: csl.Text{{Kind: csl.Plain, Text: "10.1/x"}}},
		{Kind: csl.Link, Attr: "javascript:alert(1)", Kids: csl.Text{{Kind: csl.Plain, Text: " bad"}}},
		{Kind: csl.Plain, Text: " 1ᵉʳ"},
	}
	in := toInlines(txt, [4]string{"“", "”", "‘", "’"})
	if got := doc.PlainText(in); got != "On Genji “a ‘b’” 10.1/x bad 1er" {
		t.Errorf("text %q", got)
	}
	if e, ok := in[0].(doc.Emph); !ok || doc.PlainText(e.Content) != "On " {
		t.Errorf("italic flip: %#v", in[:2])
	}
	if _, ok := in[1].(doc.Emph); ok {
		t.Errorf("Genji inside italics is roman: %#v", in[1])
	}
	links := 0
	var sup bool
	doc.EachInline(in, func(x doc.Inline) {
		switch x := x.(type) {
		case doc.Link:
			links++
			if x.URL != "https://doi.org/10.1/x" {
				t.Errorf("link %q", x.URL)
			}
		case doc.Super:
			sup = doc.PlainText(x.Content) == "er"
		}
	})
	if links != 1 || !sup {
		t.Errorf("links %d, superscript %v: %#v", links, sup, in)
	}
}

func diagString(l *diag.List) string {
	var b strings.Builder
	l.Print(&b)
	return b.String()
}

// TestGluedPunctuation: a citation written right after punctuation, as for
// a note ("cheap.[@key]"), goes before the punctuation under an in-text
// style, and stays after it as a superscript number or a note.
func TestGluedPunctuation(t *testing.T) {
	lib := loadTestLib(t, "chicago.bib")
	mk := func(style string) *doc.Document {
		return &doc.Document{Meta: doc.Meta{CitationStyle: style}, Blocks: []doc.Block{
			para("It was cheap.", cite("coox1985", ""), ""),
			para("Their total,", cite("coox1985", "45"), " though."),
			para("See e.g.", cite("coox1985", ""), ""),
			para("A note.", cite("hata1988", ""), ""),
		}}
	}
	want := map[string][]string{
		ChicagoAuthorDate: {"It was cheap\u00a0(Coox 1985).", "Their total\u00a0(Coox 1985, 45), though.", "See e.g.(Coox 1985)", "A note\u00a0(Hata 1988)."},
		"nature":          {"It was cheap.1", "Their total,1 though.", "See e.g.1", "A note.2"},
	}
	for style, ws := range want {
		d := mk(style)
		Process(d, lib, &diag.List{})
		for i, w := range ws {
			if got := doc.PlainText(d.Blocks[i].(*doc.Paragraph).Content); got != w {
				t.Errorf("%s: got %q, want %q", style, got, w)
			}
		}
	}
}

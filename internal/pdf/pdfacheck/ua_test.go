package pdfacheck

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/pdf"
)

// accessible writes, uncompressed, a tagged PDF with what the PDF/UA
// clauses are about: a title, headings, a paragraph with a link and a
// note reference, the note, a table with header cells, a figure with its
// alternate text, a running head and a folio as artifacts, on two pages.
func accessible(t *testing.T, opt pdf.Options) []byte {
	t.Helper()
	root := draw.NewDocument()
	title := root.Add(draw.RoleTitle)
	h1 := root.Add(draw.RoleH1)
	p := root.Add(draw.RoleP)
	link := p.Add(draw.RoleLink)
	ref := p.Add(draw.RoleReference).Add(draw.RoleLink)
	note := root.Add(draw.RoleNote)
	note.ID = "note-1"
	np := note.Add(draw.RoleP)
	table := root.Add(draw.RoleTable)
	tr := table.Add(draw.RoleTHead).Add(draw.RoleTR)
	th1, th2 := tr.Add(draw.RoleTH), tr.Add(draw.RoleTH)
	th1.Scope, th2.Scope = "Column", "Column"
	tr2 := table.Add(draw.RoleTBody).Add(draw.RoleTR)
	td1, td2 := tr2.Add(draw.RoleTD), tr2.Add(draw.RoleTD)
	h2 := root.Add(draw.RoleH2)
	fig := root.Add(draw.RoleFigure)
	fig.Alt = "A grey square."
	head, folio := draw.Artifact(draw.ArtifactHeader), draw.Artifact(draw.ArtifactFooter)
	text := func(x, y float64, s string, n *draw.Node) *draw.Text {
		return &draw.Text{X: x, Y: y, Face: font.Serif, Size: 11, S: s, Tag: n, Space: true}
	}
	grey := doc.Gray(0.5)
	sq := draw.Rect(30, 200, 40, 40, &grey, nil, 0)
	sq.Tag = fig
	rule := draw.Line(30, 190, 200, 190, 0.5, doc.Black)
	rule.Tag = draw.Artifact(draw.ArtifactLayout)
	p1 := &draw.Page{Width: 300, Height: 400, Items: []draw.Item{
		text(30, 30, "Title", title),
		text(30, 50, "One", h1),
		text(30, 70, "A paragraph with", p),
		text(120, 70, "a link", link),
		&draw.Link{X: 120, Y: 62, W: 30, H: 10, URL: "https://example.org/", Tag: link},
		text(152, 70, "1", ref),
		&draw.Link{X: 152, Y: 62, W: 6, H: 10, Dest: "fn-1", Tag: ref},
		text(30, 100, "Year", th1), text(100, 100, "Event", th2),
		text(30, 115, "1855", td1), text(100, 115, "Shimoda", td2),
		text(30, 380, "1", folio),
		&draw.Anchor{Name: "fn-1", Y: 350},
		text(30, 360, "1 The note.", np),
	}}
	p2 := &draw.Page{Width: 300, Height: 400, Items: []draw.Item{
		text(30, 15, "Running head", head),
		text(30, 50, "Two", h2),
		rule,
		sq,
		text(30, 380, "2", folio),
	}}
	meta := pdf.Meta{Title: "Accessible", Authors: []string{"A. Tester"}, Lang: "en", Date: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	opt.Tagged = true
	var b bytes.Buffer
	if err := pdf.Write(&b, []*draw.Page{p1, p2}, meta, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// uaFailed returns the clauses CheckUA reports for b, each once.
func uaFailed(b []byte) ([]string, error) {
	err := CheckUA(b)
	if err == nil {
		return nil, nil
	}
	var ids []string
	for _, line := range strings.Split(err.Error(), "\n") {
		if rest, ok := strings.CutPrefix(line, "PDF/UA-1 "); ok {
			id, _, _ := strings.Cut(rest, ":")
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids, err
}

func TestAccessibleBaseline(t *testing.T) {
	for _, opt := range []pdf.Options{{}, {Compress: true}, {PDFA: true, PDFALevel: "1b", PDFUA: true}} {
		b := accessible(t, opt)
		if err := CheckUA(b); err != nil {
			t.Fatalf("%+v: the unbroken file fails:\n%v", opt, err)
		}
		if opt.PDFA {
			if err := CheckLevel(b, "1b"); err != nil {
				t.Errorf("PDF/A-1b: %v", err)
			}
		}
	}
	// The untagged file fails at once.
	var b bytes.Buffer
	if err := pdf.Write(&b, []*draw.Page{{Width: 100, Height: 100, Items: []draw.Item{&draw.Text{X: 10, Y: 10, Face: font.Serif, Size: 10, S: "x"}}}}, pdf.Meta{Title: "x", Lang: "en"}, pdf.Options{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := uaFailed(b.Bytes()); !slices.Contains(got, "7.1 marked") || !slices.Contains(got, "7.1 content") {
		t.Errorf("an untagged file fails %v", got)
	}
}

// uaBreaks lists, for each clause CheckUA knows, edits of the accessible
// file that break it.
var uaBreaks = []struct {
	clause, name string
	edit         func(t *testing.T, f *pdfFile)
	loose        bool // other clauses may fail too
}{
	{clause: "5", name: "pdfuaid:part 2", edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `/Type /Metadata`)
		o.setStream(t, bytes.Replace(o.stream(), []byte(" </rdf:RDF>"), []byte(`  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>2</pdfuaid:part></rdf:Description>
 </rdf:RDF>`), 1))
	}},
	{clause: "7.1 marked", name: "Marked false", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Catalog`).replace(t, `/Marked true`, "/Marked false")
	}},
	{clause: "7.1 marked", name: "Suspects true", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Catalog`).replace(t, `/Marked true`, "/Marked true /Suspects true")
	}},
	{clause: "7.1 content", name: "a path outside marked content", edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `^6 0 obj`)
		o.setStream(t, slices.Concat(o.stream(), []byte("\n10 10 m 20 20 l S")))
	}},
	{clause: "7.1 content", name: "an artifact inside tagged content", edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `^4 0 obj`)
		o.setStream(t, bytes.Replace(o.stream(), []byte("/H1 <</MCID 1>> BDC"), []byte("/H1 <</MCID 1>> BDC /Artifact BMC EMC"), 1))
	}},
	{clause: "7.1 content", name: "an EMC too many", edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `^6 0 obj`)
		o.setStream(t, slices.Concat(o.stream(), []byte("\nEMC")))
	}},
	{clause: "7.1 tree", name: "an MCID no element holds", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/S /H1 `).replace(t, `/K 1\b`, "/K 7")
	}, loose: true},
	{clause: "7.1 tree", name: "a page without /StructParents", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Page\n/StructParents 1`).replace(t, `/StructParents 1\n`, "")
	}},
	{clause: "7.1 tree", name: "an element whose /P is wrong", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/S /Caption|/S /TR `).replace(t, `/P \d+ 0 R`, "/P 1 0 R")
	}},
	{clause: "7.1 types", name: "a structure type not role-mapped", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/S /Title `).replace(t, `/S /Title `, "/S /Titel ")
	}},
	{clause: "7.1 types", name: "a standard type role-mapped", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /StructTreeRoot`).replace(t, `/RoleMap <<`, "/RoleMap <</P /Span ")
	}},
	{clause: "7.1 title", name: "DisplayDocTitle false", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Catalog`).replace(t, `/DisplayDocTitle true`, "/DisplayDocTitle false")
	}},
	{clause: "7.1 title", name: "no dc:title", edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `/Type /Metadata`)
		o.setStream(t, regexpReplace(o.stream(), `<dc:title>.*</dc:title>\n`, ""))
	}},
	{clause: "7.2", name: "no /Lang", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Catalog`).replace(t, `/Lang \(en\)\n`, "")
	}},
	{clause: "7.2", name: "a bad /Lang on an element", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/S /Note `).replace(t, `/S /Note `, "/S /Note /Lang (e n) ")
	}},
	{clause: "7.3", name: "a Figure without /Alt", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/S /Figure `).replace(t, `/Alt \([^)]*\)`, "")
	}},
	{clause: "7.4.2", name: "a skipped heading level", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/S /H2 `).replace(t, `/S /H2 `, "/S /H3 ")
	}},
	{clause: "7.4.2", name: "a first heading that is not H1", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /StructTreeRoot`).replace(t, `/Title /H1`, "/Title /H2")
	}},
	{clause: "7.5", name: "a table without header cells", edit: func(t *testing.T, f *pdfFile) {
		for _, o := range f.objs {
			if bytes.Contains(o.body, []byte("/S /TH ")) {
				o.replace(t, `/S /TH /P`, "/S /TD /P")
			}
		}
	}},
	{clause: "7.5", name: "a header cell without /Scope", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/S /TH `).replace(t, ` /A <</O /Table /Scope /Column>>`, "")
	}},
	{clause: "7.9", name: "a Note without /ID", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/S /Note `).replace(t, `/ID \(note-1\) `, "")
	}},
	{clause: "7.18.1", name: "an annotation without /StructParent", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Annot .*/URI`).replace(t, `/StructParent \d+ `, "")
	}},
	{clause: "7.18.1", name: "a link annotation in a Span", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/S /Link .*/OBJR`).replace(t, `/S /Link `, "/S /Span ")
	}},
	{clause: "7.18.3", name: "a page with annotations without /Tabs /S", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Page\n/StructParents 0`).replace(t, `/Tabs /S\n`, "")
	}},
	{clause: "7.18.5", name: "a link without /Contents", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Annot .*/URI`).replace(t, `/Contents (\([^)]*\)|<[0-9A-Fa-f]*>) `, "")
	}},
	{clause: "7.21.4.1", name: "a font not embedded", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /FontDescriptor`).replace(t, `/FontFile2 \d+ 0 R`, "")
	}},
	{clause: "7.21.7", name: "a font without /ToUnicode", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Subtype /Type0`).replace(t, `\n/ToUnicode \d+ 0 R`, "")
	}},
}

func regexpReplace(b []byte, re, repl string) []byte {
	return regexp.MustCompile(re).ReplaceAll(b, []byte(repl))
}

func TestEachUAClauseRejects(t *testing.T) {
	base := accessible(t, pdf.Options{})
	covered := map[string]bool{}
	for _, bc := range uaBreaks {
		t.Run(bc.clause+" "+bc.name, func(t *testing.T) {
			f := parsePDF(t, base)
			bc.edit(t, f)
			got, err := uaFailed(f.bytes("md5"))
			if !slices.Contains(got, bc.clause) {
				t.Errorf("clause %s not reported; got %v:\n%v", bc.clause, got, err)
			}
			for _, g := range got {
				if g != bc.clause && !bc.loose {
					t.Errorf("clause %s reported too:\n%v", g, err)
				}
			}
		})
		covered[bc.clause] = true
	}
	for _, c := range UAClauses {
		if !covered[c.ID] {
			t.Errorf("no test breaks clause %s (%s)", c.ID, c.What)
		}
	}
}

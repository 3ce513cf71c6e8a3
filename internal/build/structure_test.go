package build

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/pdf/pdfacheck"
	"quire/internal/pdf/structcheck"
)

// The tagged PDF's structure, read back by another program: poppler's
// pdfinfo -struct-text lists the structure tree with the text of each
// element's marked content. The tests below check it against the
// document model, as a screen reader would meet it: every heading,
// paragraph, table cell, note, caption and bibliography entry, in reading
// order, each in an element of its kind; each footnote right after the
// paragraph that references it; no running head, folio or line number.

// structure runs pdfinfo -struct-text on pdf. CI (QUIRE_REQUIRE_SHARED=1)
// must have poppler; a machine without it skips.
func structure(t *testing.T, pdf []byte) []byte {
	t.Helper()
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		if os.Getenv("QUIRE_REQUIRE_SHARED") != "" {
			t.Fatal("pdfinfo not found: apt-get install poppler-utils (.ci/run does)")
		}
		t.Skip("pdfinfo not found (poppler-utils); the structure is not read back")
	}
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := structcheck.PDFInfo(in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// figureAlts returns the /Alt of each Figure element of an uncompressed
// structure tree, in the file's order.
func figureAlts(pdf []byte) []string {
	re := regexp.MustCompile(`/S /Figure [^\n]*?/Alt (<[0-9A-Fa-f]*>|\((?:[^)\\]|\\.)*\))`)
	var out []string
	for _, m := range re.FindAllSubmatch(pdf, -1) {
		s := string(m[1])
		if strings.HasPrefix(s, "<") {
			b, _ := hex.DecodeString(s[1 : len(s)-1])
			u := make([]uint16, 0, len(b)/2)
			for i := 2; i+1 < len(b); i += 2 {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			}
			s = string(utf16.Decode(u))
		} else {
			s = strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`).Replace(s[1 : len(s)-1])
		}
		out = append(out, s)
	}
	return out
}

// TestManuscriptStructure builds the manuscript, as make pdf does, in the
// three profiles (the handout as a booklet, whose pages are imposed out of
// reading order) and reads each structure back.
func TestManuscriptStructure(t *testing.T) {
	path := filepath.Join("..", "..", "manuscript")
	var diags diag.List
	d, p, err := Load(path, &diags)
	if err != nil {
		t.Fatal(err, diagText(&diags))
	}
	p.Close()
	short := d.Meta.ShortTitle
	for _, profile := range []string{"article", "submission", "handout"} {
		t.Run(profile, func(t *testing.T) {
			var diags diag.List
			out, pages, _, err := Compile(Options{Path: path, Profile: profile}, &diags)
			if err != nil {
				t.Fatal(err, diagText(&diags))
			}
			forbidden := []string{short}
			if profile == "submission" {
				forbidden = append(forbidden, fmt.Sprintf("1 of %d", pages), fmt.Sprintf("2 of %d", pages))
			}
			// The submission opens with a cover; its body repeats the
			// title and abstract: check the body's order from there.
			for _, err := range structcheck.Check(d, structure(t, out), forbidden) {
				t.Errorf("%s: %v", profile, err)
			}
			if err := pdfacheck.CheckUA(out); err != nil {
				t.Errorf("CheckUA: %v", err)
			}
		})
	}
}

// TestChartAlt checks that the manuscript's charts are Figures whose
// alternate text is the chart's generated description.
func TestChartAlt(t *testing.T) {
	path := filepath.Join("..", "..", "manuscript")
	var diags diag.List
	d, p, err := Load(path, &diags)
	if err != nil {
		t.Fatal(err, diagText(&diags))
	}
	p.Close()
	var want []string
	doc.EachBlock(d.Blocks, func(b doc.Block) {
		if f, ok := b.(*doc.Figure); ok {
			if g, ok := f.Graphic.(doc.Describer); ok {
				want = append(want, g.Describe())
			}
		}
	})
	if len(want) < 2 {
		t.Fatalf("%d charts in the manuscript, want 2", len(want))
	}
	out, _, _, err := Compile(Options{Path: path}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	// Structure elements are written uncompressed.
	got := figureAlts(out)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Figure /Alt texts:\n%q\nwant the charts' descriptions:\n%q", got, want)
	}
	for _, w := range want {
		if !strings.Contains(w, "chart") && !strings.Contains(w, "Timeline") || !strings.Contains(w, "to") {
			t.Errorf("description %q names no kind or range", w)
		}
	}
}

// TestTaggedReproducible builds the tagged article twice in each profile
// and compares the bytes, and checks that --untagged writes no structure.
func TestTaggedReproducible(t *testing.T) {
	for _, opt := range []Options{
		{Path: "testdata/article"},
		{Path: "testdata/article", Profile: "submission"},
		{Path: "testdata/article", Profile: "handout"},
		{Path: "testdata/article", Profile: "handout", Imposition: "2up", Marks: true, Bleed: 9},
		{Path: "testdata/article", PDFALevel: "1b", PDFUA: true},
	} {
		var diags diag.List
		a, _, _, err := Compile(opt, &diags)
		if err != nil {
			t.Fatal(err)
		}
		b, _, _, _ := Compile(opt, &diags)
		if !bytes.Equal(a, b) {
			t.Errorf("%+v: two builds differ", opt)
		}
		if err := pdfacheck.CheckUA(a); err != nil {
			t.Errorf("%+v: %v", opt, err)
		}
		if opt.PDFALevel != "" {
			if err := pdfacheck.CheckLevel(a, opt.PDFALevel); err != nil {
				t.Errorf("%+v: %v", opt, err)
			}
			if !bytes.Contains(a, []byte("<pdfuaid:part>1</pdfuaid:part>")) {
				t.Errorf("%+v: no pdfuaid:part", opt)
			}
		}
	}
	var diags diag.List
	u, _, _, err := Compile(Options{Path: "testdata/article", Untagged: true}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(u, []byte("/StructTreeRoot")) || pdfacheck.CheckUA(u) == nil {
		t.Error("--untagged wrote a structure")
	}
}

// TestPDFALevelFromFrontMatter checks profiles: {article: {pdfa: 1b}}.
func TestPDFALevelFromFrontMatter(t *testing.T) {
	var diags diag.List
	out, _, _, err := Compile(Options{Path: manuscript(t, "profiles: {article: {pdfa: 1b}}\n", 3)}, &diags)
	if err != nil {
		t.Fatal(err, diagText(&diags))
	}
	if err := pdfacheck.CheckLevel(out, "1b"); err != nil {
		t.Error(err)
	}
	diags = diag.List{}
	if _, _, _, err := Compile(Options{Path: manuscript(t, "profiles: {article: {pdfa: 4x}}\n", 3)}, &diags); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(diagText(&diags), "profiles.article.pdfa must be true, false, or a PDF/A level") {
		t.Errorf("no warning for pdfa: 4x:\n%s", diagText(&diags))
	}
}

// BenchmarkManuscriptUntagged builds the manuscript with --untagged, to
// set beside BenchmarkManuscript (tagged, the default): the cost of the
// structure.
func BenchmarkManuscriptUntagged(b *testing.B) {
	var pages int
	for i := 0; i < b.N; i++ {
		var diags diag.List
		_, n, _, err := Compile(Options{Path: "../../manuscript", Untagged: true}, &diags)
		if err != nil {
			b.Fatal(err, diagText(&diags))
		}
		pages = n
	}
	b.ReportMetric(float64(pages), "pages")
}

package main

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"quire/internal/output"
	"quire/internal/testenv"
)

// previous stands for the last good PDF: every failed build must leave it
// byte for byte as it was.
var previous = []byte("%PDF-1.7\n% the last good build, which a failed build must not touch\n%%EOF\n")

// badInput is one entry of the catalog of bad inputs.
type badInput struct {
	name  string
	files map[string]string              // manuscript files, relative to the manuscript folder
	setup func(t *testing.T, dir string) // writes further files into the manuscript folder
	path  string                         // what to build, relative to the case folder; default "ms"
	out   string                         // output, relative to the case folder; default "out/paper.pdf"
	args  []string                       // further arguments after PATH
	code  int                            // expected exit status

	// diag matches the header line of a diagnostic the build must print
	// ("file:line:col: severity: message"); every matching diagnostic must
	// carry a hint. Empty means none is required: the build must succeed
	// and print no error.
	diag string
	// also lists further patterns stderr must contain.
	also []string
	// noHint exempts diag from the hint requirement (usage errors print the
	// usage text instead).
	noHint bool
	// noValidate skips validating a successful output with pdfcpu (very
	// large outputs).
	noValidate bool
	// skip, if it returns a reason, skips the case on this machine.
	skip func(dir string) string

	// none lists patterns stderr must not contain (a misleading second
	// message, a raw escape sequence).
	none []string
	// env sets environment variables for the build.
	env map[string]string
	// patho marks a pathological input: the build must finish within
	// pathoCPU of CPU time (refused or built).
	patho bool
	// after, if set, makes further checks once the build is done; out is
	// the output path.
	after func(t *testing.T, root, out, stderr string)
}

// pathoCPU bounds the CPU time of a pathological case's build. CPU time,
// not wall time, so that a machine shared by other work does not fail it;
// scaled by testenv.Limit under the race detector (there the 25,000 nocite
// entries took 4.2 s).
const pathoCPU = 5 * time.Second

func md(s string) map[string]string { return map[string]string{"paper.md": s} }

func withFiles(paper string, kv ...string) map[string]string {
	m := map[string]string{"paper.md": paper}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// chartDoc is a manuscript with one chart block over data.csv; extra is
// added to the block's YAML.
func chartDoc(x, y, extra string) string {
	return "# Data\n\nSome text before the chart.\n\n```chart\nid: c\ntype: bar\ndata: data.csv\nx: " + x + "\ny: " + y + "\n" + extra + "```\n"
}

func writePNG(t *testing.T, path string, w, h int) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(0, 0, color.Black)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// pngHeader returns the start of a PNG whose header declares w×h pixels,
// with a valid checksum, followed by a tiny data chunk.
func pngHeader(w, h uint32) []byte {
	chunk := func(typ string, data []byte) []byte {
		var b bytes.Buffer
		b.Write([]byte{byte(len(data) >> 24), byte(len(data) >> 16), byte(len(data) >> 8), byte(len(data))})
		b.WriteString(typ)
		b.Write(data)
		c := crc32.ChecksumIEEE(append([]byte(typ), data...))
		b.Write([]byte{byte(c >> 24), byte(c >> 16), byte(c >> 8), byte(c)})
		return b.Bytes()
	}
	ihdr := []byte{byte(w >> 24), byte(w >> 16), byte(w >> 8), byte(w), byte(h >> 24), byte(h >> 16), byte(h >> 8), byte(h), 8, 2, 0, 0, 0}
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	out = append(out, chunk("IDAT", []byte{0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1})...)
	return append(out, chunk("IEND", nil)...)
}

// onePagePDF returns a PDF file of one 10 pt page with the given content
// and resources; extra objects are numbered from 5, and trailer is added
// to the trailer dictionary.
func onePagePDF(trailer, content, resources string, extra ...string) string {
	objs := append([]string{
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R /Resources <<" + resources + ">>>>",
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content),
	}, extra...)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, x)
	return b.String()
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func nested(prefix func(i int) string, n int, last string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(prefix(i))
	}
	b.WriteString(last)
	return b.String()
}

// catalog lists the bad inputs. Positions are those of the manuscript as
// the user wrote it: front matter line 1 is the opening ---.
var catalog = sync.OnceValue(func() []badInput {
	return []badInput{
		// Front matter.
		{name: "invalid YAML", files: md("---\ntitle: [unclosed\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:2(:\d+)?: error: invalid YAML in front matter`},
		{name: "invalid YAML further down", files: md("---\ntitle: A\nsubtitle: B\nabstract: \"open\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:[4-6](:\d+)?: error: invalid YAML`},
		{name: "unclosed front matter", files: md("---\ntitle: A paper\n\nText that never ends the block.\n"), code: 1,
			diag: `paper\.md:1: error: front matter .*never closed`},
		{name: "keywords given as a number", files: md("---\ntitle: A\nkeywords: 42\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:11: error: keywords must be a list`},
		{name: "title given as a list", files: md("---\ntitle: [a, b]\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:2:8: error: title must be text`},
		{name: "author given as a number", files: md("---\nauthors:\n  - 12\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:5: error: an author must be a name`},
		{name: "authors with pandoc-style fields", files: md("---\ntitle: T\nauthors:\n  - name: A\n    affiliations:\n      - Univ X\n      - name: Univ Y\n    funders: [F]\n    coi: {none: true}\n---\n\nText.\n"), code: 0,
			diag: `paper\.md:8:5: warning: front-matter keys Quire does not use are ignored \(for author fields: author\.funders, author\.coi\)`},
		{name: "bad fontsize", files: md("---\nfontsize: huge\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:2:11: error: bad fontsize`},
		{name: "unknown papersize", files: md("---\npapersize: a3\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:2:12: error: unknown papersize`},
		{name: "front matter not a mapping", files: md("---\n- a\n- b\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:2:1: error: front matter must be a mapping`},
		{name: "YAML alias bomb", files: md("---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\ntitle: *i\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:\d+(:\d+)?: error: `},
		{name: "image name in the wrong case", files: withFiles("# T\n\n![A figure.](figures/TextMate.svg)\n", "figures/textmate.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"><rect width="2" height="1"/></svg>`), code: 1,
			diag: `paper\.md:3:1: error: image figures/TextMate\.svg is not there \(names are case-sensitive\); did you mean figures/textmate\.svg\?`,
			also: []string{"hint: did you mean figures/textmate.svg?"}},
		{name: "affiliation ref not listed", files: md("---\ntitle: T\nauthor:\n  - name: A\n    affiliations:\n      - ref: aff9\naffiliations:\n  - id: aff1\n    name: U\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:6:14: error: author A: affiliation "aff9" is not among the affiliations`},
		{name: "number-sections not a boolean", files: md("---\ntitle: T\nnumber-sections: sometimes\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:18: error: number-sections must be true or false, not "sometimes"`},
		{name: "tags as a number", files: md("---\ntitle: T\ntags: 7\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:7: error: tags must be a list of text items, not a number`},
		{name: "csl as a mapping", files: md("---\ntitle: T\ncsl: {file: x.csl}\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:6: error: csl must be text, not a mapping`},
		{name: "toc not a boolean", files: md("---\ntitle: T\ntoc: maybe\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:6: error: toc must be true or false, not "maybe"`},
		{name: "toc-depth out of range", files: md("---\ntitle: T\ntoc: true\ntoc-depth: 9\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:4:12: error: toc-depth must be a heading level from 1 to 6, not "9"`},
		{name: "lof not a boolean", files: md("---\ntitle: T\nlof: figures\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:6: error: lof must be true or false, not "figures"`},
		{name: "link-citations not a boolean", files: md("---\ntitle: T\nlink-citations: often\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:17: error: link-citations must be true or false`},
		{name: "bibliography as a mapping", files: md("---\ntitle: T\nbibliography: {a: b}\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:15: error: bibliography must be a list of text items, not a mapping`},
		{name: "keywords as a mapping", files: md("---\ntitle: T\nkeywords: {a: b}\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:11: error: keywords must be a list of text items, not a mapping`},
		{name: "thanks as a list", files: md("---\ntitle: T\nthanks: [a]\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:9: error: thanks must be text, not a list`},
		{name: "date as a list", files: md("---\ntitle: T\ndate: [a, b]\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:7: error: date must be text, not a list`},
		{name: "JOSS affiliation index not listed", files: md("---\ntitle: T\nauthors:\n  - name: A\n    affiliation: \"1, 3\"\naffiliations:\n  - name: U\n    index: 1\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:5:18: error: author A: affiliation "1, 3" is not among the affiliations`, also: []string{`listed under affiliations: \(1\)`}},
		{name: "author email as a list", files: md("---\ntitle: T\nauthor:\n  - name: A\n    email: [x]\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:5:12: error: author email must be text, not a list`},
		{name: "Quarto corresponding not a boolean", files: md("---\ntitle: T\nauthor:\n  - name: A\n    corresponding: sometimes\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:5:20: error: author corresponding must be true or false`},
		{name: "ORCID iD with a wrong check digit", files: md("---\ntitle: T\nauthor:\n  - name: A\n    orcid: 0000-0002-1825-0096\n---\n\nText.\n"), code: 0,
			diag: `paper\.md:5:12: warning: "0000-0002-1825-0096" is not an ORCID iD`},
		{name: "misspelt name part", files: md("---\ntitle: T\nauthor:\n  - name: {given: A, famly: B}\n---\n\nText.\n"), code: 0,
			diag: `paper\.md:4:22: warning: unknown name part "famly" is ignored`},
		{name: "pandoc-crossref prefix as a mapping", files: md("---\ntitle: T\nfigPrefix: {a: b}\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:3:12: error: figPrefix must be text, not a mapping`},
		{name: "unknown lang", files: md("---\ntitle: T\nlang: xx-Bogus\n---\n\nText.\n"), code: 0,
			diag: `paper\.md:3:1: warning: no hyphenation patterns or generated words for lang "xx-Bogus"`},
		{name: "_quarto.yml not YAML", files: map[string]string{"_quarto.yml": "book:\n  title: [open\n", "index.qmd": "Text.\n"}, code: 1,
			diag: `_quarto\.yml:1: error: invalid YAML`},
		{name: "Manubot metadata.yaml not YAML", files: map[string]string{"content/metadata.yaml": "title: \"open\nauthor: A\n", "content/01.intro.md": "# One\n\nText.\n", "content/02.end.md": "# Two\n\nEnd.\n"}, code: 1,
			diag: `content/metadata\.yaml:3: error: invalid YAML`},
		{name: "quarto chapter missing", files: map[string]string{"_quarto.yml": "book:\n  chapters:\n    - index.qmd\n    - gone.qmd\n", "index.qmd": "Text.\n"}, code: 1,
			diag: `_quarto\.yml:4:7: error: _quarto\.yml lists gone\.qmd, which is not there`},
		{name: "PDF figure that is not a PDF", files: withFiles("# T\n\n![A figure.](fig.pdf)\n", "fig.pdf", "%PDF-1.4\nnot really\n"), code: 1,
			diag: `paper\.md:3:1: error: PDF figure fig\.pdf: the PDF could not be read`,
			also: []string{"hint: export the figure again as PDF"}},
		{name: "PDF figure encrypted", files: withFiles("# T\n\n![A figure.](fig.pdf)\n", "fig.pdf", onePagePDF("/Encrypt 5 0 R /ID [<0123> <0123>]", "0 0 5 5 re f", "", "<</Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) /P -4>>")), code: 1,
			diag: `paper\.md:3:1: error: PDF figure fig\.pdf: the PDF is encrypted`,
			also: []string{"hint: remove the protection: qpdf --decrypt"}},
		{name: "PDF figure with transparency under --pdfa", files: withFiles("# T\n\n![A figure.](fig.pdf)\n", "fig.pdf", onePagePDF("", "/G gs 0 0 5 5 re f", "/ExtGState <</G <</ca 0.5>>>>")), args: []string{"--pdfa"}, code: 1,
			diag: `paper\.md:3:1: error: PDF figure fig\.pdf cannot go into a PDF/A file: it uses transparency`},
		{name: "unknown front matter key", files: md("---\ntitle: A\ncolour: blue\n---\n\nText.\n"), code: 0,
			diag: `paper\.md:3:1: warning: front-matter keys Quire does not use are ignored \(not known to Quire: colour\)`},

		// Citations and bibliographies.
		{name: "unknown citation key", files: withFiles("---\nbibliography: refs.bib\n---\n\nAs shown [@nokey, 4].\n",
			"refs.bib", "@book{real, title={A Book}, author={Doe, Jane}, year=2000, publisher={P}}\n"), code: 1,
			diag: `paper\.md:5:11: error: unknown citation key "nokey"`},
		{name: "malformed bib", files: withFiles("---\nbibliography: refs.bib\n---\n\nAs shown [@good].\n",
			"refs.bib", "@book{good, title={A Book}, author={Doe, Jane}, year=2000, publisher={P}}\n\n@article{bad title={x}}\n"), code: 1,
			diag: `refs\.bib:3(:\d+)?: error: `},
		{name: "unclosed brace in bib", files: withFiles("---\nbibliography: refs.bib\n---\n\nAs shown [@a].\n",
			"refs.bib", "@book{a, title={A, author={B}, year=2000\n"), code: 1,
			diag: `refs\.bib:1(:\d+)?: error: `},
		{name: "bibliography leaving the manuscript folder", files: md("---\nbibliography: ../../etc/passwd\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:2:1: error: bibliography \.\./\.\./etc/passwd leaves the manuscript folder`},
		{name: "bibliography by absolute path", files: md("---\nbibliography: [/etc/passwd]\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:2:1: error: bibliography /etc/passwd is an absolute path`},
		{name: "missing bib file", files: md("---\nbibliography: nowhere.bib\n---\n\nText [@a].\n"), code: 1,
			diag: `nowhere\.bib(:\d+)*: error: `},

		// Images.
		{name: "missing image", files: md("Text.\n\n![A figure](missing.png)\n"), code: 1,
			diag: `paper\.md:3:1: error: .*missing\.png`},
		{name: "missing image in a draft", files: md("Text.\n\n![A figure](missing.png){#fig:m}\n\nSee @fig:m.\n"), args: []string{"--draft"}, code: 0,
			diag: `paper\.md:3:1: warning: .*missing\.png`},
		{name: "image leaving the manuscript folder", files: md("Text.\n\n![Secrets](../../etc/passwd)\n"), code: 1,
			diag: `paper\.md:3:1: error: .*leaves the manuscript folder`},
		{name: "image by absolute path", files: md("Text.\n\n![Secrets](/etc/passwd)\n"), code: 1,
			diag: `paper\.md:3:1: error: .*absolute`},
		{name: "remote image URL", files: md("Text.\n\n![Remote](https://example.com/x.png)\n"), code: 1,
			diag: `paper\.md:3:1: error: .*remote`},
		{name: "protocol-relative image URL", files: md("Text.\n\n![Remote](//example.com/x.png)\n"), code: 1,
			diag: `paper\.md:3:1: error: .*remote`},
		{name: "corrupt PNG", files: md("Text.\n\n![Broken](bad.png)\n"), code: 1,
			setup: func(t *testing.T, dir string) {
				b := pngHeader(16, 16)
				b = append(b[:len(b)-20], []byte("garbage, not deflate")...)
				writeFile(t, filepath.Join(dir, "bad.png"), b)
			},
			diag: `paper\.md:3:1: error: image bad\.png`},
		{name: "truncated PNG", files: md("Text.\n\n![Truncated](cut.png)\n"), code: 1,
			setup: func(t *testing.T, dir string) {
				writePNG(t, filepath.Join(dir, "whole.png"), 64, 64)
				b, _ := os.ReadFile(filepath.Join(dir, "whole.png"))
				writeFile(t, filepath.Join(dir, "cut.png"), b[:len(b)/2])
			},
			diag: `paper\.md:3:1: error: image cut\.png`},
		{name: "PNG declaring 100000x100000 pixels", files: md("Text.\n\n![Huge](huge.png)\n"), code: 1,
			setup: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, "huge.png"), pngHeader(100000, 100000))
			},
			diag: `paper\.md:3:1: error: image huge\.png declares 100000×100000 pixels`},
		{name: "text file named .png", files: withFiles("Text.\n\n![Fake](fake.png)\n", "fake.png", "not an image\n"), code: 1,
			diag: `paper\.md:3:1: error: image fake\.png`},

		// Data and charts.
		{name: "CSV with ragged rows", files: withFiles(chartDoc("year", "n", ""), "data.csv", "year,n\n1930,1\n1931,2,3\n"), code: 1,
			diag: `paper\.md:\d+(:\d+)?: error: chart "c": data\.csv:3: .*fields`},
		{name: "CSV with a bad number", files: withFiles(chartDoc("year", "n", ""), "data.csv", "year,n\n1930,1\n1931,two\n"), code: 1,
			diag: `paper\.md:\d+(:\d+)?: error: chart "c": data\.csv:3: column "n": "two" is not a number`},
		{name: "CSV with a bad date", files: withFiles(chartDoc("date", "n", "bin: year\n"), "data.csv", "date,n\n1930-01-01,1\n19x1-13-45,2\n"), code: 1,
			diag: `paper\.md:\d+(:\d+)?: error: chart "c": data\.csv:3: column "date": "19x1-13-45" is not a date`},
		{name: "CSV with an unclosed quote", files: withFiles(chartDoc("year", "n", ""), "data.csv", "year,n\n1930,\"1\n1931,2\n"), code: 1,
			diag: `paper\.md:\d+(:\d+)?: error: chart "c": data\.csv:\d+`},
		{name: "chart naming a missing column", files: withFiles(chartDoc("yr", "n", ""), "data.csv", "year,n\n1930,1\n1931,2\n"), code: 1,
			diag: `paper\.md:9(:\d+)?: error: chart "c": data\.csv has no column "yr"`},
		{name: "nothing left after filtering", files: withFiles(chartDoc("year", "n", "where: {k: zzz}\n"), "data.csv", "year,n,k\n1930,1,a\n1931,2,a\n"), code: 1,
			diag: `paper\.md:\d+(:\d+)?: error: chart "c": nothing to draw`},
		{name: "chart data file missing", files: md(chartDoc("year", "n", "")), code: 1,
			diag: `paper\.md:\d+(:\d+)?: error: chart "c": .*data\.csv`},
		{name: "chart data leaving the folder", files: md(strings.Replace(chartDoc("year", "n", ""), "data.csv", "../../etc/passwd", 1)), code: 1,
			diag: `paper\.md:\d+(:\d+)?: error: chart "c": .*leaves`},
		{name: "chart block with bad YAML", files: md("Text.\n\n```chart\nid: c\ntype: [bar\n```\n"), code: 1,
			diag: `paper\.md:\d+(:\d+)?: error: chart block: bad YAML`},
		{name: "chart of unknown type", files: withFiles(strings.Replace(chartDoc("year", "n", ""), "type: bar", "type: pie", 1), "data.csv", "year,n\n1930,1\n"), code: 1,
			diag: `paper\.md:7(:\d+)?: error: .*pie`},

		// Text the fonts cannot set, and text too big for the page.
		{name: "a script no face covers", files: md("# Title\n\nHello \u1c5a\u1c5b text.\n"), code: 0,
			diag: `paper\.md:3:7: warning: U\+1C5A `},
		{name: "right-to-left text", files: md("# Title\n\nHello \u05e9\u05dc\u05d5\u05dd text.\n"), code: 0,
			diag: `paper\.md:3:7: warning: right-to-left text \(U\+05E9\) is not supported`},
		{name: "runes above the BMP", files: md("Text.\n\nAn emoji \U0001F600, a clef \U0001D11E and a private rune \U0010FFFD.\n"), code: 0,
			diag: `paper\.md:3:10: warning: U\+1F600 `},
		{name: "invalid UTF-8 in text", files: md("Text.\n\nLatin-1 caf\xe9 here.\n"), code: 0,
			diag: `paper\.md:3:12: warning: .*not valid UTF-8`},
		{name: "stray NUL bytes in text", files: md("hello\x00world\n\n\\\x00\"\n"), code: 0,
			diag: `paper\.md:1:6: warning: the file holds NUL bytes`},
		{name: "UTF-16 text as manuscript", files: md("\xff\xfe# \x00T\x00i\x00t\x00l\x00e\x00\n\x00\n\x00T\x00e\x00x\x00t\x00.\x00\n\x00"), code: 1,
			diag: `paper\.md:1: error: .*not a text file`},
		{name: "a 5000-character word", files: md("Start " + strings.Repeat("a", 5000) + " end.\n"), code: 0},
		{name: "a table wider than the page", files: md(wideTable(60)), code: 0},
		{name: "lists nested 1000 deep", files: md(nested(func(i int) string { return strings.Repeat("  ", i) + "- item\n" }, 1000, "")), code: 0,
			diag: `paper\.md:\d+:\d+: warning: nesting deeper than`},
		{name: "block quotes nested 1000 deep", files: md(strings.Repeat("> ", 1000) + "deep\n"), code: 0,
			diag: `paper\.md:1:\d+: warning: nesting deeper than`},
		{name: "lists in quotes nested 1000 deep", files: md(nested(func(i int) string { return [2]string{"- ", "> "}[i%2] }, 1000, "deep\n")), code: 0,
			diag: `paper\.md:1:\d+: warning: nesting deeper than`},
		{name: "emphasis nested 1000 deep", files: md(strings.Repeat("*a **b ", 500) + "c" + strings.Repeat("** d*", 500) + "\n"), code: 0,
			diag: `paper\.md:1:\d+: warning: nesting deeper than`},
		{name: "links nested 1000 deep", files: md(strings.Repeat("[", 1000) + "x" + strings.Repeat("](u)", 1000) + "\n"), code: 0},
		{name: "a 10 MB paragraph", files: md(strings.Repeat("word ", 2<<20) + "\n"), code: 0, noValidate: true},

		// The manuscript itself.
		{name: "manuscript over the size limit", files: md(strings.Repeat("word ", 17<<20/5) + "\n"), code: 1,
			diag: `paper\.md: error: .*the limit is 16 MB`},
		{name: "empty manuscript", files: md(""), code: 1,
			diag: `paper\.md(:1)?: error: .*empty`},
		{name: "only blank lines", files: md("\n\n   \n\t\n"), code: 1,
			diag: `paper\.md(:1)?: error: .*empty`},
		{name: "binary file as manuscript", setup: func(t *testing.T, dir string) {
			b := make([]byte, 4096)
			for i := range b {
				b[i] = byte(i * 31)
			}
			writeFile(t, filepath.Join(dir, "paper.md"), b)
		}, code: 1, diag: `paper\.md:1: error: .*not a text file`},
		{name: "binary file followed by text", setup: func(t *testing.T, dir string) {
			b := make([]byte, 1<<16)
			for i := range b {
				b[i] = byte(0x80 + i*37%0x40)
			}
			writeFile(t, filepath.Join(dir, "paper.md"), append(b, strings.Repeat("Plain text. ", 200000)...))
		}, code: 1, diag: `paper\.md:1: error: .*not a text file`},
		{name: "manuscript that does not exist", path: "nowhere", code: 1,
			diag: `nowhere: error: cannot read manuscript`},
		{name: "folder with two manuscripts", files: map[string]string{"a.md": "A.\n", "b.md": "B.\n"}, code: 1,
			diag: `ms: error: .*several Markdown files`},

		// Output.
		{name: "output folder that is a file", files: md("Text.\n"), out: "file.txt/paper.pdf", code: 1,
			setup: func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "..", "file.txt"), []byte("a file\n")) },
			diag:  `quire: .*output.*file\.txt`},
		{name: "output folder that cannot be written", files: md("Text.\n"), out: "ro/paper.pdf", code: 1,
			setup: func(t *testing.T, dir string) {
				ro := filepath.Join(dir, "..", "ro")
				writeFile(t, filepath.Join(ro, "paper.pdf"), previous)
				if err := os.Chmod(ro, 0o555); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(ro, 0o755) })
			},
			skip: func(dir string) string {
				f, err := os.CreateTemp(filepath.Join(dir, "..", "ro"), "probe")
				if err != nil {
					return ""
				}
				f.Close()
				os.Remove(f.Name())
				return "read-only folders are writable here (running as root)"
			},
			diag: `quire: .*output folder`},
		// As root (CI) no folder is read-only: a failure injected after the new
		// PDF is written and before it replaces the old one stands in for it.
		{name: "write that fails before the rename", files: md("Text.\n"), code: 1,
			setup: func(t *testing.T, dir string) {
				prev := output.BeforeRename
				output.BeforeRename = func(tmp, final string) error { return errors.New("injected: no space left on device") }
				t.Cleanup(func() { output.BeforeRename = prev })
			},
			diag: `quire: writing .*paper\.pdf: injected: no space left`},
		{name: "output path that is a directory", files: md("Text.\n"), out: "outdir", code: 1,
			setup: func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "..", "outdir", "keep"), previous) },
			diag:  `quire: output .*outdir is a directory`},

		// Usage.
		{name: "unknown flag", files: md("Text.\n"), args: []string{"--frobnicate"}, code: 2,
			diag: `flag provided but not defined`, noHint: true},
		{name: "two manuscripts on the command line", files: md("Text.\n"), args: []string{"other"}, code: 2,
			diag: `quire: build takes one PATH`, noHint: true},
		{name: "unknown profile", files: md("Text.\n"), args: []string{"--profile", "poster"}, code: 2,
			diag: `quire: unknown profile "poster"`},
		{name: "bad bleed", files: md("Text.\n"), args: []string{"--bleed", "3 furlongs"}, code: 2,
			diag: `bad length`, noHint: true},
		{name: "unknown PDF/A level", files: md("Text.\n"), args: []string{"--pdfa=4x"}, code: 2,
			diag: `unknown PDF/A level "4x": use 1b, 2b, 2u or 3b`, noHint: true},
		{name: "PDF/UA without tags", files: md("Text.\n"), args: []string{"--pdfua", "--untagged"}, code: 2,
			diag: `quire: --pdfua needs a tagged PDF`},

		// Accessibility (tagged PDF): warnings at the line, the PDF written.
		{name: "image without alternate text", files: md("Text.\n\n![](pic.png)\n"), code: 0,
			setup: func(t *testing.T, dir string) { writePNG(t, filepath.Join(dir, "pic.png"), 16, 8) },
			diag:  `paper\.md:3:1: warning: the image pic\.png has no alternate text`},
		{name: "image without caption but with fig-alt", files: md("Text.\n\n![](pic.png){fig-alt=\"A test pattern.\"}\n"), code: 0,
			setup: func(t *testing.T, dir string) { writePNG(t, filepath.Join(dir, "pic.png"), 16, 8) }},
		{name: "heading level skipped", files: md("# One\n\nText.\n\n### Three\n\nMore.\n"), code: 0,
			diag: `paper\.md:5:1: warning: a heading of level 3 after the heading of level 1 at line 1 skips a level`},
		{name: "PDF/UA without a title", files: md("Text.\n"), args: []string{"--pdfua"}, code: 0,
			diag: `paper\.md:1: warning: --pdfua: the PDF has no title`},
		{name: "PDF/A-1b, tagged, declared PDF/UA", files: md("---\ntitle: T\n---\n\n# One\n\nText [link](https://example.org).\n"), args: []string{"--pdfa", "1b", "--pdfua"}, code: 0},

		// Cross-references and raw HTML.
		{name: "unknown cross-reference", files: md("See @fig:nothere.\n"), code: 1,
			diag: `paper\.md:1:5: error: unknown cross-reference @fig:nothere`},
		{name: "raw HTML", files: md("Text.\n\n<div>dropped</div>\n"), code: 0,
			diag: `paper\.md:3(:\d+)?: warning: .*HTML`},

		// Cross-references in other dialects, and pandoc syntax written wrong.
		{name: "unknown Quarto cross-reference", files: md("# Intro {#sec-intro}\n\nSee @sec-intro and @tbl-nothere.\n"), code: 1,
			diag: `paper\.md:3:20: error: unknown cross-reference @tbl-nothere`},
		{name: "unknown label in a group", files: md("| a |\n|---|\n| 1 |\n\n: Cap {#tbl:a}\n\nSee [@tbl:a; @tbl:zz].\n"), code: 1,
			diag: `paper\.md:7:14: error: unknown cross-reference @tbl:zz`, also: []string{"known: @tbl:a"}},
		{name: "cross-reference label given twice", files: withFiles("![A.](a.svg){#fig:a}\n\n![B.](a.svg){#fig:a}\n\nSee @fig:a.\n", "a.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"><rect width="2" height="1"/></svg>`), code: 1,
			diag: `paper\.md:3:1: error: label fig:a is given twice \(first at line 1\)`},
		{name: "cross-reference label given twice in a draft", files: withFiles("$$x$$ {#eq:a}\n\n$$y$$ {#eq:a}\n\nSee @eq:a.\n", "a.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"><rect width="2" height="1"/></svg>`), args: []string{"--draft"}, code: 0,
			diag: `paper\.md:3:3: warning: label eq:a is given twice \(first at line 1\)`},
		{name: "LaTeX reference to an unknown label", files: md("As in Table~\\ref{tab:none}.\n"), code: 1,
			diag: `paper\.md:1:13: error: unknown cross-reference @tab:none`},
		// TeX math (issue 13): errors point into the formula.
		{name: "math: unknown command", files: md("Text $x = \\mathbbb{R}$ more.\n"), code: 1,
			diag: `paper\.md:1:11: error: unknown command \\mathbbb`, also: []string{`did you mean \\mathbb`}},
		{name: "math: unbalanced brace", files: md("An equation:\n\n$$\n\\frac{a}{b + c\n$$\n"), code: 1,
			diag: `paper\.md:4:9: error: unbalanced brace: this \{ is never closed`},
		{name: "math: left without right", files: md("Text $\\left( x + y$ more.\n"), code: 1,
			diag: `paper\.md:1:7: error: \\left without \\right`},
		{name: "math: & outside an alignment", files: md("Text $a & b$ more.\n"), code: 1,
			diag: `paper\.md:1:9: error: & outside an alignment`},
		{name: "math: unknown environment", files: md("$$\\begin{pmatirx} a \\end{pmatirx}$$\n"), code: 1,
			diag: `paper\.md:1:10: error: unknown environment pmatirx`, also: []string{"did you mean pmatrix"}},
		{name: "math: unclosed display", files: md("Text.\n\n$$\nx + y\n\nMore.\n"), code: 1,
			diag: `paper\.md:3:1: error: display formula never closed`},
		{name: "math: unknown command in a draft", files: md("Text $\\foo x$ more.\n"), args: []string{"--draft"}, code: 0,
			diag: `paper\.md:1:7: warning: unknown command \\foo`, also: []string{"shown as its source"}},
		{name: "math: macro that never ends", files: md("$$\\def\\a{\\a x}\\a$$\n"), code: 1,
			diag: `paper\.md:1:\d+: error: macro \\a expands too often`},
		{name: "math: deep nesting", files: md("$" + strings.Repeat("{", 5000) + "x" + strings.Repeat("}", 5000) + "$\n"), code: 1,
			diag: `paper\.md:1:\d+: error: the formula is nested more than \d+ levels deep`},
		{name: "math: deep scripts", files: md("$x" + strings.Repeat("^{x", 3000) + strings.Repeat("}", 3000) + "$\n"), code: 1,
			diag: `paper\.md:1:\d+: error: the formula is nested more than \d+ levels deep`},
		{name: "math: a 10,000-term sum", files: md("Text $" + sumTerms(10000) + "$ more.\n"), code: 0, noValidate: true},
		{name: "math: a 10,000-term sum as a display", files: md("Text\n\n$$" + sumTerms(10000) + "$$\n"), code: 0, noValidate: true},
		{name: "math: a 10,000-term sum in one pair of delimiters as a display", files: md("Text\n\n$$\\left(" + sumTerms(10000) + "\\right)$$\n"), code: 0, noValidate: true,
			diag: `paper\.md:3:\d+: warning: a display formula .* is wider than the text`},
		{name: "math: a 1,000 x 1,000 matrix", files: md("$$\\begin{pmatrix}" + matrix(1000) + "\\end{pmatrix}$$\n"), code: 1,
			diag: `paper\.md:\d+:1: error: the formula has more than \d+ symbols`},
		{name: "unknown cross-reference in a draft", files: md("See @sec:nothere.\n"), args: []string{"--draft"}, code: 0,
			diag: `paper\.md:1:5: warning: unknown cross-reference @sec:nothere`},
		{name: "unknown raw LaTeX command", files: md("Text \\vspace{1cm} more.\n"), code: 0,
			diag: `paper\.md:1:6: warning: raw LaTeX \\vspace is left out`},
		{name: "raw LaTeX environment", files: md("\\begin{tabbing}\nA \\= B\n\\end{tabbing}\n"), code: 0,
			diag: `paper\.md:1:1: warning: raw LaTeX environment tabbing is left out`},
		{name: "unclosed raw LaTeX argument", files: md("Text \\emph{never closed.\n"), code: 0,
			diag: `paper\.md:1:6: warning: raw LaTeX \\emph is incomplete`},
		{name: "heading attributes not closed", files: md("# Heading {#sec:x\n\nText.\n"), code: 0,
			diag: `paper\.md:1:11: warning: attributes \{#sec:x are not closed on their line and are printed as text`},
		{name: "span attributes not closed", files: md("Text [small caps]{.smallcaps more.\n"), code: 0,
			diag: `paper\.md:1:18: warning: attributes \{\.smallcaps more are not closed`},
		{name: "attributes that belong to nothing", files: md("See {#refs} here.\n"), code: 0,
			diag: `paper\.md:1:5: warning: attributes \{#refs\} belong to nothing here and are printed as text`},
		{name: "code block attributes that cannot be read", files: md("```{#lst:a caption=\"open}\ncode\n```\n"), code: 0,
			diag: `paper\.md:1:4: warning: the attributes of this code block cannot be read and are ignored`},
		{name: "grid table row short of the border", files: md("+-----+-----+\n| a   | b   |\n+=====+=====+\n| 1   | 2\n+-----+-----+\n"), code: 0,
			diag: `paper\.md:4:1: warning: this line of a grid table does not reach the table's right border`},
		{name: "grid table not closed", files: md("+-----+-----+\n| a   | b   |\n+=====+=====+\n| 1   | 2   |\n"), code: 0,
			diag: `paper\.md:1:1: warning: this grid table has no closing border`},
		{name: "image width not a length", files: withFiles("![A figure.](a.svg){width=half}\n", "a.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"><rect width="2" height="1"/></svg>`), code: 0,
			diag: `paper\.md:1:1: warning: image width "half" is not a length; it is ignored`},
		{name: "unclosed inline note", files: md("Text^[never closed.\n"), code: 0,
			diag: `paper\.md:1:5: warning: inline note \^\[ is never closed`},
		{name: "fenced div never closed", files: md("::: note\nText.\n"), code: 0,
			diag: `paper\.md:1:1: warning: this div is never closed`},
		{name: "stray closing fence", files: md("Text.\n\n:::\n"), code: 0,
			diag: `paper\.md:3:1: warning: a closing ::: with no div open is left out`},
	}
})

func wideTable(cols int) string {
	var b strings.Builder
	for i := range cols {
		fmt.Fprintf(&b, "| col%d ", i)
	}
	b.WriteString("|\n")
	b.WriteString(strings.Repeat("|---", cols) + "|\n")
	for i := range cols {
		fmt.Fprintf(&b, "| supercalifragilistic%d ", i)
	}
	b.WriteString("|\n")
	return b.String()
}

// diagnostic is one diagnostic as printed: its header line and hint.
type diagnostic struct{ head, hint string }

// parseDiags splits stderr into diagnostics: a line that does not start
// with a tab, followed by indented lines; "hint:" starts the hint.
func parseDiags(stderr string) []diagnostic {
	var out []diagnostic
	for _, line := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(line, "\t") && len(out) > 0 {
			d := &out[len(out)-1]
			if h, ok := strings.CutPrefix(line, "\thint: "); ok {
				d.hint = h
			} else if d.hint != "" {
				d.hint += "\n" + line
			}
			continue
		}
		if line != "" {
			out = append(out, diagnostic{head: line})
		}
	}
	return out
}

// TestCatalog builds each bad input and checks the exit status, the
// diagnostic (file:line:col and a hint) and that the previous PDF survives
// every failed build byte for byte.
func TestCatalog(t *testing.T) {
	catalog, hostile := catalog(), hostile()
	if len(catalog) < 30 {
		t.Fatalf("the catalog has %d cases; it should have at least 30", len(catalog))
	}
	api.DisableConfigDir()
	for _, c := range append(catalog[:len(catalog):len(catalog)], hostile...) {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			root := t.TempDir()
			ms := filepath.Join(root, "ms")
			if err := os.MkdirAll(ms, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, s := range c.files {
				writeFile(t, filepath.Join(ms, name), []byte(s))
			}
			if c.setup != nil {
				c.setup(t, ms)
			}
			if c.skip != nil {
				if why := c.skip(ms); why != "" {
					t.Skip(why)
				}
			}
			out := filepath.Join(root, "out", "paper.pdf")
			system := filepath.IsAbs(c.out) // /dev/null and the like: never read or written here
			switch {
			case system:
				out = c.out
			case c.out != "":
				out = filepath.Join(root, c.out)
			}
			if _, err := os.Lstat(out); err != nil && !system {
				if err := os.MkdirAll(filepath.Dir(out), 0o755); err == nil {
					os.WriteFile(out, previous, 0o644)
				}
			}
			before := ""
			if !system {
				before = snapshot(t, filepath.Dir(out))
			}
			path := "ms"
			if c.path != "" {
				path = c.path
			}
			args := append([]string{"build", filepath.Join(root, path), "-o", out}, c.args...)
			var stdout, stderr bytes.Buffer
			start, cpu0 := time.Now(), cpuTime()
			code := run(args, &stdout, &stderr)
			elapsed, cpu := time.Since(start), cpuTime()-cpu0
			t.Logf("exit %d in %v (%v CPU)\n%s%s", code, elapsed.Round(time.Millisecond), cpu.Round(time.Millisecond), stdout.String(), firstLines(stderr.String(), 12))
			if limit := testenv.Limit(pathoCPU); c.patho && cpu > limit {
				t.Errorf("the build took %v of CPU time (%v wall); a pathological input must take under %v", cpu, elapsed, limit)
			}
			for _, p := range c.none {
				if strings.Contains(stderr.String(), p) || regexp.MustCompile(p).MatchString(stderr.String()) {
					t.Errorf("stderr holds %q", p)
				}
			}
			if c.after != nil {
				defer c.after(t, root, out, stderr.String())
			}
			if code != c.code {
				t.Errorf("exit status %d, want %d", code, c.code)
			}
			if strings.Contains(stderr.String(), "internal error") || strings.Contains(stderr.String(), "panic") {
				t.Errorf("the build crashed:\n%s", stderr.String())
			}
			checkDiag(t, c, stderr.String())
			if code != 0 {
				if system {
					return
				}
				if after := snapshot(t, filepath.Dir(out)); after != before {
					t.Errorf("a failed build changed the output folder:\nbefore %s\nafter  %s", before, after)
				}
				return
			}
			if ents, _ := os.ReadDir(filepath.Dir(out)); true {
				for _, e := range ents {
					if strings.Contains(e.Name(), ".tmp-") {
						t.Errorf("temporary file left beside the output: %s", e.Name())
					}
				}
			}
			for _, d := range parseDiags(stderr.String()) {
				if strings.Contains(d.head, ": error: ") {
					t.Errorf("a successful build reported an error: %s", d.head)
				}
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("no output: %v", err)
			}
			if !bytes.HasPrefix(got, []byte("%PDF-")) || bytes.Equal(got, previous) {
				t.Fatalf("the output is not a new PDF")
			}
			if bytes.Contains(got, []byte(secret)) {
				t.Errorf("the PDF holds content from outside the manuscript folder")
			}
			if !c.noValidate {
				keep(t, got)
				conf := model.NewDefaultConfiguration()
				conf.ValidationMode = model.ValidationStrict
				if err := api.Validate(bytes.NewReader(got), conf); err != nil {
					t.Errorf("pdfcpu: %v", err)
				}
			}
		})
	}
}

// keep copies a PDF the catalog built into $QUIRE_KEEP_PDFS, if set, so that
// CI can check it with external readers (.ci/check-pdfs).
func keep(t *testing.T, pdf []byte) {
	dir := os.Getenv("QUIRE_KEEP_PDFS")
	if dir == "" {
		return
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, t.Name())
	writeFile(t, filepath.Join(dir, name+".pdf"), pdf)
}

func checkDiag(t *testing.T, c badInput, stderr string) {
	t.Helper()
	for _, p := range c.also {
		if !regexp.MustCompile(p).MatchString(stderr) {
			t.Errorf("stderr does not match %q", p)
		}
	}
	if c.diag == "" {
		return
	}
	re := regexp.MustCompile(c.diag)
	found := false
	for _, d := range parseDiags(stderr) {
		if !re.MatchString(d.head) {
			continue
		}
		found = true
		if !c.noHint && strings.TrimSpace(d.hint) == "" {
			t.Errorf("diagnostic without a hint: %s", d.head)
		}
	}
	if !found {
		t.Errorf("no diagnostic matches %q; stderr:\n%s", c.diag, stderr)
	}
}

// snapshot describes the files in dir: names, sizes and contents' checksums,
// so that a stray temporary file or a changed byte shows up.
func snapshot(t *testing.T, dir string) string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	var b strings.Builder
	for _, e := range ents {
		full := filepath.Join(dir, e.Name())
		if e.IsDir() {
			fmt.Fprintf(&b, "%s/ %s; ", e.Name(), snapshot(t, full))
			continue
		}
		if !e.Type().IsRegular() {
			// A FIFO would block the read, a device never end it.
			fi, _ := os.Lstat(full)
			link, _ := os.Readlink(full)
			fmt.Fprintf(&b, "%s %v %s; ", e.Name(), fi.Mode(), link)
			continue
		}
		data, err := os.ReadFile(full)
		if err != nil {
			fmt.Fprintf(&b, "%s (%v); ", e.Name(), err)
			continue
		}
		fmt.Fprintf(&b, "%s %d %08x; ", e.Name(), len(data), crc32.ChecksumIEEE(data))
	}
	return b.String()
}

func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("... (%d more lines)\n", len(lines)-n))
	}
	return strings.Join(lines, "")
}

// TestTimeout checks that --timeout stops a long build with a clear message
// and leaves the previous PDF alone, and that a generous limit does not
// get in the way.
func TestTimeout(t *testing.T) {
	root := t.TempDir()
	ms := filepath.Join(root, "ms")
	writeFile(t, filepath.Join(ms, "paper.md"), []byte(strings.Repeat("A long paragraph of words. ", 40000)+"\n"))
	out := filepath.Join(root, "out", "paper.pdf")
	writeFile(t, out, previous)
	var stdout, stderr bytes.Buffer
	// The work done before the stop is judged in CPU time, which a loaded
	// machine does not inflate; the whole build takes several seconds.
	start := testenv.CPUTime()
	code := run([]string{"build", ms, "-o", out, "--timeout", "1ms"}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if used := testenv.CPUTime() - start; used > 2*time.Second {
		t.Errorf("the build was stopped after %v of CPU time, long after its 1ms limit", used)
	}
	if !strings.Contains(stderr.String(), "--timeout") || !strings.Contains(stderr.String(), "\thint: ") {
		t.Errorf("the message does not name --timeout or give a hint:\n%s", stderr.String())
	}
	if b, _ := os.ReadFile(out); !bytes.Equal(b, previous) {
		t.Errorf("a stopped build changed the previous PDF")
	}

	small := filepath.Join(root, "small")
	writeFile(t, filepath.Join(small, "paper.md"), []byte("# A short paper\n\nIt builds quickly.\n"))
	stderr.Reset()
	if code := run([]string{"build", small, "-o", out, "--timeout", "60s"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d with a 60s limit:\n%s", code, stderr.String())
	}
	b, _ := os.ReadFile(out)
	if bytes.Equal(b, previous) || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("a successful build did not replace the PDF")
	}
	keep(t, b)
}

// quire build --help (and -h) prints the flags and exits 0; an unknown
// flag is still a usage error (2).
func TestBuildHelp(t *testing.T) {
	for args, want := range map[string]int{"build --help": 0, "build -h": 0, "watch --help": 0, "build --bogus": 2} {
		var out, errb bytes.Buffer
		if got := run(strings.Fields(args), &out, &errb); got != want {
			t.Errorf("quire %s: exit %d, want %d\n%s", args, got, want, errb.String())
		}
		if want == 0 && !strings.Contains(errb.String(), "-draft") {
			t.Errorf("quire %s does not list the flags:\n%s", args, errb.String())
		}
	}
}

// sumTerms returns "a_{1} + a_{2} + ... + a_{n}".
func sumTerms(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteString(" + ")
		}
		fmt.Fprintf(&b, "a_{%d}", i)
	}
	return b.String()
}

// matrix returns the cells of an n x n matrix.
func matrix(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if j > 0 {
				b.WriteString("&")
			}
			b.WriteString("1")
		}
		b.WriteString("\\\\\n")
	}
	return b.String()
}

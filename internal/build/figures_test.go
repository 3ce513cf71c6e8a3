package build

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/diag"
)

// pdfImages lists a PDF's images with poppler's pdfimages (CI installs
// poppler-utils before the tests): one line per image.
func pdfImages(t *testing.T, pdf []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("pdfimages")
	if err != nil {
		t.Fatal("pdfimages not found: apt-get install poppler-utils (.ci/run does)")
	}
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-list", in).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[min(2, len(lines)):] // after the two header lines
}

// A thesis in chapters, as pandoc users write it, with a PDF figure made
// by pdflatex (pgfplots): the figure is drawn as vector content (no image
// in the file; its text is text), and two builds are byte-identical.
func TestPDFFigureThesis(t *testing.T) {
	fig, err := os.ReadFile("../pdfpage/testdata/plot.pdf")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"source/metadata.yml":  "title: A Thesis\nauthor: Ann Lee\n",
		"source/01_intro.md":   "# Introduction\n\n@fig:my_fig shows the transect.\n",
		"source/02_chapter.md": "# Results\n\n![RV Calypso is a former British Royal Navy minesweeper.](source/figures/example_figure.pdf){#fig:my_fig width=100% short-caption=\"Figure short caption\"}\n",
	})
	if err := os.MkdirAll(filepath.Join(dir, "source", "figures"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "source", "figures", "example_figure.pdf"), fig, 0o644); err != nil {
		t.Fatal(err)
	}
	var pdfs [][]byte
	for range 2 {
		var diags diag.List
		b, _, _, err := Compile(Options{Path: dir}, &diags)
		if err != nil {
			t.Fatalf("%v\n%s", err, diagText(&diags))
		}
		if len(diags.Items()) > 0 {
			t.Errorf("diagnostics:\n%s", diagText(&diags))
		}
		pdfs = append(pdfs, b)
	}
	if !bytes.Equal(pdfs[0], pdfs[1]) {
		t.Error("two builds differ")
	}
	if imgs := pdfImages(t, pdfs[0]); len(imgs) != 0 {
		t.Errorf("the PDF holds images: %q", imgs)
	}
	text := pdfText(t, pdfs[0])
	for _, want := range []string{"Figure 1 shows the transect", "Calypso transect", "Depth (m)", "Salinity (psu)", "Figure 1. RV Calypso"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}

// onePagePDF returns a PDF file of one page of the given size, content
// and resources.
func onePagePDF(w, h int, content, resources string) []byte {
	objs := []string{
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1>>",
		fmt.Sprintf("<</Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R /Resources <<%s>>>>", w, h, resources),
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content),
	}
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
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

// A PDF figure that a PDF/A file cannot hold (here, transparency) is an
// error at its reference under --pdfa, and fine without.
func TestPDFFigurePDFA(t *testing.T) {
	fig := onePagePDF(100, 50, "/GS1 gs 1 0 0 rg 0 0 50 50 re f", "/ExtGState <</GS1 <</ca 0.5>>>>")
	dir := writeFiles(t, map[string]string{
		"paper.md": "# Figure\n\n![A translucent square.](fig.pdf)\n",
		"fig.pdf":  string(fig),
	})
	var diags diag.List
	if _, _, _, err := Compile(Options{Path: dir}, &diags); err != nil {
		t.Fatalf("without --pdfa: %v\n%s", err, diagText(&diags))
	}
	diags = diag.List{}
	_, _, _, err := Compile(Options{Path: dir, PDFA: true}, &diags)
	want := filepath.Join(dir, "paper.md") + ":3:1: error: PDF figure fig.pdf cannot go into a PDF/A file: it uses transparency"
	if err == nil || !strings.Contains(diagText(&diags), want) {
		t.Errorf("err %v, diagnostics:\n%s\nwant %q", err, diagText(&diags), want)
	}
}

// Untitled images are lettered in a figure group and not numbered as
// figures of their own; an untitled image alone is placed unnumbered (as
// pandoc does), and the titled figure after them is Figure 3.
func TestUntitledImages(t *testing.T) {
	png := onePNG(t)
	dir := writeFiles(t, map[string]string{
		"paper.md": "# Groups\n\nSee @fig:g and @fig:h.\n\n::: {#fig:g}\n![](a.png)\n\n![](a.png)\n\nGroup caption.\n:::\n\n" +
			"<div id=\"fig:h\">\n![](a.png)![](a.png)\n\nInline pair caption.\n</div>\n\nUntitled alone:\n\n![](a.png)\n\n![Titled alone.](a.png){#fig:t}\n\nSee @fig:t.\n",
		"a.png": string(png),
	})
	var diags diag.List
	b, _, _, err := Compile(Options{Path: dir}, &diags)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagText(&diags))
	}
	text := squashSpace(pdfText(t, b))
	for _, want := range []string{"SeeFigure1andFigure2.", "(a)(b)Figure1.Groupcaption.", "(a)(b)Figure2.Inlinepaircaption.", "Figure3.Titledalone.", "SeeFigure3."} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Figure4") || strings.Contains(text, "Figure5") {
		t.Errorf("untitled images numbered as figures:\n%s", text)
	}
}

func onePNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

package chart

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/pdf"
)

// TestRenderPDF draws each example chart on a page of its own and writes
// the pages as a PDF through the PDF writer Quire uses, which must accept
// every item a chart draws; pdfcpu must read the file strictly, with one
// page per chart of the chart's size and every face the charts use
// embedded. With $QUIRE_CHART_PDF set to a directory the PDF is also
// written there as charts.pdf, for looking at.
func TestRenderPDF(t *testing.T) {
	api.DisableConfigDir()
	var pages []*draw.Page
	faces := map[string]bool{}
	for _, name := range []string{"treaties", "clashes", "line", "bars"} {
		base := "testdata/study"
		if name == "line" || name == "bars" {
			base = "testdata"
		}
		src, err := os.ReadFile(filepath.Join("testdata", name+".chart.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		var dl diag.List
		b := Parse(src, diag.Pos{File: "paper.md", Line: 10}, folder(t, base), &dl)
		if b == nil || dl.HasErrors() {
			t.Fatalf("%s: %v", name, dl.Err())
		}
		fig := b.(*doc.Figure)
		rec := &draw.Recorder{X: 50, Y: 50, Measure: font.Measure}
		h, err := fig.Graphic.Draw(rec, 430)
		if err != nil {
			t.Fatal(err)
		}
		texts, paths := 0, 0
		for _, it := range rec.Items {
			switch it := it.(type) {
			case *draw.Text:
				texts++
				faces[it.Face] = true
			case *draw.Path:
				paths++
			}
		}
		if texts < 5 || paths < 3 {
			t.Errorf("%s: only %d texts and %d paths drawn", name, texts, paths)
		}
		pages = append(pages, &draw.Page{Width: 530, Height: h + 100, Items: rec.Items})
	}
	var out bytes.Buffer
	if err := pdf.Write(&out, pages, pdf.Meta{Title: "Example charts"}, pdf.DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	ctx, err := api.ReadValidateAndOptimize(bytes.NewReader(out.Bytes()), conf)
	if err != nil {
		t.Fatalf("pdfcpu strict: %v", err)
	}
	if ctx.PageCount != len(pages) {
		t.Fatalf("%d pages, want %d", ctx.PageCount, len(pages))
	}
	dims, err := ctx.PageDims()
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range dims {
		if d.Width != pages[i].Width || d.Height-pages[i].Height > 0.01 || pages[i].Height-d.Height > 0.01 {
			t.Errorf("page %d is %vx%v, want %vx%v", i+1, d.Width, d.Height, pages[i].Width, pages[i].Height)
		}
	}
	// Each face is embedded once, as a TrueType subset (fallback faces
	// may add more).
	if n := bytes.Count(out.Bytes(), []byte("/FontFile2 ")); n < len(faces) {
		t.Errorf("%d fonts embedded for the %d faces the charts use", n, len(faces))
	}
	if dir := os.Getenv("QUIRE_CHART_PDF"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "charts.pdf"), out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

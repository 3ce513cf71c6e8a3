package chart

import (
	"os"
	"path/filepath"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
)

// TestRenderPDF writes the example charts to $QUIRE_CHART_PDF (a directory)
// as PDF files, for looking at. It is skipped unless the variable is set.
func TestRenderPDF(t *testing.T) {
	dir := os.Getenv("QUIRE_CHART_PDF")
	if dir == "" {
		t.Skip("set QUIRE_CHART_PDF to a directory to render the example charts")
	}
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
		b := Parse(src, diag.Pos{File: "paper.md", Line: 10}, base, &dl)
		for _, d := range dl.Items() {
			t.Log(d)
		}
		if b == nil {
			t.Fatalf("%s: no figure", name)
		}
		fig := b.(*doc.Figure)
		rec := &draw.Recorder{X: 50, Y: 50, Measure: font.Measure}
		h, err := fig.Graphic.Draw(rec, 430)
		if err != nil {
			t.Fatal(err)
		}
		writePDF(t, filepath.Join(dir, name+".pdf"), rec.Items, 530, h+100)
	}
}

func writePDF(t *testing.T, path string, items []draw.Item, w, h float64) {
	p := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: w, Ht: h}})
	for _, f := range []string{"sans", "sans-bold", "serif", "serif-italic"} {
		p.AddUTF8FontFromBytes(f, "", font.MustGet(f).Data())
	}
	p.AddPage()
	for _, it := range items {
		switch it := it.(type) {
		case *draw.Text:
			p.SetFont(it.Face, "", it.Size)
			p.SetTextColor(int(it.Color.R*255), int(it.Color.G*255), int(it.Color.B*255))
			if it.Angle != 0 {
				p.TransformBegin()
				p.TransformRotate(it.Angle, it.X, it.Y)
			}
			p.Text(it.X, it.Y, it.S)
			if it.Angle != 0 {
				p.TransformEnd()
			}
		case *draw.Path:
			style := ""
			if it.Fill != nil {
				p.SetFillColor(int(it.Fill.R*255), int(it.Fill.G*255), int(it.Fill.B*255))
				style += "F"
			}
			if it.Stroke != nil {
				p.SetDrawColor(int(it.Stroke.R*255), int(it.Stroke.G*255), int(it.Stroke.B*255))
				p.SetLineWidth(it.LineWidth)
				style += "D"
			}
			p.SetDashPattern(it.Dash, 0)
			for _, op := range it.Ops {
				q := op.Points
				switch op.Kind {
				case doc.MoveTo:
					p.MoveTo(q[0][0], q[0][1])
				case doc.LineTo:
					p.LineTo(q[0][0], q[0][1])
				case doc.CurveTo:
					p.CurveBezierCubicTo(q[0][0], q[0][1], q[1][0], q[1][1], q[2][0], q[2][1])
				case doc.Close:
					p.ClosePath()
				}
			}
			if style != "" {
				p.DrawPath(style)
			}
		}
	}
	if err := p.OutputFileAndClose(path); err != nil {
		t.Fatal(err)
	}
}

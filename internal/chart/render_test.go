package chart

import (
	"math"
	"testing"

	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func newRec() *draw.Recorder { return &draw.Recorder{Measure: font.Measure} }

func TestRendererPath(t *testing.T) {
	rec := newRec()
	r := NewRenderer(rec, 10)
	r.SetStrokeColor(drawing.ColorBlack)
	r.SetStrokeWidth(5) // 0.5 pt
	r.SetStrokeDashArray([]float64{20, 10})
	r.MoveTo(100, 200)
	r.LineTo(300, 200)
	r.Close()
	r.Stroke()
	if len(rec.Items) != 1 {
		t.Fatalf("got %d items", len(rec.Items))
	}
	p := rec.Items[0].(*draw.Path)
	if p.Fill != nil || p.Stroke == nil || !near(p.LineWidth, 0.5) {
		t.Errorf("paint: fill %v stroke %v width %v", p.Fill, p.Stroke, p.LineWidth)
	}
	if len(p.Dash) != 2 || !near(p.Dash[0], 2) || !near(p.Dash[1], 1) {
		t.Errorf("dash = %v", p.Dash)
	}
	want := []doc.PathOp{
		{Kind: doc.MoveTo, Points: [3][2]float64{{10, 20}}},
		{Kind: doc.LineTo, Points: [3][2]float64{{30, 20}}},
		{Kind: doc.Close},
	}
	if len(p.Ops) != len(want) {
		t.Fatalf("ops = %v", p.Ops)
	}
	for i := range want {
		if p.Ops[i] != want[i] {
			t.Errorf("op %d = %v, want %v", i, p.Ops[i], want[i])
		}
	}
}

func TestRendererFillAndTransparency(t *testing.T) {
	rec := newRec()
	r := NewRenderer(rec, 10)
	r.SetFillColor(drawing.Color{R: 0, G: 0, B: 0, A: 128})
	r.SetStrokeColor(drawing.ColorTransparent)
	r.SetStrokeWidth(10)
	r.MoveTo(0, 0)
	r.LineTo(10, 0)
	r.LineTo(10, 10)
	r.FillStroke()
	p := rec.Items[0].(*draw.Path)
	if p.Stroke != nil {
		t.Error("transparent stroke was painted")
	}
	if p.Fill == nil || math.Abs(p.Fill.R-(1-128.0/255)) > 1e-9 {
		t.Errorf("half-transparent black should flatten to mid grey, got %v", p.Fill)
	}
	// Nothing painted: no item.
	r.SetFillColor(drawing.ColorTransparent)
	r.MoveTo(0, 0)
	r.LineTo(5, 5)
	r.Fill()
	if len(rec.Items) != 1 {
		t.Errorf("an unpainted path was recorded")
	}
}

func TestRendererCurves(t *testing.T) {
	rec := newRec()
	r := NewRenderer(rec, 1)
	r.SetStrokeColor(drawing.ColorBlack)
	r.SetStrokeWidth(1)
	r.MoveTo(0, 0)
	r.QuadCurveTo(30, 30, 60, 0)
	r.Stroke()
	op := rec.Items[0].(*draw.Path).Ops[1]
	if op.Kind != doc.CurveTo || op.Points != [3][2]float64{{20, 20}, {40, 20}, {60, 0}} {
		t.Errorf("quad as cubic = %v", op)
	}

	rec.Items = nil
	r.MoveTo(100, 50)
	r.ArcTo(50, 50, 50, 50, 0, math.Pi) // half circle through (50, 100)
	r.Stroke()
	ops := rec.Items[0].(*draw.Path).Ops
	last := ops[len(ops)-1].Points[2]
	if !near(last[0], 0) || !near(last[1], 50) {
		t.Errorf("arc ends at %v, want (0, 50)", last)
	}
	if n := len(ops); n != 1+1+2 { // MoveTo, LineTo start, two quarter arcs
		t.Errorf("arc has %d ops", n)
	}
	mid := ops[2].Points[2]
	if !near(mid[0], 50) || !near(mid[1], 100) {
		t.Errorf("arc passes %v at a quarter, want (50, 100)", mid)
	}

	rec.Items = nil
	r.SetFillColor(drawing.ColorWhite)
	r.Circle(10, 20, 20)
	p := rec.Items[0].(*draw.Path)
	if p.Fill == nil || p.Stroke == nil || len(p.Ops) != 1+1+4+1 {
		t.Errorf("circle = %+v", p)
	}
	for _, op := range p.Ops {
		for _, q := range op.Points[:1] {
			if op.Kind != doc.Close && math.Abs(math.Hypot(q[0]-20, q[1]-20)-10) > 1e-6 && op.Kind != doc.CurveTo {
				t.Errorf("circle point %v off the circle", q)
			}
		}
	}
}

func TestRendererText(t *testing.T) {
	rec := newRec()
	r := NewRenderer(rec, 10)
	r.SetFontSize(7.5)
	r.SetFontColor(drawing.ColorBlack)
	r.Text("1938", 1000, 500)
	tx := rec.Items[0].(*draw.Text)
	if tx.X != 100 || tx.Y != 50 || tx.Size != 7.5 || tx.Face != "sans" || tx.Angle() != 0 {
		t.Errorf("text = %+v", tx)
	}
	// go-chart turns clockwise (y down); the canvas counter-clockwise.
	r.SetTextRotation(gochart.DegreesToRadians(270))
	r.Text("Count", 100, 800)
	if a := rec.Items[1].(*draw.Text).Angle(); !near(a, 90) {
		t.Errorf("270° go-chart rotation gave canvas angle %v, want 90", a)
	}
	r.ClearTextRotation()

	// Measurement comes from the canvas, in go-chart pixels.
	b := r.MeasureText("Lake Khasan")
	w := font.Measure("sans", 7.5, "Lake Khasan") * 10
	if b.Width() != int(math.Ceil(w)) || b.Height() != 75 {
		t.Errorf("box = %v (w %d h %d), want width %.1f height 75", b, b.Width(), b.Height(), w)
	}
	r.SetTextRotation(math.Pi / 2)
	rb := r.MeasureText("Lake Khasan")
	if rb.Height() < b.Width()-2 || rb.Width() > b.Height()+2 {
		t.Errorf("rotated box = %v, want %dx%d turned", rb, b.Width(), b.Height())
	}

	// The DPI decides how go-chart's point sizes become pixels.
	r.ClearTextRotation()
	r.SetDPI(92)
	r.SetFontSize(10)
	if got := r.FontPoints(); !near(got, 10*92.0/72/10) {
		t.Errorf("FontPoints at DPI 92 = %v", got)
	}
}

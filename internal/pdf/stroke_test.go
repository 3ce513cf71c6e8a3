package pdf

import (
	"bytes"
	"regexp"
	"testing"

	"quire/internal/doc"
	"quire/internal/draw"
)

// A stroke's caps, joins, miter limit and dash phase are written; the
// next stroke without them gets PDF's defaults back, and a new page starts
// from them.
func TestStrokeStyle(t *testing.T) {
	black := draw.Color{}
	line := func(cap, join string, miter, phase float64) *draw.Path {
		return &draw.Path{Path: doc.Path{Ops: []doc.PathOp{
			{Kind: doc.MoveTo, Points: [3][2]float64{{10, 10}}},
			{Kind: doc.LineTo, Points: [3][2]float64{{50, 50}}},
			{Kind: doc.LineTo, Points: [3][2]float64{{90, 10}}},
		}, Stroke: &black, LineWidth: 2, Cap: cap, Join: join, MiterLimit: miter, DashPhase: phase, Dash: dashIf(phase)}}
	}
	pages := []*draw.Page{
		{Width: 100, Height: 100, Items: []draw.Item{line("round", "bevel", 3, 1.5), line("", "", 0, 0), line("square", "round", 4, 0)}},
		{Width: 100, Height: 100, Items: []draw.Item{line("square", "round", 4, 0)}},
	}
	out := write(t, pages, Meta{}, Options{})
	ops := regexp.MustCompile(`(?m)^(\d J|\d j|[\d.]+ M|\[[^]]*\] [\d.]+ d)$`).FindAll(out, -1)
	got := string(bytes.Join(ops, []byte(" | ")))
	want := "0 J | 0 j | [3.00 1.00] 1.50 d | 1 J | 2 j | 3 M | [] 0.00 d | 0 J | 0 j | 10 M | 2 J | 1 j | 4 M | " +
		"0 J | 0 j | 2 J | 1 j | 4 M"
	if got != want {
		t.Errorf("stroke state:\n%s\nwant\n%s", got, want)
	}
}

func dashIf(phase float64) []float64 {
	if phase > 0 {
		return []float64{3, 1}
	}
	return nil
}

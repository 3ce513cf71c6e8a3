package chart

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/project"
)

// fuzzCSV is the data every fuzzed spec draws from: years, dates, numbers,
// categories, period rows with an end date, and a source column.
const fuzzCSV = `year,date,n,kind,end,name,source
1918,1918-03-01,1,a,1919,first,S1
1930,1930-06,3,b,1932,second,S2
1931,1931-02-28,2,a,1931,third,S1
1939,1939-09-01,5,c,1945,fourth,S3
1945,1945-08,1200,b,1950,fifth,S2
`

// chartBombs are specs that once looped per year or tick until the memory
// ran out, or that push a bound.
var chartBombs = []string{
	"id: c\ntype: bar\ndata: d.csv\nx: year\ny: n\nbin: year\nrange: [0, 1e9]\n",
	"id: c\ntype: stacked-bar\ndata: d.csv\nx: year\ny: n\ngroup: kind\nbin: year\nrange: [-1e15, 1e15]\n",
	"id: c\ntype: timeline\ndata: d.csv\nx: date\nlabel: name\nrange: [-1e9, 1e9]\n",
	"id: c\ntype: line\ndata: d.csv\nx: year\ny: n\nrange: [0, 1e15]\n",
	"id: c\ntype: line\ndata: d.csv\nx: year\ny: n\nrange: [-1e15, 1e15]\n",
	"id: c\ntype: line\ndata: d.csv\nx: year\ny: n\nrange: [1e308, 1e308]\n",
	"id: c\ntype: bar\ndata: d.csv\nx: year\ny: n\nhighlight: {from: -1e300, to: 1e300, label: h}\n",
	"id: c\ntype: bar\ndata: d.csv\nx: year\ny: n\nbin: year\nannotate: [{x: 1e18, text: far}, {x: NaN, text: nan}]\n",
	"id: c\ntype: stacked-bar\ndata: d.csv\nx: year\nbin: year\ny: n\nspans: {end: end, label: \"{n} {name}, {period}\"}\n",
	"id: c\ntype: bar\ndata: d.csv\nx: kind\ny: n\nheight: 1.5\n",
	"id: c\ntype: line\ndata: d.csv\nx: date\ny: n\ngroup: kind\n",
}

// FuzzChartSpec: whatever a chart block says, parsing it and drawing the
// chart is bounded in time and in the number of things drawn, and never
// panics. Seeded with the bombs above.
func FuzzChartSpec(f *testing.F) {
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "d.csv"), []byte(fuzzCSV), 0o644); err != nil {
		f.Fatal(err)
	}
	folder, err := project.OpenFolder(dir)
	if err != nil {
		f.Fatal(err)
	}
	defer folder.Close()
	for _, s := range chartBombs {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, spec []byte) {
		if len(spec) > 4096 {
			return
		}
		start := time.Now()
		var dl diag.List
		b := Parse(spec, diag.Pos{File: "paper.md", Line: 10}, folder, &dl)
		if b == nil {
			if !dl.HasErrors() {
				t.Fatalf("no chart and no error for %q", spec)
			}
			return
		}
		fig := b.(*doc.Figure)
		rec := &draw.Recorder{Measure: font.Measure}
		if _, err := fig.Graphic.Draw(rec, 400); err != nil {
			return
		}
		if n := len(rec.Items); n > 200000 {
			t.Fatalf("%d items drawn for %q", n, spec)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("%v for %q", d, spec)
		}
	})
}

// TestChartBombs runs the seeds as a test, so that every `go test` checks
// them.
func TestChartBombs(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "d.csv"), []byte(fuzzCSV), 0o644)
	for _, s := range chartBombs {
		start := time.Now()
		var dl diag.List
		b := Parse([]byte(s), diag.Pos{File: "paper.md", Line: 10}, folder(t, dir), &dl)
		if b != nil {
			rec := &draw.Recorder{Measure: font.Measure}
			b.(*doc.Figure).Graphic.Draw(rec, 400)
			if n := len(rec.Items); n > 200000 {
				t.Errorf("%d items drawn for %q", n, s)
			}
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%v for %q", d, s)
		}
		t.Logf("%q: figure %v; %d diagnostics", s, b != nil, len(dl.Items()))
	}
}

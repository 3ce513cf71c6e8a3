package chart

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
)

const testCSV = `start,end,name,kind,count,counted_by,source
1935-01-08,1935-01-28,Halhamiao,border incident,1,,Coox 1985
1935-06-03,1935-06-03,Yangmulinzi,border incident,1,,Coox 1985
1937-06-19,1937-06-30,Kanchazu,border incident,1,,Coox 1985
1938-07-29,1938-08-11,Lake Khasan,battle,1,,Coox 1977; Krivosheev 1993
1939-05-11,1939-09-16,Khalkhin Gol,battle,1,,Coox 1985
1932-01-01,1934-12-31,border disputes,dispute total,152,Japanese Army,Senshi sosho
`

// manuscript writes a manuscript directory holding data/t.csv.
func manuscript(t *testing.T, csv string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "t.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

const barBlock = `id: c
type: stacked-bar
data: data/t.csv
x: start
bin: year
y: count
group: kind
range: [1932, 1939]
spans: {end: end, label: "{count} {name}, {period} ({counted_by} count)"}
annotate:
  - {x: 1938, text: Lake Khasan}
`

var pos = diag.Pos{File: "paper.md", Line: 20}

func parse(t *testing.T, block, dir string) (*doc.Figure, *diag.List) {
	t.Helper()
	var dl diag.List
	b := Parse([]byte(block), pos, folder(t, dir), &dl)
	if b == nil {
		return nil, &dl
	}
	return b.(*doc.Figure), &dl
}

func render(t *testing.T, g doc.Graphic, width float64) (*draw.Recorder, float64) {
	t.Helper()
	rec := &draw.Recorder{Measure: font.Measure}
	h, err := g.Draw(rec, width)
	if err != nil {
		t.Fatal(err)
	}
	return rec, h
}

func TestParseFigure(t *testing.T) {
	fig, dl := parse(t, barBlock+"title: Clashes\ncaption: Bars count clashes.\n", manuscript(t, testCSV))
	if fig == nil {
		t.Fatal(dl.Err())
	}
	if fig.ID != "fig:c" || fig.Pos.Line != 20 {
		t.Errorf("ID %q at %v", fig.ID, fig.Pos)
	}
	if got := plain(fig.Caption); got != "Clashes. Bars count clashes." {
		t.Errorf("caption %q", got)
	}
	if got := plain(fig.Source); got != "Sources: Coox 1977; Coox 1985; Krivosheev 1993; Senshi sosho." {
		t.Errorf("source %q", got)
	}
}

func plain(ins []doc.Inline) string {
	var b strings.Builder
	for _, in := range ins {
		switch in := in.(type) {
		case doc.Text:
			b.WriteString(in.S)
		case doc.Strong:
			b.WriteString(plain(in.Content))
		case doc.LineBreak:
			b.WriteString("\n")
		}
	}
	return b.String()
}

func TestParseErrors(t *testing.T) {
	dir := manuscript(t, testCSV)
	cases := []struct {
		name, block string
		want        []string // substrings of one diagnostic
		warn        bool
	}{
		{"bad yaml", "id: c\ntype: bar\n  x: y: z\n", []string{"paper.md:22", "bad YAML"}, false},
		{"unknown key", barBlock + "colour: red\n", []string{"paper.md:31", `unknown key "colour"`}, true},
		{"unknown type", strings.Replace(barBlock, "stacked-bar", "pie", 1), []string{"paper.md:21", `"pie" is unknown`, "bar, stacked-bar, timeline, line"}, false},
		{"missing file", strings.Replace(barBlock, "data/t.csv", "data/none.csv", 1), []string{"paper.md:22", "data/none.csv", "no such file"}, false},
		{"escaping path", strings.Replace(barBlock, "data/t.csv", "../t.csv", 1), []string{"paper.md:22", "leaves the manuscript"}, false},
		{"absolute path", strings.Replace(barBlock, "data/t.csv", "/etc/passwd", 1), []string{"paper.md:22", "absolute"}, false},
		{"missing column", strings.Replace(barBlock, "y: count", "y: cnt", 1), []string{"paper.md:25", `no column "cnt"`, "data/t.csv"}, false},
		{"missing where column", barBlock + "where: {side: Japan}\n", []string{"paper.md:31", `no column "side"`}, false},
		{"nothing left", barBlock + "where: {kind: massacre}\n", []string{"paper.md:31", "nothing to draw", "kind = massacre"}, false},
		{"missing id", strings.Replace(barBlock, "id: c\n", "", 1), []string{"paper.md:20", `no "id"`}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fig, dl := parse(t, c.block, dir)
			if !c.warn && fig != nil {
				t.Fatal("Parse returned a figure")
			}
			if c.warn && fig == nil {
				t.Fatalf("a warning stopped the chart: %v", dl.Err())
			}
			var all []string
			for _, d := range dl.Items() {
				s := d.String()
				all = append(all, s)
				if c.warn != (d.Severity == diag.Warning) {
					continue
				}
				ok := true
				for _, w := range c.want {
					ok = ok && strings.Contains(s, w)
				}
				if ok {
					return
				}
			}
			t.Errorf("no diagnostic with %q; got:\n%s", c.want, strings.Join(all, "\n"))
		})
	}
}

func TestCSVCellErrors(t *testing.T) {
	bad := strings.Replace(testCSV, "1937-06-19,1937-06-30,Kanchazu,border incident,1", "1937-06-19,1937-06-30,Kanchazu,border incident,one", 1)
	_, dl := parse(t, barBlock, manuscript(t, bad))
	if err := dl.Err(); err == nil || !strings.Contains(err.Error(), "paper.md:25") ||
		!strings.Contains(err.Error(), `data/t.csv:4: column "count": "one" is not a number`) {
		t.Errorf("got %v", err)
	}
	bad = strings.Replace(testCSV, "1937-06-19", "June 1937", 1)
	_, dl = parse(t, barBlock, manuscript(t, bad))
	if err := dl.Err(); err == nil || !strings.Contains(err.Error(), "paper.md:23") ||
		!strings.Contains(err.Error(), `data/t.csv:4: column "start"`) {
		t.Errorf("got %v", err)
	}
	bad = testCSV + "1939,1939\n"
	_, dl = parse(t, barBlock, manuscript(t, bad))
	if err := dl.Err(); err == nil || !strings.Contains(err.Error(), "paper.md:22") ||
		!strings.Contains(err.Error(), "data/t.csv:8: row has 2 fields") {
		t.Errorf("got %v", err)
	}
}

// barHeights returns the heights of the filled rectangles drawn with an
// outline (the bar segments), keyed by their left edge.
func barRects(items []draw.Item) [][4]float64 {
	var out [][4]float64
	for _, it := range items {
		p, ok := it.(*draw.Path)
		if !ok || p.Fill == nil || len(p.Ops) != 5 || p.Ops[4].Kind != doc.Close {
			continue
		}
		a, c := p.Ops[0].Points[0], p.Ops[2].Points[0]
		out = append(out, [4]float64{a[0], a[1], c[0] - a[0], c[1] - a[1]})
	}
	return out
}

func texts(items []draw.Item) map[string]*draw.Text {
	m := map[string]*draw.Text{}
	for _, it := range items {
		if tx, ok := it.(*draw.Text); ok {
			m[tx.S] = tx
		}
	}
	return m
}

func TestDataChangeRedraws(t *testing.T) {
	fig, dl := parse(t, barBlock, manuscript(t, testCSV))
	if fig == nil {
		t.Fatal(dl.Err())
	}
	rec, _ := render(t, fig.Graphic, 430)
	if _, ok := texts(rec.Items)["152 border disputes, 1932–34 (Japanese Army count)"]; !ok {
		t.Errorf("span label missing; texts: %v", keys(texts(rec.Items)))
	}
	before := barRects(rec.Items)

	// Khalkhin Gol moves to 1938 and the dispute total changes.
	changed := strings.Replace(testCSV, "1939-05-11", "1938-05-11", 1)
	changed = strings.Replace(changed, ",152,", ",150,", 1)
	fig, dl = parse(t, barBlock, manuscript(t, changed))
	if fig == nil {
		t.Fatal(dl.Err())
	}
	rec, _ = render(t, fig.Graphic, 430)
	if _, ok := texts(rec.Items)["150 border disputes, 1932–34 (Japanese Army count)"]; !ok {
		t.Errorf("changed span label missing")
	}
	after := barRects(rec.Items)
	if fmt.Sprint(before) == fmt.Sprint(after) {
		t.Fatal("changing a CSV row did not change the bars")
	}
	// Khalkhin Gol joins Lake Khasan: a second bar reaches the top.
	tallest := func(rs [][4]float64) int {
		maxH, n := 0.0, 0
		for _, r := range rs {
			if r[3] > maxH+0.01 {
				maxH, n = r[3], 0
			}
			if math.Abs(r[3]-maxH) < 0.01 {
				n++
			}
		}
		return n
	}
	if tallest(before) != 1 || tallest(after) != 2 {
		t.Errorf("bars of the tallest height: before %d, after %d; want 1 and 2", tallest(before), tallest(after))
	}
}

func keys(m map[string]*draw.Text) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// bounds checks that every drawn point and text box lies inside the figure.
func bounds(t *testing.T, name string, items []draw.Item, w, h float64) {
	t.Helper()
	const eps = 0.01
	for _, it := range items {
		switch it := it.(type) {
		case *draw.Path:
			for _, op := range it.Ops {
				n := 1
				if op.Kind == doc.CurveTo {
					n = 3
				} else if op.Kind == doc.Close {
					n = 0
				}
				for _, p := range op.Points[:n] {
					if p[0] < -eps || p[0] > w+eps || p[1] < -eps || p[1] > h+eps {
						t.Errorf("%s: path point %v outside %vx%v", name, p, w, h)
						return
					}
				}
			}
		case *draw.Text:
			bw := font.Measure(it.Face, it.Size, it.S)
			var b box
			if it.Angle() == 90 {
				b = box{it.X - 0.75*it.Size, it.Y - bw, it.X + 0.22*it.Size, it.Y}
			} else {
				b = box{it.X, it.Y - 0.75*it.Size, it.X + bw, it.Y + 0.22*it.Size}
			}
			if b.x0 < -eps || b.x1 > w+eps || b.y0 < -eps || b.y1 > h+eps {
				t.Errorf("%s: text %q box %v outside %vx%v", name, it.S, b, w, h)
			}
		}
	}
}

// exampleFigure parses one of the example blocks against the real data.
func exampleFigure(t *testing.T, name string) *doc.Figure {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name+".chart.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var dl diag.List
	b := Parse(src, pos, folder(t, filepath.Join("testdata", "study")), &dl)
	if b == nil || dl.HasErrors() {
		t.Fatalf("%s: %v", name, dl.Err())
	}
	for _, d := range dl.Items() {
		t.Errorf("%s: %v", name, d)
	}
	return b.(*doc.Figure)
}

func TestExamplesInBounds(t *testing.T) {
	for _, name := range []string{"treaties", "clashes"} {
		for _, w := range []float64{300, 430, 500} {
			fig := exampleFigure(t, name)
			rec, h := render(t, fig.Graphic, w)
			if h <= 0 || h > 2*w {
				t.Errorf("%s at %v: height %v", name, w, h)
			}
			bounds(t, fmt.Sprintf("%s@%v", name, w), rec.Items, w, h)
		}
	}
}

func TestTimelineLabelsDoNotOverlap(t *testing.T) {
	for _, w := range []float64{300, 430, 500} {
		fig := exampleFigure(t, "treaties")
		rec, _ := render(t, fig.Graphic, w)
		var boxes []box
		var names []string
		for _, it := range rec.Items {
			if tx, ok := it.(*draw.Text); ok {
				boxes = append(boxes, textBox(rec, tx.Face, tx.Size, tx.X, tx.Y, tx.S))
				names = append(names, tx.S)
			}
		}
		if len(boxes) < 39 {
			t.Fatalf("only %d texts drawn", len(boxes))
		}
		for i := range boxes {
			for j := i + 1; j < len(boxes); j++ {
				if boxes[i].overlaps(boxes[j], 0) {
					t.Errorf("width %v: %q and %q overlap", w, names[i], names[j])
				}
			}
		}
		// No lead line (thin vertical grey line) passes through a label.
		for _, it := range rec.Items {
			p, ok := it.(*draw.Path)
			if !ok || p.Stroke == nil || p.LineWidth != 0.3 || len(p.Ops) != 2 {
				continue
			}
			a, b := p.Ops[0].Points[0], p.Ops[1].Points[0]
			if a[0] != b[0] {
				continue
			}
			y0, y1 := math.Min(a[1], b[1]), math.Max(a[1], b[1])
			for i, bx := range boxes {
				if isYear(names[i]) && knockedOut(rec.Items, bx) {
					continue // the year label is set on a white patch over the line
				}
				if a[0] > bx.x0+0.5 && a[0] < bx.x1-0.5 && y0 < bx.y1-0.5 && y1 > bx.y0+0.5 {
					t.Errorf("width %v: lead line at x=%.1f crosses %q", w, a[0], names[i])
				}
			}
		}
	}
}

func TestLineChart(t *testing.T) {
	csv := "year,n,side\n1932,50,Japanese\n1933,51,Japanese\n1934,51,Japanese\n1933,15,Soviet\n1938,189,Soviet\n"
	block := "id: l\ntype: line\ndata: data/t.csv\nx: year\ny: n\ngroup: side\nylabel: Incidents\n"
	fig, dl := parse(t, block, manuscript(t, csv))
	if fig == nil {
		t.Fatal(dl.Err())
	}
	rec, h := render(t, fig.Graphic, 430)
	bounds(t, "line", rec.Items, 430, h)
	ts := texts(rec.Items)
	for s, tx := range ts {
		if strings.Contains(s, ".00") {
			t.Errorf("label %q has useless decimals", s)
		}
		if tx.Size < 7 || tx.Size > 8 {
			t.Errorf("label %q set at %v pt", s, tx.Size)
		}
	}
	for _, want := range []string{"0", "200", "Incidents", "Japanese", "Soviet"} {
		if _, ok := ts[want]; !ok {
			t.Errorf("no %q label; have %v", want, keys(ts))
		}
	}
}

func TestPeriod(t *testing.T) {
	for _, c := range []struct {
		a, b float64
		want string
	}{{1932, 1935, "1932–34"}, {1938, 1938.7, "1938"}, {1899, 1902, "1899–1901"}} {
		if got := period(c.a, c.b); got != c.want {
			t.Errorf("period(%v, %v) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
	if formatNum(189) != "189" || formatNum(26211) != "26,211" || formatNum(2.5) != "2.5" {
		t.Error("formatNum")
	}
	ticks, top := niceTicks(4, true, 5)
	if top != 4 || len(ticks) != 5 {
		t.Errorf("niceTicks(4) = %v, %v", ticks, top)
	}
}

func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// knockedOut reports whether a filled rectangle drawn after the lead lines
// covers bx.
func knockedOut(items []draw.Item, bx box) bool {
	for _, r := range barRects(items) {
		if r[0] <= bx.x0+0.01 && r[1] <= bx.y0+0.5 && r[0]+r[2] >= bx.x1-0.01 && r[1]+r[3] >= bx.y1-0.5 {
			return true
		}
	}
	return false
}

func TestAnnotationsClearBars(t *testing.T) {
	for _, w := range []float64{250, 340, 430} {
		fig := exampleFigure(t, "clashes")
		rec, _ := render(t, fig.Graphic, w)
		bars := barRects(rec.Items)
		for _, name := range []string{"Lake Khasan", "Khalkhin Gol"} {
			tx := texts(rec.Items)[name]
			if tx == nil {
				t.Fatalf("no %q", name)
			}
			tb := textBox(rec, tx.Face, tx.Size, tx.X, tx.Y, tx.S)
			for _, r := range bars {
				if tb.overlaps(box{r[0], r[1], r[0] + r[2], r[1] + r[3]}, 0) {
					t.Errorf("width %v: %q overlaps a bar at %v", w, name, r)
				}
			}
		}
	}
}

func TestUnbinnedBarsAndLimits(t *testing.T) {
	csv := "side,n,source\nSoviet Union and Mongolian People's Republic,3,A\nJapan and Manchukuo,5,B\nJapan,2,A\nChina,1,C\n" +
		"Far Eastern Republic,2,A\nKorea Army,1,A\nKwantung Army,4,A\nAmur Flotilla,1,A\n"
	block := "id: u\ntype: bar\ndata: data/t.csv\nx: side\ny: n\nxlabel: Side\n"
	fig, dl := parse(t, block, manuscript(t, csv))
	if fig == nil {
		t.Fatal(dl.Err())
	}
	rec, h := render(t, fig.Graphic, 300)
	bounds(t, "unbinned", rec.Items, 300, h)
	if tx := texts(rec.Items)["Japan and Manchukuo"]; tx == nil || tx.Angle() != 90 {
		t.Errorf("long category labels should stand upright: %+v", tx)
	}
	_, dl = parse(t, block, manuscript(t, "side,n\nJapan,-2\n"))
	if err := dl.Err(); err == nil || !strings.Contains(err.Error(), "data/t.csv:2") || !strings.Contains(err.Error(), "negative") {
		t.Errorf("negative bar: %v", err)
	}
	var many strings.Builder
	many.WriteString("date,name\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&many, "%d,x%d\n", 1600+i, i)
	}
	_, dl = parse(t, "id: m\ntype: timeline\ndata: data/t.csv\nx: date\nlabel: name\n", manuscript(t, many.String()))
	if err := dl.Err(); err == nil || !strings.Contains(err.Error(), "at most 200") {
		t.Errorf("too many events: %v", err)
	}
	_, dl = parse(t, "id: l\ntype: line\ndata: data/t.csv\nx: y\ny: n\n", manuscript(t, "y,n\n1938,2\n"))
	if err := dl.Err(); err == nil || !strings.Contains(err.Error(), "two different x") {
		t.Errorf("one-point line: %v", err)
	}
}

func TestOddBlocksDoNotPanic(t *testing.T) {
	dir := manuscript(t, testCSV)
	for _, b := range []string{
		"", "- a\n", "id: [\n", "just text", "id: c\ntype: bar\ndata: data/t.csv\nx: start\nannotate: [1]\n",
		"id: c\ntype: bar\ndata: data/t.csv\nx: start\nwhere: {kind: {b: c}}\n",
		"id: c\ntype: bar\ndata: data/t.csv\nx: start\nrange: [a, b]\n",
		"id: c\ntype: bar\ndata: data/t.csv\nx: start\nspans: 3\n",
		"id: c\ntype: bar\ndata: data/t.csv\nx: start\nhighlight: [1]\n",
		"id: 1c\ntype: bar\ndata: data\nx: start\n",
		"id: c\ntype: timeline\ndata: data/t.csv\nx: start\nlabel: \"{nope|upper}\"\n",
		"id: c\ntype: stacked-bar\ndata: data/t.csv\nx: start\nbin: decade\n",
		"id: c\nid: d\ntype: bar\ndata: data/t.csv\nx: start\n",
	} {
		var dl diag.List
		if Parse([]byte(b), pos, folder(t, dir), &dl) != nil {
			t.Errorf("%q: figure made", b)
		}
		if !dl.HasErrors() {
			t.Errorf("%q: no error reported", b)
		}
	}
}

// TestSpanLabelsClearBrackets checks that no span label is struck through
// by a bracket, at the widths a chart is set in (A5, article, wide).
func TestSpanLabelsClearBrackets(t *testing.T) {
	for _, w := range []float64{290, 312, 430} {
		fig := exampleFigure(t, "clashes")
		rec, _ := render(t, fig.Graphic, w)
		var labels []*draw.Text
		for _, it := range rec.Items {
			if tx, ok := it.(*draw.Text); ok && strings.Contains(tx.S, "count)") {
				labels = append(labels, tx)
			}
		}
		if len(labels) == 0 {
			t.Fatal("no span labels drawn")
		}
		for _, it := range rec.Items {
			p, ok := it.(*draw.Path)
			if !ok || len(p.Ops) != 2 {
				continue
			}
			a, b := p.Ops[0].Points[0], p.Ops[1].Points[0]
			if a[1] != b[1] || math.Abs(a[0]-b[0]) < 4 {
				continue // not a horizontal bracket
			}
			for _, tx := range labels {
				tw := font.Measure(tx.Face, tx.Size, tx.S)
				top, bot := tx.Y-tx.Size*0.75, tx.Y+tx.Size*0.2
				if a[1] > top && a[1] < bot && math.Max(a[0], b[0]) > tx.X && math.Min(a[0], b[0]) < tx.X+tw {
					t.Errorf("width %v: bracket at y=%.1f strikes through %q", w, a[1], tx.S)
				}
			}
		}
	}
}

func TestMathText(t *testing.T) {
	for in, want := range map[string]string{
		`GDP per head ($\mathrm{US\$}$)`: "GDP per head (US$)",
		`Energy $E = mc^2$`:              "Energy E = mc²",
		`$\alpha$ and $\beta_1$`:         "α and β₁",
		`Prices $20 and $30`:             "Prices $20 and $30",
		`Broken $\frac{1$`:               `Broken $\frac{1$`,
	} {
		if got := mathText(in); got != want {
			t.Errorf("mathText(%q) = %q, want %q", in, got, want)
		}
	}
}

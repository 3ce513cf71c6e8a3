package chart

import (
	"strings"
	"testing"

	"quire/internal/doc"
	"quire/internal/draw"
)

// TestDescribe checks the generated descriptions say the kind of chart,
// its axes, its series and its ranges, from the data drawn.
func TestDescribe(t *testing.T) {
	dir := manuscript(t, testCSV)
	cases := []struct {
		name, block string
		want        []string
	}{
		{"stacked", barBlock + "ylabel: Clashes\n", []string{
			"Stacked bar chart of Clashes", "by year, 1932 to 1939", "2 series: border incident, battle",
			"Totals from 0 to 2 (1935)", "1 period totals are drawn as brackets", "Notes: Lake Khasan (1938)"}},
		{"timeline", "id: t\ntype: timeline\ndata: data/t.csv\nx: start\nlabel: name\ngroup: kind\nrange: [1930, 1940]\nhighlight: {from: 1937, to: 1939, label: war}\n", []string{
			"Timeline of 6 events, 1930 to 1940", "Marked by kind: dispute total, border incident, battle",
			"Events: border disputes, Halhamiao, Yangmulinzi, Kanchazu, Lake Khasan, Khalkhin Gol", "Shaded: 1937 to 1939, war"}},
		{"line", "id: l\ntype: line\ndata: data/t.csv\nx: start\ny: count\ngroup: kind\nxlabel: Year\n", []string{
			"Line chart of count against Year", "Values from 1 to 152"}},
	}
	for _, c := range cases {
		fig, dl := parse(t, c.block, dir)
		if fig == nil {
			t.Fatalf("%s: %v", c.name, dl.Err())
		}
		d, ok := fig.Graphic.(doc.Describer)
		if !ok {
			t.Fatalf("%s: %T is no doc.Describer", c.name, fig.Graphic)
		}
		got := d.Describe()
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: description lacks %q:\n%s", c.name, w, got)
			}
		}
		if fig.Alt != "" {
			t.Errorf("%s: Alt %q without an alt key", c.name, fig.Alt)
		}
	}
	fig, dl := parse(t, barBlock+"alt: Clashes rose to a peak in 1938.\n", dir)
	if fig == nil {
		t.Fatal(dl.Err())
	}
	if fig.Alt != "Clashes rose to a peak in 1938." {
		t.Errorf("alt key: Alt %q", fig.Alt)
	}
}

// TestDecorationsAreArtifacts checks that a chart's grid lines, axes,
// ticks and shading are recorded as decoration, its bars and labels not.
func TestDecorationsAreArtifacts(t *testing.T) {
	fig, dl := parse(t, barBlock+"highlight: {from: 1937, to: 1938}\n", manuscript(t, testCSV))
	if fig == nil {
		t.Fatal(dl.Err())
	}
	rec, _ := render(t, fig.Graphic, 400)
	var deco, content, texts int
	for _, it := range rec.Items {
		switch it := it.(type) {
		case *draw.Path:
			if it.Tag.IsArtifact() {
				deco++
			} else {
				content++
			}
		case *draw.Text:
			texts++
			if it.Tag != nil {
				t.Errorf("label %q marked %v", it.S, it.Tag.Role)
			}
			if !it.Space {
				t.Errorf("label %q does not end a word", it.S)
			}
		}
	}
	// Bars: 3 years with clashes (two bars in 1935... one stack a year),
	// each a fill and an outline; the brackets of the span; the lead line.
	if deco < 10 || content < 6 || texts < 10 {
		t.Errorf("%d decoration paths, %d content paths, %d texts", deco, content, texts)
	}
}

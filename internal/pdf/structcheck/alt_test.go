package structcheck

import (
	"strings"
	"testing"

	"quire/internal/doc"
)

// chart is a Graphic that describes itself.
type chart string

func (c chart) Draw(doc.Canvas, float64) (float64, error) { return 10, nil }
func (c chart) Describe() string                          { return string(c) }

// qpdfJSON is qpdf --json=2's shape: a Document holding a role-mapped
// "Chart" (a Figure) and, inside a Div, a Figure whose /Alt is UTF-16 hex.
const qpdfJSON = `{"version": 2, "qpdf": [{"jsonversion": 2}, {
 "obj:1 0 R": {"value": {"/Type": "/Catalog", "/StructTreeRoot": "2 0 R"}},
 "obj:2 0 R": {"value": {"/Type": "/StructTreeRoot", "/K": "3 0 R", "/RoleMap": {"/Chart": "/Figure"}}},
 "obj:3 0 R": {"value": {"/S": "/Document", "/K": ["4 0 R", "5 0 R"]}},
 "obj:4 0 R": {"value": {"/S": "/Chart", "/Alt": "u:Bar chart of clashes, 1918 to 1939.", "/K": [0, {"/Type": "/MCR", "/MCID": 1}]}},
 "obj:5 0 R": {"value": {"/S": "/Div", "/K": ["6 0 R", "7 0 R"]}},
 "obj:6 0 R": {"value": {"/S": "/P", "/K": 2}},
 "obj:7 0 R": {"value": {"/S": "/Figure", "/Alt": "b:feff00410020006d00610070", "/K": 3}},
 "trailer": {"value": {"/Root": "1 0 R", "/Size": 8}}
}]}`

func TestFigureAlts(t *testing.T) {
	alts, err := FigureAlts([]byte(qpdfJSON))
	if err != nil {
		t.Fatal(err)
	}
	want := []Alt{{"Bar chart of clashes, 1918 to 1939.", true}, {"A map", true}}
	if len(alts) != len(want) || alts[0] != want[0] || alts[1] != want[1] {
		t.Errorf("FigureAlts = %+v, want %+v", alts, want)
	}
	if _, err := FigureAlts([]byte(`{"qpdf": [{}, {"trailer": {"value": {"/Root": {}}}}]}`)); err == nil {
		t.Error("no error for a file without a structure tree")
	}
}

func TestCheckAlts(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Figure{Graphic: chart("Bar chart of clashes, 1918 to 1939.")},
		&doc.Div{Blocks: []doc.Block{&doc.Figure{Image: &doc.Image{Path: "map.png"}, Alt: "A map"}}},
	}}
	good := []Alt{{"Bar chart of clashes, 1918 to 1939.", true}, {"A map", true}}
	if errs := CheckAlts(d, good); len(errs) > 0 {
		t.Errorf("good alternate texts fail: %v", errs)
	}
	for _, c := range []struct {
		name string
		alts []Alt
		want string
	}{
		{"a figure missing", good[:1], "1 Figure elements, want 2"},
		{"no /Alt", []Alt{good[0], {}}, "Figure element 2 has no /Alt"},
		{"an empty /Alt", []Alt{good[0], {" ", true}}, "Figure element 2 has no /Alt"},
		{"the chart's /Alt not its description", []Alt{{"A chart.", true}, good[1]}, "the chart's description"},
		{"the figures in another order", []Alt{good[1], good[0]}, "Figure element 1's /Alt is \"A map\", not the chart's description"},
	} {
		var all []string
		for _, e := range CheckAlts(d, c.alts) {
			all = append(all, e.Error())
		}
		got := strings.Join(all, "\n")
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: want %q, got %q", c.name, c.want, got)
		}
	}
}

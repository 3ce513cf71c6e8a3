package pdf

import (
	"bytes"
	"testing"

	"quire/internal/draw"
)

func TestPageLabels(t *testing.T) {
	pages := func(ls ...*draw.PageLabel) []*draw.Page {
		var ps []*draw.Page
		for _, l := range ls {
			ps = append(ps, &draw.Page{Width: 100, Height: 100, Label: l})
		}
		return ps
	}
	lb := func(s string, n int) *draw.PageLabel { return &draw.PageLabel{Style: s, N: n} }
	for _, c := range []struct {
		name  string
		pages []*draw.Page
		want  string
	}{
		{"no labels", pages(nil, nil), ""},
		{"a page without", pages(lb("r", 1), nil), ""},
		{"thesis", pages(lb("", 1), lb("r", 1), lb("r", 2), lb("", 4), lb("D", 1), lb("D", 2)),
			"/PageLabels <</Nums [0 <<>> 1 <</S /r>> 3 <<>> 4 <</S /D>>]>>\n"},
		{"counter set", pages(lb("D", 1), lb("D", 2), lb("D", 10), lb("D", 11), lb("A", 1)),
			"/PageLabels <</Nums [0 <</S /D>> 2 <</S /D /St 10>> 4 <</S /A>>]>>\n"},
	} {
		if got := pageLabels(c.pages); string(got) != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestPageLabelsWritten: a document whose pages carry labels has them in
// its catalog, and one whose pages do not has no /PageLabels.
func TestPageLabelsWritten(t *testing.T) {
	build := func(ls ...*draw.PageLabel) []byte {
		var ps []*draw.Page
		for _, l := range ls {
			ps = append(ps, &draw.Page{Width: 300, Height: 400, Label: l})
		}
		var b bytes.Buffer
		if err := Write(&b, ps, Meta{Title: "t"}, Options{Tagged: true}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	withLabels := build(&draw.PageLabel{Style: "r", N: 1}, &draw.PageLabel{Style: "D", N: 1})
	if !bytes.Contains(withLabels, []byte("/PageLabels <</Nums [0 <</S /r>> 1 <</S /D>>]>>")) {
		t.Errorf("no page labels in the catalog")
	}
	if plain := build(nil, nil); bytes.Contains(plain, []byte("/PageLabels")) {
		t.Errorf("page labels written for pages without")
	}
}

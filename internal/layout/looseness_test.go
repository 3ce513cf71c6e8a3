package layout

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/style"
)

// The paragraphs of testdata/looseness are one paragraph of history,
// written for this test in English and translated into German, French and
// Russian by Quire's authors (under the repository's licence): real prose
// of comparable length, not chosen to pass.

// paragraphRatios sets the paragraph in testdata/looseness/<tag>.txt
// justified and hyphenated as a body paragraph in language tag, in style
// st at measure width, and returns the adjustment ratio the line breaker
// reports for each line but the last (whose glue is not set).
func paragraphRatios(t *testing.T, st *style.Style, tag string, width float64) []float64 {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "looseness", tag+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	l := New(st, &diag.List{})
	l.setLang(&doc.Meta{Lang: tag})
	g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
	o := g.bodyOpts(ctx{leading: st.Leading})
	o.indent = st.ParIndent
	ls := g.setInline([]doc.Inline{doc.Text{S: strings.TrimSpace(string(src))}}, width, o, textStyle{face: st.BodyFace, size: st.BodySize})
	var rs []float64
	for i, ln := range ls {
		if i < len(ls)-1 {
			rs = append(rs, ln.ratio)
		}
	}
	if len(rs) < 5 {
		t.Fatalf("%s at %.0f pt: a paragraph of %d lines is too short to judge", tag, width, len(rs)+1)
	}
	return rs
}

func worst(rs []float64) float64 {
	w := -1.0
	for _, r := range rs {
		w = max(w, r)
	}
	return w
}

// TestLoosenessByLanguage: a German, a French and a Russian paragraph set
// justified are no looser than the English one. One measure is a lottery
// (a single unbreakable name at a line's end decides the worst line: the
// English paragraph's "Manchukuo" leaves a line at ratio 3.8 in the
// handout's measure), so the paragraphs are set in the article's type at
// every measure from 240 to 420 pt, six points apart: no line of any of
// them is looser than the English paragraph's worst line, and the
// average over the measures of each paragraph's worst line is no higher
// than the English one's. The article's and the handout's own settings
// are logged.
func TestLoosenessByLanguage(t *testing.T) {
	st, err := style.For("article", "a4", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Justify || !st.Hyphenate {
		t.Fatal("the test needs a justified, hyphenated style")
	}
	type stats struct{ mean, max float64 }
	measure := func(tag string) stats {
		var s stats
		n := 0
		for w := 240.0; w <= 420; w += 6 {
			r := worst(paragraphRatios(t, st, tag, w))
			s.mean += r
			s.max = max(s.max, r)
			n++
		}
		s.mean /= float64(n)
		return s
	}
	en := measure("en")
	t.Logf("en: worst line %.2f, mean of the worst lines %.2f", en.max, en.mean)
	for _, tag := range []string{"de", "fr", "ru"} {
		s := measure(tag)
		t.Logf("%s: worst line %.2f, mean of the worst lines %.2f", tag, s.max, s.mean)
		if s.max > en.max {
			t.Errorf("%s: a line at ratio %.2f, looser than the English paragraph's worst %.2f", tag, s.max, en.max)
		}
		if s.mean > en.mean {
			t.Errorf("%s: the worst line averages %.2f over the measures, the English paragraph's %.2f", tag, s.mean, en.mean)
		}
	}
	for _, profile := range []string{"article", "handout"} {
		ps, _ := style.For(profile, "a4", 0)
		for _, tag := range []string{"en", "de", "fr", "ru"} {
			rs := paragraphRatios(t, ps, tag, ps.TextWidth())
			t.Logf("%s (%.0f pt, %.1f pt type): %s worst %.2f, ratios %.2f", profile, ps.TextWidth(), ps.BodySize, tag, worst(rs), rs)
		}
	}
}

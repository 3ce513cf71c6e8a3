package math

import (
	"testing"

	"quire/internal/math/otmath"
)

// inkOf returns the ink extent of a glyph item, up from the baseline of
// the formula: its bottom and top in points.
func inkOf(t *testing.T, f *otmath.Font, code map[rune]otmath.GlyphID, it Item) (bottom, top float64) {
	t.Helper()
	g, ok := code[it.Code]
	if !ok {
		t.Fatalf("no glyph draws code %U", it.Code)
	}
	m := f.Metrics(g)
	s := it.Size / f.UnitsPerEm
	return -it.Y + m.YMin*s, -it.Y + m.YMax*s
}

// TestSubSuperscriptGap sets scripts tall enough to collide at their
// default shifts, on a character and on a big operator: the superscript's
// ink must end at least SubSuperscriptGapMin above the subscript's (rule
// 18e of the TeXbook's appendix G, with the MATH table's constants).
func TestSubSuperscriptGap(t *testing.T) {
	c, u := constants(t)
	f, _, err := otmath.Default()
	if err != nil {
		t.Fatal(err)
	}
	code := map[rune]otmath.GlyphID{}
	for g := range f.NumGlyphs() {
		if r := f.Code(otmath.GlyphID(g)); r != 0 {
			code[r] = otmath.GlyphID(g)
		}
	}
	for _, tc := range []struct{ tex, sup, sub string }{
		{`x^{(}_{(}`, "(", "("},
		{`\textstyle x^{(}_{(}`, "(", "("},
		{`x^{g}_{l}`, "g", "l"},
	} {
		b := display(t, tc.tex)
		gs := glyphs(b)
		if len(gs) != 3 {
			t.Fatalf("%s: %d glyphs", tc.tex, len(gs))
		}
		// The nucleus, then the scripts; the superscript is the higher.
		s1, s2 := gs[1], gs[2]
		if s1.Y > s2.Y {
			s1, s2 = s2, s1
		}
		supBottom, _ := inkOf(t, f, code, s1)
		_, subTop := inkOf(t, f, code, s2)
		if gap := supBottom - subTop; gap < u(c.SubSuperscriptGapMin)-0.01 {
			t.Errorf("%s: %.3f pt between the superscript and the subscript, want at least %.3f", tc.tex, gap, u(c.SubSuperscriptGapMin))
		}
	}
}

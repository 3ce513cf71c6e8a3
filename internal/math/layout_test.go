package math

import (
	"flag"
	"fmt"
	stdmath "math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/math/otmath"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const size = 10.0

func display(t *testing.T, tex string) *Box {
	t.Helper()
	f, err := Parse(tex, true, nil)
	if err != nil {
		t.Fatalf("%s: %v", tex, err)
	}
	d, err := f.LayoutDisplay(Options{Size: size})
	if err != nil {
		t.Fatal(err)
	}
	return d.Lines[0].Box
}

func inline(t *testing.T, tex string) *Inline {
	t.Helper()
	f, err := Parse(tex, false, nil)
	if err != nil {
		t.Fatalf("%s: %v", tex, err)
	}
	in, err := f.LayoutInline(Options{Size: size})
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// constants returns the MATH constants in points at the text-style size.
func constants(t *testing.T) (*otmath.Constants, func(float64) float64) {
	f, _, err := otmath.Default()
	if err != nil {
		t.Fatal(err)
	}
	s := size * Scale("") / f.UnitsPerEm
	return &f.Constants, func(v float64) float64 { return v * s }
}

func glyphs(b *Box) []Item {
	var out []Item
	for _, it := range b.Items {
		if it.Kind == Glyph {
			out = append(out, it)
		}
	}
	return out
}

func near(a, b float64) bool { return stdmath.Abs(a-b) < 0.01 }

// The superscript of a character rises by SuperscriptShiftUp in display
// and text style alike, by SuperscriptShiftUpCramped when cramped (under
// a radical), and sits at a smaller size.
func TestSuperscriptShift(t *testing.T) {
	c, u := constants(t)
	for _, tc := range []struct {
		tex  string
		rise float64
	}{
		{`x^2`, u(c.SuperscriptShiftUp)},
		{`\textstyle x^2`, u(c.SuperscriptShiftUp)},
		{`\sqrt{x^2}`, u(c.SuperscriptShiftUpCramped)},
	} {
		b := display(t, tc.tex)
		var x, two *Item
		for _, g := range glyphs(b) {
			g := g
			if x == nil && g.Size == glyphs(b)[0].Size && tc.tex[0] != '\\' {
				x = &g
			}
			if g.Code == '2' {
				two = &g
			}
		}
		if two == nil {
			t.Fatalf("%s: no 2 in %+v", tc.tex, b.Items)
		}
		if !near(-two.Y, tc.rise) {
			t.Errorf("%s: superscript at %.3f pt up, want %.3f", tc.tex, -two.Y, tc.rise)
		}
		if want := size * Scale("") * c.ScriptPercentScaleDown / 100; !near(two.Size, want) {
			t.Errorf("%s: superscript size %.3f, want %.3f", tc.tex, two.Size, want)
		}
	}
	if !(c.SuperscriptShiftUpCramped < c.SuperscriptShiftUp) {
		t.Fatal("the font's cramped shift is not smaller; the test cannot tell them apart")
	}
}

// A fraction's rule has the MATH table's thickness, centred on the axis,
// and its numerator and denominator keep at least the gaps of the style.
func TestFractionRule(t *testing.T) {
	c, u := constants(t)
	for _, disp := range []bool{true, false} {
		tex := `\frac{a}{b}`
		if !disp {
			tex = `\textstyle\frac{a}{b}`
		}
		b := display(t, tex)
		var rule *Item
		for _, it := range b.Items {
			if it.Kind == Rule {
				it := it
				rule = &it
			}
		}
		if rule == nil {
			t.Fatalf("%s: no rule", tex)
		}
		if !near(rule.H, u(c.FractionRuleThickness)) {
			t.Errorf("%s: rule %.3f pt thick, want %.3f", tex, rule.H, u(c.FractionRuleThickness))
		}
		if mid := -(rule.Y + rule.H/2); !near(mid, u(c.AxisHeight)) {
			t.Errorf("%s: rule centred %.3f pt up, want the axis %.3f", tex, mid, u(c.AxisHeight))
		}
		g := glyphs(b)
		num, den := g[0], g[1]
		if num.Y > den.Y {
			num, den = den, num
		}
		shiftUp, gapNum := u(c.FractionNumeratorShiftUp), u(c.FractionNumeratorGapMin)
		shiftDown := u(c.FractionDenominatorShiftDown)
		if disp {
			shiftUp, gapNum = u(c.FractionNumeratorDisplayStyleShiftUp), u(c.FractionNumDisplayStyleGapMin)
			shiftDown = u(c.FractionDenominatorDisplayStyleShiftDown)
		}
		if -num.Y < shiftUp-0.001 {
			t.Errorf("%s: numerator at %.3f, below its shift %.3f", tex, -num.Y, shiftUp)
		}
		if den.Y < shiftDown-0.001 {
			t.Errorf("%s: denominator at %.3f, above its shift %.3f", tex, den.Y, shiftDown)
		}
		_ = gapNum
	}
}

// Limits go above and below a large operator in display style, and to
// its right in text style.
func TestLimits(t *testing.T) {
	find := func(b *Box, r rune) Item {
		for _, g := range glyphs(b) {
			if g.Code == r {
				return g
			}
		}
		t.Fatalf("no %c in %+v", r, b.Items)
		return Item{}
	}
	d := display(t, `\sum_{i}^{n}`)
	gs := glyphs(d)
	sum := gs[0]
	for _, g := range gs {
		if g.Size > sum.Size {
			sum = g
		}
	}
	f, _, _ := otmath.Default()
	iCode := f.Code(mustGlyph(t, f, 0x1D456))
	nCode := f.Code(mustGlyph(t, f, 0x1D45B))
	i, n := find(d, iCode), find(d, nCode)
	if !(i.Y > 0 && n.Y < -d.H/2) {
		t.Errorf("display: sub at y %.2f and sup at %.2f, want below and above", i.Y, n.Y)
	}
	if i.X <= sum.X || i.X >= sum.X+d.W {
		t.Errorf("display: sub at x %.2f not over the operator", i.X)
	}
	tb := display(t, `\textstyle\sum_{i}^{n}`)
	ti, tn := find(tb, iCode), find(tb, nCode)
	if !(ti.X > 4 && tn.X > 4 && ti.Y > 0 && tn.Y < 0) {
		t.Errorf("text: scripts at (%.2f, %.2f) and (%.2f, %.2f), want right of the operator", ti.X, ti.Y, tn.X, tn.Y)
	}
	if beside, above := display(t, `\int_a^b`).W, display(t, `\int\limits_a^b`).W; !(beside > above+1) {
		t.Errorf(`\int keeps its limits beside it (%.2f wide) unless \limits (%.2f)`, beside, above)
	}
}

func mustGlyph(t *testing.T, f *otmath.Font, r rune) otmath.GlyphID {
	g, ok := f.GlyphOf(r)
	if !ok {
		t.Fatalf("no glyph for %U", r)
	}
	return g
}

// \left( grows with its content: taller content, taller parentheses,
// always at least as tall as the content, centred on the axis.
func TestDelimiterGrowth(t *testing.T) {
	prev := 0.0
	for _, inner := range []string{`x`, `\frac{a}{b}`, `\frac{\frac{a}{b}}{\frac{c}{d}}`, `\begin{matrix}a\\b\\c\\d\\e\end{matrix}`} {
		content := display(t, inner)
		b := display(t, `\left(`+inner+`\right)`)
		if h := b.H + b.D; h <= prev {
			t.Errorf("%s: delimited height %.2f not above the last %.2f", inner, h, prev)
		} else {
			prev = h
		}
		if b.H+b.D < 0.9*(content.H+content.D) {
			t.Errorf("%s: delimiters %.2f tall for content %.2f", inner, b.H+b.D, content.H+content.D)
		}
	}
}

// An inline formula breaks after relations and binary operators at the
// top level only, at TeX's penalties.
func TestInlineBreaks(t *testing.T) {
	in := inline(t, `a = b + {c + d} - e`)
	var pens []float64
	for _, p := range in.Pieces {
		if p.Break {
			pens = append(pens, p.Penalty)
		}
	}
	if fmt.Sprint(pens) != fmt.Sprint([]float64{RelPenalty, BinOpPenalty, BinOpPenalty}) {
		t.Errorf("break penalties %v, want after =, + and - (not inside the group)", pens)
	}
	if len(inline(t, `\left(a + b\right)`).Pieces) != 1 {
		t.Error("a \\left...\\right group must not break")
	}
}

// Golden display lists: the items of a few formulas, rounded.
func TestGolden(t *testing.T) {
	for name, tex := range map[string]string{
		"quadratic": `x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}`,
		"sum":       `\sum_{k=1}^{n} k^2 = \frac{n(n+1)(2n+1)}{6}`,
		"matrix":    `\begin{pmatrix} a & b \\ c & d \end{pmatrix}`,
		"integral":  `\int_0^\infty e^{-x^2}\,dx`,
	} {
		b := display(t, tex)
		var sb strings.Builder
		fmt.Fprintf(&sb, "%s\nW %.2f H %.2f D %.2f\n", tex, b.W, b.H, b.D)
		for _, it := range b.Items {
			switch it.Kind {
			case Glyph:
				fmt.Fprintf(&sb, "glyph U+%04X %.2f %.2f size %.2f\n", it.Code, it.X, it.Y, it.Size)
			case Rule:
				fmt.Fprintf(&sb, "rule %.2f %.2f %.2f x %.2f\n", it.X, it.Y, it.W, it.H)
			case TextRun:
				fmt.Fprintf(&sb, "text %q %s %.2f %.2f size %.2f\n", it.S, it.Face, it.X, it.Y, it.Size)
			}
		}
		path := filepath.Join("testdata", name+".golden")
		if *update {
			os.MkdirAll("testdata", 0o755)
			if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/math -run Golden -update)", err)
		}
		if sb.String() != string(want) {
			t.Errorf("%s: display list differs from %s:\n%s", name, path, sb.String())
		}
	}
}

// Primes alone are the math face's U+2032... at the size of their base,
// on its baseline (the glyph is drawn raised), after the base's italic
// correction; a subscript beside them drops as without them; a prime
// with a superscript stays in the superscript.
func TestPrimes(t *testing.T) {
	c, u := constants(t)
	for _, tc := range []struct {
		tex  string
		code rune
	}{
		{`f'`, 0x2032},
		{`f''`, 0x2033},
		{`f'''`, 0x2034},
	} {
		gs := glyphs(display(t, tc.tex))
		if len(gs) != 2 || gs[1].Code != tc.code {
			t.Fatalf("%s: glyphs %+v", tc.tex, gs)
		}
		if !near(gs[1].Size, gs[0].Size) || !near(gs[1].Y, 0) {
			t.Errorf("%s: prime at size %.2f, %.2f pt up; want the base's size %.2f on the baseline", tc.tex, gs[1].Size, -gs[1].Y, gs[0].Size)
		}
		if gs[1].X < gs[0].X+0.1 {
			t.Errorf("%s: prime at x %.2f, not after its base", tc.tex, gs[1].X)
		}
	}
	gs := glyphs(display(t, `f'_i`))
	if len(gs) != 3 || !near(gs[1].Y, 0) || !near(gs[2].Y, u(c.SubscriptShiftDown)) {
		t.Errorf("f'_i: %+v (subscript want %.2f pt down)", gs, u(c.SubscriptShiftDown))
	}
	gs = glyphs(display(t, `f'^2`))
	if len(gs) != 3 || near(gs[1].Y, 0) || near(gs[1].Size, gs[0].Size) {
		t.Errorf("f'^2: the prime is not in the superscript: %+v", gs)
	}
}

// \implies is amsmath's \;\Longrightarrow\;: 5 mu more each side than
// the bare arrow (and \iff than \Longleftrightarrow).
func TestImpliesSpacing(t *testing.T) {
	for _, pair := range [][2]string{{`\implies`, `\Longrightarrow`}, {`\iff`, `\Longleftrightarrow`}, {`\impliedby`, `\Longleftarrow`}} {
		a := display(t, `a `+pair[0]+` b`).W
		b := display(t, `a `+pair[1]+` b`).W
		if want := 10 * size * Scale("") / 18; !near(a-b, want) {
			t.Errorf("%s is %.2f pt wider than %s, want %.2f", pair[0], a-b, pair[1], want)
		}
	}
}

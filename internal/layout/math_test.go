package layout

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	texmath "quire/internal/math"
)

func parseMath(t *testing.T, ms *texmath.Macros, tex string) *texmath.Formula {
	t.Helper()
	f, err := texmath.Parse(tex, false, ms)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestMathCache: a formula is set at most twice for each size, face and
// colour it is set in (the first time it is only noted); a nil cache sets
// it each time.
func TestMathCache(t *testing.T) {
	f := parseMath(t, texmath.NewMacros(), `\frac{a}{b} + x^2`)
	c := &mathCache{}
	body := &textStyle{face: font.Serif, size: 10}
	once := c.inline(f, body)
	if c.m[mathKey{f, 10, font.Serif, doc.Color{}}] != nil {
		t.Error("a formula set once is kept")
	}
	s := c.inline(f, body)
	if s.err != nil || len(s.pieces) != 2 || s == once || len(once.pieces) != 2 || once.pieces[1].w != s.pieces[1].w || once.runs == nil || s.runs != nil {
		t.Fatalf("%d pieces, %v", len(s.pieces), s.err)
	}
	for range 3 {
		if c.inline(f, &textStyle{face: font.Serif, size: 10}) != s {
			t.Error("the formula is set a third time in the same style")
		}
	}
	for _, st := range []*textStyle{{face: font.Serif, size: 8}, {face: font.Serif, size: 10, color: doc.Color{R: 1}}, {face: font.SansBold, size: 10}} {
		c.inline(f, st) // kept: the formula was met before, in another style
	}
	small := c.inline(f, &textStyle{face: font.Serif, size: 8})
	red := c.inline(f, &textStyle{face: font.Serif, size: 10, color: doc.Color{R: 1}})
	sans := c.inline(f, &textStyle{face: font.SansBold, size: 10})
	if small == s || red == s || sans == s || small.pieces[0].w >= s.pieces[0].w {
		t.Error("a formula in another size, colour or face is the one set before")
	}
	if tm := red.pieces[0].tmpl; !tm.isRule(0) && tm.texts[0].Color() != (doc.Color{R: 1}) || tm.isRule(0) && *tm.rules[0].Path().Fill != (doc.Color{R: 1}) {
		t.Errorf("the red formula's first item is not red: %+v", tm.texts[0])
	}
	if c.inline(f, &textStyle{face: font.Sans, size: 10}) != sans {
		t.Error("the sans faces set \\text alike: one entry")
	}
	var none *mathCache
	if a, b := none.inline(f, body), none.inline(f, body); a == b || len(a.pieces) != 2 {
		t.Error("a nil cache keeps what it set")
	}
}

// TestMathTemplate: a formula's items set at (x, y) are the template's at
// the origin moved there, glyph for glyph and rule for rule, one
// ActualText span from the first run to the last, wherever it is set.
func TestMathTemplate(t *testing.T) {
	f := parseMath(t, nil, `\frac{a}{b} \sqrt{x^2 + 1}`)
	in, err := f.LayoutInline(texmath.Options{Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	box := in.Pieces[0].Box
	text := "a/b √(x² + 1)"
	at0 := newMathTmpl(box, text).place(nil, 0, 0)
	x, y := 123.456, 78.9
	tm := newMathTmpl(box, text)
	tm.shared = true
	at := tm.place(nil, x, y)
	if again := tm.place(nil, x, y); len(again) != len(at) || again[0] == at[0] {
		t.Errorf("a shared template placed again: %d items, %d the first time, the same first item %v", len(again), len(at), again[0] == at[0])
	}
	if len(at) != len(at0) || len(at) < 3 {
		t.Fatalf("%d and %d items", len(at0), len(at))
	}
	var rules, glyphs int
	for i := range at {
		switch a := at[i].(type) {
		case *draw.Text:
			b := at0[i].(*draw.Text)
			if a.X != x+b.X || a.Y != y+b.Y || a.S != b.S || a.Size != b.Size || len(a.Glyphs) != len(b.Glyphs) {
				t.Errorf("item %d: %+v at the origin, %+v at (%g, %g)", i, b, a, x, y)
			}
			glyphs += len([]rune(a.S))
			if (a.Actual() != nil) != (i == 0) || a.EndActual != (i == len(at)-1) {
				t.Errorf("item %d: actual %v, end %v", i, a.Actual() != nil, a.EndActual)
			}
		case *draw.Path:
			b := at0[i].(*draw.Path)
			p, q := a.Ops[0].Points[0], b.Ops[0].Points[0]
			if p[0] != x+q[0] || p[1] != y+q[1] {
				t.Errorf("rule %d at %v, at the origin %v", i, p, q)
			}
			rules++
		}
	}
	// Each glyph of the box is drawn once, where the box puts it.
	n := 0
	for _, it := range box.Items {
		if it.Kind == texmath.Glyph {
			n++
		}
	}
	if glyphs < n || rules != 2 {
		t.Errorf("%d glyphs drawn of %d, %d rules", glyphs, n, rules)
	}
	for _, it := range at {
		r, ok := it.(*draw.Text)
		if !ok || r.Invisible {
			continue
		}
		gx := r.X
		for k, g := range r.Glyphs {
			found := false
			for _, bi := range box.Items {
				if bi.Kind == texmath.Glyph && bi.Code == g.Code && math.Abs(x+bi.X-gx) < 1e-6 && math.Abs(y+bi.Y-r.Y) < 1e-6 {
					found = true
				}
			}
			if !found {
				t.Errorf("glyph %d %q of run %q at %.3f: not where the box puts it", k, g.Code, r.S, gx)
			}
			gx += float64(g.Adv) * r.Size / 1000
		}
	}
}

// TestMathRuns: the glyphs on one baseline, at one size, are one run,
// whatever comes between them; the first run starts the span at the
// origin and the run that ends the formula ends it.
func TestMathRuns(t *testing.T) {
	f := parseMath(t, nil, `a_i b_i c_i d`)
	in, err := f.LayoutInline(texmath.Options{Size: 10})
	if err != nil || len(in.Pieces) != 1 {
		t.Fatal(err, len(in.Pieces))
	}
	text := "aᵢbᵢcᵢd"
	items := newMathTmpl(in.Pieces[0].Box, text).place(nil, 0, 0)
	var runs []*draw.Text
	for _, it := range items {
		if r, ok := it.(*draw.Text); ok {
			runs = append(runs, r)
		}
	}
	// a; the three subscripts; b c d.
	if len(runs) != 3 || len(runs[0].Glyphs) != 1 || len(runs[1].Glyphs) != 3 || len(runs[2].Glyphs) != 3 {
		for _, r := range runs {
			t.Logf("%q at %.2f, %.2f", r.S, r.X, r.Y)
		}
		t.Fatalf("%d runs", len(runs))
	}
	last := runs[2]
	w := 0.0
	for _, g := range last.Glyphs {
		w += float64(g.Adv)
	}
	if runs[0].Actual() == nil || runs[0].X != 0 || !last.EndActual || last.Y != 0 || math.Abs(last.X+w*last.Size/1000-in.Pieces[0].Box.W) > 0.01 {
		t.Errorf("the span: %+v ... %+v", runs[0], last)
	}
	for _, r := range runs {
		if r.Invisible {
			t.Errorf("an invisible mark: %+v", r)
		}
	}
}

// TestMathInNote: a formula in the text and the same in a footnote are
// each set in their own size.
func TestMathInNote(t *testing.T) {
	f := parseMath(t, texmath.NewMacros(), `x^2 + y^2`)
	m := doc.Math{TeX: `x^2 + y^2`, Formula: f, Text: f.Text()}
	note := &doc.Note{Number: 1, Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "In a note "}, m, doc.Text{S: "."}}}}}
	d := &doc.Document{Meta: doc.Meta{Title: "Notes"}, Blocks: []doc.Block{
		&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "In the text "}, m, doc.NoteRef{Note: note}, doc.Text{S: " and again "}, m, doc.Text{S: "."}}},
	}}
	pages, err := New(article(t), &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[float64]int{}
	for _, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if r, ok := it.(*draw.Text); ok && r.Face == font.Math && r.Actual() != nil {
				sizes[math.Round(r.Size*100)/100]++
			}
		}
	}
	if len(sizes) != 2 {
		t.Fatalf("the formulas in %d sizes: %v", len(sizes), sizes)
	}
	var big, small float64
	for s := range sizes {
		if s > big {
			big = s
		}
		if small == 0 || s < small {
			small = s
		}
	}
	// Two pieces a formula (a line may break after the +): set side by
	// side on a line, the pieces of a formula set once (the first in the
	// text) are one span, those of one set again (from the cache: the
	// second, and the note's) a span each.
	if sizes[big] != 3 || sizes[small] != 2 || small >= big {
		t.Errorf("sizes of the formulas: %v", sizes)
	}
}

// TestMathRecycled: a formula's template holds nothing of the items its
// layout gave, whose memory later layouts take again: set from the cache
// after other formulas were laid out, it draws what its items say.
func TestMathRecycled(t *testing.T) {
	c := &mathCache{}
	st := &textStyle{face: font.Serif, size: 10}
	f := parseMath(t, texmath.NewMacros(), `\frac{a}{b} + \sqrt{x} \overline{y}`)
	text := "a/b + √x y̅"
	// What the formula draws, from items no later layout takes.
	in, err := f.LayoutInline(mathOptions(st))
	if err != nil {
		t.Fatal(err)
	}
	var first []draw.Item
	for _, pc := range in.Pieces {
		first = newMathTmpl(pc.Box, text).place(first, 0, 0)
	}
	c.inline(f, st)
	for _, s := range []string{`\frac{c}{d}`, `x^2 + \frac{1}{\sqrt{y}}`, `\underline{z} = \overline{w}`, `\binom{n}{k}`} {
		c.inline(parseMath(t, texmath.NewMacros(), s), st)
	}
	var again []draw.Item
	for _, pc := range c.inline(f, st).pieces {
		again = pc.tmpl.place(again, 0, 0)
	}
	if len(first) != len(again) {
		t.Fatalf("%d items, then %d", len(first), len(again))
	}
	rules := 0
	for i := range first {
		switch a := first[i].(type) {
		case *draw.Path:
			b := again[i].(*draw.Path)
			if a.Ops[0].Points != b.Ops[0].Points || a.Ops[2].Points != b.Ops[2].Points || *a.Fill != *b.Fill {
				t.Errorf("rule %d: %+v, then %+v", i, a.Ops, b.Ops)
			}
			rules++
		case *draw.Text:
			b := again[i].(*draw.Text)
			if a.X != b.X || a.Y != b.Y || a.S != b.S || a.Size != b.Size {
				t.Errorf("run %d: %+v, then %+v", i, a, b)
			}
		}
	}
	if rules < 3 {
		t.Errorf("%d rules", rules)
	}
}

// BenchmarkMathInlineVaried sets distinct formulas (the build package's
// Varied benchmark's: each with its own term + c_{k}) without a cache, as
// a formula met once is: the layout, its template and its placement on a
// line.
func BenchmarkMathInlineVaried(b *testing.B) {
	src := []string{
		`x^2 + y^2 = z^2`,
		`\frac{n(n+1)}{2}`,
		`\sum_{i=1}^{n} a_i b_i \le \sqrt{\sum a_i^2}\,\sqrt{\sum b_i^2}`,
		`\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt\pi}{2}`,
		`\left( \frac{a}{b} \right)^{2}`,
		`\alpha_{ij} \in \mathbb{R}`,
		`\begin{pmatrix} a & b \\ c & d \end{pmatrix}`,
		`\hat{\theta} = \bar{x} \pm 1.96\,\sigma/\sqrt{n}`,
	}
	var fs []*texmath.Formula
	for k := 0; k < 64; k++ {
		f, err := texmath.Parse(src[k%len(src)]+` + c_{`+strconv.Itoa(k)+`}`, false, nil)
		if err != nil {
			b.Fatal(err)
		}
		fs = append(fs, f)
	}
	st := &textStyle{face: font.Serif, size: 10}
	var c *mathCache
	var out []draw.Item
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := c.inline(fs[i%len(fs)], st)
		out = out[:0]
		for k := range s.pieces {
			out = s.pieces[k].tmpl.place(out, 10, 20)
		}
	}
}

// TestMathAllocs: a formula met once is laid out, made into its
// templates and placed with few allocations (a few per formula, not a
// few per glyph or run: 16 for this one of four pieces when written, 5
// now: its set, the pieces' texts and Looks, the glyphs, their code
// points and the runs; the layout's are recycled, the pieces' texts
// are the formula's, and placing it moves what the templates hold).
func TestMathAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's pools drop what they hold")
	}
	f := parseMath(t, nil, `x^2 + y^2 = z^2 + c_{12}`)
	st := &textStyle{face: font.Serif, size: 10}
	var out []draw.Item
	n := testing.AllocsPerRun(100, func() {
		s := (*mathCache)(nil).inline(f, st)
		out = out[:0]
		for k := range s.pieces {
			out = s.pieces[k].tmpl.place(out, 10, 20)
		}
	})
	if len(out) == 0 || n > 6 {
		t.Errorf("%d items, %v allocations", len(out), n)
	}
}

// TestMathJoinedSpans: the pieces of a formula set once that stand side by
// side on a line are one ActualText span standing for the formula's text,
// with no invisible mark where they meet; a formula broken across lines is
// a span on each line, together its text. Each formula here is its own
// (set once), and some of them are broken.
func TestMathJoinedSpans(t *testing.T) {
	var content []doc.Inline
	for k := range 60 {
		f := parseMath(t, nil, `x^2 + y^2 = z^2 + c_{`+strconv.Itoa(k)+`}`)
		content = append(content, doc.Text{S: "Some words before the formula "}, doc.Math{TeX: "…", Formula: f, Text: f.Text()}, doc.Text{S: " and after it. "})
	}
	d := &doc.Document{Meta: doc.Meta{Title: "Spans"}, Blocks: []doc.Block{&doc.Paragraph{Content: content}}}
	pages, err := New(article(t), &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	type formula struct {
		spans []string
		ends  int
		lines int
		lastY float64
		marks int
	}
	got := map[*draw.Node]*formula{}
	var order []*draw.Node
	for _, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			r, ok := it.(*draw.Text)
			if !ok || r.Face != font.Math {
				continue
			}
			f := got[r.Tag]
			if f == nil {
				f = &formula{lastY: math.Inf(1)}
				got[r.Tag] = f
				order = append(order, r.Tag)
			}
			if a := r.Actual(); a != nil {
				f.spans = append(f.spans, *a)
			}
			if r.EndActual {
				f.ends++
			}
			if r.Invisible {
				f.marks++
			}
			if math.Abs(r.Y-f.lastY) > 7 { // not its line's baseline or scripts
				f.lines++
			}
			f.lastY = r.Y
		}
	}
	if len(got) != 60 {
		t.Fatalf("%d formulas", len(got))
	}
	broken := 0
	for i, n := range order {
		f := got[n]
		want := "x² + y² = z² + c" + subscript(i)
		if len(f.spans) != f.ends {
			t.Errorf("formula %d: %d spans started, %d ended", i, len(f.spans), f.ends)
		}
		if f.lines == 1 {
			if len(f.spans) != 1 || f.spans[0] != want || f.marks > 2 {
				t.Errorf("formula %d on one line: spans %q, %d marks; want one, %q", i, f.spans, f.marks, want)
			}
			continue
		}
		broken++
		if len(f.spans) < 2 || strings.Join(f.spans, " ") != want {
			t.Errorf("formula %d broken across lines: spans %q, want a span a line, together %q", i, f.spans, want)
		}
	}
	if broken == 0 || broken == len(order) {
		t.Errorf("%d of %d formulas broken across lines: the test wants both kinds", broken, len(order))
	}
}

// subscript writes n in subscript digits.
func subscript(n int) string {
	var b strings.Builder
	for _, c := range strconv.Itoa(n) {
		b.WriteRune('₀' + c - '0')
	}
	return b.String()
}

// TestMathJoinedCopy: a formula's pieces placed joined and then placed
// again (copied from where they were) are a span each again, with their
// own texts, their marks drawn.
func TestMathJoinedCopy(t *testing.T) {
	f := parseMath(t, nil, `x^2 + y^2 = z^2 + c_{12}`)
	s := (*mathCache)(nil).inline(f, &textStyle{face: font.Serif, size: 10})
	var own []string
	for k := range s.pieces {
		own = append(own, *s.pieces[k].tmpl.texts[0].Actual())
	}
	var joined, again []draw.Item
	x := 10.0
	for k := range s.pieces {
		var j mathJoin
		if k > 0 {
			j |= joinPrev
		}
		if k < len(s.pieces)-1 {
			j |= joinNext
		}
		text := ""
		if k == 0 {
			text = strings.Join(own, " ")
		}
		joined = s.pieces[k].tmpl.placeJoined(joined, x, 20, j, text)
		x += s.pieces[k].w + 3
	}
	for k := range s.pieces {
		again = s.pieces[k].tmpl.place(again, 10, 40)
	}
	spans := func(items []draw.Item) (starts []string, ends, marks int) {
		for _, it := range items {
			if r, ok := it.(*draw.Text); ok {
				if r.Actual() != nil {
					starts = append(starts, *r.Actual())
				}
				if r.EndActual {
					ends++
				}
				if r.Invisible {
					marks++
				}
			}
		}
		return
	}
	if st, e, _ := spans(joined); len(st) != 1 || st[0] != strings.Join(own, " ") || e != 1 {
		t.Errorf("joined: spans %q, %d ends", st, e)
	}
	st, e, m := spans(again)
	if strings.Join(st, "|") != strings.Join(own, "|") || e != len(own) || m == 0 {
		t.Errorf("placed again: spans %q, %d ends, %d marks; want %q", st, e, m, own)
	}
}

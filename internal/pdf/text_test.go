package pdf

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"quire/internal/draw"
	"quire/internal/font"
)

// A glyphAt is a glyph a content stream shows, where it shows it (PDF
// coordinates, unrotated text only) and in which font resource and size.
type glyphAt struct {
	code      rune
	x, y      float64
	font      string
	size      float64
	mode      int // text rendering mode
	inText    bool
	spanDepth int // ActualText spans open around it
}

// showGlyphs interprets the text operators of an uncompressed content
// stream (the subset the writer uses: BT ET Tf Td Tm TJ Tr, BDC/EMC) with
// the font's /W widths (Face.PDFWidth for the faces in widths, by resource
// name) and returns every glyph shown. It fails the test on what a reader
// would refuse: text operators outside BT/ET, nested BT, marked content
// that crosses a text object's boundary, an unbalanced EMC.
func showGlyphs(t *testing.T, content []byte, widths map[string]*font.Face) []glyphAt {
	t.Helper()
	var (
		out          []glyphAt
		inBT         bool
		lx, ly, px   float64
		fontName     string
		size         float64
		mode         int
		operands     [][]byte
		marks        []bool // per open marked-content sequence: opened inside a text object
		spanDepth    int
		spans        []bool // per open sequence: is it an ActualText span
		rotated      bool
		pendingArray [][]byte
	)
	num := func(b []byte) float64 {
		v, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			t.Fatalf("bad number %q", b)
		}
		return v
	}
	show := func(s []byte) {
		f := widths[fontName]
		if f == nil {
			t.Fatalf("text in unknown font %q", fontName)
		}
		for i := 0; i+1 < len(s); i += 2 {
			c := rune(s[i])<<8 | rune(s[i+1])
			if !rotated {
				out = append(out, glyphAt{c, px, ly, fontName, size, mode, true, spanDepth})
			}
			px += float64(f.PDFWidth(c)) * size / 1000
		}
	}
	i := 0
	for i < len(content) {
		c := content[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r':
			i++
		case c == '(':
			// A literal string.
			var s []byte
			for i++; content[i] != ')'; i++ {
				if content[i] == '\\' {
					i++
					if content[i] == 'r' {
						s = append(s, '\r')
						continue
					}
				}
				s = append(s, content[i])
			}
			i++
			operands = append(operands, s)
		case c == '[':
			operands = append(operands, nil)
			pendingArray = pendingArray[:0]
			i++
			// The elements up to "]", strings marked by a leading '('.
			for content[i] != ']' {
				switch {
				case content[i] == '(':
					s := []byte{'('}
					for i++; content[i] != ')'; i++ {
						if content[i] == '\\' {
							i++
							if content[i] == 'r' {
								s = append(s, '\r')
								continue
							}
						}
						s = append(s, content[i])
					}
					i++
					pendingArray = append(pendingArray, s)
				case content[i] == ' ':
					i++
				default:
					j := i
					for content[j] != '(' && content[j] != ']' && content[j] != ' ' {
						j++
					}
					pendingArray = append(pendingArray, content[i:j])
					i = j
				}
			}
			i++
		case c == '<' && content[i+1] == '<':
			// A dictionary operand (BDC): skip it.
			depth := 0
			for {
				if content[i] == '<' && content[i+1] == '<' {
					depth++
					i += 2
				} else if content[i] == '<' {
					// A hexadecimal string.
					i += bytes.IndexByte(content[i:], '>') + 1
				} else if content[i] == '>' && content[i+1] == '>' {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
			operands = append(operands, []byte("<<>>"))
		case c == '/':
			j := i + 1
			for j < len(content) && !bytes.ContainsRune([]byte(" \n/<[("), rune(content[j])) {
				j++
			}
			operands = append(operands, content[i:j])
			i = j
		default:
			j := i
			for j < len(content) && !bytes.ContainsRune([]byte(" \n/<[("), rune(content[j])) {
				j++
			}
			tok := content[i:j]
			i = j
			if (tok[0] >= '0' && tok[0] <= '9') || tok[0] == '-' || tok[0] == '.' {
				operands = append(operands, tok)
				continue
			}
			op := string(tok)
			textOnly := op == "Td" || op == "Tm" || op == "TJ" || op == "Tj"
			if textOnly && !inBT {
				t.Fatalf("%s outside a text object", op)
			}
			switch op {
			case "BT":
				if inBT {
					t.Fatal("BT inside a text object")
				}
				inBT, lx, ly, px, rotated = true, 0, 0, 0, false
			case "ET":
				if !inBT {
					t.Fatal("ET outside a text object")
				}
				if len(marks) > 0 && marks[len(marks)-1] {
					t.Fatal("a marked-content sequence opened in a text object is still open at ET")
				}
				inBT = false
			case "Tf":
				fontName, size = string(operands[0]), num(operands[1])
			case "Tr":
				mode = int(num(operands[0]))
			case "Td":
				lx += num(operands[0])
				ly += num(operands[1])
				px = lx
			case "Tm":
				rotated = num(operands[1]) != 0
				lx, ly = num(operands[4]), num(operands[5])
				px = lx
			case "TJ":
				for _, e := range pendingArray {
					if e[0] == '(' {
						show(e[1:])
					} else {
						px -= num(e) * size / 1000
					}
				}
			case "BDC":
				marks = append(marks, inBT)
				span := bytes.Equal(operands[0], []byte("/Span"))
				spans = append(spans, span)
				if span {
					spanDepth++
				}
			case "EMC":
				if len(marks) == 0 {
					t.Fatal("EMC without BDC")
				}
				if marks[len(marks)-1] != inBT {
					t.Fatalf("a marked-content sequence crosses a text object's boundary:\n%s", content[:i])
				}
				if spans[len(spans)-1] {
					spanDepth--
				}
				marks, spans = marks[:len(marks)-1], spans[:len(spans)-1]
			case "q", "Q", "m", "l", "c", "h", "f", "f*", "S", "B", "B*", "re", "cm", "Do", "W", "n":
				if inBT {
					t.Fatalf("%s inside a text object", op)
				}
			}
			operands = operands[:0]
		}
	}
	if inBT || len(marks) > 0 {
		t.Fatalf("the content ends inside a text object (%v) or %d marked-content sequences", inBT, len(marks))
	}
	return out
}

// pageContents returns the uncompressed content streams of an
// uncompressed file, in page order, and the faces of its font resources.
func pageContents(t *testing.T, pdf []byte, faces []string) ([][]byte, map[string]*font.Face) {
	t.Helper()
	var contents [][]byte
	for _, m := range regexp.MustCompile(`(?s)<</Length [0-9]+>>\nstream\n(.*?)\nendstream`).FindAllSubmatch(pdf, -1) {
		if bytes.HasPrefix(m[1], []byte("0 J\n")) {
			contents = append(contents, m[1])
		}
	}
	// The resource names, by face: each font's /BaseFont names its
	// PostScript name, and the resource dictionary maps names to objects.
	widths := map[string]*font.Face{}
	res := regexp.MustCompile(`(/F[0-9]+) ([0-9]+) 0 R`).FindAllSubmatch(pdf, -1)
	for _, r := range res {
		obj := regexp.MustCompile(`\n` + string(r[2]) + ` 0 obj\n<</Type /Font\n/Subtype /Type0\n/BaseFont /[A-Z]{6}\+([^\n]*)\n`).FindSubmatch(pdf)
		if obj == nil {
			t.Fatalf("no font object for %s", r[1])
		}
		for _, face := range faces {
			f := font.MustGet(face)
			if postScriptName(f.Plain(), face) == string(obj[1]) {
				widths[string(r[1])] = f
			}
		}
	}
	return contents, widths
}

// TestTextObjects: a line of words is one TJ array in one text object,
// lines follow in the same object, and every glyph is drawn where layout
// put it, within a hundredth of a point, in the font and size it asked
// for, whatever the faces, sizes, gaps (a table's cells) and baselines
// (scripts) of the words.
func TestTextObjects(t *testing.T) {
	p := &draw.Page{Width: 400, Height: 400}
	type word struct {
		x, y float64
		face string
		size float64
		s    string
	}
	var ws []word
	for line := range 4 {
		x := 30.0
		for k, s := range []string{"Words", "on", "a", "justified", "line,", "AVATAR", "office", "x²"} {
			w := word{x, 40 + 14*float64(line), font.Serif, 10, s}
			switch {
			case k == 5 && line == 1:
				w.face = font.SerifBold
			case k == 7:
				w.size = 7.3 // a script, raised
				w.y -= 3.3
			}
			ws = append(ws, w)
			x += font.MustGet(w.face).Width(s, w.size) + 2.5 + 0.37*float64(line)
		}
	}
	ws = append(ws, word{30, 120, font.Serif, 9, "Cell"}, word{200, 120, font.Serif, 9, "far"}, word{60, 140, font.Sans, 12, "back"})
	for _, w := range ws {
		p.Items = append(p.Items, &draw.Text{X: w.x, Y: w.y, Face: w.face, Size: w.size, S: w.s})
	}
	out := write(t, []*draw.Page{p}, Meta{}, Options{})
	contents, widths := pageContents(t, out, []string{font.Serif, font.SerifBold, font.Sans})
	if len(contents) != 1 {
		t.Fatalf("%d content streams", len(contents))
	}
	c := contents[0]
	if n := bytes.Count(c, []byte("BT\n")); n != 1 {
		t.Errorf("%d text objects for text alone, want 1:\n%s", n, c)
	}
	if bytes.Contains(c, []byte("BT /F")) {
		t.Error("a font set by fpdf's SetFont")
	}
	// Lines of one face and size are one TJ array each: the first line
	// has 7 words in the serif at 10 points and a script.
	if n := bytes.Count(c, []byte("] TJ")); n > 4*3+1+3 {
		t.Errorf("%d TJ arrays, want at most %d:\n%s", n, 4*3+1+3, c)
	}
	got := showGlyphs(t, c, widths)
	// A Tf for each change of face or size, and no other.
	changes := 0
	for i, w := range ws {
		if i == 0 || w.face != ws[i-1].face || w.size != ws[i-1].size {
			changes++
		}
	}
	if n := bytes.Count(c, []byte(" Tf\n")); n != changes {
		t.Errorf("%d font operators for %d changes:\n%s", n, changes, c)
	}
	k := 0
	for _, w := range ws {
		sh := shapeRuns(t, w.face, w.s)
		x := w.x
		for gi, g := range sh {
			if k >= len(got) {
				t.Fatalf("%d glyphs shown, more wanted", len(got))
			}
			gl := got[k]
			if gl.code != g.Code {
				t.Fatalf("glyph %d of %q is %U, want %U", gi, w.s, gl.code, g.Code)
			}
			if math.Abs(gl.x-x) > 0.011*w.size/10+0.005 || math.Abs(gl.y-(p.Height-w.y)) > 0.0051 {
				t.Errorf("%q glyph %d at (%.3f, %.3f), want (%.3f, %.3f)", w.s, gi, gl.x, gl.y, x, p.Height-w.y)
			}
			if gl.size != math.Round(w.size*100)/100 || widths[gl.font] != font.MustGet(w.face) {
				t.Errorf("%q in %s at %g", w.s, gl.font, gl.size)
			}
			x += float64(g.Adv) * w.size / 1000
			k++
		}
	}
	if k != len(got) {
		t.Errorf("%d glyphs shown, %d drawn", len(got), k)
	}
}

// shapeRuns returns the glyphs the writer draws for s in face: plan's
// shaping, in one face (the test's words need no fallback).
func shapeRuns(t *testing.T, face, s string) []draw.Glyph {
	pl, err := plan([]*draw.Page{{Width: 1, Height: 1, Items: []draw.Item{&draw.Text{Face: face, Size: 10, S: s}}}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.runs[0]) != 1 || pl.runs[0][0].Face != face {
		t.Fatalf("%q shaped in %d runs", s, len(pl.runs[0]))
	}
	return pl.runs[0][0].Glyphs
}

// TestTextObjectsNesting: marked content, ActualText spans, paths, rotated
// and emboldened text and invisible runs nest with text objects as a
// reader wants them (showGlyphs checks), a span of text only lies inside
// its text object and one with a path around it, and an invisible run is
// drawn in mode 3 and what follows it in mode 0.
func TestTextObjectsNesting(t *testing.T) {
	root := draw.NewDocument()
	para := root.Add(draw.RoleP)
	formula := root.Add(draw.RoleFormula)
	s1, s2 := "x+y", "a/b"
	w := func(x, y float64, s string, n *draw.Node) *draw.Text {
		return &draw.Text{X: x, Y: y, Face: font.Serif, Size: 10, S: s, Tag: n, Space: true}
	}
	p := &draw.Page{Width: 300, Height: 300, Items: []draw.Item{
		w(20, 50, "Before", para),
		// A formula of text alone: its span inside the text object.
		&draw.Text{X: 60, Y: 50, Face: font.Serif, Size: 10, S: "x", Tag: formula, Look: &draw.Look{Actual: &s1}},
		&draw.Text{X: 66, Y: 46, Face: font.Serif, Size: 7, S: "2", Tag: formula},
		&draw.Text{X: 66, Y: 50, Face: font.Serif, Size: 10, S: "x", Tag: formula, EndActual: true, Invisible: true},
		w(80, 50, "between", para),
		// A formula with a rule: its span around text objects.
		&draw.Text{X: 140, Y: 45, Face: font.Serif, Size: 10, S: "a", Tag: formula, Look: &draw.Look{Actual: &s2}},
		&draw.Path{Path: draw.Rect(138, 47, 10, 0.5, &draw.Color{}, nil, 0).Path, Tag: formula},
		&draw.Text{X: 140, Y: 57, Face: font.Serif, Size: 10, S: "b", Tag: formula, EndActual: true},
		w(160, 50, "after", para),
		&draw.Text{X: 20, Y: 80, Face: font.Serif, Size: 10, S: "BOLD", Tag: para, Look: &draw.Look{Embolden: 0.3}},
		&draw.Text{X: 200, Y: 200, Face: font.Serif, Size: 10, S: "turned", Tag: para, Look: &draw.Look{Angle: 90}},
		w(20, 100, "last", para),
	}}
	out := write(t, []*draw.Page{p}, Meta{}, Options{Tagged: true})
	contents, widths := pageContents(t, out, []string{font.Serif})
	c := contents[0]
	got := showGlyphs(t, c, widths)
	span1 := regexp.MustCompile(`(?s)BT\n(?:[^E]|E[^T])*?/Span<</ActualText` + regexp.QuoteMeta(string(appendSpanText(nil, s1))) + `>>BDC\n`).Find(c)
	if span1 == nil {
		t.Errorf("the span of text alone is not inside its text object:\n%s", c)
	}
	if !bytes.Contains(c, []byte("/Span<</ActualText"+string(appendSpanText(nil, s2))+">>BDC\nBT\n")) {
		t.Errorf("the span with a rule does not open outside a text object:\n%s", c)
	}
	// The glyphs after the invisible x are drawn visibly, the bold in
	// fill and stroke.
	var invisible, bold, after int
	for _, g := range got {
		switch {
		case g.mode == 3:
			invisible++
		case g.mode == 2:
			bold++
		}
		if g.code == 'b' && g.spanDepth == 1 && g.mode != 0 {
			t.Errorf("b drawn in mode %d", g.mode)
		}
		if g.code == 'l' && g.mode == 0 {
			after++
		}
	}
	if invisible != 1 || bold != 4 || after == 0 {
		t.Errorf("%d invisible glyphs (want 1), %d emboldened (want 4), %d visible l:\n%s", invisible, bold, after, c)
	}
}

// TestSpanText: a span's ActualText reads back as its text: printable
// ASCII as itself, anything else as UTF-16BE with a byte-order mark in a
// literal string, the delimiters and a carriage return escaped.
func TestSpanText(t *testing.T) {
	for _, s := range []string{"n(n+1)/2", "x² + y² = z²", "∑ᵢ a\\b (c)", "𝑥\r\n(", ""} {
		b := appendSpanText(nil, s)
		if b[0] != '(' || b[len(b)-1] != ')' {
			t.Fatalf("%q as %q: not a literal string", s, b)
		}
		var raw []byte
		for i := 1; i < len(b)-1; i++ {
			c := b[i]
			if c == '(' || c == ')' || c == '\r' {
				t.Fatalf("%q as %q: unescaped %q", s, b, c)
			}
			if c == '\\' {
				i++
				c = b[i]
				if c == 'r' {
					c = '\r'
				} else if c == 'n' {
					c = '\n'
				}
			}
			raw = append(raw, c)
		}
		want := []byte(s)
		if !isASCII(s) {
			want = []byte(utf16BE(s))
		}
		if !bytes.Equal(raw, want) {
			t.Errorf("%q reads back as %q", s, raw)
		}
		if isASCII(s) != (len(b) <= len(s)+2+strings.Count(s, "(")+strings.Count(s, ")")+strings.Count(s, "\\")) {
			t.Errorf("%q written as %q", s, b)
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// TestSpansJoined: the spans of an inline formula's pieces set side by
// side, a space or more apart on one baseline, are one span whose text is
// theirs with a space between; pieces closer than that, on another
// baseline, of another node or with a rule between stay spans of their
// own. The glyphs are drawn where they were.
func TestSpansJoined(t *testing.T) {
	root := draw.NewDocument()
	f1, f2 := root.Add(draw.RoleFormula), root.Add(draw.RoleFormula)
	texts := []string{"x² +", "y =", "(z)", "w", "u", "v", "a/b", "c"}
	var a [8]*string
	for i := range texts {
		a[i] = &texts[i]
	}
	mf := font.MustGet(font.Math)
	piece := func(x, y float64, s string, actual *string, n *draw.Node) []draw.Item {
		var gs []draw.Glyph
		for _, r := range s {
			gs = append(gs, draw.Glyph{Code: r, Adv: float32(mf.Advance(r))})
		}
		return []draw.Item{&draw.Text{X: x, Y: y, Face: font.Math, Size: 10, S: s, Glyphs: gs, Tag: n,
			Look: &draw.Look{Actual: actual}, EndActual: true}}
	}
	var items []draw.Item
	at := func(x, y float64, s string, actual *string, n *draw.Node) float64 {
		items = append(items, piece(x, y, s, actual, n)...)
		return x + font.Measure(font.Math, 10, s)
	}
	x := at(20, 50, "x+", a[0], f1)
	x = at(x+2.8, 50, "y=", a[1], f1) // a thick space: joined
	x = at(x+2.2, 50, "z", a[2], f1)  // a medium space: joined
	x = at(x+0.5, 50, "w", a[3], f1)  // a space shrunk to nothing: not
	x = at(x+2.2, 50, "u", a[4], f2)  // another formula: not
	x = at(x+2.2, 52, "v", a[5], f2)  // another baseline: not
	items = append(items, &draw.Path{Path: draw.Rect(x, 40, 5, 0.5, &draw.Color{}, nil, 0).Path, Tag: f2})
	x = at(x+2.2, 52, "ab", a[6], f2) // a rule before: not
	at(x+2.2, 52, "c", a[7], f2)      // but the one after it is
	out := write(t, []*draw.Page{{Width: 300, Height: 300, Items: items}}, Meta{}, Options{Tagged: true})
	contents, widths := pageContents(t, out, []string{font.Math})
	c := contents[0]
	var got []string
	for _, m := range regexp.MustCompile(`/Span<</ActualText(\((?:[^)\\]|\\.)*\))>>BDC`).FindAllSubmatch(c, -1) {
		got = append(got, string(m[1]))
	}
	var want []string
	for _, s := range []string{"x² + y = (z)", "w", "u", "v", "a/b c"} {
		want = append(want, string(appendSpanText(nil, s)))
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("spans\n%q\nwant\n%q\n%s", got, want, c)
	}
	// Each glyph where layout put it.
	glyphs := showGlyphs(t, c, widths)
	k := 0
	for _, it := range items {
		tx, ok := it.(*draw.Text)
		if !ok {
			continue
		}
		gx := tx.X
		for _, g := range tx.Glyphs {
			if k >= len(glyphs) {
				t.Fatalf("%d glyphs drawn", len(glyphs))
			}
			d := glyphs[k]
			if d.code != g.Code || math.Abs(d.x-gx) > 0.011 || math.Abs(d.y-(300-tx.Y)) > 0.011 {
				t.Errorf("glyph %d: %q at (%.2f, %.2f), want %q at (%.2f, %.2f)", k, d.code, d.x, d.y, g.Code, gx, 300-tx.Y)
			}
			gx += float64(g.Adv) * tx.Size / 1000
			k++
		}
	}
}

// TestSpanTextsJoined: the texts of spans joined are written as their
// text with a space between would be.
func TestSpanTextsJoined(t *testing.T) {
	for _, parts := range [][]string{{"a", "b"}, {"x²", "+ (y)"}, {"n(n+1)", "\\c", "d)"}, {"𝑥", "y"}} {
		ps := make([]*string, len(parts))
		for i := range parts {
			ps[i] = &parts[i]
		}
		got, want := appendSpanTexts(nil, ps), appendSpanText(nil, strings.Join(parts, " "))
		if !bytes.Equal(got, want) {
			t.Errorf("%q: %q, want %q", parts, got, want)
		}
	}
}

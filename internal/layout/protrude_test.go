package layout

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
)

// TestProtrusion sets a justified paragraph whose lines end in hyphens,
// commas and periods and checks that each of those hangs into the right
// margin by the amount in the face's style file (assets/fonts), times its
// advance width: a hyphen by 500/1000 of its width, a comma 500, a period
// 700. Letters at the margin (amounts 0 for most) meet it exactly.
func TestProtrusion(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 30; i++ {
		b.WriteString("Negotiations, administrative considerations. Treaties, boundaries, correspondence. ")
		b.WriteString(words[i%len(words)] + " " + words[(i*7)%len(words)] + " ")
	}
	d := &doc.Document{Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: b.String()}}}}}
	st := article(t)
	pages, err := New(st, &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	right := st.PageW - st.Outer
	f := font.MustGet(st.BodyFace)
	want := map[rune]float64{'-': 500, ',': 500, '.': 700}
	seen := map[rune]int{}
	// The last text of each line: the rightmost on each baseline.
	last := map[float64]*draw.Text{}
	for _, it := range draw.Expand(pages[0].Items) {
		if tx, ok := it.(*draw.Text); ok && tx.Size == st.BodySize {
			if o := last[tx.Y]; o == nil || tx.X > o.X {
				last[tx.Y] = tx
			}
		}
	}
	maxY := 0.0
	for y := range last {
		maxY = math.Max(maxY, y)
	}
	for y, tx := range last {
		if y == maxY {
			continue // the last line is not justified
		}
		r, _ := utf8.DecodeLastRuneInString(tx.S)
		end := tx.X + measure(tx)
		amount := 0.0
		if p, ok := want[r]; ok {
			amount = p * f.Advance(r) / 1000 * st.BodySize / 1000
			seen[r]++
		} else {
			_, amount = f.Protrusion(r)
			amount *= st.BodySize / 1000
		}
		if math.Abs(end-(right+amount)) > 0.01 {
			t.Errorf("line ending %q: ends at %.3f, want the margin %.3f plus %.3f", tx.S, end, right, amount)
		}
	}
	for r := range want {
		if seen[r] == 0 {
			t.Errorf("no line ends in %q; the test needs a different paragraph", r)
		}
	}
	// The amounts are those of the style file, not zero.
	if _, r := f.Protrusion('.'); r <= 0 {
		t.Error("the book face's period does not protrude")
	}
}

// TestProtrusionLeft checks that a line starting with an opening quote
// hangs it into the left margin.
func TestProtrusionLeft(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 40; i++ {
		b.WriteString("\u201cQuoted\u201d words " + words[i%len(words)] + " ")
	}
	d := &doc.Document{Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: b.String()}}}}}
	st := article(t)
	pages, _ := New(st, &diag.List{}).Run(d)
	f := font.MustGet(st.BodyFace)
	l, _ := f.Protrusion('\u201c')
	want := st.Inner - l*st.BodySize/1000
	n := 0
	for _, it := range draw.Expand(pages[0].Items) {
		if tx, ok := it.(*draw.Text); ok && strings.HasPrefix(tx.S, "\u201c") && tx.X < st.Inner+1 {
			n++
			if math.Abs(tx.X-want) > 0.01 {
				t.Errorf("%q starts at %.3f, want %.3f", tx.S, tx.X, want)
			}
		}
	}
	if n == 0 || l <= 0 {
		t.Errorf("no line starts with a quote (%d) or the quote does not protrude (%v)", n, l)
	}
}

// TestSmallCaps sets [text]{.smallcaps} with the face's own small
// capitals (the book face) and, in a face without them (Liberation
// Serif), as scaled capitals stroked a little bolder.
func TestSmallCaps(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "The "}, doc.SmallCaps{Content: []doc.Inline{doc.Text{S: "Comintern"}}}, doc.Text{S: " acted."}}}}}
	for _, c := range []struct {
		face string
		real bool
	}{{font.Serif, true}, {font.Lookup("Liberation Serif").Face(false, false), false}} {
		st := article(t)
		st.BodyFace = c.face
		pages, err := New(st, &diag.List{}).Run(d)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range draw.Expand(pages[0].Items) {
			tx, ok := it.(*draw.Text)
			if !ok || !strings.Contains(strings.ToLower(tx.S), "omintern") {
				continue
			}
			found = true
			if c.real {
				if tx.S != "Comintern" || tx.Size != st.BodySize || tx.Embolden() != 0 || tx.Glyphs[1].Code < 0xE000 || tx.Glyphs[1].Text != "o" {
					t.Errorf("%s: small caps as %q size %v embolden %v glyph %+v", c.face, tx.S, tx.Size, tx.Embolden(), tx.Glyphs[1])
				}
			} else if tx.S != "COMINTERN" || tx.Size >= st.BodySize || tx.Embolden() <= 0 {
				t.Errorf("%s: scaled capitals as %q size %v embolden %v", c.face, tx.S, tx.Size, tx.Embolden())
			}
		}
		if !found {
			t.Errorf("%s: no small caps drawn", c.face)
		}
	}
}

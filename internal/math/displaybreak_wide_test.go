package math

import (
	"strings"
	"testing"
)

func layDisplay(t *testing.T, tex string, width float64) *Display {
	t.Helper()
	f, err := Parse(tex, true, nil)
	if err != nil {
		t.Fatalf("%s: %v", tex, err)
	}
	d, err := f.LayoutDisplay(Options{Size: size, Width: width})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestWideDisplay: a display slightly wider than the measure has its
// medium spaces shrunk; a much wider one breaks before relations and
// binary operators into lines within the measure, continuation lines
// starting with the operator, a relation under the first relation and a
// binary operator further in; one piece that cannot break stays as wide
// as it is.
func TestWideDisplay(t *testing.T) {
	const tex = `f(x) = a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7 + a_8 + a_9 + a_{10} + a_{11} + a_{12} = b_1 + b_2 + b_3 + b_4 + b_5 + b_6 + b_7 + b_8`
	natural := layDisplay(t, tex, 0).Lines[0].Box.W
	if d := layDisplay(t, tex, natural+1); len(d.Lines) != 1 || d.Lines[0].Box.W != natural {
		t.Fatalf("a display that fits is changed: %d lines", len(d.Lines))
	}
	// Slightly over: one line, its spaces shrunk to the measure.
	d := layDisplay(t, tex, natural-5)
	if len(d.Lines) != 1 || d.Lines[0].Box.W > natural-5+0.01 || d.Lines[0].Box.W < natural-30 {
		t.Fatalf("slightly over: %d lines, the first %.2f pt wide (natural %.2f)", len(d.Lines), d.Lines[0].Box.W, natural)
	}
	// Much over: lines within the measure.
	width := natural * 0.4
	d = layDisplay(t, tex, width)
	if len(d.Lines) < 3 || len(d.Gaps) != len(d.Lines)-1 {
		t.Fatalf("%d lines, %d gaps at %.0f pt of %.0f", len(d.Lines), len(d.Gaps), width, natural)
	}
	var texts []string
	relX := -1.0
	for i, ln := range d.Lines {
		texts = append(texts, ln.Text)
		if ln.Box.W > width+0.01 || !ln.Block || ln.PageBreak != (i >= 1 && i <= len(d.Lines)-3) || ln.Row != 0 {
			t.Errorf("line %d: %.2f pt wide (measure %.2f), block %v, page break %v, row %d", i, ln.Box.W, width, ln.Block, ln.PageBreak, ln.Row)
		}
		first := glyphs(ln.Box)[0]
		switch {
		case i == 0:
			if first.X != 0 {
				t.Errorf("the first line starts at %.2f", first.X)
			}
			for _, g := range glyphs(ln.Box) {
				if g.Code == '=' {
					relX = g.X
					break
				}
			}
		case strings.HasPrefix(ln.Text, "="):
			if relX < 0 || abs(first.X-relX) > 0.01 {
				t.Errorf("line %d: its relation at %.2f, the first line's at %.2f", i, first.X, relX)
			}
		case strings.HasPrefix(ln.Text, "+"):
			if !(first.X > relX+size/2) {
				t.Errorf("line %d: its operator at %.2f, not in from the relation at %.2f", i, first.X, relX)
			}
		default:
			t.Errorf("line %d does not start with an operator: %q", i, ln.Text)
		}
	}
	if !strings.HasPrefix(texts[0], "f(x) = a₁ +") && !strings.HasPrefix(texts[0], "f(x) = a₁ + a₂") {
		t.Errorf("first line %q", texts[0])
	}
	var eq int
	for _, s := range texts[1:] {
		if strings.HasPrefix(s, "=") {
			eq++
		}
	}
	if eq != 1 {
		t.Errorf("the lines do not break before the second relation: %q", texts)
	}
	// One piece wider than the measure: set as it is.
	d = layDisplay(t, `\left(a + b + c + d + e + f + g + h + i + j + k + l + m + n\right)`, 50)
	if len(d.Lines) != 1 || d.Lines[0].Box.W <= 50 {
		t.Errorf("an unbreakable display: %d lines", len(d.Lines))
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

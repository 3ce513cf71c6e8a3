package math

import (
	"strings"
	"testing"
)

// TestPieceText: each piece of an inline formula, and each line of a
// display, carries its own Unicode text; the pieces' texts joined by
// spaces give the formula's text.
func TestPieceText(t *testing.T) {
	for _, c := range []struct {
		src    string
		pieces []string
	}{
		{`E = mc^2`, []string{"E =", "mc²"}},
		{`a + b = c`, []string{"a +", "b =", "c"}},
		{`\alpha/\beta`, []string{"α/β"}},
		{`x \in [0,1]`, []string{"x ∈", "[0, 1]"}},
		{`\sum_{i=1}^n x_i`, []string{"∑ᵢ₌₁ⁿxᵢ"}},
	} {
		f, err := Parse(c.src, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		in, err := f.LayoutInline(Options{Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range in.Pieces {
			got = append(got, p.Text)
		}
		if strings.Join(got, "|") != strings.Join(c.pieces, "|") {
			t.Errorf("%s: pieces %q, want %q", c.src, got, c.pieces)
		}
		if j := strings.Join(got, " "); j != f.Text() {
			t.Errorf("%s: the pieces give %q, the formula's text is %q", c.src, j, f.Text())
		}
	}
	f, err := Parse(`\begin{align} a &= b + c \\ d &= e \end{align}`, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.LayoutDisplay(Options{Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, ln := range d.Lines {
		lines = append(lines, ln.Text)
	}
	if strings.Join(lines, "|") != "a = b + c|d = e" {
		t.Errorf("align lines %q", lines)
	}
}

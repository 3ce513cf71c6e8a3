package math

import "testing"

// TestDisplayPageBreaks: a page may end between the rows of align and
// gather, never after the last row nor between the lines of multline or
// of an equation set at its width (TestWideDisplay: one broken to fit).
func TestDisplayPageBreaks(t *testing.T) {
	for _, c := range []struct {
		tex  string
		want []bool
	}{
		{`\begin{align}a &= b \\ c &= d \\ e &= f\end{align}`, []bool{true, true, false}},
		{`\begin{align*}a &= b \\ c &= d\end{align*}`, []bool{true, false}},
		{`\begin{gather}a = b \\ c = d\end{gather}`, []bool{true, false}},
		{`\begin{multline}a + b \\ + c \\ = d\end{multline}`, []bool{false, false, false}},
		{`\begin{equation}\begin{split}a &= b \\ &= c\end{split}\end{equation}`, []bool{false}},
		{`a = b`, []bool{false}},
	} {
		f, err := Parse(c.tex, true, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.tex, err)
		}
		d, err := f.LayoutDisplay(Options{Size: size})
		if err != nil {
			t.Fatal(err)
		}
		var got []bool
		for _, ln := range d.Lines {
			got = append(got, ln.PageBreak)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: %d lines, want %d", c.tex, len(got), len(c.want))
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: page breaks %v, want %v", c.tex, got, c.want)
				break
			}
		}
	}
}

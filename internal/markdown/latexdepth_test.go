package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"quire/internal/doc"
	"quire/internal/testenv"
)

// TestLatexNestedTooDeep: raw LaTeX commands nested past maxLatexDepth keep
// their text, with one warning, in time linear in the input (16,000 nested
// \textbf took 6 s of CPU and 1.7 GB).
func TestLatexNestedTooDeep(t *testing.T) {
	for _, n := range []int{maxLatexDepth + 5, 20000} {
		src := "A " + strings.Repeat(`\textbf{\emph{b `, n/2) + `\%x` + strings.Repeat("}}", n/2) + " c.\n"
		start := testenv.CPUTime()
		bs, ds := convert(t, src)
		used := testenv.CPUTime() - start
		if used > time.Second {
			t.Errorf("%d nested commands took %v of CPU", n, used)
		}
		var text strings.Builder
		depth, deepest := 0, 0
		var walk func(in []doc.Inline)
		walk = func(in []doc.Inline) {
			for _, x := range in {
				switch x := x.(type) {
				case doc.Text:
					text.WriteString(x.S)
				case doc.Strong:
					depth++
					deepest = max(deepest, depth)
					walk(x.Content)
					depth--
				case doc.Emph:
					depth++
					deepest = max(deepest, depth)
					walk(x.Content)
					depth--
				}
			}
		}
		walk(bs[0].(*doc.Paragraph).Content)
		if want := "A " + strings.Repeat("b ", n/2) + "x c."; text.String() != want {
			t.Errorf("%d nested: text %.80q..., want %.80q...", n, text.String(), want)
		}
		if deepest > maxLatexDepth {
			t.Errorf("%d nested: emphasis %d deep, the limit is %d", n, deepest, maxLatexDepth)
		}
		if len(ds) != 1 || !strings.Contains(ds[0].Msg, fmt.Sprintf("nested deeper than %d levels is flattened", maxLatexDepth)) {
			t.Errorf("%d nested: diagnostics %v", n, ds)
		}
	}
}

package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"quire/internal/doc"
	"quire/internal/testenv"
)

// divTree flattens the divs of bs into "depth:text" for each paragraph, in
// order, and returns the deepest div nesting.
func divTree(bs []doc.Block, depth int, out *[]string) int {
	deepest := depth
	for _, b := range bs {
		switch b := b.(type) {
		case *doc.Div:
			deepest = max(deepest, divTree(b.Blocks, depth+1, out))
		case *doc.Paragraph:
			var s strings.Builder
			for _, in := range b.Content {
				if t, ok := in.(doc.Text); ok {
					s.WriteString(t.S)
				}
			}
			*out = append(*out, fmt.Sprintf("%d:%s", depth, s.String()))
		}
	}
	return deepest
}

// TestDivsNestedTooDeep: divs nested past maxDivs are flattened into the
// innermost one kept, with one warning; their content stays, in order, and
// what follows the last closing fence is outside every div.
func TestDivsNestedTooDeep(t *testing.T) {
	for _, html := range []bool{false, true} {
		const n = maxDivs + 8
		open, closing := func(i int) string { return fmt.Sprintf(":::: {.d%d}\n", i) }, "::::\n"
		if html {
			open, closing = func(i int) string { return fmt.Sprintf("<div class=d%d>\n", i) }, "</div>\n"
		}
		var b strings.Builder
		for i := range n {
			b.WriteString(open(i))
			fmt.Fprintf(&b, "in%d\n\n", i)
		}
		for i := n - 1; i >= 0; i-- {
			b.WriteString(closing)
			fmt.Fprintf(&b, "\nout%d\n\n", i)
		}
		b.WriteString("after\n")
		bs, ds := convert(t, b.String())
		var got []string
		deepest := divTree(bs, 0, &got)
		if deepest != maxDivs {
			t.Errorf("html=%v: divs nested %d deep, want %d", html, deepest, maxDivs)
		}
		var want []string
		for i := range n {
			want = append(want, fmt.Sprintf("%d:in%d", min(i+1, maxDivs), i))
		}
		for i := n - 1; i >= 0; i-- {
			want = append(want, fmt.Sprintf("%d:out%d", min(i, maxDivs), i))
		}
		want = append(want, "0:after")
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("html=%v: paragraphs\n got %v\nwant %v", html, got, want)
		}
		warned := 0
		for _, d := range ds {
			if strings.Contains(d.Msg, "nested deeper than") {
				warned++
				if d.Pos.Line != 2+3*maxDivs+1 {
					t.Errorf("html=%v: warning at line %d, want the first fence too deep (%d)", html, d.Pos.Line, 2+3*maxDivs+1)
				}
			} else {
				t.Errorf("html=%v: %v", html, d)
			}
		}
		if warned != 1 {
			t.Errorf("html=%v: %d warnings of the flattening, want 1", html, warned)
		}
	}
}

// TestDivsNestedDeepFast: deeply nested divs cost time linear in the input
// (2,000 took 8 s of CPU, 8,000 minutes and gigabytes).
func TestDivsNestedDeepFast(t *testing.T) {
	const n = 20000
	src := strings.Repeat(":::: {.a}\n", n) + "x\n" + strings.Repeat("::::\n", n) + "after\n"
	start := testenv.CPUTime()
	bs, _ := convert(t, src)
	used := testenv.CPUTime() - start
	t.Logf("%d nested divs: %v of CPU", n, used)
	if used > 2*time.Second {
		t.Errorf("%d nested divs took %v of CPU", n, used)
	}
	var got []string
	divTree(bs, 0, &got)
	if strings.Join(got, " ") != fmt.Sprintf("%d:x 0:after", maxDivs) {
		t.Errorf("paragraphs %v", got)
	}
}

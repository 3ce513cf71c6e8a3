package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"quire/internal/doc"
	"quire/internal/testenv"
)

// TestManyInlineNotesLinear: the source of each inline note is read from
// its start without rescanning the source before it (goldmark's reader
// did, at every LineOffset: 20,000 inline notes took minutes), whether the
// notes stand one a paragraph or all on one long line (where past about a
// hundred notes each was "never closed" and printed as written).
func TestManyInlineNotesLinear(t *testing.T) {
	const n = 20000
	var paras, line strings.Builder
	for i := range n {
		fmt.Fprintf(&paras, "P%d^[note %d].\n\n", i, i)
		fmt.Fprintf(&line, "w%d^[note %d] ", i, i)
	}
	for _, c := range []struct{ name, src string }{{"a paragraph each", paras.String()}, {"one line", line.String() + "\n"}} {
		start := testenv.CPUTime()
		bs, ds := convert(t, c.src)
		for _, d := range ds {
			// The budget of bytes scanned for brackets is charged what
			// is scanned, not the rest of the line for every note.
			t.Errorf("%s: %v", c.name, d)
			break
		}
		used := testenv.CPUTime() - start
		t.Logf("%s: %d inline notes in %v of CPU", c.name, n, used)
		if used > 3*time.Second {
			t.Errorf("%s: %d inline notes took %v of CPU", c.name, n, used)
		}
		notes := 0
		var last string
		doc.EachInlines(bs, func(in []doc.Inline) {
			doc.EachInline(in, func(x doc.Inline) {
				if r, ok := x.(doc.NoteRef); ok && r.Note != nil {
					notes++
					if p, ok := r.Note.Blocks[0].(*doc.Paragraph); ok {
						last = fmt.Sprint(p.Content)
					}
				}
			})
		})
		if notes != n || !strings.Contains(last, fmt.Sprintf("note %d", n-1)) {
			t.Errorf("%s: %d notes, the last %s", c.name, notes, last)
		}
	}
}

// TestSpanColumnTabs: a tab on an inline note's first line counts from the
// note's column, as goldmark counts it, so a note's text after a tab is not
// read as an indented code block.
func TestSpanColumnTabs(t *testing.T) {
	var m colMemo
	src := []byte("ab\tc^[x]\n\td^[y] e^[z]")
	for _, c := range []struct{ off, col int }{{4, 5}, {5, 6}, {11, 5}, {15, 9}, {2, 2}} {
		if got := m.column(src, c.off); got != c.col {
			t.Errorf("column of %d = %d, want %d", c.off, got, c.col)
		}
	}
	bs, _ := convert(t, "Text^[\tnot code] and more.\n")
	var code bool
	doc.EachInlines(bs, func(in []doc.Inline) {
		doc.EachInline(in, func(x doc.Inline) {
			if r, ok := x.(doc.NoteRef); ok && r.Note != nil {
				for _, b := range r.Note.Blocks {
					if _, ok := b.(*doc.CodeBlock); ok {
						code = true
					}
				}
			}
		})
	})
	if code {
		t.Error("a tab after ^[ made the note a code block")
	}
}

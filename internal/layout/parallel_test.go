package layout_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"quire/internal/build"
	"quire/internal/diag"
	"quire/internal/layout"
)

// parallelDoc writes a manuscript long enough to be set in parts on
// several cores (layout/parallel.go), with what crosses the parts' cuts:
// a footnote referenced again far from its first reference, a note
// inside a note, headings that skip levels (a warning that depends on the
// heading before), a heading inside a list, lists straight after
// headings, paragraphs after lists and quotations (indents), a table.
func parallelDoc(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("---\ntitle: Parts\nauthor: A. Writer\nlang: en\n---\n\n")
	para := "The frontier commission met again in the autumn, and its members argued over the maps that each side had drawn, for neither trusted the surveys of the other. "
	for s := 1; s <= 40; s++ {
		if s%7 == 3 {
			fmt.Fprintf(&b, "#### Section %d skips a level\n\n", s)
		} else {
			fmt.Fprintf(&b, "## Section %d\n\n", s)
		}
		if s%2 == 0 {
			// A list straight after the heading: its space before
			// keeps the heading's no-break (galley.skip).
			b.WriteString("- first item\n\n- second item, of a loose list\n\n")
		}
		for p := 0; p < 4; p++ {
			b.WriteString(strings.Repeat(para, 3))
			switch {
			case s == 2 && p == 1:
				b.WriteString("A reused note.[^reused]")
			case s == 35 && p == 2:
				b.WriteString("The same note again.[^reused]")
			case p == 2:
				fmt.Fprintf(&b, "A note.[^n%d]", s)
			}
			b.WriteString("\n\n")
		}
		switch s % 5 {
		case 0:
			b.WriteString("- an item of a list\n- another, with a heading below\n\n  ### In a list\n\n")
		case 1:
			b.WriteString("> A quotation of some length, set smaller, which the next paragraph follows without an indent.\n\n")
		case 2:
			b.WriteString("| year | clashes |\n|---|---|\n| 1937 | 12 |\n| 1938 | 40 |\n\n")
		}
		fmt.Fprintf(&b, "[^n%d]: A note of section %d, which cites another note.[^m%d]\n\n[^m%d]: The note inside a note.\n\n", s, s, s, s)
	}
	b.WriteString("[^reused]: Referenced twice, in sections 2 and 35.\n")
	path := filepath.Join(dir, "parts.md")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func diagText(l *diag.List) string {
	var b strings.Builder
	l.Print(&b)
	return b.String()
}

// TestParallelIdentical builds documents with 1, 2 and 8 cores, the
// parallel ones cut into parts of the default size, of a few hundred
// bytes and of one block each: the PDFs and the diagnostics must be the
// same bytes.
func TestParallelIdentical(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	type Options = build.Options
	cases := []struct {
		name  string
		opt   Options
		parts int // bytes a part; 0: the default
	}{
		{"parts", Options{Path: parallelDoc(t)}, 0},
		{"small parts", Options{Path: parallelDoc(t)}, 300},
		{"one block a part", Options{Path: parallelDoc(t)}, 1},
		{"manuscript", Options{Path: "../../manuscript"}, 0},
		{"manuscript, one block a part", Options{Path: "../../manuscript"}, 1},
		{"submission", Options{Path: "../../manuscript", Profile: "submission"}, 1},
		{"handout", Options{Path: "../../manuscript", Profile: "handout"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.parts > 0 {
				defer layout.SetPartBytes(c.parts)()
			}
			var want []byte
			var wantDiags string
			for _, procs := range []int{1, 2, 8} {
				runtime.GOMAXPROCS(procs)
				var diags diag.List
				got, _, _, err := build.Compile(c.opt, &diags)
				if err != nil {
					t.Fatalf("GOMAXPROCS=%d: %v\n%s", procs, err, diagText(&diags))
				}
				d := diagText(&diags)
				if want == nil {
					want, wantDiags = got, d
					if c.name == "parts" && !strings.Contains(d, "skips a level") {
						t.Errorf("no warning for the skipped heading levels:\n%s", d)
					}
					continue
				}
				if !bytes.Equal(got, want) {
					t.Errorf("GOMAXPROCS=%d: the PDF differs from the one-core build", procs)
				}
				if d != wantDiags {
					t.Errorf("GOMAXPROCS=%d: diagnostics differ from the one-core build:\n%s\nwant\n%s", procs, d, wantDiags)
				}
			}
		})
	}
}

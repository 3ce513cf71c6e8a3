package markdown

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/testenv"
)

// FuzzConvert converts fuzzed Markdown with every fence handler and image
// loader stubbed. It must not recover from a panic, and every diagnostic
// must name a line inside the input.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		"# H\n\npara *em* **strong** `code` [l](u) ![i](p.png)\n",
		"- a\n  - b\n\n1. x\n2. y\n\n> q\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: cap {#tbl:t}\n",
		"x[^1]\n\n[^1]: note\n\n[^2]: unused\n",
		"Term\n: def\n\n::: div\ntext\n:::\n",
		"[@a; @b, p. 4] @c [-@d] @fig:x @tbl:y\n",
		"![cap](img.png){#fig:a width=50%}\n",
		"```chart\nid: c\n```\n",
		strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n",
		strings.Repeat("- ", 300) + "x\n",
		"<div>\n*raw*\n</div>\n\n<!-- comment -->\n",
		"a\\\nb  \nc\n\n---\n\n***bold italic***\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		var diags diag.List
		opt := Options{
			File:       "paper.md",
			LineOffset: 3,
			Fences: map[string]func([]byte, diag.Pos) (doc.Block, error){
				"chart": func(text []byte, pos diag.Pos) (doc.Block, error) { return &doc.Paragraph{}, nil },
			},
			LoadImage: func(path string, pos diag.Pos) (*doc.Image, error) { return nil, nil },
		}
		start := testenv.CPUTime() // CPU time: a loaded machine must not fail it
		Convert(src, opt, &diags)
		if d := testenv.CPUTime() - start; d > 5*time.Second {
			t.Fatalf("converting %d bytes took %v of CPU time", len(src), d)
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range diags.Items() {
			if strings.Contains(d.Msg, "internal error") {
				t.Fatalf("%s", d)
			}
			if d.Pos.Line != 0 && (d.Pos.Line < 4 || d.Pos.Line > lines+4) {
				t.Errorf("diagnostic outside lines 4 to %d: %s", lines+3, d)
			}
		}
	})
}

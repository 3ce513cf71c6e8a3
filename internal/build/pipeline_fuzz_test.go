package build

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"quire/internal/diag"
)

// FuzzPipeline builds a fuzzed manuscript (front matter and Markdown) all
// the way to PDF bytes. The build may fail with diagnostics, but it must
// not panic, every diagnostic must point into the manuscript, and every PDF
// it writes must be valid.
func FuzzPipeline(f *testing.F) {
	for _, s := range []string{
		"",
		"# Title\n\nA paragraph with *emphasis*, **strong**, `code` and a [link](https://example.org).\n",
		"---\ntitle: A\nauthors: [B, C]\nkeywords: [x, y]\nabstract: |\n  An *abstract*.\n---\n\n# One\n\nText.[^1]\n\n[^1]: A note.\n",
		"| a | b |\n|---|--:|\n| 1 | 2 |\n| 3 | 4 |\n\nTable: Numbers {#tbl:n}\n\nSee @tbl:n.\n",
		"- a\n  - b\n    1. c\n    2. d\n\n> quote\n> > nested\n\n```go\ncode\n```\n",
		"Term\n: Definition\n\n- [ ] task\n- [x] done\n\n~~struck~~ www.example.com\n",
		"Text [@key, 45] and @key and [-@key].\n",
		"日本語 \U0001F600 \u0301\u0301 \ufeff \u200b\u00ad soft\u00adhyphen\n",
		strings.Repeat("> ", 300) + "deep\n",
		strings.Repeat("*", 500) + "x\n",
		"Setext\n===\n\n***\n\n<div>html</div>\n\n![img](missing.png){#fig:x}\n",
		"::: note\nfenced div\n:::\n\n\\LaTeX{} $x^2$ {.class}\n",
		"```chart\nid: c\ntype: bar\ndata: d.csv\n```\n",
		"# NUL\x00 in a heading\n\nText\x00with \\\x00 NULs and caf\xe9 Latin-1.\n",
	} {
		f.Add([]byte(s))
	}
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		dir := t.TempDir()
		file := filepath.Join(dir, "paper.md")
		if err := os.WriteFile(file, src, 0o644); err != nil {
			t.Fatal(err)
		}
		var diags diag.List
		start := time.Now()
		b, _, _, err := Compile(Options{Path: file}, &diags)
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("building %d bytes took %v", len(src), d)
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range diags.Items() {
			if strings.Contains(d.Msg, "internal error") || strings.Contains(d.Hint, "bug") {
				t.Fatalf("internal error: %s", d)
			}
			if d.Pos.File == file && (d.Pos.Line < 0 || d.Pos.Line > lines+1) {
				t.Errorf("diagnostic outside the file's %d lines: %s", lines, d)
			}
		}
		if err != nil {
			var in *ErrInput
			if !errors.As(err, &in) {
				t.Fatalf("build failed without an input error: %v\n%s", err, diagText(&diags))
			}
			if !diags.HasErrors() {
				t.Fatalf("input error without an error diagnostic")
			}
			return
		}
		if err := api.Validate(bytes.NewReader(b), conf); err != nil {
			t.Fatalf("invalid PDF: %v", err)
		}
	})
}

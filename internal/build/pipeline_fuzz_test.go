package build

import (
	"bytes"
	"errors"
	"flag"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"quire/internal/diag"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/pdf"
	"quire/internal/testenv"
)

// FuzzPipeline builds a fuzzed manuscript (front matter and Markdown)
// through loading, conversion, citations and layout to the display list.
// The build may fail with diagnostics, but it must not panic, every
// diagnostic must point into the manuscript, and every page must be
// well-formed: finite coordinates, nothing drawn off the page, known faces.
//
// Writing the PDF costs ten times the rest (fpdf parses and subsets each
// font anew), so while fuzzing only one input in sixteen, chosen by its
// hash, goes on to PDF bytes, which must then be valid; under plain go test
// every seed and corpus entry does.
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
	fuzzing := flag.Lookup("test.fuzz") != nil && flag.Lookup("test.fuzz").Value.String() != ""
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
		start := testenv.CPUTime() // CPU time: a loaded machine must not fail it
		pr, err := prepare(Options{Path: file}, &diags)
		if d := testenv.CPUTime() - start; d > 10*time.Second {
			t.Fatalf("building %d bytes took %v of CPU time", len(src), d)
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
		checkPages(t, pr.pages)
		if fuzzing && crc32.ChecksumIEEE(src)%16 != 0 {
			return
		}
		var b bytes.Buffer
		if err := pdf.Write(&b, pr.pages, pr.meta, pr.popt); err != nil {
			t.Fatalf("writing the PDF: %v", err)
		}
		if err := api.Validate(bytes.NewReader(b.Bytes()), conf); err != nil {
			t.Fatalf("invalid PDF: %v", err)
		}
	})
}

// checkPages checks that pages are well-formed: a positive size, finite
// coordinates, every item's anchor point on the page, text in a face
// Quire has, at a positive size.
func checkPages(t *testing.T, pages []*draw.Page) {
	t.Helper()
	if len(pages) == 0 {
		t.Fatal("no pages")
	}
	ok := func(v ...float64) bool {
		for _, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	for i, p := range pages {
		if !ok(p.Width, p.Height) || p.Width <= 0 || p.Height <= 0 {
			t.Fatalf("page %d is %vx%v", i+1, p.Width, p.Height)
		}
		on := func(x, y float64) bool { return x >= -1 && x <= p.Width+1 && y >= -1 && y <= p.Height+1 }
		for _, it := range draw.Expand(p.Items) {
			switch it := it.(type) {
			case *draw.Text:
				if !ok(it.X, it.Y, it.Size, it.Angle()) || it.Size <= 0 || !on(it.X, it.Y) {
					t.Fatalf("page %d: text %q at (%v, %v) size %v", i+1, it.S, it.X, it.Y, it.Size)
				}
				if _, err := font.Get(it.Face); err != nil {
					t.Fatalf("page %d: text %q in face %q: %v", i+1, it.S, it.Face, err)
				}
			case *draw.Path:
				if !ok(it.LineWidth) || it.LineWidth < 0 {
					t.Fatalf("page %d: path of line width %v", i+1, it.LineWidth)
				}
				for _, op := range it.Ops {
					for _, q := range op.Points {
						if !ok(q[0], q[1]) {
							t.Fatalf("page %d: path point %v", i+1, q)
						}
					}
				}
			case *draw.Image:
				if !ok(it.X, it.Y, it.W, it.H) || it.W <= 0 || it.H <= 0 || !on(it.X, it.Y) {
					t.Fatalf("page %d: image at (%v, %v) %vx%v", i+1, it.X, it.Y, it.W, it.H)
				}
			case *draw.Link:
				if !ok(it.X, it.Y, it.W, it.H) || it.W < 0 || it.H < 0 || !on(it.X, it.Y) {
					t.Fatalf("page %d: link at (%v, %v) %vx%v", i+1, it.X, it.Y, it.W, it.H)
				}
			case *draw.Anchor:
				if !ok(it.Y) || !on(0, it.Y) {
					t.Fatalf("page %d: anchor %q at y=%v", i+1, it.Name, it.Y)
				}
			case *draw.Bookmark:
				if !ok(it.Y) || !on(0, it.Y) {
					t.Fatalf("page %d: bookmark %q at y=%v", i+1, it.Title, it.Y)
				}
			}
		}
	}
}

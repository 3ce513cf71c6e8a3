package layout_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"quire/internal/build"
	"quire/internal/diag"
	"quire/internal/layout"
	"quire/internal/pdf/pdfacheck"
)

// TestParallelIdenticalTOC: a table of contents (toc: true), a list of
// tables placed by \listoftables in the middle of the document and a
// change of page numbering (\pagenumbering) further on, set in
// parts on 1, 2 and 8 cores, give the same PDF bytes, built twice.
func TestParallelIdenticalTOC(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	path := parallelDoc(t)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(src), "lang: en\n", "lang: en\ntoc: true\nlot: true\n", 1)
	s = strings.Replace(s, "## Section 20\n", "\\listoftables\n\n## Section 20\n", 1)
	s = strings.Replace(s, "## Section 30\n", "\\newpage\n\\pagenumbering{roman}\n\n## Section 30\n", 1)
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, parts := range []int{0, 300} {
		if parts > 0 {
			defer layout.SetPartBytes(parts)()
		}
		var want []byte
		for _, procs := range []int{1, 2, 8, 8} {
			runtime.GOMAXPROCS(procs)
			var diags diag.List
			got, _, _, err := build.Compile(build.Options{Path: path}, &diags)
			if err != nil {
				t.Fatalf("GOMAXPROCS=%d: %v\n%s", procs, err, diagText(&diags))
			}
			if want == nil {
				want = got
				if !bytes.Contains(got, []byte("/TOCI")) {
					t.Fatal("no TOCI in the PDF")
				}

				continue
			}
			if !bytes.Equal(got, want) {
				t.Errorf("parts of %d bytes, GOMAXPROCS=%d: the PDF differs from the one-core build", parts, procs)
			}
		}
	}
}

// TestTOCPDFUA: a document with a table of contents and lists of tables
// and listings passes Quire's PDF/UA checks (entries are TOCI with their
// links in Link elements, leaders are artifacts).
func TestTOCPDFUA(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("---\ntitle: Lists\nauthor: A. Writer\ntoc: true\nlot: true\n---\n\n")
	for s := 1; s <= 6; s++ {
		fmt.Fprintf(&b, "# Section *%d*\n\nText of the section, long enough to be a paragraph of its own.\n\n## Sub %d\n\nMore text.\n\n### Deeper %d\n\nText.\n\n", s, s, s)
		fmt.Fprintf(&b, "| a | b |\n|---|---|\n| 1 | 2 |\n\n: Table %d {#tbl:t%d}\n\n", s, s)
		fmt.Fprintf(&b, "```{#lst:l%d .go caption=\"Listing %d\"}\nx := %d\n```\n\n", s, s, s)
	}
	b.WriteString("\\listoflistings\n")
	path := filepath.Join(dir, "paper.md")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	got, _, _, err := build.Compile(build.Options{Path: path}, &diags)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagText(&diags))
	}
	if !bytes.Contains(got, []byte("/TOCI")) {
		t.Fatal("no TOCI in the PDF")
	}
	if err := pdfacheck.CheckUA(got); err != nil {
		t.Errorf("PDF/UA: %v", err)
	}
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

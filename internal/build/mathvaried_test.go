package build

import (
	"os"
	"strings"
	"testing"

	"quire/internal/benchdoc"
)

// The formulas of Benchmark1000PagesMath come from a list of eight, so a
// build that keeps what it set for a formula's source sets each of them
// once. A manuscript repeats some formulas ($x$, $n$) but most are its
// own: the Varied pair makes every formula of the document distinct (a
// term c_k, k the paragraph's number, added to it: benchdoc.Varied), so
// that the bound of issue 13 is also measured where a cache of formulas
// cannot help. make bench builds the same pair as whole processes.

// genMarkdownVaried is genMarkdownMath with every formula distinct;
// asText sets each as its Unicode text instead (the baseline).
func genMarkdownVaried(t testing.TB, pages int, asText bool) string {
	if asText {
		md, err := benchdoc.WithText(pages, benchdoc.Varied)
		if err != nil {
			t.Fatal(err)
		}
		return writeGen(t, md)
	}
	return writeGen(t, benchdoc.WithFormulas(pages, benchdoc.Varied))
}

// TestGeneratedVaried: every formula of the varied document is distinct,
// it builds, and its baseline holds the same formulas as text.
func TestGeneratedVaried(t *testing.T) {
	b, _ := os.ReadFile(genMarkdownVaried(t, 3, false))
	seen := map[string]bool{}
	for _, s := range strings.Split(string(b), " where ")[1:] {
		f := s[:strings.Index(s, " holds")]
		if seen[f] {
			t.Fatalf("formula %s twice", f)
		}
		seen[f] = true
	}
	if len(seen) < 15 {
		t.Fatalf("%d formulas in the 3-page document", len(seen))
	}
	text := pdfText(t, compileSource(t, string(b)))
	if strings.Contains(text, `\frac`) || !strings.Contains(text, "x² + y² = z² + c₀") {
		t.Errorf("the formulas are not set:\n%.2000s", text)
	}
	bt, _ := os.ReadFile(genMarkdownVaried(t, 3, true))
	if strings.Count(string(bt), " holds") != len(seen) || strings.Contains(string(bt), "$") || !strings.Contains(string(bt), "where x² + y² = z² + c₀ holds") {
		t.Errorf("the baseline is not the varied document without its formulas:\n%.1000s", bt)
	}
}

// Benchmark1000PagesMathVaried is Benchmark1000PagesMath with every
// formula distinct.
func Benchmark1000PagesMathVaried(b *testing.B) { benchBuild(b, genMarkdownVaried(b, 1000, false)) }

// Benchmark1000PagesMathVariedText is its baseline: each formula as its
// Unicode text.
func Benchmark1000PagesMathVariedText(b *testing.B) { benchBuild(b, genMarkdownVaried(b, 1000, true)) }

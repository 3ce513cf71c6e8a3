package build

import (
	"os"
	"strings"
	"testing"

	"quire/internal/benchdoc"
)

// genMarkdownMath is genMarkdown's document with a formula in every
// paragraph (after its first sentence), one of benchdoc.Formulas in turn,
// for the 1000-page benchmark with formulas that issue 13 compares with
// the same document without them.
func genMarkdownMath(t testing.TB, pages int) string {
	return writeGen(t, benchdoc.WithFormulas(pages, benchdoc.Formula))
}

// genMarkdownMathText is genMarkdownMath's document with each formula
// replaced by its Unicode text (Formula.Text: "x² + y² = z²") set as
// ordinary words: the same text without the formulas, the baseline the
// 15% of issue 13 is measured against (genMarkdown's document lacks the
// words around the formulas and their characters, so it has fewer pages).
func genMarkdownMathText(t testing.TB, pages int) string {
	md, err := benchdoc.WithText(pages, benchdoc.Formula)
	if err != nil {
		t.Fatal(err)
	}
	return writeGen(t, md)
}

// TestGeneratedMath: the document with formulas has one in each body
// paragraph, and builds without a diagnostic.
func TestGeneratedMath(t *testing.T) {
	p := genMarkdownMath(t, 3)
	b, _ := os.ReadFile(p)
	if n := strings.Count(string(b), " holds"); n < 15 {
		t.Fatalf("%d formulas in the 3-page document", n)
	}
	text := pdfText(t, compileSource(t, string(b)))
	if strings.Contains(text, `\frac`) || !strings.Contains(text, "x² + y² = z²") {
		t.Errorf("the formulas are not set:\n%.2000s", text)
	}
	// The baseline: the same paragraphs, each formula as its text.
	bt, _ := os.ReadFile(genMarkdownMathText(t, 3))
	if strings.Count(string(bt), " holds") != strings.Count(string(b), " holds") || strings.Contains(string(bt), "$") || !strings.Contains(string(bt), "where x² + y² = z² holds") {
		t.Errorf("the baseline document is not the math document without its formulas:\n%.1000s", bt)
	}
}

// Benchmark1000PagesMath is Benchmark1000Pages's document with a formula
// in every paragraph (issue 13: within 15% of it).
func Benchmark1000PagesMath(b *testing.B) { benchBuild(b, genMarkdownMath(b, 1000)) }

// Benchmark1000PagesMathText is Benchmark1000PagesMath's document with
// each formula as its Unicode text in the text face: the time "without
// them" that issue 13 compares Benchmark1000PagesMath with.
func Benchmark1000PagesMathText(b *testing.B) { benchBuild(b, genMarkdownMathText(b, 1000)) }

package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMathTextInLine: pdftotext's default (reading-order) mode reads an
// inline formula on the line it sits on, with the words around it, also
// when the formula breaks across two lines; and each line of an align
// environment reads as its own text.
func TestMathTextInLine(t *testing.T) {
	long := `$a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q + r + s + t + u + v + w = z$`
	src := "---\ntitle: Formulas\n---\n\n" +
		"The energy is $E = mc^2$ at rest.\n\n" +
		"The sum $\\sum_{i=1}^n x_i$ is bounded by $a + b = c$ here.\n\n" +
		"A very long relation such as " + long + " breaks inside and reads on.\n\n" +
		"\\begin{align}\na &= b + c \\\\\nd &= \\frac{e}{f}\n\\end{align}\n"
	text := pdfText(t, compileSource(t, src))
	lines := map[string]bool{}
	for _, ln := range strings.Split(text, "\n") {
		lines[strings.TrimSpace(ln)] = true
	}
	for _, want := range []string{
		"The energy is E = mc² at rest.",
		"The sum ∑ᵢ₌₁ⁿxᵢ is bounded by a + b = c here.",
		"a = b + c",
		"d = e/f",
	} {
		if !lines[want] {
			t.Errorf("no line %q in\n%s", want, text)
		}
	}
	// The long formula breaks: its first line has the words before it
	// and not its end; the line with its end goes on with the words
	// after it (the whole formula on the first line, as one span, read
	// as a line of its own).
	var first, last string
	for _, ln := range strings.Split(text, "\n") {
		if strings.Contains(ln, "relation such as a + b") {
			first = ln
		}
		if strings.Contains(ln, "= z") {
			last = ln
		}
	}
	if first == "" || last == "" || first == last || !strings.Contains(last, "= z breaks inside") {
		t.Errorf("the long formula does not read with its words over two lines:\n%s", text)
	}
}

// TestMathSampler builds the forty formulas of internal/math/testdata/
// sampler.md (the page compared with pandoc + xelatex) with no
// diagnostic, every formula set (none shown as its TeX source).
func TestMathSampler(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "math", "testdata", "sampler.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, compileSource(t, string(src)))
	for i := 1; i <= 40; i++ {
		if !strings.Contains(text, fmt.Sprintf("(%d)", i)) {
			t.Errorf("formula (%d) missing from the text", i)
		}
	}
	for _, bad := range []string{`\frac`, `\sum`, `\begin`, `$`} {
		if strings.Contains(text, bad) {
			t.Errorf("TeX source %q in the PDF text", bad)
		}
	}
	for _, want := range []string{"f′(x) + f″(x)", "∑ᵢ₌₁ⁿ", "ζ(s)"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in the text", want)
		}
	}
}

// TestMacroRedefined: a formula written again after \renewcommand of a
// macro in it sets the macro's new meaning, and before it the old one
// (formulas read and set before are kept by source and by the macros'
// state).
func TestMacroRedefined(t *testing.T) {
	src := "---\ntitle: Macros\n---\n\n\\newcommand{\\V}{\\mathbb{R}}\n\n" +
		"First $\\V^n$ here and $\\V^n$ again.\n\n" +
		"\\renewcommand{\\V}{\\mathbb{Z}}\n\n" +
		"Then $\\V^n$ there.\n"
	text := squashSpace(pdfText(t, compileSource(t, src)))
	for _, want := range []string{"Firstℝⁿhereandℝⁿagain.", "Thenℤⁿthere."} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in %q", want, text)
		}
	}
}

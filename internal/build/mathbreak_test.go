package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/diag"
)

// TestAlignBreaksAcrossPages: a long align breaks between its rows at
// the page end (as amsmath's \allowdisplaybreaks lets it), starting on
// the page it is reached on, with each row's number on its row's page and
// line (internal/math's TestDisplayPageBreaks: not inside a multline).
func TestAlignBreaksAcrossPages(t *testing.T) {
	var rows []string
	for k := 1; k <= 80; k++ {
		rows = append(rows, fmt.Sprintf("r_{%d} &= %d + s", k, k))
	}
	intro := strings.Repeat("Some words of text before the display, enough to fill a few lines of the page.\n\n", 6)
	src := "---\ntitle: Long\n---\n\n" + intro + "\\begin{align}\n" + strings.Join(rows, " \\\\\n") + "\n\\end{align}\n\nAfter the display.\n"
	pages := strings.Split(pdfText(t, compileSource(t, src)), "\f")
	sub := strings.NewReplacer("0", "₀", "1", "₁", "2", "₂", "3", "₃", "4", "₄", "5", "₅", "6", "₆", "7", "₇", "8", "₈", "9", "₉")
	pageOf := map[int]int{}
	for k := 1; k <= 80; k++ {
		row := fmt.Sprintf("r%s = %d + s", sub.Replace(fmt.Sprint(k)), k)
		num := fmt.Sprintf("(%d)", k)
		pageOf[k] = -1
		for i, p := range pages {
			if strings.Contains(p, row) {
				if pageOf[k] >= 0 {
					t.Errorf("row %d on pages %d and %d", k, pageOf[k]+1, i+1)
				}
				pageOf[k] = i
				if !strings.Contains(p, num) {
					t.Errorf("row %d on page %d, its number %s not", k, i+1, num)
				}
			}
		}
		if pageOf[k] < 0 {
			t.Fatalf("row %d (%q) missing:\n%s", k, row, strings.Join(pages, "\n----\n"))
		}
		if k > 1 && pageOf[k] < pageOf[k-1] {
			t.Errorf("row %d before row %d", k, k-1)
		}
	}
	if pageOf[1] != 0 || !strings.Contains(pages[0], "Some words") {
		t.Errorf("the display does not start on the first page, after the text (row 1 on page %d)", pageOf[1]+1)
	}
	if pageOf[80] < 2 {
		t.Errorf("80 rows on %d pages", pageOf[80]+1)
	}
	// A page holds about 45 rows: the first and the second page are full.
	for p := 0; p < 2; p++ {
		n := 0
		for k := 1; k <= 80; k++ {
			if pageOf[k] == p {
				n++
			}
		}
		if min := []int{20, 35}[p]; n < min {
			t.Errorf("page %d holds %d rows", p+1, n)
		}
	}
}

// TestWideDisplayBreaks: a numbered display wider than the text is set
// on lines within it, with no warning, its number once (on the last
// line, right of the text) and its anchor for @eq:long; one that cannot
// break keeps the warning.
func TestWideDisplayBreaks(t *testing.T) {
	src := "---\ntitle: Wide\n---\n\n" +
		"$$ (x_1 + x_2 + \\cdots + x_n)^2 = x_1^2 + x_2^2 + \\cdots + x_n^2 + 2 x_1 x_2 + 2 x_1 x_3 + \\cdots + 2 x_{n-1} x_n + \\frac{\\alpha + \\beta}{\\gamma + \\delta} = \\sum_{i=1}^n x_i^2 + 2\\sum_{i<j} x_i x_j $$ {#eq:long}\n\n" +
		"See @eq:long.\n"
	text := pdfText(t, compileSource(t, src)) // fails on any diagnostic
	if n := strings.Count(text, "(1)"); n != 1 {
		t.Errorf("the number is there %d times:\n%s", n, text)
	}
	var lines []string
	for _, ln := range strings.Split(text, "\n") {
		if ln = strings.TrimSpace(ln); ln != "" {
			lines = append(lines, ln)
		}
	}
	var first, rel bool
	for _, ln := range lines {
		first = first || strings.HasPrefix(ln, "(x₁ + x₂ + ⋯ + xₙ)² = x₁² +")
		rel = rel || first && (strings.HasPrefix(ln, "+ ") || strings.HasPrefix(ln, "= ")) && strings.HasSuffix(ln, "2∑_(i < j)xᵢxⱼ")
	}
	if !first || !rel {
		t.Errorf("the display is not on lines of its own broken before its operators:\n%s", text)
	}
	if !strings.Contains(text, "See Equation 1") && !strings.Contains(text, "See Eq. 1") && !strings.Contains(text, "See eq. 1") {
		t.Errorf("the reference does not resolve:\n%s", text)
	}

	dir := t.TempDir()
	p := filepath.Join(dir, "paper.md")
	os.WriteFile(p, []byte("---\ntitle: Wide\n---\n\n$$ \\left( a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q + r + s + t + u + v + w + x + y + z + a + b + c + d + e \\right) $$\n"), 0o644)
	var diags diag.List
	if _, _, _, err := Compile(Options{Path: p}, &diags); err != nil {
		t.Fatal(err)
	}
	if w := diagText(&diags); !strings.Contains(w, "wider than the text") {
		t.Errorf("no warning for the display that cannot break: %q", w)
	}
}

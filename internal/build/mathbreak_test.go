package build

import (
	"fmt"
	"strings"
	"testing"
)

// TestAlignBreaksAcrossPages: a long align breaks between its rows at
// the page end (as amsmath's \allowdisplaybreaks lets it), starting on
// the page it is reached on, with each row's number on its row's page and
// line (internal/math's TestDisplayPageBreaks: not inside one equation).
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

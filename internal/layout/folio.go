package layout

import (
	"strings"
	"sync"

	"quire/internal/doc"
	"quire/internal/draw"
)

// Page numbers as the manuscript sets them: \pagenumbering{roman} (and
// Roman, alph, Alph, arabic, gobble for none) numbers the pages from the
// one it falls on, starting again at 1; \setcounter{page}{n} makes that
// page n. A doc.PageNumbering leaves a box of no height in the galley;
// once the pages are made, the boxes found on each page give its folio,
// which the folio at its foot and the table of contents print alike.

// numberMarks are the boxes of the doc.PageNumberings, left by any part
// of the document (parallel.go).
type numberMarks struct {
	mu sync.Mutex
	m  map[*vbox]*doc.PageNumbering
}

// pageNumbering leaves the mark of a change of numbering in the galley.
func (g *galley) pageNumbering(b *doc.PageNumbering, c ctx) {
	t := g.l.lists
	if c.inNote || t == nil {
		return
	}
	v := &vbox{}
	t.marks.mu.Lock()
	if t.marks.m == nil {
		t.marks.m = map[*vbox]*doc.PageNumbering{}
	}
	t.marks.m[v] = b
	t.marks.mu.Unlock()
	g.add(v)
}

// folios returns the folio of each page and its label for the PDF's
// viewer, or nil when no page changes the numbering (arabic from 1).
func (l *Layout) folios(pcs []pageContent) ([]string, []draw.PageLabel) {
	marks := l.lists.marks.m
	if len(marks) == 0 {
		return nil, nil
	}
	var out []string
	var labels []draw.PageLabel
	style, n := "arabic", 0
	for pi, pc := range pcs {
		n++
		for _, p := range pc.body {
			b, ok := marks[p.v]
			if !ok {
				continue
			}
			if out == nil {
				out = make([]string, pi, len(pcs))
				labels = make([]draw.PageLabel, pi, len(pcs))
				for k := range out {
					out[k] = itoa(k + 1)
					labels[k] = draw.PageLabel{Style: "D", N: k + 1}
				}
			}
			if b.Style != "" {
				style = b.Style
			}
			if b.Start > 0 {
				n = b.Start
			}
		}
		if out != nil {
			out = append(out, formatFolio(style, n))
			labels = append(labels, draw.PageLabel{Style: labelStyle(style, n), N: n})
		}
	}
	return out, labels
}

// labelStyle is the PDF page-label style (draw.PageLabel) of page n in a
// LaTeX numbering style: arabic where roman numerals (1 to 3999) or letters
// (1 to 26) cannot write n, as LaTeX would fail to.
func labelStyle(style string, n int) string {
	switch {
	case style == "gobble":
		return ""
	case (style == "roman" || style == "Roman") && n >= 1 && n <= 3999,
		(style == "alph" || style == "Alph") && n >= 1 && n <= 26:
		return style[:1] // r, R, a, A
	}
	return "D"
}

// formatFolio writes page number n in a LaTeX numbering style, as its
// page label (labelStyle) says.
func formatFolio(style string, n int) string {
	switch l := labelStyle(style, n); l {
	case "":
		return ""
	case "r":
		return strings.ToLower(roman(n))
	case "R":
		return roman(n)
	case "a", "A":
		return string(rune(l[0]) + rune(n-1))
	}
	return itoa(n)
}

// roman writes n in capital Roman numerals (arabic above 3999).
func roman(n int) string {
	if n < 1 || n > 3999 {
		return itoa(n)
	}
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

package pdf

import (
	"strconv"

	"quire/internal/draw"
)

// pageLabels is the catalog's /PageLabels entry for pages that carry
// labels (draw.Page.Label: the manuscript numbers its pages i, ii, ... and
// then 1, 2, ...), so that a viewer shows and finds the numbers printed;
// nil when a page has none (an untouched numbering, or an imposed booklet,
// whose sheets are no pages of the text). A range starts at the first page
// and wherever the style changes or a number does not follow the one
// before; a range of pages that print no number has empty labels.
func pageLabels(pages []*draw.Page) []byte {
	if len(pages) == 0 {
		return nil
	}
	b := []byte("/PageLabels <</Nums [")
	var prev *draw.PageLabel
	for i, p := range pages {
		l := p.Label
		if l == nil {
			return nil
		}
		if prev != nil && l.Style == prev.Style && (l.Style == "" || l.N == prev.N+1) {
			prev = l
			continue
		}
		if prev != nil {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, " <<"...)
		if l.Style != "" {
			b = append(b, "/S /"...)
			b = append(b, l.Style...)
			if l.N > 1 {
				b = append(b, " /St "...)
				b = strconv.AppendInt(b, int64(l.N), 10)
			}
		}
		b = append(b, ">>"...)
		prev = l
	}
	return append(b, "]>>\n"...)
}

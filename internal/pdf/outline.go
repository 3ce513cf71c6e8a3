package pdf

import (
	"fmt"

	"quire/internal/draw"
)

// An OutlineEntry is an outline (bookmark) entry given apart from the
// pages' display lists, for documents whose pages are not in reading
// order, such as an imposed booklet: the outline follows the order of
// Options.Outline, not the order of the pages.
type OutlineEntry struct {
	Title string
	Level int     // 0 is the top level
	Page  int     // 1-based
	Y     float64 // from the top of the page
}

// addOutline adds the entries of the outline, in their order, once all
// pages are drawn. fpdf records a bookmark on its current page, so each
// entry is added with its page made current for the moment.
func (r *renderer) addOutline(pages []*draw.Page, outline []OutlineEntry) error {
	if len(outline) == 0 {
		return nil
	}
	last := r.f.PageNo()
	for _, e := range outline {
		if e.Page < 1 || e.Page > len(pages) {
			return fmt.Errorf("pdf: outline entry %q on page %d of %d", e.Title, e.Page, len(pages))
		}
		r.f.SetPage(e.Page)
		r.bookmark(pages[e.Page-1], &draw.Bookmark{Title: e.Title, Level: e.Level, Y: e.Y})
	}
	r.f.SetPage(last)
	return nil
}

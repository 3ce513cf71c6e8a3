// Package impose arranges laid-out pages on larger printing sheets. It is a
// pure display-list transform: each page's items are moved into place on
// its sheet, so text stays text, and links, anchors and bookmarks, being
// display items themselves, move with the page they belong to (a booklet
// gives its bookmarks apart; see Booklet and Bookmarks).
//
// Two arrangements are known: a saddle-stitch booklet (Booklet), whose
// sheets are folded once and nested, and consecutive pages two to a side
// (TwoUp).
package impose

import (
	"fmt"

	"quire/internal/draw"
)

// A Side is one side of a sheet: the 1-based numbers of the pages set on
// its left and right halves, with 0 for a blank half.
type Side [2]int

// BookletOrder returns the sides of a saddle-stitch booklet of n pages in
// the order they are printed: the front of the first sheet, its back, the
// front of the second sheet, and so on. The page count is padded with
// blank pages at the end to a multiple of four. Printed duplex and flipped
// on the short edge, the stacked sheets fold into a booklet that reads
// 1, 2, …, n.
//
// For a sheet s (from 0) of a booklet of m pages, the front carries pages
// m−2s (left) and 2s+1 (right), the back 2s+2 (left) and m−2s−1 (right).
func BookletOrder(n int) []Side {
	if n <= 0 {
		return nil
	}
	m := (n + 3) / 4 * 4
	blank := func(p int) int {
		if p > n {
			return 0
		}
		return p
	}
	sides := make([]Side, 0, m/2)
	for s := 0; s < m/4; s++ {
		sides = append(sides,
			Side{blank(m - 2*s), blank(2*s + 1)},
			Side{blank(2*s + 2), blank(m - 2*s - 1)})
	}
	return sides
}

// TwoUpOrder returns the sides of n pages set two to a side in reading
// order: 1 and 2, 3 and 4, …, with a blank right half when n is odd.
func TwoUpOrder(n int) []Side {
	var sides []Side
	for p := 1; p <= n; p += 2 {
		r := p + 1
		if r > n {
			r = 0
		}
		sides = append(sides, Side{p, r})
	}
	return sides
}

// Impose sets pages on sheets of size sheetW × sheetH (points), two pages
// to a sheet side in the given order. The two pages meet at the sheet's
// vertical centre line (the fold) and are centred vertically. Pages must
// all have the same size and fit side by side on the sheet. The result is
// a new list; pages are not modified.
func Impose(pages []*draw.Page, order []Side, sheetW, sheetH float64) ([]*draw.Page, error) {
	if len(pages) == 0 {
		return nil, fmt.Errorf("impose: no pages")
	}
	w, h := pages[0].Width, pages[0].Height
	for i, p := range pages {
		if p.Width != w || p.Height != h {
			return nil, fmt.Errorf("impose: page %d is %.2f×%.2f pt, page 1 is %.2f×%.2f pt", i+1, p.Width, p.Height, w, h)
		}
	}
	if 2*w > sheetW+0.01 || h > sheetH+0.01 {
		return nil, fmt.Errorf("impose: two %.2f×%.2f pt pages do not fit a %.2f×%.2f pt sheet", w, h, sheetW, sheetH)
	}
	dy := (sheetH - h) / 2
	var sheets []*draw.Page
	for _, side := range order {
		s := &draw.Page{Width: sheetW, Height: sheetH}
		for half, n := range side {
			if n == 0 {
				continue
			}
			if n < 1 || n > len(pages) {
				return nil, fmt.Errorf("impose: no page %d (have %d)", n, len(pages))
			}
			dx := sheetW/2 - w + float64(half)*w
			// The page's number in reading order, for the structure.
			s.Items = append(s.Items, &draw.PageStart{Page: n})
			s.Items = append(s.Items, draw.Shift(pages[n-1].Items, dx, dy)...)
		}
		sheets = append(sheets, s)
	}
	return sheets, nil
}

// Booklet imposes pages as a saddle-stitch booklet on sheets of size
// sheetW × sheetH; see BookletOrder. Links and anchors move with their
// pages, but bookmarks are dropped: an outline made from them would follow
// the order of the sheets, in which a booklet's pages are out of reading
// order. Bookmarks gives them in reading order instead.
func Booklet(pages []*draw.Page, sheetW, sheetH float64) ([]*draw.Page, error) {
	sheets, err := Impose(pages, BookletOrder(len(pages)), sheetW, sheetH)
	for _, s := range sheets {
		items := s.Items[:0]
		for _, it := range s.Items {
			if _, ok := it.(*draw.Bookmark); !ok {
				items = append(items, it)
			}
		}
		s.Items = items
	}
	return sheets, err
}

// TwoUp imposes pages two to a side in reading order on sheets of size
// sheetW × sheetH; see TwoUpOrder.
func TwoUp(pages []*draw.Page, sheetW, sheetH float64) ([]*draw.Page, error) {
	return Impose(pages, TwoUpOrder(len(pages)), sheetW, sheetH)
}

// A PlacedBookmark is a page's bookmark at its place on an imposed sheet.
type PlacedBookmark struct {
	draw.Bookmark
	Side int // 1-based index of the sheet side in the order
}

// Bookmarks returns the bookmarks of pages in reading order, each with the
// sheet side order puts its page on and its height there, for an outline
// that follows the pages rather than the sheets (see Booklet).
func Bookmarks(pages []*draw.Page, order []Side, sheetH float64) []PlacedBookmark {
	side := map[int]int{}
	for i, s := range order {
		for _, n := range s {
			if n > 0 {
				side[n] = i + 1
			}
		}
	}
	var out []PlacedBookmark
	for i, p := range pages {
		s, ok := side[i+1]
		if !ok {
			continue
		}
		dy := (sheetH - p.Height) / 2
		for _, it := range p.Items {
			if b, ok := it.(*draw.Bookmark); ok {
				c := *b
				c.Y += dy
				out = append(out, PlacedBookmark{c, s})
			}
		}
	}
	return out
}

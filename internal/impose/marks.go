package impose

import (
	"quire/internal/doc"
	"quire/internal/draw"
)

// MarkArea is the width of the margin crop marks are drawn in, outside
// the bleed: 12 pt of mark and a 3 pt gap from the bleed.
const MarkArea = 15.0

// Trim describes where, on an enlarged page, the finished page lies. All
// values are insets from the edges of the page (the MediaBox), in points.
type Trim struct {
	TrimInset  float64 // to the TrimBox: the finished page
	BleedInset float64 // to the BleedBox: the finished page plus the bleed
}

// ForPrint enlarges pages for a print shop: each page gains bleed points
// on every side and, if marks is set, a further MarkArea with crop marks
// at the corners of the finished page. The page content keeps its place
// relative to the finished page. It returns the new pages and where the
// finished page and the bleed lie on them; with neither bleed nor marks
// the pages are returned as they are, with a zero Trim.
func ForPrint(pages []*draw.Page, bleed float64, marks bool) ([]*draw.Page, Trim) {
	if bleed <= 0 && !marks {
		return pages, Trim{}
	}
	bleed = max(bleed, 0)
	slug := 0.0
	if marks {
		slug = MarkArea
	}
	off := bleed + slug
	out := make([]*draw.Page, len(pages))
	for i, p := range pages {
		q := &draw.Page{Width: p.Width + 2*off, Height: p.Height + 2*off}
		q.Items = draw.Shift(p.Items, off, off)
		if marks {
			q.Items = append(q.Items, cropMarks(off, off, p.Width, p.Height, bleed)...)
		}
		out[i] = q
	}
	return out, Trim{TrimInset: off, BleedInset: slug}
}

// cropMarks returns the eight crop marks of a finished page at (x, y) of
// size w × h: at each corner, two hairlines on the lines of the trim that
// stop short of the bleed.
func cropMarks(x, y, w, h, bleed float64) []draw.Item {
	const lw = 0.25
	gap := bleed + 3 // marks begin this far from the trim
	end := bleed + MarkArea
	var items []draw.Item
	for _, cx := range []float64{x, x + w} {
		for _, cy := range []float64{y, y + h} {
			sx := 1.0 // outwards horizontally
			if cx == x {
				sx = -1
			}
			sy := 1.0
			if cy == y {
				sy = -1
			}
			items = append(items,
				draw.Line(cx+sx*gap, cy, cx+sx*end, cy, lw, doc.Black),
				draw.Line(cx, cy+sy*gap, cx, cy+sy*end, lw, doc.Black))
		}
	}
	draw.MarkArtifact(items, draw.ArtifactPage)
	return items
}

// AddFoldMarks adds, to pages made by ForPrint with marks, a dashed fold
// mark above and below the vertical centre line of the finished page,
// where a booklet's or a 2-up sheet's pages meet.
func AddFoldMarks(pages []*draw.Page, tr Trim, bleed float64) {
	if tr.BleedInset <= 0 {
		return // no room for marks
	}
	gap := bleed + 3
	end := bleed + MarkArea
	for _, p := range pages {
		x := p.Width / 2
		top, bottom := tr.TrimInset, p.Height-tr.TrimInset
		for _, l := range []*draw.Path{
			draw.Line(x, top-gap, x, top-end, 0.25, doc.Black),
			draw.Line(x, bottom+gap, x, bottom+end, 0.25, doc.Black),
		} {
			l.Dash = []float64{2, 1.5}
			l.Tag = draw.Artifact(draw.ArtifactPage)
			p.Items = append(p.Items, l)
		}
	}
}

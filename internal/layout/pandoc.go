package layout

import (
	"strconv"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/lang"
)

// Setting of the blocks pandoc Markdown adds: listing captions, divs and
// callouts, line blocks, page breaks, subfigures, image widths.

// listingCaption sets "Listing n. caption" above a code block, with the
// listing's anchor.
func (g *galley) listingCaption(cb *doc.CodeBlock, c ctx) {
	if cb.Number == 0 && len(cb.Caption) == 0 {
		return
	}
	s := g.l.st
	label := ""
	if cb.Number > 0 {
		label = g.words().CaptionLabel(g.words().Terms.Listing, strconv.Itoa(cb.Number))
	}
	g.skip(c.leading * 0.4)
	ls := g.caption(label, cb.Caption, c, false)
	markLines(ls, g.l.node(c.parent, draw.RoleCaption))
	for i, ln := range ls {
		v := &vbox{h: s.SmallLeading, items: draw.Shift(ln.items, c.x, s.SmallLeading*0.78), noBreak: true, numbered: c.numbered, numberY: s.SmallLeading * 0.78}
		for _, n := range ln.notes {
			v.setNotes(append(v.notes(), g.noteSet(n)))
		}
		if i == 0 && cb.ID != "" {
			v.items = append([]draw.Item{&draw.Anchor{Name: cb.ID, Y: 0}}, v.items...)
		}
		g.add(v)
	}
}

// widthFraction returns the share of the text width an image attribute
// asks for: "50%" is 0.5; a length ("8cm", "3in", "200pt", "300px") is
// measured against width; anything else is 1 (the Markdown reader warns).
func widthFraction(attr string, width float64) float64 {
	v, percent, ok := doc.ParseLength(attr)
	switch {
	case !ok:
		return 1
	case percent:
		return min(v, 1)
	case width > 0:
		return min(v/width, 1)
	}
	return 1
}

// heightOf returns the height an image's height attribute asks for: a
// length, or a percentage of textHeight; ok is false without one.
func heightOf(attr string, textHeight float64) (float64, bool) {
	v, percent, ok := doc.ParseLength(attr)
	switch {
	case !ok:
		return 0, false
	case percent:
		return min(v, 1) * textHeight, true
	}
	return v, true
}

// div sets a division: its blocks, with its anchor; a framed one (a
// callout) in a frame with its title on a bar (callout.go).
func (g *galley) div(d *doc.Div, c ctx) {
	c.parent = g.l.node(c.parent, draw.RoleDiv)
	if l, ok := lang.Lookup(d.Lang); ok && d.Lang != "" && (g.l.lang == nil || l.Tag != g.l.lang.Tag) {
		c.parent.Lang = cleanLangTag(d.Lang) // the structure says so too (tag.go)
	}
	if d.ID != "" {
		g.add(&vbox{items: []draw.Item{&draw.Anchor{Name: d.ID, Y: 0}}, noBreak: true})
	}
	defer g.enterLang(d.Lang)()
	if !d.Framed {
		g.blocks(d.Blocks, c)
		return
	}
	g.callout(d, c) // callout.go
}

// lineBlock sets a line block: each line as written, not justified.
func (g *galley) lineBlock(lb *doc.LineBlock, c ctx) {
	g.skip(c.leading * 0.3)
	st := textStyle{face: c.face, size: c.size}
	for _, ln := range lb.Lines {
		if len(ln) == 0 {
			g.skip(c.leading)
			continue
		}
		g.paragraph(ln, c, paraOpts{leading: c.leading, hang: c.size * 2}, st)
	}
	g.skip(c.leading * 0.3)
}

// subfigures sets a figure group: the subfigures side by side (two or
// three to a row), each lettered under its image, then the figure's
// caption.
func (g *galley) subfigures(f *doc.Figure, c ctx) {
	s := g.l.st
	gap := c.size * 1.5
	perRow := min(len(f.Sub), 3)
	if len(f.Sub) == 4 {
		perRow = 2
	}
	cellW := (c.width - gap*float64(perRow-1)) / float64(perRow)
	maxH := s.TextHeight() * 0.6 / float64((len(f.Sub)+perRow-1)/perRow)
	var items []draw.Item
	var notes []*noteSet
	y := 0.0
	group := g.l.node(c.parent, draw.RoleDiv)
	subs := make([]*draw.Node, len(f.Sub)) // each subfigure's Figure, then its Caption
	subCaps := make([]*draw.Node, len(f.Sub))
	for i, sub := range f.Sub {
		subs[i] = group.Add(draw.RoleFigure)
		subs[i].Alt = g.l.figureAlt(sub, "("+sub.Letter+")")
		subCaps[i] = group.Add(draw.RoleCaption)
	}
	capNode := group.Add(draw.RoleCaption)
	for r := 0; r < len(f.Sub); r += perRow {
		row := f.Sub[r:min(r+perRow, len(f.Sub))]
		rowW := float64(len(row))*cellW + gap*float64(len(row)-1)
		x0 := c.x + (c.width-rowW)/2
		rowH := 0.0
		var capY []float64
		for i, sub := range row {
			x := x0 + float64(i)*(cellW+gap)
			w := cellW * widthFraction(sub.Width, cellW)
			h := w * 0.6
			first := len(items)
			switch {
			case sub.Image != nil && sub.Image.Width > 0 && sub.Image.Height > 0:
				iw, ih := float64(sub.Image.Width), float64(sub.Image.Height)
				h = w * ih / iw
				if h > maxH {
					h = maxH
					w = h * iw / ih
				}
				items = append(items, imageItems(sub.Image, sub.ID, x+(cellW-w)/2, y, w, h)...)
			default:
				grey := doc.Gray(0.55)
				items = append(items, draw.Rect(x+(cellW-w)/2, y, w, h, nil, &grey, 0.6))
			}
			draw.Mark(items[first:], subs[r+i])
			if sub.ID != "" {
				items = append(items, &draw.Anchor{Name: sub.ID, Y: y})
			}
			rowH = max(rowH, h)
			capY = append(capY, h)
		}
		capTop := y + rowH + s.SmallLeading*0.3
		capH := 0.0
		for i, sub := range row {
			x := x0 + float64(i)*(cellW+gap)
			cc := c
			cc.x, cc.width = 0, cellW
			ls := g.caption("("+sub.Letter+")", sub.Caption, cc, true)
			markLines(ls, subCaps[r+i])
			yy := capTop
			for _, ln := range ls {
				items = append(items, draw.Shift(ln.items, x, yy+s.SmallLeading*0.78)...)
				for _, n := range ln.notes {
					notes = append(notes, g.noteSet(n))
				}
				yy += s.SmallLeading
			}
			capH = max(capH, yy-capTop)
		}
		y = capTop + capH + s.SmallLeading*0.5
	}
	label := ""
	if f.Number > 0 {
		label = g.words().CaptionLabel(g.words().Terms.Figure, strconv.Itoa(f.Number))
	}
	ls := g.caption(label, f.Caption, c, true)
	markLines(ls, capNode)
	for _, ln := range ls {
		items = append(items, draw.Shift(ln.items, c.x, y+s.SmallLeading*0.78)...)
		for _, n := range ln.notes {
			notes = append(notes, g.noteSet(n))
		}
		y += s.SmallLeading
	}
	if f.ID != "" {
		items = append(items, &draw.Anchor{Name: f.ID, Y: 0})
	}
	v := &vbox{h: y + s.SmallLeading*0.2, items: items, float: true}
	v.setNotes(notes)
	g.add(v)
}

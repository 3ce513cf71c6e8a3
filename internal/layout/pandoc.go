package layout

import (
	"strconv"
	"strings"

	"quire/internal/doc"
	"quire/internal/draw"
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
		label = doc.KindWord(doc.KindListing, 1) + " " + strconv.Itoa(cb.Number) + "."
	}
	g.skip(c.leading * 0.4)
	ls := g.caption(label, cb.Caption, c, false)
	for i, ln := range ls {
		v := &vbox{h: s.SmallLeading, items: draw.Shift(ln.items, c.x, s.SmallLeading*0.78), noBreak: true, numbered: c.numbered, numberY: s.SmallLeading * 0.78}
		for _, n := range ln.notes {
			v.notes = append(v.notes, g.noteSet(n))
		}
		if i == 0 && cb.ID != "" {
			v.items = append([]draw.Item{&draw.Anchor{Name: cb.ID, Y: 0}}, v.items...)
		}
		g.add(v)
	}
}

// widthFraction returns the share of the text width an image attribute
// asks for: "50%" is 0.5; a length ("8cm", "3in", "200pt") is measured
// against width; anything else is 1.
func widthFraction(attr string, width float64) float64 {
	a := strings.TrimSpace(attr)
	if a == "" {
		return 1
	}
	if p, ok := strings.CutSuffix(a, "%"); ok {
		if f, err := strconv.ParseFloat(p, 64); err == nil && f > 0 {
			return min(f/100, 1)
		}
		return 1
	}
	for unit, pt := range map[string]float64{"cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72, "pt": 1, "px": 0.75} {
		if v, ok := strings.CutSuffix(a, unit); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && width > 0 {
				return min(f*pt/width, 1)
			}
		}
	}
	return 1
}

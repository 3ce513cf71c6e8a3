package layout

import (
	"quire/internal/doc"
	"quire/internal/draw"
)

// bibEntries sets the entries of a bibliography: with a hanging indent
// when the style asks for one, and with the entries' labels (the numbers
// of a numeric style, CSL's second-field-align) flush left in a column as
// wide as the widest label, the text aligned after it. Entries are set
// ragged right; entry spacing 0 sets them without space between.
func (g *galley) bibEntries(b *doc.Bibliography, c ctx) {
	st := textStyle{face: c.face, size: c.size}
	gap := 0.0
	if b.EntrySpacing > 0 {
		gap = c.leading * 0.3 * float64(b.EntrySpacing)
	}
	var labels [][]setLine
	col := 0.0
	if len(b.Labels) == len(b.Entries) && len(b.Labels) > 0 {
		for _, l := range b.Labels {
			ls := g.setInline(l, c.width/3, paraOpts{leading: c.leading}, st)
			labels = append(labels, ls)
			if len(ls) > 0 && ls[0].width > col {
				col = ls[0].width
			}
		}
		if col > 0 {
			col += c.size * 0.5
		}
	}
	hang := c.size * 2
	// tagged as a list: an item's label (when there is a column of them)
	// and its body, the entry
	list := g.l.node(c.parent, draw.RoleL)
	for i, e := range b.Entries {
		li := list.Add(draw.RoleLI)
		content := e
		if i < len(b.IDs) && b.IDs[i] != "" {
			content = append([]doc.Inline{doc.Anchor{ID: b.IDs[i]}}, e...)
		}
		o := paraOpts{justify: false, hyphenate: false, leading: c.leading}
		switch {
		case col > 0:
			o.indent, o.hang = col, col
		case b.Hanging:
			o.hang = hang
		}
		ls := g.setInline(content, c.width, o, st)
		if col > 0 && len(ls) > 0 && i < len(labels) && len(labels[i]) > 0 {
			// the label in the margin column of the entry's first line
			first := ls[0]
			items := append([]draw.Item(nil), labels[i][0].items...)
			draw.Mark(items, li.Add(draw.RoleLbl))
			first.items = append(items, first.items...)
			if labels[i][0].ascent > first.ascent {
				first.ascent = labels[i][0].ascent
			}
			ls[0] = first
		}
		vs := g.lines(ls, c, c.leading, false)
		markBoxes(vs, li.Add(draw.RoleLBody).Add(draw.RoleBibEntry))
		if gap > 0 {
			g.skip(gap)
		}
	}
}

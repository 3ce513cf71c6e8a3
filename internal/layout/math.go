package layout

import (
	"strconv"
	"unicode/utf8"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/linebreak"
	texmath "quire/internal/math"
)

// Formulas in paragraphs and displays. An inline formula is a sequence of
// boxes the line breaker sees like words, with a penalty and the
// operator's space between them where TeX allows a break (after a
// relation or a binary operator at the formula's top level); a display is
// set on lines of its own, centred, with its number at the right margin.

// mathRun is the payload of a formula piece in a paragraph.
type mathRun struct {
	box    *texmath.Box
	actual *string    // the formula's Unicode text, on its first piece
	node   *draw.Node // the formula's structure node (tag.go), shared by its pieces
}

// mathOptions returns the layout options for text set in st.
func mathOptions(st *textStyle) texmath.Options {
	o := texmath.Options{Size: st.size, TextFace: uprightOf(st.face)}
	if st.color != (doc.Color{}) {
		c := texmath.Color{R: st.color.R, G: st.color.G, B: st.color.B}
		o.Color = &c
	}
	return o
}

// uprightOf returns the upright face of the family of face, for \text.
func uprightOf(face string) string {
	switch face {
	case font.Sans, font.SansBold, font.SansItalic:
		return font.Sans
	case font.Mono, font.MonoBold:
		return font.Mono
	}
	return font.Serif
}

// math adds an inline formula to the paragraph.
func (b *builder) math(m doc.Math, st *textStyle) {
	f, ok := m.Formula.(*texmath.Formula)
	if !ok {
		b.text(m.TeX, st)
		return
	}
	in, err := f.LayoutInline(mathOptions(st))
	if err != nil {
		b.text(m.TeX, st)
		return
	}
	b.flushWord()
	node := mathNode(st.tag, m)
	for _, p := range in.Pieces {
		// Each piece is an ActualText span of its own text: a span
		// standing for the whole formula on its first piece made
		// pdftotext's default mode end the line after the formula.
		text := p.Text
		run := &mathRun{box: p.Box, actual: &text, node: node}
		h := &hbox{st: st, math: run}
		if len(b.p.pendingAnchors) > 0 {
			h.anchors = append(h.anchors, b.p.pendingAnchors...)
			b.p.pendingAnchors = nil
		}
		b.p.items = append(b.p.items, linebreak.Item{Kind: linebreak.Box, Width: p.Box.W})
		b.p.boxes = append(b.p.boxes, h)
		if p.Break {
			b.p.items = append(b.p.items,
				linebreak.Item{Kind: linebreak.Penalty, Penalty: p.Penalty},
				linebreak.Item{Kind: linebreak.Glue, Width: p.Glue, Stretch: p.Stretch, Shrink: p.Shrink})
			b.p.boxes = append(b.p.boxes, nil, nil)
		}
	}
	b.lastGlue = false
}

// placeMathBox sets a formula piece h at x on a line: its glyphs and
// rules, and the anchors and notes that sit on it.
func placeMathBox(sl *setLine, h *hbox, x float64) {
	y := -h.st.rise
	for _, a := range h.anchors {
		sl.items = append(sl.items, &draw.Anchor{Name: a, Y: -h.st.size})
	}
	sl.notes = append(sl.notes, h.notes...)
	n := len(sl.items)
	placeMath(sl, h.math, x, y)
	draw.Mark(sl.items[n:], h.math.node)
	if h.st.url != "" || h.st.dest != "" {
		sl.items = addLink(sl.items, &draw.Link{X: x, Y: y - h.math.box.H, W: h.math.box.W, H: h.math.box.H + h.math.box.D, URL: h.st.url, Dest: h.st.dest, Tag: h.st.tag})
	}
}

// placeMath appends the display items of a formula piece set at (x, y)
// on a line, and grows the line's height and depth.
func placeMath(sl *setLine, r *mathRun, x, y float64) {
	sl.items = append(sl.items, mathItems(r.box, x, y, r.actual)...)
	sl.mathH = max(sl.mathH, r.box.H-y)
	sl.mathD = max(sl.mathD, r.box.D+y)
}

// mathItems converts a formula's box into display items with its origin
// at (x, y). If actual is not nil, the glyph runs are one ActualText span
// standing for that text.
func mathItems(b *texmath.Box, x, y float64, actual *string) []draw.Item {
	mf := font.MustGet(font.Math)
	var out []draw.Item
	var cur *draw.Text // the glyph run the next glyph may extend
	var curX float64   // where cur's last glyph starts
	var first, last *draw.Text
	run := func(t *draw.Text) {
		if first == nil {
			first = t
		}
		last = t
		out = append(out, t)
	}
	for _, it := range b.Items {
		col := doc.Black
		if it.Color != nil {
			col = doc.Color{R: it.Color.R, G: it.Color.G, B: it.Color.B}
		}
		switch it.Kind {
		case texmath.Glyph:
			// The math face is never shaped: its glyphs are chosen and
			// placed here. A glyph on the baseline and at the size of
			// the run before it, at or after that run's last glyph,
			// extends the run: the previous glyph's advance takes it to
			// where this one stands (a TJ adjustment), so that a formula
			// is a few runs, not one per atom.
			gx, gy := x+it.X, y+it.Y
			adv := float32(mf.Advance(it.Code))
			if cur != nil && cur.Size == it.Size && abs(cur.Y-gy) < 0.005 && cur.Color == col && gx >= curX-0.005 {
				g := &cur.Glyphs[len(cur.Glyphs)-1]
				g.Adv = float32((gx - curX) * 1000 / it.Size)
				cur.S += string(it.Code)
				cur.Glyphs = append(cur.Glyphs, draw.Glyph{Code: it.Code, Adv: adv})
				curX = gx
				continue
			}
			cur = &draw.Text{X: gx, Y: gy, Face: font.Math, Size: it.Size, S: string(it.Code), Color: col,
				Glyphs: []draw.Glyph{{Code: it.Code, Adv: adv}}}
			curX = gx
			run(cur)
		case texmath.TextRun:
			run(&draw.Text{X: x + it.X, Y: y + it.Y, Face: it.Face, Size: it.Size, S: it.S, Color: col})
			cur = nil
		case texmath.Rule:
			c := col
			out = append(out, draw.Rect(x+it.X, y+it.Y, it.W, it.H, &c, nil, 0))
		}
	}
	if actual == nil || first == nil {
		return out
	}
	// Text extraction (poppler) puts a span's text on the line from where
	// its first glyph starts to where its last ends: the span starts and
	// ends with a glyph on the formula's baseline at its two ends. Where
	// the formula's first (last) run is not such a glyph, an invisible
	// one is drawn there.
	r, _ := utf8.DecodeRuneInString(first.S)
	gs := string(r)
	size := first.Size
	if first.Face != font.Math {
		r = '.'
		gs, size = ".", b.H
	}
	w := font.Measure(font.Math, size, gs)
	g := []draw.Glyph{{Code: r, Adv: float32(mf.Advance(r))}}
	if first.Face == font.Math && abs(first.X-x) < 0.005 && abs(first.Y-y) < 0.005 {
		first.Actual = actual
	} else {
		out = append([]draw.Item{&draw.Text{X: x, Y: y, Face: font.Math, Size: size, S: gs, Invisible: true, Actual: actual, Color: first.Color, Glyphs: g}}, out...)
	}
	if last.Face == font.Math && abs(last.Y-y) < 0.005 && abs(last.X+runWidth(last)-(x+b.W)) < 0.01*last.Size {
		last.EndActual = true
		return out
	}
	end := &draw.Text{X: x + b.W - w, Y: y, Face: font.Math, Size: size, S: gs, Invisible: true, EndActual: true, Color: first.Color, Glyphs: g}
	return append(out, end)
}

// runWidth returns the advance width of a glyph run in points.
func runWidth(t *draw.Text) float64 {
	var w float64
	for _, g := range t.Glyphs {
		w += float64(g.Adv)
	}
	return w * t.Size / 1000
}

// lineSkip is the least space between the depth of a line and the height
// of the next when tall formulas would make them touch (TeX's \lineskip).
const lineSkip = 1.0

// mathBlock sets a display formula.
func (g *galley) mathBlock(mb *doc.MathBlock, c ctx) {
	f, ok := mb.Math.Formula.(*texmath.Formula)
	if !ok {
		return
	}
	st := textStyle{face: c.face, size: c.size}
	o := mathOptions(&st)
	// The measure of the display: the text's, less room for the number.
	room := 0.0 // the widest number and the space before it
	for _, r := range mb.Rows {
		num := r.Tag
		if num == "" && r.Number > 0 {
			num = "(" + strconv.Itoa(r.Number) + ")"
		}
		if num != "" {
			room = max(room, font.Measure(uprightOf(c.face), c.size, num)+c.size)
		}
	}
	o.Width = c.width - room
	d, err := f.LayoutDisplay(o)
	if err != nil {
		return
	}
	skip := c.size * 1.0 // \abovedisplayskip, \belowdisplayskip
	if c.inNote {
		skip = c.size * 0.6
	}
	g.skip(skip)
	// The widest line of an alignment block, to centre the block.
	blockW := 0.0
	for _, ln := range d.Lines {
		if ln.Block {
			blockW = max(blockW, ln.Box.W)
		}
	}
	indent := c.size // multline's \multlinegap
	var vs []*vbox
	node := mathNode(nil, mb.Math)
	c.parent = g.l.node(c.parent, draw.RoleP)
	c.parent.Adopt(node)
	var label *draw.Node // the equation numbers
	for i, ln := range d.Lines {
		var x float64
		switch {
		case ln.Block:
			// Centred, or further left when the numbers need the room
			// (as amsmath sets a wide alignment).
			x = max(0, min((c.width-blockW)/2, c.width-room-blockW))
		case ln.Align == 'l':
			x = indent
		case ln.Align == 'r':
			x = c.width - ln.Box.W - indent
		default:
			x = (c.width - ln.Box.W) / 2
		}
		var numW float64
		var num string
		// A row broken into lines has its number on its last line and
		// its anchor on its first.
		lastOfRow := i == len(d.Lines)-1 || d.Lines[i+1].Row != ln.Row
		firstOfRow := i == 0 || d.Lines[i-1].Row != ln.Row
		if ln.Row < len(mb.Rows) && lastOfRow {
			r := mb.Rows[ln.Row]
			switch {
			case r.Tag != "":
				num = r.Tag
			case r.Number > 0:
				num = "(" + strconv.Itoa(r.Number) + ")"
			}
		}
		face := uprightOf(c.face)
		if num != "" {
			numW = font.Measure(face, c.size, num)
			if ln.Align == 'r' {
				x -= numW
			}
		}
		x = max(x, 0)
		h, dp := max(ln.Box.H, c.size*0.75), max(ln.Box.D, c.size*0.25)
		text := ln.Text // each line stands for its own text
		items := mathItems(ln.Box, c.x+x, h, &text)
		draw.Mark(items, node)
		v := &vbox{h: h + dp, items: items, numbered: c.numbered, numberY: h, noBreak: i < len(d.Lines)-1 && !ln.PageBreak}
		if num != "" {
			if label == nil {
				label = g.l.node(c.parent, draw.RoleLbl)
			}
			// The number at the right margin on the line's baseline, or
			// below the line when the line leaves no room for it.
			nx := c.x + c.width - numW
			if x+ln.Box.W > c.width-numW-c.size {
				v.items = append(v.items, &draw.Text{X: nx, Y: h + dp + c.leading*0.78, Face: face, Size: c.size, S: num, Tag: label})
				v.h += c.leading
			} else {
				v.items = append(v.items, &draw.Text{X: nx, Y: h, Face: face, Size: c.size, S: num, Tag: label})
			}
		}
		if ln.Row < len(mb.Rows) && mb.Rows[ln.Row].ID != "" && firstOfRow {
			v.items = append([]draw.Item{&draw.Anchor{Name: mb.Rows[ln.Row].ID, Y: 0}}, v.items...)
		}
		if ln.Box.W > c.width+0.5 && g.l.diags != nil {
			g.l.diags.Warnf(mb.Pos, "break the formula into lines with an align or multline environment", "a display formula %.0f pt wide is wider than the text (%.0f pt)", ln.Box.W, c.width)
		}
		g.add(v)
		vs = append(vs, v)
		if i < len(d.Gaps) {
			// Between rows a page may end: the gap is then dropped, and
			// each row's number stays on its row's box.
			g.add(&vbox{h: d.Gaps[i], noBreak: true, space: ln.PageBreak})
		}
	}
	g.skip(skip)
}

// lineGap returns the space to add above line cur, after line prev, so
// that tall formulas in them keep lineSkip apart at the given leading.
func lineGap(prev, cur *setLine, leading float64) float64 {
	if cur.mathH == 0 && (prev == nil || prev.mathD == 0) {
		return 0
	}
	above := leading * 0.78
	below := leading - above
	h := max(cur.mathH, above*0.9)
	d := below * 0.9
	if prev != nil {
		d = max(d, prev.mathD)
	}
	if need := h + d + lineSkip; need > leading {
		return need - leading
	}
	return 0
}

// mathCache keeps the inline formulas of one layout set (to come).
type mathCache struct{}

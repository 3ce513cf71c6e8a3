package layout

import (
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/linebreak"
	"quire/internal/shape"
)

// table sets a table: caption above, booktabs rules, header row repeated
// when the table continues on another page. Column widths come from the
// content: each column gets at least its longest word, and the rest of the
// width is shared in proportion to the columns' natural widths.
func (g *galley) table(t *doc.Table, c ctx) {
	s := g.l.st
	size, leading := s.SmallSize, s.SmallLeading
	ncol := len(t.Header)
	for _, r := range t.Rows {
		if len(r) > ncol {
			ncol = len(r)
		}
	}
	if ncol == 0 {
		return
	}
	g.skip(c.leading * 0.6)
	pad := size * 0.5
	cell := func(r [][]doc.Inline, i int) []doc.Inline {
		if i < len(r) {
			return r[i]
		}
		return nil
	}
	// Natural and minimum widths per column (sampled for huge tables).
	nat := make([]float64, ncol)
	min := make([]float64, ncol)
	bodyNat := make([]float64, ncol) // natural widths of the body's cells alone
	measure := func(row [][]doc.Inline, bold bool) {
		for i := 0; i < ncol; i++ {
			face := g.l.face(false, false)
			if bold {
				face = g.l.face(true, false)
			}
			n, m := g.cellWidths(cell(row, i), textStyle{face: face, size: size})
			nat[i] = max(nat[i], n)
			min[i] = max(min[i], m)
			if !bold {
				bodyNat[i] = max(bodyNat[i], n)
			}
		}
	}
	measure(t.Header, true)
	step := 1
	if len(t.Rows) > 2000 {
		step = len(t.Rows) / 2000
	}
	for i := 0; i < len(t.Rows); i += step {
		measure(t.Rows[i], false)
	}
	avail := c.width - 2*pad*float64(ncol)
	sumMin := 0.0
	for _, m := range min {
		sumMin += max(m, 12)
	}
	if sumMin > avail {
		g.l.diags.Warnf(t.Pos, "use fewer or narrower columns, abbreviate, or split the table", "the table's %d columns are wider than the text block even at their narrowest; the longest words in its cells are hyphenated", ncol)
	}
	widths := distribute(nat, bodyNat, min, avail)
	total := 0.0
	for _, w := range widths {
		total += w + 2*pad
	}
	x0 := c.x
	if total < c.width {
		x0 += (c.width - total) / 2
	}
	table := g.l.node(c.parent, draw.RoleTable)
	// The caption stands above the table, aligned with it; a narrow
	// table gets a caption at least half the measure wide, centred on it.
	if len(t.Caption) > 0 || t.Number > 0 {
		label := ""
		if t.Number > 0 {
			label = g.words().CaptionLabel(g.words().Terms.Table, itoa(t.Number))
		}
		cc := c
		cc.width = total
		if cc.width > c.width {
			cc.width = c.width
		}
		if minW := c.width * 0.6; cc.width < minW {
			cc.width = minW
		}
		cc.x = x0 + total/2 - cc.width/2
		if cc.x < c.x {
			cc.x = c.x
		}
		capNode := table.Add(draw.RoleCaption)
		ls := g.caption(label, t.Caption, cc, false)
		vs := g.lines(ls, cc, s.SmallLeading, true)
		markBoxes(vs, capNode)
		if len(vs) > 0 && t.ID != "" {
			vs[0].items = append(vs[0].items, &draw.Anchor{Name: t.ID, Y: 0})
		}
		g.add(&vbox{h: 3, space: true, noBreak: true})
	}
	run := &tableRun{}
	head := table.Add(draw.RoleTHead)
	body := table.Add(draw.RoleTBody)
	rowBox := func(row [][]doc.Inline, bold bool) *vbox {
		var items []draw.Item
		var notes []*noteSet
		x := x0
		h := leading
		tr := body
		if bold {
			tr = head
		}
		tr = tr.Add(draw.RoleTR)
		for i := 0; i < ncol; i++ {
			cellNode := tr.Add(draw.RoleTD)
			cellNode.Keep = true
			if bold {
				cellNode.Role = draw.RoleTH
				cellNode.Scope = "Column"
			}
			first := len(items)
			face := g.l.face(false, false)
			if bold {
				face = g.l.face(true, false)
			}
			o := paraOpts{justify: false, leading: leading}
			ls := g.setInlineTable(cell(row, i), widths[i], o, textStyle{face: face, size: size})
			align := doc.AlignDefault
			if i < len(t.Align) {
				align = t.Align[i]
			}
			for li, ln := range ls {
				dx := x + pad
				switch align {
				case doc.AlignRight:
					dx += widths[i] - ln.width
				case doc.AlignCenter:
					dx += (widths[i] - ln.width) / 2
				}
				items = append(items, draw.Shift(ln.items, dx, leading*0.78+float64(li)*leading+pad*0.4)...)
				for _, n := range ln.notes {
					notes = append(notes, g.noteSet(n))
				}
			}
			draw.Mark(items[first:], cellNode)
			if hh := float64(len(ls)) * leading; hh > h {
				h = hh
			}
			x += widths[i] + 2*pad
		}
		return &vbox{h: h + pad*0.8, items: items, more: &vboxMore{notes: notes, table: run}}
	}
	rule := func(w float64) *vbox {
		ln := draw.Line(x0, 1.25, x0+total, 1.25, w, doc.Black)
		ln.Tag = draw.Artifact(draw.ArtifactLayout)
		return &vbox{h: 2.5, items: []draw.Item{ln}, more: &vboxMore{table: run}, noBreak: true}
	}
	top := rule(0.8)
	g.add(top)
	hdr := rowBox(t.Header, true)
	hdr.noBreak = true
	hdr.header = true
	g.add(hdr)
	mid := rule(0.4)
	mid.header = true
	g.add(mid)
	// Set again on a later page, the header row is an artifact: the
	// structure has it once.
	run.header = []*vbox{rule(0.8), asArtifact(hdr), asArtifact(mid)}
	for _, v := range run.header {
		v.repeat = true // placed on every page the table continues on
	}
	for i, r := range t.Rows {
		v := rowBox(r, false)
		if i == 0 || i == len(t.Rows)-2 {
			v.noBreak = true
		}
		g.add(v)
	}
	bottom := rule(0.8)
	bottom.noBreak = false
	if n := len(g.out); n > 0 {
		g.out[n-1].noBreak = true
	}
	g.add(bottom)
	g.skip(c.leading * 0.6)
}

func itoa(n int) string {
	const digits = "0123456789"
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{digits[n%10]}, b...)
		n /= 10
	}
	return string(b)
}

// setInlineTable sets a cell ragged right without hyphenation; a word
// longer than the column is hyphenated, between characters if need be,
// with a visible hyphen (see emergency.go).
func (g *galley) setInlineTable(in []doc.Inline, width float64, o paraOpts, st textStyle) []setLine {
	p := getPara()
	defer p.release()
	st.feat |= shape.Lining
	docLang, _ := g.langs()
	b := &builder{p: p, opts: o, docLang: docLang, width: width, mono: g.l.st.MonoFace, mathCache: g.l.math}
	b.flatten(in, &st)
	b.finish() // a cell too narrow for its words: the table warns once
	params := linebreak.DefaultParams()
	params.Tolerance = 1e4
	return setParagraph(p, width, o, params)
}

// distribute shares avail among columns: natural widths when they fit,
// otherwise minimums plus a share of the rest proportional to what each
// column would still like; if even the minimums do not fit, the widest are
// cut down to a common cap (fitColumns; their long words are hyphenated).
func distribute(nat, body, min []float64, avail float64) []float64 {
	n := len(nat)
	w := make([]float64, n)
	sumNat, sumMin := 0.0, 0.0
	floor := 12.0
	for i := range nat {
		if min[i] < floor {
			min[i] = floor
		}
		if nat[i] < min[i] {
			nat[i] = min[i]
		}
		sumNat += nat[i]
		sumMin += min[i]
	}
	switch {
	case sumNat <= avail:
		copy(w, nat)
	case sumMin <= avail:
		shareOut(w, nat, body, min, avail)
	default:
		copy(w, fitColumns(min, avail))
	}
	return w
}

// shareOut sets w when the natural widths do not all fit but the
// minimums do. A column whose body cells fit on one line within an equal
// share of what is left keeps that width (short cells such as "20 %" are
// never broken while a long column has room to give; its heading may
// still break between words); the others get their minimums plus a share
// of the rest proportional to what each would still like. body may be nil
// (the natural widths are the body's).
func shareOut(w, nat, body, min []float64, avail float64) {
	fixed := make([]bool, len(w))
	left, open := avail, len(w)
	for changed := true; changed && open > 0; {
		changed = false
		share := left / float64(open)
		for i := range w {
			b := nat[i]
			if body != nil {
				b = max(body[i], min[i])
			}
			if !fixed[i] && b <= share {
				fixed[i], w[i] = true, b
				left -= b
				open--
				changed = true
			}
		}
	}
	if open == 0 {
		// Every column's cells fit: what is left goes to the headings
		// that would still break, in proportion to what they lack.
		want := 0.0
		for i := range w {
			want += nat[i] - w[i]
		}
		for i := range w {
			if want > 0 {
				w[i] += left * (nat[i] - w[i]) / want
			}
		}
		return
	}
	sumNat, sumMin := 0.0, 0.0
	for i := range w {
		if !fixed[i] {
			sumNat += nat[i]
			sumMin += min[i]
		}
	}
	if sumMin > left || sumNat <= sumMin {
		// The short columns took too much: share among all.
		for i := range fixed {
			fixed[i] = false
		}
		left, sumNat, sumMin = avail, 0, 0
		for i := range w {
			sumNat += nat[i]
			sumMin += min[i]
		}
	}
	extra, want := left-sumMin, sumNat-sumMin
	for i := range w {
		if !fixed[i] {
			w[i] = min[i] + extra*(nat[i]-min[i])/want
		}
	}
}

// figure sets a figure: an image or a graphic with its caption and source
// line, as one float that never splits.
func (g *galley) figure(f *doc.Figure, c ctx) {
	if len(f.Sub) > 0 {
		g.subfigures(f, c)
		return
	}
	s := g.l.st
	var items []draw.Item
	label := ""
	if f.Number > 0 {
		label = g.words().CaptionLabel(g.words().Terms.Figure, itoa(f.Number))
	}
	fig := g.l.node(c.parent, draw.RoleFigure)
	fig.Alt = g.l.figureAlt(f, label)
	maxH := s.TextHeight() * 0.72
	w := c.width * widthFraction(f.Width, c.width)
	var h float64
	switch {
	case f.Image != nil:
		iw, ih := float64(f.Image.Width), float64(f.Image.Height)
		if iw <= 0 || ih <= 0 {
			return
		}
		h = w * ih / iw
		if hh, ok := heightOf(f.Height, s.TextHeight()); ok && f.Width == "" {
			// {height=3in}: the width follows, within the measure.
			h, w = hh, min(hh*iw/ih, c.width)
			h = w * ih / iw
		}
		if h > maxH {
			h = maxH
			w = h * iw / ih
		}
		items = append(items, imageItems(f.Image, f.ID, c.x+(c.width-w)/2, 0, w, h)...)
	case f.Graphic != nil:
		rec := &draw.Recorder{Measure: shape.Width, Face: g.l.chartFace}
		gh, err := g.l.lines.drawGraphic(f.Graphic, rec, w, g.l) // or as an earlier build drew it (graphiccache.go)
		if err != nil {
			g.l.diags.Errorf(f.Pos, "check the chart block", "chart could not be drawn: %v", err)
			return
		}
		h = gh
		items = append(items, draw.Shift(rec.Items, c.x, 0)...)
		draw.Mark(items, fig)
	case f.Missing != "":
		// A frame where the image would be, naming it (draft builds).
		h = w * 0.3
		grey := doc.Gray(0.55)
		items = append(items, draw.Rect(c.x, 0, w, h, nil, &grey, 0.6))
		label := fitText(s.ChartFace, s.SmallSize, "image not available: "+f.Missing, w-12)
		lw := shape.Width(s.ChartFace, s.SmallSize, label)
		items = append(items, &draw.Text{X: c.x + (w-lw)/2, Y: h/2 + s.SmallSize*0.35, Face: s.ChartFace, Size: s.SmallSize, S: label, Look: draw.Colored(grey)})
	default:
		return
	}
	draw.Mark(items, fig)
	capNode := g.l.node(c.parent, draw.RoleCaption)
	y := h + s.SmallLeading*0.5
	var notes []*noteSet
	for _, part := range []struct {
		label string
		in    []doc.Inline
	}{{label, f.Caption}, {"", f.Source}} {
		if part.label == "" && len(part.in) == 0 {
			continue
		}
		ls := g.caption(part.label, part.in, c, true)
		markLines(ls, capNode)
		for _, ln := range ls {
			items = append(items, draw.Shift(ln.items, c.x, y+s.SmallLeading*0.78)...)
			for _, n := range ln.notes {
				notes = append(notes, g.noteSet(n))
			}
			y += s.SmallLeading
		}
		y += s.SmallLeading * 0.2
	}
	if f.ID != "" {
		items = append(items, &draw.Anchor{Name: f.ID, Y: 0})
	}
	v := &vbox{h: y, items: items, float: true}
	v.setNotes(notes)
	g.add(v)
}

// asArtifact returns a copy of v whose items are marked as a repetition
// (draw.ArtifactPaging).
func asArtifact(v *vbox) *vbox {
	c := *v
	c.items = draw.AsArtifacts(v.items, draw.ArtifactPaging)
	return &c
}

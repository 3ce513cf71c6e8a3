package layout

import (
	"sort"
	"strings"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/lang"
	"quire/internal/shape"
)

// placed is a vbox at its vertical offset from the top of the text block.
type placed struct {
	v *vbox
	y float64
}

// pageContent is what the page builder decided for one page.
type pageContent struct {
	body  []placed
	notes []*vbox // footnote lines, in order, set at the foot
}

// paginate breaks the galley into pages. It fills each page greedily,
// breaking at the last legal point when the next box does not fit, with
// the height of every footnote referenced on the page reserved at its foot.
// Floats that do not fit where they stand move to the top of a later page
// while the text goes on. It runs in time linear in the galley (each box is
// considered at most twice).
func (l *Layout) paginate(items []*vbox) []pageContent {
	s := l.st
	textH := s.TextHeight()
	noteSep := s.NoteLeading * 1.2
	floatSep := s.Leading * 0.8
	placedNotes := map[*noteSet]bool{}
	var pages []pageContent
	var carry []*vbox  // footnote lines continued from the previous page
	var deferred []int // indexes of floats waiting for a page top
	isDeferred := map[int]bool{}
	i := 0
	n := len(items)
	guard := 0
	// A page's body is made with room for what the page before held and
	// a few more (it holds a few more while its break is sought), not
	// grown box by box.
	room := 16
	for i < n || len(carry) > 0 || len(deferred) > 0 {
		guard++
		if guard > 4*n+1000 {
			break // cannot happen; a safety net against an endless loop
		}
		l.checkpoint()
		pc := pageContent{body: make([]placed, 0, room)}
		bodyH := 0.0
		// Footnotes continued from the previous page go first at the foot.
		notesH := 0.0
		if len(carry) > 0 {
			budget := textH*0.6 - noteSep
			k := 0
			h := 0.0
			for k < len(carry) && (k == 0 || h+carry[k].h <= budget) {
				h += carry[k].h
				k++
			}
			pc.notes = append(pc.notes, carry[:k]...)
			carry = carry[k:]
			notesH = noteSep + h
		}
		// Deferred floats open the page.
		for len(deferred) > 0 {
			f := items[deferred[0]]
			if bodyH+f.h+notesH > textH && bodyH > 0 {
				break
			}
			pc.body = append(pc.body, placed{f, bodyH})
			bodyH += f.h + floatSep
			delete(isDeferred, deferred[0])
			deferred = deferred[1:]
		}
		for i < n && (items[i].space || isDeferred[i]) {
			i++
		}
		start := i
		// A table continued from the previous page repeats its header.
		if i < n && i > 0 && items[i].table() != nil && !items[i].header && items[i-1].table() == items[i].table() {
			for _, h := range items[i].table().header {
				pc.body = append(pc.body, placed{h, bodyH})
				bodyH += h.h
			}
		}
		bodyStart := len(pc.body)
		var pageNotes []*noteSet
		onPage := map[*noteSet]bool{} // pageNotes, as a set
		pageNoteH := 0.0
		isOut := func(ns *noteSet) bool { return placedNotes[ns] || onPage[ns] }
		seen := map[*noteSet]bool{}
		notesFor := func(v *vbox) (list []*noteSet, h float64) {
			if len(v.notes()) == 0 {
				return nil, 0
			}
			clear(seen)
			list = noteClosure(nil, v.notes(), seen, isOut)
			for _, ns := range list {
				h += ns.height()
			}
			return
		}
		addPage := func(list []*noteSet) {
			pageNotes = append(pageNotes, list...)
			for _, ns := range list {
				onPage[ns] = true
			}
		}
		totalNotes := func(extra float64) float64 {
			h := notesH + pageNoteH + extra
			if notesH == 0 && pageNoteH+extra > 0 {
				h += noteSep
			}
			return h
		}
		lastBreak := -1
		var lastBreakBody, lastBreakDeferred int
		var lastBreakH, lastBreakShrink float64
		shrinkH := 0.0 // what the spaces placed so far could give up
		end := -1
		var splitCarry []*vbox
		j := start
		for ; j < n; j++ {
			v := items[j]
			if isDeferred[j] {
				continue
			}
			if v.float {
				fh := v.h + floatSep
				if len(deferred) == 0 && bodyH+fh+totalNotes(0) <= textH {
					pc.body = append(pc.body, placed{v, bodyH + floatSep*0.5})
					bodyH += fh
					if !v.noBreak {
						lastBreak, lastBreakBody, lastBreakH, lastBreakDeferred, lastBreakShrink = j+1, len(pc.body), bodyH, len(deferred), shrinkH
					}
					continue
				}
				deferred = append(deferred, j)
				isDeferred[j] = true
				continue
			}
			if v.pageBreak {
				// \newpage: end the page here, unless nothing is on it.
				if len(pc.body) > bodyStart {
					end = j + 1
					break
				}
				continue
			}
			nl, nh := notesFor(v)
			if bodyH+v.h+totalNotes(nh) <= textH+0.01+shrinkH+v.shrink {
				pc.body = append(pc.body, placed{v, bodyH})
				bodyH += v.h
				shrinkH += v.shrink
				addPage(nl)
				pageNoteH += nh
				if !v.noBreak && !v.space {
					lastBreak, lastBreakBody, lastBreakH, lastBreakDeferred, lastBreakShrink = j+1, len(pc.body), bodyH, len(deferred), shrinkH
				}
				if v.space && j > 0 && !items[j-1].noBreak {
					lastBreak, lastBreakBody, lastBreakH, lastBreakDeferred, lastBreakShrink = j, len(pc.body)-1, bodyH-v.h, len(deferred), shrinkH-v.shrink
				}
				continue
			}
			// v does not fit.
			if v.space {
				if j > 0 && !items[j-1].noBreak {
					end = j
					break
				}
			}
			// Split a long footnote: the line and the note's first lines
			// stay here, the rest continues on the next page.
			if len(nl) > 0 && !v.noBreak && len(carry) == 0 {
				room := textH + shrinkH - bodyH - v.h - totalNotes(0)
				if notesH == 0 && pageNoteH == 0 {
					room -= noteSep
				}
				var lines []*vbox
				for _, ns := range nl {
					lines = append(lines, ns.lines...)
				}
				k := 0
				h := 0.0
				for k < len(lines) && h+lines[k].h <= room {
					h += lines[k].h
					k++
				}
				if k >= 2 || (k >= 1 && len(lines) > 1) {
					pc.body = append(pc.body, placed{v, bodyH})
					bodyH += v.h
					addPage(nl)
					splitCarry = lines[k:]
					pc.notes = append(pc.notes, collectLines(pageNotes[:len(pageNotes)-len(nl)])...)
					pc.notes = append(pc.notes, lines[:k]...)
					for _, ns := range pageNotes {
						placedNotes[ns] = true
					}
					end = j + 1
					break
				}
			}
			switch {
			case lastBreak > start:
				end = lastBreak
				pc.body = pc.body[:lastBreakBody]
				bodyH = lastBreakH
				shrinkH = lastBreakShrink
				for _, d := range deferred[lastBreakDeferred:] {
					delete(isDeferred, d)
				}
				deferred = deferred[:lastBreakDeferred]
			case len(pc.body) == bodyStart && j == start:
				// Nothing fits on an empty page: set the box anyway.
				pc.body = append(pc.body, placed{v, bodyH})
				bodyH += v.h
				end = j + 1
			default:
				end = j
			}
			break
		}
		if end < 0 {
			end = j
		}
		if splitCarry == nil {
			// Recompute the notes of the boxes that stayed on the page.
			pageNotes = pageNotes[:0]
			clear(onPage)
			isPlaced := func(ns *noteSet) bool { return placedNotes[ns] }
			for k := start; k < end && k < n; k++ {
				if isDeferred[k] {
					continue
				}
				pageNotes = noteClosure(pageNotes, items[k].notes(), onPage, isPlaced)
			}
			// Notes of floats placed on this page.
			for _, p := range pc.body {
				if p.v.float {
					pageNotes = noteClosure(pageNotes, p.v.notes(), onPage, isPlaced)
				}
			}
			pc.notes = append(pc.notes, collectLines(pageNotes)...)
			for _, ns := range pageNotes {
				placedNotes[ns] = true
			}
		} else {
			carry = append(carry, splitCarry...)
		}
		i = end
		if len(pc.body) == 0 && len(pc.notes) == 0 && i >= n && len(deferred) == 0 && len(carry) == 0 {
			break
		}
		pages = append(pages, pc)
		room = len(pc.body) + 8
	}
	return pages
}

// shrinkRatio returns the share of each space's shrink a page must give up
// for its boxes and notes to fit the text block (0 when they fit anyway).
func shrinkRatio(pc pageContent, textH, noteSep float64) float64 {
	used, shrink := 0.0, 0.0
	for _, pl := range pc.body {
		if e := pl.y + pl.v.h; e > used {
			used = e
		}
		shrink += pl.v.shrink
	}
	if len(pc.notes) > 0 {
		used += noteSep
		for _, v := range pc.notes {
			used += v.h
		}
	}
	over := used - textH
	if over <= 0.01 || shrink <= 0 {
		return 0
	}
	if over >= shrink {
		return 1
	}
	return over / shrink
}

func containsNote(list []*noteSet, ns *noteSet) bool {
	for _, x := range list {
		if x == ns {
			return true
		}
	}
	return false
}

func collectLines(list []*noteSet) []*vbox {
	var out []*vbox
	for _, ns := range list {
		out = append(out, ns.lines...)
	}
	return out
}

// render turns page contents into display-list pages with running heads,
// page numbers, footnote rules and line numbers.
func (l *Layout) render(pcs []pageContent, meta *doc.Meta) []*draw.Page {
	s := l.st
	var pages []*draw.Page
	lineNo := 0
	total := len(pcs)
	for pi, pc := range pcs {
		l.checkpoint()
		p := &draw.Page{Width: s.PageW, Height: s.PageH}
		if l.lists != nil && pi < len(l.lists.labels) {
			p.Label = &l.lists.labels[pi]
		}
		// The page's items in one slice sized ahead: its boxes', a line
		// number a line, the note rule, and the running head and folio.
		n := 8
		for _, pl := range pc.body {
			n += len(pl.v.items) + 1
		}
		for _, v := range pc.notes {
			n += len(v.items)
		}
		p.Items = make([]draw.Item, 0, n)
		ratio := shrinkRatio(pc, s.TextHeight(), s.NoteLeading*1.2)
		cut := 0.0 // space given up above the current box
		for _, pl := range pc.body {
			y := s.Top + pl.y - cut
			cut += pl.v.shrink * ratio
			p.Items = append(p.Items, pl.v.place(s.Inner, y)...)
			if s.LineNumbers && pl.v.numbered {
				lineNo++
				num := itoa(lineNo)
				w := shape.Width(l.face(false, false), 7, num)
				p.Items = append(p.Items, &draw.Text{X: s.Inner - 12 - w, Y: y + pl.v.numberY, Face: l.face(false, false), Size: 7, S: num, Look: draw.Colored(doc.Gray(0.35)), Tag: draw.Artifact(draw.ArtifactLayout)})
			}
		}
		if len(pc.notes) > 0 {
			h := 0.0
			for _, v := range pc.notes {
				h += v.h
			}
			y := s.Top + s.TextHeight() - h
			ruleY := y - s.NoteLeading*0.55
			rule := draw.Line(s.Inner, ruleY, s.Inner+min(s.TextWidth()*0.3, 100), ruleY, 0.4, doc.Black)
			rule.Tag = draw.Artifact(draw.ArtifactLayout)
			p.Items = append(p.Items, rule)
			for _, v := range pc.notes {
				p.Items = append(p.Items, v.place(s.Inner, y)...)
				y += v.h
			}
		}
		l.decorate(p, pi+1, total, meta)
		pages = append(pages, p)
	}
	return pages
}

// place returns the box's items moved to (x, y) on a page. A box placed
// once has its own items moved, saving a copy of every line of the
// document; a box placed on several pages (a table's header row repeated
// after a page break) is copied each time.
func (v *vbox) place(x, y float64) []draw.Item {
	if v.repeat || v.placed {
		return draw.Shift(v.items, x, y)
	}
	v.placed = true
	return draw.Move(v.items, x, y)
}

// decorate adds the running head (not on the first page) and the folio.
func (l *Layout) decorate(p *draw.Page, n, total int, meta *doc.Meta) {
	s := l.st
	size := s.SmallSize
	if s.RunningHead && n > 1 {
		y := s.Top - s.HeadSep
		left := meta.ShortTitle
		right := authorsShort(meta.Authors, l.lang)
		if left != "" {
			left = l.fitHead(l.face(false, true), size, left, s.TextWidth()*0.6)
			p.Items = append(p.Items, &draw.Text{X: s.Inner, Y: y, Face: l.face(false, true), Size: size, S: left, Tag: draw.Artifact(draw.ArtifactHeader)})
		}
		if right != "" {
			right = l.fitHead(l.face(false, false), size, right, s.TextWidth()*0.38)
			w := shape.Width(l.face(false, false), size, right)
			p.Items = append(p.Items, &draw.Text{X: s.PageW - s.Outer - w, Y: y, Face: l.face(false, false), Size: size, S: right, Tag: draw.Artifact(draw.ArtifactHeader)})
		}
		rule := draw.Line(s.Inner, y+size*0.45, s.PageW-s.Outer, y+size*0.45, 0.4, doc.Black)
		rule.Tag = draw.Artifact(draw.ArtifactHeader)
		p.Items = append(p.Items, rule)
	}
	folio := l.folio(n) // folio.go: as \pagenumbering sets it
	if s.PageNumberOfN && (l.lists == nil || l.lists.folios == nil) {
		folio = lang.Fill(l.lang.Terms.PageOf, "n", itoa(n), "total", itoa(total))
	}
	if folio == "" {
		return // \pagenumbering{gobble}
	}
	w := shape.Width(l.face(false, false), size+0.5, folio)
	y := s.PageH - s.Bottom + s.FootSep
	p.Items = append(p.Items, &draw.Text{X: (s.Inner + s.PageW - s.Outer - w) / 2, Y: y, Face: l.face(false, false), Size: size + 0.5, S: folio, Tag: draw.Artifact(draw.ArtifactFooter)})
}

// fitText shortens s with an ellipsis to fit width, at a word boundary:
// whole words are dropped from the end (with the punctuation they leave
// dangling) until the rest and the ellipsis fit. Only a first word that is
// itself too wide is cut inside.
//
// The longest fitting prefix is found by bisection (a longer prefix is
// never narrower), so a title of many thousand words costs O(n log n), not
// O(n²) measurements of its whole length.
func fitText(face string, size float64, s string, width float64) string {
	if shape.Width(face, size, s) <= width {
		return s
	}
	words := strings.Fields(s)
	// head(n) is the first n words without the punctuation they leave
	// dangling; it never gets narrower as n grows.
	head := func(n int) string { return strings.TrimRight(strings.Join(words[:n], " "), ",;:–—-") }
	// The largest n in [1, len(words)) whose head fits.
	n := sort.Search(len(words), func(n int) bool {
		return n >= 1 && shape.Width(face, size, head(n)+"…") > width
	}) - 1
	for ; n >= 1; n-- {
		if h := head(n); h != "" {
			return h + "…"
		}
	}
	rs := []rune(s)
	k := sort.Search(len(rs)+1, func(k int) bool {
		return k > 1 && shape.Width(face, size, string(rs[:k])+"…") > width
	}) - 1
	return string(rs[:max(k, 1)]) + "…"
}

func authorsShort(as []doc.Author, lg *lang.Language) string {
	switch len(as) {
	case 0:
		return ""
	case 1:
		return as[0].Name
	case 2:
		return as[0].Name + " " + lg.Terms.And + " " + as[1].Name
	}
	return as[0].Name + " " + lg.Terms.EtAl
}

// shiftX moves items horizontally in place.
func shiftX(items []draw.Item, dx float64) {
	for _, it := range items {
		switch it := it.(type) {
		case *draw.Text:
			it.X += dx
		case *draw.Words:
			for k := range it.W {
				it.W[k].X += dx
			}
		case *draw.Link:
			it.X += dx
		case *draw.Image:
			it.X += dx
		case *draw.Path:
			for k := range it.Ops {
				for m := range it.Ops[k].Points {
					it.Ops[k].Points[m][0] += dx
				}
			}
		}
	}
}

package layout

import (
	"strconv"
	"strings"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/lang"
)

// coverPages sets the cover page of a submission: title, authors (or a
// note that the manuscript is anonymised), the word counts a journal asks
// for, the keywords, and the number of figures and tables. The body then
// opens with the title and abstract only, so an anonymised manuscript can
// go to reviewers as it is. It returns the cover's page contents; the
// title and abstract are added to g.
func (l *Layout) coverPages(g *galley, d *doc.Document, body ctx) []pageContent {
	s := l.st
	m := &d.Meta
	lg := l.lang
	t := &lg.Terms
	cg := &galley{l: l, notes: g.notes}
	c := body
	c.numbered = false
	lineAs := func(role draw.Role, in []doc.Inline, face string, size, leading float64, center bool) {
		if len(in) == 0 {
			return
		}
		n := l.node(c.parent, role)
		if role == draw.RoleTitle {
			n.Title = m.Title
			l.lastHeading = 1
		}
		o := paraOpts{center: center, leading: leading}
		ls := cg.setInline(in, c.width, o, textStyle{face: face, size: size})
		markBoxes(cg.lines(ls, ctx{x: c.x, width: c.width, size: size, leading: leading, parent: c.parent}, leading, true), n)
	}
	line := func(in []doc.Inline, face string, size, leading float64, center bool) {
		lineAs(draw.RoleP, in, face, size, leading, center)
	}
	text := func(t string) []doc.Inline {
		if t == "" {
			return nil
		}
		return []doc.Inline{doc.Text{S: t}}
	}
	space := func(h float64) { cg.add(&vbox{h: h, noBreak: true}) }

	space(s.TextHeight() * 0.12)
	if t := titleInlines(m); len(t) > 0 {
		lineAs(draw.RoleTitle, t, l.face(true, false), s.TitleSize, s.TitleSize*1.25, true)
		if len(cg.out) > 0 {
			cg.out[0].items = append(cg.out[0].items, &draw.Bookmark{Title: m.Title, Level: 0, Y: 0})
		}
	}
	if st := subtitleInlines(m); len(st) > 0 {
		space(s.BodySize * 0.4)
		line(st, l.face(false, true), s.BodySize*1.15, s.BodySize*1.5, true)
	}
	space(s.BodySize * 2)
	switch {
	case m.Anonymous:
		line(text(t.Anonymised), l.face(false, true), s.BodySize, s.BodySize*1.5, true)
	default:
		for _, al := range authorLines(m) {
			if al.small {
				line(al.in, l.face(false, true), s.SmallSize, s.SmallLeading, true)
			} else {
				line(al.in, l.face(false, false), s.BodySize*1.1, s.BodySize*1.5, true)
				space(s.BodySize * 0.3)
			}
		}
	}
	space(s.BodySize * 2.5)

	// The counts, one to a line, with the journal's limit where it set one.
	n := doc.Count(d)
	lim := func(limit int) string {
		if limit <= 0 {
			return ""
		}
		return " (" + lang.Fill(t.Limit, "n", lg.GroupDigits(limit)) + ")"
	}
	label := func(l string, rest string) []doc.Inline {
		return []doc.Inline{doc.Strong{Content: []doc.Inline{doc.Text{S: l + lg.LabelColon()}}}, doc.Text{S: rest}}
	}
	leading := s.BodySize * 1.6
	row := func(in []doc.Inline) {
		cg.paragraph(in, ctx{x: c.x, width: c.width, size: s.BodySize, leading: leading, face: l.face(false, false)},
			paraOpts{hang: s.BodySize * 2, leading: leading}, textStyle{face: l.face(false, false), size: s.BodySize})
	}
	row(label(t.WordCount, lg.GroupDigits(n.Words())+lim(m.Journal.Words)+" — "+
		lang.Fill(t.WordCountRest, "body", lg.GroupDigits(n.Body), "notes", lg.GroupDigits(n.Notes))))
	if len(m.Abstract) > 0 {
		row(label(t.Abstract, lang.Fill(t.AbstractWords, "n", lg.GroupDigits(n.Abstract))+lim(m.Journal.AbstractWords)))
	}
	if len(m.Keywords) > 0 {
		row(label(t.Keywords, strconv.Itoa(len(m.Keywords))+lim(m.Journal.Keywords)+" — "+strings.Join(m.Keywords, "; ")))
	}
	figs, tbls := countFloats(d.Blocks)
	row(label(t.Floats, lang.Fill(t.FloatsRest, "figures", plural(figs, t.FigureOne, t.FigureMany), "tables", plural(tbls, t.TableOne, t.TableMany))))
	if m.Date != "" {
		row(label(t.Date, m.Date))
	}

	pcs := l.paginate(cg.out)

	// The body opens with the title and the abstract.
	tm := *m
	tm.Authors, tm.Keywords, tm.Date, tm.Subtitle, tm.SubtitleInlines, tm.Affiliations = nil, nil, "", "", nil, nil
	tm.TitleInlines = withoutNotes(m.TitleInlines) // the cover carries the title's notes
	l.titleBlock(g, &tm, body)
	if m.Title != "" && len(g.out) > 0 {
		// The cover carries the outline's title entry.
		its := g.out[0].items[:0:0]
		for _, it := range g.out[0].items {
			if _, ok := it.(*draw.Bookmark); !ok {
				its = append(its, it)
			}
		}
		g.out[0].items = its
	}
	return pcs
}

// countFloats returns the number of figures and numbered tables in bs,
// those inside lists, quotations, definitions and divisions included.
func countFloats(bs []doc.Block) (figs, tbls int) {
	doc.EachBlock(bs, func(b doc.Block) {
		switch b := b.(type) {
		case *doc.Figure:
			figs++
		case *doc.Table:
			if b.Number > 0 {
				tbls++
			}
		}
	})
	return figs, tbls
}

// plural writes a count with the singular or the plural template.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return lang.Fill(many, "n", strconv.Itoa(n))
}

package layout

import (
	"strconv"
	"strings"

	"quire/internal/doc"
	"quire/internal/draw"
)

// noteLabel returns the mark a note is shown with (its number, or the
// symbol of a title note) and the key of its link anchors.
func noteLabel(n *doc.Note) (mark, key string) {
	if n.Mark != "" {
		k := n.ID
		if k == "" {
			k = "title"
		}
		return n.Mark, k
	}
	s := strconv.Itoa(n.Number)
	return s, s
}

// titleInlines is the title as set: its markup rendered.
func titleInlines(m *doc.Meta) []doc.Inline {
	if len(m.TitleInlines) > 0 {
		return m.TitleInlines
	}
	if m.Title == "" {
		return nil
	}
	return []doc.Inline{doc.Text{S: m.Title}}
}

func subtitleInlines(m *doc.Meta) []doc.Inline {
	if len(m.SubtitleInlines) > 0 {
		return m.SubtitleInlines
	}
	if m.Subtitle == "" {
		return nil
	}
	return []doc.Inline{doc.Text{S: m.Subtitle}}
}

// authorLine is one centred line group of the title block.
type authorLine struct {
	in    []doc.Inline
	small bool // affiliations and addresses: small italic
}

// authorLines sets out the authors as the title block shows them. One
// author: the name, then a line with the affiliations, e-mail address and
// ORCID iD. Several: the names in a row, each with superscript marks (the
// numbers of its affiliations, the symbols of its notes), and the
// affiliations listed under them, one a line, with their numbers. A
// note's first mark carries the note itself (set at the foot of the
// page); later marks repeat the symbol.
func authorLines(m *doc.Meta) []authorLine {
	if len(m.Authors) == 0 {
		return nil
	}
	seen := map[*doc.Note]bool{}
	marks := func(a doc.Author, nums bool) []doc.Inline {
		var sup []string
		if nums {
			for _, n := range a.Affiliations {
				sup = append(sup, strconv.Itoa(n))
			}
		}
		var out []doc.Inline
		if len(sup) > 0 {
			out = append(out, doc.Super{Content: []doc.Inline{doc.Text{S: strings.Join(sup, ",")}}})
		}
		for _, n := range a.Notes {
			if len(out) > 0 {
				out = append(out, doc.Super{Content: []doc.Inline{doc.Text{S: ","}}})
			}
			if !seen[n] {
				seen[n] = true
				out = append(out, doc.NoteRef{Note: n})
			} else {
				out = append(out, doc.Super{Content: []doc.Inline{doc.Text{S: n.Mark}}})
			}
		}
		return out
	}
	name := func(a doc.Author) []doc.Inline {
		in := a.NameInlines
		if len(in) == 0 {
			in = []doc.Inline{doc.Text{S: a.Name}}
		}
		switch {
		case a.ORCID != "":
			id := strings.TrimPrefix(strings.TrimPrefix(a.ORCID, "https://orcid.org/"), "http://orcid.org/")
			in = []doc.Inline{doc.Link{URL: "https://orcid.org/" + id, Content: in}}
		case a.URL != "":
			in = []doc.Inline{doc.Link{URL: a.URL, Content: in}}
		}
		return in
	}
	affName := func(n int) string {
		if n >= 1 && n <= len(m.Affiliations) {
			return m.Affiliations[n-1].Name
		}
		return ""
	}
	if len(m.Authors) == 1 {
		a := m.Authors[0]
		out := []authorLine{{in: append(name(a), marks(a, false)...)}}
		var parts []string
		for _, n := range a.Affiliations {
			if s := affName(n); s != "" {
				parts = append(parts, s)
			}
		}
		var small []string
		if len(parts) > 0 {
			small = append(small, strings.Join(parts, "; "))
		}
		if a.Email != "" {
			small = append(small, a.Email)
		}
		if a.ORCID != "" {
			small = append(small, "ORCID "+a.ORCID)
		}
		if len(small) > 0 {
			out = append(out, authorLine{in: []doc.Inline{doc.Text{S: strings.Join(small, " · ")}}, small: true})
		}
		return out
	}
	// Numbers are needed when the authors do not all share one list.
	nums := len(m.Affiliations) > 1
	if len(m.Affiliations) == 1 {
		for _, a := range m.Authors {
			if len(a.Affiliations) == 0 {
				nums = true
			}
		}
	}
	var names []doc.Inline
	for i, a := range m.Authors {
		if i > 0 {
			sep := ", "
			if i == len(m.Authors)-1 && !a.Group {
				sep = " and "
				if len(m.Authors) > 2 {
					sep = ", and "
				}
			}
			names = append(names, doc.Text{S: sep})
		}
		// A name does not break inside: its spaces are no-break spaces.
		for _, x := range name(a) {
			names = append(names, nbspInline(x))
		}
		names = append(names, marks(a, nums)...)
	}
	out := []authorLine{{in: names}}
	for i, af := range m.Affiliations {
		if af.Name == "" {
			continue
		}
		var in []doc.Inline
		if nums {
			in = append(in, doc.Super{Content: []doc.Inline{doc.Text{S: strconv.Itoa(i + 1)}}})
		}
		in = append(in, doc.Text{S: af.Name})
		out = append(out, authorLine{in: in, small: true})
	}
	return out
}

// nbspInline replaces the spaces of text with no-break spaces.
func nbspInline(x doc.Inline) doc.Inline {
	switch x := x.(type) {
	case doc.Text:
		return doc.Text{S: strings.ReplaceAll(x.S, " ", "\u00a0")}
	case doc.Link:
		c := make([]doc.Inline, len(x.Content))
		for i, y := range x.Content {
			c[i] = nbspInline(y)
		}
		return doc.Link{URL: x.URL, Content: c}
	}
	return x
}

// titleBlock sets the title, subtitle, authors, abstract and keywords at the
// head of the first page. Every line of a title that takes several is
// centred.
func (l *Layout) titleBlock(g *galley, m *doc.Meta, c ctx) {
	s := l.st
	if m.Title == "" && len(m.TitleInlines) == 0 && len(m.Authors) == 0 && len(m.Abstract) == 0 && len(m.Keywords) == 0 {
		return
	}
	add := func(role draw.Role, parent *draw.Node, in []doc.Inline, face string, size, leading float64) {
		if len(in) == 0 {
			return
		}
		n := l.node(parent, role)
		if role == draw.RoleTitle {
			n.Title = m.Title
		}
		o := paraOpts{center: true, leading: leading}
		ls := g.setInline(in, c.width, o, textStyle{face: face, size: size})
		markBoxes(g.lines(ls, ctx{x: c.x, width: c.width, size: size, leading: leading, parent: c.parent}, leading, true), n)
	}
	if t := titleInlines(m); len(t) > 0 {
		add(draw.RoleTitle, c.parent, t, l.face(true, false), s.TitleSize, s.TitleSize*1.2)
		l.lastHeading = 1
		if len(g.out) > 0 {
			g.out[0].items = append(g.out[0].items, &draw.Bookmark{Title: m.Title, Level: 0, Y: 0})
		}
	}
	if st := subtitleInlines(m); len(st) > 0 {
		g.add(&vbox{h: s.BodySize * 0.3, noBreak: true})
		add(draw.RoleP, c.parent, st, l.face(false, true), s.BodySize*1.2, s.BodySize*1.5)
	}
	if al := authorLines(m); len(al) > 0 {
		g.add(&vbox{h: s.BodySize, noBreak: true})
		for i, ln := range al {
			if ln.small {
				if i > 0 && !al[i-1].small && len(m.Authors) > 1 {
					g.add(&vbox{h: s.BodySize * 0.25, noBreak: true})
				}
				add(draw.RoleP, c.parent, ln.in, l.face(false, true), s.SmallSize, s.SmallLeading)
			} else {
				add(draw.RoleP, c.parent, ln.in, l.face(false, false), s.BodySize*1.1, s.BodySize*1.45)
			}
		}
		g.add(&vbox{h: s.BodySize * 0.3, noBreak: true})
	}
	if m.Date != "" && s.Profile != "submission" {
		add(draw.RoleP, c.parent, []doc.Inline{doc.Text{S: m.Date}}, l.face(false, false), s.SmallSize, s.SmallLeading)
	}
	inner := g.indent(ctx{x: c.x, width: c.width, size: s.SmallSize, leading: s.SmallLeading, face: l.face(false, false), parent: c.parent}, s.BodySize*2, s.BodySize*2)
	inner.depth = 0
	if s.DoubleSpaced {
		inner.leading = s.Leading
	}
	if len(m.Abstract) > 0 {
		g.add(&vbox{h: s.Leading, noBreak: true})
		sect := l.node(c.parent, draw.RoleSect)
		sect.Title = l.lang.Terms.Abstract
		add(draw.RoleH1, sect, []doc.Inline{doc.Text{S: l.lang.Terms.Abstract}}, l.face(true, false), s.SmallSize, s.SmallLeading*1.3)
		l.lastHeading = 1
		ac := inner
		ac.parent = sect
		g.blocks(m.Abstract, ac)
	}
	if len(m.Keywords) > 0 {
		g.add(&vbox{h: s.SmallLeading * 0.5, space: true})
		// "Keywords: a; b", "キーワード：a、b": the language's punctuation.
		colon := l.lang.LabelColon()
		kw := []doc.Inline{doc.Emph{Content: []doc.Inline{doc.Text{S: l.lang.Terms.Keywords + strings.TrimRight(colon, " ")}}},
			doc.Text{S: colon[len(strings.TrimRight(colon, " ")):] + strings.Join(m.Keywords, l.lang.ListSeparator())}}
		g.paragraph(kw, inner, paraOpts{leading: inner.leading}, textStyle{face: l.face(false, false), size: inner.size})
	}
	g.add(&vbox{h: s.Leading * 1.5, space: true})
}

// withoutNotes returns in without its note marks.
func withoutNotes(in []doc.Inline) []doc.Inline {
	var out []doc.Inline
	for _, x := range in {
		if _, ok := x.(doc.NoteRef); !ok {
			out = append(out, x)
		}
	}
	return out
}

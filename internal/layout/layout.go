// Package layout typesets a document: it breaks paragraphs into lines
// (Knuth–Plass, with Liang hyphenation), stacks lines, tables and figures
// into a galley, and breaks the galley into pages with footnotes at the
// foot, floats, running heads and folios. Its output is a display list per
// page; it never touches PDF.
package layout

import (
	"fmt"
	"strings"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/hyph"
	"quire/internal/style"
)

// Layout typesets documents in one style.
type Layout struct {
	st    *style.Style
	hy    *hyph.Hyphenator
	diags *diag.List
}

// New returns a Layout for style st, reporting problems to diags.
func New(st *style.Style, diags *diag.List) *Layout {
	l := &Layout{st: st, diags: diags}
	if st.Hyphenate {
		l.hy = hyph.Default()
	}
	return l
}

// Run typesets d and returns its pages. It never returns zero pages.
func (l *Layout) Run(d *doc.Document) (pages []*draw.Page, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("layout failed: %v", r)
		}
	}()
	g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
	s := l.st
	if lang := strings.ToLower(d.Meta.Lang); l.hy != nil && lang != "" && lang != "en" && !strings.HasPrefix(lang, "en-") {
		// Only US English patterns ship with Quire; English breaks would
		// be wrong in another language.
		l.hy = nil
		l.diags.Warnf(d.Meta.Pos["lang"], "lines are still justified; add patterns for the language to assets/hyphen to hyphenate",
			"no hyphenation patterns for lang %q; hyphenation is off", d.Meta.Lang)
	}
	body := ctx{width: s.TextWidth(), size: s.BodySize, leading: s.Leading, face: s.BodyFace, numbered: s.LineNumbers}
	var cover []pageContent
	if s.Cover {
		cover = l.coverPages(g, d, body)
	} else {
		l.titleBlock(g, &d.Meta, body)
	}
	g.blocks(d.Blocks, body)
	pcs := append(cover, l.paginate(g.out)...)
	if len(pcs) == 0 {
		pcs = []pageContent{{}}
	}
	return l.render(pcs, &d.Meta), nil
}

// titleBlock sets the title, subtitle, authors, abstract and keywords at the
// head of the first page.
func (l *Layout) titleBlock(g *galley, m *doc.Meta, c ctx) {
	s := l.st
	if m.Title == "" && len(m.Authors) == 0 && len(m.Abstract) == 0 && len(m.Keywords) == 0 {
		return
	}
	center := paraOpts{center: true}
	add := func(text string, face string, size, leading float64) {
		if text == "" {
			return
		}
		center.leading = leading
		ls := g.setInline([]doc.Inline{doc.Text{S: text}}, c.width, center, textStyle{face: face, size: size})
		g.lines(ls, ctx{x: c.x, width: c.width, size: size, leading: leading}, leading, true)
	}
	if m.Title != "" {
		add(m.Title, font.SerifBold, s.TitleSize, s.TitleSize*1.2)
		if len(g.out) > 0 {
			g.out[0].items = append(g.out[0].items, &draw.Bookmark{Title: m.Title, Level: 0, Y: 0})
		}
	}
	if m.Subtitle != "" {
		g.add(&vbox{h: s.BodySize * 0.3, noBreak: true})
		add(m.Subtitle, font.SerifItalic, s.BodySize*1.2, s.BodySize*1.5)
	}
	if len(m.Authors) > 0 {
		g.add(&vbox{h: s.BodySize, noBreak: true})
		for _, a := range m.Authors {
			add(a.Name, font.Serif, s.BodySize*1.1, s.BodySize*1.45)
			var aff []string
			if a.Affiliation != "" {
				aff = append(aff, a.Affiliation)
			}
			if a.Email != "" {
				aff = append(aff, a.Email)
			}
			if a.ORCID != "" {
				aff = append(aff, "ORCID "+a.ORCID)
			}
			add(strings.Join(aff, " · "), font.SerifItalic, s.SmallSize, s.SmallLeading)
			g.add(&vbox{h: s.BodySize * 0.3, noBreak: true})
		}
	}
	if m.Date != "" && s.Profile != "submission" {
		add(m.Date, font.Serif, s.SmallSize, s.SmallLeading)
	}
	inner := g.indent(ctx{x: c.x, width: c.width, size: s.SmallSize, leading: s.SmallLeading, face: font.Serif}, s.BodySize*2, s.BodySize*2)
	inner.depth = 0
	if s.DoubleSpaced {
		inner.leading = s.Leading
	}
	if len(m.Abstract) > 0 {
		g.add(&vbox{h: s.Leading, noBreak: true})
		add("Abstract", font.SerifBold, s.SmallSize, s.SmallLeading*1.3)
		g.blocks(m.Abstract, inner)
	}
	if len(m.Keywords) > 0 {
		g.add(&vbox{h: s.SmallLeading * 0.5, space: true})
		kw := []doc.Inline{doc.Emph{Content: []doc.Inline{doc.Text{S: "Keywords:"}}}, doc.Text{S: " " + strings.Join(m.Keywords, "; ")}}
		g.paragraph(kw, inner, paraOpts{leading: inner.leading}, textStyle{face: font.Serif, size: inner.size})
	}
	g.add(&vbox{h: s.Leading * 1.5, space: true})
}

// Package layout typesets a document: it breaks paragraphs into lines
// (Knuth–Plass, with Liang hyphenation), stacks lines, tables and figures
// into a galley, and breaks the galley into pages with footnotes at the
// foot, floats, running heads and folios. Its output is a display list per
// page; it never touches PDF.
package layout

import (
	"context"
	"fmt"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/lang"
	"quire/internal/style"
)

// Layout typesets documents in one style.
type Layout struct {
	st     *style.Style
	lang   *lang.Language // the document's language: generated words
	hyLang *lang.Language // the same for hyphenation; nil when the style or an unknown language turns it off
	diags  *diag.List
	ctx    context.Context    // see WithContext; nil: never stops
	heads  map[headKey]string // running heads cut to fit, by text and width

	quality Quality

	// The document's structure (tag.go): its root, and the level and
	// position of the last heading, to warn of skipped levels.
	root           *draw.Node
	lastHeading    int
	lastHeadingPos doc.Pos

	// chunk is set on the Layout of a part of the document set in
	// parallel (parallel.go).
	chunk *chunkLog

	lines *LineCache // see WithLines; nil: none

	lists *tocLists // the table of contents and lists of floats (toc.go); nil: none

	math *mathCache // the inline formulas set (math.go), shared by the parts
}

// New returns a Layout for style st, reporting problems to diags.
func New(st *style.Style, diags *diag.List) *Layout {
	return &Layout{st: st, diags: diags, lang: lang.Default()}
}

// face returns the body family's face of the given weight and slant.
func (l *Layout) face(bold, italic bool) string {
	return font.Variant(l.st.BodyFace, bold, italic)
}

// chartFace maps the faces of the default sans-serif family, which
// charts ask for, to the style's chart face in the same weight and slant.
func (l *Layout) chartFace(face string) string {
	if l.st.ChartFace == font.Sans {
		return face
	}
	f, err := font.Get(face)
	if err != nil || f.Family == nil || f.Family != font.DefaultFamily("sans") || l.st.ChartFace == font.Sans {
		return face
	}
	return font.Variant(l.st.ChartFace, f.Bold, f.Italic)
}

// Run typesets d and returns its pages. It never returns zero pages.
func (l *Layout) Run(d *doc.Document) (pages []*draw.Page, err error) {
	defer func() {
		if r := recover(); r != nil {
			if c, ok := r.(canceled); ok {
				pages, err = nil, c.err
				return
			}
			err = fmt.Errorf("layout failed: %v", r)
		}
	}()
	g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
	s := l.st
	l.setLang(&d.Meta)
	l.root = draw.NewDocument()
	l.lastHeading, l.lastHeadingPos = 0, doc.Pos{}
	l.lists = l.collectLists(d)
	l.math = &mathCache{}
	body := ctx{width: s.TextWidth(), size: s.BodySize, leading: s.Leading, face: s.BodyFace, numbered: s.LineNumbers, parent: l.root}
	var cover []pageContent
	if s.Cover {
		cover = l.coverPages(g, d, body)
	} else {
		l.titleBlock(g, &d.Meta, body)
	}
	l.frontLists(g, &d.Meta, body)
	g.setBlocks(d.Blocks, body)
	pcs := append(cover, l.paginate(g.out)...)
	l.fillTOC(pcs)
	if len(pcs) == 0 {
		pcs = []pageContent{{}}
	}
	return l.render(pcs, &d.Meta), nil
}

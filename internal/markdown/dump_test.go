package markdown

import (
	"fmt"
	"strings"

	"quire/internal/doc"
)

// dump renders blocks compactly for comparison in tests. Positions are
// written as @line:col; notes are expanded at their first reference only.
func dump(bs []doc.Block) string {
	d := dumper{seen: map[*doc.Note]bool{}}
	d.blocks(bs)
	return strings.TrimSpace(d.b.String())
}

type dumper struct {
	b    strings.Builder
	seen map[*doc.Note]bool
}

func (d *dumper) p(format string, args ...any) { fmt.Fprintf(&d.b, format, args...) }

func at(p doc.Pos) string { return fmt.Sprintf("@%d:%d", p.Line, p.Col) }

func (d *dumper) blocks(bs []doc.Block) {
	for i, b := range bs {
		if i > 0 {
			d.p(" ")
		}
		d.block(b)
	}
}

func (d *dumper) block(b doc.Block) {
	switch b := b.(type) {
	case *doc.Appendix:
		d.p("Appendix%s", at(b.Pos))
	case *doc.Paragraph:
		d.p("P%s", at(b.Pos))
		if b.NoIndent {
			d.p("noindent")
		}
		d.p("[")
		d.inlines(b.Content)
		d.p("]")
	case *doc.Heading:
		d.p("H%d%s#%s", b.Level, at(b.Pos), b.ID)
		if b.Unnumbered {
			d.p("-")
		}
		d.p("[")
		d.inlines(b.Content)
		d.p("]")
	case *doc.List:
		kind := "UL"
		if b.Ordered {
			kind = fmt.Sprintf("OL%d", b.Start)
		}
		if !b.Tight {
			kind += "loose"
		}
		d.p("%s%s{", kind, at(b.Pos))
		for i, it := range b.Items {
			if i > 0 {
				d.p(" | ")
			}
			if it.Task > 0 {
				d.p("task%d ", it.Task)
			}
			d.blocks(it.Blocks)
		}
		d.p("}")
	case *doc.Quote:
		d.p("Q%s{", at(b.Pos))
		d.blocks(b.Blocks)
		d.p("}")
	case *doc.CodeBlock:
		d.p("Code%s<%s>%q", at(b.Pos), b.Lang, b.Text)
		if b.ID != "" || b.Caption != nil {
			d.p("#%s[", b.ID)
			d.inlines(b.Caption)
			d.p("]")
		}
	case *doc.Div:
		d.p("Div%s#%s%v", at(b.Pos), b.ID, b.Classes)
		if b.Lang != "" {
			d.p("lang=%s", b.Lang)
		}
		if b.Framed {
			d.p("framed%s[", b.Callout)
			d.inlines(b.Title)
			d.p("]")
		}
		d.p("{")
		d.blocks(b.Blocks)
		d.p("}")
	case *doc.Bibliography:
		d.p("Bib%s", at(b.Pos))
		if b.Untitled {
			d.p("-untitled")
		}
	case *doc.LineBlock:
		d.p("LB%s{", at(b.Pos))
		for i, l := range b.Lines {
			if i > 0 {
				d.p(" / ")
			}
			d.inlines(l)
		}
		d.p("}")
	case *doc.PageBreak:
		d.p("PB%s", at(b.Pos))
	case *doc.ThematicBreak:
		d.p("HR%s", at(b.Pos))
	case *doc.RawBlock:
		d.p("Raw%s<%s>%q", at(b.Pos), b.Format, b.Text)
	case *doc.DefList:
		d.p("DL%s{", at(b.Pos))
		for i, it := range b.Items {
			if i > 0 {
				d.p(" | ")
			}
			d.inlines(it.Term)
			for _, def := range it.Defs {
				d.p(" := ")
				d.blocks(def)
			}
		}
		d.p("}")
	case *doc.Table:
		d.p("T%s#%s[", at(b.Pos), b.ID)
		d.inlines(b.Caption)
		d.p("]%v{", b.Align)
		for i, c := range b.Header {
			if i > 0 {
				d.p("|")
			}
			d.inlines(c)
		}
		for _, r := range b.Rows {
			d.p(" / ")
			for i, c := range r {
				if i > 0 {
					d.p("|")
				}
				d.inlines(c)
			}
		}
		d.p("}")
	case *doc.Figure:
		if b.Image != nil {
			d.p("Fig%s#%s<%s>[", at(b.Pos), b.ID, b.Image.Path)
		} else {
			d.p("Fig%s#%s<missing %s>[", at(b.Pos), b.ID, b.Missing)
		}
		d.inlines(b.Caption)
		d.p("]")
		if b.Width != "" {
			d.p("w=%s", b.Width)
		}
		if len(b.Sub) > 0 {
			d.p("{")
			for i, s := range b.Sub {
				if i > 0 {
					d.p(" ")
				}
				d.block(s)
			}
			d.p("}")
		}
	default:
		d.p("%T", b)
	}
}

func (d *dumper) inlines(in []doc.Inline) {
	for i, x := range in {
		if i > 0 {
			d.p(" ")
		}
		d.inline(x)
	}
}

func (d *dumper) inline(x doc.Inline) {
	wrap := func(name string, c []doc.Inline) {
		d.p("%s(", name)
		d.inlines(c)
		d.p(")")
	}
	switch x := x.(type) {
	case doc.Text:
		d.p("%q", x.S)
	case doc.Emph:
		wrap("E", x.Content)
	case doc.Strong:
		wrap("S", x.Content)
	case doc.Strike:
		wrap("X", x.Content)
	case doc.Code:
		d.p("C%q", x.S)
	case doc.Link:
		wrap("L<"+x.URL+">", x.Content)
	case doc.Ref:
		wrap("R<"+x.Target+">", x.Content)
	case doc.LineBreak:
		d.p("BR")
	case doc.SmallCaps:
		wrap("SC", x.Content)
	case doc.Super:
		wrap("SUP", x.Content)
	case doc.Sub:
		wrap("SUB", x.Content)
	case doc.Underline:
		wrap("U", x.Content)
	case doc.Span:
		name := "Span"
		if x.ID != "" {
			name += "#" + x.ID
		}
		for _, c := range x.Classes {
			name += "." + c
		}
		if x.Lang != "" {
			name += "lang=" + x.Lang
		}
		wrap(name, x.Content)
	case doc.Anchor:
		d.p("A<%q>", x.ID)
	case doc.NoteRef:
		d.p("N<%s>", x.Note.ID)
		if !d.seen[x.Note] {
			d.seen[x.Note] = true
			d.p("%s{", at(x.Note.Pos))
			d.blocks(x.Note.Blocks)
			d.p("}")
		}
	case doc.Citation:
		d.p("Cite")
		if x.InText {
			d.p("T")
		}
		d.p("%s{", at(x.Pos))
		for i, it := range x.Items {
			if i > 0 {
				d.p("; ")
			}
			if it.SuppressAuthor {
				d.p("-")
			}
			d.p("%s|%s|%s|%s%s", it.Key, it.Prefix, it.Locator, it.Suffix, at(it.Pos))
		}
		d.p("}")
	case doc.CrossRef:
		flags := ""
		if x.Capital {
			flags += "^"
		}
		if x.Bare {
			flags += "-"
		}
		if x.Paren {
			flags += "()"
		}
		d.p("XRef%s<%s>%s", flags, x.Target, at(x.Pos))
		for _, g := range x.Group {
			d.p("+<%s>%s", g.Target, at(g.Pos))
		}
	default:
		d.p("%T", x)
	}
}

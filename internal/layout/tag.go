package layout

import (
	"strings"
	"unicode"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/lang"
	"quire/internal/linebreak"
)

// The document's logical structure (tagged PDF). Layout builds a tree of
// draw.Nodes in reading order as it sets the blocks, and marks every drawn
// item with its node (draw.Mark): a block makes its node before its lines
// are set, so that the footnotes its lines reference, made while they are
// set, come after it among its siblings; inline nodes (links, note
// references, code, spans in another language) are made while a
// paragraph is flattened and adopted by the block that sets the lines.
// Running heads, folios, line numbers and rules are marked as artifacts.
//
// Reading order is the order of the tree, not of the pages: a footnote
// follows the paragraph that references it, a float stands where the
// manuscript has it though it is set on a later page, and a repeated table
// header is an artifact.

// node returns a new structure node of the given role, the last child of
// parent (of the document's root when parent is nil).
func (l *Layout) node(parent *draw.Node, role draw.Role) *draw.Node {
	if parent == nil {
		parent = l.root
	}
	if parent == nil {
		return &draw.Node{Role: role}
	}
	return parent.Add(role)
}

// inlineNode returns a new node for an inline element inside parent, or
// without a parent (the block adopts it) when parent is nil.
func inlineNode(parent *draw.Node, role draw.Role) *draw.Node {
	if parent != nil {
		return parent.Add(role)
	}
	return &draw.Node{Role: role}
}

// markBoxes marks the items of vs as n's (see draw.Mark).
func markBoxes(vs []*vbox, n *draw.Node) {
	for _, v := range vs {
		draw.Mark(v.items, n)
	}
}

// markLines marks the items of typeset lines as n's.
func markLines(ls []setLine, n *draw.Node) {
	for _, ln := range ls {
		draw.Mark(ln.items, n)
	}
}

// headingRole returns the structure role of a heading of level lv and
// warns, once a heading level, when it skips a level: a heading of level
// 3 straight after one of level 1 (the title counts as level 1).
func (l *Layout) headingRole(h *doc.Heading, lv int) draw.Role {
	if l.chunk != nil {
		// Set in parallel (parallel.go): the warning waits for the
		// headings before this part of the document.
		l.chunk.heading(lv, h.Pos, l.diags)
		return draw.Heading(lv)
	}
	l.headingLevel(lv, h.Pos)
	return draw.Heading(lv)
}

// headingLevel warns of a heading of level lv at pos that skips a level
// after the previous one, and makes it the previous one.
func (l *Layout) headingLevel(lv int, pos doc.Pos) {
	if l.lastHeading > 0 && lv > l.lastHeading+1 || l.lastHeading == 0 && lv > 1 {
		prev := "the title"
		if l.lastHeading == 0 {
			prev = "the start of the document"
		} else if l.lastHeadingPos.Line > 0 {
			prev = "the heading of level " + itoa(l.lastHeading) + " at line " + itoa(l.lastHeadingPos.Line)
		}
		if l.diags != nil {
			l.diags.Warnf(pos, "use a heading of level "+itoa(min(lv-1, l.lastHeading+1))+" here ("+strings.Repeat("#", min(lv-1, l.lastHeading+1))+"), or raise the headings below it: screen readers navigate by heading level",
				"a heading of level %d after %s skips a level (PDF/UA, Matterhorn 14-003)", lv, prev)
		}
	}
	l.lastHeading = lv
	l.lastHeadingPos = pos
}

// figureAlt returns the alternate description of a figure: the author's
// (fig-alt), a chart's generated description, or the caption's text. A
// figure with none of them is a warning, and gets its label ("Figure 3").
func (l *Layout) figureAlt(f *doc.Figure, label string) string {
	if a := strings.TrimSpace(f.Alt); a != "" {
		return a
	}
	if d, ok := f.Graphic.(doc.Describer); ok {
		if s := strings.TrimSpace(d.Describe()); s != "" {
			return s
		}
	}
	if s := strings.TrimSpace(doc.PlainText(f.Caption)); s != "" {
		return s
	}
	if l.diags != nil {
		what := "the image"
		if f.Missing != "" {
			what = "the image " + f.Missing
		} else if f.Image != nil && f.Image.Path != "" {
			what = "the image " + f.Image.Path
		}
		l.diags.Warnf(f.Pos, "write what it shows in the brackets, ![a map of the frontier](map.png), or as {fig-alt=\"...\"}",
			"%s has no alternate text: a screen reader cannot say what it shows (PDF/UA 7.3, Matterhorn 13-004)", what)
	}
	if label != "" {
		return strings.TrimRight(label, ". :")
	}
	return "Figure"
}

// scriptLang returns the language a word in st is written in when its
// script says it is not the text's language: Cyrillic in English text is
// Russian, Greek Greek (as hyphenation has it, lang.ForScript), kana and
// CJK ideographs in a text that is not Chinese, Japanese or Korean are
// Japanese (the first face of the CJK fallback), Hangul Korean. "" when
// the word is in the text's language or has no letters.
func (b *builder) scriptLang(s string, st *textStyle) (tag string, letters bool) {
	lg := st.lang
	if lg == nil {
		lg = b.docLang
	}
	if lg == nil {
		return "", false
	}
	for _, r := range s {
		if r < 0x80 {
			if unicode.IsLetter(r) {
				return "", true
			}
			continue
		}
		if !unicode.IsLetter(r) {
			continue
		}
		switch {
		case unicode.Is(unicode.Hangul, r):
			if lg.Tag != "ko" {
				return "ko", true
			}
			return "", true
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			if lg.Tag != "ja" && lg.Tag != "zh" && lg.Tag != "ko" || unicode.In(r, unicode.Hiragana, unicode.Katakana) && lg.Tag != "ja" {
				return "ja", true
			}
			return "", true
		}
		if o := lg.ForScript(lang.ScriptOf(string(r))); o != nil && o.Tag != lg.Tag {
			return o.Tag, true
		}
		return "", true
	}
	return "", false
}

// langSpan returns the style a word piece s is set in: st itself, or,
// for a word in another script than its text's language, a copy of st
// marked with a Span of that language (see scriptLang). Consecutive words
// of one language share a span; words without letters continue it.
func (b *builder) langSpan(s string, st *textStyle) *textStyle {
	tag, letters := b.scriptLang(s, st)
	a := &b.auto
	if tag == "" {
		if !letters && a.base == st && a.st != nil {
			return a.st
		}
		if letters {
			*a = autoSpan{}
		}
		return st
	}
	if a.base == st && a.lang == tag && a.st != nil {
		return a.st
	}
	c := *st
	n := inlineNode(st.tag, draw.RoleSpan)
	n.Lang = tag
	c.tag = n
	*a = autoSpan{base: st, lang: tag, st: &c}
	return &c
}

// autoSpan is the span in another language the last words were put in.
type autoSpan struct {
	base *textStyle
	lang string
	st   *textStyle
}

// spanTag returns the node of a span that sets a language other than
// the text's, or nil.
func spanTag(x doc.Span, st *textStyle, docLang *lang.Language) *draw.Node {
	if x.Lang == "" {
		return nil
	}
	cur := docLang
	if st.lang != nil {
		cur = st.lang
	}
	if l, ok := lang.Lookup(x.Lang); ok && cur != nil && l.Tag == cur.Tag {
		return nil
	}
	tag := cleanLangTag(x.Lang)
	if tag == "" {
		return nil
	}
	n := inlineNode(st.tag, draw.RoleSpan)
	n.Lang = tag
	return n
}

// cleanLangTag keeps what a BCP 47 tag may hold.
func cleanLangTag(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, s)
}

// linkNode returns the Link node an annotation of text in node n belongs
// to: n or its nearest Link ancestor (code or a span inside a link).
func linkNode(n *draw.Node) *draw.Node {
	for p := n; p != nil; p = p.Parent {
		if p.Role == draw.RoleLink {
			return p
		}
	}
	return n
}

// addLink appends link l to a line's items, or widens the line's last
// link to take it in when it goes to the same place with the same node:
// a link of several words is one annotation a line, spaces included,
// rather than one a word.
func addLink(items []draw.Item, l *draw.Link) []draw.Item {
	l.Tag = linkNode(l.Tag)
	for i := len(items) - 1; i >= 0; i-- {
		p, ok := items[i].(*draw.Link)
		if !ok {
			continue
		}
		if p.URL == l.URL && p.Dest == l.Dest && p.Tag == l.Tag && p.Y == l.Y && p.H == l.H && l.X >= p.X {
			p.W = max(p.W, l.X+l.W-p.X)
			return items
		}
		break
	}
	return append(items, l)
}

// spaceAfterLast makes the last word of items end with a word space
// (draw.Text.Space).
func spaceAfterLast(items []draw.Item) {
	for i := len(items) - 1; i >= 0; i-- {
		switch t := items[i].(type) {
		case *draw.Text:
			t.Space = true
			return
		case *draw.Words:
			t.W[len(t.W)-1].Space = true
			return
		}
	}
}

// mathNode returns the structure node of formula m, inside parent (nil:
// the block adopts it): a Formula whose alternate description is its TeX
// source.
func mathNode(parent *draw.Node, m doc.Math) *draw.Node {
	n := inlineNode(parent, draw.RoleFormula)
	n.Alt = strings.TrimSpace(m.TeX)
	return n
}

// brokenAtSpace reports whether a line that ends before item e of p ends
// at a word space: a break at a glue, or at the penalty (without a
// hyphen) just before one.
func brokenAtSpace(p *para, e int) bool {
	if e >= len(p.items) {
		return false
	}
	switch p.items[e].Kind {
	case linebreak.Glue:
		return true
	case linebreak.Penalty:
		return p.boxes[e] == nil && e+1 < len(p.items) && p.items[e+1].Kind == linebreak.Glue
	}
	return false
}

package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"quire/internal/doc"
	"quire/internal/font"
)

// builder accumulates inline content, merging adjacent text runs.
type builder struct {
	out      []doc.Inline
	buf      []byte
	eatSpace bool // drop the leading spaces of the next text
}

func (b *builder) flush() {
	if len(b.buf) > 0 {
		b.out = append(b.out, doc.Text{S: string(b.buf)})
		b.buf = b.buf[:0]
	}
}

// add appends a non-text inline.
func (b *builder) add(x doc.Inline) {
	if t, ok := x.(doc.Text); ok {
		b.buf = append(b.buf, t.S...)
		return
	}
	b.flush()
	b.out = append(b.out, x)
}

// addAll appends inlines, merging text.
func (b *builder) addAll(xs []doc.Inline) {
	for _, x := range xs {
		b.add(x)
	}
}

// space appends a soft line break: one space, trailing blanks removed.
func (b *builder) space() {
	b.buf = bytes.TrimRight(b.buf, " \t")
	if len(b.buf) == 0 && len(b.out) == 0 {
		return
	}
	b.buf = append(b.buf, ' ')
}

func (b *builder) result() []doc.Inline {
	b.flush()
	return b.out
}

// inlines converts the inline children of n.
func (c *converter) inlines(n ast.Node, depth int) []doc.Inline {
	var b builder
	c.inlinesInto(&b, n, depth)
	out := b.result()
	// Trim blanks at both ends.
	if len(out) > 0 {
		if t, ok := out[0].(doc.Text); ok {
			if s := strings.TrimLeft(t.S, " \t\n"); s != "" {
				out[0] = doc.Text{S: s}
			} else {
				out = out[1:]
			}
		}
	}
	if len(out) > 0 {
		if t, ok := out[len(out)-1].(doc.Text); ok {
			if s := strings.TrimRight(t.S, " \t\n"); s != "" {
				out[len(out)-1] = doc.Text{S: s}
			} else {
				out = out[:len(out)-1]
			}
		}
	}
	return out
}

// inlinesInto converts the inline children of n into b.
func (c *converter) inlinesInto(b *builder, n ast.Node, depth int) {
	if depth >= maxDepth {
		c.warnDepth(n)
		c.flattenInlines(b, n)
		return
	}
	for x := n.FirstChild(); x != nil; x = x.NextSibling() {
		x = c.inline(b, x, depth)
	}
}

// inline converts x into b and returns the last sibling it consumed.
func (c *converter) inline(b *builder, x ast.Node, depth int) ast.Node {
	switch x := x.(type) {
	case *ast.Text:
		c.text(b, x)
	case *ast.String:
		v := x.Value
		if !x.IsCode() && !x.IsRaw() {
			v = []byte(unescape(v))
		}
		off := x.Pos()
		if t, ok := x.PreviousSibling().(*ast.Text); ok && off < 0 {
			off = t.Segment.Stop
		}
		c.addText(b, v, off)
	case *ast.CodeSpan:
		if next, ok := x.NextSibling().(*ast.Text); ok {
			// Pandoc raw inline: `\newpage`{=latex}.
			v := next.Segment.Value(c.src)
			if bytes.HasPrefix(v, []byte("{=")) {
				if i := bytes.IndexByte(v, '}'); i > 0 {
					if a, ok := parseAttrs(string(v[:i+1])); ok && a.raw != "" {
						if a.raw == "latex" || a.raw == "tex" {
							c.latexInto(b, []byte(c.codeSpan(x)), nodePos(x))
						} else {
							c.warnf(nodePos(x), "remove it, or write it in Markdown", "raw %s is not rendered", a.raw)
						}
						rest := *next
						rest.Segment.Start += i + 1
						b.eatSpace = len(b.buf) == 0 || b.buf[len(b.buf)-1] == ' '
						c.text(b, &rest)
						return next
					}
				}
			}
		}
		b.add(doc.Code{S: c.clean(c.codeSpan(x), nodePos(x))})
		// Attributes of inline code (`x`{.haskell}): a language or a
		// style, which Quire does not use.
		return c.skipAttrs(b, x)
	case *ast.Emphasis:
		var in builder
		c.inlinesInto(&in, x, depth+1)
		if x.Level >= 2 {
			b.add(doc.Strong{Content: in.result()})
		} else {
			b.add(doc.Emph{Content: in.result()})
		}
	case *east.Strikethrough:
		var in builder
		c.inlinesInto(&in, x, depth+1)
		b.add(doc.Strike{Content: in.result()})
	case *ast.Link:
		var in builder
		c.inlinesInto(&in, x, depth+1)
		url := c.url(x.Destination)
		switch {
		case strings.HasPrefix(url, "#") && len(url) > 1:
			b.add(doc.Ref{Target: url[1:], Content: in.result()})
		case !c.linkAllowed(url, nodePos(x)):
			b.addAll(in.result())
		default:
			b.add(doc.Link{URL: url, Content: in.result()})
		}
		return c.skipAttrs(b, x)
	case *ast.AutoLink:
		url := string(x.URL(c.src))
		if x.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
			url = "mailto:" + url
		}
		var in builder
		c.addText(&in, x.Label(c.src), nodePos(x))
		if c.linkAllowed(url, nodePos(x)) {
			b.add(doc.Link{URL: url, Content: in.result()})
		} else {
			b.addAll(in.result())
		}
	case *ast.Image:
		c.warnf(nodePos(x), "put the image in a paragraph of its own to make it a figure",
			"an image inside text is not placed; its description is set instead")
		c.inlinesInto(b, x, depth+1)
		return c.skipAttrs(b, x)
	case *ast.RawHTML:
		c.rawHTML(b, x)
	case *east.FootnoteLink:
		if note := c.noteRef(x); note != nil {
			b.add(doc.NoteRef{Note: note})
		}
	case *east.FootnoteBacklink, *east.TaskCheckBox:
		// Not content.
	case *citeNode:
		c.cite(b, x)
	case *latexNode:
		c.latex(b, x)
	case *spanNode:
		c.span(b, x)
	case *mathNode:
		c.math(b, x)
	default:
		c.inlinesInto(b, x, depth+1)
	}
	return x
}

// skipAttrs skips a pandoc attribute block ({width=50%}) written right
// after the link or image x, and returns the last sibling it consumed.
func (c *converter) skipAttrs(b *builder, x ast.Node) ast.Node {
	t, ok := x.NextSibling().(*ast.Text)
	if !ok || t.Segment.Start >= len(c.src) || c.src[t.Segment.Start] != '{' {
		return x
	}
	start := t.Segment.Start
	end := bytes.IndexAny(c.src[start:min(len(c.src), start+500)], "}\n")
	if end < 0 || c.src[start+end] != '}' {
		return x
	}
	end += start + 1
	if _, ok := parseAttrs(string(c.src[start:end])); !ok {
		return x
	}
	last := x
	for n := x.NextSibling(); n != nil; n = n.NextSibling() {
		if p := nodePos(n); p >= end {
			break
		}
		last = n
		if t, ok := n.(*ast.Text); ok && t.Segment.Stop >= end {
			// The rest of the text after the block, and its line break.
			rest := *t
			rest.Segment.Start = end
			c.text(b, &rest)
			break
		}
	}
	return last
}

// url returns the unescaped link destination d, sharing the string among
// references to one definition (which a reference-heavy input repeats).
func (c *converter) url(d []byte) string {
	if len(d) == 0 {
		return ""
	}
	k := urlKey{&d[0], len(d)}
	if s, ok := c.urls[k]; ok {
		return s
	}
	if c.urls == nil {
		c.urls = map[urlKey]string{}
	}
	s := unescape(d)
	c.urls[k] = s
	return s
}

type urlKey struct {
	p *byte
	n int
}

// text converts a text node, with its line break.
func (c *converter) text(b *builder, x *ast.Text) {
	v := x.Segment.Value(c.src)
	if x.IsRaw() {
		c.addText(b, v, x.Segment.Start)
	} else {
		c.noteAttrs(v, x.Segment.Start)
		c.addText(b, []byte(unescape(v)), x.Segment.Start)
	}
	switch {
	case x.HardLineBreak():
		b.buf = bytes.TrimRight(b.buf, " \t")
		b.add(doc.LineBreak{})
	case x.SoftLineBreak():
		b.space()
	}
}

// codeSpan returns the text of an inline code span.
func (c *converter) codeSpan(x *ast.CodeSpan) string {
	var s []byte
	for ch := x.FirstChild(); ch != nil; ch = ch.NextSibling() {
		switch ch := ch.(type) {
		case *ast.Text:
			v := ch.Segment.Value(c.src)
			if n := len(v); n > 0 && v[n-1] == '\n' {
				s = append(append(s, v[:n-1]...), ' ')
			} else {
				s = append(s, v...)
			}
		case *ast.String:
			s = append(s, ch.Value...)
		}
	}
	return string(s)
}

// flattenInlines appends the text of n's subtree to b without structure,
// using an explicit stack.
func (c *converter) flattenInlines(b *builder, n ast.Node) {
	var stack []ast.Node
	for ch := n.LastChild(); ch != nil; ch = ch.PreviousSibling() {
		stack = append(stack, ch)
	}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch x.(type) {
		case *ast.Text, *ast.String, *ast.CodeSpan, *ast.AutoLink, *ast.RawHTML,
			*east.FootnoteLink, *east.FootnoteBacklink, *east.TaskCheckBox, *citeNode, *latexNode, *spanNode:
			c.inline(b, x, maxDepth-1)
			continue
		}
		for ch := x.LastChild(); ch != nil; ch = ch.PreviousSibling() {
			stack = append(stack, ch)
		}
	}
}

// rawHTML drops an inline HTML tag: <br> becomes a line break, comments
// vanish silently, other tags vanish with one warning per block.
func (c *converter) rawHTML(b *builder, x *ast.RawHTML) {
	var v []byte
	for i := 0; i < x.Segments.Len(); i++ {
		seg := x.Segments.At(i)
		v = append(v, seg.Value(c.src)...)
	}
	if bytes.HasPrefix(v, []byte("<!--")) {
		return
	}
	tag := strings.ToLower(strings.Trim(string(v), "<>/ \t\n"))
	if tag == "br" || strings.HasPrefix(tag, "br ") || strings.HasPrefix(tag, "br/") {
		b.add(doc.LineBreak{})
		return
	}
	if !c.htmlWarned {
		c.htmlWarned = true
		c.warnf(nodePos(x), "write it in Markdown, or delete it", "raw HTML is not rendered; use Markdown")
	}
}

// addText appends v (found at source offset off) to b, dropping control
// characters and warning once per rune that no font covers.
func (c *converter) addText(b *builder, v []byte, off int) {
	if b.eatSpace {
		n := len(v)
		v = bytes.TrimLeft(v, " ")
		off += n - len(v)
		b.eatSpace = len(v) == 0
	}
	b.buf = c.appendClean(b.buf, v, off)
}

// clean returns s without control characters, warning about runes no font
// covers; off is the source offset of s.
func (c *converter) clean(s string, off int) string {
	return string(c.appendClean(nil, []byte(s), off))
}

// appendClean appends the cleaned text of v to dst.
func (c *converter) appendClean(dst, v []byte, off int) []byte {
	start := 0 // start of the pending clean run in v
	for i := 0; i < len(v); {
		ch := v[i]
		if ch < utf8.RuneSelf {
			if ch == '\t' || ch == '\n' {
				i++
				continue
			}
			if ch >= 0x20 && ch != 0x7f {
				if c.ascii[ch] == 0 {
					c.ascii[ch] = -1
					if font.Covered(rune(ch)) {
						c.ascii[ch] = 1
					} else {
						c.warnRune(rune(ch), off, i)
					}
				}
				i++
				continue
			}
			dst = append(dst, v[start:i]...)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune(v[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, v[start:i]...)
			dst = append(dst, "\uFFFD"...)
			i += size
			start = i
			c.checkRune(utf8.RuneError, off, i)
			continue
		case r >= 0x80 && r < 0xa0, r == 0xfeff:
			dst = append(dst, v[start:i]...)
			i += size
			start = i
			continue
		}
		c.checkRune(r, off, i)
		i += size
	}
	return append(dst, v[start:]...)
}

// checkRune warns, once per rune, if no font covers r.
func (c *converter) checkRune(r rune, off, i int) {
	ok, known := c.covered[r]
	if !known {
		if c.covered == nil {
			c.covered = map[rune]bool{}
		}
		ok = font.Covered(r)
		c.covered[r] = ok
		if !ok {
			c.warnRune(r, off, i)
		} else if unicode.In(r, unicode.Hebrew, unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko) && !c.warnedRTL {
			// Right-to-left scripts need the bidi algorithm and shaping,
			// which Quire does not do: say so once, where it first occurs.
			c.warnedRTL = true
			p := off
			if p >= 0 {
				p = min(off+i, len(c.src))
			}
			c.warnf(p, "set the passage as an image, or transliterate it", "right-to-left text (%U) is not supported: it is set left to right, its letters unjoined", r)
		}
	}
}

// warnRune reports an uncovered rune at offset off+i (clamped to the source).
func (c *converter) warnRune(r rune, off, i int) {
	if c.warnedRunes == nil {
		c.warnedRunes = map[rune]bool{}
	}
	if c.warnedRunes[r] {
		return
	}
	c.warnedRunes[r] = true
	p := off
	if p >= 0 {
		p = min(off+i, len(c.src))
	}
	c.warnf(p, "use another character, or an image", "%U is not in any font; it is drawn as %c", r, font.Replacement)
}

// unescape resolves backslash escapes and entity and numeric character
// references, as CommonMark renders text.
func unescape(v []byte) string {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	var out []byte
	n := 0
	for i := 0; i < len(v); i++ {
		ch := v[i]
		if ch == '\\' && i+1 < len(v) && util.IsPunct(v[i+1]) {
			out = append(out, v[n:i]...)
			out = append(out, v[i+1])
			i++
			n = i + 1
			continue
		}
		if ch != '&' {
			continue
		}
		j := i + 1
		if j < len(v) && v[j] == '#' {
			j++
			hex := j < len(v) && (v[j] == 'x' || v[j] == 'X')
			if hex {
				j++
			}
			k, digits := j, 7 // CommonMark: at most 7 decimal or 6 hex digits
			if hex {
				digits = 6
			}
			for k < len(v) && k-j < digits && (hex && util.IsHexDecimal(v[k]) || !hex && util.IsNumeric(v[k])) {
				k++
			}
			if k > j && k < len(v) && v[k] == ';' {
				base := 10
				if hex {
					base = 16
				}
				x, err := strconv.ParseUint(string(v[j:k]), base, 32)
				r := rune(x)
				if err != nil || r == 0 || !utf8.ValidRune(r) {
					r = utf8.RuneError
				}
				out = append(out, v[n:i]...)
				out = utf8.AppendRune(out, r)
				i = k
				n = k + 1
			}
			continue
		}
		k := j
		for k < len(v) && k-j < 40 && util.IsAlphaNumeric(v[k]) {
			k++
		}
		if k > j && k < len(v) && v[k] == ';' {
			if e, ok := util.LookUpHTML5EntityByName(string(v[j:k])); ok {
				out = append(out, v[n:i]...)
				out = append(out, e.Characters...)
				i = k
				n = k + 1
			}
		}
	}
	return string(append(out, v[n:]...))
}

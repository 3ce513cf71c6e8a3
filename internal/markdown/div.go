package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"quire/internal/doc"
	"quire/internal/lang"
)

// Fenced divs: pandoc's "::: {#id .class}" ... ":::" and the HTML form
// pandoc reads the same way ("<div id=x class=y>" ... "</div>" on lines of
// their own), as a goldmark block parser. The content is ordinary Markdown;
// the converter gives the div its meaning: {#refs} places the bibliography,
// a callout or a box is framed, a div labelled fig:... groups subfigures,
// one labelled lst:... captions the code block inside it.

// kindDiv is the goldmark node kind of a fenced div.
var kindDiv = ast.NewNodeKind("QuireDiv")

type divNode struct {
	ast.BaseBlock
	attrs attrs
	html  bool // opened by <div>, closed by </div>
	start int  // source offset of the opening fence
	open  bool
	// closed is set when a closing fence ended the div (not the end of
	// the document or of its container); stray marks a closing fence
	// with no div open.
	closed, stray bool
	divDepth      // nesting bound (divdepth.go)
}

// Kind implements ast.Node.
func (n *divNode) Kind() ast.NodeKind { return kindDiv }

// Dump implements ast.Node.
func (n *divNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.attrs.id, "Classes": strings.Join(n.attrs.classes, " ")}, nil)
}

// divParser parses fenced divs.
type divParser struct{}

// Trigger implements parser.BlockParser.
func (divParser) Trigger() []byte { return []byte{':', '<'} }

// reHTMLDivOpen matches a line that is only an HTML <div> start tag.
var reHTMLDivOpen = regexp.MustCompile(`^<div(\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+))?)*\s*>\s*$`)

// reHTMLAttr matches one attribute of an HTML tag.
var reHTMLAttr = regexp.MustCompile(`([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+))?`)

// Open implements parser.BlockParser.
func (divParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	w, p := util.IndentWidth(line, reader.LineOffset())
	if w > 3 || p >= len(line) {
		return nil, parser.NoChildren
	}
	t := bytes.TrimRight(line[p:], " \t\r\n")
	n := &divNode{start: seg.Start + p, open: true}
	switch {
	case t[0] == '<':
		if bytes.EqualFold(t, []byte("</div>")) {
			if f := closeFlat(pc, true, n, reader, seg); f != nil {
				return f, parser.NoChildren
			}
			return nil, parser.NoChildren
		}
		if !reHTMLDivOpen.Match(t) {
			return nil, parser.NoChildren
		}
		n.html = true
		n.attrs = htmlAttrs(string(t[4 : len(t)-1]))
	default:
		colons := countRun(t, ':')
		if colons < 3 {
			return nil, parser.NoChildren
		}
		info := bytes.TrimSpace(bytes.TrimRight(bytes.TrimSpace(t[colons:]), ":"))
		if len(info) == 0 {
			if f := closeFlat(pc, false, n, reader, seg); f != nil {
				return f, parser.NoChildren
			}
			// A closing fence with no div open: left out, with a warning.
			for _, b := range pc.OpenedBlocks() {
				if d, ok := b.Node.(*divNode); ok && !d.html {
					return nil, parser.NoChildren
				}
			}
			n.stray = true
			n.SetPos(n.start)
			reader.Advance(seg.Len() - 1)
			return n, parser.NoChildren
		}
		a, ok := divInfo(info)
		if !ok {
			return nil, parser.NoChildren
		}
		n.attrs = a
	}
	if f := openFlat(pc, n, reader, seg); f != nil {
		return f, parser.NoChildren
	}
	n.SetPos(n.start)
	reader.Advance(seg.Len() - 1)
	return n, parser.HasChildren
}

// divInfo parses what follows the colons of an opening fence: an
// attribute block or a single class word.
func divInfo(info []byte) (attrs, bool) {
	if info[0] == '{' {
		a, ok := parseAttrs(string(info))
		return a, ok && a.raw == ""
	}
	for _, r := range string(info) {
		if !isLetterOrDigit(r) && r != '-' && r != '_' {
			return attrs{}, false
		}
	}
	return attrs{classes: []string{string(info)}}, true
}

// htmlAttrs reads id, class and lang of a <div> start tag.
func htmlAttrs(s string) attrs {
	var a attrs
	for _, m := range reHTMLAttr.FindAllStringSubmatch(s, -1) {
		v := strings.Trim(m[2], `"'`)
		switch strings.ToLower(m[1]) {
		case "id":
			a.id = v
		case "class":
			a.classes = append(a.classes, strings.Fields(v)...)
		default:
			if a.kv == nil {
				a.kv = map[string]string{}
			}
			a.kv[strings.ToLower(m[1])] = v
		}
	}
	return a
}

// Continue implements parser.BlockParser. A closing fence closes the
// innermost open div: an outer div lets the line pass to the divs and
// fenced code blocks open inside it.
func (divParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*divNode)
	line, seg := reader.PeekLine()
	if line == nil || n.stray || n.flat {
		return parser.Close
	}
	w, p := util.IndentWidth(line, reader.LineOffset())
	if w > 3 || p >= len(line) {
		return parser.Continue | parser.HasChildren
	}
	t := bytes.TrimRight(line[p:], " \t\r\n")
	closing := false
	if n.html {
		closing = bytes.EqualFold(t, []byte("</div>"))
	} else {
		c := countRun(t, ':')
		closing = c >= 3 && len(bytes.TrimSpace(bytes.TrimRight(t, ":"))) == 0
	}
	if !closing || innerOpen(node, pc, seg.Start, n.html) || n.extra > 0 {
		// n.extra: the fence closes a div flattened into n (closeFlat).
		return parser.Continue | parser.HasChildren
	}
	reader.Advance(seg.Len() - 1)
	n.closed = true
	return parser.Close
}

// Close implements parser.BlockParser.
func (divParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	node.(*divNode).open = false
}

// CanInterruptParagraph implements parser.BlockParser.
func (divParser) CanInterruptParagraph() bool { return true }

// CanAcceptIndentedLine implements parser.BlockParser.
func (divParser) CanAcceptIndentedLine() bool { return false }

// calloutWords are the div classes that evidently mean a framed block
// (Quarto's callouts, admonitions, boxes); true for those whose title,
// when the author gives none, is the language's word for the kind
// (lang.Language.CalloutTitle).
var calloutWords = map[string]bool{
	"note": true, "tip": true, "warning": true, "important": true,
	"caution": true, "danger": true, "info": true, "hint": true,
	"box": false, "framed": false, "frame": false, "sidebar": false, "boxed": false,
}

// div converts a fenced div.
func (c *converter) div(n *divNode, depth int, out []doc.Block) []doc.Block {
	a := n.attrs
	at := doc.At{Pos: c.pos(n.start)}
	if n.stray {
		c.warnf(n.start, "delete it, or open the div with ::: {.class}", "a closing ::: with no div open is left out")
		return out
	}
	if n.flat {
		if n.warn {
			c.warnf(n.start, "reduce the nesting of fenced divs", "divs nested deeper than %d levels are flattened", maxDivs)
		}
		return out
	}
	if !n.closed {
		fence := ":::"
		if n.html {
			fence = "</div>"
		}
		c.warnf(n.start, "end the div with a line "+fence, "this div is never closed; it runs to the end of its container")
	}
	switch {
	case a.id == "refs":
		// The bibliography goes here; under the author's own heading if
		// one stands right before it.
		bib := &doc.Bibliography{At: at}
		if k := len(out) - 1; k >= 0 {
			if _, ok := out[k].(*doc.Heading); ok {
				bib.Untitled = true
			}
		}
		return append(out, bib)
	case strings.HasPrefix(a.id, "fig:") || strings.HasPrefix(a.id, "fig-"):
		if f := c.figureGroup(n, at, depth); f != nil {
			return append(out, f)
		}
	case strings.HasPrefix(a.id, "lst:") || strings.HasPrefix(a.id, "lst-"):
		if cb := c.listingDiv(n, depth); cb != nil {
			return append(out, cb)
		}
	}
	d := &doc.Div{At: at, ID: a.id, Classes: a.classes, Lang: c.langAttr(a.get("lang"), n.start), Blocks: c.blocks(n, depth+1)}
	for _, cl := range a.classes {
		word, callout := strings.CutPrefix(strings.ToLower(cl), "callout-")
		titled, known := calloutWords[word]
		if !callout && !known {
			continue
		}
		d.Framed = true
		title := ""
		switch {
		case titled:
			d.Callout = word
		case callout && !known:
			title = strings.ToUpper(word[:min(1, len(word))]) + word[min(1, len(word)):]
		}
		switch {
		case a.get("title") != "":
			d.Title = c.inlineString(a.get("title"), n.start) // Markdown, as Quarto reads it
		case len(d.Blocks) > 0:
			// Quarto: a heading first in the callout is its title.
			if h, ok := d.Blocks[0].(*doc.Heading); ok {
				d.Title = h.Content
				d.Blocks = d.Blocks[1:]
			}
		}
		if d.Title == nil && title != "" {
			d.Title = []doc.Inline{doc.Text{S: title}}
		}
		break
	}
	return append(out, d)
}

// figureGroup turns a div labelled fig:... that holds images into a figure
// with subfigures; its last paragraph (if not an image) is the caption.
func (c *converter) figureGroup(n *divNode, at doc.At, depth int) *doc.Figure {
	c.inFigGroup = true
	bs := c.blocks(n, depth+1)
	c.inFigGroup = false
	f := &doc.Figure{At: at, ID: n.attrs.id}
	for i, b := range bs {
		switch b := b.(type) {
		case *doc.Figure:
			f.Sub = append(f.Sub, b)
		case *doc.Paragraph:
			if i != len(bs)-1 {
				return nil
			}
			f.Caption = b.Content
		default:
			return nil
		}
	}
	if len(f.Sub) == 0 {
		return nil
	}
	return f
}

// listingDiv turns pandoc-crossref's wrapping div ({#lst:x .listing} with a
// caption paragraph and a code block) into a captioned listing.
func (c *converter) listingDiv(n *divNode, depth int) *doc.CodeBlock {
	bs := c.blocks(n, depth+1)
	var cb *doc.CodeBlock
	var caption []doc.Inline
	for _, b := range bs {
		switch b := b.(type) {
		case *doc.CodeBlock:
			if cb != nil {
				return nil
			}
			cb = b
		case *doc.Paragraph:
			if caption != nil {
				return nil
			}
			caption = b.Content
		default:
			return nil
		}
	}
	if cb == nil {
		return nil
	}
	cb.ID = n.attrs.id
	if caption != nil {
		cb.Caption = caption
	}
	return cb
}

// langAttr returns the value of a lang= attribute of a div or a span at
// off, warning when Quire does not know the language (its content is then
// set in the surrounding language).
func (c *converter) langAttr(tag string, off int) string {
	if tag == "" {
		return ""
	}
	if _, ok := lang.Lookup(tag); !ok {
		c.warnf(off, "use one of the languages listed in the README (lang=de, lang=fr, lang=ru...)",
			"no hyphenation patterns or quotation marks for lang=%s; its text is set in the surrounding language", tag)
	}
	return tag
}

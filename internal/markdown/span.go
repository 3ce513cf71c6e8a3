package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"quire/internal/doc"
)

// Inline pandoc syntax as goldmark inline parsers: inline notes ^[...],
// bracketed spans [text]{attrs}, superscript ^x^ and subscript ~x~. The
// content of a note or span is Markdown: the converter parses it in
// place (the same source bytes, so positions stay file:line:col).

// kindSpan is the goldmark node kind of a note, span, superscript or
// subscript whose content lies at src[start:end].
var kindSpan = ast.NewNodeKind("QuireSpan")

type spanKind int

const (
	spanNote spanKind = iota
	spanAttrs
	spanSuper
	spanSub
	spanUnclosed // "^[" never closed: printed as written, with a warning
)

type spanNode struct {
	ast.BaseInline
	kind       spanKind
	start, end int // the content
	open       int // offset of the opening "^" or "["
	attrs      attrs
}

// Kind implements ast.Node.
func (n *spanNode) Kind() ast.NodeKind { return kindSpan }

// Dump implements ast.Node.
func (n *spanNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Content": string(src[n.start:n.end])}, nil)
}

// bracketBudgetKey holds the bytes closeBracket may still scan.
var bracketBudgetKey = parser.NewContextKey()

// maxSpanLines bounds how many lines a note or span may run over.
const maxSpanLines = 40

// closeBracket finds the "]" matching the "[" at line[i], reading on over
// the paragraph's lines if needed. It returns the source offsets of the
// content, the bytes after the bracket on its line, and a function that
// advances the reader past the bracket.
func closeBracket(block text.Reader, pc parser.Context, line []byte, seg text.Segment, i int) (start, end int, after []byte, advance func(), ok bool) {
	// A budget of bytes scanned per document keeps many unclosed "["
	// from making parsing quadratic.
	budget, _ := pc.Get(bracketBudgetKey).(*int)
	if budget == nil {
		budget = new(int)
		*budget = bracketBudget(len(block.Source()))
		pc.Set(bracketBudgetKey, budget)
	}
	depth := 0
	cur, curSeg := line, seg
	j := i
	for lines := 0; ; lines++ {
		// The bytes scanned are charged (not the rest of the line: many
		// notes on a paragraph written as one line are fine).
		if *budget < 0 {
			return 0, 0, nil, nil, false
		}
		j0 := j
		for ; j < len(cur); j++ {
			switch cur[j] {
			case '\\':
				j++
			case '`':
				// A code span may hold brackets: skip it on this line.
				n := countRun(cur[j:], '`')
				if k := bytes.Index(cur[j+n:], cur[j:j+n]); k >= 0 {
					j += n + k + n - 1
				} else {
					*budget -= len(cur) - j // scanned to the end for nothing
					j += n - 1
				}
			case '[':
				depth++
			case ']':
				depth--
				if depth == 0 {
					*budget -= j + 1 - j0
					end := curSeg.Start + j
					stop := j + 1
					return seg.Start + i + 1, end, cur[stop:], func() { block.Advance(stop) }, true
				}
			}
		}
		if *budget -= len(cur) - j0; *budget < 0 || lines >= maxSpanLines {
			return 0, 0, nil, nil, false
		}
		block.AdvanceLine()
		cur, curSeg = block.PeekLine()
		if cur == nil {
			return 0, 0, nil, nil, false
		}
		j = 0
	}
}

// noteParser parses inline notes ^[...] and superscripts ^x^.
type noteParser struct{}

// Trigger implements parser.InlineParser.
func (noteParser) Trigger() []byte { return []byte{'^'} }

// Parse implements parser.InlineParser.
func (noteParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 {
		return nil
	}
	if line[1] == '[' {
		r, pos := block.Position()
		start, end, _, advance, ok := closeBracket(block, pc, line, seg, 1)
		if !ok {
			block.SetPosition(r, pos)
			n := &spanNode{kind: spanUnclosed, start: seg.Start, end: seg.Start + 2, open: seg.Start}
			block.Advance(2)
			n.SetPos(seg.Start)
			return n
		}
		advance()
		n := &spanNode{kind: spanNote, start: start, end: end, open: seg.Start}
		n.SetPos(seg.Start)
		return n
	}
	return scriptSpan(block, line, seg, '^', spanSuper)
}

// scriptSpan parses ^x^ or ~x~: no blank inside, not empty.
func scriptSpan(block text.Reader, line []byte, seg text.Segment, delim byte, kind spanKind) ast.Node {
	if len(line) < 3 || line[1] == delim || line[1] == ' ' {
		return nil
	}
	for j := 1; j < len(line) && j < 200; j++ {
		switch line[j] {
		case '\\':
			j++
		case ' ', '\t', '\n', '\r':
			return nil
		case delim:
			block.Advance(j + 1)
			n := &spanNode{kind: kind, start: seg.Start + 1, end: seg.Start + j, open: seg.Start}
			n.SetPos(seg.Start)
			return n
		}
	}
	return nil
}

// subParser parses subscripts ~x~ (a single tilde; "~~x~~" stays
// strikethrough).
type subParser struct{}

// Trigger implements parser.InlineParser.
func (subParser) Trigger() []byte { return []byte{'~'} }

// Parse implements parser.InlineParser.
func (subParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if block.PrecendingCharacter() == '~' {
		return nil
	}
	return scriptSpan(block, line, seg, '~', spanSub)
}

// spanParser parses bracketed spans [text]{attrs}.
type spanParser struct{}

// Trigger implements parser.InlineParser.
func (spanParser) Trigger() []byte { return []byte{'['} }

// Parse implements parser.InlineParser.
func (spanParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 || line[1] == '^' {
		return nil // a footnote reference
	}
	// The content may start on the next line: "[\n...\n]{.banner}".
	start, end, after, advance, ok := closeBracket(block, pc, line, seg, 0)
	if !ok || len(after) < 2 || after[0] != '{' {
		return nil
	}
	k := bytes.IndexAny(after, "}\n")
	if k < 0 || after[k] != '}' {
		return nil
	}
	a, ok := parseAttrs(string(after[:k+1]))
	if !ok || a.raw != "" {
		return nil
	}
	advance()
	block.Advance(k + 1)
	n := &spanNode{kind: spanAttrs, start: start, end: end, open: seg.Start, attrs: a}
	n.SetPos(seg.Start)
	return n
}

// maxSpanDepth bounds notes and spans inside notes and spans.
const maxSpanDepth = 8

// subBlocks parses src[start:end] as Markdown blocks in place.
func (c *converter) subBlocks(start, end, depth int) []doc.Block {
	segs := c.spanLines
	c.spanLines = nil
	if c.spanDepth >= maxSpanDepth || start >= end {
		return nil
	}
	c.spanDepth++
	defer func() { c.spanDepth-- }()
	var r text.Reader
	if segs != nil {
		// A span over lines inside a container (a quotation, a list
		// item): the lines as its block has them, without the
		// container's markers.
		r = text.NewBlockReader(c.src, segs)
	} else {
		r = c.spanReader(start, end)
	}
	root := c.md.Parser().Parse(r, parser.WithContext(c.mathContext()))
	return c.blocks(root, depth+1)
}

// linesOf sets c.spanLines to the lines of span n's block between start
// and end when n runs over more than one line and the block's lines do
// not start where the source's do (its container's markers, "> ", are
// not part of them), so that the next subBlocks reads them.
func (c *converter) linesOf(n ast.Node, start, end int) {
	c.spanLines = nil
	b := n.Parent()
	for b != nil && b.Type() != ast.TypeBlock {
		b = b.Parent()
	}
	if b == nil || b.Lines().Len() < 2 || bytes.IndexByte(c.src[start:end], '\n') < 0 {
		return
	}
	lines := b.Lines()
	segs := text.NewSegments()
	inContainer := false
	for i := 0; i < lines.Len(); i++ {
		sg := lines.At(i)
		if sg.Stop <= start || sg.Start >= end {
			continue
		}
		if sg.Start > start && sg.Start > 0 && c.src[sg.Start-1] != '\n' {
			inContainer = true
		}
		segs.Append(text.NewSegment(max(sg.Start, start), min(sg.Stop, end)))
	}
	if inContainer && segs.Len() > 1 {
		c.spanLines = segs
	}
}

// subInlines parses src[start:end] as inline Markdown in place.
func (c *converter) subInlines(start, end int) []doc.Inline {
	bs := c.subBlocks(start, end, 0)
	if len(bs) == 1 {
		if p, ok := bs[0].(*doc.Paragraph); ok {
			return p.Content
		}
	}
	if len(bs) == 0 {
		return nil
	}
	return []doc.Inline{doc.Text{S: c.clean(string(c.src[start:end]), start)}}
}

// span converts a note, span, superscript or subscript.
func (c *converter) span(b *builder, n *spanNode) {
	switch n.kind {
	case spanNote:
		c.linesOf(n, n.start, n.end)
		note := &doc.Note{Pos: c.pos(n.open), Blocks: c.subBlocks(n.start, n.end, 0)}
		b.add(doc.NoteRef{Note: note})
	case spanSuper, spanSub:
		var in builder
		c.addText(&in, []byte(unescape(c.src[n.start:n.end])), n.start)
		if n.kind == spanSuper {
			b.add(doc.Super{Content: in.result()})
		} else {
			b.add(doc.Sub{Content: in.result()})
		}
	case spanAttrs:
		c.spanAttrs(b, n)
	case spanUnclosed:
		c.warnf(n.open, "close the note with ]", "inline note ^[ is never closed; it is printed as written")
		b.add(doc.Text{S: "^["})
	}
}

// spanAttrs gives a bracketed span its meaning: small capitals, underline,
// a language, a label (an empty span with an id or label= names the
// caption or heading it stands in), a reference by name (.nameref).
func (c *converter) spanAttrs(b *builder, n *spanNode) {
	a := n.attrs
	id := a.id
	if id == "" {
		id = a.get("label")
	}
	c.linesOf(n, n.start, n.end)
	content := c.subInlines(n.start, n.end)
	if id != "" {
		b.add(doc.Anchor{ID: id})
	}
	if len(content) == 0 {
		return
	}
	var x doc.Inline = doc.Span{ID: id, Classes: a.classes, Lang: c.langAttr(a.get("lang"), n.open), Content: content}
	for _, cl := range a.classes {
		switch strings.ToLower(cl) {
		case "smallcaps":
			x = doc.SmallCaps{Content: content}
		case "underline", "ul":
			x = doc.Underline{Content: content}
		case "mark", "highlight":
		case "nameref":
			// PLOS: [id]{.nameref} is a reference to a heading by its title.
			b.add(doc.CrossRef{Pos: c.pos(n.open), Target: strings.TrimSpace(doc.PlainText(content)), Name: true})
			return
		}
	}
	if l := a.get("lang"); l != "" {
		if _, isSpan := x.(doc.Span); !isSpan {
			x = doc.Span{Lang: l, Content: []doc.Inline{x}}
		}
	}
	b.add(x)
}

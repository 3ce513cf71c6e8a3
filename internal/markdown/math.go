package markdown

import (
	"bytes"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"quire/internal/doc"
	texmath "quire/internal/math"
)

// Mathematics in TeX notation, the pandoc way: inline $...$ (the opening
// $ followed by a non-space, the closing one preceded by a non-space and
// not followed by a digit, so that "$20 and $30" stays text) and \(...\);
// displays $$...$$ and \[...\], in a paragraph or on lines of their own;
// and the environments equation, align, gather and multline (and their
// starred forms) written raw. A display may carry {#eq:id} after it; a
// \label inside works too. Macro definitions (\newcommand, \def,
// \DeclareMathOperator) in a paragraph of their own, in a formula or in
// the front matter's header-includes hold for every later formula.

var (
	kindMath      = ast.NewNodeKind("QuireMath")
	kindMathBlock = ast.NewNodeKind("QuireMathBlock")
)

// piece maps formula bytes from offset at on to source offset src.
type piece struct{ at, src int }

// mathNode is an inline formula in goldmark's tree.
type mathNode struct {
	ast.BaseInline
	tex     []byte // the source's own bytes for a formula on one line
	pieces  []piece
	piece1  [1]piece // pieces of a formula on one line
	display bool
	start   int // source offset of the opening delimiter
	attrs   string
	job     *mathJob // read ahead (mathahead.go)
}

// mathNodeSlab is how many inline formulas' nodes are allocated at once.
const mathNodeSlab = 64

// mathNodes are slabs of inline formulas' nodes. They are shared by the
// parses of a document's chunks (parallel.go), on whatever goroutines,
// so that each does not leave a slab mostly unused.
var mathNodes = sync.Pool{New: func() any { return new([]mathNode) }}

// newMathNode returns a zero mathNode from a slab.
func newMathNode() *mathNode {
	p := mathNodes.Get().(*[]mathNode)
	if len(*p) == cap(*p) {
		*p = make([]mathNode, 0, mathNodeSlab)
	}
	*p = (*p)[:len(*p)+1]
	n := &(*p)[len(*p)-1]
	mathNodes.Put(p)
	return n
}

func (n *mathNode) Kind() ast.NodeKind { return kindMath }
func (n *mathNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"TeX": string(n.tex)}, nil)
}

// mathBlockNode is a display formula on lines of its own.
type mathBlockNode struct {
	ast.BaseBlock
	tex    []byte
	pieces []piece
	start  int
	close  string // the closing delimiter looked for
	closed bool
	attrs  string
	tail   []byte // text after the closing delimiter on its line
	tailAt int
	job    *mathJob // read ahead (mathahead.go)
}

func (n *mathBlockNode) Kind() ast.NodeKind { return kindMathBlock }
func (n *mathBlockNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"TeX": string(n.tex)}, nil)
}

var (
	mathMemoKey  = parser.NewContextKey()
	mathPlainKey = parser.NewContextKey() // [][2]int: ranges set as plain text
)

// mathContext returns the parser context of a conversion: the ranges of
// the source that defuse set as plain text, where no formula starts.
func (c *converter) mathContext() parser.Context {
	pc := parser.NewContext()
	var plain [][2]int
	for i, sh := range c.dshifts {
		if sh.limit >= 0 && i+1 < len(c.dshifts) {
			plain = append(plain, [2]int{sh.at, c.dshifts[i+1].at})
		}
	}
	pc.Set(mathPlainKey, plain)
	return pc
}

// inPlain reports whether source offset off lies in text set as plain.
func inPlain(pc parser.Context, off int) bool {
	plain, _ := pc.Get(mathPlainKey).([][2]int)
	for _, r := range plain {
		if off >= r[0] && off < r[1] {
			return true
		}
	}
	return false
}

// maxMathLen bounds how far a closing delimiter is looked for.
const maxMathLen = 8 << 20

// mathParser parses inline formulas.
type mathParser struct{}

func (mathParser) Trigger() []byte { return []byte{'$', '\\'} }

func (mathParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 {
		return nil
	}
	start := seg.Start
	var open, close string
	display := false
	switch {
	case line[0] == '\\' && line[1] == '(':
		open, close = `\(`, `\)`
	case line[0] == '\\' && line[1] == '[':
		open, close, display = `\[`, `\]`, true
	case line[0] == '$' && line[1] == '$':
		open, close, display = "$$", "$$", true
	case line[0] == '$':
		if isBlank(line[1]) {
			return nil
		}
		open, close = "$", "$"
	default:
		return nil
	}
	if open == "$" && block.PrecendingCharacter() == '\\' || inPlain(pc, start) {
		return nil
	}
	// A scan that found no closing delimiter up to the end of the
	// paragraph need not be repeated from a later start in it: without
	// this, many openers would make parsing quadratic.
	memo, _ := pc.Get(mathMemoKey).(map[string][2]int)
	if memo == nil {
		memo = map[string][2]int{}
		pc.Set(mathMemoKey, memo)
	}
	if m, ok := memo[close]; ok && start >= m[0] && start < m[1] {
		return nil
	}
	tex, pieces, reached, ok := scanMath(block, line, start, len(open), close)
	if !ok {
		memo[close] = [2]int{start, reached}
		return nil
	}
	if open[0] == '\\' {
		// \( and \[ are also Markdown's escaped brackets: only a formula
		// that parses, and holds a letter or a digit, is one.
		if bytes.IndexFunc(tex, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			return nil
		}
		if _, err := texmath.Parse(string(tex), display, nil); err != nil {
			if e := err.(*texmath.Error); !strings.HasPrefix(e.Msg, "unknown command") {
				return nil
			}
		}
	}
	n := newMathNode()
	n.tex, n.pieces, n.display, n.start = tex, pieces, display, start
	if pieces == nil {
		n.piece1[0] = piece{0, start + len(open)}
		n.pieces = n.piece1[:]
	}
	n.SetPos(start)
	if display {
		// {#eq:id} right after the display.
		rest, _ := block.PeekLine()
		r := bytes.TrimLeft(rest, " \t")
		if len(r) > 0 && r[0] == '{' {
			if j := bytes.IndexByte(r, '}'); j > 0 {
				if a, ok := parseAttrs(string(r[:j+1])); ok && a.id != "" {
					n.attrs = a.id
					block.Advance(len(rest) - len(r) + j + 1)
				}
			}
		}
	}
	return n
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// scanMath reads from the current position (line, at source offset
// start, the opening delimiter olen bytes long) to the closing delimiter,
// across the lines of the paragraph, and advances the reader past it.
// If it finds none, it returns the source offset where it stopped. A
// formula on one line is its line's bytes, not a copy, and has no
// pieces (nil): its one starts at start+olen.
func scanMath(block text.Reader, line []byte, start, olen int, close string) ([]byte, []piece, int, bool) {
	var tex []byte
	reached := start + len(line)
	var pieces []piece
	cur, from := line, olen
	depth := 0 // braces: a $ inside \text{...} does not close the formula
	for lines := 0; ; lines++ {
		i := from
		for ; i < len(cur); i++ {
			ch := cur[i]
			if ch == '{' {
				depth++
			} else if ch == '}' && depth > 0 {
				depth--
			}
			if ch == '$' && depth > 0 && close[0] == '$' {
				continue
			}
			if ch == '\\' && i+1 < len(cur) {
				if close[0] == '\\' && cur[i+1] == close[1] {
					break
				}
				i++
				continue
			}
			if close == "$" && ch == '$' {
				if i > from || len(tex) > 0 {
					prev := byte(' ')
					if i > 0 {
						prev = cur[i-1]
					}
					if !isBlank(prev) && !(i+1 < len(cur) && cur[i+1] >= '0' && cur[i+1] <= '9') {
						break
					}
				}
				continue
			}
			if close == "$$" && ch == '$' && i+1 < len(cur) && cur[i+1] == '$' {
				break
			}
		}
		if i < len(cur) {
			if lines == 0 {
				tex = cur[from:i:i]
			} else {
				tex = append(tex, cur[from:i]...)
			}
			if len(bytes.TrimSpace(tex)) == 0 {
				return nil, nil, 0, false
			}
			block.Advance(i + len(close))
			return tex, pieces, 0, true
		}
		tex = append(tex, cur[from:]...)
		if len(tex) > maxMathLen || close == "$" && lines > 50 {
			return nil, nil, reached, false
		}
		block.AdvanceLine()
		var seg text.Segment
		cur, seg = block.PeekLine()
		if cur == nil {
			return nil, nil, reached, false
		}
		reached = seg.Stop
		if pieces == nil {
			pieces = []piece{{0, start + olen}}
		}
		pieces = append(pieces, piece{len(tex), seg.Start})
		from = 0
	}
}

// mathBlockParser parses displays on lines of their own.
type mathBlockParser struct{}

func (mathBlockParser) Trigger() []byte { return []byte{'$', '\\'} }

// displayEnvs are the environments that stand as displays of their own.
var displayEnvs = texmath.DisplayEnvironments()

func (mathBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos > 3 || inPlain(pc, seg.Start) {
		return nil, parser.NoChildren
	}
	l := line[pos:]
	n := &mathBlockNode{start: seg.Start + pos}
	skip := 0
	switch {
	case bytes.HasPrefix(l, []byte("$$")):
		n.close, skip = "$$", 2
	case bytes.HasPrefix(l, []byte(`\[`)):
		// \[ is also an escaped bracket: a display only when the line
		// holds nothing else, or the display closes on it.
		if r := bytes.TrimSpace(l[2:]); len(r) > 0 && !bytes.Contains(r, []byte(`\]`)) {
			return nil, parser.NoChildren
		}
		n.close, skip = `\]`, 2
	case bytes.HasPrefix(l, []byte(`\begin{`)):
		e := bytes.IndexByte(l, '}')
		if e < 0 {
			return nil, parser.NoChildren
		}
		env := string(l[7:e])
		found := false
		for _, d := range displayEnvs {
			if d == env {
				found = true
			}
		}
		if !found {
			return nil, parser.NoChildren
		}
		n.close = `\end{` + env + `}`
	default:
		return nil, parser.NoChildren
	}
	n.pieces = []piece{{0, n.start + skip}}
	body := l[skip:]
	from := 0
	if skip == 0 {
		from = bytes.IndexByte(body, '}') + 1
	}
	if i := bytes.Index(body[from:], []byte(n.close)); i >= 0 {
		i += from
		tail := bytes.TrimSpace(body[i+len(n.close):])
		if len(tail) > 0 {
			if a, ok := parseAttrs(string(tail)); !ok || a.id == "" {
				return nil, parser.NoChildren // text follows on the line: inline
			}
		}
		n.tex = append(n.tex, body[:i]...)
		n.finish(body[i:], n.start+skip+i)
		reader.Advance(len(line) - 1)
		return n, parser.NoChildren
	}
	n.tex = append(n.tex, body...)
	reader.Advance(len(line) - 1)
	return n, parser.Continue | parser.NoChildren
}

// finish records what follows the closing delimiter (at src) on its line.
func (n *mathBlockNode) finish(after []byte, src int) {
	n.closed = true
	k := len(n.close)
	if strings.HasPrefix(n.close, `\end{`) {
		// The environment's \end is part of the formula.
		n.tex = append(n.tex, after[:k]...)
	}
	tail := bytes.TrimSpace(after[k:])
	if len(tail) > 0 {
		if a, ok := parseAttrs(string(tail)); ok && a.id != "" {
			n.attrs = a.id
		} else {
			n.tail = append([]byte(nil), tail...)
			n.tailAt = src + k + bytes.Index(after[k:], tail)
		}
	}
}

func (mathBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*mathBlockNode)
	line, seg := reader.PeekLine()
	if line == nil || n.closed {
		return parser.Close
	}
	n.pieces = append(n.pieces, piece{len(n.tex), seg.Start})
	if i := bytes.Index(line, []byte(n.close)); i >= 0 {
		n.tex = append(n.tex, line[:i]...)
		n.finish(line[i:], seg.Start+i)
		reader.Advance(len(line) - 1)
		return parser.Close
	}
	if len(n.tex) > maxMathLen {
		return parser.Close
	}
	n.tex = append(n.tex, line...)
	reader.Advance(len(line) - 1)
	return parser.Continue | parser.NoChildren
}

func (mathBlockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (mathBlockParser) CanInterruptParagraph() bool                                { return true }
func (mathBlockParser) CanAcceptIndentedLine() bool                                { return false }

// srcOffset maps an offset into a formula's TeX to a source offset.
func srcOffset(pieces []piece, i int) int {
	k := len(pieces) - 1
	for k > 0 && pieces[k].at > i {
		k--
	}
	return pieces[k].src + i - pieces[k].at
}

// macros returns the conversion's macros.
func (c *converter) macros() *texmath.Macros {
	if c.opt.Macros == nil {
		c.opt.Macros = texmath.NewMacros()
	}
	return c.opt.Macros
}

// formula parses a formula, reporting an error at its position in the
// source. It returns the inline to set: Math, or in a draft the source
// as code.
func (c *converter) formula(n ast.Node, job *mathJob, tex []byte, pieces []piece, display bool) (doc.Math, bool) {
	var s string
	if job != nil {
		s = job.src
	} else {
		s = string(tex)
	}
	f, err := c.parseFormula(n, job, s, display)
	if err != nil {
		e := err.(*texmath.Error)
		pos := c.pos(srcOffset(pieces, min(e.Off, len(s))))
		hint := e.Hint
		if hint == "" {
			hint = "see the README's list of supported commands"
		}
		if c.diags.Draft {
			hint += "; the formula is shown as its source"
		}
		c.diags.Recoverf(pos, hint, "%s", e.Msg)
		return doc.Math{}, false
	}
	return doc.Math{Pos: c.pos(srcOffset(pieces, 0)), TeX: s, Display: display, Formula: f, Text: f.Text()}, true
}

// math converts an inline formula.
func (c *converter) math(b *builder, n *mathNode) {
	m, ok := c.formula(n, n.job, n.tex, n.pieces, n.display)
	if !ok {
		b.add(doc.Code{S: strings.TrimSpace(string(n.tex))})
		return
	}
	m.Label = n.attrs
	b.add(m)
}

// mathBlock converts a display on lines of its own.
func (c *converter) mathBlock(n *mathBlockNode, out []doc.Block) []doc.Block {
	if !n.closed {
		hint := "close it with " + n.close
		c.diags.Recoverf(c.pos(n.start), hint, "display formula never closed: %s is missing", n.close)
		return append(out, &doc.CodeBlock{At: doc.At{Pos: c.pos(n.start)}, Text: string(n.tex)})
	}
	m, ok := c.formula(n, n.job, n.tex, n.pieces, true)
	if !ok {
		out = append(out, &doc.CodeBlock{At: doc.At{Pos: c.pos(n.start)}, Text: strings.TrimSpace(string(n.tex))})
	} else {
		out = append(out, newMathBlock(m, n.attrs))
	}
	if len(n.tail) > 0 {
		var b builder
		c.addText(&b, n.tail, n.tailAt)
		out = append(out, &doc.Paragraph{At: doc.At{Pos: c.pos(n.tailAt)}, Content: b.result()})
	}
	return out
}

// newMathBlock makes the block of a display formula, with the rows of
// its numbering.
func newMathBlock(m doc.Math, id string) *doc.MathBlock {
	f := m.Formula.(*texmath.Formula)
	mb := &doc.MathBlock{At: doc.At{Pos: m.Pos}, Math: m}
	for _, r := range f.Rows {
		mb.Rows = append(mb.Rows, doc.MathRow{ID: r.Label, Tag: r.Tag, Numbered: r.Numbered})
	}
	if id != "" && len(mb.Rows) > 0 {
		last := &mb.Rows[len(mb.Rows)-1]
		if f.Env == "" || last.ID == "" {
			last.ID = id
		}
	}
	for _, r := range mb.Rows {
		if r.ID != "" {
			mb.ID = r.ID
			break
		}
	}
	return mb
}

// splitDisplays splits a paragraph's content at its display formulas.
func (c *converter) splitDisplays(p *doc.Paragraph) []doc.Block {
	var out []doc.Block
	var cur []doc.Inline
	after := false // the text after a display continues its paragraph
	flush := func() {
		cur = trimInlines(cur)
		if len(cur) > 0 {
			out = append(out, &doc.Paragraph{At: p.At, Content: cur, NoIndent: after || p.NoIndent})
		}
		cur = nil
	}
	for _, x := range p.Content {
		if d, ok := x.(doc.Math); ok && d.Display {
			flush()
			out = append(out, newMathBlock(d, d.Label))
			after = true
			continue
		}
		cur = append(cur, x)
	}
	flush()
	return out
}

// hasDisplay reports whether inline content holds a display formula.
func hasDisplay(in []doc.Inline) bool {
	for _, x := range in {
		if d, ok := x.(doc.Math); ok && d.Display {
			return true
		}
	}
	return false
}

// macroParagraph reads a paragraph that holds only macro definitions; it
// reports whether it did.
func (c *converter) macroParagraph(n ast.Node) bool {
	raw := c.linesText(n)
	if !strings.Contains(raw, `\`) || !texmath.IsDefinition(raw) {
		return false
	}
	ms := c.macros()
	if c.ahead != nil {
		c.ahead.sync(ms)
	}
	err := ms.Define(raw)
	if c.ahead != nil {
		c.ahead.read(n, ms)
	}
	if err != nil {
		var start int
		if ls := n.Lines(); ls.Len() > 0 {
			start = ls.At(0).Start
		}
		c.diags.Recoverf(c.pos(start+err.Off), err.Hint, "%s", err.Msg)
	}
	return true
}

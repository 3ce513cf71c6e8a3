package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"quire/internal/doc"
)

// pandoc's own tables: grid tables (+---+ borders), multiline tables
// (between full-width dashed lines) and simple tables (a header line over
// dashed runs). goldmark reads their lines as paragraphs, thematic breaks
// and code; the converter recognises them from the source lines at that
// place and reads the cells there, so that positions stay those of the
// file. Captions ("Table: ..." or ": ...") attach as for pipe tables.

var (
	reGridBorder = regexp.MustCompile(`^\+(:?[-=]+:?\+)+\s*$`)
	reDashRuns   = regexp.MustCompile(`^ *-{3,}( +-+)+ *$`)
	reDashLine   = regexp.MustCompile(`^ *-{3,} *$`)
)

// srcLine is a line of the source: its text and offsets.
type srcLine struct {
	text       string
	start, end int  // end excludes the newline
	indented   bool // the paragraph's line had leading blanks (goldmark strips them)
}

// lineAt returns the line of c.src that starts at or after off.
func (c *converter) lineAt(off int) (srcLine, bool) {
	if off < 0 || off >= len(c.src) {
		return srcLine{}, false
	}
	end := bytes.IndexByte(c.src[off:], '\n')
	if end < 0 {
		end = len(c.src)
	} else {
		end += off
	}
	return srcLine{text: strings.TrimRight(string(c.src[off:end]), "\r"), start: off, end: end}, true
}

// nextLine returns the line after l.
func (c *converter) nextLine(l srcLine) (srcLine, bool) { return c.lineAt(l.end + 1) }

// lineStart returns the offset of the start of the line holding off.
func (c *converter) lineStart(off int) int {
	if off <= 0 {
		return 0
	}
	i := bytes.LastIndexByte(c.src[:min(off, len(c.src))], '\n')
	return i + 1
}

// nodeEnd returns the source offset of the end (the newline) of the last
// line of block n, or -1.
func (c *converter) nodeEnd(n ast.Node) int {
	if n.Type() == ast.TypeBlock {
		if l := n.Lines(); l != nil && l.Len() > 0 {
			stop := min(l.At(l.Len()-1).Stop, len(c.src))
			if stop > 0 && c.src[stop-1] == '\n' {
				stop--
			}
			return stop
		}
	}
	end := -1
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if e := c.nodeEnd(ch); e > end {
			end = e
		}
	}
	return end
}

// pandocTable recognises a pandoc table starting at block n (whose first
// line starts at or after from). It returns the table and the offset of
// the end of its last line.
func (c *converter) pandocTable(n ast.Node, from int) (*doc.Table, int) {
	switch n.(type) {
	case *ast.Paragraph, *ast.ThematicBreak, *ast.Heading, *ast.TextBlock, *east.DefinitionList:
	default:
		return nil, 0
	}
	if c.spanDepth > 0 {
		// An inline note or span holds inlines, never a table (and
		// looking for one from the start of its line would rescan a
		// long line for each of its notes).
		return nil, 0
	}
	start := nodePos(n)
	if _, tb := n.(*ast.ThematicBreak); tb || start < 0 {
		// A thematic break has no lines: find its line after from.
		l, ok := c.lineAt(max(from, 0))
		for ok && strings.TrimSpace(l.text) == "" {
			l, ok = c.nextLine(l)
		}
		if !ok {
			return nil, 0
		}
		start = l.start
	}
	// Cheap test first: a table's first line starts with "+" or "-", or
	// its second line does (a simple table's dashes).
	ls := c.lineStart(start)
	if !tableStart(c.src, ls) {
		nl := bytes.IndexByte(c.src[ls:], '\n')
		if nl < 0 || !tableStart(c.src, ls+nl+1) {
			return nil, 0
		}
	}
	first, ok := c.lineAt(ls)
	if !ok {
		return nil, 0
	}
	t := strings.TrimLeft(first.text, " ")
	switch {
	case strings.HasPrefix(t, "+") && reGridBorder.MatchString(t):
		return c.gridTable(first)
	case reDashLine.MatchString(first.text):
		return c.multilineTable(first)
	default:
		if next, ok := c.nextLine(first); ok && reDashRuns.MatchString(next.text) && strings.TrimSpace(first.text) != "" {
			return c.simpleTable(first, next)
		}
	}
	return nil, 0
}

// tableStart reports whether the line at off starts (after spaces) with
// "+-" or "---".
func tableStart(src []byte, off int) bool {
	for off < len(src) && src[off] == ' ' {
		off++
	}
	return bytes.HasPrefix(src[off:], []byte("+-")) || bytes.HasPrefix(src[off:], []byte("+:")) || bytes.HasPrefix(src[off:], []byte("---"))
}

// column is a column of a simple or multiline table, in runes of the line.
type column struct{ from, to int }

// dashColumns returns the dashed runs of a line as columns.
func dashColumns(line string) []column {
	var cols []column
	rs := []rune(line)
	for i := 0; i < len(rs); {
		if rs[i] != '-' {
			i++
			continue
		}
		j := i
		for j < len(rs) && rs[j] == '-' {
			j++
		}
		cols = append(cols, column{i, j})
		i = j
	}
	return cols
}

// cutColumns cuts a line into the text of each column: a column's text
// runs from its start to the start of the next column.
func cutColumns(line string, cols []column) []string {
	rs := []rune(line)
	out := make([]string, len(cols))
	for k, col := range cols {
		from := col.from
		to := len(rs)
		if k+1 < len(cols) {
			to = cols[k+1].from
		}
		if k == 0 {
			from = 0
		}
		if from < len(rs) {
			out[k] = strings.TrimSpace(string(rs[from:min(to, len(rs))]))
		}
	}
	return out
}

// alignOfHeader gives a column's alignment from where its header text sits
// over the dashes (pandoc's rule).
func alignOfHeader(header string, col column) doc.Align {
	rs := []rune(header)
	if len(rs) == 0 {
		return doc.AlignDefault
	}
	seg := ""
	if col.from < len(rs) {
		seg = string(rs[col.from:min(col.to, len(rs))])
	}
	left := seg != "" && seg[0] != ' '
	right := col.to <= len(rs) && col.to > 0 && rs[col.to-1] != ' ' && (col.to == len(rs) || rs[col.to] == ' ')
	switch {
	case left && right:
		return doc.AlignDefault
	case left:
		return doc.AlignLeft
	case right:
		return doc.AlignRight
	case strings.TrimSpace(seg) != "":
		return doc.AlignCenter
	}
	return doc.AlignDefault
}

// simpleTable reads a simple table: a header line, dashed runs, rows up to
// a blank line.
func (c *converter) simpleTable(header, dashes srcLine) (*doc.Table, int) {
	cols := dashColumns(dashes.text)
	tb := &doc.Table{At: doc.At{Pos: c.pos(header.start)}}
	for _, col := range cols {
		tb.Align = append(tb.Align, alignOfHeader(header.text, col))
	}
	tb.Header = c.cells(cutColumns(header.text, cols), header.start)
	end := dashes.end
	for l, ok := c.nextLine(dashes); ok && strings.TrimSpace(l.text) != ""; l, ok = c.nextLine(l) {
		if reDashRuns.MatchString(l.text) || reDashLine.MatchString(l.text) {
			end = l.end
			break
		}
		tb.Rows = append(tb.Rows, c.cells(cutColumns(l.text, cols), l.start))
		end = l.end
	}
	if len(tb.Rows) == 0 {
		return nil, 0
	}
	return tb, end
}

// multilineTable reads a multiline table: a full dashed line, header lines,
// dashed runs, rows separated by blank lines, a closing dashed line.
func (c *converter) multilineTable(top srcLine) (*doc.Table, int) {
	var header []srcLine
	l, ok := c.nextLine(top)
	for ; ok && !reDashRuns.MatchString(l.text); l, ok = c.nextLine(l) {
		if strings.TrimSpace(l.text) == "" || reDashLine.MatchString(l.text) || len(header) > 10 {
			return nil, 0
		}
		header = append(header, l)
	}
	if !ok || len(header) == 0 {
		return nil, 0
	}
	cols := dashColumns(l.text)
	tb := &doc.Table{At: doc.At{Pos: c.pos(top.start)}}
	for _, col := range cols {
		tb.Align = append(tb.Align, alignOfHeader(header[0].text, col))
	}
	tb.Header = c.cells(joinRows(header, cols), header[0].start)
	var row []srcLine
	for l, ok = c.nextLine(l); ok; l, ok = c.nextLine(l) {
		switch {
		case reDashLine.MatchString(l.text):
			if len(row) > 0 {
				tb.Rows = append(tb.Rows, c.cells(joinRows(row, cols), row[0].start))
			}
			if len(tb.Rows) == 0 {
				return nil, 0
			}
			return tb, l.end
		case strings.TrimSpace(l.text) == "":
			if len(row) > 0 {
				tb.Rows = append(tb.Rows, c.cells(joinRows(row, cols), row[0].start))
				row = nil
			}
		default:
			row = append(row, l)
		}
		if len(tb.Rows) > 10000 {
			break
		}
	}
	return nil, 0 // never closed: not a table
}

// joinRows joins the lines of a multiline row, column by column.
func joinRows(lines []srcLine, cols []column) []string {
	out := make([]string, len(cols))
	for _, l := range lines {
		for k, s := range cutColumns(l.text, cols) {
			if s == "" {
				continue
			}
			if out[k] != "" {
				out[k] += " "
			}
			out[k] += s
		}
	}
	return out
}

// gridTable reads a grid table: +---+ borders, | separated cells, a +===+
// line under the header.
func (c *converter) gridTable(top srcLine) (*doc.Table, int) {
	border := strings.TrimLeft(top.text, " ")
	indent := utf8.RuneCountInString(top.text) - utf8.RuneCountInString(border)
	// Column boundaries: the rune positions of '+' in the top border.
	var bounds []int
	for i, r := range []rune(top.text) {
		if r == '+' {
			bounds = append(bounds, i)
		}
	}
	if len(bounds) < 2 {
		return nil, 0
	}
	ncol := len(bounds) - 1
	tb := &doc.Table{At: doc.At{Pos: c.pos(top.start)}}
	tb.Align = make([]doc.Align, ncol)
	setAlign := func(b string) {
		rs := []rune(b)
		for k := 0; k < ncol; k++ {
			if bounds[k+1] >= len(rs) {
				break
			}
			seg := string(rs[bounds[k]+1 : bounds[k+1]])
			l, r := strings.HasPrefix(seg, ":"), strings.HasSuffix(seg, ":")
			switch {
			case l && r:
				tb.Align[k] = doc.AlignCenter
			case l:
				tb.Align[k] = doc.AlignLeft
			case r:
				tb.Align[k] = doc.AlignRight
			}
		}
	}
	setAlign(top.text)
	var rows [][]string
	var rowStart []int
	cur := make([]string, ncol)
	curStart := -1
	headerRows := 0
	end := top.end
	l, ok := c.nextLine(top)
	for ; ok; l, ok = c.nextLine(l) {
		t := strings.TrimLeft(l.text, " ")
		if t == "" {
			break
		}
		rs := []rune(l.text)
		if reGridBorder.MatchString(t) {
			if curStart >= 0 {
				rows = append(rows, cur)
				rowStart = append(rowStart, curStart)
				cur, curStart = make([]string, ncol), -1
			}
			if strings.Contains(t, "=") {
				headerRows = len(rows)
				setAlign(l.text)
			}
			end = l.end
			continue
		}
		if !strings.HasPrefix(t, "|") || len(rs) <= bounds[ncol] {
			c.badGrid(top, l.start, "this line of a grid table does not reach the table's right border; the table is printed as text")
			return nil, 0
		}
		if curStart < 0 {
			curStart = l.start
		}
		for k := 0; k < ncol; k++ {
			s := strings.TrimSpace(string(rs[bounds[k]+1 : min(bounds[k+1], len(rs))]))
			if s != "" {
				if cur[k] != "" {
					cur[k] += " "
				}
				cur[k] += s
			}
		}
		end = l.end
	}
	if curStart >= 0 || len(rows) == 0 {
		c.badGrid(top, top.start, "this grid table has no closing border (+---+) under its last row; it is printed as text")
		return nil, 0
	}
	_ = indent
	for i, r := range rows {
		cells := c.cells(r, rowStart[i])
		if i < headerRows {
			if tb.Header == nil {
				tb.Header = cells
			} else {
				for k := range cells {
					tb.Header[k] = append(append(tb.Header[k], doc.Text{S: " "}), cells[k]...)
				}
			}
			continue
		}
		tb.Rows = append(tb.Rows, cells)
	}
	if tb.Header == nil {
		// A headerless grid table: its first row is set as the header
		// would be, which Quire's tables need.
		tb.Header, tb.Rows = tb.Rows[0], tb.Rows[1:]
	}
	return tb, end
}

// badGrid warns, once per table, that the grid table starting at top
// cannot be read, at offset off.
func (c *converter) badGrid(top srcLine, off int, msg string) {
	if c.badGrids[top.start] {
		return
	}
	if c.badGrids == nil {
		c.badGrids = map[int]bool{}
	}
	c.badGrids[top.start] = true
	c.warnf(off, "start and end every row with |, make each line as long as the border, and close the table with a +---+ line", "%s", msg)
}

// cells converts the text of a row's cells (inline Markdown) at off.
func (c *converter) cells(texts []string, off int) [][]doc.Inline {
	out := make([][]doc.Inline, len(texts))
	for i, s := range texts {
		out[i] = c.inlineString(s, off)
	}
	return out
}

// inlineString converts s, Markdown that is not contiguous in the source
// (a cell of several lines), as inline content; its diagnostics point at
// off.
func (c *converter) inlineString(s string, off int) []doc.Inline {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	p := c.pos(off)
	sub := &converter{
		opt:      c.opt,
		diags:    c.diags,
		orig:     []byte(s),
		src:      []byte(s),
		starts:   []int{0},
		lastLine: -1,
		notes:    map[int]*noteState{},
		noteDefs: map[int]ast.Node{},
		md:       c.md,
		fixed:    &p,
		parent:   c.root(),
	}
	sub.spanDepth = c.spanDepth + 1
	if sub.spanDepth > maxSpanDepth {
		return []doc.Inline{doc.Text{S: c.clean(s, off)}}
	}
	bs := sub.blocks(sub.md.Parser().Parse(textReader(sub.src), parser.WithContext(c.cellContext(s))), 0)
	c.attrCands = append(c.attrCands, sub.attrCands...)
	if len(bs) == 1 {
		if para, ok := bs[0].(*doc.Paragraph); ok {
			return para.Content
		}
	}
	return []doc.Inline{doc.Text{S: c.clean(s, off)}}
}

func textReader(src []byte) text.Reader { return text.NewReader(src) }

// blockEnd returns the offset of the end of the last line of block n,
// found from offset from for a thematic break.
func (c *converter) blockEnd(n ast.Node, from int) int {
	if e := c.nodeEnd(n); e >= 0 {
		return e
	}
	if l, ok := c.lineAt(c.blockStart(n, from)); ok {
		return l.end
	}
	return from - 1
}

// tableCaptionFrom takes a table's caption from the definition goldmark
// made of a ": caption" line under a grid table.
func (c *converter) tableCaptionFrom(t *doc.Table, dl *east.DefinitionList) {
	for ch := dl.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if dd, ok := ch.(*east.DefinitionDescription); ok && t.Caption == nil {
			for _, b := range c.blocks(dd, 1) {
				if p, ok := b.(*doc.Paragraph); ok {
					setCaption(t, p.Content)
					return
				}
			}
		}
	}
}

// blockStart returns the offset of the first line of block n, looking for
// it from offset from when n does not record it (a thematic break).
func (c *converter) blockStart(n ast.Node, from int) int {
	if _, tb := n.(*ast.ThematicBreak); !tb {
		if p := nodePos(n); p >= 0 {
			return c.lineStart(p)
		}
	}
	l, ok := c.lineAt(max(from, 0))
	for ok && strings.TrimSpace(l.text) == "" {
		l, ok = c.nextLine(l)
	}
	if !ok {
		return len(c.src)
	}
	return l.start
}

// Package markdown converts a Markdown manuscript body into Quire's document
// model. It accepts CommonMark with the GitHub extensions (tables,
// strikethrough, autolinks, task lists, footnotes), definition lists,
// typographic punctuation and the pandoc syntax scholars use: citations
// ([@key], @key), cross-references (@fig:id), heading attributes, table
// captions and figure identifiers. Syntax it cannot render (raw HTML, fenced
// divs, raw LaTeX blocks) is degraded with a warning.
//
// This is the only package of Quire that knows goldmark.
package markdown

import (
	"bytes"
	"sort"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"quire/internal/diag"
	"quire/internal/doc"
	texmath "quire/internal/math"
)

// Options configures Convert.
type Options struct {
	// File is the path used in diagnostics.
	File string
	// LineOffset is the number of lines (front matter) above the body, so
	// that positions are lines of the file.
	LineOffset int
	// Parts, when set, says which file each line of the source comes from
	// (a manuscript in several files); File and LineOffset are then unused
	// for positions.
	Parts []Part
	// Fences maps a fenced-code info string (e.g. "chart") to a handler
	// that turns the block's text into a block; pos is the position of the
	// first content line. A nil map means all fences are code.
	Fences map[string]func(text []byte, pos diag.Pos) (doc.Block, error)
	// LoadImage reads and checks an image referenced as path (relative to
	// the manuscript); the caller enforces safety (no ../ escape, no URL).
	// An error becomes a diagnostic at the image's position. If LoadImage
	// is nil, images are not read and a standalone image is reduced to its
	// caption with a warning.
	LoadImage func(path string, pos diag.Pos) (*doc.Image, error)
	// Macros are the TeX macros formulas may use; definitions in the
	// manuscript are added to them. Nil means none yet.
	Macros *texmath.Macros
}

// maxDepth bounds the nesting of blocks and of inlines in the output; deeper
// levels are flattened into the level above, with a warning.
const maxDepth = 200

// Convert parses src (the Markdown body, front matter already removed) into
// blocks, reporting problems to diags. It never panics: an internal failure
// becomes an error diagnostic and a nil result.
func Convert(src []byte, opt Options, diags *diag.List) (blocks []doc.Block) {
	if diags == nil {
		diags = new(diag.List)
	}
	defer func() {
		if r := recover(); r != nil {
			blocks = nil
			diags.Errorf(diag.Pos{File: opt.File, Line: opt.LineOffset + 1}, "please report this as a bug in Quire",
				"internal error while reading Markdown: %v", r)
		}
	}()
	c := &converter{
		opt:      opt,
		diags:    diags,
		orig:     src,
		starts:   lineStarts(src),
		lastLine: -1,
		notes:    map[int]*noteState{},
	}
	c.src = c.defuse(c.capNesting(src))
	c.md = newMarkdown()
	root := c.parse()
	c.readAhead(root)
	defer c.stopReadAhead()
	c.collectNotes(root)
	blocks = c.blocks(root, 0)
	c.finishNotes()
	c.resolveExamples(blocks)
	c.resolveHeadingRefs(blocks)
	c.checkStrayAttrs(blocks)
	return blocks
}

// newMarkdown configures goldmark with the extensions Quire supports.
func newMarkdown() goldmark.Markdown { return newMarkdownFor(false) }

// newMarkdownFor configures goldmark for a whole document or, if chunk,
// for a chunk of a parallel parse (parallel.go).
func newMarkdownFor(chunk bool) goldmark.Markdown {
	subs := map[extension.TypographicPunctuation][]byte{
		extension.LeftSingleQuote:  []byte("‘"),
		extension.RightSingleQuote: []byte("’"),
		extension.LeftDoubleQuote:  []byte("“"),
		extension.RightDoubleQuote: []byte("”"),
		extension.EnDash:           []byte("–"),
		extension.EmDash:           []byte("—"),
		extension.Ellipsis:         []byte("…"),
		extension.Apostrophe:       []byte("’"),
		extension.LeftAngleQuote:   nil, // pandoc leaves << and >> alone
		extension.RightAngleQuote:  nil,
	}
	// goldmark's default parsers, but an HTML comment does not interrupt a
	// paragraph (as in pandoc, which Manubot's figure captions rely on).
	blocks := parser.DefaultBlockParsers()
	for i, b := range blocks {
		if _, ok := b.Value.(parser.BlockParser); ok && i < len(blocks) && b.Priority == 900 {
			blocks[i] = util.Prioritized(htmlBlockParser{b.Value.(parser.BlockParser)}, 900)
		}
	}
	return goldmark.New(
		goldmark.WithParser(parser.NewParser(parser.WithBlockParsers(blocks...),
			parser.WithInlineParsers(parser.DefaultInlineParsers()...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...))),
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			linkifyExt, // extension.Linkify, asked first whether it can match (linkify.go)
			extension.TaskList,
			footnotes{chunk: chunk}, // extension.Footnote in linear time: see footnote.go
			extension.DefinitionList,
			extension.NewTypographer(extension.WithTypographicSubstitutions(subs)),
		),
		goldmark.WithParserOptions(
			parser.WithHeadingAttribute(),
			parser.WithAutoHeadingID(),
			parser.WithInlineParsers(
				util.Prioritized(spanParser{}, 140),
				util.Prioritized(citeParser{}, 150),
				util.Prioritized(noteParser{}, 150),
				util.Prioritized(subParser{}, 400), // before strikethrough's single tilde
				util.Prioritized(latexParser{}, latexPriority),
				util.Prioritized(mathParser{}, 145), // before raw LaTeX
			),
			parser.WithBlockParsers(util.Prioritized(divParser{}, 850), util.Prioritized(mathBlockParser{}, 690)),
		),
	)
}

// converter holds the state of one conversion.
type converter struct {
	src   []byte
	opt   Options
	diags *diag.List
	orig  []byte // the source as given, for positions

	starts                     []int // offsets of line starts in orig
	lastLine, lastOff, lastCol int   // the previous position computed

	notes    map[int]*noteState // by goldmark footnote index
	noteDefs map[int]ast.Node   // footnote definitions by index
	queue    []*noteState       // notes to convert, in order of first reference
	curNote  *noteState         // the note being converted, if any
	// noteLabels gives the index of each footnote definition by label,
	// and parent the converter of the whole document when this one
	// converts a table cell's text (subnotes.go).
	noteLabels map[string]int
	parent     *converter

	ascii       [128]int8     // rune coverage cache: 0 unknown, 1 covered, -1 not
	covered     map[rune]bool // coverage cache for other runes
	warnedRunes map[rune]bool
	warnedRTL   bool // a right-to-left script was reported

	shifts      []shift // bytes removed by capNesting
	dshifts     []shift // bytes inserted by defuse
	depthWarned bool
	htmlWarned  bool // a raw-HTML warning was given for the current block
	usedIDs     map[string]bool
	inFigGroup  bool // converting a div labelled fig:...: a row of images is subfigures
	md          goldmark.Markdown
	fixed       *diag.Pos // every position is this one (a table cell's text)

	pendingTables []*doc.Table   // tables read from raw LaTeX, placed by splitMarks
	examples      int            // example list items so far
	exampleLabels map[string]int // (@label) -> number
	spanDepth     int            // notes and spans being parsed inside notes and spans
	spanLines     *text.Segments // the lines of the next span to parse, when its block's are not the source's (linesOf)
	spanCol       colMemo        // where the last span started (spanreader.go)
	latexDepth    int            // raw LaTeX commands being converted inside each other
	urls          map[urlKey]string
	ahead         *mathAhead   // formulas read ahead (mathahead.go)
	attrCands     []attrCand   // attribute-like blocks in text (strayattrs.go)
	badGrids      map[int]bool // grid tables reported unreadable, by first line
}

// noteState is a footnote being converted.
type noteState struct {
	note     *doc.Note
	index    int          // goldmark's footnote index
	children []*noteState // notes referenced from this note
}

// pos converts a byte offset of the source into a position.
func (c *converter) pos(off int) diag.Pos {
	if c.fixed != nil {
		return *c.fixed
	}
	if off < 0 {
		return diag.Pos{File: c.opt.File}
	}
	off = min(c.origOffset(off), len(c.orig))
	// diag.LineIndex counts the runes of the line for every call, which is
	// quadratic on a long line with many positions; positions are asked for
	// mostly in reading order, so count from the previous one.
	line := sort.Search(len(c.starts), func(i int) bool { return c.starts[i] > off }) - 1
	if line != c.lastLine {
		c.lastLine, c.lastOff, c.lastCol = line, c.starts[line], 1
	}
	if off >= c.lastOff {
		c.lastCol += utf8.RuneCount(c.orig[c.lastOff:off])
	} else {
		c.lastCol -= utf8.RuneCount(c.orig[off:c.lastOff])
	}
	c.lastOff = off
	return c.place(line, c.lastCol)
}

// lineStarts returns the offsets where the lines of src start.
func lineStarts(src []byte) []int {
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i := 0; ; {
		k := bytes.IndexByte(src[i:], '\n')
		if k < 0 {
			return starts
		}
		i += k + 1
		starts = append(starts, i)
	}
}

// nodePos returns the source offset where n starts, or -1.
func nodePos(n ast.Node) int {
	for n != nil {
		if p := n.Pos(); p >= 0 {
			return p
		}
		if n.Type() == ast.TypeBlock {
			if l := n.Lines(); l != nil && l.Len() > 0 {
				return l.At(0).Start
			}
		}
		if t, ok := n.(*ast.Text); ok {
			return t.Segment.Start
		}
		n = n.FirstChild()
	}
	return -1
}

// at returns the block position of n.
func (c *converter) at(n ast.Node) doc.At {
	return doc.At{Pos: c.pos(nodePos(n))}
}

// warnDepth reports, once per document, that nesting was flattened.
func (c *converter) warnDepth(n ast.Node) {
	if c.depthWarned {
		return
	}
	c.depthWarned = true
	c.diags.Warnf(c.pos(nodePos(n)), "reduce the nesting of lists, quotations or emphasis",
		"nesting deeper than %d levels is flattened", maxDepth)
}

// warnf records a warning at byte offset off.
func (c *converter) warnf(off int, hint, format string, args ...any) {
	c.diags.Warnf(c.pos(off), hint, format, args...)
}

// htmlBlockParser is goldmark's HTML block parser, except that a comment
// ("<!--") inside a paragraph stays part of it (an inline comment, dropped)
// instead of ending it.
type htmlBlockParser struct{ parser.BlockParser }

// commentSpansBlankLine reports whether the HTML comment that starts on
// the reader's line runs over a blank line before its -->. pandoc reads
// such a comment as a whole (a paragraph's inline comment may run on over
// blank lines) and drops it; goldmark's inline HTML stops at the blank
// line, so it must be a block, which runs to the -->. (The thesis
// template's "<!-- The \listoffigures will use short captions... -->"
// printed its text, and a second list.)
func commentSpansBlankLine(reader text.Reader, pc parser.Context) bool {
	_, seg := reader.Position()
	rest := fullSource(reader, pc)[seg.Start:]
	end := bytes.Index(rest, []byte("-->"))
	if end < 0 {
		return false
	}
	for _, ln := range bytes.Split(rest[:end], []byte("\n"))[1:] {
		if len(bytes.TrimSpace(ln)) == 0 {
			return true
		}
	}
	return false
}

// Open implements parser.BlockParser.
func (h htmlBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if last := pc.LastOpenedBlock(); last.Node != nil {
		if _, para := last.Node.(*ast.Paragraph); para {
			line, _ := reader.PeekLine()
			if bytes.HasPrefix(bytes.TrimLeft(line, " "), []byte("<!--")) && !commentSpansBlankLine(reader, pc) {
				return nil, parser.NoChildren
			}
		}
	}
	return h.BlockParser.Open(parent, reader, pc)
}

package markdown

// goldmark's Linkify parser, asked first whether it can match: it is
// triggered at every space of the text and tries a URL, a www. address
// and an e-mail address there; on a long document that cost a third of
// the parse (FindEmailIndex alone a sixth), nearly always for nothing.

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkifyExt is the Linkify extension Convert uses (a test compares it
// with goldmark's own).
var linkifyExt goldmark.Extender = linkify{}

// linkify is extension.Linkify with quickLinkify in front of its parser,
// at the same priority: the same links, found faster.
type linkify struct{}

func (linkify) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999),
	))
}

// quickLinkify answers nil, as the parser it wraps would, where that
// parser cannot match, without asking it: goldmark's linkifyParser.Parse
// (v1.8) skips one trigger byte (space, *, _, ~ or open parenthesis),
// then matches only text starting with "http:", "https:", "ftp:" or
// "www.", or an e-mail address, which has an @ in the line; and it
// changes nothing before it answers nil. Any other case goes to it.
type quickLinkify struct{ parser.InlineParser }

// atMemoKey keeps, for one parse, where the next @ of the source lies.
var atMemoKey = parser.NewContextKey()

// atMemo says that the first @ of src at or after from is at next (-1:
// none), so that finding the @ of many positions costs one scan.
type atMemo struct {
	src        []byte
	from, next int
}

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) == 0 {
		return q.InlineParser.Parse(parent, block, pc)
	}
	rest := line
	switch line[0] {
	case ' ', '*', '_', '~', '(':
		rest = line[1:]
	}
	if len(rest) > 0 && (rest[0] == 'h' || rest[0] == 'f' || rest[0] == 'w') {
		return q.InlineParser.Parse(parent, block, pc)
	}
	if atBefore(block.Source(), seg.Start, seg.Stop, pc) {
		return q.InlineParser.Parse(parent, block, pc)
	}
	return nil
}

// atBefore reports whether src[start:stop] holds an @.
func atBefore(src []byte, start, stop int, pc parser.Context) bool {
	if start < 0 || stop > len(src) || start >= stop {
		return true // not a plain slice of the source: let Linkify look
	}
	m, _ := pc.Get(atMemoKey).(*atMemo)
	switch {
	case m == nil || len(m.src) != len(src) || len(src) > 0 && &m.src[0] != &src[0]:
		if m == nil {
			m = &atMemo{}
			pc.Set(atMemoKey, m)
		}
		*m = atMemo{src: src, from: start, next: indexFrom(src, start, len(src))}
	case start < m.from:
		// Behind the memo: only the bytes up to it are new.
		if i := indexFrom(src, start, m.from); i >= 0 {
			m.next = i
		}
		m.from = start
	case m.next >= 0 && start > m.next:
		m.from, m.next = start, indexFrom(src, start, len(src))
	}
	return m.next >= 0 && m.next < stop
}

// indexFrom returns the offset of the first @ of src[from:to], or -1.
func indexFrom(src []byte, from, to int) int {
	if i := bytes.IndexByte(src[from:to], '@'); i >= 0 {
		return from + i
	}
	return -1
}

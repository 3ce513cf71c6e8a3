package markdown

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"quire/internal/doc"
)

// kindCite is the goldmark node kind of a pandoc citation.
var kindCite = ast.NewNodeKind("QuireCitation")

// citeNode is a pandoc citation ([@key], @key) or cross-reference
// (@fig:id) in goldmark's tree.
type citeNode struct {
	ast.BaseInline
	start  int // source offset of '[' or '@'
	inText bool
	items  []citeItem
}

// citeItem is one "@key" of a citation.
type citeItem struct {
	key             string
	prefix, locator string
	suffix          string
	suppress        bool
	off             int // source offset of '@' (or of '-' before it)
	crossRef        bool
}

// Kind implements ast.Node.
func (n *citeNode) Kind() ast.NodeKind { return kindCite }

// Dump implements ast.Node.
func (n *citeNode) Dump(src []byte, level int) {
	keys := make([]string, len(n.items))
	for i, it := range n.items {
		keys[i] = it.key
	}
	ast.DumpHelper(n, src, level, map[string]string{"Keys": strings.Join(keys, ";")}, nil)
}

// maxCiteLen bounds how far a bracketed citation is looked for, so that many
// unclosed "[@" cannot make parsing quadratic.
const maxCiteLen = 2000

// citeParser parses pandoc citations as a goldmark inline parser.
type citeParser struct{}

// Trigger implements parser.InlineParser.
func (citeParser) Trigger() []byte { return []byte{'[', '@'} }

// Parse implements parser.InlineParser.
func (citeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 {
		return nil
	}
	if line[0] == '@' {
		return parseInText(line, seg.Start, block)
	}
	return parseBracketed(line, seg.Start, block)
}

// parseInText parses "@key" in running text, with an optional locator in
// brackets after it: "@key [p. 33]".
func parseInText(line []byte, start int, block text.Reader) ast.Node {
	before := block.PrecendingCharacter()
	if unicode.IsLetter(before) || unicode.IsDigit(before) || strings.ContainsRune("_@.-+&\\", before) {
		return nil
	}
	key, n := scanKey(line[1:])
	if key == "" {
		return nil
	}
	end := 1 + n
	it := citeItem{key: key, off: start, crossRef: isCrossRef(key)}
	if !it.crossRef {
		// "@key [p. 33]": a locator in brackets.
		rest := line[end:]
		if len(rest) > 2 && rest[0] == ' ' && rest[1] == '[' {
			if j := bytes.IndexByte(rest[2:min(len(rest), maxCiteLen)], ']'); j >= 0 {
				inner := rest[2 : 2+j]
				after := 2 + j + 1
				if !bytes.ContainsAny(inner, "@[^") && (after >= len(rest) || rest[after] != '(' && rest[after] != '[') {
					it.locator = typo(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(inner)), ",")))
					end += after
				}
			}
		}
	}
	block.Advance(end)
	node := &citeNode{start: start, inText: true, items: []citeItem{it}}
	node.SetPos(start)
	return node
}

// parseBracketed parses "[see @a, 12; -@b]". As in pandoc, a citation wins
// over a reference link of the same label ("[@key]: url"). The brackets may
// span a few lines of a paragraph.
func parseBracketed(line []byte, start int, block text.Reader) ast.Node {
	var inner []byte
	type piece struct{ at, src int } // inner[at:] comes from source offset src
	pieces := []piece{{0, start + 1}}
	cur, from, close := line, 1, -1
	for lines := 0; ; lines++ {
		i := from
		for ; i < len(cur) && close < 0; i++ {
			switch cur[i] {
			case ']':
				close = i
			case '[':
				return nil
			case '\\':
				i++
			case '\n', '\r':
				goto eol
			}
		}
	eol:
		if close >= 0 {
			inner = append(inner, cur[from:close]...)
			break
		}
		inner = append(inner, cur[from:min(i, len(cur))]...)
		inner = append(inner, ' ')
		if len(inner) > maxCiteLen || lines >= 5 {
			return nil
		}
		block.AdvanceLine()
		var seg text.Segment
		cur, seg = block.PeekLine()
		if cur == nil {
			return nil
		}
		pieces = append(pieces, piece{len(inner), seg.Start})
		from = 0
	}
	if bytes.IndexByte(inner, '@') < 0 {
		return nil
	}
	if close+1 < len(cur) && (cur[close+1] == '(' || cur[close+1] == '[') {
		return nil // a link: [@x](url)
	}
	srcOff := func(i int) int {
		k := len(pieces) - 1
		for k > 0 && pieces[k].at > i {
			k--
		}
		return pieces[k].src + i - pieces[k].at
	}
	node := &citeNode{start: start}
	off := 0
	for _, part := range bytes.Split(inner, []byte{';'}) {
		base := off
		it, ok := parseItem(part, func(i int) int { return srcOff(base + i) })
		if !ok {
			return nil
		}
		node.items = append(node.items, it)
		off += len(part) + 1
	}
	block.Advance(close + 1)
	node.SetPos(start)
	return node
}

// parseItem parses one "prefix @key, locator" item; srcOff maps an index of
// part to its source offset.
func parseItem(part []byte, srcOff func(int) int) (citeItem, bool) {
	for i := 0; i < len(part); i++ {
		if part[i] != '@' {
			continue
		}
		suppress := false
		p := i
		if i > 0 && part[i-1] == '-' {
			suppress = true
			p = i - 1
		}
		if p > 0 && part[p-1] != ' ' && part[p-1] != '\t' {
			continue
		}
		key, n := scanKey(part[i+1:])
		if key == "" {
			continue
		}
		it := citeItem{
			key:      key,
			prefix:   typo(strings.TrimSpace(unescape(part[:p]))),
			suppress: suppress,
			off:      srcOff(p),
			crossRef: isCrossRef(key),
		}
		rest := strings.TrimSpace(unescape(part[i+1+n:]))
		if strings.HasPrefix(rest, ",") {
			it.locator = typo(strings.TrimSpace(rest[1:]))
		} else {
			it.suffix = typo(rest)
		}
		return it, true
	}
	return citeItem{}, false
}

// keyPunct is the punctuation allowed inside a citation key.
const keyPunct = ":.#$%&-+?<>~/"

// scanKey reads a citation key at the start of b (after '@'): a letter, digit
// or '_' followed by letters, digits, '_' and internal punctuation; or a key
// in braces. It returns the key and the bytes consumed.
func scanKey(b []byte) (string, int) {
	if len(b) > 0 && b[0] == '{' {
		j := bytes.IndexAny(b, "}\n")
		if j <= 1 || b[j] != '}' {
			return "", 0
		}
		return string(b[1:j]), j + 1
	}
	n, last := 0, 0 // last: end of the key without trailing punctuation
	for n < len(b) {
		r, size := utf8.DecodeRune(b[n:])
		switch {
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			n += size
			last = n
		case n > 0 && r < utf8.RuneSelf && strings.IndexByte(keyPunct, byte(r)) >= 0:
			n += size
		default:
			return string(b[:last]), last
		}
	}
	return string(b[:last]), last
}

// isCrossRef reports whether a key names a figure, table, equation,
// section or listing (fig:, tbl:, eq:, sec:, lst:, capitalised, or with a
// dash as Quarto writes them): such a key is never a citation key.
func isCrossRef(key string) bool {
	_, _, ok := doc.CrossRefKey(key)
	return ok
}

// typo applies the dash substitutions of the typographer to citation text.
func typo(s string) string {
	if !strings.Contains(s, "--") {
		return s
	}
	s = strings.ReplaceAll(s, "---", "—")
	return strings.ReplaceAll(s, "--", "–")
}

// cite converts a citation node into Citation and CrossRef inlines.
// Consecutive cross-references in one pair of brackets become one CrossRef
// with a Group, printed together ("figs. 1, 2").
func (c *converter) cite(b *builder, n *citeNode) {
	var group []doc.CiteItem
	var xref *doc.CrossRef
	pos := c.pos(n.start)
	wrote := false // something was written for an earlier item
	sep := func() {
		if wrote {
			b.add(doc.Text{S: ", "})
		}
		wrote = true
	}
	flush := func() {
		if len(group) > 0 {
			sep()
			b.add(doc.Citation{Pos: pos, Items: group, InText: n.inText})
			group = nil
		}
		if xref != nil {
			b.add(*xref)
			xref = nil
		}
	}
	for _, it := range n.items {
		if !it.crossRef {
			if xref != nil {
				flush()
			}
			group = append(group, doc.CiteItem{
				Key:            it.key,
				Prefix:         c.clean(it.prefix, it.off),
				Locator:        c.clean(it.locator, it.off),
				Suffix:         c.clean(it.suffix, it.off),
				SuppressAuthor: it.suppress,
				Pos:            c.pos(it.off),
			})
			continue
		}
		label, capital, _ := doc.CrossRefKey(it.key)
		cr := doc.CrossRef{Pos: c.pos(it.off), Target: label, Capital: capital, Bare: it.suppress}
		if xref != nil && it.prefix == "" && !cr.Bare {
			xref.Group = append(xref.Group, cr)
		} else {
			flush()
			sep()
			if it.prefix != "" {
				c.addText(b, []byte(it.prefix+" "), it.off)
			}
			xref = &cr
		}
		if s := strings.TrimSpace(it.locator + " " + it.suffix); s != "" {
			flush()
			c.addText(b, []byte(" "+s), it.off)
		}
	}
	flush()
}

package markdown

// The footnote extension: PHP Markdown Extra footnotes, [^label] references
// and [^label]: definitions, building goldmark's own footnote nodes
// (extension/ast.Footnote, FootnoteLink, FootnoteBacklink, FootnoteList)
// exactly as goldmark's extension.Footnote does, but in linear time:
// goldmark looks every reference up by a scan of all the definitions and
// sorts the list by insertion, so 100,000 notes took minutes. Here a map
// finds the definition and the list is sorted once.
//
// Adapted from goldmark's extension/footnote.go (MIT licence, Copyright
// (c) 2019 Yusuke Inuzuka): the parsing rules are the same, line for line.

import (
	"sort"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// footnotes is the goldmark extension (parsing only: Quire never renders
// goldmark's HTML).
// In a chunk of a parallel parse (chunk set) the transformer is left out:
// it runs once, on the whole document (parallel.go).
type footnotes struct{ chunk bool }

func (f footnotes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(footnoteBlockParser{}, 999)),
		parser.WithInlineParsers(util.Prioritized(footnoteParser{}, 101)),
	)
	if !f.chunk {
		m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(footnoteTransformer{}, 999)))
	}
}

var (
	footnoteListKey  = parser.NewContextKey() // *footnoteState
	footnoteLinksKey = parser.NewContextKey() // *[]*ast.FootnoteLink
)

// footnoteState is the list of definitions and their index by label.
type footnoteState struct {
	list    *ast.FootnoteList
	byLabel map[string]*ast.Footnote // the first definition of each label
	// chunk is set for a chunk of a parallel parse (parallel.go), whose
	// state is made before the parse: the list is placed at the first
	// definition (placed), byLabel may hold stand-ins for definitions in
	// other chunks, and each reference's label, and each label looked up
	// in vain, is kept for the merge.
	chunk, placed bool
	standIn       map[*ast.Footnote]bool
	elsewhere     map[string]bool // labels that may be defined in other chunks
	labels        []string        // the label of each reference, as footnoteLinksKey's
	misses        []string
}

// footnoteLabelLimit is the longest label, as for CommonMark link labels.
const footnoteLabelLimit = 999

type footnoteBlockParser struct{}

func (footnoteBlockParser) Trigger() []byte { return []byte{'['} }

func (footnoteBlockParser) Open(parent gast.Node, reader text.Reader, pc parser.Context) (gast.Node, parser.State) {
	line, segment := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || line[pos] != '[' {
		return nil, parser.NoChildren
	}
	pos++
	if pos > len(line)-1 || line[pos] != '^' {
		return nil, parser.NoChildren
	}
	open := pos + 1
	labelBytes := line[pos+1 : min(len(line), pos+1+footnoteLabelLimit)]
	closure := util.FindClosure(labelBytes, '[', ']', false, false) //nolint:staticcheck
	closes := pos + 1 + closure
	next := closes + 1
	if closure < 0 || next >= len(line) || line[next] != ':' {
		return nil, parser.NoChildren
	}
	padding := segment.Padding
	label := reader.Value(text.NewSegment(segment.Start+open-padding, segment.Start+closes-padding))
	if util.IsBlank(label) {
		return nil, parser.NoChildren
	}
	item := ast.NewFootnote(label)
	pos = next + 1 - padding
	if pos >= len(line) {
		reader.Advance(pos)
		return item, parser.NoChildren
	}
	reader.AdvanceAndSetPadding(pos, padding)
	return item, parser.HasChildren
}

func (footnoteBlockParser) Continue(node gast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if util.IsBlank(line) {
		return parser.Continue | parser.HasChildren
	}
	childpos, padding := util.IndentPosition(line, reader.LineOffset(), 4)
	if childpos < 0 {
		return parser.Close
	}
	reader.AdvanceAndSetPadding(childpos, padding)
	return parser.Continue | parser.HasChildren
}

func (footnoteBlockParser) Close(node gast.Node, reader text.Reader, pc parser.Context) {
	var st *footnoteState
	if v := pc.Get(footnoteListKey); v != nil {
		st = v.(*footnoteState)
	} else {
		st = &footnoteState{list: ast.NewFootnoteList(), byLabel: map[string]*ast.Footnote{}}
		pc.Set(footnoteListKey, st)
		node.Parent().InsertBefore(node.Parent(), node, st.list)
	}
	if st.chunk && !st.placed {
		st.placed = true
		node.Parent().InsertBefore(node.Parent(), node, st.list)
	}
	node.Parent().RemoveChild(node.Parent(), node)
	st.list.AppendChild(st.list, node)
	fn := node.(*ast.Footnote)
	if d, ok := st.byLabel[string(fn.Ref)]; !ok || st.standIn[d] {
		st.byLabel[string(fn.Ref)] = fn
	}
}

func (footnoteBlockParser) CanInterruptParagraph() bool { return true }

func (footnoteBlockParser) CanAcceptIndentedLine() bool { return false }

type footnoteParser struct{}

// Trigger includes '!': the footnote syntax may conflict with an image's.
func (footnoteParser) Trigger() []byte { return []byte{'!', '['} }

func (footnoteParser) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	line, segment := block.PeekLine()
	pos := 1
	if len(line) > 0 && line[0] == '!' {
		pos++
	}
	if pos >= len(line) || line[pos] != '^' {
		return nil
	}
	pos++
	if pos >= len(line) {
		return nil
	}
	open := pos
	labelBytes := line[pos:min(len(line), pos+footnoteLabelLimit)]
	closure := util.FindClosure(labelBytes, '[', ']', false, false) //nolint:staticcheck
	if closure < 0 {
		return nil
	}
	closes := pos + closure
	value := block.Value(text.NewSegment(segment.Start+open, segment.Start+closes))
	block.Advance(closes + 1)

	v := pc.Get(footnoteListKey)
	if v == nil {
		return nil
	}
	st := v.(*footnoteState)
	d, ok := st.byLabel[string(value)]
	if !ok && st.elsewhere[string(value)] {
		d, ok = ast.NewFootnote(value), true // a stand-in
		st.byLabel[string(value)] = d
		st.standIn[d] = true
	}
	if !ok {
		if st.chunk {
			st.misses = append(st.misses, string(value))
		}
		return nil
	}
	if d.Index < 0 {
		st.list.Count++
		d.Index = st.list.Count
	}
	fnlink := ast.NewFootnoteLink(d.Index)
	links, _ := pc.Get(footnoteLinksKey).(*[]*ast.FootnoteLink)
	if links == nil {
		links = &[]*ast.FootnoteLink{}
		pc.Set(footnoteLinksKey, links)
	}
	*links = append(*links, fnlink)
	if st.chunk {
		st.labels = append(st.labels, string(value))
	}
	if line[0] == '!' {
		parent.AppendChild(parent, gast.NewTextSegment(text.NewSegment(segment.Start, segment.Start+1)))
	}
	return fnlink
}

type footnoteTransformer struct{}

// Transform numbers the references, adds backlinks, drops unreferenced
// definitions and moves the list, sorted by number, to the end.
func (footnoteTransformer) Transform(node *gast.Document, reader text.Reader, pc parser.Context) {
	var st *footnoteState
	if v := pc.Get(footnoteListKey); v != nil {
		st = v.(*footnoteState)
	}
	var links []*ast.FootnoteLink
	if l, ok := pc.Get(footnoteLinksKey).(*[]*ast.FootnoteLink); ok && l != nil {
		links = *l
	}
	pc.Set(footnoteListKey, nil)
	pc.Set(footnoteLinksKey, nil)
	if st == nil {
		return
	}
	// Every definition by label, referenced or not, for the references
	// in pandoc tables' cells, which goldmark does not see (subnotes.go).
	node.SetAttributeString(footnoteDefsAttr, st.byLabel)
	list := st.list
	counter := map[int]int{}
	for _, l := range links {
		if l.Index >= 0 {
			counter[l.Index]++
		}
	}
	refIndex := map[int]int{}
	for _, l := range links {
		l.RefCount = counter[l.Index]
		l.RefIndex = refIndex[l.Index]
		refIndex[l.Index]++
	}
	var kept []*ast.Footnote
	for n := list.FirstChild(); n != nil; {
		next := n.NextSibling()
		fn := n.(*ast.Footnote)
		list.RemoveChild(list, n)
		if fn.Index >= 0 {
			var container gast.Node = fn
			if fc := container.LastChild(); fc != nil && gast.IsParagraph(fc) {
				container = fc
			}
			for i := range max(counter[fn.Index], 1) {
				bl := ast.NewFootnoteBacklink(fn.Index)
				bl.RefCount = counter[fn.Index]
				bl.RefIndex = i
				container.AppendChild(container, bl)
			}
			kept = append(kept, fn)
		}
		n = next
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].Index < kept[j].Index })
	for _, fn := range kept {
		list.AppendChild(list, fn)
	}
	if list.Count <= 0 {
		list.Parent().RemoveChild(list.Parent(), list)
		return
	}
	node.AppendChild(node, list)
}

package markdown

// The parse of a long document on all cores.
//
// goldmark parses a document in two phases, the blocks of the whole
// document and then the inlines of each block, with state shared by the
// whole document: the link reference definitions and footnote definitions
// found in the first phase are what the second looks labels up in, heading
// identifiers are made unique in document order, a footnote is numbered at
// its first reference, a budget bounds the brackets scanned, and the
// flattening of divs is warned of once.
//
// parse cuts the source before ATX headings ("# ..." at the start of a
// line) into chunks and parses the chunks at once, each with goldmark's own
// parser and a context of its own, then joins the trees into the one tree
// the whole document's parse makes:
//
//   - A chunk is parsed up to and including the heading line that starts
//     the next one. The cut is sound only if that line is a heading at the
//     top level of the chunk's tree: then every block before it is closed
//     at that line, as in the whole document, and the next chunk starts as
//     the whole document's parse does there. Otherwise the two chunks are
//     parsed again as one. The source a chunk sees ends there, but every
//     look ahead Quire makes over the source (an HTML comment's end) reads
//     the whole of it (fullSource).
//   - Labels: each chunk records the link references it defines and looks
//     up, and the footnote labels its references name. Footnote
//     definitions elsewhere are announced to each chunk by stand-ins (a
//     quick scan for "[^label]:"). When a lookup's answer in the chunk
//     differs from the answer in the whole document (a definition in
//     another chunk, an earlier definition of the label, a stand-in with no
//     definition behind it), the chunk is parsed again with the whole
//     document's definitions.
//   - Footnotes: the chunks' definitions join one list at the first one,
//     references are pointed at the first definition of their label and
//     numbered, and the footnote transformer runs once on the whole tree.
//   - Heading identifiers: chunks hand out stand-in identifiers and log
//     each request; the log is replayed in document order and the stand-ins
//     replaced by what the whole document's parse gives.
//   - The bracket budget: each chunk gets the whole document's; if the
//     chunks together spend more than it, the whole document is parsed at
//     once (the budget would have run out somewhere).
//   - The div flattening warning stays on the first fence only.
//
// Anything unforeseen (a panic in a chunk, a cut that will not hold after
// a second try) falls back to the parse of the whole document, which is
// always right. TestParallelParseSame compares the trees' conversions.

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Chunking parameters: a source shorter than parallelMin is parsed at
// once; otherwise chunks of about chunkBytes (more when there would be too
// many) are cut. Tests lower both to cut at every heading.
var (
	parallelMin = 256 << 10
	chunkBytes  = 48 << 10
	maxChunks   = 64
	// parallelProcs is the number of chunks parsed at once; 0 means
	// GOMAXPROCS.
	parallelProcs = 0
)

// parallelParses counts the parses made of chunks (for the tests).
var parallelParses atomic.Int64

var fullSourceKey = parser.NewContextKey() // []byte: the whole source of a chunk's parse

// fullSource returns the whole source of the document being parsed.
func fullSource(reader text.Reader, pc parser.Context) []byte {
	if src, ok := pc.Get(fullSourceKey).([]byte); ok {
		return src
	}
	return reader.Source()
}

// bracketBudget is the number of bytes closeBracket may scan in a document
// of n bytes.
func bracketBudget(n int) int { return 4*n + 1<<20 }

// parse parses c.src into goldmark's tree, on all cores when it is long.
func (c *converter) parse() ast.Node {
	procs := parallelProcs
	if procs <= 0 {
		procs = runtime.GOMAXPROCS(0)
	}
	if len(c.src) >= parallelMin && (procs > 1 || parallelProcs > 0) {
		if cuts := chunkCuts(c.src); len(cuts) > 1 {
			if root := c.parseChunks(cuts, procs); root != nil {
				parallelParses.Add(1)
				return root
			}
		}
	}
	return c.md.Parser().Parse(text.NewReader(c.src), parser.WithContext(c.mathContext()))
}

// chunkCuts returns the offsets where chunks start: 0, then the start of
// the first heading line at or after each chunkBytes.
func chunkCuts(src []byte) []int {
	size := max(chunkBytes, len(src)/maxChunks, 1)
	cuts := []int{0}
	for next := size; next < len(src); {
		i := headingLine(src, next)
		if i < 0 {
			break
		}
		cuts = append(cuts, i)
		next = i + size
	}
	return cuts
}

// headingLine returns the offset of the first line at or after from that
// starts with 1 to 6 "#" and a space, a tab or the line's end, or -1.
func headingLine(src []byte, from int) int {
	for i := from; i < len(src); {
		if i == 0 || src[i-1] == '\n' {
			if src[i] == '#' {
				j := i
				for j < len(src) && src[j] == '#' && j-i < 7 {
					j++
				}
				if j-i <= 6 && (j == len(src) || src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') {
					return i
				}
			}
		}
		k := bytes.IndexByte(src[i:], '\n')
		if k < 0 {
			return -1
		}
		i += k + 1
	}
	return -1
}

// lineEnd returns the offset after the line that starts at i.
func lineEnd(src []byte, i int) int {
	if k := bytes.IndexByte(src[i:], '\n'); k >= 0 {
		return i + k + 1
	}
	return len(src)
}

// chunk is one chunk's parse.
type chunk struct {
	start, end int // the chunk's source; the parse reads on to the next heading line
	last       bool
	root       ast.Node
	pc         *chunkContext
	fn         *footnoteState
	links      *[]*east.FootnoteLink
	budget     *int
	failed     bool
}

// chunkContext is a parse context that records the link references a
// chunk defines and looks up, and hands out stand-in heading identifiers.
type chunkContext struct {
	parser.Context
	seed    map[string]parser.Reference // the whole document's, when known
	local   map[string]parser.Reference
	defs    []parser.Reference
	lookups []refLookup
	ids     *idLog
}

type refLookup struct {
	label string
	ref   parser.Reference
	ok    bool
}

func (x *chunkContext) AddReference(r parser.Reference) {
	x.defs = append(x.defs, r)
	key := util.ToLinkReference(r.Label())
	if _, ok := x.local[key]; !ok {
		x.local[key] = r
	}
}

func (x *chunkContext) Reference(label string) (parser.Reference, bool) {
	refs := x.local
	if x.seed != nil {
		refs = x.seed
	}
	r, ok := refs[label]
	x.lookups = append(x.lookups, refLookup{label, r, ok})
	return r, ok
}

func (x *chunkContext) References() []parser.Reference {
	refs := x.local
	if x.seed != nil {
		refs = x.seed
	}
	out := make([]parser.Reference, 0, len(refs))
	for _, r := range refs {
		out = append(out, r)
	}
	return out
}

// idLog is the heading identifiers a chunk asked for, in order.
type idLog struct {
	calls []idCall
	tag   string
}

type idCall struct {
	gen   bool
	value []byte
	kind  ast.NodeKind
	stand string // the stand-in handed out
}

func (l *idLog) Generate(value []byte, kind ast.NodeKind) []byte {
	stand := fmt.Sprintf("\x00%s.%d", l.tag, len(l.calls))
	l.calls = append(l.calls, idCall{gen: true, value: value, kind: kind, stand: stand})
	return []byte(stand)
}

func (l *idLog) Put(value []byte) {
	l.calls = append(l.calls, idCall{value: value})
}

// parseChunks parses the chunks starting at cuts at once and joins them,
// or returns nil if it cannot.
func (c *converter) parseChunks(cuts []int, procs int) (root ast.Node) {
	md := newMarkdownFor(true)
	plain := c.mathContext().Get(mathPlainKey)
	standIns := footnoteLabels(c.src)
	chunks := make([]*chunk, len(cuts))
	for i, s := range cuts {
		end := len(c.src)
		if i+1 < len(cuts) {
			end = cuts[i+1]
		}
		chunks[i] = &chunk{start: s, end: end, last: i+1 == len(cuts)}
	}
	parseAll := func(todo []*chunk, seed map[string]parser.Reference, labels map[string]bool) {
		var wg sync.WaitGroup
		sem := make(chan struct{}, procs)
		for _, ch := range todo {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				c.parseChunk(md, ch, plain, seed, labels)
			}()
		}
		wg.Wait()
	}
	parseAll(chunks, nil, standIns)
	for round := 0; ; round++ {
		// Cuts that do not hold: join the chunk with the next.
		var joined []*chunk
		var todo []*chunk
		for i := 0; i < len(chunks); i++ {
			ch := chunks[i]
			if ch.failed {
				return nil
			}
			if !ch.last && !c.cutHolds(ch) {
				nx := chunks[i+1]
				m := &chunk{start: ch.start, end: nx.end, last: nx.last}
				joined = append(joined, m)
				todo = append(todo, m)
				i++
				continue
			}
			joined = append(joined, ch)
		}
		if len(todo) > 0 {
			// Many cuts failing (a fence left open early on) or failing
			// again: the whole document's parse is cheaper than more
			// rounds.
			if round > 1 || 4*len(todo) > len(chunks) {
				return nil
			}
			chunks = joined
			parseAll(todo, nil, standIns)
			continue
		}
		break
	}
	// Chunks whose lookups were answered otherwise are parsed again with
	// the whole document's definitions.
	refs, defs := definitions(chunks)
	var again []*chunk
	for _, ch := range chunks {
		if !lookupsHold(ch, refs, defs) {
			again = append(again, ch)
		}
	}
	if len(again) > 0 {
		labels := make(map[string]bool, len(defs))
		for l := range defs {
			labels[l] = true
		}
		parseAll(again, refs, labels)
		for _, ch := range again {
			if ch.failed || !ch.last && !c.cutHolds(ch) {
				return nil
			}
		}
		refs, defs = definitions(chunks)
		for _, ch := range again {
			if !lookupsHold(ch, refs, defs) {
				return nil
			}
		}
	}
	// The bracket budget.
	total := bracketBudget(len(c.src))
	spent := 0
	for _, ch := range chunks {
		spent += total - *ch.budget
	}
	if spent > total {
		return nil
	}
	return c.join(chunks, defs)
}

// parseChunk parses one chunk, with the whole document's link references
// if seed is set, and stand-ins for the footnote labels.
func (c *converter) parseChunk(md goldmark.Markdown, ch *chunk, plain any, seed map[string]parser.Reference, labels map[string]bool) {
	defer func() {
		if r := recover(); r != nil {
			ch.failed = true
		}
	}()
	end := len(c.src)
	if !ch.last {
		end = lineEnd(c.src, ch.end)
	}
	ids := &idLog{tag: fmt.Sprint(ch.start)}
	pc := &chunkContext{Context: parser.NewContext(parser.WithIDs(ids)), seed: seed, local: map[string]parser.Reference{}, ids: ids}
	pc.Set(mathPlainKey, plain)
	pc.Set(fullSourceKey, c.src)
	budget := bracketBudget(len(c.src))
	pc.Set(bracketBudgetKey, &budget)
	st := &footnoteState{list: east.NewFootnoteList(), byLabel: map[string]*east.Footnote{}, chunk: true, standIn: map[*east.Footnote]bool{}, elsewhere: labels}
	pc.Set(footnoteListKey, st)
	links := &[]*east.FootnoteLink{}
	pc.Set(footnoteLinksKey, links)
	r := text.NewReader(c.src[:end])
	if ch.start > 0 {
		r.SetPosition(0, text.NewSegment(ch.start, ch.start))
		r.AdvanceLine()
	}
	root := md.Parser().Parse(r, parser.WithContext(pc))
	*ch = chunk{start: ch.start, end: ch.end, last: ch.last, root: root, pc: pc, fn: st, links: links, budget: &budget}
}

// cutHolds reports whether the heading line that starts the next chunk is
// a heading at the top level of ch's tree (and drops it from the tree).
func (c *converter) cutHolds(ch *chunk) bool {
	h, ok := ch.root.LastChild().(*ast.Heading)
	if !ok || h.Pos() != ch.end {
		return false
	}
	// The heading's identifier request is the chunk's last.
	calls := ch.pc.ids.calls
	if len(calls) == 0 {
		return false
	}
	last := calls[len(calls)-1]
	id, _ := h.AttributeString("id")
	idb, _ := id.([]byte)
	if !bytes.Equal(idb, []byte(last.stand)) && !(last.stand == "" && bytes.Equal(idb, last.value)) {
		return false
	}
	if ch.root.ChildCount() < 2 {
		return false
	}
	return true
}

// definitions returns the whole document's link references and footnote
// definitions: the first of each label.
func definitions(chunks []*chunk) (map[string]parser.Reference, map[string]*east.Footnote) {
	refs := map[string]parser.Reference{}
	defs := map[string]*east.Footnote{}
	for _, ch := range chunks {
		for _, r := range ch.pc.defs {
			key := util.ToLinkReference(r.Label())
			if _, ok := refs[key]; !ok {
				refs[key] = r
			}
		}
		for f := ch.fn.list.FirstChild(); f != nil; f = f.NextSibling() {
			fn := f.(*east.Footnote)
			if _, ok := defs[string(fn.Ref)]; !ok {
				defs[string(fn.Ref)] = fn
			}
		}
	}
	return refs, defs
}

// sameRef reports whether two link references read the same.
func sameRef(a, b parser.Reference) bool {
	return bytes.Equal(a.Label(), b.Label()) && bytes.Equal(a.Destination(), b.Destination()) && bytes.Equal(a.Title(), b.Title())
}

// lookupsHold reports whether every label ch looked up was answered as in
// the whole document.
func lookupsHold(ch *chunk, refs map[string]parser.Reference, defs map[string]*east.Footnote) bool {
	for _, l := range ch.pc.lookups {
		r, ok := refs[l.label]
		if ok != l.ok || ok && !sameRef(r, l.ref) {
			return false
		}
	}
	for _, l := range ch.fn.misses {
		if defs[l] != nil {
			return false
		}
	}
	for _, l := range ch.fn.labels {
		if defs[l] == nil {
			return false
		}
	}
	return true
}

// join makes the whole document's tree of the chunks' trees.
func (c *converter) join(chunks []*chunk, defs map[string]*east.Footnote) ast.Node {
	doc := ast.NewDocument()
	// Heading identifiers, replayed in document order.
	ids := parser.NewContext().IDs()
	var warned *divNode
	for i, ch := range chunks {
		calls := ch.pc.ids.calls
		if !ch.last {
			// The next chunk's heading: its identifier, its footnote
			// references (the last ones: goldmark parses the inlines in
			// order) and the blank line it may follow, which the next
			// chunk, where it comes first, did not see.
			calls = calls[:len(calls)-1]
			h := ch.root.LastChild()
			links := *ch.links
			for len(links) > 0 && topBlock(links[len(links)-1]) == h {
				links = links[:len(links)-1]
			}
			*ch.links = links
			ch.fn.labels = ch.fn.labels[:len(links)]
			ch.root.RemoveChild(ch.root, h)
			if f := chunks[i+1].root.FirstChild(); f != nil {
				f.SetBlankPreviousLines(h.HasBlankPreviousLines())
			}
		}
		stands := map[string][]byte{}
		for _, call := range calls {
			if call.gen {
				stands[call.stand] = ids.Generate(call.value, call.kind)
			} else {
				ids.Put(call.value)
			}
		}
		if len(stands) > 0 {
			setIDs(ch.root, stands)
		}
		if d, ok := ch.pc.Get(divWarnedKey).(*divNode); ok {
			if warned == nil {
				warned = d
			} else {
				d.warn = false
			}
		}
	}
	// Footnotes: one list at the first definition, references pointed at
	// the first definition of their label and numbered in order.
	st := &footnoteState{byLabel: defs}
	var links []*east.FootnoteLink
	for _, ch := range chunks {
		ch.fn.list.Count = 0
		for f := ch.fn.list.FirstChild(); f != nil; f = f.NextSibling() {
			f.(*east.Footnote).Index = -1
		}
	}
	for _, ch := range chunks {
		l := ch.fn.list
		if l.Parent() != nil {
			if st.list == nil {
				st.list = l
			} else {
				l.Parent().RemoveChild(l.Parent(), l)
				for f := l.FirstChild(); f != nil; {
					next := f.NextSibling()
					st.list.AppendChild(st.list, f)
					f = next
				}
			}
		}
	}
	for _, ch := range chunks {
		for i, link := range *ch.links {
			d := defs[ch.fn.labels[i]]
			if d.Index < 0 {
				st.list.Count++
				d.Index = st.list.Count
			}
			link.Index = d.Index
			links = append(links, link)
		}
	}
	for _, ch := range chunks {
		for n := ch.root.FirstChild(); n != nil; {
			next := n.NextSibling()
			doc.AppendChild(doc, n)
			n = next
		}
	}
	if st.list != nil {
		pc := parser.NewContext()
		pc.Set(footnoteListKey, st)
		pc.Set(footnoteLinksKey, &links)
		footnoteTransformer{}.Transform(doc, text.NewReader(c.src), pc)
	}
	return doc
}

// topBlock returns the child of the document that holds n.
func topBlock(n ast.Node) ast.Node {
	for n.Parent() != nil && n.Parent().Kind() != ast.KindDocument {
		n = n.Parent()
	}
	return n
}

// setIDs replaces the stand-in identifiers of the headings under n.
func setIDs(n ast.Node, stands map[string][]byte) {
	for x := n.FirstChild(); x != nil; x = x.NextSibling() {
		if x.Type() != ast.TypeBlock {
			continue
		}
		if h, ok := x.(*ast.Heading); ok {
			if v, ok := h.AttributeString("id"); ok {
				if b, ok := v.([]byte); ok && len(b) > 0 && b[0] == 0 {
					if id, ok := stands[string(b)]; ok {
						h.SetAttributeString("id", id)
					}
				}
			}
		}
		if x.HasChildren() {
			setIDs(x, stands)
		}
	}
}

// footnoteLabels returns every label written as "[^label]:" in src: the
// footnote definitions, and perhaps more (in code, say), which the merge
// finds out.
func footnoteLabels(src []byte) map[string]bool {
	labels := map[string]bool{}
	for i := 0; ; {
		k := bytes.Index(src[i:], []byte("[^"))
		if k < 0 {
			return labels
		}
		i += k + 2
		lb := src[i:min(len(src), i+footnoteLabelLimit)]
		closure := util.FindClosure(lb, '[', ']', false, false) //nolint:staticcheck
		if closure < 0 || i+closure+1 >= len(src) || src[i+closure+1] != ':' {
			continue
		}
		if l := lb[:closure]; !util.IsBlank(l) {
			labels[string(l)] = true
		}
	}
}

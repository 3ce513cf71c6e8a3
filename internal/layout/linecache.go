package layout

import (
	"reflect"
	"slices"
	"strconv"
	"sync"
	"unicode"

	"quire/internal/contentkey"
	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/lang"
	"quire/internal/style"
)

// LineCache keeps the lines of the paragraphs a Layout has set, and the
// charts it has drawn, for the next Layout of an edited document (quire
// watch): a chart whose spec and data are unchanged is not drawn again,
// and a paragraph whose
// content, measure, options, style and language are those of one set
// before gets that paragraph's lines again instead of being flattened,
// hyphenated and broken anew. The key is the content itself (every field
// of its inlines, found by reflection, but their source positions), so a
// hit gives exactly the lines a fresh setting would give: the PDF of a
// rebuild is the PDF of a clean build.
//
// A paragraph that reported something while it was set (a word too long
// for the line, a bad formula) is not kept: its report must come again,
// at its current position. Nor is one set inside an inline structure node
// made elsewhere.
//
// A cache is safe for concurrent use by the parts of a document set in
// parallel. Its memory is bounded by the documents it serves: Sweep drops
// the entries the last build did not use.
type LineCache struct {
	mu      sync.Mutex
	entries map[string]*lineEntry
	gen     uint64
	// Fingerprints of this build's style and languages, by pointer: they
	// are the same objects for every paragraph of a build.
	styles map[*style.Style]string
	langs  map[*lang.Language]string
	// graphics are the charts drawn, by content and width
	// (graphiccache.go).
	graphics map[string]*graphicEntry

	hits, misses, ghits int
}

type lineEntry struct {
	lines []setLine // without their notes
	// notes are the lines' notes, as indices into the notes the content
	// references in reading order (keyWriter.notes).
	notes [][]int
	gen   uint64
}

// NewLineCache returns an empty cache.
func NewLineCache() *LineCache {
	return &LineCache{entries: map[string]*lineEntry{}, styles: map[*style.Style]string{}, langs: map[*lang.Language]string{},
		graphics: map[string]*graphicEntry{}}
}

// WithLines makes l take the lines of unchanged paragraphs from c, and
// keep there the ones it sets. c may be nil: no cache.
func (l *Layout) WithLines(c *LineCache) *Layout {
	l.lines = c
	return l
}

// Sweep ends a build: the entries it did not use are dropped, and the
// next build starts.
func (c *LineCache) Sweep() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if e.gen != c.gen {
			delete(c.entries, k)
		}
	}
	for k, e := range c.graphics {
		if e.gen != c.gen {
			delete(c.graphics, k)
		}
	}
	c.gen++
	clear(c.styles)
	clear(c.langs)
}

// Stats returns how many paragraphs were found in the cache and how many
// were set, since it was made, and how many it holds.
func (c *LineCache) Stats() (hits, misses, held int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses, len(c.entries)
}

// GraphicHits returns how many charts were not drawn again.
func (c *LineCache) GraphicHits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ghits
}

// cachedInline is setInline through the Layout's line cache: fresh sets
// the paragraph when the cache has no lines for it.
func (g *galley) cachedInline(in []doc.Inline, width float64, o paraOpts, st textStyle,
	fresh func([]doc.Inline, float64, paraOpts, textStyle) []setLine) []setLine {
	c := g.l.lines
	if c == nil || st.tag != nil {
		return fresh(in, width, o, st)
	}
	key, notes, ok := c.key(g, in, width, o, st)
	if !ok {
		return fresh(in, width, o, st)
	}
	c.mu.Lock()
	e := c.entries[key]
	if e != nil {
		e.gen = c.gen
		c.hits++
	} else {
		c.misses++
	}
	c.mu.Unlock()
	if e != nil {
		g.l.checkpoint()
		ls, _ := cloneLines(e.lines)
		for i, idx := range e.notes {
			if len(idx) > 0 {
				ls[i].notes = make([]*doc.Note, len(idx))
				for k, j := range idx {
					ls[i].notes[k] = notes[j]
				}
			}
		}
		if o.justify {
			g.l.quality.count(ls)
		}
		return ls
	}
	before := g.l.diags.Len()
	ls := fresh(in, width, o, st)
	if g.l.diags.Len() != before {
		return ls
	}
	kept, ok := cloneLines(ls)
	if !ok {
		return ls
	}
	e = &lineEntry{lines: kept, notes: make([][]int, len(kept)), gen: c.gen}
	for i := range kept {
		for _, n := range kept[i].notes {
			j := slices.Index(notes, n)
			if j < 0 {
				return ls // a note the content does not reference
			}
			e.notes[i] = append(e.notes[i], j)
		}
		kept[i].notes = nil
	}
	c.mu.Lock()
	c.entries[key] = e
	c.mu.Unlock()
	return ls
}

// key returns the cache key of a paragraph and the notes its content
// references, in reading order; ok is false when the content holds
// something the key cannot stand for.
func (c *LineCache) key(g *galley, in []doc.Inline, width float64, o paraOpts, st textStyle) (string, []*doc.Note, bool) {
	c.mu.Lock()
	sf, ok := c.styles[g.l.st]
	if !ok {
		sf = fingerprint(g.l.st)
		c.styles[g.l.st] = sf
	}
	docLang, hyLang := g.langs()
	lf := c.langPrint(docLang) + "|" + c.langPrint(hyLang) + "|" + c.langPrint(st.lang)
	c.mu.Unlock()
	var notes []*doc.Note
	w := keyWriter(&notes)
	w.String(sf)
	w.String(lf)
	w.Float(width)
	w.Any(o)
	st.lang = nil // in lf
	w.Any(st)
	w.Any(in)
	k, ok := w.Key()
	return k, notes, ok
}

// langPrint returns the fingerprint of a language, "" for none. c.mu is
// held.
func (c *LineCache) langPrint(l *lang.Language) string {
	if l == nil {
		return ""
	}
	if s, ok := c.langs[l]; ok {
		return s
	}
	s := fingerprint(l)
	c.langs[l] = s
	return s
}

// fingerprint returns the key of v alone.
func fingerprint(v any) string {
	w := keyWriter(nil)
	w.Any(v)
	if k, ok := w.Key(); ok {
		return k
	}
	// Not representable: a key that matches nothing else.
	return "\x00unique:" + strconv.FormatUint(uint64(reflect.ValueOf(v).Pointer()), 16)
}

var (
	posType   = reflect.TypeFor[diag.Pos]()
	noteType  = reflect.TypeFor[*doc.Note]()
	tableType = reflect.TypeFor[*unicode.RangeTable]()
	nodeType  = reflect.TypeFor[*draw.Node]()
	skipPos   = map[reflect.Type]bool{posType: true}
)

// keyWriter returns the writer of line cache keys: source positions are
// left out, a note stands for its label (what a paragraph prints of it)
// and is appended to notes, a Unicode table (a package variable) for its
// address; a structure node, made elsewhere, makes no key.
func keyWriter(notes *[]*doc.Note) *contentkey.Writer {
	return &contentkey.Writer{Skip: skipPos, Pointer: func(w *contentkey.Writer, v reflect.Value) bool {
		switch v.Type() {
		case noteType:
			n := (*doc.Note)(v.UnsafePointer())
			mark, key := noteLabel(n)
			w.String("note")
			w.String(mark)
			w.String(key)
			if notes != nil {
				*notes = append(*notes, n)
			}
			return true
		case tableType:
			w.String("table")
			w.Uint(uint64(v.Pointer()))
			return true
		case nodeType:
			w.Fail()
			return true
		}
		return false
	}}
}

// cloneLines returns a copy of ls that shares nothing another build
// may change: the items are copied, and the inline structure nodes they
// are marked with (made for the paragraph, not yet in the document's
// tree) are copied as trees; the notes slices are the same. ok is false
// if the lines hold something that cannot be copied.
func cloneLines(ls []setLine) (out []setLine, ok bool) {
	nodes := map[*draw.Node]*draw.Node{}
	node := func(n *draw.Node) (*draw.Node, bool) {
		if n == nil || n.IsArtifact() {
			return n, true
		}
		if c, ok := nodes[n]; ok {
			return c, true
		}
		top := n
		for top.Parent != nil {
			top = top.Parent
		}
		if top.Role == draw.RoleDocument {
			return nil, false // in the document's tree already
		}
		cloneTree(top, nil, nodes)
		return nodes[n], true
	}
	out = make([]setLine, len(ls))
	for i, ln := range ls {
		c := ln
		c.items = make([]draw.Item, len(ln.items))
		for k, it := range ln.items {
			var tag **draw.Node
			switch it := it.(type) {
			case *draw.Text:
				x := *it
				c.items[k], tag = &x, &x.Tag
			case *draw.Words:
				x := *it
				x.W = append([]draw.Word(nil), it.W...)
				c.items[k], tag = &x, &x.Tag
			case *draw.Path:
				x := *it
				x.Ops = append([]doc.PathOp(nil), it.Ops...)
				x.Dash = append([]float64(nil), it.Dash...)
				c.items[k], tag = &x, &x.Tag
			case *draw.Image:
				x := *it
				c.items[k], tag = &x, &x.Tag
			case *draw.Link:
				x := *it
				c.items[k], tag = &x, &x.Tag
			case *draw.Anchor:
				x := *it
				c.items[k] = &x
			case *draw.Bookmark:
				x := *it
				c.items[k] = &x
			default:
				return nil, false
			}
			if tag != nil {
				n, ok := node(*tag)
				if !ok {
					return nil, false
				}
				*tag = n
			}
		}
		out[i] = c
	}
	return out, true
}

// cloneTree copies the structure tree under n, its copy's parent p,
// recording each copy in nodes.
func cloneTree(n, p *draw.Node, nodes map[*draw.Node]*draw.Node) *draw.Node {
	c := *n
	c.Parent = p
	nodes[n] = &c
	if len(n.Kids) > 0 {
		c.Kids = make([]*draw.Node, len(n.Kids))
		for i, k := range n.Kids {
			c.Kids[i] = cloneTree(k, &c, nodes)
		}
	}
	return &c
}

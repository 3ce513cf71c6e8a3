package pdf

import (
	"crypto/sha256"
	"encoding/binary"
	"hash/maphash"
	"math"
	"slices"

	"quire/internal/draw"
	"quire/internal/pdf/tag"
)

// PageCache keeps what the drawing of each page of one Write made (its
// deflated content stream, what fpdf is to do on it, what it learnt of the
// structure) for the next Write (quire watch): a page whose drawing would
// be the same is not drawn again. After a one-word edit most pages are.
//
// The key is a 128-bit digest (pageKey) of everything the drawing of a
// page reads (see pageKeyer): the page's number and size, each item's every field that a
// drawer reads, the structure nodes by their role and by which items share
// one, whether each link's anchor exists, and what the Write fixes before
// the first page is drawn (the fonts' resource names, compression,
// tagging). What replay reads (an image's data, a bookmark's title) comes
// from the page being written, not from the cache: the entry names items
// by their index on the page. So the file is the one a Write without the
// cache makes (TestPageCacheRebuild). A Write keeps only the pages it
// wrote (and, while it runs, those of the Write before): memory follows
// the document, not its history.
//
// A PageCache serves one Write at a time; its pages may use it from
// several goroutines.
type PageCache struct {
	twoWrites[pageKey, *drawnPage]
	seeds [2]maphash.Seed
}

// NewPageCache returns an empty cache.
func NewPageCache() *PageCache {
	return &PageCache{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
}

// pageKey is a page's digest: two 64-bit hashes of its encoding, each
// under a seed of its own that this process chose at random (maphash), so
// that an input cannot be made to collide without knowing the seeds; two
// pages of different encodings have the same key with a chance of about
// 2^-128. SHA-256 costs four times as much here, a millisecond of a
// rebuild. (What the Write fixes before drawing, drawContext, is hashed
// once a Write with SHA-256 and written into every page's encoding.)
type pageKey [2]uint64

// drawnPage is a page as a drawer drew it, its items named by index.
type drawnPage struct {
	ops    []pageOp // item nil: see opItem
	opItem []int    // per op, the index of its item on the page, -1 for none
	own    bool
	data   []byte // the deflated content, if own
	marks  pageMarksOut
	// The structure nodes of marks, by the index of the first item on
	// the page that has each, -1 for the marker's own (loose) node.
	contentAt, boxAt, linkAt []int
}

// begin starts a Write.
func (c *PageCache) begin() {
	if c != nil {
		c.twoWrites.begin()
	}
}

// pageKeyer makes the keys of pages for one drawer.
type pageKeyer struct {
	ctx   [sha256.Size]byte // what the Write fixes before drawing (drawContext)
	b     []byte            // the encoding not yet hashed
	h     [2]maphash.Hash
	nodes map[*draw.Node]int // node -> its number on the page, from 1
}

// keyChunk is how much of a page's encoding the keyer holds before it
// hashes it.
const keyChunk = 4 << 10

// flush hashes the encoding held.
func (k *pageKeyer) flush(b []byte) []byte {
	k.h[0].Write(b)
	k.h[1].Write(b)
	return b[:0]
}

// drawContext returns the digest of what every page's drawing reads from
// the Write rather than from the page: the fonts' resource names, whether
// pages are compressed, tagged, and the graphics state fpdf starts a page
// with.
func (r *renderer) drawContext() [sha256.Size]byte {
	var b []byte
	names := make([]string, 0, len(r.fontName))
	for f := range r.fontName {
		names = append(names, f)
	}
	slices.Sort(names)
	for _, f := range names {
		b = appendStr(b, f)
		b = appendStr(b, r.fontName[f])
	}
	b = appendBool(b, r.streams != nil)
	b = appendBool(b, r.mc.on)
	for _, v := range [...]int{r.start.fill[0], r.start.fill[1], r.start.fill[2], r.start.stroke[0], r.start.stroke[1], r.start.stroke[2]} {
		b = binary.AppendVarint(b, int64(v))
	}
	b = appendF64(b, r.start.lw)
	return sha256.Sum256(b)
}

// key returns the key of page pi, p, drawn with the plan pl; false if the
// page holds an item the keyer does not know (it is drawn, not cached).
func (k *pageKeyer) key(pl *planned, pi int, p *draw.Page, seeds *[2]maphash.Seed) (pageKey, bool) {
	if k.b == nil {
		k.b = make([]byte, 0, keyChunk+1024)
		k.nodes = make(map[*draw.Node]int, 64)
		k.h[0].SetSeed(seeds[0])
		k.h[1].SetSeed(seeds[1])
	}
	k.h[0].Reset()
	k.h[1].Reset()
	b := append(k.b[:0], k.ctx[:]...)
	b = binary.AppendUvarint(b, uint64(pi))
	b = appendF64(b, p.Width)
	b = appendF64(b, p.Height)
	clear(k.nodes)
	for _, it := range p.Items {
		if len(b) >= keyChunk {
			b = k.flush(b)
		}
		switch it := it.(type) {
		case *draw.Text:
			b = append(b, 'T')
			b = appendF64(b, it.X)
			b = appendF64(b, it.Y)
			b = appendStr(b, it.Face)
			b = appendF64(b, it.Size)
			b = appendStr(b, it.S)
			if it.Glyphs == nil {
				b = append(b, 0)
			} else {
				b = append(b, 1)
				b = appendGlyphs(b, it.Glyphs)
			}
			b = k.node(b, it.Tag)
			b = appendLook(b, it.Look)
			b = appendBool(b, it.EndActual)
			b = appendBool(b, it.Invisible)
			b = appendBool(b, it.Space)
		case *draw.Words:
			b = append(b, 'W')
			b = appendF64(b, it.Y)
			b = appendStr(b, it.Face)
			b = appendF64(b, it.Size)
			b = k.node(b, it.Tag)
			b = appendLook(b, it.Look)
			b = binary.AppendUvarint(b, uint64(len(it.W)))
			for i := range it.W {
				if len(b) >= keyChunk {
					b = k.flush(b)
				}
				w := &it.W[i]
				b = appendF64(b, w.X)
				if w.R == nil {
					b = append(b, 0)
				} else {
					b = append(b, 1)
					b = appendStr(b, w.R.S)
					b = appendGlyphs(b, w.R.Glyphs)
				}
				b = appendBool(b, w.Space)
			}
		case *draw.Path:
			b = append(b, 'P')
			b = binary.AppendUvarint(b, uint64(len(it.Ops)))
			for _, op := range it.Ops {
				b = append(b, byte(op.Kind))
				for _, pt := range op.Points {
					b = appendF64(b, pt[0])
					b = appendF64(b, pt[1])
				}
			}
			b = appendColor64(b, it.Stroke)
			b = appendColor64(b, it.Fill)
			b = appendF64(b, it.LineWidth)
			b = binary.AppendUvarint(b, uint64(len(it.Dash)))
			for _, d := range it.Dash {
				b = appendF64(b, d)
			}
			b = appendBool(b, it.EvenOdd)
			b = appendStr(b, it.Cap)
			b = appendStr(b, it.Join)
			b = appendF64(b, it.MiterLimit)
			b = appendF64(b, it.DashPhase)
			b = appendBool(b, it.Decoration)
			b = k.node(b, it.Tag)
		case *draw.Image:
			// Its data, key and format are read when fpdf draws it
			// (replay), from the page written, not from the cache.
			b = append(b, 'I')
			b = appendF64(b, it.X)
			b = appendF64(b, it.Y)
			b = appendF64(b, it.W)
			b = appendF64(b, it.H)
			b = k.node(b, it.Tag)
		case *draw.Link:
			b = append(b, 'L')
			b = appendF64(b, it.X)
			b = appendF64(b, it.Y)
			b = appendF64(b, it.W)
			b = appendF64(b, it.H)
			b = appendStr(b, it.URL)
			b = appendStr(b, it.Dest)
			_, ok := pl.anchors[it.Dest]
			b = appendBool(b, ok)
			b = k.node(b, it.Tag)
		case *draw.Anchor:
			b = append(b, 'A')
			b = appendStr(b, it.Name)
			b = appendF64(b, it.Y)
		case *draw.Bookmark:
			// Drawn by replay from the page written: only where it
			// falls among the items counts.
			b = append(b, 'B')
		case *draw.PageStart:
			b = append(b, 'S')
			b = binary.AppendVarint(b, int64(it.Page))
		default:
			k.b = b[:0]
			return pageKey{}, false
		}
	}
	k.b = k.flush(b)
	return pageKey{k.h[0].Sum64(), k.h[1].Sum64()}, true
}

// node appends structure node n: 0 for none, else its number on the page
// and, where it first appears, its role and artifact kind (what a
// drawer reads of it).
func (k *pageKeyer) node(b []byte, n *draw.Node) []byte {
	if n == nil {
		return append(b, 0)
	}
	if i, ok := k.nodes[n]; ok {
		return binary.AppendUvarint(b, uint64(i))
	}
	i := len(k.nodes) + 1
	k.nodes[n] = i
	b = binary.AppendUvarint(b, uint64(i))
	b = appendStr(b, string(n.Role))
	return append(b, byte(n.Artifact))
}

func appendF64(b []byte, v float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendGlyphs(b []byte, gs []draw.Glyph) []byte {
	b = binary.AppendUvarint(b, uint64(len(gs)))
	for _, g := range gs {
		b = binary.AppendVarint(b, int64(g.Code))
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(g.Adv))
		b = appendStr(b, g.Text)
	}
	return b
}

func appendLook(b []byte, l *draw.Look) []byte {
	if l == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	b = appendF64(b, l.Color.R)
	b = appendF64(b, l.Color.G)
	b = appendF64(b, l.Color.B)
	b = appendF64(b, l.Angle)
	b = appendF64(b, l.Embolden)
	if l.Actual == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	return appendStr(b, *l.Actual)
}

func appendColor64(b []byte, c *draw.Color) []byte {
	if c == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	b = appendF64(b, c.R)
	b = appendF64(b, c.G)
	return appendF64(b, c.B)
}

// keep makes the entry of page p as drawn into out (its deflated content
// data if the drawer wrote it whole), with the marker's node loose.
func keep(p *draw.Page, out *pageOut, data []byte, loose *draw.Node) *drawnPage {
	first := map[*draw.Node]int{}
	for i, it := range p.Items {
		if t, ok := it.(draw.Tagged); ok {
			if n := t.Node(); n != nil {
				if _, ok := first[n]; !ok {
					first[n] = i
				}
			}
		}
	}
	at := func(n *draw.Node) (int, bool) {
		if n == loose {
			return -1, true
		}
		i, ok := first[n]
		return i, ok
	}
	e := &drawnPage{own: out.own, data: data, marks: out.marks}
	e.ops = slices.Clone(out.ops)
	e.opItem = make([]int, len(out.ops))
	for k := range e.ops {
		e.opItem[k] = -1
		if it := e.ops[k].item; it != nil {
			e.opItem[k] = slices.Index(p.Items, it)
			if e.opItem[k] < 0 {
				return nil
			}
			e.ops[k].item = nil
		}
	}
	m := &e.marks
	var ok bool
	if m.content, e.contentAt, ok = unbind(m.content, func(c *tag.Content) **draw.Node { return &c.Node }, at); !ok {
		return nil
	}
	if m.boxes, e.boxAt, ok = unbind(m.boxes, func(b *nodeBox) **draw.Node { return &b.node }, at); !ok {
		return nil
	}
	if m.links, e.linkAt, ok = unbind(m.links, func(l *linkText) **draw.Node { return &l.node }, at); !ok {
		return nil
	}
	return e
}

// unbind returns a copy of marks with each mark's node (reached through
// node) cleared, and the index, given by at, of the item each node was
// bound to; ok is false when a node is not on the page.
func unbind[M any](marks []M, node func(*M) **draw.Node, at func(*draw.Node) (int, bool)) (_ []M, idx []int, ok bool) {
	marks = slices.Clone(marks)
	idx = make([]int, len(marks))
	for k := range marks {
		n := node(&marks[k])
		i, ok := at(*n)
		if !ok {
			return nil, nil, false
		}
		idx[k], *n = i, nil
	}
	return marks, idx, true
}

// use gives out page p as the entry drew it, its items and nodes those of
// p, and returns its deflated content (nil if not own).
func (e *drawnPage) use(p *draw.Page, out *pageOut, loose *draw.Node) []byte {
	node := func(i int) *draw.Node {
		if i < 0 {
			return loose
		}
		return p.Items[i].(draw.Tagged).Node()
	}
	out.own = e.own
	out.ops = slices.Clone(e.ops)
	for k, i := range e.opItem {
		if i >= 0 {
			out.ops[k].item = p.Items[i]
		}
	}
	m := e.marks
	m.content = slices.Clone(m.content)
	for k, i := range e.contentAt {
		m.content[k].Node = node(i)
	}
	m.boxes = slices.Clone(m.boxes)
	for k, i := range e.boxAt {
		m.boxes[k].node = node(i)
	}
	m.links = slices.Clone(m.links)
	for k, i := range e.linkAt {
		m.links[k].node = node(i)
	}
	out.marks = m
	return e.data
}

package layout

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

// The blocks of a document are set on all cores: the top-level blocks are
// cut into parts, each part is set by a galley of its own (its own
// structure root, notes and diagnostics), and the parts are joined in
// order. What one block's setting needs of the blocks before it is
// carried over exactly, so the galley, the structure tree and the
// diagnostics are those of a one-core run, whatever the number of cores:
//
//   - whether the block before was a paragraph (its indent), given to
//     each part at its start;
//   - the noBreak of the box before a part's first spaces (galley.skip),
//     taken when the parts are joined (vbox.inherit);
//   - the level of the heading before (the warning for a skipped level),
//     replayed in order when the parts are joined (chunkLog);
//   - a footnote is set where it is first referenced and placed with
//     that reference: the parts are cut so that every reference to a
//     note, and to the notes inside it, falls in one part.
//
// Diagnostics of a part are kept in its own list and added to the
// document's in order, so their order, and which repeated warnings are
// kept, are those of a one-core run.

// partBytes is about how much text a part holds: enough that the cost of
// a part's galley is noise, small enough that the parts keep every core
// busy to the end.
var partBytes = 4 << 10

// chunkLog records what a part must hand to the parts after it.
type chunkLog struct {
	headings []headingEvent
}

// headingEvent is a heading set in a part: its level, its position, and
// how many diagnostics the part had recorded before it.
type headingEvent struct {
	level int
	pos   doc.Pos
	at    int
}

func (c *chunkLog) heading(lv int, pos doc.Pos, diags *diag.List) {
	at := 0
	if diags != nil {
		at = diags.Len()
	}
	c.headings = append(c.headings, headingEvent{lv, pos, at})
}

// part is one part of the document set on its own.
type part struct {
	from, to int // blocks [from, to)
	l        *Layout
	g        *galley
	panic    any
	failed   bool
}

// setBlocks sets the top-level blocks bs in frame c, on all cores when
// the document is long enough to be worth cutting.
func (g *galley) setBlocks(bs []doc.Block, c ctx) {
	workers := runtime.GOMAXPROCS(0)
	var parts []*part
	if workers > 1 {
		parts = cutParts(bs)
	}
	if len(parts) <= 1 {
		g.blocks(bs, c)
		return
	}
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(parts)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				i := int(next.Add(1)) - 1
				if i >= len(parts) {
					return
				}
				if !g.setPart(parts[i], bs, c) {
					stop.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	for _, p := range parts {
		if p.failed {
			panic(p.panic) // the first part's failure, as one core would have met it
		}
	}
	// The galley and the root's kids take the parts' in one growth each.
	boxes, kids := 0, 0
	for _, p := range parts {
		boxes += len(p.g.out)
		kids += len(p.l.root.Kids)
	}
	g.out = slices.Grow(g.out, boxes)
	if g.l.root == nil {
		g.l.root = draw.NewDocument() // as join makes it
	}
	g.l.root.Kids = slices.Grow(g.l.root.Kids, kids)
	for _, p := range parts {
		g.join(p)
	}
}

// setPart sets the blocks of p with a Layout and a galley of its own. It
// returns false if the part panicked (a cancelled build, a bug).
func (g *galley) setPart(p *part, bs []doc.Block, c ctx) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			p.panic, p.failed = r, true
			ok = false
		}
	}()
	l := *g.l
	l.root = draw.NewDocument()
	if g.l.diags != nil {
		l.diags = &diag.List{Draft: g.l.diags.Draft}
	}
	l.quality = Quality{}
	l.chunk = &chunkLog{}
	p.l = &l
	p.g = &galley{l: &l, notes: map[*doc.Note]*noteSet{}, lang: g.lang}
	c.parent = l.root
	prevPara := false
	if p.from > 0 {
		_, prevPara = bs[p.from-1].(*doc.Paragraph)
	}
	for _, b := range bs[p.from:p.to] {
		p.g.block(b, c, prevPara)
		_, prevPara = b.(*doc.Paragraph)
	}
	return true
}

// join appends a part set on its own to g, as if g had set its blocks.
func (g *galley) join(p *part) {
	l := g.l
	// The structure: the part's top-level nodes become the root's.
	root := l.root
	if root == nil {
		root = draw.NewDocument()
		l.root = root
	}
	for _, k := range p.l.root.Kids {
		k.Parent = root
		root.Kids = append(root.Kids, k)
	}
	// The diagnostics, with the heading warnings where they fall.
	var rec []diag.Diagnostic
	if p.l.diags != nil {
		rec = p.l.diags.Recorded()
	}
	done := 0
	for _, h := range p.l.chunk.headings {
		for ; done < h.at && done < len(rec); done++ {
			l.diags.Add(rec[done])
		}
		l.headingLevel(h.level, h.pos)
	}
	for ; done < len(rec); done++ {
		l.diags.Add(rec[done])
	}
	l.quality.add(p.l.quality)
	for n, ns := range p.g.notes {
		g.notes[n] = ns
	}
	for _, v := range p.g.out {
		if v.inherit {
			if n := len(g.out); n > 0 && g.out[n-1].noBreak {
				v.noBreak = true
			}
			v.inherit = false
		}
		g.out = append(g.out, v)
	}
}

// cutParts cuts the top-level blocks into parts of about partBytes of
// text, never between two references to one footnote (nor to the notes
// inside it). It returns nil for a document that makes one part.
func cutParts(bs []doc.Block) []*part {
	if len(bs) < 2 {
		return nil
	}
	size := make([]int, len(bs))
	// noCut[i] > 0: no cut between block i and block i+1.
	noCut := make([]int, len(bs)+1)
	first := map[*doc.Note]int{}
	total := 0
	for i, b := range bs {
		seen := map[*doc.Note]bool{}
		var visit func(in []doc.Inline)
		visit = func(in []doc.Inline) {
			doc.EachInline(in, func(x doc.Inline) {
				switch x := x.(type) {
				case doc.Text:
					size[i] += len(x.S)
				case doc.NoteRef:
					if x.Note == nil || seen[x.Note] {
						return
					}
					seen[x.Note] = true
					if f, ok := first[x.Note]; ok && f < i {
						noCut[f]++
						noCut[i]--
					} else if !ok {
						first[x.Note] = i
					}
					doc.EachInlines(x.Note.Blocks, visit)
				}
			})
		}
		doc.EachInlines([]doc.Block{b}, visit)
		size[i] += 64 // the block's own cost
		total += size[i]
	}
	if total < 2*partBytes {
		return nil
	}
	var parts []*part
	from, acc, open := 0, 0, 0
	for i := range bs {
		acc += size[i]
		open += noCut[i]
		if i+1 < len(bs) && open == 0 && acc >= partBytes {
			parts = append(parts, &part{from: from, to: i + 1})
			from, acc = i+1, 0
		}
	}
	parts = append(parts, &part{from: from, to: len(bs)})
	if len(parts) < 2 {
		return nil
	}
	return parts
}

package pdf

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/shape"
)

// plan makes the first pass over the pages, on all cores: each core takes
// the next page not taken and keeps its own census of the faces and code
// points drawn, the meanings of the codes that stand for other text and
// the anchors, each with the page it was first seen on; the censuses are
// merged, the first meaning and the first anchor of a name being the one
// of the lowest page (pages are taken in order, so a core sees its pages
// in order). The glyph runs of page i's Text items without Glyphs go to
// their places in runs (firstU[i] on). The images, few, are listed in one pass after. So
// the plan is the one a one-core pass makes.
func plan(pages []*draw.Page, tagged bool) (*planned, error) {
	pl := &planned{
		faces:   map[string]*faceUse{},
		anchors: map[string]anchor{},
		imgName: map[string]string{},
	}
	// The Text items, and those without Glyphs, to size the per-item
	// slices once: a book has a million words, and its headers and
	// folios are the few texts the plan shapes.
	texts, unshaped := 0, 0
	pl.first = make([]int, len(pages))
	pl.firstU = make([]int, len(pages))
	for i, p := range pages {
		pl.first[i], pl.firstU[i] = texts, unshaped
		for _, it := range p.Items {
			switch it := it.(type) {
			case *draw.Text:
				texts++
				if it.Glyphs == nil {
					unshaped++
				}
			case *draw.Words:
				texts += len(it.W)
			}
		}
	}
	pl.runs = make([][]glyphRun, unshaped)
	if tagged {
		pl.spaces = make([]float32, texts)
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), len(pages)))
	cs := make([]*census, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		c := &census{faces: map[string]*faceCensus{}, anchors: map[string]anchor{}}
		cs[w] = c
		count := func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(pages) {
					return
				}
				if c.err == nil {
					c.page(pl, i, pages[i], tagged)
				}
			}
		}
		if workers == 1 {
			count()
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if e := recover(); e != nil && c.err == nil {
					c.err, c.errPage = fmt.Errorf("internal error: %v", e), -1
				}
			}()
			count()
		}()
	}
	wg.Wait()
	if err := pl.merge(cs); err != nil {
		return nil, err
	}
	withImages := make([]bool, len(pages))
	for _, c := range cs {
		for _, pi := range c.images {
			withImages[pi] = true
		}
	}
	byHash := map[string]bool{}
	for pi, p := range pages {
		if !withImages[pi] {
			continue
		}
		for _, it := range p.Items {
			it, ok := it.(*draw.Image)
			if !ok {
				continue
			}
			if _, ok := pl.imgName[it.Key]; ok && it.Key != "" {
				continue
			}
			sum := sha256.Sum256(it.Data)
			name := hex.EncodeToString(sum[:16])
			if it.Key != "" {
				pl.imgName[it.Key] = name
			}
			if !byHash[name] {
				byHash[name] = true
				pl.images = append(pl.images, it)
			}
		}
	}
	return pl, nil
}

// A census is what one core learns of the pages it takes.
type census struct {
	faces    map[string]*faceCensus
	last     *faceCensus // the face of the last run, looked up again for the next
	lastName string
	one      [1]glyphRun // the run of an item with Glyphs, which runs does not keep
	anchors  map[string]anchor
	images   []int // the pages with images
	err      error // the error of the first page that has one
	errPage  int
}

// faceCensus is a face's part of a census.
type faceCensus struct {
	face    *font.Face
	runes   [0x10000 / 64]uint64
	private bool
	text    map[rune]pageText
	space   float32 // the word space's advance, -1 if the face has none, once spaceOK
	spaceOK bool
}

// pageText is what a code stands for, and the page where that was seen
// first.
type pageText struct {
	page int
	s    string
}

// page counts page pi, p.
func (c *census) page(pl *planned, pi int, p *draw.Page, tagged bool) {
	k, u := pl.first[pi], pl.firstU[pi]
	hasImage := false
	var word draw.Text
	for _, it := range p.Items {
		switch it := it.(type) {
		case *draw.Words:
			for w := range it.W {
				if w == 0 {
					word = it.At(0)
				} else {
					it.Next(w, &word)
				}
				if !c.text(pl, pi, k, u, &word, tagged) {
					return
				}
				k++
			}
		case *draw.Text:
			if !c.text(pl, pi, k, u, it, tagged) {
				return
			}
			k++
			if it.Glyphs == nil {
				u++
			}
		case *draw.Anchor:
			if _, ok := c.anchors[it.Name]; !ok {
				c.anchors[it.Name] = anchor{pi + 1, it.Y}
			}
		case *draw.Image:
			hasImage = true
		}
	}
	if hasImage {
		c.images = append(c.images, pi)
	}
}

// text counts text item k of page pi, it, the u-th without Glyphs if it
// has none; false if its face is unknown (c.fail).
func (c *census) text(pl *planned, pi, k, u int, it *draw.Text, tagged bool) bool {
	var runs []glyphRun
	if it.Glyphs != nil {
		c.one[0] = glyphRun{Face: it.Face, GlyphRun: draw.GlyphRun{Glyphs: it.Glyphs}}
		runs = c.one[:] // item makes it again
	} else {
		if _, err := font.Get(it.Face); err != nil {
			c.fail(pi, err)
			return false
		}
		sh := shape.Shape(it.Face, strings.ToValidUTF8(it.S, "\uFFFD"), 0)
		runs = sh.Runs
		pl.runs[u] = runs
	}
	if tagged {
		pl.spaces[k] = -1
	}
	for ri, run := range runs {
		fc := c.last
		if run.Face != c.lastName || fc == nil {
			fc = c.faces[run.Face]
		}
		if fc == nil {
			f, err := font.Get(run.Face)
			if err != nil {
				c.fail(pi, err)
				return false
			}
			fc = &faceCensus{face: f, text: map[rune]pageText{}}
			c.faces[run.Face] = fc
		}
		c.lastName, c.last = run.Face, fc
		for _, g := range run.Glyphs {
			r := g.Code
			if r <= 0 || r >= 0x10000 {
				continue
			}
			fc.runes[r/64] |= 1 << (r % 64)
			if !fc.private && fc.face.Private(r) {
				fc.private = true
			}
			if g.Text != "" {
				if _, ok := fc.text[r]; !ok {
					fc.text[r] = pageText{pi, g.Text}
				}
			}
		}
		if tagged && it.Space && ri == len(runs)-1 {
			pl.spaces[k] = fc.wordSpace(pi)
		}
	}
	return true
}

func (c *census) fail(pi int, err error) {
	if c.err == nil {
		c.err, c.errPage = err, pi
	}
}

// wordSpace returns the advance of the word space a tagged file draws
// after a word (see draw.Text.Space) in this face, at the width the face
// gives it, so that it moves nothing, and counts the space among the
// characters drawn, on page pi; -1 if the face has no space. The plan
// keeps the advance beside the word's runs (planned.spaces), which may be
// the shaper's, cached, and tj draws it after the last run's glyphs:
// nothing is copied.
func (fc *faceCensus) wordSpace(pi int) float32 {
	if fc.spaceOK {
		return fc.space
	}
	fc.spaceOK, fc.space = true, -1
	if !fc.face.Has(' ') {
		return -1
	}
	fc.space = float32(fc.face.PDFWidth(' '))
	const r = ' '
	fc.runes[r/64] |= 1 << (r % 64)
	if !fc.private && fc.face.Private(r) {
		fc.private = true
	}
	if _, ok := fc.text[r]; !ok {
		fc.text[r] = pageText{pi, " "}
	}
	return fc.space
}

// merge adds the censuses to the plan: the error of the lowest page, or
// the faces, their code points and meanings, and the anchors.
func (pl *planned) merge(cs []*census) error {
	var first *census
	for _, c := range cs {
		if c.err != nil && (first == nil || c.errPage < first.errPage) {
			first = c
		}
	}
	if first != nil {
		if first.errPage < 0 {
			return fmt.Errorf("pdf: %v", first.err)
		}
		return fmt.Errorf("pdf: page %d: %v", first.errPage+1, first.err)
	}
	textPage := map[*faceUse]map[rune]int{}
	for _, c := range cs {
		for name, fc := range c.faces {
			fu := pl.faces[name]
			if fu == nil {
				var err error
				if fu, err = newFaceUse(name); err != nil {
					return fmt.Errorf("pdf: %v", err)
				}
				pl.faces[name] = fu
				textPage[fu] = map[rune]int{}
			}
			for i, w := range fc.runes {
				fu.runes[i] |= w
			}
			fu.private = fu.private || fc.private
			if fc.spaceOK {
				fu.space, fu.spaceOK = fc.space, true
			}
			pages := textPage[fu]
			for r, t := range fc.text {
				if p, ok := pages[r]; !ok || t.page < p {
					fu.text[r] = t.s
					pages[r] = t.page
				}
			}
		}
		for name, a := range c.anchors {
			if b, ok := pl.anchors[name]; !ok || a.page < b.page {
				pl.anchors[name] = a
			}
		}
	}
	pl.widths = make(map[string]*widths, len(pl.faces))
	for name, fu := range pl.faces {
		pl.widths[name] = newWidths(fu.face, &fu.runes)
	}
	return nil
}

package layout

import (
	"quire/internal/lang"
	"quire/internal/linebreak"
	"quire/internal/shape"
)

// A word cache keeps what wordPiece made of a word — its boxes, their
// widths, its break points and their penalties — so that the next time the
// same word is set in the same measure it is copied, not scanned, shaped,
// hyphenated and cut again. A text repeats its words (a few thousand
// distinct ones make most of a book), so most words of a long document
// are found here.
//
// What wordPiece makes of a word depends on the word and on these alone:
// the face, size, features and rise of its style (the shaping, the hyphen
// and what protrudes into the margin), the language its hyphenation starts
// from (builder.hyphenator), and whether the paragraph is hyphenated and
// justified: a wordStyle. The cache holds a map from words to entries for
// each wordStyle. The line width matters only to a word given emergency
// break points, which is never taken from the cache (nor kept in it); nor
// is a word that is not valid UTF-8 or holds CJK text.
//
// A cache belongs to a para and goes with it to the pool, so each core
// keeps its own, without locks; the pool drops it at a collection.
type wordCache struct {
	styles []wordStyle
	words  []map[string]*wordEntry // by style
	n      int                     // entries in all
	// Entries and their slices are taken from slabs.
	entries []wordEntry
	items   []linebreak.Item
	parts   []wordPart
}

// wordStyle is what a word's pieces depend on besides the word.
type wordStyle struct {
	face       string
	size, rise float64
	lang       *lang.Language // the language hyphenation starts from; nil: none
	feat       shape.Features
	hyphenate  bool
	justify    bool
}

// wordEntry is what wordPiece made of a word: its items, and for each the
// part of the word a box holds (or what a penalty draws).
type wordEntry struct {
	sh    *shape.Shaped // the word shaped whole
	w     float64       // its width in points
	items []linebreak.Item
	parts []wordPart
	endR  float64 // what the word's last character protrudes (protrudeEnd), when justified
}

// wordPart is the payload of an item of a cached word: a box holds the
// bytes [off, end) of the word; a penalty (off < 0) draws a hyphen when
// off is hyphenPart, nothing when it is plainPart.
type wordPart struct {
	off, end int32
}

const (
	plainPart  = -1
	hyphenPart = -2
)

// wordCacheLimit bounds a cache: a full one is emptied. (A variable for
// the tests.)
var wordCacheLimit = 1 << 14

// wordCacheOff turns the cache off, for tests that compare with it on.
var wordCacheOff = false

// words returns the cache's map for words set in st in the builder's
// paragraph, made if need be; the builder keeps it for the next word in
// st.
func (b *builder) words(st *textStyle) map[string]*wordEntry {
	if st == b.wordSt && b.wordMap != nil {
		return b.wordMap
	}
	lg := b.lang // as hyphenator chooses it
	if st.lang != nil && b.lang != nil {
		lg = st.lang
	}
	ws := wordStyle{face: st.face, size: st.size, rise: st.rise, lang: lg, feat: st.feat,
		hyphenate: b.opts.hyphenate, justify: b.opts.justify}
	c := &b.p.words
	var m map[string]*wordEntry
	for i := range c.styles {
		if c.styles[i] == ws {
			m = c.words[i]
			break
		}
	}
	if m == nil {
		m = make(map[string]*wordEntry, 64)
		c.styles = append(c.styles, ws)
		c.words = append(c.words, m)
	}
	b.wordSt, b.wordMap = st, m
	return m
}

// cachedWord adds the pieces of word s, set in st, from the cache and
// reports whether it could.
func (b *builder) cachedWord(s string, st *textStyle) bool {
	e := b.words(st)[s]
	if e == nil || b.long(e.w) || wordCacheOff {
		return false
	}
	b.wordHits++
	p := b.p
	if len(e.parts) == 1 && len(p.pendingAnchors) == 0 {
		// A word without break points: one box.
		d := e.parts[0]
		h := p.newBox(hbox{text: s[d.off:d.end], st: st, src: s, off: int(d.off), sh: e.sh})
		p.items = append(p.items, e.items[0])
		p.boxes = append(p.boxes, h)
		b.lastGlue = false
		b.endBox, b.endR = h, e.endR
		return true
	}
	first := len(p.items)
	p.items = append(p.items, e.items...)
	for i := range e.parts {
		switch d := e.parts[i]; d.off {
		case plainPart:
			p.boxes = append(p.boxes, nil)
		case hyphenPart:
			p.boxes = append(p.boxes, p.newBox(hbox{text: "-", st: st}))
		default:
			p.boxes = append(p.boxes, p.newBox(hbox{text: s[d.off:d.end], st: st, src: s, off: int(d.off), sh: e.sh}))
		}
	}
	if len(p.pendingAnchors) > 0 {
		h := p.boxes[first] // a word starts with a box
		h.addAnchors(p.pendingAnchors)
		p.pendingAnchors = nil
	}
	b.lastGlue = false
	b.endBox, b.endR = p.boxes[len(p.boxes)-1], e.endR // a word ends with a box
	return true
}

// long reports whether a word w points wide is long enough, in this
// paragraph's measure, that wordPiece may give it emergency break points
// (emergency.go): such a word is neither kept in the cache nor taken
// from it, since its pieces depend on the line width.
func (b *builder) long(w float64) bool { return w > b.width*0.7 && b.width > 0 }

// keepWord records in the cache the items wordPiece made of word s, set in
// st, from items[first:] on, shaped as sh and w points wide.
func (b *builder) keepWord(s string, st *textStyle, first int, sh *shape.Shaped, w float64) {
	p := b.p
	c := &p.words
	if c.n >= wordCacheLimit {
		*c = wordCache{}
		b.wordMap = nil
	}
	m := b.words(st)
	n := len(p.items) - first
	if len(c.entries) == cap(c.entries) {
		c.entries = make([]wordEntry, 0, 256)
	}
	if cap(c.items)-len(c.items) < n {
		c.items = make([]linebreak.Item, 0, max(1024, n))
		c.parts = make([]wordPart, 0, max(1024, n))
	}
	c.entries = append(c.entries, wordEntry{sh: sh, w: w})
	e := &c.entries[len(c.entries)-1]
	k := len(c.items)
	c.items = append(c.items, p.items[first:]...)
	e.items = c.items[k : k+n : k+n]
	c.parts = c.parts[:k+n]
	e.parts = c.parts[k : k+n : k+n]
	for i, h := range p.boxes[first:] {
		switch {
		case e.items[i].Kind == linebreak.Box:
			e.parts[i] = wordPart{off: int32(h.off), end: int32(h.off + len(h.text))}
		case h != nil:
			e.parts[i] = wordPart{off: hyphenPart}
		default:
			e.parts[i] = wordPart{off: plainPart}
		}
	}
	if b.opts.justify {
		e.endR = b.protrudeEnd()
	}
	m[s] = e
	c.n++
}

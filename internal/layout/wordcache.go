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
// justified. They make the key. The line width matters only to a word
// given emergency break points, which is never taken from the cache (nor
// kept in it); nor is a word that is not valid UTF-8 or holds CJK text.
//
// A cache belongs to a para and goes with it to the pool, so each core
// keeps its own, without locks; the pool drops it at a collection.

// wordKey is what a word's pieces depend on.
type wordKey struct {
	s          string
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

// wordCacheLimit bounds a cache: a full one is emptied.
const wordCacheLimit = 1 << 14

// wordCacheOff turns the cache off, for tests that compare with it on.
var wordCacheOff = false

// wordKey returns the key of word s set in st in the builder's paragraph.
func (b *builder) wordKey(s string, st *textStyle) wordKey {
	lg := b.lang // as hyphenator chooses it
	if st.lang != nil && b.lang != nil {
		lg = st.lang
	}
	return wordKey{s: s, face: st.face, size: st.size, rise: st.rise, lang: lg, feat: st.feat,
		hyphenate: b.opts.hyphenate, justify: b.opts.justify}
}

// cachedWord adds the pieces of word s, set in st, from the cache and
// reports whether it could.
func (b *builder) cachedWord(k *wordKey, st *textStyle) bool {
	e := b.p.words[*k]
	if e == nil || e.w > b.width*0.7 && b.width > 0 || wordCacheOff {
		return false
	}
	b.wordHits++
	s := k.s
	p := b.p
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
		h.anchors = append(h.anchors, p.pendingAnchors...)
		p.pendingAnchors = nil
	}
	b.lastGlue = false
	b.endBox, b.endR = p.boxes[len(p.boxes)-1], e.endR // a word ends with a box
	return true
}

// keepWord records in the cache the items wordPiece made of word s, from
// items[first:] on, shaped as sh and w points wide.
func (b *builder) keepWord(k *wordKey, first int, sh *shape.Shaped, w float64) {
	p := b.p
	if p.words == nil || len(p.words) >= wordCacheLimit {
		p.words = make(map[wordKey]*wordEntry)
	}
	n := len(p.items) - first
	e := &wordEntry{sh: sh, w: w, items: make([]linebreak.Item, n), parts: make([]wordPart, n)}
	copy(e.items, p.items[first:])
	for i, h := range p.boxes[first:] {
		switch {
		case e.items[i].Kind == linebreak.Box:
			e.parts[i] = wordPart{off: int32(h.off), end: int32(h.off + len(h.text))}
		case h != nil:
			e.parts[i].off = hyphenPart
		default:
			e.parts[i].off = plainPart
		}
	}
	if k.justify {
		e.endR = b.protrudeEnd()
	}
	p.words[*k] = e
}

package layout

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/hyph"
	"quire/internal/lang"
	"quire/internal/linebreak"
	"quire/internal/shape"
)

// textStyle is the look of a run of inline content.
type textStyle struct {
	face      string
	size      float64
	color     doc.Color
	url       string  // external link target
	dest      string  // internal link target
	rise      float64 // baseline shift upwards (superscripts)
	strike    bool
	underline bool
	lang      *lang.Language // the text's language when a span sets it; nil: the document's
	feat      shape.Features // ligatures, small caps, figures
	tag       *draw.Node     // the inline structure node the text is in (tag.go); nil: its block's
	embolden  float64        // stroke width of scaled capitals (small caps the face lacks)
}

// hbox is the payload of a linebreak.Box (or of a hyphen penalty).
type hbox struct {
	text string
	st   *textStyle
	// src and off, when src is not empty, say where text sits in the
	// word it was cut from (text == src[off:off+len(text)]), so that the
	// pieces of a word on one line are drawn from the word, not joined.
	src string
	off int
	// sh is src shaped whole in st's face, when src is set by wordPiece.
	sh   *shape.Shaped
	math *mathRun // a piece of a formula (math.go)
	// ext holds what few boxes have: nil for most. A paragraph's boxes
	// are copied into its chunks (newBox) and read line by line: 72
	// bytes, not 112 with the anchors and notes in the box.
	ext *boxExt
}

// boxExt is what a box has that most do not.
type boxExt struct {
	anchors []string    // anchors placed at the box
	notes   []*doc.Note // footnotes whose mark is the box
}

// anchors returns the anchors placed at h.
func (h *hbox) anchors() []string {
	if h.ext == nil {
		return nil
	}
	return h.ext.anchors
}

// notes returns the footnotes whose mark is h.
func (h *hbox) notes() []*doc.Note {
	if h.ext == nil {
		return nil
	}
	return h.ext.notes
}

// addAnchors places anchors at h.
func (h *hbox) addAnchors(anchors []string) {
	if h.ext == nil {
		h.ext = &boxExt{}
	}
	h.ext.anchors = append(h.ext.anchors, anchors...)
}

// para is a paragraph in horizontal mode: the line breaker's items and a
// parallel slice of payloads (nil for glue and penalties without text).
type para struct {
	items []linebreak.Item
	boxes []*hbox
	// trailing anchors/notes with no box to sit on
	pendingAnchors []string

	// The boxes are taken from chunks (newBox), kept for the next
	// paragraph when the paragraph is released (see getPara).
	slab   []hbox
	chunks [][]hbox
	used   int // chunks in use

	// words are the words set before, kept with the paragraph
	// (wordcache.go).
	words wordCache

	// Scratch of setParagraph, for one line at a time.
	segs []lineSeg
	runs []textRun
	pbs  []placedBox
	// Scratch of setParagraph for the whole paragraph: its lines' items,
	// their Words and the words of those, before they are copied into
	// arrays sized for them.
	litems []draw.Item
	lwords []draw.Word
	lws    []draw.Words
	breaks []linebreak.Line // the breaker's lines
	// lw gives the measures of the lines being broken, through widths,
	// the method value p.lw.at.
	lw     lineWidths
	widths func(line int) float64
	// spare is an array setParagraph may return the lines in (it is
	// then the caller's), given back once a paragraph's lines were made
	// boxes (giveLines).
	spare []setLine

	// Scratch of the builder.
	wordBuf []wordPiece
	runes   []rune // the runes of the word wordPiece breaks
	offs    []int  // their byte offsets, and the word's length
	brks    []brk  // its break points
	pts     []int  // hyphenation points of one stretch
}

// boxChunk is how many boxes newBox allocates at a time.
const boxChunk = 128

// newBox returns a box of p holding h. Boxes stay where they are until the
// paragraph is released.
func (p *para) newBox(h hbox) *hbox {
	if len(p.slab) == cap(p.slab) {
		if p.used == len(p.chunks) {
			p.chunks = append(p.chunks, make([]hbox, 0, boxChunk))
		}
		p.slab = p.chunks[p.used][:0]
		p.used++
	}
	p.slab = append(p.slab, h)
	return &p.slab[len(p.slab)-1]
}

// paras holds paragraphs released after setting, for their slices to be
// used again: the paragraphs of a document are set one after the other on
// each core, and their items, payloads and boxes are garbage as soon as
// their lines are made.
var paras = sync.Pool{New: func() any { return new(para) }}

// getPara returns an empty paragraph, with room from one released.
func getPara() *para { return paras.Get().(*para) }

// maxPooled bounds the items a released paragraph keeps room for, so that
// one huge paragraph does not stay in memory.
const maxPooled = 1 << 14

// release empties p, which nothing may use any more (nor its boxes), and
// keeps its room for another paragraph.
func (p *para) release() {
	if cap(p.items) > maxPooled {
		return
	}
	// What the slices still point to is not cleared (that costs write
	// barriers while the collector runs): it is overwritten before it is
	// read, and the pool is emptied at the next collections.
	*p = para{items: p.items[:0], boxes: p.boxes[:0], chunks: p.chunks, words: p.words,
		segs: p.segs[:0], runs: p.runs[:0], pbs: p.pbs[:0],
		litems: p.litems[:0], lwords: p.lwords[:0], lws: p.lws[:0], breaks: p.breaks[:0], widths: p.widths,
		spare:   p.spare,
		wordBuf: p.wordBuf[:0], runes: p.runes[:0], offs: p.offs[:0], brks: p.brks[:0], pts: p.pts[:0]}
	paras.Put(p)
}

// giveLines gives the array of lines set by setParagraph, which nothing
// uses any more (their boxes hold what they need of them), to a pooled
// paragraph, for the lines of another.
func giveLines(ls []setLine) {
	if cap(ls) == 0 {
		return
	}
	p := getPara()
	if cap(ls) > cap(p.spare) {
		p.spare = ls[:0]
	}
	p.release()
}

// paraOpts control how a paragraph's lines are broken and set.
type paraOpts struct {
	justify   bool
	hyphenate bool
	center    bool
	indent    float64 // first-line indent
	hang      float64 // hanging indent: lines after the first start here
	leading   float64
}

// raggedStretch is the right-margin stretch of ragged lines, as in TeX's
// \raggedright with a finite stretch so KP still evens out line lengths.
const raggedStretch = 3.0 // ems

// builder turns inline content into paragraph items.
type builder struct {
	p                     *para
	opts                  paraOpts
	lang                  *lang.Language            // the document's language for hyphenation; nil: none
	docLang               *lang.Language            // the document's language
	cjk                   map[*textStyle]*textStyle // CJK faces for styles (cjk.go)
	quoteOpen, singleOpen int                       // quotation marks open in the paragraph (lang.go)
	lowOpen, lowSingle    int                       // „ and ‚ the author wrote, open (lang.go)
	width                 float64                   // line width, for emergency break points
	spaceSt               *textStyle                // the style whose space is spaceW wide
	spaceW                float64
	face                  styleFace      // the face of the last style looked up (faceOf)
	hyLang                *lang.Language // the language hyph hyphenates (lang.go)
	hyph                  *hyph.Hyphenator
	hyphenSt              *textStyle // the style whose hyphen is hyphenW wide, protruding hyphenR
	hyphenW, hyphenR      float64
	lastGlue              bool
	notes                 *[]*doc.Note // collects note refs in order
	longest               string       // the longest run given emergency break points
	mono                  string       // the face of code
	auto                  autoSpan     // the last span in another script's language (tag.go)
	mathCache             *mathCache   // the formulas set before (math.go); nil: none
	wordHits              int          // words taken from the word cache (wordcache.go)
	// endBox is the last box of the last word taken from the cache, and
	// endR what its last character protrudes (wordcache.go).
	endBox *hbox
	endR   float64
	// wordMap is the word cache's map for the style wordSt.
	wordSt  *textStyle
	wordMap map[string]*wordEntry
}

type wordPiece struct {
	st *textStyle
	s  string
}

func (b *builder) flatten(in []doc.Inline, st *textStyle) {
	for _, x := range in {
		switch x := x.(type) {
		case doc.Text:
			b.text(x.S, st)
		case doc.Code:
			c := *st
			c.face = b.mono
			if c.face == "" {
				c.face = font.Mono
			}
			c.size = st.size * 0.92
			c.feat = shape.NoLigatures
			c.tag = inlineNode(st.tag, draw.RoleCode)
			b.text(x.S, &c)
		case doc.Emph:
			c := *st
			c.face = font.Italic(st.face)
			b.flatten(x.Content, &c)
		case doc.Strong:
			c := *st
			c.face = font.Bold(st.face)
			b.flatten(x.Content, &c)
		case doc.Strike:
			c := *st
			c.strike = true
			b.flatten(x.Content, &c)
		case doc.SmallCaps:
			c := *st
			if shape.HasSmallCaps(st.face) {
				// The face's own small capitals.
				c.feat |= shape.SmallCaps
				b.flatten(x.Content, &c)
				continue
			}
			// Scaled capitals, a little bolder to match the weight of
			// the lowercase around them.
			c.size = st.size * 0.8
			c.embolden = st.size * 0.02
			b.flatten(upperInlines(x.Content), &c)
		case doc.Super:
			c := *st
			c.feat = c.feat&^shape.OldStyle | shape.Lining
			c.size = st.size * 0.65
			c.rise = st.rise + st.size*0.35
			b.flatten(x.Content, &c)
		case doc.Sub:
			c := *st
			c.size = st.size * 0.65
			c.rise = st.rise - st.size*0.15
			b.flatten(x.Content, &c)
		case doc.Underline:
			c := *st
			c.underline = true
			b.flatten(x.Content, &c)
		case doc.Span:
			c := *st
			if l, ok := lang.Lookup(x.Lang); ok && x.Lang != "" {
				c.lang = l
			}
			if n := spanTag(x, st, b.docLang); n != nil {
				c.tag = n
			}
			b.flatten(x.Content, &c)
		case doc.Wrapper: // other wrappers: their content
			b.flatten(x.Children(), st)
		case doc.Link:
			c := *st
			c.url = x.URL
			c.tag = inlineNode(st.tag, draw.RoleLink)
			b.flatten(x.Content, &c)
		case doc.Ref:
			c := *st
			c.dest = x.Target
			c.tag = inlineNode(st.tag, draw.RoleLink)
			b.flatten(x.Content, &c)
		case doc.NoteRef:
			if x.Note == nil {
				continue
			}
			c := *st
			c.face = font.Variant(st.face, false, false)
			c.feat = c.feat&^shape.OldStyle | shape.Lining
			c.size = st.size * 0.65
			c.rise = st.rise + st.size*0.36
			mark, key := noteLabel(x.Note)
			c.dest = "fn-" + key
			c.url = ""
			c.tag = inlineNode(st.tag, draw.RoleReference).Add(draw.RoleLink)
			b.flushWord()
			// The mark sticks to the preceding word: no glue before it.
			b.box(&hbox{text: mark, st: &c, ext: &boxExt{notes: []*doc.Note{x.Note},
				anchors: []string{"fnref-" + key}}})
			if b.notes != nil {
				*b.notes = append(*b.notes, x.Note)
			}
		case doc.LineBreak:
			b.flushWord()
			b.p.items = append(b.p.items,
				linebreak.Item{Kind: linebreak.Glue, Stretch: 1e5},
				linebreak.Item{Kind: linebreak.Penalty, Penalty: -linebreak.Infinity})
			b.p.boxes = append(b.p.boxes, nil, nil)
			b.lastGlue = true
		case doc.Anchor:
			b.flushWord()
			b.p.pendingAnchors = append(b.p.pendingAnchors, x.ID)
		case doc.Citation:
			// Unresolved citations (no bibliography): show the keys.
			var keys []string
			for _, it := range x.Items {
				keys = append(keys, it.Key)
			}
			b.text("["+strings.Join(keys, "; ")+"]", st)
		case doc.CrossRef:
			b.text("??", st)
		case doc.Math:
			b.math(x, st)
		}
	}
}

func upperInlines(in []doc.Inline) []doc.Inline {
	out := make([]doc.Inline, len(in))
	for i, x := range in {
		if t, ok := x.(doc.Text); ok {
			out[i] = doc.Text{S: strings.ToUpper(t.S)}
		} else {
			out[i] = x
		}
	}
	return out
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u2009' || r == '\u2002' || r == '\u2003'
}

// indexSpace is strings.IndexFunc(s, isSpace), a byte at a time: the
// spaces beyond ASCII (U+2002, U+2003, U+2009) all start with 0xE2.
func indexSpace(s string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\n', '\t', '\r':
			return i
		case 0xE2:
			if r, _ := utf8.DecodeRuneInString(s[i:]); isSpace(r) {
				return i
			}
		}
	}
	return -1
}

// text adds a run of text: words become boxes, spaces glue.
func (b *builder) text(s string, st *textStyle) {
	s = b.quotes(s, st)
	for len(s) > 0 {
		i := indexSpace(s)
		if i < 0 {
			b.appendWord(s, st)
			return
		}
		if i > 0 {
			b.appendWord(s[:i], st)
		}
		b.flushWord()
		b.space(st)
		_, n := utf8.DecodeRuneInString(s[i:])
		s = s[i+n:]
	}
}

func (b *builder) appendWord(s string, st *textStyle) {
	if n := len(b.p.wordBuf); n > 0 && b.p.wordBuf[n-1].st == st {
		b.p.wordBuf[n-1].s += s
		return
	}
	b.p.wordBuf = append(b.p.wordBuf, wordPiece{st: st, s: s})
}

func (b *builder) space(st *textStyle) {
	if b.lastGlue || len(b.p.items) == 0 {
		return
	}
	if st != b.spaceSt {
		b.spaceSt, b.spaceW = st, shape.Width(st.face, st.size, " ")
	}
	w := b.spaceW
	if b.opts.justify {
		// The character before the space may hang into the right margin
		// if the line ends here: a break at this penalty, rather than at
		// the glue, gives the line that much more room.
		if p := b.protrudeEnd(); p > 0 {
			b.p.items = append(b.p.items, linebreak.Item{Kind: linebreak.Penalty, Width: -p})
			b.p.boxes = append(b.p.boxes, nil)
		}
		b.p.items = append(b.p.items, linebreak.Item{Kind: linebreak.Glue, Width: w, Stretch: w * 0.6, Shrink: w * 0.33})
		b.p.boxes = append(b.p.boxes, nil)
	} else {
		em := st.size * raggedStretch
		b.p.items = append(b.p.items,
			linebreak.Item{Kind: linebreak.Glue, Stretch: em},
			linebreak.Item{Kind: linebreak.Penalty},
			linebreak.Item{Kind: linebreak.Glue, Width: w, Stretch: -em})
		b.p.boxes = append(b.p.boxes, nil, nil, nil)
	}
	b.lastGlue = true
}

func (b *builder) box(h *hbox) {
	b.boxW(h, shape.WidthF(h.st.face, h.st.size, h.text, h.st.feat))
}

// boxW adds a box of width w holding a copy of *h.
func (b *builder) boxW(h *hbox, w float64) {
	nb := b.p.newBox(*h)
	if len(b.p.pendingAnchors) > 0 {
		nb.addAnchors(b.p.pendingAnchors)
		b.p.pendingAnchors = nil
	}
	b.p.items = append(b.p.items, linebreak.Item{Kind: linebreak.Box, Width: w})
	b.p.boxes = append(b.p.boxes, nb)
	b.lastGlue = false
}

// penalty adds a break point inside a word; with hyphenSt a hyphen in
// that style is drawn when the line breaks there. In justified text the
// width added at the break is less what the line's last character (the
// hyphen, or the explicit hyphen or dash before the break) protrudes.
func (b *builder) penalty(cost float64, flagged bool, hyphenSt *textStyle) {
	it := linebreak.Item{Kind: linebreak.Penalty, Penalty: cost, Flagged: flagged}
	var h *hbox
	if hyphenSt != nil {
		if hyphenSt != b.hyphenSt {
			b.hyphenSt = hyphenSt
			b.hyphenW = shape.WidthF(hyphenSt.face, hyphenSt.size, "-", hyphenSt.feat)
			_, b.hyphenR = b.protrusion(hyphenSt, '-')
		}
		it.Width = b.hyphenW
		h = b.p.newBox(hbox{text: "-", st: hyphenSt})
		if b.opts.justify {
			it.Width -= b.hyphenR
		}
	} else if b.opts.justify {
		it.Width = -b.protrudeEnd()
	}
	b.p.items = append(b.p.items, it)
	b.p.boxes = append(b.p.boxes, h)
}

// protrudeEnd returns how far the last character of the last box hangs
// into the right margin when a line ends after it.
func (b *builder) protrudeEnd() float64 {
	n := len(b.p.boxes)
	if n == 0 || b.p.items[n-1].Kind != linebreak.Box || b.p.boxes[n-1] == nil {
		return 0
	}
	h := b.p.boxes[n-1]
	if h == b.endBox {
		return b.endR
	}
	r, _ := utf8.DecodeLastRuneInString(h.text)
	if r == utf8.RuneError {
		return 0
	}
	_, right := b.protrusion(h.st, r)
	return right
}

// styleFace is what the builder keeps of the face of the last style it
// looked up (faceOf): words in a row mostly share one.
type styleFace struct {
	st     *textStyle
	f      *font.Face // nil: the face is unknown
	isMono bool       // font.IsMono of the face's name
}

// faceOf returns the face of st.
func (b *builder) faceOf(st *textStyle) *styleFace {
	if c := &b.face; c.st == st && st != nil {
		return c
	}
	f, err := font.Get(st.face)
	if err != nil {
		f = nil
	}
	b.face = styleFace{st: st, f: f, isMono: font.IsMono(st.face)}
	return &b.face
}

// protrusion is the function protrusion with the face of st looked up
// through faceOf.
func (b *builder) protrusion(st *textStyle, r rune) (left, right float64) {
	if st.rise != 0 || st.feat&shape.NoLigatures != 0 {
		return 0, 0
	}
	f := b.faceOf(st).f
	if f == nil || !f.Has(r) || f.Mono() {
		return 0, 0
	}
	l, rt := f.Protrusion(r)
	return l * st.size / 1000, rt * st.size / 1000
}

// protrusion returns how far r, set in st, hangs into the left and the
// right margin at the start or the end of a justified line, in points.
// Code and raised text (note marks) do not protrude.
func protrusion(st *textStyle, r rune) (left, right float64) {
	if st.rise != 0 || st.feat&shape.NoLigatures != 0 {
		return 0, 0
	}
	f, err := font.Get(st.face)
	if err != nil || !f.Has(r) || f.Mono() {
		return 0, 0
	}
	l, rt := f.Protrusion(r)
	return l * st.size / 1000, rt * st.size / 1000
}

// flushWord turns the buffered word into boxes with break points: hyphenation
// points, explicit hyphens and dashes, URL separators, and for a word too
// long for any line, emergency points between characters.
func (b *builder) flushWord() {
	if len(b.p.wordBuf) == 0 {
		return
	}
	pieces := b.p.wordBuf
	b.p.wordBuf = nil
	for pi := range pieces {
		s := pieces[pi].s
		st := b.langSpan(s, pieces[pi].st)
		b.wordPiece(s, st, pi == len(pieces)-1)
	}
	if b.p.wordBuf == nil {
		clear(pieces)
		b.p.wordBuf = pieces[:0]
	}
}

func (b *builder) wordPiece(s string, st *textStyle, last bool) {
	if s == "" {
		return
	}
	if b.cachedWord(s, st) { // the word set before (wordcache.go)
		return
	}
	if hasWide(s) {
		b.cjkPiece(s, st)
		return
	}
	first := len(b.p.items)
	// The runes of s and their byte offsets, in buffers of the builder.
	runes, offs := b.p.runes[:0], b.p.offs[:0]
	for i, r := range s {
		runes = append(runes, r)
		offs = append(offs, i)
	}
	offs = append(offs, len(s))
	b.p.runes, b.p.offs = runes, offs
	n := len(runes)
	// A piece of a valid word is a substring of it; the pieces of a word
	// with invalid bytes are made of its runes (U+FFFD for those bytes),
	// as string(runes[from:to]).
	valid := utf8.ValidString(s)
	brks := b.p.brks[:0]
	defer func() { b.p.brks = brks[:0] }()
	urlish := strings.Contains(s, "/") || strings.Contains(s, "://") || (n > 20 && strings.ContainsAny(s, "._") && strings.IndexFunc(s, unicode.IsLetter) >= 0)
	for i := 1; i < n-1; i++ {
		r := runes[i-1]
		switch {
		case r == '-' || r == '\u2013' || r == '\u2010':
			if i >= 2 && n-i >= 2 && unicode.IsLetter(runes[i-2]) && unicode.IsLetter(runes[i]) {
				brks = append(brks, brk{at: i, cost: 50})
			}
		case r == '\u2014':
			brks = append(brks, brk{at: i, cost: 100})
		}
		if urlish && urlBreak(runes, i) {
			brks = append(brks, brk{at: i, cost: 200})
		}
	}
	if b.opts.hyphenate && !urlish && st.rise == 0 && st.feat&shape.NoLigatures == 0 && !b.faceOf(st).isMono {
		// Hyphenate each all-letter stretch of the word.
		start := -1
		for i := 0; i <= n; i++ {
			letter := i < n && unicode.IsLetter(runes[i])
			if letter && start < 0 {
				start = i
			}
			if !letter && start >= 0 {
				if i-start >= 5 && !allUpper(runes[start:i]) {
					word := s[offs[start]:offs[i]] // letters only: valid UTF-8
					b.p.pts = b.hyphenator(st, word).AppendPoints(b.p.pts[:0], word)
					for _, p := range b.p.pts {
						brks = append(brks, brk{at: start + p, cost: 50, hyphen: true})
					}
				}
				start = -1
			}
		}
	}
	// The word is shaped whole; each piece between break points is as wide
	// as its glyphs there (a ligature or kerning pair across a break point
	// counts where its cluster starts). A line that breaks inside the word
	// has its two parts shaped anew when it is set.
	sh := shape.Shape(st.face, s, st.feat)
	em := st.size / 1000
	// Emergency points for a run no line can hold: only where the natural
	// break points leave a piece longer than most of a line (emergency.go).
	long := b.long(sh.Width * em)
	if long && longestPiece(sh, n, brks)*em > b.width*0.8 {
		if len(s) > len(b.longest) {
			b.longest = s
		}
		brks = b.emergency(runes, st, sh, brks, urlish)
	}
	if valid && !long {
		defer b.keepWord(s, st, first, sh, sh.Width*em)
	}
	if len(brks) == 0 {
		b.boxW(&hbox{text: s, st: st, src: s, sh: sh}, sh.Width*em)
		return
	}
	slices.SortStableFunc(brks, func(x, y brk) int { return cmp.Compare(x.at, y.at) })
	upto := newUpto(sh, len(brks))
	src := s
	if !valid {
		src = ""
	}
	piece := func(from, to int) hbox {
		if !valid {
			return hbox{text: string(runes[from:to]), st: st}
		}
		return hbox{text: s[offs[from]:offs[to]], st: st, src: src, off: offs[from], sh: sh}
	}
	prev := 0
	lastAt := -1
	for _, k := range brks {
		if k.at <= prev || k.at >= n || k.at == lastAt {
			continue
		}
		lastAt = k.at
		h := piece(prev, k.at)
		b.boxW(&h, (upto.at(k.at)-upto.at(prev))*em)
		if k.hyphen {
			// An emergency hyphen is drawn but not flagged: a long word
			// needs as many hyphenated lines in a row as it takes.
			b.penalty(k.cost, !k.emergency, st)
		} else {
			b.penalty(k.cost, false, nil)
		}
		prev = k.at
	}
	h := piece(prev, n)
	b.boxW(&h, (sh.Width-upto.at(prev))*em)
}

// upto gives the widths of a word's prefixes: sh.Upto, or for a word with
// many break points a lookup in its prefix widths computed once, so that a
// long run stays linear.
type upto struct {
	sh     *shape.Shaped
	prefix []float64
}

func newUpto(sh *shape.Shaped, points int) upto {
	if points < 16 {
		return upto{sh: sh}
	}
	return upto{sh: sh, prefix: sh.Prefix()}
}

func (u upto) at(k int) float64 {
	if u.prefix == nil {
		return u.sh.Upto(k)
	}
	return u.prefix[k]
}

// urlBreak reports whether a URL may break before runes[i], following the
// Chicago Manual (14.18): after a colon or a double slash; before a single
// slash, a period, a comma, a hyphen, an underline, a tilde, a question
// mark, a number sign or a percent sign; before or after an equals sign or
// an ampersand.
func urlBreak(rs []rune, i int) bool {
	prev, next := rs[i-1], rs[i]
	switch {
	case prev == ':' && next != '/':
		return true
	case prev == '/' && next != '/' && i >= 2 && rs[i-2] == '/':
		return true
	case prev == '=' || prev == '&':
		return true
	}
	switch next {
	case '/':
		return prev != '/' && prev != ':'
	case '.', ',', '-', '_', '~', '?', '#', '%', '=', '&':
		return true
	}
	return false
}

// longestPiece returns the width, in thousandths of an em, of the longest
// stretch of the n runes of sh between break points.
func longestPiece(sh *shape.Shaped, n int, brks []brk) float64 {
	at := make([]int, 0, len(brks)+2)
	for _, k := range brks {
		at = append(at, k.at)
	}
	sort.Ints(at)
	at = append(at, n)
	upto := newUpto(sh, len(at)).at
	prev, max := 0, 0.0
	for _, a := range at {
		if a <= prev {
			continue
		}
		if w := upto(a) - upto(prev); w > max {
			max = w
		}
		prev = a
	}
	return max
}

func allUpper(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// brk is a break opportunity inside a word: before runes[at].
type brk struct {
	at        int
	cost      float64
	hyphen    bool
	emergency bool // a point between characters (emergency.go)
}

// finish closes the paragraph with the finishing glue and forced break.
func (b *builder) finish() {
	b.flushWord()
	// Drop trailing glue.
	for len(b.p.items) > 0 && b.p.items[len(b.p.items)-1].Kind != linebreak.Box {
		b.p.items = b.p.items[:len(b.p.items)-1]
		b.p.boxes = b.p.boxes[:len(b.p.boxes)-1]
	}
	if len(b.p.pendingAnchors) > 0 {
		b.p.items = append(b.p.items, linebreak.Item{Kind: linebreak.Box})
		b.p.boxes = append(b.p.boxes, &hbox{st: &textStyle{face: font.Serif, size: 1}, ext: &boxExt{anchors: b.p.pendingAnchors}})
		b.p.pendingAnchors = nil
	}
	b.p.items = append(b.p.items,
		linebreak.Item{Kind: linebreak.Glue, Stretch: 1e5},
		linebreak.Item{Kind: linebreak.Penalty, Penalty: -linebreak.Infinity})
	b.p.boxes = append(b.p.boxes, nil, nil)
}

// lineWidths are the measures of a paragraph's lines: the first line is
// indented by indent, the others by hang.
type lineWidths struct {
	width, indent, hang float64
}

func (w *lineWidths) at(line int) float64 {
	if line == 0 {
		return w.width - w.indent
	}
	return w.width - w.hang
}

// setLine is one typeset line: display items relative to the line's left
// edge and baseline, plus what the page builder must know.
type setLine struct {
	items  []draw.Item
	notes  []*doc.Note
	width  float64 // natural width used
	ascent float64
	// How the line was broken, for Quality.
	ratio      float64
	hyphenated bool
	overfull   bool
	// mathH and mathD are the height and depth of the formulas on the
	// line (math.go), 0 if none.
	mathH, mathD float64
}

// setParagraph breaks a paragraph and returns its lines.
func setParagraph(p *para, width float64, o paraOpts, params linebreak.Params) []setLine {
	if len(p.items) == 0 {
		return nil
	}
	p.lw = lineWidths{width: width, indent: o.indent, hang: o.hang}
	if p.widths == nil {
		p.widths = p.lw.at // made once for the paragraphs p is used for
	}
	widths := p.widths
	// Justified and centred text is broken by total fit; ragged-right text
	// (bibliography, table cells, the submission's body) is filled line by
	// line as LaTeX's \raggedright does, so no line stops short of a word
	// that would fit.
	var lines []linebreak.Line
	if o.justify || o.center {
		lines = linebreak.AppendBreak(p.breaks[:0], p.items, widths, params)
	} else {
		lines = linebreak.AppendGreedy(p.breaks[:0], p.items, widths)
	}
	p.breaks = lines[:0]
	out := p.spare[:0]
	p.spare = nil
	if cap(out) < len(lines) {
		out = make([]setLine, 0, len(lines))
	}
	segs := p.segs[:0]
	// The lines' items are made in p.litems, one line after the other,
	// their Words in p.lws and their words in p.lwords, and copied at
	// the end into three arrays sized for the paragraph (finishLines).
	items, words := p.litems[:0], p.lwords[:0]
	p.lws = p.lws[:0]
	nwords := 0
	for li, ln := range lines {
		x0 := o.hang
		if li == 0 {
			x0 = o.indent
		}
		sl := setLine{ratio: ln.Ratio, hyphenated: ln.Hyphenated || endsInHyphen(p, ln), overfull: ln.Overfull}
		segs = collectLine(p, ln, segs[:0])
		// Shape the line's runs: a word broken at the line's end, or
		// starting it, is shaped as it is drawn, without a ligature or
		// kerning pair across the break.
		natural, stretch, shrink := 0.0, 0.0, 0.0
		fil := false
		glyphRuns := 0 // words the line's runs make, at most
		for k := range segs {
			sg := &segs[k]
			if sg.math != nil {
				natural += sg.w
				continue
			}
			if sg.run != nil {
				if r := sg.run; r.sh != nil && r.start == 0 && r.end == len(r.src) {
					sg.shaped = r.sh // the whole word, as wordPiece shaped it
				} else {
					sg.shaped = shape.Shape(r.st.face, r.text, r.st.feat)
				}
				sg.w = sg.shaped.Width * sg.run.st.size / 1000
				natural += sg.w
				glyphRuns += len(sg.shaped.Runs)
				continue
			}
			natural += sg.glue.Width
			if sg.glue.Stretch >= 1e4 {
				fil = true
			} else {
				stretch += sg.glue.Stretch
			}
			shrink += sg.glue.Shrink
		}
		// Optical margins: in justified text the first and last
		// characters of a line hang into the margins by their
		// protrusion; the first line of an indented paragraph does not
		// start at the margin.
		var left, right float64
		if o.justify && len(segs) > 0 {
			if first := &segs[0]; first.run != nil && (li > 0 || o.indent == 0) {
				r, _ := utf8.DecodeRuneInString(first.run.text)
				left, _ = protrusion(first.run.st, r)
			}
			if last := &segs[len(segs)-1]; last.run != nil && !fil {
				r, _ := utf8.DecodeLastRuneInString(last.run.text)
				_, right = protrusion(last.run.st, r)
			}
		}
		// The glue is set anew from the widths as drawn, so that a
		// justified line meets both margins exactly.
		ratio := 0.0
		switch short := widths(li) + left + right - natural; {
		case short < -1e-9 && shrink > 0:
			ratio = max(short/shrink, -1)
		case short > 1e-9 && o.justify && !fil && stretch > 0:
			ratio = short / stretch
		case o.justify && !fil:
			ratio = ln.Ratio
		}
		x := x0 - left
		// The line's words are taken from one array with room for them,
		// and held by a Words for each stretch of them in one look.
		words = slices.Grow(words, glyphRuns)
		ws := wordSink{ws: words[len(words):len(words)], lws: &p.lws}
		start := len(items)
		sl.items = items[start:start]
		inkEnd := x         // where the line's last run ends: trailing glue is not content
		var word *draw.Word // the last word set, until a space follows it (see draw.Text.Space)
		for k := range segs {
			sg := &segs[k]
			if sg.math != nil {
				j, text := mathJoins(segs, k)
				placeMathBox(&sl, sg.math, x, j, text)
				x += sg.w
				inkEnd = x
				word = nil
				continue
			}
			if sg.run == nil {
				if word != nil {
					word.Space = true
					word = nil
				}
				w := sg.glue.Width
				if ratio > 0 && sg.glue.Stretch < 1e4 && (o.justify || sg.glue.Stretch != 0) {
					w += ratio * sg.glue.Stretch
				} else if ratio < 0 {
					w += ratio * sg.glue.Shrink
				}
				if sg.glue.Stretch >= 1e4 {
					w = 0
				}
				x += w
				continue
			}
			n := ws.n
			sg.run.place(&sl, x, sg.w, sg.shaped, p.pbs[sg.run.from:sg.run.to], &ws)
			if ws.n > n {
				word = ws.last
			}
			x += sg.w
			inkEnd = x
		}
		if word != nil && brokenAtSpace(p, ln.End) {
			word.Space = true
		}
		sl.width = inkEnd
		// The line's items and words stay in the scratch, unless a line
		// longer than its room made them new arrays.
		if n := len(sl.items); n > 0 && (cap(items) == start || &items[:start+1][start] != &sl.items[0]) {
			items = append(items[:start], sl.items...)
		} else {
			items = items[:start+n]
		}
		if ws.n <= cap(words)-len(words) {
			words = words[:len(words)+ws.n]
		}
		nwords += ws.n
		out = append(out, sl)
	}
	p.segs = segs[:0]
	p.litems, p.lwords = items, words
	finishLines(out, items, p.lws, nwords)
	if o.center {
		for i := range out {
			shiftX(out[i].items, (width-out[i].width)/2)
		}
	}
	return out
}

// finishLines gives the lines their items, the n-th line the n-th
// stretch of items as long as its own items are, in an array sized for
// them all, and the Words among them (made in lws, in order) new ones in
// an array sized for them, with their nwords words in another.
func finishLines(out []setLine, items []draw.Item, lws []draw.Words, nwords int) {
	all := make([]draw.Item, len(items))
	var fws []draw.Words
	var fw []draw.Word
	if len(lws) > 0 {
		fws, fw = make([]draw.Words, len(lws)), make([]draw.Word, nwords)
	}
	j, o := 0, 0
	for k, it := range items {
		if w, ok := it.(*draw.Words); ok && j < len(fws) && o+len(w.W) <= len(fw) {
			f := &fws[j]
			j++
			n := len(w.W)
			// Field by field: f is zero, and storing a whole struct in
			// the heap costs a bulk write barrier while the collector
			// runs.
			f.Y, f.Face, f.Size, f.Tag, f.Look = w.Y, w.Face, w.Size, w.Tag, w.Look
			f.W = fw[o : o+n : o+n]
			copy(f.W, w.W)
			o += n
			all[k] = f
			continue
		}
		all[k] = it
	}
	k := 0
	for i := range out {
		n := len(out[i].items)
		if n == 0 {
			out[i].items = nil
			continue
		}
		out[i].items = all[k : k+n : k+n]
		k += n
	}
}

// lineSeg is a run of text or a glue item of a line being set.
type lineSeg struct {
	run    *textRun
	math   *hbox // a piece of a formula (math.go)
	glue   linebreak.Item
	shaped *shape.Shaped
	w      float64 // width as drawn
}

// textRun is the text of adjacent boxes in one style, drawn as one glyph
// run, with the boxes it holds at their offsets.
type textRun struct {
	st   *textStyle
	text string
	// While the run's text is src[start:end] (pieces of one word in
	// order), a piece that follows in src extends it without a copy.
	src        string
	start, end int
	sh         *shape.Shaped // src shaped whole in st's face (hbox.sh)
	from, to   int           // its boxes: para.pbs[from:to]
	kpW        float64       // the boxes' widths as the line breaker measured them
}

// addText appends the text of h to the run's.
func (r *textRun) addText(h *hbox) {
	switch {
	case h.text == "":
	case r.text == "":
		r.text = h.text
		r.src, r.start, r.end, r.sh = h.src, h.off, h.off+len(h.text), h.sh
	case r.src != "" && h.src != "" && h.off == r.end && h.src == r.src && h.sh == r.sh:
		r.end += len(h.text)
		r.text = r.src[r.start:r.end]
	default:
		r.text += h.text
		r.src, r.sh = "", nil
	}
}

type placedBox struct {
	h   *hbox
	off float64 // from the start of the run, as measured
	w   float64
}

func sameLook(a, b *textStyle) bool {
	return a == b || a.face == b.face && a.size == b.size && a.rise == b.rise && a.color == b.color && a.feat == b.feat && a.embolden == b.embolden && a.tag == b.tag
}

// collectLine returns the runs and glue of line ln, appended to segs. The
// runs and their boxes are p's, valid until the next call.
func collectLine(p *para, ln linebreak.Line, segs []lineSeg) []lineSeg {
	end := min(ln.End, len(p.items))
	// Room for every box of the line and the hyphen, so that the runs
	// stay where they are while the line is collected.
	if need := end - ln.Start + 2; cap(p.runs) < need {
		p.runs = make([]textRun, 0, max(need, 2*cap(p.runs)))
		p.pbs = make([]placedBox, 0, max(need, 2*cap(p.pbs)))
	}
	clear(p.runs)
	p.runs, p.pbs = p.runs[:0], p.pbs[:0]
	var cur *textRun
	add := func(h *hbox, w float64) {
		if h == nil {
			return
		}
		if h.math != nil {
			cur = nil
			segs = append(segs, lineSeg{math: h, w: w})
			return
		}
		if cur == nil || h.text != "" && cur.text != "" && (!sameLook(cur.st, h.st) || cur.st.tag != h.st.tag) {
			p.runs = append(p.runs, textRun{st: h.st, from: len(p.pbs), to: len(p.pbs)})
			cur = &p.runs[len(p.runs)-1]
			segs = append(segs, lineSeg{run: cur})
		} else if cur.text == "" && h.text != "" {
			cur.st = h.st
		}
		p.pbs = append(p.pbs, placedBox{h: h, off: cur.kpW, w: w})
		cur.to++
		cur.addText(h)
		cur.kpW += w
	}
	for i := ln.Start; i < end; i++ {
		it := p.items[i]
		switch it.Kind {
		case linebreak.Box:
			add(p.boxes[i], it.Width)
		case linebreak.Glue:
			cur = nil
			segs = append(segs, lineSeg{glue: it})
		}
	}
	// A break at a hyphen penalty draws the hyphen.
	if ln.End < len(p.items) && p.items[ln.End].Kind == linebreak.Penalty && p.boxes[ln.End] != nil {
		add(p.boxes[ln.End], p.items[ln.End].Width)
	}
	return segs
}

// place draws the run at x, w wide as shaped, into sl: its glyph runs
// (one word per face), taken from ws, and its boxes' anchors, notes,
// links and strike-outs.
func (r *textRun) place(sl *setLine, x, w float64, sh *shape.Shaped, boxes []placedBox, ws *wordSink) {
	st := r.st
	y := -st.rise
	// Boxes are placed at their measured offsets, scaled to the run's
	// width as drawn.
	scale := 1.0
	if r.kpW > 0 {
		scale = w / r.kpW
	}
	for _, pb := range boxes {
		h := pb.h
		if h.st.size > sl.ascent {
			sl.ascent = h.st.size
		}
		bx, bw := x+pb.off*scale, pb.w*scale
		if h.ext != nil {
			for _, a := range h.ext.anchors {
				sl.items = append(sl.items, &draw.Anchor{Name: a, Y: -h.st.size})
			}
			sl.notes = append(sl.notes, h.ext.notes...)
		}
		if h.text != "" && (h.st.url != "" || h.st.dest != "") {
			sl.items = addLink(sl.items, &draw.Link{X: bx, Y: y - h.st.size*0.8, W: bw, H: h.st.size * 1.05, URL: h.st.url, Dest: h.st.dest, Tag: h.st.tag})
		}
		if h.text != "" && h.st.strike {
			ln := draw.Line(bx, y-h.st.size*0.27, bx+bw, y-h.st.size*0.27, h.st.size*0.05, h.st.color)
			ln.Tag = h.st.tag
			sl.items = append(sl.items, ln)
		}
		if h.text != "" && h.st.underline {
			ln := draw.Line(bx, y+h.st.size*0.12, bx+bw, y+h.st.size*0.12, h.st.size*0.05, h.st.color)
			ln.Tag = h.st.tag
			sl.items = append(sl.items, ln)
		}
	}
	if sh == nil || r.text == "" {
		return
	}
	em := st.size / 1000
	look := lookOf(st.color, st.embolden)
	for i := range sh.Runs {
		run := &sh.Runs[i] // the shaper's, never changed: words point at its glyphs
		if len(run.Glyphs) == 0 {
			continue
		}
		sl.items = ws.add(sl.items, x, y, run.Face, st.size, &run.GlyphRun, st.tag, look)
		x += run.Width * em
	}
}

// wordSink makes the words of a line: each word goes into the Words that
// the line's items end with when it has the word's baseline, face, size,
// node and look, else into a new Words.
type wordSink struct {
	ws   []draw.Word   // the line's words, the Words' backing array
	lws  *[]draw.Words // where the Words are made
	cur  *draw.Words   // the last Words made
	last *draw.Word    // the last word made
	n    int           // words made
}

// add makes a word at x on baseline y and returns items with its Words.
func (s *wordSink) add(items []draw.Item, x, y float64, face string, size float64, g *draw.GlyphRun, tag *draw.Node, look *draw.Look) []draw.Item {
	if len(s.ws) == cap(s.ws) { // not met: the line's runs bound its words
		s.ws, s.cur = make([]draw.Word, 0, max(8, 2*cap(s.ws))), nil
	}
	s.ws = s.ws[:len(s.ws)+1]
	w := &s.ws[len(s.ws)-1]
	// Field by field: storing a whole struct in the heap costs a bulk
	// write barrier while the collector runs.
	w.X, w.R, w.Space = x, g, false
	s.last = w
	s.n++
	if c := s.cur; c != nil && len(items) > 0 && items[len(items)-1] == draw.Item(c) &&
		c.Y == y && c.Face == face && c.Size == size && c.Tag == tag && c.Look == look {
		c.W = c.W[:len(c.W)+1] // w follows c's words in s.ws
		return items
	}
	*s.lws = append(*s.lws, draw.Words{})
	c := &(*s.lws)[len(*s.lws)-1]
	c.Y, c.Face, c.Size, c.Tag, c.Look = y, face, size, tag, look
	c.W = s.ws[len(s.ws)-1:] // one word, room for the line's next ones
	s.cur = c
	return append(items, c)
}

// endsInHyphen reports whether ln is broken after an explicit hyphen or
// dash (an unflagged break that follows a box ending in one).
func endsInHyphen(p *para, ln linebreak.Line) bool {
	if ln.End >= len(p.items) || p.items[ln.End].Kind != linebreak.Penalty || ln.End == 0 {
		return false
	}
	h := p.boxes[ln.End-1]
	return h != nil && (strings.HasSuffix(h.text, "-") || strings.HasSuffix(h.text, "\u2010"))
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

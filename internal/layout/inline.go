package layout

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/lang"
	"quire/internal/linebreak"
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
}

// hbox is the payload of a linebreak.Box (or of a hyphen penalty).
type hbox struct {
	text    string
	st      *textStyle
	anchors []string    // anchors placed at this box
	notes   []*doc.Note // footnotes whose mark is this box
}

// para is a paragraph in horizontal mode: the line breaker's items and a
// parallel slice of payloads (nil for glue and penalties without text).
type para struct {
	items []linebreak.Item
	boxes []*hbox
	// trailing anchors/notes with no box to sit on
	pendingAnchors []string
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
	width                 float64                   // line width, for emergency break points
	wordBuf               []wordPiece
	lastGlue              bool
	notes                 *[]*doc.Note // collects note refs in order
	longest               string       // the longest run given emergency break points
}

type wordPiece struct {
	st *textStyle
	s  strings.Builder
}

func (b *builder) flatten(in []doc.Inline, st *textStyle) {
	for _, x := range in {
		switch x := x.(type) {
		case doc.Text:
			b.text(x.S, st)
		case doc.Code:
			c := *st
			c.face = font.Mono
			c.size = st.size * 0.92
			b.text(x.S, &c)
		case doc.Emph:
			c := *st
			c.face = italicOf(st.face)
			b.flatten(x.Content, &c)
		case doc.Strong:
			c := *st
			c.face = boldOf(st.face)
			b.flatten(x.Content, &c)
		case doc.Strike:
			c := *st
			c.strike = true
			b.flatten(x.Content, &c)
		case doc.SmallCaps:
			c := *st
			c.size = st.size * 0.8
			b.flatten(upperInlines(x.Content), &c)
		case doc.Super:
			c := *st
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
			b.flatten(x.Content, &c)
		case doc.Wrapper: // other wrappers: their content
			b.flatten(x.Children(), st)
		case doc.Link:
			c := *st
			c.url = x.URL
			b.flatten(x.Content, &c)
		case doc.Ref:
			c := *st
			c.dest = x.Target
			b.flatten(x.Content, &c)
		case doc.NoteRef:
			if x.Note == nil {
				continue
			}
			c := *st
			c.face = font.Serif
			c.size = st.size * 0.65
			c.rise = st.rise + st.size*0.36
			mark, key := noteLabel(x.Note)
			c.dest = "fn-" + key
			c.url = ""
			b.flushWord()
			// The mark sticks to the preceding word: no glue before it.
			b.box(&hbox{text: mark, st: &c, notes: []*doc.Note{x.Note},
				anchors: []string{"fnref-" + key}})
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

func italicOf(face string) string {
	switch face {
	case font.Serif:
		return font.SerifItalic
	case font.SerifBold:
		return font.SerifBoldItalic
	case font.SerifItalic:
		return font.Serif // emphasis inside italics is upright
	case font.SerifBoldItalic:
		return font.SerifBold
	case font.Sans, font.SansBold:
		return font.SansItalic
	}
	return face
}

func boldOf(face string) string {
	switch face {
	case font.Serif:
		return font.SerifBold
	case font.SerifItalic:
		return font.SerifBoldItalic
	case font.Sans, font.SansItalic:
		return font.SansBold
	case font.Mono:
		return font.MonoBold
	}
	return face
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u2009' || r == '\u2002' || r == '\u2003'
}

// text adds a run of text: words become boxes, spaces glue.
func (b *builder) text(s string, st *textStyle) {
	s = b.quotes(s, st)
	for len(s) > 0 {
		i := strings.IndexFunc(s, isSpace)
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
	if n := len(b.wordBuf); n > 0 && b.wordBuf[n-1].st == st {
		b.wordBuf[n-1].s.WriteString(s)
		return
	}
	b.wordBuf = append(b.wordBuf, wordPiece{st: st})
	b.wordBuf[len(b.wordBuf)-1].s.WriteString(s)
}

func (b *builder) space(st *textStyle) {
	if b.lastGlue || len(b.p.items) == 0 {
		return
	}
	w := font.Measure(st.face, st.size, " ")
	if b.opts.justify {
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
	if len(b.p.pendingAnchors) > 0 {
		h.anchors = append(h.anchors, b.p.pendingAnchors...)
		b.p.pendingAnchors = nil
	}
	w := font.Measure(h.st.face, h.st.size, h.text)
	b.p.items = append(b.p.items, linebreak.Item{Kind: linebreak.Box, Width: w})
	b.p.boxes = append(b.p.boxes, h)
	b.lastGlue = false
}

func (b *builder) penalty(cost float64, flagged bool, hyphenSt *textStyle) {
	it := linebreak.Item{Kind: linebreak.Penalty, Penalty: cost, Flagged: flagged}
	var h *hbox
	if hyphenSt != nil {
		it.Width = font.Measure(hyphenSt.face, hyphenSt.size, "-")
		h = &hbox{text: "-", st: hyphenSt}
	}
	b.p.items = append(b.p.items, it)
	b.p.boxes = append(b.p.boxes, h)
}

// flushWord turns the buffered word into boxes with break points: hyphenation
// points, explicit hyphens and dashes, URL separators, and for a word too
// long for any line, emergency points between characters.
func (b *builder) flushWord() {
	if len(b.wordBuf) == 0 {
		return
	}
	pieces := b.wordBuf
	b.wordBuf = nil
	for pi := range pieces {
		st := pieces[pi].st
		s := pieces[pi].s.String()
		b.wordPiece(s, st, pi == len(pieces)-1)
	}
}

func (b *builder) wordPiece(s string, st *textStyle, last bool) {
	if hasWide(s) {
		b.cjkPiece(s, st)
		return
	}
	runes := []rune(s)
	n := len(runes)
	if n == 0 {
		return
	}
	var brks []brk
	urlish := strings.Contains(s, "/") || strings.Contains(s, "://") || (n > 20 && strings.ContainsAny(s, "._"))
	for i := 1; i < n-1; i++ {
		r := runes[i-1]
		switch {
		case r == '-' || r == '\u2013' || r == '\u2010':
			if i >= 2 && n-i >= 2 && unicode.IsLetter(runes[i-2]) && unicode.IsLetter(runes[i]) {
				brks = append(brks, brk{i, 50, false})
			}
		case r == '\u2014':
			brks = append(brks, brk{i, 100, false})
		}
		if urlish && urlBreak(runes, i) {
			brks = append(brks, brk{i, 200, false})
		}
	}
	if b.opts.hyphenate && !urlish && st.rise == 0 && st.face != font.Mono && st.face != font.MonoBold {
		// Hyphenate each all-letter stretch of the word.
		start := -1
		for i := 0; i <= n; i++ {
			letter := i < n && unicode.IsLetter(runes[i])
			if letter && start < 0 {
				start = i
			}
			if !letter && start >= 0 {
				if i-start >= 5 && !allUpper(runes[start:i]) {
					for _, p := range b.hyphenator(st, runes[start:i]).Points(string(runes[start:i])) {
						brks = append(brks, brk{start + p, 50, true})
					}
				}
				start = -1
			}
		}
	}
	// Emergency points for a run no line can hold: only where the natural
	// break points leave a piece longer than most of a line.
	if w := font.Measure(st.face, st.size, s); w > b.width*0.7 && b.width > 0 && longestPiece(runes, brks, st) > b.width*0.8 {
		if len(s) > len(b.longest) {
			b.longest = s
		}
		avg := w / float64(n)
		step := int(b.width * 0.25 / avg)
		if step < 1 {
			step = 1
		}
		for i := step; i < n; i += step {
			brks = append(brks, brk{i, 3000, false})
		}
	}
	if len(brks) == 0 {
		b.box(&hbox{text: s, st: st})
		return
	}
	sort.SliceStable(brks, func(i, j int) bool { return brks[i].at < brks[j].at })
	prev := 0
	lastAt := -1
	for _, k := range brks {
		if k.at <= prev || k.at >= n || k.at == lastAt {
			continue
		}
		lastAt = k.at
		b.box(&hbox{text: string(runes[prev:k.at]), st: st})
		if k.hyphen {
			b.penalty(k.cost, true, st)
		} else {
			b.penalty(k.cost, false, nil)
		}
		prev = k.at
	}
	b.box(&hbox{text: string(runes[prev:]), st: st})
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

// longestPiece returns the width of the longest stretch of runes between
// break points.
func longestPiece(rs []rune, brks []brk, st *textStyle) float64 {
	at := make([]int, 0, len(brks)+2)
	for _, k := range brks {
		at = append(at, k.at)
	}
	sort.Ints(at)
	at = append(at, len(rs))
	prev, max := 0, 0.0
	for _, a := range at {
		if a <= prev {
			continue
		}
		if w := font.Measure(st.face, st.size, string(rs[prev:a])); w > max {
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
	at     int
	cost   float64
	hyphen bool
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
		b.p.boxes = append(b.p.boxes, &hbox{st: &textStyle{face: font.Serif, size: 1}, anchors: b.p.pendingAnchors})
		b.p.pendingAnchors = nil
	}
	b.p.items = append(b.p.items,
		linebreak.Item{Kind: linebreak.Glue, Stretch: 1e5},
		linebreak.Item{Kind: linebreak.Penalty, Penalty: -linebreak.Infinity})
	b.p.boxes = append(b.p.boxes, nil, nil)
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
}

// setParagraph breaks a paragraph and returns its lines.
func setParagraph(p *para, width float64, o paraOpts, params linebreak.Params) []setLine {
	if len(p.items) == 0 {
		return nil
	}
	widths := func(line int) float64 {
		if line == 0 {
			return width - o.indent
		}
		return width - o.hang
	}
	// Justified and centred text is broken by total fit; ragged-right text
	// (bibliography, table cells, the submission's body) is filled line by
	// line as LaTeX's \raggedright does, so no line stops short of a word
	// that would fit.
	var lines []linebreak.Line
	if o.justify || o.center {
		lines = linebreak.Break(p.items, widths, params)
	} else {
		lines = linebreak.Greedy(p.items, widths)
	}
	out := make([]setLine, 0, len(lines))
	for li, ln := range lines {
		x := o.hang
		if li == 0 {
			x = o.indent
		}
		sl := setLine{ratio: ln.Ratio, hyphenated: ln.Hyphenated || endsInHyphen(p, ln), overfull: ln.Overfull}
		var cur *draw.Text
		var curEnd float64
		flushText := func() {
			if cur != nil {
				sl.items = append(sl.items, cur)
				cur = nil
			}
		}
		place := func(h *hbox, w float64) {
			if h == nil {
				return
			}
			y := -h.st.rise
			if h.st.size > sl.ascent {
				sl.ascent = h.st.size
			}
			for _, a := range h.anchors {
				sl.items = append(sl.items, &draw.Anchor{Name: a, Y: -h.st.size})
			}
			sl.notes = append(sl.notes, h.notes...)
			if h.text != "" {
				if cur != nil && cur.Face == h.st.face && cur.Size == h.st.size && cur.Y == y && cur.Color == h.st.color && abs(curEnd-x) < 0.01 {
					cur.S += h.text
				} else {
					flushText()
					cur = &draw.Text{X: x, Y: y, Face: h.st.face, Size: h.st.size, S: h.text, Color: h.st.color}
				}
				curEnd = x + w
			}
			if h.st.url != "" || h.st.dest != "" {
				sl.items = append(sl.items, &draw.Link{X: x, Y: y - h.st.size*0.8, W: w, H: h.st.size * 1.05, URL: h.st.url, Dest: h.st.dest})
			}
			if h.st.strike {
				sl.items = append(sl.items, draw.Line(x, y-h.st.size*0.27, x+w, y-h.st.size*0.27, h.st.size*0.05, h.st.color))
			}
			if h.st.underline {
				sl.items = append(sl.items, draw.Line(x, y+h.st.size*0.12, x+w, y+h.st.size*0.12, h.st.size*0.05, h.st.color))
			}
		}
		end := ln.End
		if end > len(p.items) {
			end = len(p.items)
		}
		inkEnd := x // where the line's last box ends: trailing glue is not content
		for i := ln.Start; i < end; i++ {
			it := p.items[i]
			switch it.Kind {
			case linebreak.Box:
				place(p.boxes[i], it.Width)
				x += it.Width
				inkEnd = x
			case linebreak.Glue:
				w := it.Width
				if ln.Ratio > 0 && (o.justify || it.Stretch != 0) {
					w += ln.Ratio * it.Stretch
				} else if ln.Ratio < 0 {
					w += ln.Ratio * it.Shrink
				}
				if it.Stretch >= 1e4 { // finishing glue
					w = 0
				}
				flushText()
				x += w
			}
		}
		// A break at a hyphen penalty draws the hyphen.
		if ln.End < len(p.items) && p.items[ln.End].Kind == linebreak.Penalty && p.boxes[ln.End] != nil {
			place(p.boxes[ln.End], p.items[ln.End].Width)
			x += p.items[ln.End].Width
			inkEnd = x
		}
		flushText()
		sl.width = inkEnd
		out = append(out, sl)
	}
	if o.center {
		for i := range out {
			shiftX(out[i].items, (width-out[i].width)/2)
		}
	}
	return out
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

package pdf

import (
	"math"
	"unicode/utf16"

	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/pdf/num"
	"quire/internal/pdf/tag"
)

// Text objects. fpdf writes every string as its own text object and every
// change of font as "BT /F<40 hex digits> size Tf ET"; a line of words, or
// a formula that changes size at each script, cost a text object and a
// font operator a glyph run. The writer keeps instead one text object open
// for as long as nothing but text is drawn:
//
//	BT
//	/F<id> 10 Tf
//	72 720 Td
//	[(Some )-12(words )-15(on )-9(a )-14(line )] TJ
//	0 -12.4 Td
//	[(The )-20(next...)] TJ
//	ET
//
// Words of one face and size on one baseline are one TJ array, the space
// between them a number (thousandths of an em: each word starts within half
// of one of where layout put it); a new line or a new size moves the line
// matrix relatively (Td); a new face or colour is an operator inside the
// object. Only what changes is written: the font, fill colour and text
// rendering mode are tracked for the page (text state outlives ET).
//
// The text object is ended (ET) before anything that may not stand inside
// one: paths, images, q/Q, and marked content. A tagged file's marked
// content sequences (tagged.go) are opened and closed outside text
// objects, so that each text object lies wholly in one sequence; an
// ActualText span (a formula's text) is put inside the text object when
// every item of the span is text of the same node (nothing in it can end
// the object), and around it otherwise. The spans of an inline formula's
// pieces set side by side inside one text object are one span, their
// texts joined by a space (joinSpans).
//
// The fonts are Quire's own objects (fonts.go), named /F1, /F2... in the
// order of face names. What is written here goes into the page through
// RawWriteStr, in one piece a stretch (flush).

// textState is what the page's content stream has been told about text.
type textState struct {
	out    []byte  // content not yet handed to fpdf
	inBT   bool    // a text object is open
	inTJ   bool    // a TJ array is open, out ends with its last string's ")"
	lx, ly float64 // the origin of the text line matrix, as written
	px     float64 // where the next glyph goes on the line ly, as the reader computes it
	penOK  bool    // px is known
	tfFace string  // the face of the last Tf on the page, "" none
	tfSize float64 // its size, as written (two decimals)
	tr     int     // the text rendering mode
	spans  []bool  // ActualText spans open: whether each is inside the text object
	// The span open inside the text object goes on over the spans that
	// items joinFrom+1 to joinTo of the page start (joinSpans).
	joinFrom, joinTo int
	parts            []*string // scratch: the texts of spans joined
}

// resetPage forgets the text state: a page's content starts afresh.
func (s *textState) resetPage() {
	s.inBT, s.inTJ, s.penOK = false, false, false
	s.tfFace, s.tfSize, s.tr = "", 0, 0
	s.spans = s.spans[:0]
	s.joinFrom, s.joinTo = -1, -1
}

// raw appends s and a newline to what the page is given next.
func (r *renderer) raw(s string) {
	r.ts.out = append(r.ts.out, s...)
	r.ts.out = append(r.ts.out, '\n')
}

// flush lists what was written here among the page's ops, for fpdf,
// ending the text object: fpdf is about to write into the page.
func (r *renderer) flush() {
	r.endText()
	if len(r.ts.out) > 0 {
		r.ops = append(r.ops, pageOp{kind: opContent, content: string(r.ts.out)})
		r.ts.out = r.ts.out[:0]
	}
}

// endTJ closes the open TJ array.
func (r *renderer) endTJ() {
	if r.ts.inTJ {
		r.ts.out = append(r.ts.out, "] TJ\n"...)
		r.ts.inTJ = false
	}
}

// endText ends the open text object.
func (r *renderer) endText() {
	r.endTJ()
	if r.ts.inBT {
		r.ts.out = append(r.ts.out, "ET\n"...)
		r.ts.inBT = false
	}
}

// beginText opens a text object if none is.
func (r *renderer) beginText() {
	if !r.ts.inBT {
		r.ts.out = append(r.ts.out, "BT\n"...)
		r.ts.inBT = true
		r.ts.lx, r.ts.ly, r.ts.px, r.ts.penOK = 0, 0, 0, true
	}
}

// round2 rounds to the two decimals positions are written with.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// appendNum appends v, which has at most two decimals, without trailing
// zeros ("12.5", "0", "-3.25").
func appendNum(b []byte, v float64) []byte {
	if v == 0 {
		return append(b, '0') // and not "-0"
	}
	b = num.AppendFixed(b, v, 2)
	if b[len(b)-1] == '0' {
		b = b[:len(b)-1]
		if b[len(b)-1] == '0' {
			b = b[:len(b)-1]
		}
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}

// setTextFont makes face at size the font of the text drawn next.
func (r *renderer) setTextFont(face string, size float64) {
	size = round2(size)
	if r.ts.tfFace == face && r.ts.tfSize == size {
		return
	}
	r.endTJ()
	b := append(r.ts.out, r.fontName[face]...)
	b = append(b, ' ')
	b = appendNum(b, size)
	r.ts.out = append(b, " Tf\n"...)
	r.ts.tfFace, r.ts.tfSize = face, size
}

// setTextMode sets the text rendering mode (0 fill, 2 fill and stroke, 3
// invisible).
func (r *renderer) setTextMode(mode int) {
	if r.ts.tr == mode {
		return
	}
	r.endTJ()
	r.ts.out = num.AppendInt(r.ts.out, int64(mode))
	r.ts.out = append(r.ts.out, " Tr\n"...)
	r.ts.tr = mode
}

// appendColor appends the operator that sets c as the fill colour (op
// "g") or the stroke colour ("G"), as fpdf writes it: a grey level
// ("0.000 g") when the components are equal, an RGB triple ("... rg")
// otherwise.
func appendColor(b []byte, c [3]int, op byte) []byte {
	n := 3
	if c[0] == c[1] && c[1] == c[2] {
		n = 1
	}
	for _, v := range c[:n] {
		b = num.AppendFixed(b, float64(v)/255, 3)
		b = append(b, ' ')
	}
	if n == 3 {
		b = append(b, op-'g'+'r')
	}
	return append(b, op, '\n')
}

// maxShift is the farthest, in ems, that a TJ adjustment moves along a
// line; text farther off (another column, a table's next cell) starts
// with Td, which text extractors read as the start of a new piece of text
// (poppler joins a table's cells into one line otherwise).
const maxShift = 1

// moveTo puts the next glyph at (x, y), PDF coordinates, for text of the
// current font: within the open TJ array, or a new one on the same line,
// by an adjustment; elsewhere by moving the line matrix.
func (r *renderer) moveTo(x, y float64) {
	s := &r.ts
	size := s.tfSize
	if dy := round2(y - s.ly); dy == 0 && s.penOK && size > 0 && math.Abs(x-s.px) < maxShift*size {
		d := math.Round((x - s.px) * 1000 / size)
		if s.inTJ {
			if d == 0 {
				s.out = s.out[:len(s.out)-1] // the string goes on
				return
			}
			s.out = num.AppendInt(s.out, int64(-d))
			s.out = append(s.out, '(')
		} else {
			s.out = append(s.out, '[')
			if d != 0 {
				s.out = num.AppendInt(s.out, int64(-d))
			}
			s.out = append(s.out, '(')
			s.inTJ = true
		}
		s.px += d * size / 1000
		return
	}
	r.endTJ()
	dx, dy := round2(x-s.lx), round2(y-s.ly)
	s.out = appendNum(s.out, dx)
	s.out = append(s.out, ' ')
	s.out = appendNum(s.out, dy)
	s.out = append(s.out, " Td\n[("...)
	s.inTJ = true
	s.lx += dx
	s.ly += dy
	s.px, s.penOK = s.lx, true
}

// spanEnd returns the index of the item that ends the ActualText span
// item i of p starts, if the span can lie inside a text object: every
// item up to the one that ends it is unrotated text of the same structure
// node, so that nothing ends the object or opens marked content within the
// span; -1 if it cannot.
func spanEnd(p *draw.Page, i int) int {
	first, ok := p.Items[i].(*draw.Text)
	if !ok {
		return -1
	}
	for k, it := range p.Items[i:] {
		t, ok := it.(*draw.Text)
		if !ok || t.Tag != first.Tag || t.Angle() != 0 && !math.IsNaN(t.Angle()) {
			return -1
		}
		if t != first && t.Actual() != nil {
			return -1 // a span within the span
		}
		if t.EndActual {
			return i + k
		}
	}
	return -1
}

// joinSpans returns the last item of the spans, from the one item i of p
// starts and ends at item e, that can be one span, their texts appended to
// r.ts.parts: each next span starts with the item after the one that ends
// the span before, is text of the same node that can lie inside a text
// object, on the same baseline, and starts a word space or more and at
// most an em after the glyphs of the span before end (the pieces of an
// inline formula between which the line was not broken). A text
// extractor reads such spans as their texts with a space between, and so
// reads the one span, whose text has a space between theirs.
func (r *renderer) joinSpans(p *draw.Page, i, e int) int {
	r.ts.parts = append(r.ts.parts[:0], p.Items[i].(*draw.Text).Actual())
	for e+1 < len(p.Items) {
		a := p.Items[e].(*draw.Text)
		b, ok := p.Items[e+1].(*draw.Text)
		if !ok || b.Actual() == nil || b.Tag != a.Tag || a.Glyphs == nil || !(a.Size > 0) || !(b.Size > 0) ||
			a.Invisible != b.Invisible || math.Abs(a.Y-b.Y) > 0.005 {
			break
		}
		w := 0.0
		for _, g := range a.Glyphs {
			w += float64(g.Adv)
		}
		gap, em := b.X-(a.X+w*a.Size/1000), max(a.Size, b.Size)
		if !(gap >= 0.2*em && gap <= em) {
			break
		}
		f := spanEnd(p, e+1)
		if f < 0 {
			break
		}
		r.ts.parts = append(r.ts.parts, b.Actual())
		e = f
	}
	return e
}

// appendSpanText appends s as a text string for a span's ActualText: as
// its characters if they are printable ASCII, else in UTF-16BE with a
// byte-order mark, a literal string of the bytes (half the length of the
// hexadecimal form); the bytes that must be are escaped.
func appendSpanText(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			ascii = false
			break
		}
	}
	if ascii {
		return tag.AppendTextString(b, s)
	}
	b = append(b, '(', 0xFE, 0xFF)
	return append(appendUTF16(b, s), ')')
}

// appendUTF16 appends s in UTF-16BE, as bytes of a literal string.
func appendUTF16(b []byte, s string) []byte {
	for _, r := range s {
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			b = appendUnit(b, r1)
			b = appendUnit(b, r2)
			continue
		}
		b = appendUnit(b, r)
	}
	return b
}

// appendSpanTexts appends, as appendSpanText would, the texts of parts
// joined by spaces, without joining them.
func appendSpanTexts(b []byte, parts []*string) []byte {
	if len(parts) == 1 {
		return appendSpanText(b, *parts[0])
	}
	ascii := true
	for _, s := range parts {
		for i := 0; i < len(*s) && ascii; i++ {
			ascii = (*s)[i] >= 0x20 && (*s)[i] < 0x7f
		}
	}
	if !ascii {
		b = append(b, '(', 0xFE, 0xFF)
		for k, s := range parts {
			if k > 0 {
				b = appendUnit(b, ' ')
			}
			b = appendUTF16(b, *s)
		}
		return append(b, ')')
	}
	b = append(b, '(')
	for k, s := range parts {
		if k > 0 {
			b = append(b, ' ')
		}
		for i := 0; i < len(*s); i++ {
			if c := (*s)[i]; c == '(' || c == ')' || c == '\\' {
				b = append(b, '\\', c)
			} else {
				b = append(b, c)
			}
		}
	}
	return append(b, ')')
}

// drawText writes a text item's glyph runs: the glyphs by code point
// (UTF-16, as fpdf's Identity-H fonts take them) with an adjustment
// wherever the position the shaper gave a glyph (kerning included) and the
// one the font's /W widths would give differ by more than kernSlack
// thousandths of an em. So kerning costs a few bytes a pair, a word
// without kerning is one string, and no glyph is more than kernSlack/1000
// em from where layout put it. Text extraction reads the same characters
// either way. Item i of page p is t.
func (r *renderer) drawText(p *draw.Page, i int, t *draw.Text, runs []glyphRun) {
	joined := i > r.ts.joinFrom && i <= r.ts.joinTo // the span open goes on
	if t.Actual() != nil && !joined {
		e := spanEnd(p, i)
		in := e >= 0
		if t.EndActual && (len(runs) == 0 || !(t.Size > 0)) {
			in = r.ts.inBT // a span of no glyphs: where it is
		}
		if in {
			r.beginText()
			r.endTJ()
		} else {
			r.endText()
		}
		b := append(r.ts.out, "/Span<</ActualText"...)
		if in && e >= 0 {
			r.ts.joinFrom, r.ts.joinTo = i, r.joinSpans(p, i, e)
			b = appendSpanTexts(b, r.ts.parts)
		} else {
			b = appendSpanText(b, *t.Actual())
		}
		r.ts.out = append(b, ">>BDC\n"...)
		r.ts.spans = append(r.ts.spans, in)
	}
	if len(runs) > 0 && t.Size > 0 {
		r.drawRuns(t, runs)
	}
	if t.EndActual && len(r.ts.spans) > 0 && !(i >= r.ts.joinFrom && i < r.ts.joinTo) {
		if in := r.ts.spans[len(r.ts.spans)-1]; in {
			r.endTJ()
		} else {
			r.endText()
		}
		r.raw("EMC")
		r.ts.spans = r.ts.spans[:len(r.ts.spans)-1]
	}
}

func (r *renderer) drawRuns(t *draw.Text, runs []glyphRun) {
	rotated := t.Angle() != 0 && !math.IsNaN(t.Angle())
	if rotated {
		// A text object of its own, its text matrix turned about
		// the origin of the run.
		r.endText()
	}
	r.beginText()
	r.setFillColor(t.Color())
	mode := 0
	if t.Invisible {
		mode = 3
	}
	if rotated {
		a := t.Angle() * math.Pi / 180
		c, s := math.Cos(a), math.Sin(a)
		r.setTextFont(runs[0].Face, t.Size)
		r.setTextMode(mode)
		b := r.ts.out
		for _, v := range [...]float64{c, s, -s, c} {
			b = num.AppendFixed(b, v, 5)
			b = append(b, ' ')
		}
		b = num.AppendFixed(b, t.X, 2)
		b = append(b, ' ')
		b = num.AppendFixed(b, r.pageH-t.Y, 2)
		r.ts.out = append(b, " Tm\n"...)
		// The line matrix is turned: positions along it are along
		// the run, from 0.
		r.ts.lx, r.ts.ly, r.ts.px, r.ts.penOK = 0, 0, 0, true
		r.runs(t, runs, 0, 0, mode)
		r.endText()
		return
	}
	r.runs(t, runs, t.X, r.pageH-t.Y, mode)
}

// runs draws the runs of t from (x, y) in the coordinates of the line
// matrix.
func (r *renderer) runs(t *draw.Text, runs []glyphRun, x, y float64, mode int) {
	for i, run := range runs {
		gs, ws := run.Glyphs, float32(-1)
		if i == len(runs)-1 {
			ws = r.space
		}
		if len(gs) == 0 && ws < 0 {
			continue
		}
		wd := r.plan.widths[run.Face]
		if t.Embolden() > 0 && !math.IsInf(t.Embolden(), 0) {
			// Fill and stroke, in the text's colour, then back to
			// filling. The stroke colour and line width are the
			// renderer's to track: fpdf is told them only when a
			// path wants others (setDrawColor, setLineWidth).
			r.setTextFont(run.Face, t.Size)
			r.endTJ()
			c := rgb(t.Color())
			if !r.strokeOK || r.stroke != c {
				r.ts.out = appendColor(r.ts.out, c, 'G')
				r.stroke, r.strokeOK = c, true
			}
			w := min(t.Embolden(), t.Size/10)
			if !r.lwOK || r.lw != w {
				r.ts.out = num.AppendFixed(r.ts.out, w, 3)
				r.ts.out = append(r.ts.out, " w\n"...)
				r.lw, r.lwOK = w, true
			}
			r.setTextMode(2)
			x += r.tj(run.Face, wd, gs, ws, x, y, t.Size)
			continue
		}
		r.setTextMode(mode)
		x += r.tj(run.Face, wd, gs, ws, x, y, t.Size)
	}
}

// kernSlack is how far, in thousandths of an em, a glyph may stand from
// its shaped position before a TJ adjustment puts it back.
const kernSlack = 1

// tj writes one run at (x, y) and returns its width in points. Spaces at
// either end of the run are not drawn, only moved over: they show nothing,
// and a line of code indented by spaces would otherwise start, for a text
// extractor, left of where its text starts. A tagged file's word space,
// of advance ws (-1: none), follows gs and is drawn (tagged.go).
func (r *renderer) tj(face string, w *widths, gs []draw.Glyph, ws float32, x, y, size float64) float64 {
	total := 0.0
	for _, g := range gs {
		total += float64(g.Adv)
	}
	if ws >= 0 {
		total += float64(ws)
	}
	for len(gs) > 0 && gs[0].Code == ' ' {
		x += float64(gs[0].Adv) * size / 1000
		gs = gs[1:]
	}
	if len(gs) == 0 && ws >= 0 {
		ws = -1 // a run of spaces: its word space is moved over too
	}
	for ws < 0 && len(gs) > 0 && gs[len(gs)-1].Code == ' ' && gs[len(gs)-1] != wordSpace(gs[len(gs)-1].Adv) {
		gs = gs[:len(gs)-1]
	}
	if len(gs) == 0 && ws < 0 {
		return total * size / 1000
	}
	r.setTextFont(face, size)
	r.moveTo(x, y)
	b := r.ts.out
	var want, at float64 // positions after each glyph: shaped, and as /W places it
	n := len(gs)
	if ws >= 0 {
		n++
	}
	for i := range n {
		c, adv := rune(' '), ws // the word space, after gs
		if i < len(gs) {
			c, adv = gs[i].Code, gs[i].Adv
		}
		if c <= 0 || c >= 0x10000 {
			c = 0xFFFD
		}
		b = appendUnit(b, c)
		want += float64(adv)
		at += float64(w.of(c))
		if i < n-1 {
			if math.Abs(want-at) > kernSlack {
				d := math.Round(want - at)
				b = append(b, ')')
				b = num.AppendInt(b, int64(-d))
				b = append(b, '(')
				at += d
			}
		}
	}
	r.ts.out = append(b, ')')
	r.ts.px += at * r.ts.tfSize / 1000
	return total * size / 1000
}

// appendUnit appends the UTF-16 code unit (or two-byte glyph code) u, high
// byte first, as bytes of a literal string: parentheses and backslashes
// escaped, and a carriage return as \r (a reader would read a raw one as
// the end of a line).
func appendUnit(b []byte, u rune) []byte {
	for _, by := range [2]byte{byte(u >> 8), byte(u)} {
		switch by {
		case '(', ')', '\\':
			b = append(b, '\\', by)
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, by)
		}
	}
	return b
}

// widths holds the /W widths of the codes a face draws (font.Face.PDFWidth),
// looked up once a Write for the codes of the plan: tj wants one a glyph.
type widths struct {
	face *font.Face
	page [256]*[256]int32 // by high byte, the width + 1 of each code; 0: not looked up
}

func newWidths(f *font.Face, runes *[0x10000 / 64]uint64) *widths {
	w := &widths{face: f}
	for i, bits := range runes {
		for k := 0; bits != 0; k, bits = k+1, bits>>1 {
			if bits&1 == 0 {
				continue
			}
			c := rune(i*64 + k)
			p := w.page[c>>8]
			if p == nil {
				p = new([256]int32)
				w.page[c>>8] = p
			}
			p[c&0xFF] = int32(f.PDFWidth(c)) + 1
		}
	}
	return w
}

// of returns the width of code c (0 <= c < 0x10000).
func (w *widths) of(c rune) int {
	if p := w.page[c>>8&0xFF]; p != nil {
		if v := p[c&0xFF]; v != 0 {
			return int(v - 1)
		}
	}
	return w.face.PDFWidth(c)
}

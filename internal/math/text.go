package math

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"
)

// The Unicode text of a formula: what text extraction gives for it (the
// PDF writer marks the formula's glyphs with it as ActualText), what a
// word count counts and what a plain-text title holds.

var superscripts = map[rune]rune{
	'0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
	'+': '⁺', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', 'n': 'ⁿ', 'i': 'ⁱ', '′': '′', '″': '″', '‴': '‴',
}

var subscripts = map[rune]rune{
	'0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
	'+': '₊', '−': '₋', '=': '₌', '(': '₍', ')': '₎', 'a': 'ₐ', 'e': 'ₑ', 'o': 'ₒ', 'x': 'ₓ', 'h': 'ₕ',
	'k': 'ₖ', 'l': 'ₗ', 'm': 'ₘ', 'n': 'ₙ', 'p': 'ₚ', 's': 'ₛ', 't': 'ₜ', 'i': 'ᵢ', 'j': 'ⱼ', 'r': 'ᵣ',
	'u': 'ᵤ', 'v': 'ᵥ',
}

// textBuf is where a formula's text is written: the text of a part
// that is changed as a whole (a fraction's numerator put in
// parentheses, a script's characters made superscripts) is written at
// the end and changed there, so that the whole text costs one string.
type textBuf struct{ b []byte }

var textBufs = sync.Pool{New: func() any { return new(textBuf) }}

func (t *textBuf) byte(c byte)  { t.b = append(t.b, c) }
func (t *textBuf) rune(r rune)  { t.b = utf8.AppendRune(t.b, r) }
func (t *textBuf) str(s string) { t.b = append(t.b, s...) }
func (t *textBuf) list(l []*node) {
	for _, n := range l {
		t.node(n)
	}
}

// text returns the text of t from byte from on, trimmed, and truncates
// t to from.
func (t *textBuf) text(from int) string {
	s := string(bytes.TrimSpace(t.b[from:]))
	t.b = t.b[:from]
	return s
}

// trim trims the spaces around the text from byte from on.
func (t *textBuf) trim(from int) {
	s := bytes.TrimSpace(t.b[from:])
	n := copy(t.b[from:], s)
	t.b = t.b[:from+n]
}

// insert puts c at byte at.
func (t *textBuf) insert(at int, c byte) {
	t.b = append(t.b, 0)
	copy(t.b[at+1:], t.b[at:])
	t.b[at] = c
}

// group trims the text from byte from on and puts parentheses around it
// unless it is one character or in parentheses (group of it).
func (t *textBuf) group(from int) {
	t.trim(from)
	s := t.b[from:]
	if utf8.RuneCount(s) <= 1 || bytes.HasPrefix(s, []byte("(")) && bytes.HasSuffix(s, []byte(")")) {
		return
	}
	t.insert(from, '(')
	t.byte(')')
}

// mapAll maps every character but spaces of the text from byte from on
// by m, if all have an image and there is one (mapAll of it); else it
// leaves the text as it is.
func (t *textBuf) mapAll(from int, m map[rune]rune) bool {
	end := len(t.b)
	if end == from {
		return false
	}
	for _, r := range string(t.b[from:end]) {
		if r == ' ' {
			continue
		}
		x, ok := m[r]
		if !ok {
			t.b = t.b[:end]
			return false
		}
		t.rune(x)
	}
	t.moveBack(from, end)
	return true
}

// moveBack replaces the text from byte from to end by what follows end.
func (t *textBuf) moveBack(from, end int) {
	n := copy(t.b[from:], t.b[end:])
	t.b = t.b[:from+n]
}

// marks puts mark after each character of the text from byte from on.
func (t *textBuf) marks(from int, mark rune) {
	end := len(t.b)
	for _, r := range string(t.b[from:end]) {
		t.rune(r)
		t.rune(mark)
	}
	t.moveBack(from, end)
}

// unicodeText writes the text of f, trimmed, into the parser's text
// buffer and returns it (valid until the buffer is written again).
func (p *parser) unicodeText(f *Formula) []byte {
	t := &p.textBuf
	t.b = t.b[:0]
	if f.arr != nil {
		t.array(f.arr, "\n")
	} else {
		t.list(f.list)
	}
	return bytes.TrimSpace(t.b)
}

// plainText returns the text of a list (for \tag).
func plainText(l []*node) string { return listString(l) }

// textList writes the text of l to b.
func textList(b *strings.Builder, l []*node) {
	t := textBufs.Get().(*textBuf)
	t.list(l)
	b.Write(t.b)
	t.b = t.b[:0]
	textBufs.Put(t)
}

// textArray writes the text of a to b, rows separated by rowSep.
func textArray(b *strings.Builder, a *array, rowSep string) {
	t := textBufs.Get().(*textBuf)
	t.array(a, rowSep)
	b.Write(t.b)
	t.b = t.b[:0]
	textBufs.Put(t)
}

func listString(l []*node) string {
	t := textBufs.Get().(*textBuf)
	t.list(l)
	s := t.text(0)
	textBufs.Put(t)
	return s
}

// plainRune maps the default italic math alphabet back to letters, so
// that copying 𝑥 gives x; other alphabets (ℝ, 𝔤, 𝐯) keep their meaning.
func plainRune(r rune) rune {
	if r >= 0x1D434 && r <= 0x1D467 || r >= 0x1D6E2 && r <= 0x1D71B || r == 0x210E {
		if r == 0x210E {
			return 'h'
		}
		return plainLetter(r - 0x34 + 0x00)
	}
	return r
}

// plainSym is the character a symbol's text holds: letters of the
// default italic alphabet (Latin and Greek) as plain letters.
func plainSym(r rune) rune {
	if r >= 0x1D434 && r <= 0x1D467 {
		r = plainLetter(r)
	} else if r >= 0x1D6E2 && r <= 0x1D71B {
		i := int(r - 0x1D6E2)
		switch {
		case i < 25:
			r = 0x391 + rune(i)
		case i >= 26 && i < 51:
			r = 0x3B1 + rune(i-26)
		}
	} else if r == 0x210E {
		r = 'h'
	}
	return r
}

func (t *textBuf) node(n *node) {
	switch n.kind {
	case nSym:
		r := plainSym(n.r)
		if n.class == Rel || n.class == Bin {
			t.byte(' ')
			t.rune(r)
			t.byte(' ')
		} else if n.class == Punct {
			t.rune(r)
			t.byte(' ')
		} else {
			t.rune(r)
		}
	case nOp:
		switch {
		case n.big:
			t.rune(n.r)
		case n.x().text != "":
			if n.x().flag == "bmod" {
				t.str(" mod ")
			} else {
				t.str(n.x().text)
				t.byte(' ')
			}
		default:
			t.list(n.nuc)
			t.byte(' ')
		}
	case nList:
		switch n.x().flag {
		case "pmod":
			t.str(" (mod ")
			t.trimmed(n.nuc)
			t.byte(')')
		case "pod":
			t.str(" (")
			t.trimmed(n.nuc)
			t.byte(')')
		case "mod":
			t.str(" mod ")
			t.trimmed(n.nuc)
		default:
			t.list(n.nuc)
		}
	case nFrac:
		if n.num == 0 && n.x().l != 0 {
			t.rune(n.x().l)
			t.trimmed(n.x().a)
			t.byte(' ')
			t.trimmed(n.x().b)
			t.rune(n.x().rr)
		} else {
			from := len(t.b)
			t.list(n.x().a)
			t.group(from)
			t.byte('/')
			from = len(t.b)
			t.list(n.x().b)
			t.group(from)
		}
	case nRad:
		from := len(t.b)
		t.trimmed(n.x().a)
		switch string(t.b[from:]) {
		case "":
			t.rune('√')
		case "3":
			t.b = t.b[:from]
			t.rune('∛')
		case "4":
			t.b = t.b[:from]
			t.rune('∜')
		default:
			t.superscript(from)
			t.rune('√')
		}
		from = len(t.b)
		t.list(n.nuc)
		t.group(from)
	case nAcc:
		mark := n.r
		switch mark {
		case 0x2192:
			mark = 0x20D7
		case 0x2190:
			mark = 0x20D6
		case 0x2194:
			mark = 0x20E1
		case 0x21D2:
			mark = 0x20D7
		}
		from := len(t.b)
		t.trimmed(n.nuc)
		t.marks(from, mark)
	case nOverline:
		from := len(t.b)
		t.trimmed(n.nuc)
		t.marks(from, 0x305)
	case nUnderline:
		from := len(t.b)
		t.trimmed(n.nuc)
		t.marks(from, 0x332)
	case nOverUnder:
		t.list(n.nuc)
		if n.x().a != nil {
			t.str("^(")
			t.trimmed(n.x().a)
			t.byte(')')
		}
		if n.x().b != nil {
			t.str("_(")
			t.trimmed(n.x().b)
			t.byte(')')
		}
	case nLeftRight:
		for i, d := range n.x().delims {
			if d != '.' && d != 0 {
				t.rune(d)
			}
			if i < len(n.x().parts) {
				t.list(n.x().parts[i])
			}
		}
	case nBig:
		if n.r != '.' {
			t.rune(n.r)
		}
	case nSpace:
		if n.num >= 6 {
			t.byte(' ')
		}
	case nText:
		for _, p := range n.x().texts {
			if p.math != nil {
				t.list(p.math)
			} else {
				t.str(p.s)
			}
		}
	case nArray:
		if n.x().arr.l != 0 && n.x().arr.l != '.' {
			t.rune(n.x().arr.l)
		}
		t.array(n.x().arr, "; ")
		if n.x().arr.r != 0 && n.x().arr.r != '.' {
			t.rune(n.x().arr.r)
		}
	case nPhantom, nRule, nStyle, nPenalty:
	case nSmash, nLap, nBoxed, nCancel, nColor:
		t.list(n.nuc)
	case nChoice:
		t.list(n.x().choice[1])
	case nNot:
		t.trimmed(n.nuc)
		t.str("\u0338")
	case nXArrow:
		t.byte(' ')
		t.rune(n.r)
		at := len(t.b)
		t.str("^(")
		from := len(t.b)
		t.trimmed(n.x().a)
		if len(t.b) == from {
			t.b = t.b[:at]
		} else {
			t.byte(')')
		}
		t.byte(' ')
	}
	if n.hasSub {
		t.script(n.scr().sub, subscripts, '_')
	}
	if n.hasSup {
		t.script(n.scr().sup, superscripts, '^')
	}
}

// trimmed writes the text of l, trimmed (listString of it).
func (t *textBuf) trimmed(l []*node) {
	from := len(t.b)
	t.list(l)
	t.trim(from)
}

// script writes the text of a script: its characters as superscript or
// subscript characters (m) if all have one, else mark and the text.
func (t *textBuf) script(l []*node, m map[rune]rune, mark byte) {
	// Most scripts are one symbol with a script character (x², aᵢ).
	if len(l) == 1 && l[0].kind == nSym && !l[0].hasSub && !l[0].hasSup && l[0].class != Rel && l[0].class != Bin && l[0].class != Punct {
		r := plainSym(l[0].r)
		if r != ' ' {
			if x, ok := m[r]; ok {
				t.rune(x)
				return
			}
		}
	}
	from := len(t.b)
	t.trimmed(l)
	if !t.mapAll(from, m) {
		t.group(from)
		t.insert(from, mark)
	}
}

// superscript makes the text from byte from on superscript characters,
// or ^ and the text grouped.
func (t *textBuf) superscript(from int) {
	if !t.mapAll(from, superscripts) {
		t.group(from)
		t.insert(from, '^')
	}
}

func (t *textBuf) array(a *array, rowSep string) {
	for i, r := range a.rows {
		if i > 0 {
			t.str(rowSep)
		}
		for k, c := range r.cells {
			if k > 0 && !a.pairs {
				t.byte(' ')
			}
			t.list(c)
		}
	}
}

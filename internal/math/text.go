package math

import (
	"strings"
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

func unicodeText(f *Formula) string {
	var b strings.Builder
	if f.arr != nil {
		textArray(&b, f.arr, "\n")
	} else {
		textList(&b, f.list)
	}
	return strings.TrimSpace(b.String())
}

// plainText returns the text of a list (for \tag).
func plainText(l []*node) string {
	var b strings.Builder
	textList(&b, l)
	return strings.TrimSpace(b.String())
}

func textList(b *strings.Builder, l []*node) {
	for _, n := range l {
		textNode(b, n)
	}
}

func listString(l []*node) string {
	var b strings.Builder
	textList(&b, l)
	return strings.TrimSpace(b.String())
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

func textNode(b *strings.Builder, n *node) {
	switch n.kind {
	case nSym:
		r := plainSym(n.r)
		if n.class == Rel || n.class == Bin {
			b.WriteByte(' ')
			b.WriteRune(r)
			b.WriteByte(' ')
		} else if n.class == Punct {
			b.WriteRune(r)
			b.WriteByte(' ')
		} else {
			b.WriteRune(r)
		}
	case nOp:
		switch {
		case n.big:
			b.WriteRune(n.r)
		case n.x().text != "":
			if n.x().flag == "bmod" {
				b.WriteString(" mod ")
			} else {
				b.WriteString(n.x().text)
				b.WriteByte(' ')
			}
		default:
			textList(b, n.nuc)
			b.WriteByte(' ')
		}
	case nList:
		switch n.x().flag {
		case "pmod":
			b.WriteString(" (mod " + listString(n.nuc) + ")")
		case "pod":
			b.WriteString(" (" + listString(n.nuc) + ")")
		case "mod":
			b.WriteString(" mod " + listString(n.nuc))
		default:
			textList(b, n.nuc)
		}
	case nFrac:
		num, den := listString(n.x().a), listString(n.x().b)
		if n.num == 0 && n.x().l != 0 {
			b.WriteString(string(n.x().l) + num + " " + den + string(n.x().rr))
		} else {
			b.WriteString(group(num) + "/" + group(den))
		}
	case nRad:
		deg := listString(n.x().a)
		switch deg {
		case "":
			b.WriteRune('√')
		case "3":
			b.WriteRune('∛')
		case "4":
			b.WriteRune('∜')
		default:
			b.WriteString(superscript(deg) + "√")
		}
		b.WriteString(group(listString(n.nuc)))
	case nAcc:
		s := listString(n.nuc)
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
		for _, r := range s {
			b.WriteRune(r)
			b.WriteRune(mark)
		}
	case nOverline:
		for _, r := range listString(n.nuc) {
			b.WriteRune(r)
			b.WriteRune(0x305)
		}
	case nUnderline:
		for _, r := range listString(n.nuc) {
			b.WriteRune(r)
			b.WriteRune(0x332)
		}
	case nOverUnder:
		textList(b, n.nuc)
		if n.x().a != nil {
			b.WriteString("^(" + listString(n.x().a) + ")")
		}
		if n.x().b != nil {
			b.WriteString("_(" + listString(n.x().b) + ")")
		}
	case nLeftRight:
		for i, d := range n.x().delims {
			if d != '.' && d != 0 {
				b.WriteRune(d)
			}
			if i < len(n.x().parts) {
				textList(b, n.x().parts[i])
			}
		}
	case nBig:
		if n.r != '.' {
			b.WriteRune(n.r)
		}
	case nSpace:
		if n.num >= 6 {
			b.WriteByte(' ')
		}
	case nText:
		for _, p := range n.x().texts {
			if p.math != nil {
				textList(b, p.math)
			} else {
				b.WriteString(p.s)
			}
		}
	case nArray:
		if n.x().arr.l != 0 && n.x().arr.l != '.' {
			b.WriteRune(n.x().arr.l)
		}
		textArray(b, n.x().arr, "; ")
		if n.x().arr.r != 0 && n.x().arr.r != '.' {
			b.WriteRune(n.x().arr.r)
		}
	case nPhantom, nRule, nStyle, nPenalty:
	case nSmash, nLap, nBoxed, nCancel, nColor:
		textList(b, n.nuc)
	case nChoice:
		textList(b, n.x().choice[1])
	case nNot:
		s := listString(n.nuc)
		b.WriteString(s + "\u0338")
	case nXArrow:
		b.WriteString(" " + string(n.r))
		if over := listString(n.x().a); over != "" {
			b.WriteString("^(" + over + ")")
		}
		b.WriteByte(' ')
	}
	if n.hasSub {
		script(b, n.scr().sub, subscripts, '_')
	}
	if n.hasSup {
		script(b, n.scr().sup, superscripts, '^')
	}
}

// script writes the text of a script: its characters as superscript or
// subscript characters (m) if all have one, else mark and the text.
func script(b *strings.Builder, l []*node, m map[rune]rune, mark byte) {
	// Most scripts are one symbol with a script character (x², aᵢ).
	if len(l) == 1 && l[0].kind == nSym && !l[0].hasSub && !l[0].hasSup && l[0].class != Rel && l[0].class != Bin && l[0].class != Punct {
		r := plainSym(l[0].r)
		if r != ' ' {
			if t, ok := m[r]; ok {
				b.WriteRune(t)
				return
			}
		}
	}
	s := listString(l)
	if t, ok := mapAll(s, m); ok {
		b.WriteString(t)
	} else {
		b.WriteByte(mark)
		b.WriteString(group(s))
	}
}

func superscript(s string) string {
	if t, ok := mapAll(s, superscripts); ok {
		return t
	}
	return "^" + group(s)
}

func mapAll(s string, m map[rune]rune) (string, bool) {
	if s == "" {
		return "", false
	}
	var b strings.Builder
	for _, r := range s {
		if r == ' ' {
			continue
		}
		t, ok := m[r]
		if !ok {
			return "", false
		}
		b.WriteRune(t)
	}
	return b.String(), true
}

// group puts parentheses around s unless it is one character.
func group(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= 1 || strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		return s
	}
	return "(" + s + ")"
}

func textArray(b *strings.Builder, a *array, rowSep string) {
	for i, r := range a.rows {
		if i > 0 {
			b.WriteString(rowSep)
		}
		for k, c := range r.cells {
			if k > 0 && !a.pairs {
				b.WriteByte(' ')
			}
			textList(b, c)
		}
	}
}

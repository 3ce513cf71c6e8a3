package csl

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what a Span of rich text is.
type Kind uint8

// The kinds of span. Plain carries Text; every other kind wraps Kids.
const (
	Plain        Kind = iota
	Italic            // font-style italic (flips to roman inside italic)
	NoItalic          // font-style normal
	Bold              // font-weight bold
	NoBold            // font-weight normal
	SmallCaps         // font-variant small-caps
	NoSmallCaps       // font-variant normal
	Underline         // text-decoration underline
	NoDecoration      // text-decoration none: undoes the enclosing font styles
	Sup               // superscript
	Sub               // subscript
	Baseline          // vertical-align baseline
	Quoted            // in quotation marks (outer or inner, by nesting)
	NoCase            // protected from case changes
	Block             // display block / left-margin / right-inline / indent (Attr)
	Link              // a hyperlink to Attr
	ItemRef           // one cite of a citation; Attr is the item's ID

	userAffix Kind = 100 // a cite's prefix or suffix as the author wrote it (rendered as its kids)
)

// Span is a piece of rich text: a plain string or a styled run of spans.
type Span struct {
	Kind Kind
	Text string // Plain
	Kids []Span // every other kind
	Attr string // Block: "block", "left-margin", "right-inline", "indent"; Link: the URL
}

// Text is a sequence of spans.
type Text []Span

func plain(s string) Text {
	if s == "" {
		return nil
	}
	return Text{{Kind: Plain, Text: s}}
}

func wrap(k Kind, t Text) Text {
	if len(t) == 0 {
		return nil
	}
	return Text{{Kind: k, Kids: t}}
}

// String is the text without its styling (quotation marks are not added).
func (t Text) String() string {
	var b strings.Builder
	t.writePlain(&b)
	return b.String()
}

func (t Text) writePlain(b *strings.Builder) {
	for i := range t {
		if t[i].Kind == Plain {
			b.WriteString(t[i].Text)
		} else {
			Text(t[i].Kids).writePlain(b)
		}
	}
}

// has reports whether f holds for a span of t or of its kids.
func (t Text) has(f func(*Span) bool) bool {
	for i := range t {
		if f(&t[i]) || Text(t[i].Kids).has(f) {
			return true
		}
	}
	return false
}

// empty reports whether t has no characters.
func (t Text) empty() bool {
	for i := range t {
		if t[i].Kind == Plain {
			if t[i].Text != "" {
				return false
			}
		} else if !Text(t[i].Kids).empty() {
			return false
		}
	}
	return true
}

// firstRune is the first character of t, or 0.
func (t Text) firstRune() rune {
	for i := range t {
		if t[i].Kind == Plain {
			if t[i].Text != "" {
				r, _ := utf8.DecodeRuneInString(t[i].Text)
				return r
			}
		} else if r := Text(t[i].Kids).firstRune(); r != 0 {
			return r
		}
	}
	return 0
}

// lastRune is the last character of t, or 0.
func (t Text) lastRune() rune {
	for i := len(t) - 1; i >= 0; i-- {
		if t[i].Kind == Plain {
			if t[i].Text != "" {
				r, _ := utf8.DecodeLastRuneInString(t[i].Text)
				return r
			}
		} else if r := Text(t[i].Kids).lastRune(); r != 0 {
			return r
		}
	}
	return 0
}

// lastPlain finds the last character and says whether it sits inside a
// quotation (a Quoted span).
func (t Text) lastRuneQuoted() (rune, bool) {
	for i := len(t) - 1; i >= 0; i-- {
		if t[i].Kind == Plain {
			if t[i].Text != "" {
				r, _ := utf8.DecodeLastRuneInString(t[i].Text)
				return r, false
			}
		} else if r, q := Text(t[i].Kids).lastRuneQuoted(); r != 0 {
			return r, q || t[i].Kind == Quoted
		}
	}
	return 0, false
}

// dropFirst removes the first n bytes of the text's first non-empty plain span.
func (t Text) dropFirstRune() Text {
	out := make(Text, 0, len(t))
	done := false
	for i := range t {
		s := t[i]
		if done {
			out = append(out, s)
			continue
		}
		if s.Kind == Plain {
			if s.Text == "" {
				continue
			}
			_, n := utf8.DecodeRuneInString(s.Text)
			s.Text = s.Text[n:]
			done = true
			if s.Text != "" {
				out = append(out, s)
			}
			continue
		}
		if Text(s.Kids).empty() {
			continue
		}
		s.Kids = Text(s.Kids).dropFirstRune()
		done = true
		if len(s.Kids) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// dropLastRune removes the text's last character.
func (t Text) dropLastRune() Text {
	out := make(Text, len(t))
	copy(out, t)
	for i := len(out) - 1; i >= 0; i-- {
		s := out[i]
		if s.Kind == Plain {
			if s.Text == "" {
				continue
			}
			_, n := utf8.DecodeLastRuneInString(s.Text)
			s.Text = s.Text[:len(s.Text)-n]
			if s.Text == "" {
				out = append(out[:i], out[i+1:]...)
			} else {
				out[i] = s
			}
			return out
		}
		if Text(s.Kids).empty() {
			continue
		}
		s.Kids = Text(s.Kids).dropLastRune()
		if len(s.Kids) == 0 {
			out = append(out[:i], out[i+1:]...)
		} else {
			out[i] = s
		}
		return out
	}
	return out
}

// trimLeftFunc drops leading characters for which f holds (in the first
// plain text only).
func (t Text) trimLeftFunc(f func(rune) bool) Text {
	for !t.empty() {
		r := t.firstRune()
		if !f(r) {
			break
		}
		t = t.dropFirstRune()
	}
	return t
}

func (t Text) trimRightFunc(f func(rune) bool) Text {
	for !t.empty() {
		r := t.lastRune()
		if !f(r) {
			break
		}
		t = t.dropLastRune()
	}
	return t
}

// mapText applies f to every plain string of t (a copy).
func (t Text) mapText(f func(string) string) Text {
	out := make(Text, 0, len(t))
	for _, s := range t {
		if s.Kind == Plain {
			s.Text = f(s.Text)
			if s.Text == "" {
				continue
			}
		} else {
			s.Kids = Text(s.Kids).mapText(f)
		}
		out = append(out, s)
	}
	return out
}

// clone copies t deeply enough that its spans can be changed.
func (t Text) clone() Text {
	if t == nil {
		return nil
	}
	out := make(Text, len(t))
	for i, s := range t {
		if s.Kids != nil {
			s.Kids = Text(s.Kids).clone()
		}
		out[i] = s
	}
	return out
}

// ---- parsing the markup of field values ----

// narrowSpaces sets French punctuation with narrow no-break spaces, as
// citeproc-js does.
var narrowSpaces = strings.NewReplacer("« ", "«\u202f", " »", "\u202f»", " ;", "\u202f;", " ?", "\u202f?", " !", "\u202f!")

// parseMarkup reads the HTML-like markup that CSL-JSON allows in field
// values (<i>, <b>, <sc>, <sup>, <sub>, <span style="font-variant:small-caps;">,
// <span class="nocase">, <span class="nodecor">) and quotation marks, which
// become Quoted spans so that they nest and localize. Anything unmatched
// stays as literal text.
func parseMarkup(s string) Text {
	if strings.ContainsAny(s, "«»;?!") {
		s = narrowSpaces.Replace(s)
	}
	if !strings.ContainsAny(s, "<\"'“‘«”’»‹›") {
		return plain(s)
	}
	p := &markupParser{src: s}
	p.tokenize()
	return p.build()
}

type tokKind uint8

const (
	tkText tokKind = iota
	tkOpen
	tkClose
	tkQuoteOpen
	tkQuoteClose
	tkQuoteBoth // a straight quote that may open or close
)

type mtoken struct {
	kind tokKind
	text string // raw text
	tag  Kind   // for tags
	q    string // quote family: "\"", "'", "“", "‘", "«", "‹"
}

type markupParser struct {
	src  string
	toks []mtoken
	buf  strings.Builder // the text token being read
}

var openTags = []struct {
	s string
	k Kind
}{
	{"<i>", Italic}, {"<b>", Bold}, {"<sc>", SmallCaps}, {"<sup>", Sup}, {"<sub>", Sub},
	{"<u>", Underline},
	{`<span style="font-variant:small-caps;">`, SmallCaps},
	{`<span style="font-variant: small-caps;">`, SmallCaps},
	{`<span style="font-variant:small-caps">`, SmallCaps},
	{`<span class="nocase">`, NoCase},
	{`<span class="nodecor">`, NoDecoration},
	{`<span style="font-style:normal;">`, NoItalic},
	{`<span style="baseline">`, Baseline},
}

var closeTags = []struct {
	s string
	k Kind
}{
	{"</i>", Italic}, {"</b>", Bold}, {"</sc>", SmallCaps}, {"</sup>", Sup}, {"</sub>", Sub}, {"</u>", Underline},
	{"</span>", 255},
}

// text adds to the text token being read.
func (p *markupParser) text(s string) { p.buf.WriteString(s) }

// flush ends the text token being read.
func (p *markupParser) flush() {
	if p.buf.Len() > 0 {
		p.toks = append(p.toks, mtoken{kind: tkText, text: p.buf.String()})
		p.buf.Reset()
	}
}

// tok adds a token after the text before it.
func (p *markupParser) tok(t mtoken) {
	p.flush()
	p.toks = append(p.toks, t)
}

func isOpenContext(r rune) bool {
	return r == 0 || unicode.IsSpace(r) || r == '(' || r == '[' || r == '{' || r == '“' || r == '‘' || r == '"' || r == '«' || r == '‹' || r == '—' || r == '–' || r == '/' || r == '-'
}

func (p *markupParser) tokenize() {
	s := p.src
	i := 0
	for i < len(s) {
		c := s[i]
		if c == '<' {
			matched := false
			for _, t := range openTags {
				if strings.HasPrefix(s[i:], t.s) {
					p.tok(mtoken{kind: tkOpen, text: t.s, tag: t.k})
					i += len(t.s)
					matched = true
					break
				}
			}
			if !matched {
				for _, t := range closeTags {
					if strings.HasPrefix(s[i:], t.s) {
						p.tok(mtoken{kind: tkClose, text: t.s, tag: t.k})
						i += len(t.s)
						matched = true
						break
					}
				}
			}
			if !matched {
				p.text("<")
				i++
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		if i == 0 {
			prev = 0
		}
		next, _ := utf8.DecodeRuneInString(s[i+n:])
		if i+n >= len(s) {
			next = 0
		}
		nextSpace := next == 0 || unicode.IsSpace(next)
		switch r {
		case '"':
			switch {
			case isOpenContext(prev) && !nextSpace:
				p.tok(mtoken{kind: tkQuoteBoth, text: "\"", q: "\""})
			case !isOpenContext(prev) || prev == '"':
				p.tok(mtoken{kind: tkQuoteClose, text: "\"", q: "\""})
			default:
				p.text("\"")
			}
		case '\'':
			switch {
			case prev != 0 && (unicode.IsLetter(prev) || unicode.IsDigit(prev)) && next != 0 && (unicode.IsLetter(next) || unicode.IsDigit(next)):
				p.text("’")
			case prev == '\'' || prev == '’':
				p.text("’")
			case isOpenContext(prev) && !nextSpace:
				p.tok(mtoken{kind: tkQuoteBoth, text: "'", q: "'"})
			case !isOpenContext(prev):
				p.tok(mtoken{kind: tkQuoteClose, text: "'", q: "'"})
			default:
				p.text("’") // a lone apostrophe ("d ' eau")
			}
		case '“', '‘', '«', '‹':
			if nextSpace {
				p.text(string(r))
			} else {
				p.tok(mtoken{kind: tkQuoteOpen, text: string(r), q: string(r)})
			}
		case '”', '»', '›':
			if prev == 0 || unicode.IsSpace(prev) {
				p.text(string(r))
				break
			}
			q := map[rune]string{'”': "“", '»': "«", '›': "‹"}[r]
			p.tok(mtoken{kind: tkQuoteClose, text: string(r), q: q})
		case '’':
			if prev != 0 && (unicode.IsLetter(prev) || unicode.IsDigit(prev)) && next != 0 && unicode.IsLetter(next) || prev == 0 || unicode.IsSpace(prev) {
				p.text("’")
			} else {
				p.tok(mtoken{kind: tkQuoteClose, text: "’", q: "‘"})
			}
		default:
			p.text(s[i : i+n])
		}
		i += n
	}
	p.flush()
}

// build pairs the tokens: an open token with its matching close becomes a
// span; unpaired tokens become text.
func (p *markupParser) build() Text {
	toks := p.toks
	n := len(toks)
	match := make([]int, n)
	for i := range match {
		match[i] = -1
	}
	var stack []int
	for i, t := range toks {
		switch t.kind {
		case tkOpen:
			stack = append(stack, i)
		case tkQuoteOpen:
			stack = append(stack, i)
		case tkClose:
			// find the nearest open tag of the same kind
			for j := len(stack) - 1; j >= 0; j-- {
				o := toks[stack[j]]
				if o.kind == tkOpen && (o.tag == t.tag || t.tag == 255 && isSpanTag(o.text)) {
					match[stack[j]] = i
					match[i] = stack[j]
					stack = stack[:j]
					break
				}
				if o.kind == tkOpen {
					break
				}
			}
		case tkQuoteClose, tkQuoteBoth:
			closed := false
			for j := len(stack) - 1; j >= 0; j-- {
				o := toks[stack[j]]
				if (o.kind == tkQuoteOpen || o.kind == tkQuoteBoth) && quoteCloses(o.q, t.text) {
					match[stack[j]] = i
					match[i] = stack[j]
					stack = stack[:j]
					closed = true
					break
				}
				if o.kind == tkOpen {
					break
				}
			}
			if !closed && t.kind == tkQuoteBoth {
				stack = append(stack, i)
			}
		}
	}
	out, _ := p.assemble(0, n, match)
	return out
}

func isSpanTag(s string) bool { return strings.HasPrefix(s, "<span") }

func quoteCloses(open, close string) bool {
	switch open {
	case "\"":
		return close == "\"" || close == "”"
	case "'":
		return close == "'" || close == "’"
	case "“":
		return close == "”" || close == "\""
	case "‘":
		return close == "’" || close == "'"
	case "«":
		return close == "»"
	case "‹":
		return close == "›"
	}
	return false
}

func (p *markupParser) assemble(from, to int, match []int) (Text, int) {
	var out Text
	addText := func(s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Kind == Plain {
			out[n-1].Text += s
			return
		}
		out = append(out, Span{Kind: Plain, Text: s})
	}
	for i := from; i < to; i++ {
		t := p.toks[i]
		m := match[i]
		switch {
		case t.kind == tkText:
			addText(t.text)
		case m > i:
			inner, _ := p.assemble(i+1, m, match)
			if t.kind == tkOpen {
				out = append(out, Span{Kind: t.tag, Kids: inner})
			} else {
				q := Span{Kind: Quoted, Kids: inner}
				if t.q == "‘" || t.q == "‹" {
					q.Attr = "single" // keeps its kind at the outer level
				}
				out = append(out, q)
			}
			i = m
		default:
			txt := t.text
			if txt == "'" {
				txt = "’"
			}
			addText(txt)
		}
	}
	return out, to
}

// superscripts maps Unicode superscript characters to what they stand for
// (ª, º, ᵉ, ʳ... in French, Spanish and Portuguese ordinals).
// (the characters whose Unicode decomposition is <super>; the same
// table citeproc-js uses)
var superscripts = map[rune]string{
	'ª': "a", '²': "2", '³': "3", '¹': "1", 'º': "o", 'ʰ': "h", 'ʱ': "ɦ", 'ʲ': "j", 'ʳ': "r",
	'ʴ': "ɹ", 'ʵ': "ɻ", 'ʶ': "ʁ", 'ʷ': "w", 'ʸ': "y", 'ˠ': "ɣ", 'ˡ': "l", 'ˢ': "s", 'ˣ': "x",
	'ˤ': "ʕ", 'ᴬ': "A", 'ᴭ': "Æ", 'ᴮ': "B", 'ᴰ': "D", 'ᴱ': "E", 'ᴲ': "Ǝ", 'ᴳ': "G", 'ᴴ': "H",
	'ᴵ': "I", 'ᴶ': "J", 'ᴷ': "K", 'ᴸ': "L", 'ᴹ': "M", 'ᴺ': "N", 'ᴼ': "O", 'ᴽ': "Ȣ", 'ᴾ': "P",
	'ᴿ': "R", 'ᵀ': "T", 'ᵁ': "U", 'ᵂ': "W", 'ᵃ': "a", 'ᵄ': "ɐ", 'ᵅ': "ɑ", 'ᵆ': "ᴂ", 'ᵇ': "b",
	'ᵈ': "d", 'ᵉ': "e", 'ᵊ': "ə", 'ᵋ': "ɛ", 'ᵌ': "ɜ", 'ᵍ': "g", 'ᵏ': "k", 'ᵐ': "m", 'ᵑ': "ŋ",
	'ᵒ': "o", 'ᵓ': "ɔ", 'ᵔ': "ᴖ", 'ᵕ': "ᴗ", 'ᵖ': "p", 'ᵗ': "t", 'ᵘ': "u", 'ᵙ': "ᴝ", 'ᵚ': "ɯ",
	'ᵛ': "v", 'ᵜ': "ᴥ", 'ᵝ': "β", 'ᵞ': "γ", 'ᵟ': "δ", 'ᵠ': "φ", 'ᵡ': "χ", '⁰': "0", 'ⁱ': "i",
	'⁴': "4", '⁵': "5", '⁶': "6", '⁷': "7", '⁸': "8", '⁹': "9", '⁺': "+", '⁻': "−", '⁼': "=",
	'⁽': "(", '⁾': ")", 'ⁿ': "n", '℠': "SM", '™': "TM", '㆒': "一", '㆓': "二", '㆔': "三", '㆕': "四",
	'㆖': "上", '㆗': "中", '㆘': "下", '㆙': "甲", '㆚': "乙", '㆛': "丙", '㆜': "丁", '㆝': "天", '㆞': "地",
	'㆟': "人", 'ˀ': "ʔ", 'ˁ': "ʕ", 'ۥ': "و", 'ۦ': "ي",
}

// SplitSuperscripts turns the Unicode superscript characters of plain
// text into Sup spans of the characters they stand for.
func SplitSuperscripts(t Text) Text {
	if !t.has(func(s *Span) bool { return s.Kind == Plain && hasSuperscript(s.Text) }) {
		return t
	}
	var out Text
	for _, s := range t {
		if s.Kind != Plain {
			if s.Kind != Sup {
				s.Kids = SplitSuperscripts(s.Kids)
			}
			out = append(out, s)
			continue
		}
		if !hasSuperscript(s.Text) {
			out = append(out, s)
			continue
		}
		var b strings.Builder
		flush := func() {
			if b.Len() > 0 {
				out = append(out, Span{Kind: Plain, Text: b.String()})
				b.Reset()
			}
		}
		for _, r := range s.Text {
			if base, ok := superscripts[r]; ok {
				flush()
				out = append(out, Span{Kind: Sup, Kids: Text{{Kind: Plain, Text: base}}})
				continue
			}
			b.WriteRune(r)
		}
		flush()
	}
	return out
}

func hasSuperscript(s string) bool {
	for _, r := range s {
		if r >= 0xaa {
			if _, ok := superscripts[r]; ok {
				return true
			}
		}
	}
	return false
}

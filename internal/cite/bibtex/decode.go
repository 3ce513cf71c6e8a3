package bibtex

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// accents maps LaTeX accent commands to Unicode combining marks.
var accents = map[string]rune{
	`"`: '\u0308', `'`: '\u0301', "`": '\u0300', "^": '\u0302', "~": '\u0303',
	"=": '\u0304', ".": '\u0307', "u": '\u0306', "v": '\u030C', "H": '\u030B',
	"c": '\u0327', "k": '\u0328', "r": '\u030A', "d": '\u0323', "b": '\u0331',
	"t": '\u0361',
}

// symbols maps argument-less commands to text.
var symbols = map[string]string{
	"ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ",
	"OE": "Œ", "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
	"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
	" ": " ", "\\": " ", ",": "\u2009", "-": "", "/": "", "@": "", "~": "~",
	"ldots": "…", "dots": "…", "textendash": "–", "textemdash": "—",
	"textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“",
	"textquotedblright": "”", "S": "§", "P": "¶", "copyright": "©",
	"textregistered": "®", "texttrademark": "™", "dag": "†", "ddag": "‡",
	"pounds": "£", "euro": "€", "textdegree": "°", "guillemotleft": "«",
	"guillemotright": "»", "TeX": "TeX", "LaTeX": "LaTeX", "BibTeX": "BibTeX",
	"textbackslash": "\\", "textasciitilde": "~", "textunderscore": "_",
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
	"kappa": "κ", "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ", "tau": "τ",
	"phi": "φ", "chi": "χ", "omega": "ω", "Delta": "Δ", "Omega": "Ω",
}

// dropArg lists commands whose argument is not shown.
var dropArg = map[string]bool{"noopsort": true}

// Decode turns a BibTeX field value into plain Unicode text: accent commands
// ({\"o}, \v{s}, {\=o}) become composed letters, escapes (\&, \%) their
// characters, "--" and "---" dashes, "~" a no-break space; formatting
// commands ({\em ...}, \textit{...}) and braces are dropped, keeping their
// text; runs of white space become one space.
func Decode(s string) string {
	var b strings.Builder
	for _, sp := range DecodeSpans(s) {
		b.WriteString(sp.Text)
	}
	return b.String()
}

// Span is a run of decoded text in one style.
type Span struct {
	Text   string
	Italic bool
}

// DecodeSpans decodes s like Decode, but keeps emphasis: text under \emph,
// \textit, {\em ...} or {\it ...} is returned in italic spans (\emph and
// \em inside italics switch back to roman). Adjacent spans differ in style;
// the text is trimmed at both ends.
func DecodeSpans(s string) []Span {
	var d decoder
	d.run(s)
	d.flush()
	out := d.spans[:0]
	for i, sp := range d.spans {
		if i == 0 {
			sp.Text = strings.TrimLeft(sp.Text, " ")
		}
		if i == len(d.spans)-1 {
			sp.Text = strings.TrimRight(sp.Text, " ")
		}
		if sp.Text == "" {
			continue
		}
		sp.Text = norm.NFC.String(sp.Text)
		if n := len(out); n > 0 && out[n-1].Italic == sp.Italic {
			out[n-1].Text += sp.Text
			continue
		}
		out = append(out, sp)
	}
	return out
}

// Pending style changes for the next brace group.
const (
	keep = iota
	toggle
	italic
	roman
)

type decoder struct {
	b       strings.Builder
	bItalic bool // style of the text in b
	space   bool // last output was white space
	italic  bool // current style
	stack   []bool
	pending int // style change for the next group (\emph{...})
	spans   []Span
}

func (d *decoder) flush() {
	if d.b.Len() > 0 {
		d.spans = append(d.spans, Span{Text: d.b.String(), Italic: d.bItalic})
		d.b.Reset()
	}
}

func (d *decoder) write(s string) {
	d.pending = keep
	if d.b.Len() > 0 && d.bItalic != d.italic {
		d.flush()
	}
	d.bItalic = d.italic
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			if !d.space {
				d.b.WriteByte(' ')
			}
			d.space = true
			continue
		}
		d.space = false
		d.b.WriteRune(r)
	}
}

func (d *decoder) open() {
	d.stack = append(d.stack, d.italic)
	switch d.pending {
	case toggle:
		d.italic = !d.italic
	case italic:
		d.italic = true
	case roman:
		d.italic = false
	}
	d.pending = keep
}

func (d *decoder) close() {
	if n := len(d.stack); n > 0 {
		d.italic = d.stack[n-1]
		d.stack = d.stack[:n-1]
	}
}

func (d *decoder) run(s string) {
	for i := 0; i < len(s); {
		if t, n := texLigature(s[i:]); n > 0 {
			d.write(t)
			i += n
			continue
		}
		c := s[i]
		switch {
		case c == '{':
			d.open()
			i++
		case c == '}':
			d.close()
			i++
		case c == '$':
			i++
		case c == '\\':
			i = d.command(s, i+1)
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			d.write(s[i : i+n])
			i += n
		}
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// commandName reads the name of the command that starts at s[i], after
// its backslash (i < len(s)): a run of letters, or one character. After a
// control word it skips the spaces TeX skips. It returns the name and the
// index after what it read; Decode and Markup both read commands with it.
func commandName(s string, i int) (name string, j int) {
	j = i
	if isLetter(s[j]) {
		for j < len(s) && isLetter(s[j]) {
			j++
		}
	} else {
		_, n := utf8.DecodeRuneInString(s[j:])
		j += n
	}
	name = s[i:j]
	if isLetter(name[0]) {
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
			j++
		}
	}
	return name, j
}

// command decodes the command whose name starts at s[i] and returns the
// index after what it consumed.
func (d *decoder) command(s string, i int) int {
	if i >= len(s) {
		return i
	}
	name, j := commandName(s, i)
	if mark, ok := accents[name]; ok {
		arg, k := argument(s, j)
		if arg == "" && k == j {
			d.write(name) // a lone accent command: keep the symbol
			return j
		}
		base := Decode(arg)
		switch base {
		case "ı":
			base = "i"
		case "ȷ":
			base = "j"
		}
		if base == "" {
			d.write(string(mark))
			return k
		}
		r, n := utf8.DecodeRuneInString(base)
		d.write(string(r) + string(mark) + base[n:])
		return k
	}
	if sym, ok := symbols[name]; ok {
		d.write(sym)
		return j
	}
	if dropArg[name] {
		_, k := argument(s, j)
		return k
	}
	switch name {
	case "emph", "mkbibemph":
		d.pending = toggle
		return j
	case "textit", "textsl":
		d.pending = italic
		return j
	case "textup", "textrm", "textnormal":
		d.pending = roman
		return j
	case "em":
		d.italic = !d.italic
		return j
	case "it", "itshape", "sl", "slshape":
		d.italic = true
		return j
	case "rm", "upshape", "normalfont":
		d.italic = false
		return j
	case "href":
		// \href{url}{text}: show the text.
		_, k := argument(s, j)
		return k
	case "url":
		arg, k := argument(s, j)
		d.write(arg)
		return k
	}
	// Other commands (\em, \textit, \emph, \textsc...) are dropped; an
	// argument that follows is ordinary text.
	return j
}

// argument returns the argument starting at s[j]: a brace group's inside
// or a single character (a command such as \i counts as one).
func argument(s string, j int) (string, int) {
	if j >= len(s) {
		return "", j
	}
	switch s[j] {
	case '{':
		depth := 0
		for k := j; k < len(s); k++ {
			switch s[k] {
			case '\\':
				k++
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					return s[j+1 : k], k + 1
				}
			}
		}
		return s[j+1:], len(s)
	case '\\':
		k := j + 1
		for k < len(s) && isLetter(s[k]) {
			k++
		}
		if k == j+1 && k < len(s) {
			k++
		}
		return s[j:k], k
	case '}':
		return "", j
	}
	_, n := utf8.DecodeRuneInString(s[j:])
	return s[j : j+n], j + n
}

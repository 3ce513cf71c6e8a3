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
	var d decoder
	d.run(s)
	return strings.TrimSpace(norm.NFC.String(d.b.String()))
}

type decoder struct {
	b     strings.Builder
	space bool // last output was white space
}

func (d *decoder) write(s string) {
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

func (d *decoder) run(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '{' || c == '}' || c == '$':
			i++
		case c == '~':
			d.write("\u00a0")
			i++
		case c == '-':
			switch {
			case strings.HasPrefix(s[i:], "---"):
				d.write("—")
				i += 3
			case strings.HasPrefix(s[i:], "--"):
				d.write("–")
				i += 2
			default:
				d.write("-")
				i++
			}
		case c == '`' && strings.HasPrefix(s[i:], "``"):
			d.write("“")
			i += 2
		case c == '\'' && strings.HasPrefix(s[i:], "''"):
			d.write("”")
			i += 2
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

// command decodes the command whose name starts at s[i] and returns the
// index after what it consumed.
func (d *decoder) command(s string, i int) int {
	if i >= len(s) {
		return i
	}
	j := i
	if isLetter(s[j]) {
		for j < len(s) && isLetter(s[j]) {
			j++
		}
	} else {
		_, n := utf8.DecodeRuneInString(s[j:])
		j += n
	}
	name := s[i:j]
	letters := isLetter(name[0])
	if letters {
		// TeX skips spaces after a control word.
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
			j++
		}
	}
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

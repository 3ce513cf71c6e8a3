package bibtex

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Markup turns a BibTeX field value into the rich-text markup of CSL-JSON:
// accents and escapes become Unicode as in Decode; \emph, \textit and
// {\em ...} become <i>, \textbf <b>, \textsc small caps, \textsuperscript
// and \textsubscript <sup> and <sub>, \enquote and “...” quotation marks;
// a brace group that is not a command's argument protects its case and
// becomes <span class="nocase">. Characters that CSL-JSON reads as markup
// (<, >, &) are left as text.
func Markup(s string) string {
	if len(s) > 1<<20 {
		s = s[:1<<20]
	}
	var m markupWriter
	m.run(s, 0)
	out := strings.TrimSpace(m.b.String())
	return norm.NFC.String(out)
}

type markupWriter struct {
	b     strings.Builder
	space bool
}

func (m *markupWriter) text(s string) {
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			if !m.space && m.b.Len() > 0 {
				m.b.WriteByte(' ')
			}
			m.space = true
			continue
		}
		m.space = false
		m.b.WriteRune(r)
	}
}

func (m *markupWriter) tag(s string) { m.b.WriteString(s) }

// group writes the markup of arg (a command's argument) between open and
// close tags.
func (m *markupWriter) group(open, arg, close string, depth int) {
	m.tag(open)
	m.run(arg, depth+1)
	m.tag(close)
}

const maxMarkupDepth = 100

// texLigature returns the text of the tie or ligature s begins with (~ a
// no-break space, --- an em dash, -- an en dash, - a hyphen, two
// backquotes or two apostrophes the curly double quotes) and its length
// in s, or n 0 when it begins with none. Decode and Markup both read them
// through it.
func texLigature(s string) (text string, n int) {
	switch {
	case strings.HasPrefix(s, "~"):
		return "\u00a0", 1
	case strings.HasPrefix(s, "---"):
		return "—", 3
	case strings.HasPrefix(s, "--"):
		return "–", 2
	case strings.HasPrefix(s, "-"):
		return "-", 1
	case strings.HasPrefix(s, "``"):
		return "“", 2
	case strings.HasPrefix(s, "''"):
		return "”", 2
	}
	return "", 0
}

func (m *markupWriter) run(s string, depth int) {
	if depth > maxMarkupDepth {
		m.text(Decode(s))
		return
	}
	for i := 0; i < len(s); {
		if t, n := texLigature(s[i:]); n > 0 {
			m.text(t)
			i += n
			continue
		}
		c := s[i]
		switch {
		case c == '{':
			inner, k := argument(s, i)
			m.braced(inner, depth)
			i = k
		case c == '}':
			i++
		case c == '$':
			i++
		case c == '\\':
			i = m.command(s, i+1, depth)
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			m.text(s[i : i+n])
			i += n
		}
	}
}

// braced handles a brace group standing on its own: {\em ...} style
// switches, a group holding only an accented letter, or a protected part.
func (m *markupWriter) braced(inner string, depth int) {
	t := strings.TrimLeft(inner, " ")
	if strings.HasPrefix(t, "\\") {
		j := 1
		for j < len(t) && isLetter(t[j]) {
			j++
		}
		name := t[1:j]
		rest := t[j:]
		switch name {
		case "em", "it", "itshape", "sl", "slshape":
			m.group("<i>", rest, "</i>", depth)
			return
		case "bf", "bfseries":
			m.group("<b>", rest, "</b>", depth)
			return
		case "sc", "scshape":
			m.group(`<span style="font-variant:small-caps;">`, rest, "</span>", depth)
			return
		}
		if _, ok := accents[name]; ok || len(name) == 0 {
			// {\"o}, {\'e}: an accented letter, not a protected word
			if arg, k := argument(rest, 0); k > 0 && strings.TrimSpace(rest[k:]) == "" || len(name) == 0 {
				_ = arg
				m.run(inner, depth+1)
				return
			}
		}
		if _, ok := symbols[name]; ok && strings.TrimSpace(rest) == "" {
			m.run(inner, depth+1)
			return
		}
	}
	if strings.TrimSpace(inner) == "" {
		return
	}
	m.group(`<span class="nocase">`, inner, "</span>", depth)
}

// command writes the command whose name starts at s[i] and returns the
// index after what it consumed.
func (m *markupWriter) command(s string, i, depth int) int {
	if i >= len(s) {
		return i
	}
	name, j := commandName(s, i)
	if _, ok := accents[name]; ok {
		// the accent decoder handles the command and its argument
		arg, k := argument(s, j)
		m.text(Decode(`\` + name + "{" + arg + "}"))
		return k
	}
	if sym, ok := symbols[name]; ok {
		m.text(sym)
		return j
	}
	arg := func() (string, int) { return argument(s, j) }
	switch name {
	case "emph", "textit", "textsl", "mkbibemph", "mkbibitalic":
		a, k := arg()
		m.group("<i>", a, "</i>", depth)
		return k
	case "textbf", "mkbibbold":
		a, k := arg()
		m.group("<b>", a, "</b>", depth)
		return k
	case "textsc", "mkbibsc":
		a, k := arg()
		m.group(`<span style="font-variant:small-caps;">`, a, "</span>", depth)
		return k
	case "textsuperscript", "mkbibsuperscript", "textsu":
		a, k := arg()
		m.group("<sup>", a, "</sup>", depth)
		return k
	case "textsubscript", "mkbibsubscript":
		a, k := arg()
		m.group("<sub>", a, "</sub>", depth)
		return k
	case "textup", "textrm", "textnormal", "textmd":
		a, k := arg()
		m.group(`<span style="font-style:normal;">`, a, "</span>", depth)
		return k
	case "enquote", "mkbibquote", "textquote":
		a, k := arg()
		m.group("“", a, "”", depth)
		return k
	case "nocase", "NoCaseChange", "mbox", "hbox", "text":
		a, k := arg()
		if name == "nocase" || name == "NoCaseChange" {
			m.group(`<span class="nocase">`, a, "</span>", depth)
		} else {
			m.run(a, depth+1)
		}
		return k
	case "url":
		a, k := arg()
		m.text(a)
		return k
	case "href":
		_, k := arg()
		a, k2 := argument(s, k)
		m.run(a, depth+1)
		return k2
	case "noopsort":
		_, k := arg()
		return k
	case "em", "it", "itshape", "sl", "slshape", "bf", "bfseries", "rm", "upshape", "normalfont", "sc", "scshape":
		// a style switch outside a group: applies to nothing we keep
		return j
	}
	// another command: its argument, if any, is ordinary text
	if j < len(s) && s[j] == '{' {
		a, k := arg()
		m.run(a, depth+1)
		return k
	}
	return j
}

// IsEnglishLangID reports whether a biblatex langid or hyphenation value
// (or a BCP 47 tag) names English.
func IsEnglishLangID(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return true
	}
	switch s {
	case "english", "american", "british", "canadian", "australian", "newzealand", "usenglish", "ukenglish":
		return true
	}
	return s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_")
}

// LangIDTag maps a biblatex langid ("ngerman", "french") to a BCP 47 tag;
// a tag is returned as it is.
func LangIDTag(s string) string {
	k := strings.ToLower(strings.TrimSpace(s))
	if t, ok := langIDs[k]; ok {
		return t
	}
	if strings.IndexFunc(k, func(r rune) bool { return !(unicode.IsLetter(r) || r == '-' || r == '_') }) >= 0 {
		return ""
	}
	return strings.ReplaceAll(s, "_", "-")
}

var langIDs = map[string]string{
	"english": "en-US", "american": "en-US", "usenglish": "en-US", "british": "en-GB", "ukenglish": "en-GB",
	"canadian": "en-CA", "australian": "en-AU", "newzealand": "en-NZ",
	"german": "de-DE", "ngerman": "de-DE", "austrian": "de-AT", "naustrian": "de-AT",
	"swissgerman": "de-CH", "nswissgerman": "de-CH", "french": "fr-FR", "francais": "fr-FR",
	"spanish": "es-ES", "italian": "it-IT", "portuguese": "pt-PT", "portuges": "pt-PT",
	"brazilian": "pt-BR", "brazil": "pt-BR", "dutch": "nl-NL", "swedish": "sv-SE", "danish": "da-DK",
	"norwegian": "nb-NO", "norsk": "nb-NO", "nynorsk": "nn-NO", "polish": "pl-PL", "czech": "cs-CZ",
	"russian": "ru-RU", "ukrainian": "uk-UA", "greek": "el-GR", "latin": "la", "japanese": "ja-JP",
	"chinese": "zh-CN", "korean": "ko-KR", "finnish": "fi-FI", "hungarian": "hu-HU", "turkish": "tr-TR",
	"catalan": "ca-AD", "croatian": "hr-HR", "slovak": "sk-SK", "slovene": "sl-SI", "slovenian": "sl-SI",
	"romanian": "ro-RO", "bulgarian": "bg-BG", "serbian": "sr-RS", "estonian": "et-EE", "lithuanian": "lt-LT",
	"latvian": "lv-LV", "icelandic": "is-IS", "hebrew": "he-IL", "arabic": "ar", "persian": "fa-IR",
	"vietnamese": "vi-VN", "thai": "th-TH", "indonesian": "id-ID", "basque": "eu", "welsh": "cy-GB",
	"afrikaans": "af-ZA", "galician": "gl-ES",
}

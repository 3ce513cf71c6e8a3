package layout

import (
	"strings"
	"unicode"

	"quire/internal/doc"
	"quire/internal/font"
	"quire/internal/hyph"
	"quire/internal/lang"
)

// setLang takes the document's language from the front matter: its
// generated words (with the front matter's overrides) and its hyphenation
// patterns. An unknown language gets English words and no hyphenation,
// with a warning.
func (l *Layout) setLang(m *doc.Meta) {
	lg, ok := lang.Of(m.Lang, m.Terms)
	l.lang = lg
	l.hyLang = nil
	if !ok {
		l.diags.Warnf(m.Pos["lang"], "use one of the languages listed in the README (lang: de, fr, ru-RU, ja...)",
			"no hyphenation patterns or generated words for lang %q; hyphenation is off and generated words are English", m.Lang)
		return
	}
	if l.st.Hyphenate {
		l.hyLang = lg
	}
}

// noHyphens hyphenates nothing: the hyphenator of text without patterns.
var noHyphens, _ = hyph.New([]byte("UTF-8\n"))

// hyphenator returns the hyphenator for a word set in style st: the span's
// language or the document's, switched to the patterns of the word's script
// when it is written in another (Cyrillic in an English text is hyphenated
// as Russian). It never returns nil.
func (b *builder) hyphenator(st *textStyle, word string) *hyph.Hyphenator {
	lg := b.lang
	if st.lang != nil && b.lang != nil {
		lg = st.lang
	}
	if lg == nil {
		return noHyphens
	}
	lg = lg.ForScript(lang.ScriptOf(word))
	if lg == b.hyLang && b.hyph != nil {
		return b.hyph // the last word's
	}
	h := lg.Hyphenator()
	if h == nil {
		h = noHyphens
	}
	b.hyLang, b.hyph = lg, h
	return h
}

// quotes rewrites the typographic quotation marks of s (as the Markdown
// typographer or the author wrote them, “…” and ‘…’) into those of the
// text's language, and applies French spacing: a narrow no-break space
// inside guillemets and before ; : ! ?. English text is left as written;
// so is code. A ’ with no ‘ open is an apostrophe and stays; the “ that
// closes a „ the author wrote stays too.
func (b *builder) quotes(s string, st *textStyle) string {
	lg := st.lang
	if lg == nil {
		lg = b.docLang
	}
	if lg == nil || strings.HasPrefix(lg.Tag, "en") || st.face == font.Mono || st.face == font.MonoBold {
		return s
	}
	if !strings.ContainsAny(s, "“”‘’«»„‚;:!?") {
		return s
	}
	q := lg.Quotes
	var out strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch r {
		case '„', '‚':
			// German or Czech marks as the author wrote them: the “
			// or ‘ that follows closes them, as written.
			if r == '„' {
				b.lowOpen++
			} else {
				b.lowSingle++
			}
		case '“':
			if b.lowOpen > 0 {
				b.lowOpen--
				out.WriteRune(r)
				continue
			}
			out.WriteString(q[0])
			b.quoteOpen++
			if lg.FrenchSpacing && q[0] == "«" {
				out.WriteRune('\u202f')
			}
			continue
		case '”':
			if lg.FrenchSpacing && q[1] == "»" {
				trimSpaceEnd(&out)
				out.WriteRune('\u202f')
			}
			out.WriteString(q[1])
			if b.quoteOpen > 0 {
				b.quoteOpen--
			}
			continue
		case '‘':
			if b.lowSingle > 0 {
				b.lowSingle--
				out.WriteRune(r)
				continue
			}
			out.WriteString(q[2])
			b.singleOpen++
			continue
		case '’':
			if b.singleOpen > 0 && (i+1 == len(rs) || !unicode.IsLetter(rs[i+1])) {
				out.WriteString(q[3])
				b.singleOpen--
				continue
			}
		case '«':
			out.WriteRune(r)
			if lg.FrenchSpacing && i+1 < len(rs) && rs[i+1] != '\u202f' && rs[i+1] != '\u00a0' {
				if i+1 < len(rs) && rs[i+1] == ' ' {
					continue // the space becomes the narrow one below
				}
				out.WriteRune('\u202f')
			}
			continue
		case '»', ';', ':', '!', '?':
			if lg.FrenchSpacing && i > 0 && frenchSpaceBefore(rs, i) {
				trimSpaceEnd(&out)
				out.WriteRune('\u202f')
			}
		case ' ':
			if lg.FrenchSpacing && i > 0 && rs[i-1] == '«' {
				out.WriteRune('\u202f')
				continue
			}
		}
		out.WriteRune(r)
	}
	return out.String()
}

// frenchSpaceBefore reports whether the mark at rs[i] takes a narrow space
// before it: after a word, a closing bracket or a space, but not in
// "http://", "10:30" or "?!".
func frenchSpaceBefore(rs []rune, i int) bool {
	prev := rs[i-1]
	if rs[i] == ':' && i+1 < len(rs) && (rs[i+1] == '/' || unicode.IsDigit(rs[i+1]) && unicode.IsDigit(prev)) {
		return false
	}
	if prev == '\u202f' || prev == '\u00a0' || strings.ContainsRune(";:!?", prev) {
		return false
	}
	return unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == ' ' || strings.ContainsRune(")]»”’*", prev)
}

func trimSpaceEnd(b *strings.Builder) {
	s := b.String()
	if t := strings.TrimRight(s, " "); len(t) != len(s) {
		b.Reset()
		b.WriteString(t)
	}
}

package layout

import (
	"quire/internal/doc"
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
func (b *builder) hyphenator(st *textStyle, word []rune) *hyph.Hyphenator {
	lg := b.lang
	if st.lang != nil && b.lang != nil {
		lg = st.lang
	}
	if lg == nil {
		return noHyphens
	}
	if h := lg.ForScript(lang.ScriptOf(string(word))).Hyphenator(); h != nil {
		return h
	}
	return noHyphens
}

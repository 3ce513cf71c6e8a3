package layout

import "quire/internal/lang"

// A division in another language (::: {lang=de}) sets everything inside
// it in that language: hyphenation patterns and minimums, quotation marks,
// French spacing, CJK line breaking, and the generated words of captions
// and headings set inside it (a figure inside a German division is
// "Abbildung 1"). The words are the language's own: the front matter's
// overrides of generated words belong to the document's language. Spans
// ([text]{lang=ru}) inside the division still take their own language.

// enterLang makes tag the language of the blocks set until the returned
// function is called; a tag Quire does not know (the loader warned) or an
// empty one changes nothing.
func (g *galley) enterLang(tag string) (leave func()) {
	lg, ok := lang.Lookup(tag)
	if tag == "" || !ok {
		return func() {}
	}
	saved := g.lang
	g.lang = lg
	return func() { g.lang = saved }
}

// langs returns the language of the text being set and the language whose
// patterns hyphenate it (nil when the style or an unknown document
// language turns hyphenation off).
func (g *galley) langs() (text, hyph *lang.Language) {
	if g.lang == nil {
		return g.l.lang, g.l.hyLang
	}
	if !g.l.st.Hyphenate {
		return g.lang, nil
	}
	return g.lang, g.lang
}

// words returns the language of the generated words of the block being
// set: the division's, or the document's with its overrides.
func (g *galley) words() *lang.Language {
	if g.lang != nil {
		return g.lang
	}
	return g.l.lang
}

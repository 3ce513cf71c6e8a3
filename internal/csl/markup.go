package csl

import (
	"strings"
	"unicode"
)

// Markup writes t in CSL-JSON's rich-text markup, which parseMarkup reads
// back.
func (t Text) Markup() string {
	var b strings.Builder
	t.writeMarkup(&b)
	return b.String()
}

func (t Text) writeMarkup(b *strings.Builder) {
	for _, s := range t {
		open, close := "", ""
		switch s.Kind {
		case Plain:
			b.WriteString(s.Text)
			continue
		case Italic:
			open, close = "<i>", "</i>"
		case Bold:
			open, close = "<b>", "</b>"
		case SmallCaps:
			open, close = `<span style="font-variant:small-caps;">`, "</span>"
		case Sup:
			open, close = "<sup>", "</sup>"
		case Sub:
			open, close = "<sub>", "</sub>"
		case Underline:
			open, close = "<u>", "</u>"
		case NoCase:
			open, close = `<span class="nocase">`, "</span>"
		case NoDecoration:
			open, close = `<span class="nodecor">`, "</span>"
		case NoItalic:
			open, close = `<span style="font-style:normal;">`, "</span>"
		case Quoted:
			open, close = "“", "”"
			if s.Attr == "single" {
				open, close = "‘", "’"
			}
		}
		b.WriteString(open)
		Text(s.Kids).writeMarkup(b)
		b.WriteString(close)
	}
}

// UntitleCase turns a title written in title case into sentence case, as
// pandoc does with BibTeX titles so that styles can put them in either
// case: words after the first (and after a colon or full stop) lose their
// capital unless they are in capitals throughout or protected
// (<span class="nocase">). Protection that no longer matters (a protected
// part without lowercase words) is dropped. s and the result are CSL-JSON
// markup.
func UntitleCase(s string) string {
	t := parseMarkup(s)
	var segs []caseSeg
	collectSegs(t, false, &segs)
	var all []caseRune
	for i := range segs {
		for j := range segs[i].runes {
			all = append(all, caseRune{r: &segs[i].runes[j], protected: segs[i].protected})
		}
	}
	words := splitWords(all)
	upper := isAllUpper(all)
	for i := range words {
		w := &words[i]
		if anyProtected(*w) {
			continue
		}
		start := i == 0 || w.afterStop
		switch {
		case upper:
			lowerWord(*w)
			if start {
				capWord(w)
			}
		case start:
			if wordIsLower(*w) {
				capWord(w)
			}
		case wordIsCapitalized(*w) && len(w.rs) > 1:
			lowerWord(*w)
		}
	}
	i := 0
	t = rebuildSegs(t, segs, &i)
	return unprotect(t).Markup()
}

func anyProtected(w caseWord) bool {
	for _, c := range w.rs {
		if c.protected {
			return true
		}
	}
	return false
}

// unprotect drops nocase spans that hold no word starting in lowercase
// (title case would not change them).
func unprotect(t Text) Text {
	out := make(Text, 0, len(t))
	for _, s := range t {
		if s.Kind == Plain {
			out = append(out, s)
			continue
		}
		s.Kids = unprotect(s.Kids)
		if s.Kind == NoCase && !hasLowerWord(Text(s.Kids).String()) {
			out = append(out, s.Kids...)
			continue
		}
		out = append(out, s)
	}
	return out
}

func hasLowerWord(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) {
		for _, r := range w {
			if unicode.IsLetter(r) {
				if unicode.IsLower(r) {
					return true
				}
				break
			}
		}
	}
	return false
}

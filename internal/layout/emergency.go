package layout

import (
	"sort"
	"unicode"

	"quire/internal/font"
	"quire/internal/hyph"
	"quire/internal/lang"
	"quire/internal/shape"
)

// emergency adds break points to a word no line can hold (a long number
// in a narrow table column, a chemical name, a path): first its
// hyphenation points, even where the text is not hyphenated, then points
// between characters. Both end the line with a visible hyphen, except in a
// URL or code, which break without one, as a hyphen there would read as
// part of the name. Points between characters go only into pieces still
// too long, at every character so lines fill (every eighth of a line in a
// piece of more than 2000).
func (b *builder) emergency(runes []rune, st *textStyle, sh *shape.Shaped, brks []brk, urlish bool) []brk {
	n := len(runes)
	em := st.size / 1000
	// Ragged lines are filled greedily, which takes any break point that
	// fits whatever it costs: there only a piece wider than the line gets
	// emergency points. Total fit weighs their cost, and may use them for
	// a piece that would leave a line very loose.
	limit := b.width * 0.8
	if !b.opts.justify && !b.opts.center {
		limit = b.width
		if longestPiece(sh, n, brks)*em <= limit {
			return brks
		}
	}
	code := font.IsMono(st.face) || st.feat&shape.NoLigatures != 0
	hyphen := !urlish && !code
	if hyphen && !b.opts.hyphenate && st.rise == 0 {
		start := -1
		for i := 0; i <= n; i++ {
			letter := i < n && unicode.IsLetter(runes[i])
			if letter && start < 0 {
				start = i
			}
			if !letter && start >= 0 {
				if i-start >= 5 {
					for _, p := range b.anyHyphenator(st, runes[start:i]).Points(string(runes[start:i])) {
						brks = append(brks, brk{at: start + p, cost: 50, hyphen: true})
					}
				}
				start = -1
			}
		}
		if longestPiece(sh, n, brks)*em <= limit {
			return brks
		}
	}
	// Points between characters, inside the pieces still too long.
	at := make([]int, 0, len(brks)+2)
	for _, k := range brks {
		at = append(at, k.at)
	}
	sort.Ints(at)
	at = append(at, n)
	prev := 0
	for _, end := range at {
		if end <= prev {
			continue
		}
		if (sh.Upto(end)-sh.Upto(prev))*em > limit {
			step := 1
			if end-prev > 2000 {
				step = max(1, int(b.width*0.125/((sh.Upto(end)-sh.Upto(prev))*em/float64(end-prev))))
			}
			for i := prev + step; i < end; i += step {
				// Not just before or after a hyphen or dash already there.
				if isDashRune(runes[i-1]) || isDashRune(runes[i]) {
					continue
				}
				brks = append(brks, brk{at: i, cost: 3000, hyphen: hyphen, emergency: true})
			}
		}
		prev = end
	}
	return brks
}

// anyHyphenator is hyphenator for a word that must break: the document's
// language serves where the text itself is not hyphenated (table cells).
func (b *builder) anyHyphenator(st *textStyle, word []rune) *hyph.Hyphenator {
	if b.lang != nil {
		return b.hyphenator(st, string(word))
	}
	lg := st.lang
	if lg == nil {
		lg = b.docLang
	}
	if lg == nil {
		return noHyphens
	}
	if h := lg.ForScript(lang.ScriptOf(string(word))).Hyphenator(); h != nil {
		return h
	}
	return noHyphens
}

func isDashRune(r rune) bool {
	return r == '-' || r == '\u2010' || r == '\u2013' || r == '\u2014'
}

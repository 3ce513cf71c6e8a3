package bibtex

import (
	"strings"
	"unicode"
)

// Name is one personal or corporate name, decoded to Unicode.
type Name struct {
	First string // given names ("Alvin D.")
	Von   string // particle ("van", "de la")
	Last  string // family name; the whole name when Corporate
	Jr    string // suffix ("Jr.", "III")
	// Corporate is set when the whole name was wrapped in braces, as in
	// {Ministry of Foreign Affairs of Japan}: it is never inverted or split.
	Corporate bool
}

// ParseNames splits a BibTeX name list on "and" (outside braces) and parses
// each name in any of the forms "First von Last", "von Last, First" and
// "von Last, Jr, First". A final "and others" sets others instead of adding
// a name.
func ParseNames(raw string) (names []Name, others bool) {
	for _, part := range SplitAnd(raw) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if strings.EqualFold(part, "others") {
			others = true
			continue
		}
		names = append(names, parseName(part))
	}
	return names, others
}

// SplitAnd splits a BibTeX name list s at the word "and" (any case) between
// white space, outside braces, as ParseNames does: the raw parts, one a name
// (a final "others" included), untrimmed.
func SplitAnd(s string) []string {
	var out []string
	depth, last := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case ' ', '\t', '\n', '\r':
			if depth == 0 && i+4 < len(s) && strings.EqualFold(s[i+1:i+4], "and") && isSpace(s[i+4]) {
				out = append(out, s[last:i])
				i += 4
				last = i
			}
		}
	}
	return append(out, s[last:])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// splitDepth0 splits s at bytes for which sep is true, outside braces,
// dropping empty pieces when drop is set.
func splitDepth0(s string, sep func(byte) bool, drop bool) []string {
	var out []string
	depth, last := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '{':
			depth++
		case c == '}':
			if depth > 0 {
				depth--
			}
		case c == '\\' && i+1 < len(s):
			i++ // an escaped character never separates
		case depth == 0 && sep(c):
			if p := strings.TrimSpace(s[last:i]); p != "" || !drop {
				out = append(out, p)
			}
			last = i + 1
		}
	}
	if p := strings.TrimSpace(s[last:]); p != "" || !drop {
		out = append(out, p)
	}
	return out
}

func words(s string) []string {
	return splitDepth0(s, func(c byte) bool { return isSpace(c) || c == '~' }, true)
}

// isVon reports whether a word starts in lower case, the BibTeX test for a
// particle. A word opening with a brace group that is not a special
// character ({van}) has no case and so is not a particle.
func isVon(w string) bool {
	if strings.HasPrefix(w, "{") && !strings.HasPrefix(w, "{\\") {
		return false
	}
	for _, r := range Decode(w) {
		if unicode.IsLetter(r) {
			return unicode.IsLower(r)
		}
	}
	return false
}

func parseName(s string) Name {
	if isWholeGroup(s) {
		return Name{Last: Decode(s), Corporate: true}
	}
	parts := splitDepth0(s, func(c byte) bool { return c == ',' }, false)
	join := func(ws []string) string { return Decode(strings.Join(ws, " ")) }
	var n Name
	switch len(parts) {
	case 1:
		ws := words(parts[0])
		if len(ws) == 0 {
			return n
		}
		// von starts at the first lower-case word before the last word and
		// ends at the last such word.
		vs, ve := -1, -1
		for i := 0; i < len(ws)-1; i++ {
			if isVon(ws[i]) {
				if vs < 0 {
					vs = i
				}
				ve = i
			}
		}
		if vs < 0 {
			n.First, n.Last = join(ws[:len(ws)-1]), join(ws[len(ws)-1:])
		} else {
			n.First, n.Von, n.Last = join(ws[:vs]), join(ws[vs:ve+1]), join(ws[ve+1:])
		}
	default:
		ws := words(parts[0])
		ve := -1
		for i := 0; i < len(ws)-1; i++ {
			if isVon(ws[i]) {
				ve = i
			}
		}
		n.Von, n.Last = join(ws[:ve+1]), join(ws[ve+1:])
		if len(parts) == 2 {
			n.First = join(words(parts[1]))
		} else {
			n.Jr = join(words(parts[1]))
			n.First = join(words(strings.Join(parts[2:], " ")))
		}
	}
	return n
}

// isWholeGroup reports whether s is one brace group, "{...}".
func isWholeGroup(s string) bool {
	if len(s) < 3 || s[0] != '{' || s[1] == '\\' || s[len(s)-1] != '}' {
		return false
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 && i != len(s)-1 {
				return false
			}
		}
	}
	return depth == 0
}

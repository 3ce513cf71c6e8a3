package layout

import "unicode"

// codeBreak returns where a code line of more than maxCols runes is
// broken: after the last space or punctuation mark that leaves at most
// maxCols runes on the line (an underscore is part of a name, not
// punctuation; the spaces stay at the end of the line, where
// they are invisible), or at maxCols when the line holds a word longer
// than that. Brackets open to the right are broken before, so that
// "f(x," does not leave "f(" alone: the break comes before "(" only if
// something precedes it on the line.
func codeBreak(rs []rune, maxCols int) int {
	if len(rs) <= maxCols {
		return len(rs)
	}
	for k := maxCols; k > 0; k-- {
		prev, next := rs[k-1], rs[k]
		switch {
		case next == ' ' || next == '\t':
			continue // break after the whole run of spaces
		case prev == ' ' || prev == '\t':
			if nonSpaceBefore(rs, k) {
				return k
			}
		case isCodeOpen(next) && k > 1 && !isCodeOpen(prev):
			return k
		case prev != '_' && (unicode.IsPunct(prev) || unicode.IsSymbol(prev)):
			if !isCodeOpen(prev) {
				return k
			}
		}
	}
	return maxCols
}

// nonSpaceBefore reports whether rs[:k] holds anything but spaces.
func nonSpaceBefore(rs []rune, k int) bool {
	for _, r := range rs[:k] {
		if r != ' ' && r != '\t' {
			return true
		}
	}
	return false
}

func isCodeOpen(r rune) bool { return r == '(' || r == '[' || r == '{' || r == '<' }

// leadingSpaces returns the indentation of a code line, in runes.
func leadingSpaces(rs []rune) int {
	n := 0
	for n < len(rs) && rs[n] == ' ' {
		n++
	}
	return n
}

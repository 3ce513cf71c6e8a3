package diag

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Escape makes text from the input safe to print on a terminal: control
// characters (C0 but tab, DEL, C1, so no escape sequence can set the
// title, move the cursor or clear the screen), bidirectional overrides
// (which can make a line read in another order than it is) and bytes
// that are not UTF-8 are written as Go escapes (\x1b, \u202e, \xe9). A
// line end is escaped too, so that a message stays on one line.
func Escape(s string) string { return escape(s, false) }

// escapeHint is Escape for hints, which may run over indented lines.
func escapeHint(s string) string { return escape(s, true) }

func escape(s string, lines bool) string {
	clean := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unsafe(r, n, lines) {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' && !lines:
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case unsafe(r, n, lines) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafe(r, n, lines):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func unsafe(r rune, n int, lines bool) bool {
	switch {
	case r == utf8.RuneError && n == 1:
		return true
	case r == '\t':
		return false
	case r == '\n':
		return !lines
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

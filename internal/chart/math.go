package chart

import (
	"strings"

	texmath "quire/internal/math"
)

// mathText replaces the formulas of a chart label ($x^2$, $\alpha$) by
// their Unicode text (x², α), which the chart's text draws: a label is one
// line of text in the chart's face. Text that is not a formula by
// pandoc's rule (a space after the opening $, "$20") stays as written, and
// so does a formula that does not parse.
func mathText(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '$')
		if i < 0 || i+1 >= len(s) || s[i+1] == ' ' || i > 0 && s[i-1] == '\\' {
			b.WriteString(s)
			return b.String()
		}
		j := closingDollar(s[i+1:])
		if j <= 0 || s[i+j] == ' ' {
			b.WriteString(s)
			return b.String()
		}
		f, err := texmath.Parse(s[i+1:i+1+j], false, nil)
		if err != nil {
			b.WriteString(s[:i+2+j])
		} else {
			b.WriteString(s[:i] + f.Text())
		}
		s = s[i+2+j:]
	}
}

// closingDollar returns the index in s of the first $ not escaped by a
// backslash and not followed by a digit, or -1.
func closingDollar(s string) int {
	for k := 0; k < len(s); k++ {
		switch {
		case s[k] == '\\':
			k++
		case s[k] == '$' && !(k+1 < len(s) && s[k+1] >= '0' && s[k+1] <= '9'):
			return k
		}
	}
	return -1
}

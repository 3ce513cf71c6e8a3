package doc

import (
	"strconv"
	"strings"
)

// LengthUnits are the units of an image's width and height attributes
// ({width=50%}, {height=3in}), in points; a number without a unit is in
// pixels (at 96 per inch), as pandoc reads it. The one table: the Markdown
// reader checks attributes against it, layout measures with it.
var LengthUnits = []struct {
	Unit string
	Pt   float64
}{
	{"cm", 72 / 2.54}, {"mm", 72 / 25.4}, {"inch", 72}, {"in", 72}, {"pt", 1}, {"px", 0.75}, {"", 0.75},
}

// ParseLength reads a width or height attribute: a percentage of the
// text's measure (percent set, v the fraction, 0.5 for "50%") or a length
// in points. ok is false for anything else, and for a length not above 0.
func ParseLength(attr string) (v float64, percent, ok bool) {
	a := strings.TrimSpace(attr)
	if p, isPct := strings.CutSuffix(a, "%"); isPct {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || !(f > 0) {
			return 0, false, false
		}
		return f / 100, true, true
	}
	for _, u := range LengthUnits {
		num, found := strings.CutSuffix(a, u.Unit)
		if !found {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil || !(f > 0) || f > 1e6 {
			return 0, false, false
		}
		return f * u.Pt, false, true
	}
	return 0, false, false
}

package doc

import (
	"strings"
	"testing"

	"quire/internal/testenv"
)

func TestParseLength(t *testing.T) {
	for _, c := range []struct {
		in      string
		v       float64
		percent bool
		ok      bool
	}{
		{"50%", 0.5, true, true},
		{" 100% ", 1, true, true},
		{"2in", 144, false, true},
		{"2inch", 144, false, true},
		{"2.54cm", 72, false, true},
		{"10mm", 720 / 25.4, false, true},
		{"9pt", 9, false, true},
		{"400px", 300, false, true},
		{"400", 300, false, true},
		{"abc", 0, false, false},
		{"", 0, false, false},
		{"-3cm", 0, false, false},
		{"0%", 0, false, false},
		{"5em", 0, false, false},
		{"NaN%", 0, false, false},
	} {
		v, p, ok := ParseLength(c.in)
		if ok != c.ok || p != c.percent || (ok && (v-c.v > 1e-9 || c.v-v > 1e-9)) {
			t.Errorf("ParseLength(%q) = %v %v %v, want %v %v %v", c.in, v, p, ok, c.v, c.percent, c.ok)
		}
	}
}

// TestLengthUnitsREADME: the README names every unit of LengthUnits where
// it documents image attributes, and no other.
func TestLengthUnitsREADME(t *testing.T) {
	doc := testenv.Section(t, "README.md", "`{height=3in}` (", ")")
	var named []string
	for _, f := range strings.Split(doc, "`") {
		if f != "" && !strings.ContainsAny(f, "{ ,;") {
			named = append(named, f)
		}
	}
	var want []string
	for _, u := range LengthUnits {
		if u.Unit != "" && u.Unit != "inch" { // "inch" is read as "in" is
			want = append(want, u.Unit)
		}
	}
	if strings.Join(named, " ") != strings.Join(want, " ") {
		t.Errorf("README names the units %q; LengthUnits has %q", named, want)
	}
}

package font

import (
	"math"
	"testing"
)

func TestMetrics(t *testing.T) {
	f := MustGet(Serif)
	if !f.Has('a') || !f.Has('Ж') {
		t.Fatalf("Liberation Serif should cover Latin and Cyrillic")
	}
	if f.Has('中') {
		t.Fatalf("Liberation Serif should not cover CJK")
	}
	// Times-compatible metrics: 'a' is 444/1000 em, space 250.
	if got := f.Advance('a'); math.Abs(got-444) > 1 {
		t.Errorf("advance a = %v, want 444", got)
	}
	if got := f.Width("  ", 10); math.Abs(got-5) > 0.01 {
		t.Errorf("width of two spaces at 10pt = %v, want 5", got)
	}
	if f.Ascent < 800 || f.Ascent > 1000 || f.Descent < 150 || f.Descent > 300 {
		t.Errorf("odd ascent/descent %v %v", f.Ascent, f.Descent)
	}
	if Fallback(Serif) == "" || !MustGet(Fallback(Serif)).Has('→') {
		t.Errorf("fallback should cover arrows")
	}
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		load("x", sources[Serif])
	}
}

// TestCoveredIsDrawn checks that every rune Covered accepts is drawn by
// Segment in every face, never replaced without the warning that Covered
// lets loaders give.
func TestCoveredIsDrawn(t *testing.T) {
	runes := []rune{'a', 'Ж', '→', '\u210b', '\u2232', '\u2267', '\u2200', '\u25a0', '\u2318'}
	for _, face := range []string{Serif, SerifBold, SerifItalic, Sans, SansBold, Mono} {
		for _, r := range runes {
			if !Covered(r) {
				continue
			}
			for _, seg := range Segment(face, string(r)) {
				if seg.S == string(Replacement) {
					t.Errorf("%s: %U is Covered but drawn as %c", face, r, Replacement)
				}
				if !MustGet(seg.Face).Has(r) {
					t.Errorf("%s: %U set in %s, which lacks it", face, r, seg.Face)
				}
			}
			if w := Measure(face, 10, string(r)); w <= 0 {
				t.Errorf("%s: %U measures %v", face, r, w)
			}
		}
	}
}

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

// TestCoveredIsDrawn checks Covered against runes known to be drawable or
// not, and then, for every rune of the BMP and every face, that Segment
// draws each rune Covered accepts in a face that has it, and replaces each
// rune that no face has: a rune Covered accepts is never replaced without
// the warning Covered lets loaders give.
func TestCoveredIsDrawn(t *testing.T) {
	covered := []rune{'a', 'Ж', 'é', 'א', 'ا', '→', '\u210b', '\u2232', '\u2267', '\u2200', '\u25a0', '\u2318'}
	for _, r := range covered {
		if !Covered(r) {
			t.Errorf("Covered(%U) = false; some face of Quire draws it", r)
		}
	}
	// Controls, private use, a surrogate, a non-character, and a rune above
	// U+FFFF, which the PDF writer cannot encode.
	for _, r := range []rune{0, 1, 0x1f, 0xe000, 0xf8ff, 0xd800, 0xffff, 0x1f600} {
		if Covered(r) {
			t.Errorf("Covered(%U) = true; no face draws it", r)
		}
	}
	faces := []string{Serif, SerifBold, SerifItalic, Sans, SansBold, Mono}
	for _, face := range faces {
		for _, r := range covered {
			if w := Measure(face, 10, string(r)); w <= 0 {
				t.Errorf("%s: %U measures %v", face, r, w)
			}
		}
	}
	// A rune Covered rejects may still be drawn by a face it does not
	// count (the loader's warning is then too cautious), but a rune no
	// face has must be replaced.
	anyFace := map[rune]bool{}
	for name := range sources {
		f := MustGet(name)
		for r := rune(0x20); r < 0x10000; r++ {
			if f.Has(r) {
				anyFace[r] = true
			}
		}
	}
	n := 0
	for r := rune(0x20); r < 0x10000; r++ {
		if r == Replacement || r >= 0xd800 && r < 0xe000 {
			continue
		}
		cov := Covered(r)
		if cov {
			n++
		}
		for _, face := range faces {
			segs := Segment(face, string(r))
			if len(segs) != 1 {
				t.Fatalf("%s: Segment(%U) = %q, want one run", face, r, segs)
			}
			seg := segs[0]
			switch {
			case cov && seg.S != string(r):
				t.Errorf("%s: %U is Covered but drawn as %q", face, r, seg.S)
			case cov && !MustGet(seg.Face).Has(r):
				t.Errorf("%s: %U set in %s, which lacks it", face, r, seg.Face)
			case !cov && !anyFace[r] && seg.S != string(Replacement):
				t.Errorf("%s: %U is in no face but drawn as %q in %s", face, r, seg.S, seg.Face)
			}
		}
	}
	// Liberation and DejaVu together cover about 5600 runes of the BMP.
	if n < 5000 {
		t.Errorf("only %d runes of the BMP are Covered", n)
	}
}

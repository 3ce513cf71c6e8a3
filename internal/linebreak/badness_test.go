package linebreak

import (
	"math"
	"testing"
	"unsafe"
)

// TestBadness checks the badness of justified one-line paragraphs against
// TeX's definition, 100|r|³ capped at Infinity, where r is the adjustment
// ratio: the badness decides which breaks the tolerance admits, so a
// wrong curve changes every paragraph.
func TestBadness(t *testing.T) {
	// Two boxes of 50pt around a glue of 10pt that stretches by 20 and
	// shrinks by 5, justified (no finishing glue) to the measure.
	items := []Item{{Kind: Box, Width: 50}, {Kind: Glue, Width: 10, Stretch: 20, Shrink: 5}, {Kind: Box, Width: 50},
		{Kind: Penalty, Penalty: -Infinity}}
	p := DefaultParams()
	p.Tolerance, p.PreTolerance = Infinity, -1
	for _, tc := range []struct {
		measure, ratio, badness float64
	}{
		{110, 0, 0},
		{112, 0.1, 0.1},
		{115, 0.25, 1.5625},
		{120, 0.5, 12.5},
		{130, 1, 100},
		{140, 1.5, 337.5},
		{150, 2, 800},
		{170, 3, 2700},
		{107.5, -0.5, 12.5},
		{105, -1, 100},
		{210, 5, Infinity}, // 100·5³ is over Infinity
	} {
		lines := Break(items, func(int) float64 { return tc.measure }, p)
		if len(lines) != 1 {
			t.Fatalf("measure %v: %d lines", tc.measure, len(lines))
		}
		l := lines[0]
		if math.Abs(l.Ratio-tc.ratio) > 1e-9 || math.Abs(l.Badness-tc.badness) > 1e-6 {
			t.Errorf("measure %v: ratio %v badness %v, want %v and %v", tc.measure, l.Ratio, l.Badness, tc.ratio, tc.badness)
		}
	}
}

// TestLooseFor checks the bound try uses to skip badness: every ratio
// above looseFor(tol) has a badness above tol as badness computes it, and
// the bound is close to the exact one, so lines that are not too loose
// are not skipped for nothing.
func TestLooseFor(t *testing.T) {
	for _, tol := range []float64{0, 1e-12, 1, 12, 12.5, 99, 100, 200, 337.5, 1000, 9999, 9999.999} {
		r := looseFor(tol)
		exact := math.Cbrt(tol / 100)
		if r < exact || r > exact*(1+1e-8)+1e-8 {
			t.Errorf("looseFor(%v) = %v, want just above %v", tol, r, exact)
		}
		for k := 0; k < 2000; k++ {
			x := math.Nextafter(r, math.Inf(1))
			x *= 1 + float64(k)*1e-13
			if b := badness(x); b <= tol {
				t.Fatalf("tol %v: badness(%v) = %v, not above it, though %v > looseFor", tol, x, b, x)
			}
		}
	}
	for _, tol := range []float64{Infinity, 1e6} {
		if r := looseFor(tol); !math.IsInf(r, 1) {
			t.Errorf("looseFor(%v) = %v, want +Inf (no badness is above it)", tol, r)
		}
	}
}

// TestItemSize keeps an Item at 40 bytes: a paragraph's items are read
// once a pass, and a document holds the items of a paragraph per core.
func TestItemSize(t *testing.T) {
	if n := unsafe.Sizeof(Item{}); n != 40 {
		t.Errorf("an Item is %d bytes, want 40", n)
	}
}

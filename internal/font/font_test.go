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

package font

import (
	"sort"
	"testing"
)

// TestCoverageIsHas checks that what a face's cmap says, read without
// loading the face, is what the loaded face's Has says, for every shipped
// face and every code point of the BMP.
func TestCoverageIsHas(t *testing.T) {
	reg := registry()
	names := make([]string, 0, len(reg.faces))
	for n := range reg.faces {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := readCoverage(n)
		f, err := Get(n)
		if err != nil {
			if c.cmap != nil {
				t.Errorf("%s: coverage read from a face that does not load (%v)", n, err)
			}
			continue
		}
		if c.cmap == nil {
			t.Errorf("%s: no coverage read", n)
			continue
		}
		bad := 0
		for r := rune(0); r < 0x10000; r++ {
			g, ok := c.cmap.Lookup(r)
			got := ok && g != 0 && int(g) < c.n && r < 0xFFFF && !(r >= 0xD800 && r < 0xE000)
			if got != f.Has(r) && bad < 5 {
				bad++
				t.Errorf("%s: %U: coverage %v, Has %v", n, r, got, f.Has(r))
			}
		}
	}
}

// TestFallbackNotLoaded checks that a character only a CJK face draws
// does not load the fallback faces asked before it.
func TestFallbackNotLoaded(t *testing.T) {
	fb := Fallbacks(Serif)
	for _, n := range fb {
		faces.Delete(n)
	}
	defer func() {
		for _, n := range fb {
			MustGet(n)
		}
	}()
	if !Covered('中') {
		t.Fatal("中 is not covered")
	}
	segs := Segment(Serif, "a中")
	if len(segs) != 2 || segs[1].Face != CJKJapanese {
		t.Fatalf("segments %+v", segs)
	}
	for _, n := range fb {
		if _, ok := faces.Load(n); ok && n != Serif {
			t.Errorf("%s was loaded to learn that it lacks 中", n)
		}
	}
	if !Covered('→') {
		t.Fatal("→ is not covered")
	}
	if segs := Segment(Serif, "→"); segs[0].Face == Serif {
		t.Fatalf("→ set in %s, which lacks it", Serif)
	}
}

package font

import (
	"math"
	"sort"
	"testing"

	gtfont "github.com/go-text/typesetting/font"
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

// TestMetricsEveryRune checks Has, Advance, Units and PDFWidth against
// the parsed font for every code point of the BMP, in the book face and
// a CJK face: a code point's metrics are its glyph's, and one the face
// lacks has none.
func TestMetricsEveryRune(t *testing.T) {
	for _, name := range []string{Serif, CJKJapanese} {
		f := MustGet(name)
		ft := gtfont.NewFace(f.OT())
		bad := 0
		for r := rune(0); r < 0x10000 && bad < 5; r++ {
			g, ok := ft.NominalGlyph(r)
			has := ok && g != 0 && int(g) < len(f.code) && r < 0xFFFF && !(r >= 0xD800 && r < 0xE000)
			var units float64
			if has || f.Private(r) {
				units = float64(ft.HorizontalAdvance(g))
			}
			if f.Private(r) {
				units = float64(ft.HorizontalAdvance(gtfont.GID(f.cmap[r])))
			}
			adv := float64(float32(units * 1000 / f.UnitsPerEm()))
			if f.Has(r) != has || f.Units(r) != units || f.Advance(r) != adv || f.PDFWidth(r) != int(math.Round(1000/f.UnitsPerEm()*units)) {
				bad++
				t.Errorf("%s %U: Has %v Units %v Advance %v PDFWidth %v; want %v %v %v", name, r, f.Has(r), f.Units(r), f.Advance(r), f.PDFWidth(r), has, units, adv)
			}
		}
	}
}

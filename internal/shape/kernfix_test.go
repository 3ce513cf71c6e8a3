package shape

import (
	"math"
	"strings"
	"testing"

	"github.com/go-text/typesetting/font/opentype/tables"

	"quire/internal/font"
)

// tablesOf returns the pair-adjustment subtables of each kern lookup of
// the face that Latin text uses.
func tablesOf(fc *font.Face) [][]tables.PairPos {
	ot := fc.OT()
	var out [][]tables.PairPos
	for _, li := range lookupsOf(&ot.GPOS.Layout, []string{"kern"}) {
		var pairs []tables.PairPos
		for _, st := range ot.GPOS.Lookups[li].Subtables {
			if ext, ok := st.(tables.ExtensionPos); ok {
				st, _ = ext.Resolve()
			}
			if pp, ok := st.(tables.PairPos); ok {
				pairs = append(pairs, pp)
			}
		}
		out = append(out, pairs)
	}
	return out
}

// TestQuoteKerning checks the pairs go-text v0.3.5 leaves unkerned
// (kernfix.go) against Noto Serif's GPOS as C HarfBuzz and XeTeX apply it
// (hb-shape: quoteright s −50, quotedblleft A −70, quoteright a −30,
// quotedblright A −100, in thousandths of an em).
func TestQuoteKerning(t *testing.T) {
	for _, c := range []struct {
		pair string
		kern float64
	}{{"’s", -50}, {"“A", -70}, {"’a", -30}, {"”A", -100}, {"‘A", -70}, {"AV", -80}} {
		for _, f := range []Features{0, noFast} {
			k := Shape(font.Serif, c.pair, f).Width - Shape(font.Serif, c.pair, f|NoKerning).Width
			if math.Abs(k-c.kern) > 0.01 {
				t.Errorf("%s (features %v): kerned by %.1f/1000 em, want %v", c.pair, f, k, c.kern)
			}
		}
	}
	plain := Shape(font.Serif, "Japan’s", NoKerning).Width
	if got := Shape(font.Serif, "Japan’s", 0).Width; math.Abs(got-(plain-50)) > 0.01 {
		t.Errorf("Japan’s = %.1f, want its advances %.1f less 50", got, plain)
	}
}

// TestKerningFollowsPairTables shapes every pair of Latin letters and
// punctuation with HarfBuzz in each shipped Latin face and checks that
// the kerning applied is what the face's kern lookups give the pair
// (the first subtable that matches, as the OpenType spec and C HarfBuzz
// apply them).
func TestKerningFollowsPairTables(t *testing.T) {
	chars := []rune("AFLPTVWYacdegosy.,;:’‘“”()-–")
	for _, fam := range font.Families() {
		if fam.Fallback || strings.HasPrefix(fam.ID, "cjk") || strings.HasPrefix(fam.ID, "file-") || fam.Kind == "mono" {
			continue
		}
		for _, face := range []string{fam.Face(false, false), fam.Face(true, true)} {
			fc := font.MustGet(face)
			ot := fc.OT()
			k := buildFixer(fc)
			pairTables := tablesOf(fc)
			bad := 0
			for _, a := range chars {
				for _, b := range chars {
					ga, ok1 := ot.NominalGlyph(a)
					gb, ok2 := ot.NominalGlyph(b)
					if !ok1 || !ok2 {
						continue
					}
					want := 0.0
					for _, l := range pairTables {
						v1, v2, matched, _ := pairValue(l, ga, gb)
						if matched {
							want += float64(v1.XAdvance) + float64(v2.XAdvance)
						}
					}
					want *= 1000 / fc.UnitsPerEm()
					s := string([]rune{a, b})
					got := Shape(face, s, noFast).Width - Shape(face, s, noFast|NoKerning).Width
					if math.Abs(got-want) > 0.5 {
						if bad++; bad <= 5 {
							t.Errorf("%s %q: kerned %.1f, the pair tables say %.1f (fixer %v)", face, s, got, want, k != nil)
						}
					}
				}
			}
		}
	}
}

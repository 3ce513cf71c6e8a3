package font

import (
	"io/fs"
	"math"
	"testing"

	"quire/assets"
)

func TestMetrics(t *testing.T) {
	f := MustGet(Serif)
	for _, r := range "aŽЖжΩωōū" {
		if !f.Has(r) {
			t.Errorf("the book face should cover %c", r)
		}
	}
	if f.Has('中') {
		t.Fatalf("the book face should not cover CJK")
	}
	lib := MustGet(Lookup("Liberation Serif").Face(false, false))
	// Times-compatible metrics: 'a' is 444/1000 em, space 250.
	if got := lib.Advance('a'); math.Abs(got-444) > 1 {
		t.Errorf("Liberation: advance a = %v, want 444", got)
	}
	if got := lib.Width("  ", 10); math.Abs(got-5) > 0.01 {
		t.Errorf("Liberation: width of two spaces at 10pt = %v, want 5", got)
	}
	if f.Ascent < 800 || f.Ascent > 1100 || f.Descent < 150 || f.Descent > 300 {
		t.Errorf("odd ascent/descent %v %v", f.Ascent, f.Descent)
	}
	if Fallback(Serif) == "" {
		t.Fatal("no fallback for the serif")
	}
	arrows := false
	for _, n := range Fallbacks(Serif) {
		arrows = arrows || MustGet(n).Has('→')
	}
	if !arrows {
		t.Errorf("no fallback covers arrows")
	}
}

// TestFamilies checks the family files: every face loads, styles map to
// faces of the right weight and slant, each kind has one default, and
// every licence named is shipped.
func TestFamilies(t *testing.T) {
	defaults := map[string]int{}
	for _, fam := range Families() {
		if fam.Default {
			defaults[fam.Kind]++
		}
		for _, b := range []bool{false, true} {
			for _, i := range []bool{false, true} {
				n := fam.Face(b, i)
				f, err := Get(n)
				if err != nil {
					t.Fatalf("%s: %v", fam.ID, err)
				}
				if fam.Has(b, i) && (f.Bold != b || f.Italic != i) {
					t.Errorf("%s: face %s for bold=%v italic=%v is bold=%v italic=%v", fam.ID, n, b, i, f.Bold, f.Italic)
				}
			}
		}
		if _, extra := sources[fam.ID]; extra {
			// A face of its own package (cjk.go), with its licence there.
		} else if lic, ok := cutModule(fam.Licence); !ok {
			if _, err := fs.Stat(assets.FS, "fonts/"+lic); err != nil {
				t.Errorf("%s: licence %s: %v", fam.ID, fam.Licence, err)
			}
		}
		if Lookup(fam.Name) != fam {
			t.Errorf("Lookup(%q) does not find %s", fam.Name, fam.ID)
		}
	}
	for _, k := range []string{"serif", "sans", "mono"} {
		if defaults[k] != 1 {
			t.Errorf("%d default %s families, want 1", defaults[k], k)
		}
	}
	if Variant(Serif, true, true) != SerifBoldItalic || Italic(SerifItalic) != Serif || Bold(SansItalic) != SansBoldItalic || Italic(Mono) != Mono {
		t.Errorf("variants: %s %s %s %s", Variant(Serif, true, true), Italic(SerifItalic), Bold(SansItalic), Italic(Mono))
	}
}

func cutModule(s string) (string, bool) {
	if len(s) > 7 && s[:7] == "module:" {
		return s[7:], true
	}
	return s, false
}

// TestPrivateUse checks that glyphs without a code point (small capitals,
// old-style figures, ligatures) get one in the Private Use Area of the
// bytes that are embedded, and that ordinary characters keep theirs.
func TestPrivateUse(t *testing.T) {
	f := MustGet(Serif)
	if !f.HasFeature("smcp") || !f.HasFeature("onum") {
		t.Fatal("the book face should have small caps and old-style figures")
	}
	pua := 0
	for g := uint32(1); ; g++ {
		c := f.Code(g)
		if c == 0 && int(g) >= len(f.code) {
			break
		}
		if c >= 0xE000 && c <= 0xF8FF {
			pua++
		}
	}
	if pua == 0 {
		t.Fatal("no glyph was given a private-use code point")
	}
	re, err := load("again", f.Data())
	if err != nil {
		t.Fatal(err)
	}
	for g := range f.code {
		if f.code[g] != re.code[g] {
			t.Fatalf("glyph %d: code %U, in the embedded bytes %U", g, f.code[g], re.code[g])
		}
	}
	gid, _ := f.OT().NominalGlyph('a')
	if f.Code(uint32(gid)) != 'a' {
		t.Errorf("a is drawn by %U", f.Code(uint32(gid)))
	}
}

// TestRegisterRefuses checks the errors for files fpdf cannot embed.
func TestRegisterRefuses(t *testing.T) {
	for _, c := range []struct {
		data []byte
		want string
	}{
		{[]byte("OTTO\x00\x0a\x00\x80\x00\x03\x00\x20"), "PostScript (CFF)"},
		{[]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01"), "collection"},
		{[]byte("hello, world, not a font"), "not a TrueType"},
	} {
		_, err := Register("Bad", "serif", map[string][]byte{"regular": c.data})
		if err == nil || !contains(err.Error(), c.want) {
			t.Errorf("Register: %v, want an error with %q", err, c.want)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestRegister(t *testing.T) {
	data, _ := fs.ReadFile(assets.FS, "fonts/noto/NotoSans-Regular.ttf")
	fam, err := Register("My Face", "serif", map[string][]byte{"regular": data})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Register("My Face", "serif", map[string][]byte{"regular": data})
	if again != fam {
		t.Error("registering the same bytes twice made two families")
	}
	n := fam.Face(true, true)
	f := MustGet(n)
	if f.Family != fam || !f.Has('a') {
		t.Errorf("face %s of the registered family: %+v", n, f.Family)
	}
	if fb := Fallbacks(n); len(fb) == 0 || fb[0] != Serif {
		t.Errorf("fallbacks of %s: %v, want the book face first (the family has only a regular face)", n, fb)
	}
	if Lookup("My Face") != nil {
		t.Error("a registered file family is found by name")
	}
}

func BenchmarkLoad(b *testing.B) {
	data, _ := fs.ReadFile(assets.FS, "fonts/noto/NotoSerif-Regular.ttf")
	for i := 0; i < b.N; i++ {
		load("x", data)
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
	for name := range registry().faces {
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

package shape

import (
	"math"
	"strings"
	"testing"

	"quire/internal/font"
)

func liberation(t *testing.T) string {
	fam := font.Lookup("Liberation Serif")
	if fam == nil {
		t.Fatal("Liberation Serif is not shipped")
	}
	return fam.Face(false, false)
}

// TestKerningAVATAR checks that the shaped width of "AVATAR" is its
// unkerned width less the font's kerning: in Liberation Serif's GPOS, A–V
// and V–A are −264/2048 em, A–T −227, T–A −164 and T–o −143.
func TestKerningAVATAR(t *testing.T) {
	face := liberation(t)
	fc := font.MustGet(face)
	plain := 0.0
	for _, r := range "AVATAR" {
		plain += fc.Advance(r)
	}
	if w := Shape(face, "AVATAR", NoKerning).Width; math.Abs(w-plain) > 0.01 {
		t.Fatalf("unkerned AVATAR = %.2f, advances sum to %.2f", w, plain)
	}
	kern := func(pair string) float64 { return Shape(face, pair, 0).Width - Shape(face, pair, NoKerning).Width }
	av := kern("AV")
	if math.Abs(av-(-264.0*1000/2048)) > 0.5 {
		t.Errorf("A–V kerning = %.2f/1000 em, want −264/2048 em (%.2f)", av, -264.0*1000/2048)
	}
	if to := kern("To"); math.Abs(to-(-143.0*1000/2048)) > 0.5 {
		t.Errorf("T–o kerning = %.2f/1000 em, want −143/2048 em", to)
	}
	if at, ta := kern("AT"), kern("TA"); math.Abs(at+227.0*1000/2048) > 0.5 || math.Abs(ta+164.0*1000/2048) > 0.5 {
		t.Errorf("A–T, T–A kerning = %.2f, %.2f/1000 em", at, ta)
	}
	want := plain + kern("AV") + kern("VA") + kern("AT") + kern("TA") + kern("AR")
	got := Shape(face, "AVATAR", 0).Width
	if got >= plain-2*264*1000/2048 {
		t.Errorf("AVATAR = %.2f, not less than unkerned %.2f by A–V and V–A", got, plain)
	}
	if math.Abs(got-want) > 0.01 {
		t.Errorf("AVATAR = %.2f, want the unkerned %.2f plus its pairs' kerning = %.2f", got, plain, want)
	}
	// The book face kerns too.
	if k := Shape(font.Serif, "AV", 0).Width - Shape(font.Serif, "AV", NoKerning).Width; k >= -20 {
		t.Errorf("the book face kerns A–V by %.1f/1000 em", k)
	}
}

func TestLigatures(t *testing.T) {
	s := Shape(font.Serif, "office", 0)
	if len(s.Runs) != 1 {
		t.Fatalf("runs: %+v", s.Runs)
	}
	gs := s.Runs[0].Glyphs
	var lig bool
	for _, g := range gs {
		if g.Text == "ffi" {
			lig = true
			if g.Code != '\uFB03' {
				t.Errorf("ffi drawn by %U, want U+FB03", g.Code)
			}
		}
	}
	if !lig || len(gs) != 4 {
		t.Errorf("office: %+v, want o + ffi + c + e", gs)
	}
	if len(Shape(font.Mono, "office", 0).Runs[0].Glyphs) != 6 {
		t.Error("ligature in a monospace face")
	}
	if len(Shape(font.Serif, "office", NoLigatures).Runs[0].Glyphs) != 6 {
		t.Error("ligature despite NoLigatures")
	}
	// Upto counts the ligature where its cluster starts.
	if u := s.Upto(1); math.Abs(u-float64(gs[0].Adv)) > 1e-6 {
		t.Errorf("Upto(1) = %v, want o's advance %v", u, gs[0].Adv)
	}
	if u := s.Upto(6); math.Abs(u-s.Width) > 1e-6 {
		t.Errorf("Upto(6) = %v, want the width %v", u, s.Width)
	}
}

func TestSmallCapsAndFigures(t *testing.T) {
	sc := Shape(font.Serif, "abc", SmallCaps).Runs[0].Glyphs
	for i, g := range sc {
		if g.Code < 0xE000 || g.Code > 0xF8FF || g.Text != string("abc"[i]) {
			t.Errorf("small cap %d: %+v, want a private-use code reading %q", i, g, "abc"[i])
		}
	}
	os := Shape(font.Serif, "1984", OldStyle).Runs[0].Glyphs
	ln := Shape(font.Serif, "1984", Lining).Runs[0].Glyphs
	for i := range os {
		if os[i].Code == ln[i].Code || ln[i].Code != rune("1984"[i]) || os[i].Text != string("1984"[i]) {
			t.Errorf("figure %d: old-style %+v, lining %+v", i, os[i], ln[i])
		}
	}
}

func TestFallbackRuns(t *testing.T) {
	s := Shape(font.Serif, "a→b", 0)
	if len(s.Runs) != 3 || s.Runs[1].Face == font.Serif {
		t.Fatalf("runs: %+v", s.Runs)
	}
	if s.Runs[2].Starts[0] != 2 {
		t.Errorf("third run starts at rune %d", s.Runs[2].Starts[0])
	}
}

func BenchmarkShapeWord(b *testing.B) {
	words := []string{"typography", "office", "AVATAR", "the", "Knuth–Plass", "paragraph", "hyphenation", "kerning"}
	for i := 0; i < b.N; i++ {
		shape(font.Serif, words[i%len(words)], 0)
	}
}

// TestLongText checks that a long text, shaped in pieces, has the width
// and glyphs of its pieces, across faces.
func TestLongText(t *testing.T) {
	s := strings.Repeat("office a→b ", 40)
	sh := Shape(font.Serif, s, 0)
	want := 40 * (Shape(font.Serif, "office", 0).Width + Shape(font.Serif, "a→b", 0).Width + 2*Shape(font.Serif, " ", 0).Width)
	if math.Abs(sh.Width-want) > 0.01 || sh.N != len([]rune(s)) {
		t.Errorf("width %.2f, want %.2f; %d runes", sh.Width, want, sh.N)
	}
	var b strings.Builder
	n := 0
	for _, r := range sh.Runs {
		b.WriteString(r.S)
		n += len(r.Glyphs)
		if len(r.Glyphs) != len(r.Starts) {
			t.Fatal("glyphs and starts differ in length")
		}
	}
	if b.String() != s || len(sh.Runs) != 1+2*40 {
		t.Errorf("%d runs reading %q", len(sh.Runs), b.String()[:40])
	}
}

// TestPrefixEqualsUpto checks that the one-pass prefix widths equal Upto at
// every rune, for kerned, ligated and fallback text.
func TestPrefixEqualsUpto(t *testing.T) {
	for _, face := range []string{font.Serif, font.Mono, liberation(t)} {
		for _, s := range []string{"AVATAR office", "Tо́ Коминтерн ﬁnd", "[a](<b[a](<b[a](<b"} {
			sh := Shape(face, s, 0)
			p := sh.Prefix()
			if len(p) != sh.N+1 {
				t.Fatalf("%s %q: %d prefixes for %d runes", face, s, len(p), sh.N)
			}
			for k := 0; k <= sh.N; k++ {
				if p[k] != sh.Upto(k) {
					t.Errorf("%s %q: Prefix()[%d] = %v, Upto = %v", face, s, k, p[k], sh.Upto(k))
				}
			}
		}
	}
}
